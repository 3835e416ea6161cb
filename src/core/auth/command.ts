import { auditEntry, type AuditAction } from '../audit/audit-log.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { Access } from './access.js';
import type { Principal } from './principal.js';

/** What a service needs to run commands. */
export interface CommandDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
}

/** What one administrative command works with: its transaction, the caller's access, the time, the audit trail. */
export interface CommandContext {
  tx: Repositories;
  access: Access;
  actor: Principal;
  now: string;
  /** Records what the command did, in its own transaction (SPEC C6 audit log). */
  audit(a: AuditAction): Promise<void>;
  /** Records many actions at once (a bulk command), in a few statements. */
  auditMany(actions: readonly AuditAction[]): Promise<void>;
}

/**
 * One request, one command, one transaction (STYLE habit 11): `fn` checks every permission first
 * through `ctx.access`, then writes; its writes and its audit entries commit together or not at all.
 */
export function runCommand<T>(
  deps: CommandDeps,
  actor: Principal,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now().toISOString();
    const ctx: CommandContext = {
      tx,
      access: new Access(tx, actor),
      actor,
      now,
      audit: (a) => tx.audit.append([auditEntry(deps.ids.newId(), actor, now, a)]),
      auditMany: (as) => tx.audit.append(as.map((a) => auditEntry(deps.ids.newId(), actor, now, a))),
    };
    return fn(ctx);
  });
}

/** A read-only query's access, outside any transaction (reads see committed data). */
export function readAccess(store: Store, actor: Principal): Access {
  return new Access(store.repos, actor);
}

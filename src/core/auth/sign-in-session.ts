import { auditEntry, type AuditAction } from '../audit/audit-log.js';
import type { Clock, Ids, Repositories } from '../ports.js';
import type { SessionClient } from './auth-ports.js';
import { afterSuccess } from './lockout.js';
import type { Principal } from './principal.js';
import type { OpenedSession, SessionService } from './session-service.js';

/** A completed sign-in (SPEC C6): the session it opened. */
export interface SignInComplete {
  next: 'session';
  userId: string;
  opened: OpenedSession;
}

/** What the last step of a sign-in (password, or MFA after it) needs to open the session. */
export interface SignInSessionDeps {
  clock: Clock;
  ids: Ids;
  sessions: SessionService;
}

/** Appends a sign-in event about `who` to the audit log, in `tx` (SPEC C6: every sign-in is recorded). */
export async function recordSignInEvent(
  deps: { clock: Clock; ids: Ids },
  tx: Repositories,
  who: Principal,
  a: Omit<AuditAction, 'targetType' | 'targetId'>,
): Promise<void> {
  const entry = auditEntry(deps.ids.newId(), who, deps.clock.now().toISOString(), {
    ...a,
    targetType: 'user',
    targetId: who.userId,
  });
  await tx.audit.append([entry]);
}

/**
 * The last step of every sign-in, inside its transaction: the failure counters are cleared, the
 * session opens and `auth.sign_in` is recorded with the method that proved the user (one session
 * code path for every method, SPEC C6/C7).
 */
export async function openSignInSession(
  deps: SignInSessionDeps,
  tx: Repositories,
  who: Principal & { userId: string },
  client: SessionClient,
  method: string,
): Promise<SignInComplete> {
  const now = deps.clock.now();
  const cred = await tx.credentials.find(who.tenantId, who.userId);
  if (cred) await tx.credentials.save(afterSuccess(cred, now));
  const opened = await deps.sessions.open(tx, who.tenantId, who.userId, client, method);
  await recordSignInEvent(
    deps,
    tx,
    { ...who, credential: { kind: 'session', id: opened.session.id } },
    {
      action: 'auth.sign_in',
      after: { client, method },
    },
  );
  return { next: 'session', userId: who.userId, opened };
}

import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { Provider } from '../provisioning/provider.js';
import { saveUser } from './deactivation.js';
import { clearFlagIfNoneHeld } from './deprovision-guard.js';
import { LifecycleLog } from './lifecycle-log.js';
import type { HeldDeactivation } from './timer.js';
import { withLifecycle } from './user-state.js';
import { readAccess, runCommand } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';

/** The provider's guard state as an administrator reviews it. */
export interface GuardReview {
  provider: Provider;
  held: HeldDeactivation[];
}

type Decision = 'confirm' | 'reject';

/**
 * An administrator's decision on deactivations held by the mass-deprovision guard:
 * confirm (→ pending, due now: the sweeper deactivates on its next pass, legal holds still apply) or
 * reject (→ cancelled: the users are unblocked unless blocked for another reason). The provider's
 * flag is cleared once none is held.
 */
export class DeprovisionGuardService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** The provider (with its flag) and its held deactivations, oldest first. */
  async review(actor: Principal, providerId: string): Promise<GuardReview> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    const tenantId = actor.tenantId;
    const provider = await this.store.repos.providers.findById(tenantId, providerId);
    if (!provider) throw new DomainError('provider.not_found', { id: providerId });
    return { provider, held: await this.store.repos.timers.heldDeactivations(tenantId, providerId) };
  }

  /** Confirms the held deactivations (all, or those of `userIds`); returns how many. */
  async confirm(actor: Principal, providerId: string, userIds?: readonly string[]): Promise<number> {
    return this.decide(actor, providerId, 'confirm', userIds);
  }

  /** Rejects the held deactivations (all, or those of `userIds`); returns how many. */
  async reject(actor: Principal, providerId: string, userIds?: readonly string[]): Promise<number> {
    return this.decide(actor, providerId, 'reject', userIds);
  }

  private async decide(
    actor: Principal,
    providerId: string,
    decision: Decision,
    userIds?: readonly string[],
  ): Promise<number> {
    const deps = { store: this.store, clock: this.clock, ids: this.ids };
    return runCommand(deps, actor, async ({ tx, access, now, audit }) => {
      access.requireTenantWide('identity_management.manage');
      const tenantId = actor.tenantId;
      if (!(await tx.providers.findById(tenantId, providerId)))
        throw new DomainError('provider.not_found', { id: providerId });
      const only = userIds ? new Set(userIds) : undefined;
      const log = new LifecycleLog(tenantId, providerId, now);
      let count = 0;
      for (const timer of await tx.timers.ofProvider(tenantId, providerId, 'user.deactivate', 'held')) {
        if (only && !only.has(timer.userId)) continue;
        if (await this.decideOne(tx, timer.id, timer.userId, tenantId, decision, log, now)) count += 1;
      }
      await tx.syncLog.append(log.entries);
      await clearFlagIfNoneHeld(tx, tenantId, providerId);
      await audit({
        action: `provider.held_deactivations.${decision}`,
        targetType: 'provider',
        targetId: providerId,
        after: { count, userIds: userIds ?? 'all' },
      });
      return count;
    });
  }

  private async decideOne(
    tx: Repositories,
    timerId: string,
    userId: string,
    tenantId: string,
    decision: Decision,
    log: LifecycleLog,
    now: string,
  ): Promise<boolean> {
    // User first, then its timer: the lock order of every lifecycle change.
    const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
    const moved =
      decision === 'confirm'
        ? await tx.timers.transition(tenantId, timerId, 'held', 'pending', now, now)
        : await tx.timers.transition(tenantId, timerId, 'held', 'cancelled', now);
    if (!moved) return false;
    if (!user || user.deactivationState !== 'held_guard') return true;
    const next = await saveUser(
      tx,
      withLifecycle(user, { deactivationState: decision === 'confirm' ? 'pending' : null }),
      user,
      now,
    );
    log.transition(
      user,
      next,
      decision === 'confirm'
        ? 'Held deactivation confirmed by an administrator: deactivated on the next sweep'
        : "Held deactivation rejected by an administrator: the provider's deactivation is cancelled",
    );
    return true;
  }
}

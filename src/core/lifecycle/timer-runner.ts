import type { User } from '../directory/user.js';
import type { Ids, Repositories, Store } from '../ports.js';
import { deactivateNow, legalHoldsOf, saveUser } from './deactivation.js';
import { LifecycleLog } from './lifecycle-log.js';
import type { DueTimer, Timer } from './timer.js';
import { deactivationTimerOutcome, withLifecycle } from './user-state.js';

/**
 * What happened to a due timer: `done` = it acted; `no_action` = claimed, but there was nothing left
 * to do (the user was re-activated or changed meanwhile — issue 3: no action, no error); `lost` =
 * another transaction or Roster instance claimed or cancelled it first.
 */
export type TimerRunOutcome = 'done' | 'no_action' | 'lost';

/**
 * Runs due lifecycle timers (SPEC C4) for the sweeper in jobs/. Each timer is claimed by a
 * conditional update in the same transaction that performs its action, so it runs exactly once
 * even with several Roster instances on one PostgreSQL.
 */
export class LifecycleTimers {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
  ) {}

  /** Pending timers due at `now`, soonest first (read outside any transaction). */
  async due(now: Date, limit: number): Promise<DueTimer[]> {
    return this.store.repos.timers.due(now.toISOString(), limit);
  }

  /** Claims and runs one due timer in one transaction. */
  async run(ref: DueTimer, at: Date): Promise<TimerRunOutcome> {
    const now = at.toISOString();
    return this.store.transaction(async (tx) => {
      // The user row is locked before the timer row, the order every user change takes (SCIM and
      // admin requests lock the user, then touch its timers): no deadlock between them on PostgreSQL.
      const user = await tx.users.findById(ref.tenantId, ref.userId, { forUpdate: true });
      const timer = await tx.timers.claim(ref.tenantId, ref.id, now);
      if (!timer) return 'lost';
      return timer.kind === 'user.deactivate' ? this.deactivate(tx, timer, user, now) : this.purge(tx, timer, user, now);
    });
  }

  private async deactivate(tx: Repositories, timer: Timer, user: User | undefined, now: string): Promise<TimerRunOutcome> {
    const holds = user ? await legalHoldsOf(tx, user) : [];
    const outcome = deactivationTimerOutcome(user, holds.length > 0);
    if (outcome === 'no_action' || !user) return 'no_action';
    const log = new LifecycleLog(timer.tenantId, timer.providerId, now);
    let next: User;
    if (outcome === 'hold_legal') {
      // SPEC C4: a user on legal hold is never deactivated; blocked instead, deactivated on release.
      next = await saveUser(tx, withLifecycle(user, { deactivationState: 'held_legal' }), user, now);
      log.transition(user, next, `On legal hold (${holds.join(', ')}): blocked instead of deactivated; deactivated when released from the hold`);
    } else {
      next = await saveUser(tx, await deactivateNow({ tx, ids: this.ids, now }, user), user, now);
      log.transition(user, next, 'Deactivation delay elapsed: devices deactivated, archives moved to cold storage');
    }
    await tx.syncLog.append(log.entries);
    return 'done';
  }

  private async purge(tx: Repositories, timer: Timer, user: User | undefined, now: string): Promise<TimerRunOutcome> {
    // A legal hold keeps the data (SPEC C4); releasing the hold schedules the purge again.
    if (!user || (await legalHoldsOf(tx, user)).length > 0) return 'no_action';
    const purged = await tx.archives.purgeDue(timer.tenantId, timer.userId, timer.deviceId, now);
    return purged > 0 ? 'done' : 'no_action';
  }
}

import type { User } from '../directory/user.js';
import type { Ids, Repositories, Store } from '../ports.js';
import { deactivateAllNow, legalHoldsOf, saveUser, saveUsers } from './deactivation.js';
import { LifecycleLog } from './lifecycle-log.js';
import type { DueTimer, Timer } from './timer.js';
import { deactivationTimerOutcome, withLifecycle } from './user-state.js';

/**
 * What happened to a due timer: `done` = it acted; `no_action` = claimed, but there was nothing left
 * to do (the user was re-activated or changed meanwhile: no action, no error); `lost` =
 * another transaction or Roster instance claimed or cancelled it first.
 */
export type TimerRunOutcome = 'done' | 'no_action' | 'lost';

/**
 * A batch's result: the outcome of each timer it settled (by timer id), and the timers it left to
 * `run` one by one — their user or row was held by another transaction, or their user had another
 * timer in the batch. A batch that failed settles none: all of them are left, none was written.
 */
export interface BatchRun {
  outcomes: Map<string, TimerRunOutcome>;
  rest: DueTimer[];
}

const DEACTIVATED = 'Deactivation delay elapsed: devices deactivated, archives moved to cold storage';

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
      return timer.kind === 'user.deactivate'
        ? this.deactivate(tx, timer, user, now)
        : this.purge(tx, timer, user, now);
    });
  }

  /**
   * Claims and runs due timers of ONE tenant in one transaction, in a few statements whatever their
   * number (bench/lifecycle: a commit and a dozen round trips per timer made PostgreSQL sweep ~300/s). Each
   * timer ends exactly as `run` would leave it: the users are locked first, then the timers claimed
   * (the same lock order), both without waiting; what could not be locked is left in `rest`. The
   * batch is all or nothing, so a caller that runs `rest` (and, after a failure, every timer) one
   * by one keeps one failing timer from holding back the others.
   */
  async runBatch(refs: readonly DueTimer[], at: Date): Promise<BatchRun> {
    const tenantId = refs[0]?.tenantId;
    if (tenantId === undefined) return { outcomes: new Map(), rest: [] };
    if (refs.some((r) => r.tenantId !== tenantId)) throw new Error('runBatch: timers of one tenant only');
    const now = at.toISOString();
    // One timer per user: two of one user (a deactivation and a purge) act on the same rows, in order.
    const first = new Map<string, DueTimer>();
    const rest: DueTimer[] = [];
    for (const r of refs) {
      if (first.has(r.userId)) rest.push(r);
      else first.set(r.userId, r);
    }
    const outcomes = new Map<string, TimerRunOutcome>();
    await this.store.transaction(async (tx) => {
      const users = new Map((await tx.users.lockMany(tenantId, [...first.keys()])).map((u) => [u.id, u]));
      const mine = [...first.values()].filter((r) => users.has(r.userId));
      // A user that is held elsewhere, or gone: `run` waits for (or does without) it.
      rest.push(...[...first.values()].filter((r) => !users.has(r.userId)));
      const claimed = await tx.timers.claimMany(
        tenantId,
        mine.map((r) => r.id),
        now,
      );
      const unclaimed = new Set(mine.map((r) => r.id));
      for (const t of claimed) unclaimed.delete(t.id);
      // Not claimed: done or cancelled by someone else (lost), or a row another transaction holds (left to `run`).
      const busy = new Set(unclaimed.size > 0 ? await tx.timers.stillDue(tenantId, [...unclaimed], now) : []);
      for (const r of mine.filter((m) => unclaimed.has(m.id))) {
        if (busy.has(r.id)) rest.push(r);
        else outcomes.set(r.id, 'lost');
      }
      await this.actOnClaimed(tx, claimed, users, now, outcomes);
    });
    return { outcomes, rest };
  }

  /** The actions of claimed timers whose users are locked: deactivations together, purges one by one. */
  private async actOnClaimed(
    tx: Repositories,
    claimed: readonly Timer[],
    users: ReadonlyMap<string, User>,
    now: string,
    outcomes: Map<string, TimerRunOutcome>,
  ): Promise<void> {
    const tenantId = claimed[0]?.tenantId;
    if (tenantId === undefined) return;
    const holds = await tx.legalHolds.activeMattersOfUsers(
      tenantId,
      claimed.map((t) => t.userId),
    );
    const deactivate: { timer: Timer; user: User }[] = [];
    const holdLegal: { timer: Timer; user: User }[] = [];
    for (const timer of claimed) {
      const user = users.get(timer.userId) as User;
      const matters = holds.get(user.id) ?? [];
      if (timer.kind === 'archive.purge') {
        // A legal hold keeps the data (SPEC C4); releasing the hold schedules the purge again.
        const purged = matters.length > 0 ? 0 : await tx.archives.purgeDue(tenantId, timer.userId, timer.deviceId, now);
        outcomes.set(timer.id, purged > 0 ? 'done' : 'no_action');
        continue;
      }
      const outcome = deactivationTimerOutcome(user, matters.length > 0);
      if (outcome === 'no_action') outcomes.set(timer.id, 'no_action');
      else (outcome === 'hold_legal' ? holdLegal : deactivate).push({ timer, user });
    }
    const nexts = await deactivateAllNow(
      { tx, ids: this.ids, now },
      deactivate.map((d) => d.user),
    );
    const changes = [
      ...deactivate.map((d, i) => ({ ...d, next: nexts[i] as User, detail: DEACTIVATED })),
      // SPEC C4: a user on legal hold is never deactivated; blocked instead, deactivated on release.
      ...holdLegal.map((h) => ({
        ...h,
        next: withLifecycle(h.user, { deactivationState: 'held_legal' }),
        detail: onHoldDetail((holds.get(h.user.id) ?? []).map((m) => m.name)),
      })),
    ];
    const written = await saveUsers(
      tx,
      changes.map((c) => ({ next: c.next, current: c.user })),
      now,
    );
    const entries = changes.flatMap((c, i) => {
      const log = new LifecycleLog(tenantId, c.timer.providerId, now);
      log.transition(c.user, written[i] as User, c.detail);
      outcomes.set(c.timer.id, 'done');
      return log.entries;
    });
    await tx.syncLog.append(entries);
  }

  private async deactivate(
    tx: Repositories,
    timer: Timer,
    user: User | undefined,
    now: string,
  ): Promise<TimerRunOutcome> {
    const holds = user ? await legalHoldsOf(tx, user) : [];
    const outcome = deactivationTimerOutcome(user, holds.length > 0);
    if (outcome === 'no_action' || !user) return 'no_action';
    const log = new LifecycleLog(timer.tenantId, timer.providerId, now);
    const next =
      outcome === 'hold_legal'
        ? withLifecycle(user, { deactivationState: 'held_legal' })
        : ((await deactivateAllNow({ tx, ids: this.ids, now }, [user]))[0] as User);
    log.transition(
      user,
      await saveUser(tx, next, user, now),
      outcome === 'hold_legal' ? onHoldDetail(holds) : DEACTIVATED,
    );
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

/** The sync-log detail of a deactivation turned into a block by legal holds (SPEC C4). */
function onHoldDetail(matters: readonly string[]): string {
  return `On legal hold (${matters.join(', ')}): blocked instead of deactivated; deactivated when released from the hold`;
}

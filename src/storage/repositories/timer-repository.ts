import { PostgresAdapter, type Kysely } from 'kysely';
import type { DueTimer, HeldDeactivation, Timer, TimerKind, TimerStatus } from '../../core/lifecycle/timer.js';
import type { TimerRepository } from '../../core/ports.js';
import type { Database, TimersTable } from '../schema.js';
import { chunks } from './chunks.js';
import { preparedQuery } from '../prepared-query.js';

const toTimer = (r: TimersTable): Timer => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind as TimerKind,
  userId: r.user_id,
  providerId: r.provider_id,
  deviceId: r.device_id,
  dueAt: r.due_at,
  status: r.status as TimerStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const OPEN: TimerStatus[] = ['pending', 'held'];

const toRow = (t: Timer): TimersTable => ({
  id: t.id,
  tenant_id: t.tenantId,
  kind: t.kind,
  user_id: t.userId,
  provider_id: t.providerId,
  device_id: t.deviceId,
  due_at: t.dueAt,
  status: t.status,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

const SCHEDULE_COLUMNS = [
  'id',
  'tenant_id',
  'kind',
  'user_id',
  'provider_id',
  'device_id',
  'due_at',
  'status',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof TimersTable)[];

/**
 * One timer, in a transaction that goes on (a provider's deactivation, with its provider locked for
 * the mass-deprovision guard): nothing reads its answer, so on PostgreSQL it goes out with the
 * statements behind it (pg-client.ts) and the lock is not held for its round trip.
 */
const insertTimer = preparedQuery(
  (db: Kysely<Database>, ...vals: (string | null)[]) =>
    db
      .insertInto('timers')
      .values(Object.fromEntries(SCHEDULE_COLUMNS.map((k, i) => [k, vals[i]])) as unknown as TimersTable),
  { resultUnused: true },
);

// Timer rows are ten columns wide: 200 per multi-row insert stays far below SQLite's parameter cap.
const TIMER_CHUNK = 200;

/** Lifecycle timers (SPEC C4): rows with a due time; the sweeper claims each with a conditional update. */
export class KyselyTimerRepository implements TimerRepository {
  private readonly postgres: boolean;

  constructor(private readonly db: Kysely<Database>) {
    this.postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  async schedule(t: Timer): Promise<void> {
    const r = toRow(t);
    await insertTimer(
      this.db,
      this.postgres ? 'postgres' : 'sqlite',
      ...SCHEDULE_COLUMNS.map((k) => r[k] as string | null),
    );
  }

  async scheduleMany(timers: readonly Timer[]): Promise<void> {
    for (const part of chunks(timers, TIMER_CHUNK))
      await this.db.insertInto('timers').values(part.map(toRow)).execute();
  }

  async cancelPending(
    tenantId: string,
    userId: string,
    kind: TimerKind,
    at: string,
    device?: { deviceId: string | null },
  ): Promise<number> {
    let q = this.db
      .updateTable('timers')
      .set({ status: 'cancelled', updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('status', 'in', OPEN);
    if (device)
      q = device.deviceId === null ? q.where('device_id', 'is', null) : q.where('device_id', '=', device.deviceId);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async pendingFor(tenantId: string, userId: string): Promise<Timer[]> {
    const rows = await this.db
      .selectFrom('timers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('status', 'in', OPEN)
      .orderBy('due_at')
      .orderBy('id')
      .execute();
    return rows.map(toTimer);
  }

  // The one query that spans tenants: the sweeper serves them all. Index timers_due (status, due_at).
  async due(now: string, limit: number): Promise<DueTimer[]> {
    const rows = await this.db
      .selectFrom('timers')
      .select(['id', 'tenant_id', 'user_id', 'due_at'])
      .where('status', '=', 'pending')
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, userId: r.user_id, dueAt: r.due_at }));
  }

  // Exactly once (SPEC C4): of two transactions claiming the same row, PostgreSQL makes the second wait
  // for the first and then re-checks `status = 'pending'`, so it updates 0 rows; SQLite has one writer.
  async claim(tenantId: string, id: string, now: string): Promise<Timer | undefined> {
    const r = await this.db
      .updateTable('timers')
      .set({ status: 'done', updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('due_at', '<=', now)
      .returningAll()
      .executeTakeFirst();
    return r ? toTimer(r) : undefined;
  }

  // A batch's claim, in two statements. PostgreSQL: the SELECT locks the batch's rows it can and
  // SKIPS those another transaction holds (they go to the sweeper's per-timer pass, which waits); a
  // locked row reads as last committed, so one claimed or cancelled meanwhile is seen as such and
  // left alone, and none can change before the UPDATE. The SELECT names only ids: with
  // `status = 'pending'` in it, a planner without statistics took timers_due and walked every
  // pending timer per batch (and as an `id in (subquery)` of the UPDATE, once per pending row).
  // SQLite has one writer: the UPDATE's own conditions are the claim.
  async claimMany(tenantId: string, ids: readonly string[], now: string): Promise<Timer[]> {
    const out: Timer[] = [];
    for (const part of chunks(ids, TIMER_CHUNK)) {
      let q = this.db.updateTable('timers').set({ status: 'done', updated_at: now }).where('tenant_id', '=', tenantId);
      if (this.postgres) {
        const locked = await this.db
          .selectFrom('timers')
          .select(['id', 'status', 'due_at'])
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', part)
          .forUpdate()
          .skipLocked()
          .execute();
        const claimable = locked.filter((r) => r.status === 'pending' && r.due_at <= now).map((r) => r.id);
        if (claimable.length === 0) continue;
        // Locked and checked above: nobody can change these rows before the UPDATE.
        q = q.where('id', 'in', claimable);
      } else {
        q = q.where('id', 'in', part).where('status', '=', 'pending').where('due_at', '<=', now);
      }
      const rows = await q.returningAll().execute();
      out.push(...rows.map(toTimer));
    }
    return out;
  }

  async stillDue(tenantId: string, ids: readonly string[], now: string): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks(ids, TIMER_CHUNK)) {
      const rows = await this.db
        .selectFrom('timers')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', part)
        .where('status', '=', 'pending')
        .where('due_at', '<=', now)
        .execute();
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  async cancelPendingOfUsers(
    tenantId: string,
    userIds: readonly string[],
    kind: TimerKind,
    at: string,
  ): Promise<number> {
    let n = 0;
    for (const part of chunks(userIds, TIMER_CHUNK)) {
      const r = await this.db
        .updateTable('timers')
        .set({ status: 'cancelled', updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', part)
        .where('kind', '=', kind)
        .where('status', 'in', OPEN)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  async countProviderDeactivations(tenantId: string, providerId: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('timers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .where('kind', '=', 'user.deactivate')
      .where('created_at', '>=', since)
      .where('status', '!=', 'cancelled')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async ofProvider(tenantId: string, providerId: string, kind: TimerKind, status: TimerStatus): Promise<Timer[]> {
    const rows = await this.db
      .selectFrom('timers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .where('kind', '=', kind)
      .where('status', '=', status)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toTimer);
  }

  async transition(
    tenantId: string,
    id: string,
    from: TimerStatus,
    to: TimerStatus,
    at: string,
    dueAt?: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('timers')
      .set({ status: to, updated_at: at, ...(dueAt !== undefined ? { due_at: dueAt } : {}) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async heldDeactivations(tenantId: string, providerId: string): Promise<HeldDeactivation[]> {
    const rows = await this.db
      .selectFrom('timers as t')
      .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 't.tenant_id').onRef('u.id', '=', 't.user_id'))
      .select(['t.id', 't.user_id', 'u.user_name', 't.created_at'])
      .where('t.tenant_id', '=', tenantId)
      .where('t.provider_id', '=', providerId)
      .where('t.kind', '=', 'user.deactivate')
      .where('t.status', '=', 'held')
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute();
    return rows.map((r) => ({ timerId: r.id, userId: r.user_id, userName: r.user_name, requestedAt: r.created_at }));
  }
}

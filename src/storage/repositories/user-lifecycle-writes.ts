// Lifecycle writes on users (SPEC C4): status, block and deactivation state only, one user or a
// sweep's batch. They touch none of the indexed profile columns, so they write only their own
// columns; and a user who stops being active loses their sessions in the same transaction (SPEC C6).
import type { Kysely } from 'kysely';
import type { User } from '../../core/directory/user.js';
import type { Dialect } from '../db.js';
import type { Database, UsersTable } from '../schema.js';
import { revokeSessionsOfUsers } from './auth-repositories.js';
import { chunks } from './chunks.js';
import { updateUserLifecycle } from './hot-queries.js';
import { toUserRow } from './user-mapper.js';
import { withValues } from './user-values.js';

/** Writes `u`'s lifecycle columns if the stored version is still `expectedVersion`. */
export async function updateLifecycle(
  db: Kysely<Database>,
  dialect: Dialect,
  u: User,
  expectedVersion: number,
): Promise<boolean> {
  const r = toUserRow(u);
  const rows = await updateUserLifecycle(
    db,
    dialect,
    r.status,
    r.admin_blocked,
    r.deactivation_state,
    r.deactivated_at,
    r.version,
    r.updated_at,
    r.tenant_id,
    r.id,
    expectedVersion,
  );
  // SPEC C6: a blocked or deactivated user's sessions end with the change, whoever made it.
  if (rows.length === 1 && u.status !== 'active') await revokeSessionsOfUsers(db, u.tenantId, [u.id], u.updatedAt);
  return rows.length === 1;
}

/**
 * The sweeper's batches: a user another transaction holds is skipped, not waited for, and its
 * timer left to a per-timer pass; never waiting here also means no lock-order deadlock.
 */
export async function lockUsers(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  ids: readonly string[],
): Promise<User[]> {
  const rows: UsersTable[] = [];
  for (const part of chunks(ids)) {
    const q = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', part);
    rows.push(...(await (dialect === 'postgres' ? q.forUpdate().skipLocked() : q).execute()));
  }
  return withValues(db, dialect, tenantId, rows);
}

type LifecycleChange = { user: User; expectedVersion: number };
type ChangeGroup = { row: UsersTable; rows: { id: string; expected: number }[] };

/** The changes grouped by the lifecycle values they write (a sweep deactivates every user alike). */
function groupByWrittenValues(changes: readonly LifecycleChange[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const { user, expectedVersion } of changes) {
    if (user.version !== expectedVersion + 1)
      throw new Error(`updateLifecycleMany: version ${user.version} of user ${user.id} is not ${expectedVersion} + 1`);
    const row = toUserRow(user);
    const key = JSON.stringify([
      row.tenant_id,
      row.status,
      row.admin_blocked,
      row.deactivation_state,
      row.deactivated_at,
      row.updated_at,
    ]);
    const group = groups.get(key) ?? { row, rows: [] };
    group.rows.push({ id: user.id, expected: expectedVersion });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * One UPDATE per distinct set of written values; each row keeps its own optimistic check through
 * an (id = ? and version = ?) disjunct, an index probe each. Returns the ids written.
 */
export async function updateLifecycleMany(
  db: Kysely<Database>,
  changes: readonly LifecycleChange[],
): Promise<string[]> {
  const written: string[] = [];
  for (const { row, rows } of groupByWrittenValues(changes)) {
    for (const part of chunks(rows, 200)) {
      const r = await db
        .updateTable('users')
        .set((eb) => ({
          status: row.status,
          admin_blocked: row.admin_blocked,
          deactivation_state: row.deactivation_state,
          deactivated_at: row.deactivated_at,
          updated_at: row.updated_at,
          version: eb('version', '+', 1),
        }))
        // `id in (…)` gives the planner the primary key even without statistics; alone the OR made it scan the table.
        .where('tenant_id', '=', row.tenant_id)
        .where(
          'id',
          'in',
          part.map((p) => p.id),
        )
        .where((eb) => eb.or(part.map((p) => eb.and([eb('id', '=', p.id), eb('version', '=', p.expected)]))))
        .returning('id')
        .execute();
      written.push(...r.map((x) => x.id));
      if (row.status !== 'active')
        await revokeSessionsOfUsers(
          db,
          row.tenant_id,
          r.map((x) => x.id),
          row.updated_at,
        );
    }
  }
  return written;
}

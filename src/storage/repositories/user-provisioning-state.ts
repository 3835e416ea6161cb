// Provisioning state kept on the users row beside the profile (migration 0007): the role-mapping
// state behind "Not in Role Mapping" (SPEC C3) and pending manager references (SPEC C2 beyond).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import type { Database } from '../schema.js';
import { chunks } from './chunks.js';

/** Sets the role-mapping state of `userIds` (no version bump: no SCIM attribute changes). */
export async function setNotInRoleMapping(
  db: Kysely<Database>,
  tenantId: string,
  userIds: readonly string[],
  value: boolean,
): Promise<void> {
  for (const part of chunks(userIds))
    await db
      .updateTable('users')
      .set({ not_in_role_mapping: value ? 1 : 0 })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .execute();
}

/** Clears the role-mapping state of every user of the provider. */
export async function clearNotInRoleMapping(db: Kysely<Database>, tenantId: string, providerId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ not_in_role_mapping: 0 })
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', providerId)
    .where('not_in_role_mapping', '=', 1)
    .execute();
}

/** Up to `limit` visible users of the provider with exactly this externalId, by id. */
export async function findProviderUsersByExternalId(
  db: Kysely<Database>,
  tenantId: string,
  providerId: string,
  externalId: string,
  limit: number,
): Promise<{ id: string; userName: string }[]> {
  // users_external_id (tenant_id, external_id) finds the few candidates; the rest is checked on them.
  const rows = await db
    .selectFrom('users')
    .select(['id', 'user_name'])
    .where('tenant_id', '=', tenantId)
    .where('external_id', '=', externalId)
    .where('provider_id', '=', providerId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, userName: r.user_name }));
}

// Run for every created user that has an externalId (SCIM POST /Users): prepared once (prepared-query.ts).
// One probe of the partial index users_pending_manager (tenant_id, provider_id, pending_manager).
const linkPending = preparedQuery(
  (db: Kysely<Database>, managerId: string, at: string, tenantId: string, providerId: string, externalId: string) =>
    db
      .updateTable('users')
      .set((eb) => ({ manager_id: managerId, pending_manager: null, updated_at: at, version: eb('version', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .where('pending_manager', '=', externalId)
      .where('removed_at', 'is', null)
      .where('id', '<>', managerId)
      .returning(['id', 'user_name']),
);

/** Links the provider's users waiting for `externalId` to `managerId`; returns them. */
export async function linkPendingManager(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  providerId: string,
  externalId: string,
  managerId: string,
  at: string,
): Promise<{ id: string; userName: string }[]> {
  const rows = await linkPending(db, dialect, managerId, at, tenantId, providerId, externalId);
  return rows.map((r) => ({ id: r.id, userName: r.user_name }));
}

// pg_advisory_xact_lock, prepared once like the other statements of POST /Users. Its result is
// nothing: the statements after it go out behind it and run once the server has granted the lock.
const advisoryLock = preparedQuery(
  (db: Kysely<Database>, key: string) =>
    db.selectNoFrom(sql<string>`pg_advisory_xact_lock(hashtextextended(${key}, 0))`.as('locked')),
  { resultUnused: true },
);

/**
 * Waits for, then holds until commit, the (tenant, provider, externalId) lock (PostgreSQL only).
 * `held` lists the keys the transaction of `db` already holds: taking one again would return at
 * once, so it is skipped (a transaction-scoped lock is only released at commit or rollback).
 */
export async function lockExternalId(
  db: Kysely<Database>,
  dialect: Dialect,
  held: Set<string>,
  tenantId: string,
  providerId: string,
  externalId: string,
): Promise<void> {
  // SQLite runs one writer at a time: nothing to wait for. PostgreSQL: a transaction-scoped
  // advisory lock on the (tenant, provider, externalId) triple; the 64-bit hash of its text
  // may collide, which only makes two unrelated requests wait for each other.
  if (dialect !== 'postgres') return;
  const key = JSON.stringify([tenantId, providerId, externalId]);
  // Outside a transaction the lock ends with its statement, so nothing is remembered there.
  if (db.isTransaction && held.has(key)) return;
  await advisoryLock(db, dialect, key);
  if (db.isTransaction) held.add(key);
}

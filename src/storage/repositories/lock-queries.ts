import type { Kysely } from 'kysely';
import { preparedQuery } from '../prepared-query.js';
import type { Database } from '../schema.js';

/**
 * Row locks sent without waiting for their answer (PostgreSQL): each goes out with the statement
 * behind it, whose answer comes after the lock was granted and the locked row read; the row's
 * readers (lockForMembers, lockForGuard) read it then. Rows that others wait for are so held one
 * round trip less.
 */

type Db = Kysely<Database>;

/**
 * PostgreSQL: the group locked for a membership change, sent with the change behind it instead of
 * costing a round trip of its own while the lock is held (pg-client.ts fills its rows in before the
 * next statement answers). FOR UPDATE: it serialises changes of the group, and a one-member change
 * (shareGroupForMember) waits for it before writing any membership, so that neither holds a
 * membership row the other waits for while waiting for the group itself (no deadlock).
 */
export const lockGroupForMembers = preparedQuery(
  (db: Db, tenantId: string, id: string) =>
    db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate(),
  { resultUnused: true },
);

/**
 * PostgreSQL: the group read for a one-member change, sent like lockGroupForMembers. FOR KEY SHARE
 * waits for a change that locked the group FOR UPDATE (lockGroupForMembers, a rename, a delete) and
 * lets other one-member changes through: those wait for each other only at the group's touch, their
 * last write, which the server runs with the log and the COMMIT without waiting for this process.
 */
export const shareGroupForMember = preparedQuery(
  (db: Db, tenantId: string, id: string) =>
    db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forKeyShare(),
  { resultUnused: true },
);

/**
 * PostgreSQL: the provider locked for the mass-deprovision guard, sent with the guard's count behind
 * it (pg-client.ts fills its rows in before the count answers). FOR NO KEY UPDATE serialises the
 * provider's deactivations and waits for a change of its settings (FOR UPDATE) without blocking the
 * key-share checks of rows referring to the provider.
 */
export const lockProviderForGuard = preparedQuery(
  (db: Db, tenantId: string, id: string) =>
    db.selectFrom('providers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forNoKeyUpdate(),
  { resultUnused: true },
);

/** lockProviderForGuard's row as SQLite reads it (one writer at a time: nothing to lock). */
export const providerById = preparedQuery((db: Db, tenantId: string, id: string) =>
  db.selectFrom('providers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);

// The multi-valued attribute rows of users (user_values): read for many users at once, written in
// batches. Shared by the user repository's queries and its writes.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';
import type { Database, UserValuesTable, UsersTable } from '../schema.js';
import type { User } from '../../core/directory/user.js';
import { padded } from '../prepared-query.js';
import { chunks } from './chunks.js';
import { flatten, insertValues, VALUE_COLUMNS, valuesOfUser } from './hot-queries.js';
import { valuesOfUsersIn } from './page-queries.js';
import { toUser } from './user-mapper.js';

/** The value rows of each of `userIds`, in attribute and position order. */
export async function valuesOfUsers(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, UserValuesTable[]>> {
  const out = new Map<string, UserValuesTable[]>();
  if (userIds.length === 1) {
    const id = userIds[0] as string;
    out.set(id, await valuesOfUser(db, dialect, tenantId, id));
    return out;
  }
  for (const part of chunks(userIds)) {
    const list = padded(part);
    for (const r of await valuesOfUsersIn(db, dialect, list.length, tenantId, ...list)) {
      const values = out.get(r.user_id) ?? [];
      values.push(r);
      out.set(r.user_id, values);
    }
  }
  return out;
}

/** Users of `rows` (all of one tenant) with their values, in the order of `rows`. */
export async function withValues(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  rows: readonly UsersTable[],
): Promise<User[]> {
  const values = await valuesOfUsers(
    db,
    dialect,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUser(r, values.get(r.id) ?? []));
}

/** Inserts value rows, 50 to a statement. */
export async function insertUserValues(
  db: Kysely<Database>,
  dialect: Dialect,
  rows: readonly UserValuesTable[],
): Promise<void> {
  for (const part of chunks(rows, 50)) await insertValues(db, dialect, part.length, ...flatten(VALUE_COLUMNS, part));
}

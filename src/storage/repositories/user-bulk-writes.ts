// Many new users at once (a bulk upload, SPEC C6): multi-row statements instead of one round trip
// per row, so a 10,000-line file costs a few hundred statements on PostgreSQL, not tens of thousands.
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { User } from '../../core/directory/user.js';
import type { Dialect } from '../db.js';
import { padded, preparedBySize } from '../prepared-query.js';
import type { Database } from '../schema.js';
import { chunks } from './chunks.js';
import { isUniqueViolation } from './db-errors.js';
import { flatten, insertUsersRows, USER_COLUMNS } from './hot-queries.js';
import { toUserRow, toValueRows } from './user-mapper.js';
import { insertUserValues } from './user-values.js';

// 20 rows × 47 columns stay under SQLite's historical 999 bound parameters.
const USERS_PER_STATEMENT = 20;

const userNamesIn = preparedBySize((db: Kysely<Database>, size: number, tenantId: string, ...names: string[]) =>
  db
    .selectFrom('users')
    .select('user_name_lower')
    .where('tenant_id', '=', tenantId)
    .where('user_name_lower', 'in', names.slice(0, size)),
);

/** Inserts `users` (one tenant) and their value rows; a taken username is user.username_taken. */
export async function insertManyUsers(db: Kysely<Database>, dialect: Dialect, users: readonly User[]): Promise<void> {
  for (const part of chunks(users, USERS_PER_STATEMENT)) {
    try {
      await insertUsersRows(db, dialect, part.length, ...flatten(USER_COLUMNS, part.map(toUserRow)));
    } catch (e) {
      // A row taken since it was checked: which one is unknown without another read, and the
      // whole command rolls back anyway.
      if (isUniqueViolation(e))
        throw new DomainError('user.username_taken', {
          userName: part.map((u) => u.profile.userName).join(', '),
          owner: 'unknown',
          ownerKind: 'another user',
        });
      throw e;
    }
  }
  await insertUserValues(db, dialect, users.flatMap(toValueRows));
}

/** Of `userNamesLower` (lower-cased), those already taken in the tenant. */
export async function takenUserNames(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  userNamesLower: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(userNamesLower)])) {
    const list = padded(part);
    for (const r of await userNamesIn(db, dialect, list.length, tenantId, ...list)) out.add(r.user_name_lower);
  }
  return out;
}

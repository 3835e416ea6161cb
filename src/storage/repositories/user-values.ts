// The multi-valued attribute rows of users (user_values): read for many users at once, written in
// batches. Shared by the user repository's queries and its writes.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';
import type { Database, RoleAssignmentsTable, UserValuesTable, UsersTable } from '../schema.js';
import type { User } from '../../core/directory/user.js';
import type { Organization } from '../../core/directory/organization.js';
import { toOrg } from './directory-repositories.js';
import { padded } from '../prepared-query.js';
import { chunks } from './chunks.js';
import {
  flatten,
  insertUser,
  insertUserAndValues,
  insertRoleAssignments,
  insertValues,
  groupsOfUser,
  rootOrganization,
  ROLE_ASSIGNMENT_COLUMNS,
  USER_COLUMNS,
  userById,
  userByName,
  VALUE_COLUMNS,
  valuesOfUser,
} from './hot-queries.js';
import { valuesOfUsersIn } from './page-queries.js';
import {
  pgRootWithUserByNameForUpdate,
  pgUserById,
  pgUserByIdForUpdate,
  pgUserByName,
  pgUserByNameForUpdate,
  pgUserWithGroupsById,
  pgUserWithGroupsByIdForUpdate,
  pgUserWithGroupsByName,
} from './pg-user-reads.js';
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

/**
 * Inserts a user row, its value rows and its first role assignments: on PostgreSQL in one statement
 * when there are at most 50 of each, as the batched inserts allow, whose answer nobody waits for (a
 * unique violation is then reported by a later statement: user-repository.ts); otherwise the user,
 * then the values, then the roles.
 */
export async function insertUserRow(
  db: Kysely<Database>,
  dialect: Dialect,
  row: UsersTable,
  values: readonly UserValuesTable[],
  roles: readonly RoleAssignmentsTable[],
): Promise<void> {
  const user = flatten(USER_COLUMNS, [row]);
  if (dialect === 'postgres' && values.length <= 50 && roles.length <= 50) {
    const args = [...user, ...flatten(VALUE_COLUMNS, values), ...flatten(ROLE_ASSIGNMENT_COLUMNS, roles)];
    await insertUserAndValues(db, dialect, values.length * 100 + roles.length, ...args);
    return;
  }
  await insertUser(db, dialect, ...user);
  await insertUserValues(db, dialect, values);
  for (const part of chunks(roles, 50))
    await insertRoleAssignments(db, dialect, part.length, ...flatten(ROLE_ASSIGNMENT_COLUMNS, part));
}

/**
 * findUserRow by userName, locked, and when there is no such user the tenant's root organization:
 * on PostgreSQL in one statement (the same user row, read in a sub-select), elsewhere one after the
 * other. `root` is undefined when the user exists, or when the tenant has no root organization.
 */
export async function findUserRowOrRoot(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  userNameLower: string,
): Promise<{ user: User | undefined; root: Organization | undefined }> {
  const [r] = dialect === 'postgres' ? await pgRootWithUserByNameForUpdate(db, dialect, tenantId, userNameLower) : [];
  if (r?.found_user) {
    const { value_rows: values, ...row } = r.found_user;
    return { user: toUser(row, values), root: undefined };
  }
  if (r) return { user: undefined, root: toOrg(r) };
  const found = await findUserRow(db, dialect, tenantId, 'userName', userNameLower, true);
  if (found) return { user: toUser(found.row, await found.values()), root: undefined };
  const [o] = await rootOrganization(db, dialect, tenantId);
  return { user: undefined, root: o && toOrg(o) };
}

/** The user with this id and its groups: on PostgreSQL one statement, elsewhere findUserRow then groupsOfUser. */
export async function findUserWithGroups(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  id: string,
  forUpdate: boolean,
): Promise<{ user: User; groups: { id: string; displayName: string }[] } | undefined> {
  if (dialect === 'postgres') {
    const [r] = await (forUpdate ? pgUserWithGroupsByIdForUpdate : pgUserWithGroupsById)(db, dialect, tenantId, id);
    if (!r) return undefined;
    const { value_rows: values, group_rows: groups, ...row } = r;
    return { user: toUser(row, values), groups: groups.map((g) => ({ id: g.id, displayName: g.display_name })) };
  }
  const found = await findUserRow(db, dialect, tenantId, 'id', id, forUpdate);
  if (!found) return undefined;
  const user = toUser(found.row, await found.values());
  const groups = await groupsOfUser(db, dialect, tenantId, id);
  return { user, groups: groups.map((g) => ({ id: g.id, displayName: g.display_name })) };
}

/** A user row found by findUserRow, and its value rows (already read on PostgreSQL). */
export interface FoundUserRow {
  row: UsersTable;
  values(): Promise<UserValuesTable[]>;
  /** Its groups, when asked for and read in the same statement (PostgreSQL). */
  groups?: { id: string; displayName: string }[];
}

/**
 * The user row with this id or lower-cased userName. PostgreSQL reads its value rows in the same
 * statement; SQLite, where a statement costs no round trip, reads them when asked. `forUpdate`
 * locks the row on PostgreSQL; SQLite serialises writers anyway and has no such clause. `withGroups`
 * (unlocked reads): PostgreSQL reads the user's groups in the same statement too.
 */
export async function findUserRow(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  by: 'id' | 'userName',
  key: string,
  forUpdate: boolean,
  withGroups = false,
): Promise<FoundUserRow | undefined> {
  if (dialect === 'postgres' && withGroups && !forUpdate) {
    const [found] = await (by === 'id' ? pgUserWithGroupsById : pgUserWithGroupsByName)(db, dialect, tenantId, key);
    if (!found) return undefined;
    const { value_rows: values, group_rows: groups, ...row } = found;
    const refs = groups.map((g) => ({ id: g.id, displayName: g.display_name }));
    return { row, values: () => Promise.resolve(values), groups: refs };
  }
  if (dialect === 'postgres') {
    const query =
      by === 'id' ? (forUpdate ? pgUserByIdForUpdate : pgUserById) : forUpdate ? pgUserByNameForUpdate : pgUserByName;
    const [found] = await query(db, dialect, tenantId, key);
    if (!found) return undefined;
    const { value_rows: values, ...row } = found;
    return { row, values: () => Promise.resolve(values) };
  }
  const [row] = await (by === 'id' ? userById : userByName)(db, dialect, tenantId, key);
  return row ? { row, values: () => valuesOfUser(db, dialect, tenantId, row.id) } : undefined;
}

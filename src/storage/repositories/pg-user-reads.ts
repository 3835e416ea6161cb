import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { preparedQuery } from '../prepared-query.js';
import type { Database, UserValuesTable, UsersTable } from '../schema.js';

/**
 * PostgreSQL's reads of one user (hot-queries.ts holds the statements both databases run): each
 * carries what the request needs next as JSON, so that it costs one round trip.
 */

type Db = Kysely<Database>;
// PostgreSQL: a user row carries its value rows as one JSON array (`value_rows`), in the order of
// valuesOfUser, so reading a user is one round trip. Every column of user_values is text or integer,
// which JSON gives back as the same strings and numbers.
type UsersSelect = SelectQueryBuilder<Database, 'users', UsersTable>;
const withValueRows = (q: UsersSelect) =>
  q.select(
    sql<UserValuesTable[]>`(select coalesce(json_agg(v order by v.attr, v.ord), '[]'::json) from user_values as v
      where v.tenant_id = users.tenant_id and v.user_id = users.id)`.as('value_rows'),
  );
const usersWhere = (db: Db, tenantId: string, column: 'id' | 'user_name_lower', key: string): UsersSelect =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where(column, '=', key);

export const pgUserById = preparedQuery((db: Db, tenantId: string, id: string) =>
  withValueRows(usersWhere(db, tenantId, 'id', id)),
);
export const pgUserByIdForUpdate = preparedQuery((db: Db, tenantId: string, id: string) =>
  withValueRows(usersWhere(db, tenantId, 'id', id)).forUpdate(),
);
export const pgUserByName = preparedQuery((db: Db, tenantId: string, userNameLower: string) =>
  withValueRows(usersWhere(db, tenantId, 'user_name_lower', userNameLower)),
);
export const pgUserByNameForUpdate = preparedQuery((db: Db, tenantId: string, userNameLower: string) =>
  withValueRows(usersWhere(db, tenantId, 'user_name_lower', userNameLower)).forUpdate(),
);
// POST /Users reads both before it creates: the tenant's root organization (where a new user lands,
// SPEC C3) with, as JSON, the user row (and its value rows) holding the userName, locked. One round trip.
export const pgRootWithUserByNameForUpdate = preparedQuery((db: Db, tenantId: string, userNameLower: string) =>
  db
    .selectFrom('organizations')
    .selectAll()
    .select((eb) =>
      eb
        .selectFrom(
          withValueRows(usersWhere(db, tenantId, 'user_name_lower', userNameLower))
            .forUpdate()
            .as('u'),
        )
        .select(sql<(UsersTable & { value_rows: UserValuesTable[] }) | null>`row_to_json(u)`.as('found'))
        .as('found_user'),
    )
    .where('tenant_id', '=', tenantId)
    .where('parent_id', 'is', null),
);

// A user with its value rows and, as JSON, its groups (groupsOfUser's rows, in its order): SCIM PATCH,
// PUT and GET of one user need both (RFC 7643 §4.1.2 "groups").
const withGroupRows = (q: UsersSelect) =>
  withValueRows(q).select(
    sql<{ id: string; display_name: string }[]>`(select coalesce(json_agg(json_build_object('id', g.id,
      'display_name', g.display_name) order by g.display_name), '[]'::json) from group_members as gm
      inner join groups as g on g.tenant_id = gm.tenant_id and g.id = gm.group_id
      where gm.tenant_id = users.tenant_id and gm.user_id = users.id)`.as('group_rows'),
  );
export const pgUserWithGroupsById = preparedQuery((db: Db, tenantId: string, id: string) =>
  withGroupRows(usersWhere(db, tenantId, 'id', id)),
);
export const pgUserWithGroupsByName = preparedQuery((db: Db, tenantId: string, userNameLower: string) =>
  withGroupRows(usersWhere(db, tenantId, 'user_name_lower', userNameLower)),
);
export const pgUserWithGroupsByIdForUpdate = preparedQuery((db: Db, tenantId: string, id: string) =>
  withGroupRows(usersWhere(db, tenantId, 'id', id)).forUpdate(),
);

/**
 * POST /Users in place of pgRootWithUserByNameForUpdate, when the create assumes what that read would
 * give (UserRepository.expectNewUserUnderRoot): fails the transaction (roster_unchanged, SQLSTATE
 * RR001) unless `rootId` is still the tenant's root organization with these default roles. Nothing
 * waits for its answer, so the statements behind it go out in the same write.
 */
export const pgExpectRoot = preparedQuery(
  (db: Db, tenantId: string, rootId: string, defaultRoles: string) =>
    db.selectNoFrom(
      sql<boolean>`roster_unchanged(exists(select 1 from organizations where tenant_id = ${tenantId}
        and id = ${rootId} and parent_id is null and default_roles::jsonb = ${defaultRoles}::jsonb))`.as('unchanged'),
    ),
  { resultUnused: true },
);

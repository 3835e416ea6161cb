import { sql, type ExpressionBuilder, type Kysely, type QueryCreator } from 'kysely';
import { preparedBySize, preparedQuery } from '../prepared-query.js';
import type { Database, RoleAssignmentsTable, SyncLogTable, UserValuesTable, UsersTable } from '../schema.js';
import { PROFILE_COLUMNS, VALUE_ROW_COLUMNS } from './user-mapper.js';

/**
 * The statements every provisioning request runs, prepared once (see prepared-query.ts). Dynamic
 * queries (SCIM filters, admin searches) stay ordinary Kysely queries.
 */

const byKey = <K extends string>(keys: readonly K[], vals: readonly unknown[], offset = 0): Record<K, unknown> =>
  Object.fromEntries(keys.map((k, i) => [k, vals[offset + i]])) as Record<K, unknown>;

/** Rows of `size` × `keys`, flattened into the argument list in key order. */
function rowsOf<K extends string>(keys: readonly K[], size: number, vals: readonly unknown[]): Record<K, unknown>[] {
  return Array.from({ length: size }, (_, r) => byKey(keys, vals, r * keys.length));
}

/** Flattens row objects into the argument order `rowsOf` expects. */
export function flatten<T>(keys: readonly (keyof T)[], rows: readonly T[]): unknown[] {
  const out: unknown[] = [];
  for (const row of rows) for (const k of keys) out.push(row[k]);
  return out;
}

// The profile's columns come from the SCIM attribute registry (user-mapper.ts); the rest is Roster's state.
export const USER_COLUMNS: readonly (keyof UsersTable)[] = [
  'id',
  'tenant_id',
  'provider_id',
  'org_id',
  'status',
  'scim_active',
  'manager_id',
  'pending_manager',
  'not_in_role_mapping',
  'removed_at',
  'version',
  'created_at',
  'updated_at',
  ...PROFILE_COLUMNS,
  'email',
  'city',
  'state',
  'country',
  'extra',
  'attributes',
  'password_hash',
  'admin_blocked',
  'deactivation_state',
  'deactivated_at',
];
export const VALUE_COLUMNS: readonly (keyof UserValuesTable)[] = [
  'tenant_id',
  'user_id',
  'attr',
  'ord',
  ...VALUE_ROW_COLUMNS,
];
export const SYNC_LOG_COLUMNS: readonly Exclude<keyof SyncLogTable, 'id'>[] = [
  'tenant_id',
  'provider_id',
  'at',
  'user_id',
  'username',
  'change_type',
  'attribute',
  'old_value',
  'new_value',
  'detail',
  'username_lower',
];
export const ROLE_ASSIGNMENT_COLUMNS: readonly (keyof RoleAssignmentsTable)[] = [
  'tenant_id',
  'user_id',
  'role_id',
  'source',
  'created_at',
];

type Db = Kysely<Database>;

export const insertUser = preparedQuery((db: Db, ...vals: unknown[]) =>
  db.insertInto('users').values(byKey(USER_COLUMNS, vals) as never),
);
export const insertUsersRows = preparedBySize((db: Db, size: number, ...vals: unknown[]) =>
  db.insertInto('users').values(rowsOf(USER_COLUMNS, size, vals) as never),
);
export const insertValues = preparedBySize((db: Db, size: number, ...vals: unknown[]) =>
  db.insertInto('user_values').values(rowsOf(VALUE_COLUMNS, size, vals) as never),
);
// PostgreSQL: a user with its value rows and role assignments in one statement (data-modifying
// WITH); foreign keys to the user row are checked at the end of the statement, when it exists.
// `size` is values × 100 + roles (each at most 50), one template per pair. Nothing reads its answer:
// it goes out with the statements behind it (pg-client.ts), and a unique violation of the user row
// is reported by a later statement (user-repository.ts insert).
export const insertUserAndValues = preparedBySize(
  (db: Db, size: number, ...vals: unknown[]) => {
    const [nValues, nRoles] = [Math.floor(size / 100), size % 100];
    const rolesAt = USER_COLUMNS.length + nValues * VALUE_COLUMNS.length;
    // The WITH names v and r are never referred to, so the builder keeps the plain schema type.
    let q: QueryCreator<Database> = db;
    if (nValues > 0)
      q = q.with('v', (d) =>
        d.insertInto('user_values').values(rowsOf(VALUE_COLUMNS, nValues, vals.slice(USER_COLUMNS.length)) as never),
      ) as unknown as QueryCreator<Database>;
    if (nRoles > 0)
      q = q.with('r', (d) =>
        d
          .insertInto('role_assignments')
          .values(rowsOf(ROLE_ASSIGNMENT_COLUMNS, nRoles, vals.slice(rolesAt)) as never)
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'role_id']).doNothing()),
      ) as unknown as QueryCreator<Database>;
    return q.insertInto('users').values(byKey(USER_COLUMNS, vals) as never);
  },
  { resultUnused: true },
);

/** The arguments of appendLinkingReports after its `size` × SYNC_LOG_COLUMNS entry values. */
export const LINKING_KEYS = [
  'at',
  'tenantId',
  'providerId',
  'externalId',
  'managerId',
  'changeType',
  'attribute',
  'oldValue',
  'newValue',
  'detail',
] as const;

/**
 * PostgreSQL, one statement: links the provider's users waiting for a manager with this externalId
 * to the new manager (linkPendingManager, user-provisioning-state.ts) and appends `size` sync-log
 * entries, then one for each linked user, in that order (UNION ALL, run in order). It returns one
 * row per sync-log row written, which only counts them: nothing waits for its answer, so it goes out
 * with the COMMIT behind it (pg-client.ts). The linking runs on this statement's snapshot, taken
 * after the externalId lock was granted (an earlier statement of the transaction).
 */
export const appendLinkingReports = preparedBySize(
  (db: Db, size: number, ...vals: unknown[]) => {
    const link = byKey(LINKING_KEYS, vals, size * SYNC_LOG_COLUMNS.length);
    const linked = db.with('l', (d) =>
      d
        .updateTable('users')
        .set((eb) => ({
          manager_id: link.managerId as string,
          pending_manager: null,
          updated_at: link.at as string,
          version: eb('version', '+', 1),
        }))
        .where('tenant_id', '=', link.tenantId as string)
        .where('provider_id', '=', link.providerId as string)
        .where('pending_manager', '=', link.externalId as string)
        .where('removed_at', 'is', null)
        .where('id', '<>', link.managerId as string)
        .returning(['id', 'user_name']),
    );
    const reports = (eb: ExpressionBuilder<{ l: { id: string; user_name: string } }, 'l'>) =>
      eb
        .selectFrom('l')
        .select([
          sql<string>`${link.tenantId}`.as('tenant_id'),
          sql<string>`${link.providerId}`.as('provider_id'),
          sql<string>`${link.at}`.as('at'),
          'l.id as user_id',
          'l.user_name as username',
          sql<string>`${link.changeType}`.as('change_type'),
          sql<string>`${link.attribute}`.as('attribute'),
          sql<string>`${link.oldValue}`.as('old_value'),
          sql<string>`${link.newValue}`.as('new_value'),
          sql<string>`${link.detail}`.as('detail'),
          sql<string>`lower(l.user_name)`.as('username_lower'),
        ]);
    return linked
      .insertInto('sync_log')
      .columns([...SYNC_LOG_COLUMNS])
      .expression((eb) => {
        if (size === 0) return reports(eb as never);
        const entries = rowsOf(SYNC_LOG_COLUMNS, size, vals);
        const values = sql`(values ${sql.join(entries.map((r) => sql`(${sql.join(SYNC_LOG_COLUMNS.map((k) => r[k]))})`))})`;
        return eb
          .selectFrom(values.as(sql`e(${sql.join(SYNC_LOG_COLUMNS.map((k) => sql.ref(k)))})` as never) as never)
          .selectAll()
          .unionAll(reports(eb as never) as never) as never;
      })
      .returning(sql<number>`1`.as('n'));
  },
  { resultUnused: true },
);
// Nothing reads what the sync-log insert returns, and it is the last statement of most provisioning
// requests: on PostgreSQL it goes out with the COMMIT behind it (pg-client.ts).
export const insertSyncLog = preparedBySize(
  (db: Db, size: number, ...vals: unknown[]) =>
    db.insertInto('sync_log').values(rowsOf(SYNC_LOG_COLUMNS, size, vals) as never),
  { resultUnused: true },
);
export const insertRoleAssignments = preparedBySize((db: Db, size: number, ...vals: unknown[]) =>
  db
    .insertInto('role_assignments')
    .values(rowsOf(ROLE_ASSIGNMENT_COLUMNS, size, vals) as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'role_id']).doNothing()),
);

export const userByName = preparedQuery((db: Db, tenantId: string, userNameLower: string) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('user_name_lower', '=', userNameLower),
);
export const userByNameForUpdate = preparedQuery((db: Db, tenantId: string, userNameLower: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_name_lower', '=', userNameLower)
    .forUpdate(),
);
export const userById = preparedQuery((db: Db, tenantId: string, id: string) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);
export const userByIdForUpdate = preparedQuery((db: Db, tenantId: string, id: string) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate(),
);
export const updateUserLifecycle = preparedQuery(
  (
    db: Db,
    status: string,
    adminBlocked: number,
    state: string | null,
    deactivatedAt: string | null,
    version: number,
    updatedAt: string,
    tenantId: string,
    id: string,
    expectedVersion: number,
  ) =>
    db
      .updateTable('users')
      .set({
        status,
        admin_blocked: adminBlocked,
        deactivation_state: state,
        deactivated_at: deactivatedAt,
        version,
        updated_at: updatedAt,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returning('id'),
);
export const valuesOfUser = preparedQuery((db: Db, tenantId: string, userId: string) =>
  db
    .selectFrom('user_values')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('attr')
    .orderBy('ord'),
);
export const groupsOfUser = preparedQuery((db: Db, tenantId: string, userId: string) =>
  db
    .selectFrom('group_members as gm')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'gm.tenant_id').onRef('g.id', '=', 'gm.group_id'))
    .select(['gm.user_id', 'g.id', 'g.display_name'])
    .where('gm.tenant_id', '=', tenantId)
    .where('gm.user_id', '=', userId)
    .orderBy('g.display_name'),
);

export const rootOrganization = preparedQuery((db: Db, tenantId: string) =>
  db.selectFrom('organizations').selectAll().where('tenant_id', '=', tenantId).where('parent_id', 'is', null),
);
export const providerWithTenant = preparedQuery((db: Db, id: string) =>
  db
    .selectFrom('providers')
    .innerJoin('tenants', 'tenants.id', 'providers.tenant_id')
    .selectAll('providers')
    .select([
      'tenants.name as tenant_name',
      'tenants.slug as tenant_slug',
      'tenants.require_email_username',
      'tenants.created_at as tenant_created_at',
    ])
    .where('providers.id', '=', id),
);

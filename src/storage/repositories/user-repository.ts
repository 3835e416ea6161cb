import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { Page, PageRequest, UserCollection, UserField } from '../../core/directory/query.js';
import type { User } from '../../core/directory/user.js';
import type { UserRepository } from '../../core/ports.js';
import type { Dialect } from '../db.js';
import { padded } from '../prepared-query.js';
import type { Database, UserValuesTable, UsersTable } from '../schema.js';
import { isUniqueViolation } from './db-errors.js';
import {
  flatten,
  groupsOfUser,
  insertUser,
  insertValues,
  updateUserLifecycle,
  USER_COLUMNS,
  userById,
  userByIdForUpdate,
  userByName,
  userByNameForUpdate,
  valuesOfUser,
  VALUE_COLUMNS,
} from './hot-queries.js';
import { ListPositions } from './list-positions.js';
import { groupsOfUsersIn, usersIn, valuesOfUsersIn } from './page-queries.js';
import { readPage } from './paging.js';
import { uniqueEquality } from './unique-lookup.js';
import { userPredicateSql, userSortColumn } from './predicate-sql.js';
import { toUser, toUserRow, toValueRows } from './user-mapper.js';
import { chunks } from './chunks.js';
import * as state from './user-provisioning-state.js';
import { revokeSessionsOfUsers } from './auth-repositories.js';

type UserColumns = Omit<UsersTable, 'id' | 'tenant_id' | 'password_hash' | 'created_at' | 'not_in_role_mapping'>;

/**
 * The columns of `row` that differ from the stored `before`, plus version and updated_at. A PATCH
 * of one attribute then rewrites one column and only the indexes on it: SQLite and PostgreSQL
 * maintain every index whose column is SET, changed or not, and those pages were most of what a
 * steady-state commit wrote (bench scim).
 */
function changedColumns(row: UserColumns, before: UsersTable): Partial<UserColumns> {
  const out: Record<string, unknown> = { version: row.version, updated_at: row.updated_at };
  for (const [k, v] of Object.entries(row)) if (v !== before[k as keyof UsersTable]) out[k] = v;
  return out as Partial<UserColumns>;
}

/** Users and their multi-valued attribute rows; every query names the tenant. */
export class KyselyUserRepository implements UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly positions: ListPositions = new ListPositions(),
  ) {}

  async findById(tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<User | undefined> {
    // FOR UPDATE locks the row on PostgreSQL; SQLite serialises writers anyway and has no such clause.
    const query = opts.forUpdate && this.dialect === 'postgres' ? userByIdForUpdate : userById;
    const [row] = await query(this.db, this.dialect, tenantId, id);
    return row ? toUser(row, await valuesOfUser(this.db, this.dialect, tenantId, row.id)) : undefined;
  }

  async findByUserName(
    tenantId: string,
    userName: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<User | undefined> {
    const query = opts.forUpdate && this.dialect === 'postgres' ? userByNameForUpdate : userByName;
    const [row] = await query(this.db, this.dialect, tenantId, userName.toLowerCase());
    return row ? toUser(row, await valuesOfUser(this.db, this.dialect, tenantId, row.id)) : undefined;
  }

  async insert(u: User): Promise<void> {
    try {
      await insertUser(this.db, this.dialect, ...flatten(USER_COLUMNS, [toUserRow(u)]));
    } catch (e) {
      if (isUniqueViolation(e))
        throw new DomainError('user.username_taken', {
          userName: u.profile.userName,
          owner: 'unknown',
          ownerKind: 'another user',
        });
      throw e;
    }
    await this.insertValues(toValueRows(u));
  }

  async update(u: User, expectedVersion: number, previous?: User): Promise<boolean> {
    // not_in_role_mapping is role-mapping state, written only by setNotInRoleMapping.
    const { id, tenant_id, password_hash, created_at, not_in_role_mapping, ...row } = toUserRow(u);
    void password_hash;
    void created_at;
    void not_in_role_mapping;
    let res;
    try {
      res = await this.db
        .updateTable('users')
        .set(previous && previous !== u ? changedColumns(row, toUserRow(previous)) : row)
        .where('tenant_id', '=', tenant_id)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
    } catch (e) {
      if (isUniqueViolation(e))
        throw new DomainError('user.username_taken', {
          userName: u.profile.userName,
          owner: 'unknown',
          ownerKind: 'another user',
        });
      throw e;
    }
    if (Number(res.numUpdatedRows) !== 1) return false;
    if (u.status !== 'active') await revokeSessionsOfUsers(this.db, tenant_id, [id], u.updatedAt);
    // A user's own values are few: rewriting them is O(that user), never O(directory); and most
    // PATCHes (title, active) do not touch them at all.
    const rows = toValueRows(u);
    if (previous && JSON.stringify(toValueRows(previous)) === JSON.stringify(rows)) return true;
    await this.db.deleteFrom('user_values').where('tenant_id', '=', tenant_id).where('user_id', '=', id).execute();
    await this.insertValues(rows);
    return true;
  }

  // A lifecycle change touches none of the indexed profile columns: writing only its own columns
  // spares SQLite and PostgreSQL the index maintenance of a whole-row update (sweeps of 10,000 users).
  async updateLifecycle(u: User, expectedVersion: number): Promise<boolean> {
    const r = toUserRow(u);
    const rows = await updateUserLifecycle(
      this.db,
      this.dialect,
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
    if (rows.length === 1 && u.status !== 'active')
      await revokeSessionsOfUsers(this.db, u.tenantId, [u.id], u.updatedAt);
    return rows.length === 1;
  }

  // The sweeper's batches: a user another transaction holds is skipped, not waited for,
  // and its timer left to a per-timer pass; never waiting here also means no lock-order deadlock.
  async lockMany(tenantId: string, ids: readonly string[]): Promise<User[]> {
    const rows: UsersTable[] = [];
    for (const part of chunks(ids)) {
      const q = this.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', part);
      rows.push(...(await (this.dialect === 'postgres' ? q.forUpdate().skipLocked() : q).execute()));
    }
    const values = await this.values(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toUser(r, values.get(r.id) ?? []));
  }

  // One UPDATE per distinct set of written values (a sweep deactivates every user alike); each row
  // keeps its own optimistic check through an (id = ? and version = ?) disjunct, an index probe each.
  async updateLifecycleMany(changes: readonly { user: User; expectedVersion: number }[]): Promise<string[]> {
    const groups = new Map<string, { row: UsersTable; rows: { id: string; expected: number }[] }>();
    for (const { user, expectedVersion } of changes) {
      if (user.version !== expectedVersion + 1)
        throw new Error(
          `updateLifecycleMany: version ${user.version} of user ${user.id} is not ${expectedVersion} + 1`,
        );
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
    const written: string[] = [];
    for (const { row, rows } of groups.values()) {
      for (const part of chunks(rows, 200)) {
        const r = await this.db
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
            this.db,
            row.tenant_id,
            r.map((x) => x.id),
            row.updated_at,
          );
      }
    }
    return written;
  }

  async listForProvider(
    tenantId: string,
    providerId: string,
    page: PageRequest<UserField, UserCollection>,
  ): Promise<Page<User>> {
    // Built only where needed: an IdP's `userName eq` lookup never reaches SQL built from the filter.
    const filtered = () => {
      const q = this.db
        .selectFrom('users')
        .where('users.tenant_id', '=', tenantId)
        .where('users.provider_id', '=', providerId)
        .where('users.removed_at', 'is', null);
      const filter = page.filter;
      return filter ? q.where((eb) => userPredicateSql(eb, filter, this.dialect)) : q;
    };
    const key = uniqueEquality(page.filter, ['userName', 'id'] as const);
    if (key) {
      const [candidate] =
        key.field === 'id'
          ? await userById(this.db, this.dialect, tenantId, key.value)
          : await userByName(this.db, this.dialect, tenantId, key.value.toLowerCase());
      // The provider's own view only (SPEC C1); the rest of the filter, if any, still runs in SQL on that one row.
      let row =
        candidate && candidate.provider_id === providerId && candidate.removed_at === null ? candidate : undefined;
      if (row && !key.alone)
        row = await filtered().selectAll('users').where('users.id', '=', row.id).executeTakeFirst();
      const items =
        row && page.offset === 0 && page.limit > 0
          ? [toUser(row, await valuesOfUser(this.db, this.dialect, tenantId, row.id))]
          : [];
      return { total: row ? 1 : 0, items };
    }
    const base = filtered();
    // RFC 7644 §3.4.2.3: resources without the sortBy value come last ascending, first descending (PostgreSQL's default; SQLite needs saying).
    let ids = base.select('users.id');
    if (page.sort) {
      const dir = page.sort.direction;
      ids = ids.orderBy(userSortColumn(page.sort.field, this.dialect), (ob) =>
        dir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsFirst(),
      );
    }
    // Ties broken by id so that pages are stable whatever startIndex/count (Okta, research §2.4).
    ids = ids.orderBy('users.id');
    // A page that continues where a recent one ended seeks past its last id (list-positions.ts);
    // with a sortBy the key would be (value, id), so those pages skip by OFFSET.
    const scope = page.sort
      ? undefined
      : `users\u0000${tenantId}\u0000${providerId}\u0000${JSON.stringify(page.filter ?? null)}`;
    const after = scope !== undefined && page.offset > 0 ? this.positions.after(scope, page.offset) : undefined;
    const from =
      scope !== undefined && page.offset > 0 && after === undefined
        ? this.positions.nearest(scope, page.offset)
        : undefined;
    const count = async (): Promise<number> =>
      Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const { total, rows } = await readPage(
      page,
      () => (scope === undefined ? count() : this.positions.total(scope, count, after !== undefined)),
      async (limit, offset) => {
        // Ids first: unfiltered they come from users_provider_live alone, so skipped rows are never read.
        // A deep page with no exact position seeks to the nearest one before it and skips the rest.
        const seek = after !== undefined ? after : from?.id;
        const skip = after !== undefined ? 0 : offset - (from?.offset ?? 0);
        const found = await (seek !== undefined ? ids.where('users.id', '>', seek) : ids)
          .offset(skip)
          .limit(limit)
          .execute();
        const last = found[found.length - 1];
        if (scope !== undefined && last) this.positions.remember(scope, offset + found.length, last.id);
        return this.rowsInOrder(
          tenantId,
          found.map((r) => r.id),
        );
      },
    );
    const values = await this.values(
      tenantId,
      rows.map((r) => r.id),
    );
    return { total, items: rows.map((r: UsersTable) => toUser(r, values.get(r.id) ?? [])) };
  }

  /** Full rows of `ids`, in that order. */
  private async rowsInOrder(tenantId: string, ids: readonly string[]): Promise<UsersTable[]> {
    const byId = new Map<string, UsersTable>();
    for (const part of chunks(ids)) {
      const list = padded(part);
      for (const r of await usersIn(this.db, this.dialect, list.length, tenantId, ...list)) byId.set(r.id, r);
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async findProviderUserNames(
    tenantId: string,
    providerId: string,
    ids: readonly string[],
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('users')
        .select(['id', 'user_name'])
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .where('removed_at', 'is', null)
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, r.user_name);
    }
    return out;
  }

  async countByProvider(tenantId: string, providerId: string): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async releaseProviderUsers(tenantId: string, providerId: string, at: string): Promise<number> {
    const r = await this.db
      .updateTable('users')
      .set((eb) => ({ provider_id: null, updated_at: at, version: eb('version', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async countByOrganization(tenantId: string, orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async groupsOf(tenantId: string, userId: string): Promise<{ id: string; displayName: string }[]> {
    return (await this.groupsOfUsers(tenantId, [userId])).get(userId) ?? [];
  }

  async groupsOfUsers(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { id: string; displayName: string }[]>> {
    const out = new Map<string, { id: string; displayName: string }[]>();
    if (userIds.length === 1) {
      const id = userIds[0] as string;
      out.set(
        id,
        (await groupsOfUser(this.db, this.dialect, tenantId, id)).map((r) => ({
          id: r.id,
          displayName: r.display_name,
        })),
      );
      return out;
    }
    for (const part of chunks(userIds)) {
      const list = padded(part);
      for (const r of await groupsOfUsersIn(this.db, this.dialect, list.length, tenantId, ...list)) {
        const groups = out.get(r.user_id) ?? [];
        groups.push({ id: r.id, displayName: r.display_name });
        out.set(r.user_id, groups);
      }
    }
    return out;
  }

  async providerUsersAfter(
    tenantId: string,
    providerId: string,
    afterId: string | null,
    limit: number,
  ): Promise<User[]> {
    let q = this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .where('removed_at', 'is', null);
    if (afterId !== null) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    const values = await this.values(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toUser(r, values.get(r.id) ?? []));
  }

  async moveToOrganization(
    tenantId: string,
    providerId: string,
    userIds: readonly string[],
    orgId: string,
    at: string,
  ): Promise<void> {
    for (const part of chunks(userIds)) {
      // Naming the provider lets SQLite seek users_provider_id (tenant_id, provider_id, id) per id;
      // with tenant_id alone it picks a tenant_id-prefixed index and scans the whole tenant per statement.
      await this.db
        .updateTable('users')
        .set((eb) => ({ org_id: orgId, updated_at: at, version: eb('version', '+', 1) }))
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .where('id', 'in', part)
        .execute();
    }
  }

  setNotInRoleMapping(tenantId: string, userIds: readonly string[], value: boolean): Promise<void> {
    return state.setNotInRoleMapping(this.db, tenantId, userIds, value);
  }

  clearNotInRoleMapping(tenantId: string, providerId: string): Promise<void> {
    return state.clearNotInRoleMapping(this.db, tenantId, providerId);
  }

  findProviderUsersByExternalId(
    tenantId: string,
    providerId: string,
    externalId: string,
    limit: number,
  ): Promise<{ id: string; userName: string }[]> {
    return state.findProviderUsersByExternalId(this.db, tenantId, providerId, externalId, limit);
  }

  linkPendingManager(
    tenantId: string,
    providerId: string,
    externalId: string,
    managerId: string,
    at: string,
  ): Promise<{ id: string; userName: string }[]> {
    return state.linkPendingManager(this.db, this.dialect, tenantId, providerId, externalId, managerId, at);
  }

  lockExternalId(tenantId: string, providerId: string, externalId: string): Promise<void> {
    return state.lockExternalId(this.db, this.dialect, tenantId, providerId, externalId);
  }

  private async values(tenantId: string, userIds: readonly string[]): Promise<Map<string, UserValuesTable[]>> {
    const out = new Map<string, UserValuesTable[]>();
    if (userIds.length === 1) {
      const id = userIds[0] as string;
      out.set(id, await valuesOfUser(this.db, this.dialect, tenantId, id));
      return out;
    }
    for (const part of chunks(userIds)) {
      const list = padded(part);
      for (const r of await valuesOfUsersIn(this.db, this.dialect, list.length, tenantId, ...list)) {
        const values = out.get(r.user_id) ?? [];
        values.push(r);
        out.set(r.user_id, values);
      }
    }
    return out;
  }

  private async insertValues(rows: UserValuesTable[]): Promise<void> {
    for (const part of chunks(rows, 50))
      await insertValues(this.db, this.dialect, part.length, ...flatten(VALUE_COLUMNS, part));
  }
}

import type { Kysely } from 'kysely';
import { DomainError, StaleAssumption } from '../../core/errors.js';
import type { PageRequest, UserCollection, UserField } from '../../core/directory/query.js';
import type { User } from '../../core/directory/user.js';
import type { Organization } from '../../core/directory/organization.js';
import type { InitialRoles, UserPage, UserRepository } from '../../core/ports.js';
import type { Dialect } from '../db.js';
import type { Database, UsersTable } from '../schema.js';
import { isUniqueViolation } from './db-errors.js';
import { isReportedLater } from '../pg-client.js';
import { ListPositions } from './list-positions.js';
import { toUser, toUserRow, toValueRows } from './user-mapper.js';
import * as state from './user-provisioning-state.js';
import * as lifecycle from './user-lifecycle-writes.js';
import { listProviderUsers } from './provider-user-list.js';
import { findUserRow, findUserRowOrRoot, findUserWithGroups, insertUserRow, insertUserValues } from './user-values.js';
import { insertManyUsers, takenUserNames } from './user-bulk-writes.js';
import { pgExpectRoot } from './pg-user-reads.js';
import { revokeSessionsOfUser } from './auth-repositories.js';
import * as q from './user-set-queries.js';

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

  /** The externalId locks this transaction holds (a repository lives for one transaction). */
  private readonly locksHeld = new Set<string>();

  async findById(tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<User | undefined> {
    const found = await findUserRow(this.db, this.dialect, tenantId, 'id', id, opts.forUpdate === true);
    return found ? toUser(found.row, await found.values()) : undefined;
  }

  async findByUserName(
    tenantId: string,
    userName: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<User | undefined> {
    const lower = userName.toLowerCase();
    const found = await findUserRow(this.db, this.dialect, tenantId, 'userName', lower, opts.forUpdate === true);
    return found ? toUser(found.row, await found.values()) : undefined;
  }

  findByIdWithGroups(
    tenantId: string,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<{ user: User; groups: { id: string; displayName: string }[] } | undefined> {
    return findUserWithGroups(this.db, this.dialect, tenantId, id, opts.forUpdate === true);
  }

  findByUserNameOrRoot(tenantId: string, userName: string): Promise<{ user?: User; root?: Organization }> {
    return findUserRowOrRoot(this.db, this.dialect, tenantId, userName.toLowerCase());
  }

  /**
   * PostgreSQL: this transaction assumed, instead of reading, that no user has its user name and that
   * the root organization is unchanged (expectNewUserUnderRoot): a violation of either fails it.
   */
  private assumed = false;

  async expectNewUserUnderRoot(
    tenantId: string,
    userName: string,
    root: Organization,
  ): Promise<{ user?: User; root?: Organization }> {
    // SQLite reads in-process: nothing to save by assuming.
    if (this.dialect !== 'postgres') return this.findByUserNameOrRoot(tenantId, userName);
    await pgExpectRoot(this.db, this.dialect, tenantId, root.id, JSON.stringify(root.defaultRoles));
    this.assumed = true;
    return { root };
  }

  /** The user name of the insert this transaction made, while its outcome may still be reported later. */
  private inserted: string | undefined;

  async insert(u: User, roles?: InitialRoles): Promise<void> {
    const roleRows = (roles?.roleIds ?? []).map((role_id) => ({
      tenant_id: u.tenantId,
      user_id: u.id,
      role_id,
      source: roles?.source ?? '',
      created_at: roles?.at ?? '',
    }));
    this.inserted = u.profile.userName;
    try {
      await insertUserRow(this.db, this.dialect, toUserRow(u), toValueRows(u), roleRows);
    } catch (e) {
      // A fresh id has no value rows yet and role rows skip conflicts: a unique violation is the user row's.
      throw isUniqueViolation(e) ? this.taken() : e;
    }
  }

  /**
   * The failure of this transaction as the caller should see it: on PostgreSQL nothing waits for the
   * user insert's answer, so its unique violation may be reported by a later statement, the COMMIT
   * included (store.ts), and is then still the userName taken.
   */
  failure(e: unknown): unknown {
    const pg = e as { code?: unknown; table?: unknown };
    const insertFailed = isReportedLater(e) && pg.code === '23505' && pg.table === 'users';
    // What expectNewUserUnderRoot assumed was wrong: a user has the name (to revive, or taken), or the
    // root changed. The read decides, so the transaction is run again with it.
    if (this.assumed && (insertFailed || (isReportedLater(e) && pg.code === 'RR001'))) return new StaleAssumption();
    return this.inserted !== undefined && insertFailed ? this.taken() : e;
  }

  private taken(): DomainError {
    return new DomainError('user.username_taken', {
      userName: this.inserted ?? '',
      owner: 'unknown',
      ownerKind: 'another user',
    });
  }

  insertMany(users: readonly User[]): Promise<void> {
    return insertManyUsers(this.db, this.dialect, users);
  }

  takenUserNames(tenantId: string, userNamesLower: readonly string[]): Promise<Set<string>> {
    return takenUserNames(this.db, this.dialect, tenantId, userNamesLower);
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
    if (u.status !== 'active') await revokeSessionsOfUser(this.db, this.dialect, u.updatedAt, tenant_id, id);
    // A user's own values are few: rewriting them is O(that user), never O(directory); and most
    // PATCHes (title, active) do not touch them at all.
    const rows = toValueRows(u);
    if (previous && JSON.stringify(toValueRows(previous)) === JSON.stringify(rows)) return true;
    await this.db.deleteFrom('user_values').where('tenant_id', '=', tenant_id).where('user_id', '=', id).execute();
    await insertUserValues(this.db, this.dialect, rows);
    return true;
  }

  // A lifecycle change touches none of the indexed profile columns: writing only its own columns
  // spares SQLite and PostgreSQL the index maintenance of a whole-row update (sweeps of 10,000 users).
  updateLifecycle(u: User, expectedVersion: number): Promise<boolean> {
    return lifecycle.updateLifecycle(this.db, this.dialect, u, expectedVersion);
  }

  lockMany(tenantId: string, ids: readonly string[]): Promise<User[]> {
    return lifecycle.lockUsers(this.db, this.dialect, tenantId, ids);
  }

  updateLifecycleMany(changes: readonly { user: User; expectedVersion: number }[]): Promise<string[]> {
    return lifecycle.updateLifecycleMany(this.db, changes);
  }

  listForProvider(
    tenantId: string,
    providerId: string,
    page: PageRequest<UserField, UserCollection>,
  ): Promise<UserPage> {
    return listProviderUsers(
      { db: this.db, dialect: this.dialect, positions: this.positions },
      tenantId,
      providerId,
      page,
    );
  }

  findProviderUserNames(tenantId: string, providerId: string, ids: readonly string[]): Promise<Map<string, string>> {
    return q.findProviderUserNames(this.db, tenantId, providerId, ids);
  }

  countByProvider(tenantId: string, providerId: string): Promise<number> {
    return q.countByProvider(this.db, tenantId, providerId);
  }

  releaseProviderUsers(tenantId: string, providerId: string, at: string): Promise<number> {
    return q.releaseProviderUsers(this.db, tenantId, providerId, at);
  }

  countByOrganization(tenantId: string, orgId: string): Promise<number> {
    return q.countByOrganization(this.db, tenantId, orgId);
  }

  async groupsOf(tenantId: string, userId: string): Promise<{ id: string; displayName: string }[]> {
    return (await this.groupsOfUsers(tenantId, [userId])).get(userId) ?? [];
  }

  groupsOfUsers(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { id: string; displayName: string }[]>> {
    return q.groupsOfUsers(this.db, this.dialect, tenantId, userIds);
  }

  providerUsersAfter(tenantId: string, providerId: string, afterId: string | null, limit: number): Promise<User[]> {
    return q.providerUsersAfter(this.db, this.dialect, tenantId, providerId, afterId, limit);
  }

  moveToOrganization(
    tenantId: string,
    providerId: string,
    userIds: readonly string[],
    orgId: string,
    at: string,
  ): Promise<void> {
    return q.moveToOrganization(this.db, tenantId, providerId, userIds, orgId, at);
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
    return state.lockExternalId(this.db, this.dialect, this.locksHeld, tenantId, providerId, externalId);
  }
}

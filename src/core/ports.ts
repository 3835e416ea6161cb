import type { Organization } from './directory/organization.js';
import type { Page, PageRequest, UserCollection, UserField } from './directory/query.js';
import type { RoleDefinition } from './directory/roles-catalogue.js';
import type { Tenant } from './directory/tenant.js';
import type { User } from './directory/user.js';
import type { Provider } from './provisioning/provider.js';
import type { ArchiveRepository, DeviceRepository, LegalHoldRepository, TimerRepository } from './lifecycle-ports.js';
import type { SyncLogRepository } from './sync-log/sync-log-ports.js';
import type { GroupRepository } from './directory/group-ports.js';
import type { AuditRepository } from './audit/audit-log.js';
import type { UserSearchRepository } from './directory/user-search-ports.js';

import type { LocalCredentialRepository, PasswordTokenRepository, SessionRepository } from './auth/auth-ports.js';
import type { MfaRepository } from './auth/mfa-ports.js';
import type { ApiTokenRepository } from './auth/api-token-ports.js';

export type { ArchiveRepository, DeviceRepository, LegalHoldRepository, TimerRepository } from './lifecycle-ports.js';
export type { ApiToken, ApiTokenRepository, ListedApiToken } from './auth/api-token-ports.js';
export type { ReportLinking, SyncLogReader, SyncLogRepository } from './sync-log/sync-log-ports.js';
export type { GroupRepository } from './directory/group-ports.js';
export type {
  UserSearchFilter,
  UserSearchPosition,
  UserSearchRepository,
  UserSummary,
} from './directory/user-search-ports.js';

/** What core needs from the outside world (STYLE layout): storage, time and identifiers. */

/** Time is a port (STYLE habit 7): tests move a fake clock instead of sleeping. */
export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new opaque, unique, URL-safe identifier. */
  newId(): string;
}

export interface TenantRepository {
  findById(id: string): Promise<Tenant | undefined>;
  findFirst(): Promise<Tenant | undefined>;
  findBySlug(slug: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  /** Inserts the tenant; tenant.slug_taken when its slug is in use. */
  insert(t: Tenant): Promise<void>;
  updateSettings(id: string, settings: { requireEmailUsername: boolean }): Promise<void>;
}

export interface OrganizationRepository {
  findById(tenantId: string, id: string): Promise<Organization | undefined>;
  findByName(tenantId: string, name: string): Promise<Organization | undefined>;
  findRoot(tenantId: string): Promise<Organization | undefined>;
  list(tenantId: string): Promise<Organization[]>;
  insert(o: Organization): Promise<void>;
  /**
   * Inserts `o` unless an organization of the same name (case-insensitive) exists, and returns
   * whichever is stored; `created` tells which. Safe against a concurrent insert of the same name:
   * it waits for the other transaction and returns its organization instead of failing.
   */
  insertOrGetByName(o: Organization): Promise<{ org: Organization; created: boolean }>;
  update(o: Organization): Promise<void>;
  /** The number of child organizations. */
  countChildren(tenantId: string, orgId: string): Promise<number>;
  /** Deletes one organization row (callers check it is unreferenced first). */
  delete(tenantId: string, orgId: string): Promise<void>;
}

/** Role assignments a new user starts with: `roleIds` from `source`, made at `at`. */
export interface InitialRoles {
  roleIds: readonly string[];
  source: string;
  at: string;
}

/** A page of users; `groups`: the items' groups, when they were read with them (else read groupsOfUsers). */
export type UserPage = Page<User> & { groups?: Map<string, { id: string; displayName: string }[]> };

export interface UserRepository {
  /** With forUpdate, the row is locked until the transaction ends (PostgreSQL); SQLite serialises writers anyway. */
  findById(tenantId: string, id: string, opts?: { forUpdate?: boolean }): Promise<User | undefined>;
  findByUserName(tenantId: string, userName: string, opts?: { forUpdate?: boolean }): Promise<User | undefined>;
  /** findById, and the user's groups as groupsOf reads them: one round trip on PostgreSQL. */
  findByIdWithGroups(
    tenantId: string,
    id: string,
    opts?: { forUpdate?: boolean },
  ): Promise<{ user: User; groups: { id: string; displayName: string }[] } | undefined>;
  /**
   * findByUserName with forUpdate and, when no such user exists, the tenant's root organization (where
   * a new user lands, SPEC C3): one round trip on PostgreSQL. No root when the user exists.
   */
  findByUserNameOrRoot(tenantId: string, userName: string): Promise<{ user?: User; root?: Organization }>;
  /**
   * findByUserNameOrRoot for a create that expects what an earlier one read: no user of that name,
   * and `root` as the tenant's root. PostgreSQL reads nothing (the create goes out in one write) and
   * the transaction fails with StaleAssumption if either was wrong; SQLite reads.
   */
  expectNewUserUnderRoot(
    tenantId: string,
    userName: string,
    root: Organization,
  ): Promise<{ user?: User; root?: Organization }>;
  /**
   * Inserts a new user, with its first role assignments when `roles` is given (SPEC C3 default roles).
   * A userName already taken fails the transaction with user.username_taken: at once, or (PostgreSQL,
   * where the insert goes out with the statements behind it) from a later statement or the commit.
   */
  insert(u: User, roles?: InitialRoles): Promise<void>;
  /** Inserts many new users of one tenant in a few statements (bulk upload). */
  insertMany(users: readonly User[]): Promise<void>;
  /** Of these lower-cased usernames, those already taken in the tenant. */
  takenUserNames(tenantId: string, userNamesLower: readonly string[]): Promise<Set<string>>;
  /**
   * Writes `u` if the stored version is still `expectedVersion`; false when someone else won.
   * With `previous` (the stored state at `expectedVersion` that `u` was derived from, a different
   * object), only the columns and multi-valued rows that differ are written; given `u` itself, all are.
   */
  update(u: User, expectedVersion: number, previous?: User): Promise<boolean>;
  /** Writes only the lifecycle fields (status and why), version and updatedAt of `u` if the stored version is still `expectedVersion`. */
  updateLifecycle(u: User, expectedVersion: number): Promise<boolean>;
  /**
   * Of `ids`, the users this transaction can lock without waiting, locked until it ends (PostgreSQL:
   * `FOR UPDATE SKIP LOCKED`, so a user another transaction holds is left out, as is one that does
   * not exist); on SQLite, which serialises writers, every existing one. The sweeper's batches.
   */
  lockMany(tenantId: string, ids: readonly string[]): Promise<User[]>;
  /**
   * updateLifecycle for many users of one tenant in a few statements: each `user` (whose version
   * must be `expectedVersion + 1`) is written if its stored version is still `expectedVersion`.
   * Returns the ids written.
   */
  updateLifecycleMany(changes: readonly { user: User; expectedVersion: number }[]): Promise<string[]>;
  /** A page of the provider's visible users (removed ones excluded). */
  listForProvider(
    tenantId: string,
    providerId: string,
    page: PageRequest<UserField, UserCollection>,
  ): Promise<UserPage>;
  /** Of `ids`, those that are visible users of the provider, with their userNames. */
  findProviderUserNames(tenantId: string, providerId: string, ids: readonly string[]): Promise<Map<string, string>>;
  countByProvider(tenantId: string, providerId: string): Promise<number>;
  /** Hands every user of the provider to local management; returns how many. */
  releaseProviderUsers(tenantId: string, providerId: string, at: string): Promise<number>;
  countByOrganization(tenantId: string, orgId: string): Promise<number>;
  /** Groups (id, displayName) the user belongs to. */
  groupsOf(tenantId: string, userId: string): Promise<{ id: string; displayName: string }[]>;
  /** Groups of several users at once (for list pages). */
  groupsOfUsers(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { id: string; displayName: string }[]>>;
  /** Up to `limit` visible users of the provider ordered by id, after `afterId` when given (keyset; Apply organization and role settings). */
  providerUsersAfter(tenantId: string, providerId: string, afterId: string | null, limit: number): Promise<User[]>;
  /** Records whether each of `userIds` is in no group of the role mapping (SPEC C3); version untouched: no SCIM attribute changes. */
  setNotInRoleMapping(tenantId: string, userIds: readonly string[], value: boolean): Promise<void>;
  /** Clears the "in no group of the role mapping" state of every user of the provider. */
  clearNotInRoleMapping(tenantId: string, providerId: string): Promise<void>;
  /** Up to `limit` visible users of the provider whose externalId is exactly `externalId`, by id. */
  findProviderUsersByExternalId(
    tenantId: string,
    providerId: string,
    externalId: string,
    limit: number,
  ): Promise<{ id: string; userName: string }[]>;
  /**
   * SPEC C2 beyond: the provider's visible users whose pending manager is `externalId` get `managerId`
   * as their manager (pending cleared, version bumped); returns them. An indexed probe, O(users linked).
   */
  linkPendingManager(
    tenantId: string,
    providerId: string,
    externalId: string,
    managerId: string,
    at: string,
  ): Promise<{ id: string; userName: string }[]>;
  /**
   * Serialises, until the transaction ends, the transactions that look up or arrive under this
   * externalId of the provider: a manager named while that user is being created is then either
   * found or seen pending by the creating request (PostgreSQL; SQLite serialises writers anyway).
   */
  lockExternalId(tenantId: string, providerId: string, externalId: string): Promise<void>;
  /** Moves the provider's users `userIds` to `orgId`, bumping each one's version (no other column is written). */
  moveToOrganization(
    tenantId: string,
    providerId: string,
    userIds: readonly string[],
    orgId: string,
    at: string,
  ): Promise<void>;
}

export interface ProviderRepository {
  /** With forUpdate, the row is locked until the transaction ends (PostgreSQL): the guard serialises a provider's deactivations. */
  findById(tenantId: string, id: string, opts?: { forUpdate?: boolean }): Promise<Provider | undefined>;
  /**
   * findById with forUpdate for the mass-deprovision guard, whose next statement is its count: the
   * returned reader gives the provider once that statement has answered (PostgreSQL sends the lock
   * with it, so the lock is held one round trip less). Until then the reader's answer is undefined.
   */
  lockForGuard(tenantId: string, id: string): Promise<() => Provider | undefined>;
  /** A provider with its tenant, in one query: what authenticating a provisioning request needs. */
  findWithTenant(id: string): Promise<{ provider: Provider; tenant: Tenant } | undefined>;
  list(tenantId: string): Promise<Provider[]>;
  insert(p: Provider): Promise<void>;
  update(p: Provider): Promise<void>;
  /** Sets or clears the mass-deprovision flag alone, without rewriting the rest of the row. */
  setFlaggedAt(tenantId: string, id: string, at: string | null): Promise<void>;
  delete(tenantId: string, id: string): Promise<void>;
}

export interface RoleRepository {
  /** Makes the stored catalogue match the code's catalogue (roles are data, SPEC C1). */
  syncCatalogue(roles: readonly RoleDefinition[]): Promise<void>;
  rolesOf(tenantId: string, userId: string): Promise<{ roleId: string; source: string }[]>;
  /** Role assignments of several users at once. */
  rolesOfUsers(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { roleId: string; source: string }[]>>;
  /** Grants many (user, role) pairs at once; existing pairs are left as they are. */
  assignMany(
    tenantId: string,
    grants: readonly { userId: string; roleId: string; source: string }[],
    at: string,
  ): Promise<void>;
  /** Revokes many (user, role) pairs at once, whatever their source. */
  revokeMany(tenantId: string, revokes: readonly { userId: string; roleId: string }[]): Promise<void>;
  assign(tenantId: string, userId: string, roleIds: readonly string[], source: string, at: string): Promise<void>;
  /** Removes the user's assignments of `roleIds`, whatever their source. */
  revoke(tenantId: string, userId: string, roleIds: readonly string[]): Promise<void>;
  /** Replaces every role assignment of the user with `roleIds`, all with `source`. */
  replaceRoles(tenantId: string, userId: string, roleIds: readonly string[], source: string, at: string): Promise<void>;
}

export type { AuditEntry, AuditRecord, AuditRepository, AuditReader } from './audit/audit-log.js';

/** Every repository, bound to one transaction or to the pool. */
export interface Repositories {
  tenants: TenantRepository;
  organizations: OrganizationRepository;
  users: UserRepository;
  groups: GroupRepository;
  providers: ProviderRepository;
  roles: RoleRepository;
  syncLog: SyncLogRepository;
  timers: TimerRepository;
  apiTokens: ApiTokenRepository;
  audit: AuditRepository;
  devices: DeviceRepository;
  archives: ArchiveRepository;
  legalHolds: LegalHoldRepository;
  userSearch: UserSearchRepository;
  /** Sign-in (SPEC C6): local passwords and lockout, one-time password links, sessions. */
  credentials: LocalCredentialRepository;
  passwordTokens: PasswordTokenRepository;
  sessions: SessionRepository;
  /** MFA (SPEC C6): TOTP factors, recovery codes, sign-in challenges. */
  mfa: MfaRepository;
}

/** Runs work atomically: everything written inside `fn` commits together or not at all. */
export interface Store {
  /** Reads outside a transaction (they see committed data only). Every write goes through `transaction`. */
  readonly repos: Repositories;
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * transaction for a unit whose writes nobody waits for and that is safe to run twice (a create that
   * assumed its reads): PostgreSQL may commit several such units together, and runs each again alone
   * if their shared transaction fails. SQLite: transaction (which commits in groups already).
   */
  batched<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

import type { Group, GroupMember } from './directory/group.js';
import type { Organization } from './directory/organization.js';
import type { GroupField, GroupCollection, Page, PageRequest, UserCollection, UserField } from './directory/query.js';
import type { RoleDefinition } from './directory/roles-catalogue.js';
import type { Tenant } from './directory/tenant.js';
import type { User } from './directory/user.js';
import type { Provider } from './provisioning/provider.js';
import type { SyncLogEntry } from './sync-log/sync-log.js';
import type { SyncLogPage, SyncLogPosition, SyncLogQuery, SyncLogRecord } from './sync-log/sync-log-query.js';
import type { DueTimer, HeldDeactivation, Timer, TimerKind, TimerStatus } from './lifecycle/timer.js';
import type { Archive } from './directory/archive.js';
import type { Device } from './directory/device.js';
import type { Custodian, LegalHoldMatter } from './directory/legal-hold.js';

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
  insert(t: Tenant): Promise<void>;
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

export interface UserRepository {
  /** With forUpdate, the row is locked until the transaction ends (PostgreSQL); SQLite serialises writers anyway. */
  findById(tenantId: string, id: string, opts?: { forUpdate?: boolean }): Promise<User | undefined>;
  findByUserName(tenantId: string, userName: string, opts?: { forUpdate?: boolean }): Promise<User | undefined>;
  insert(u: User): Promise<void>;
  /**
   * Writes `u` if the stored version is still `expectedVersion`; false when someone else won.
   * With `previous` (the state `u` was derived from), unchanged multi-valued rows are not rewritten.
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
  listForProvider(tenantId: string, providerId: string, page: PageRequest<UserField, UserCollection>): Promise<Page<User>>;
  /** Of `ids`, those that are visible users of the provider, with their userNames. */
  findProviderUserNames(tenantId: string, providerId: string, ids: readonly string[]): Promise<Map<string, string>>;
  countByProvider(tenantId: string, providerId: string): Promise<number>;
  /** Hands every user of the provider to local management; returns how many. */
  releaseProviderUsers(tenantId: string, providerId: string, at: string): Promise<number>;
  countByOrganization(tenantId: string, orgId: string): Promise<number>;
  /** Groups (id, displayName) the user belongs to. */
  groupsOf(tenantId: string, userId: string): Promise<{ id: string; displayName: string }[]>;
  /** Groups of several users at once (for list pages). */
  groupsOfUsers(tenantId: string, userIds: readonly string[]): Promise<Map<string, { id: string; displayName: string }[]>>;
  /** Up to `limit` visible users of the provider ordered by id, after `afterId` when given (keyset; Apply organization and role settings). */
  providerUsersAfter(tenantId: string, providerId: string, afterId: string | null, limit: number): Promise<User[]>;
  /** Moves the provider's users `userIds` to `orgId`, bumping each one's version (no other column is written). */
  moveToOrganization(tenantId: string, providerId: string, userIds: readonly string[], orgId: string, at: string): Promise<void>;
}

export interface GroupRepository {
  findById(tenantId: string, id: string, opts?: { forUpdate?: boolean }): Promise<Group | undefined>;
  insert(g: Group): Promise<void>;
  update(g: Group, expectedVersion: number): Promise<boolean>;
  /** Bumps version and updated_at only (membership changed): one row, no rewrite of members. */
  touch(tenantId: string, id: string, at: string): Promise<Group | undefined>;
  delete(tenantId: string, id: string): Promise<void>;
  listForProvider(tenantId: string, providerId: string, page: PageRequest<GroupField, GroupCollection>): Promise<Page<Group>>;
  /** Inserts memberships that do not exist yet; returns the user ids actually added. */
  addMembers(tenantId: string, groupId: string, userIds: readonly string[], at: string): Promise<string[]>;
  /** Deletes the given memberships; returns the user ids actually removed. */
  removeMembers(tenantId: string, groupId: string, userIds: readonly string[]): Promise<string[]>;
  members(tenantId: string, groupId: string): Promise<GroupMember[]>;
  /** Members of several groups at once (for list pages). */
  membersOf(tenantId: string, groupIds: readonly string[]): Promise<Map<string, GroupMember[]>>;
}

export interface ProviderRepository {
  /** With forUpdate, the row is locked until the transaction ends (PostgreSQL): the guard serialises a provider's deactivations. */
  findById(tenantId: string, id: string, opts?: { forUpdate?: boolean }): Promise<Provider | undefined>;
  /** A provider with its tenant, in one query: what authenticating a provisioning request needs. */
  findWithTenant(id: string): Promise<{ provider: Provider; tenant: Tenant } | undefined>;
  list(tenantId: string): Promise<Provider[]>;
  insert(p: Provider): Promise<void>;
  update(p: Provider): Promise<void>;
  /** Sets or clears the mass-deprovision flag alone (issue 3 item 2), without rewriting the rest of the row. */
  setFlaggedAt(tenantId: string, id: string, at: string | null): Promise<void>;
  delete(tenantId: string, id: string): Promise<void>;
}

export interface RoleRepository {
  /** Makes the stored catalogue match the code's catalogue (roles are data, SPEC C1). */
  syncCatalogue(roles: readonly RoleDefinition[]): Promise<void>;
  rolesOf(tenantId: string, userId: string): Promise<{ roleId: string; source: string }[]>;
  /** Role assignments of several users at once. */
  rolesOfUsers(tenantId: string, userIds: readonly string[]): Promise<Map<string, { roleId: string; source: string }[]>>;
  /** Grants many (user, role) pairs at once; existing pairs are left as they are. */
  assignMany(tenantId: string, grants: readonly { userId: string; roleId: string; source: string }[], at: string): Promise<void>;
  /** Revokes many (user, role) pairs at once, whatever their source. */
  revokeMany(tenantId: string, revokes: readonly { userId: string; roleId: string }[]): Promise<void>;
  assign(tenantId: string, userId: string, roleIds: readonly string[], source: string, at: string): Promise<void>;
  /** Removes the user's assignments of `roleIds`, whatever their source. */
  revoke(tenantId: string, userId: string, roleIds: readonly string[]): Promise<void>;
  /** Replaces every role assignment of the user with `roleIds`, all with `source`. */
  replaceRoles(tenantId: string, userId: string, roleIds: readonly string[], source: string, at: string): Promise<void>;
}

export interface SyncLogRepository {
  append(entries: readonly SyncLogEntry[]): Promise<void>;
}

/** Reads the sync log by keyset (SPEC C5); every read names the tenant. */
export interface SyncLogReader {
  /** Up to `limit` entries in the query's order, after `after` when given. */
  page(tenantId: string, query: SyncLogQuery, limit: number, after?: SyncLogPosition): Promise<SyncLogPage>;
  /** The whole selection in order, `chunkSize` entries at a time (for streaming exports in constant memory). */
  chunks(tenantId: string, query: SyncLogQuery, chunkSize: number): AsyncIterable<SyncLogRecord[]>;
}

/** Lifecycle timers (SPEC C4): rows with a due time, claimed exactly once by the sweeper. */
export interface TimerRepository {
  schedule(t: Timer): Promise<void>;
  /**
   * Cancels the user's open (pending or held) timers of `kind`; returns how many. With `device`,
   * only those of that device (`deviceId: null` = only the user-wide ones).
   */
  cancelPending(tenantId: string, userId: string, kind: TimerKind, at: string, device?: { deviceId: string | null }): Promise<number>;
  /** The user's open (pending or held) timers, soonest first. */
  pendingFor(tenantId: string, userId: string): Promise<Timer[]>;
  /** Pending timers due at `now`, soonest first, across tenants: the sweeper's scan (read-only). */
  due(now: string, limit: number): Promise<DueTimer[]>;
  /**
   * Claims a due timer: `set status='done' where id=? and status='pending'`. Undefined when another
   * transaction (or instance) claimed or cancelled it first; run inside the transaction that acts on it.
   */
  claim(tenantId: string, id: string, now: string): Promise<Timer | undefined>;
  /**
   * claim for several timers of one tenant in one statement. On PostgreSQL a timer row another
   * transaction holds is skipped (`FOR UPDATE SKIP LOCKED`) instead of waited for; see stillDue.
   */
  claimMany(tenantId: string, ids: readonly string[], now: string): Promise<Timer[]>;
  /** Of `ids`, those still pending and due at `now` (a row another transaction is changing reads as it was before). */
  stillDue(tenantId: string, ids: readonly string[], now: string): Promise<string[]>;
  /** schedule for many timers at once (multi-row inserts). */
  scheduleMany(timers: readonly Timer[]): Promise<void>;
  /** cancelPending (without a device) for several users of one tenant; returns how many. */
  cancelPendingOfUsers(tenantId: string, userIds: readonly string[], kind: TimerKind, at: string): Promise<number>;
  /** Deactivations the provider requested since `since` that were not cancelled (the guard's count). */
  countProviderDeactivations(tenantId: string, providerId: string, since: string): Promise<number>;
  /** The provider's timers of `kind` in `status`, oldest first. */
  ofProvider(tenantId: string, providerId: string, kind: TimerKind, status: TimerStatus): Promise<Timer[]>;
  /** Moves a timer from `from` to `to` (optionally to a new due time); false when it was no longer in `from`. */
  transition(tenantId: string, id: string, from: TimerStatus, to: TimerStatus, at: string, dueAt?: string): Promise<boolean>;
  /** The provider's deactivations held by the guard, with usernames, oldest first. */
  heldDeactivations(tenantId: string, providerId: string): Promise<HeldDeactivation[]>;
}

/** Devices (SPEC C1, C4). */
export interface DeviceRepository {
  insert(d: Device): Promise<void>;
  findById(tenantId: string, id: string): Promise<Device | undefined>;
  listOfUser(tenantId: string, userId: string): Promise<Device[]>;
  update(d: Device): Promise<void>;
  /** Deactivates every device of the user that is not deactivated yet, remembering its status; returns how many. */
  deactivateAllOfUser(tenantId: string, userId: string, at: string): Promise<number>;
  /** deactivateAllOfUser for several users of one tenant in one statement; returns how many devices. */
  deactivateAllOfUsers(tenantId: string, userIds: readonly string[], at: string): Promise<number>;
  /** Gives every device deactivated with its user its remembered status back; returns how many. */
  restoreAllOfUser(tenantId: string, userId: string, at: string): Promise<number>;
}

/** Backup archives (SPEC C1, C4). */
export interface ArchiveRepository {
  insert(a: Archive): Promise<void>;
  listOfUser(tenantId: string, userId: string): Promise<Archive[]>;
  /** Active archives of the user (or of one device) → cold storage until `until`; returns how many. */
  toColdStorage(tenantId: string, userId: string, deviceId: string | null, until: string, at: string): Promise<number>;
  /** Active archives of several users (all their devices) → cold storage until `until`; returns the ids of the users that had some. */
  toColdStorageOfUsers(tenantId: string, userIds: readonly string[], until: string, at: string): Promise<string[]>;
  /** Archives in cold storage of the given devices → active; returns how many. */
  restore(tenantId: string, userId: string, deviceIds: readonly string[], at: string): Promise<number>;
  /** Archives of the user (or of one device) in cold storage until `now` or earlier → purged; returns how many. */
  purgeDue(tenantId: string, userId: string, deviceId: string | null, now: string): Promise<number>;
}

/** Legal-hold matters and their custodians (SPEC C1). */
export interface LegalHoldRepository {
  insertMatter(m: LegalHoldMatter): Promise<void>;
  findMatter(tenantId: string, id: string): Promise<LegalHoldMatter | undefined>;
  listMatters(tenantId: string): Promise<LegalHoldMatter[]>;
  updateMatter(m: LegalHoldMatter): Promise<void>;
  /** False when the user already was a custodian of the matter. */
  addCustodian(c: Custodian): Promise<boolean>;
  /** False when the user was not a custodian of the matter. */
  removeCustodian(tenantId: string, matterId: string, userId: string): Promise<boolean>;
  custodians(tenantId: string, matterId: string): Promise<Custodian[]>;
  /** The active matters the user is a custodian of: non-empty = on legal hold (SPEC C1). */
  activeMattersOf(tenantId: string, userId: string): Promise<LegalHoldMatter[]>;
  /** activeMattersOf for several users at once; users on no hold are absent from the map. */
  activeMattersOfUsers(tenantId: string, userIds: readonly string[]): Promise<Map<string, LegalHoldMatter[]>>;
}

/** A user as the admin API's list shows it (issue 3 item 6). */
export interface UserSummary {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  orgId: string;
  providerId: string | null;
  status: User['status'];
  createdAt: string;
  updatedAt: string;
}

/** Filters of the admin user search; all optional, combined with AND. */
export interface UserSearchFilter {
  /** Username prefix, matched case-insensitively (ASCII). */
  userNamePrefix?: string;
  orgId?: string;
  status?: User['status'];
  /** A provider id, or 'local' for users managed only in Roster. */
  providerId?: string;
}

/** Keyset position: the last row's lower-cased username and id. */
export interface UserSearchPosition {
  userNameLower: string;
  id: string;
}

/** The administrators' user search (issue 3 item 6); every query names the tenant. */
export interface UserSearchRepository {
  /** Up to `limit` users ordered by (lower(userName), id), after `after` when given; `next` is null on the last page. */
  searchUsers(tenantId: string, filter: UserSearchFilter, limit: number, after?: UserSearchPosition): Promise<{ users: UserSummary[]; next: UserSearchPosition | null }>;
}

export interface ApiToken {
  id: string;
  tenantId: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
}

export interface ApiTokenRepository {
  insert(t: ApiToken): Promise<void>;
  findByHash(tokenHash: string): Promise<ApiToken | undefined>;
}

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
  devices: DeviceRepository;
  archives: ArchiveRepository;
  legalHolds: LegalHoldRepository;
  userSearch: UserSearchRepository;
}

/** Runs work atomically: everything written inside `fn` commits together or not at all. */
export interface Store {
  /** Reads outside a transaction (they see committed data only). Every write goes through `transaction`. */
  readonly repos: Repositories;
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

import type { Group, GroupMember } from './directory/group.js';
import type { Organization } from './directory/organization.js';
import type { GroupField, GroupCollection, Page, PageRequest, UserCollection, UserField } from './directory/query.js';
import type { RoleDefinition } from './directory/roles-catalogue.js';
import type { Tenant } from './directory/tenant.js';
import type { User } from './directory/user.js';
import type { Provider } from './provisioning/provider.js';
import type { SyncLogEntry } from './sync-log/sync-log.js';
import type { Timer } from './lifecycle/timer.js';

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
  update(o: Organization): Promise<void>;
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
  findById(tenantId: string, id: string): Promise<Provider | undefined>;
  /** A provider with its tenant, in one query: what authenticating a provisioning request needs. */
  findWithTenant(id: string): Promise<{ provider: Provider; tenant: Tenant } | undefined>;
  list(tenantId: string): Promise<Provider[]>;
  insert(p: Provider): Promise<void>;
  update(p: Provider): Promise<void>;
  delete(tenantId: string, id: string): Promise<void>;
}

export interface RoleRepository {
  /** Makes the stored catalogue match the code's catalogue (roles are data, SPEC C1). */
  syncCatalogue(roles: readonly RoleDefinition[]): Promise<void>;
  rolesOf(tenantId: string, userId: string): Promise<{ roleId: string; source: string }[]>;
  assign(tenantId: string, userId: string, roleIds: readonly string[], source: string, at: string): Promise<void>;
}

export interface SyncLogRepository {
  append(entries: readonly SyncLogEntry[]): Promise<void>;
}

export interface TimerRepository {
  schedule(t: Timer): Promise<void>;
  /** Cancels the user's pending timers of `kind`; returns how many were cancelled. */
  cancelPending(tenantId: string, userId: string, kind: string, at: string): Promise<number>;
  pendingFor(tenantId: string, userId: string): Promise<Timer[]>;
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
}

/** Runs work atomically: everything written inside `fn` commits together or not at all. */
export interface Store {
  /** Reads outside a transaction (they see committed data only). Every write goes through `transaction`. */
  readonly repos: Repositories;
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

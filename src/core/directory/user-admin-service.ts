import { DomainError } from '../errors.js';
import type { Clock, Ids, Store, UserSearchFilter, UserSearchPosition, UserSummary } from '../ports.js';
import { readAccess, runCommand, type CommandDeps } from '../auth/command.js';
import { checkAssignable } from '../auth/assignable-roles.js';
import type { Principal } from '../auth/principal.js';
import { diffRoles } from '../mapping/role-diff.js';
import { findRoleById } from './roles-catalogue.js';
import type { User } from './user.js';

/** A role the user holds and where it came from ('manual', 'default', 'mapping'). */
export interface UserRole {
  roleId: string;
  source: string;
}

/** Organization-mapping methods that decide, on every change, where a provider's user belongs. */
const MAPPED_ORGANIZATION_METHODS: ReadonlySet<string> = new Set(['orgName', 'attribute', 'groups', 'directorySync']);

/**
 * Which of the user's settings their provider's mappings decide (so the console disables those
 * actions and says why): the organization under a mapped method, the roles under group role
 * mapping (all of them) or a directory sync's managed roles (only those).
 */
export interface UserManagedBy {
  providerId: string;
  providerName: string;
  /** The organization-mapping method that places the user, or null when an administrator may move them. */
  organization: string | null;
  /** `groups` (every role) or `managed` (the listed roles), or null when roles are set by hand. */
  roles: { method: 'groups' | 'managed'; roleIds: readonly string[] } | null;
}

/** Page sizes of the admin user list. */
export const USER_PAGE = Object.freeze({ defaultSize: 50, maxSize: 500 });

/**
 * What administrators do to users outside the lifecycle: search, move to an
 * organization, set manual roles. Each command checks the caller's permission over the user first (SPEC C6).
 */
export class UserAdminService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  private get deps(): CommandDeps {
    return { store: this.store, clock: this.clock, ids: this.ids };
  }

  /** A keyset page of the tenant's users, ordered by username (case-insensitive), then id. */
  async search(
    actor: Principal,
    filter: UserSearchFilter,
    limit: number,
    after?: UserSearchPosition,
  ): Promise<{ users: UserSummary[]; next: UserSearchPosition | null }> {
    // Only the users the caller may read (SPEC C6): their scope becomes part of the query.
    const reach = await readAccess(this.store, actor).reach('users.read');
    const scoped: UserSearchFilter = reach.all
      ? filter
      : { ...filter, scope: { orgIds: [...reach.orgIds], userId: reach.selfUserId } };
    return this.store.repos.userSearch.searchUsers(actor.tenantId, scoped, limit, after);
  }

  /** The user's roles with their source (the caller has read the user already). */
  async roles(actor: Principal, userId: string): Promise<UserRole[]> {
    return this.store.repos.roles.rolesOf(actor.tenantId, userId);
  }

  /** What the user's provider decides about them (the caller has read the user already); null for local users. */
  async managedBy(actor: Principal, user: User): Promise<UserManagedBy | null> {
    if (user.providerId === null) return null;
    const provider = await this.store.repos.providers.findById(actor.tenantId, user.providerId);
    if (!provider) return null;
    const roles = provider.roleMapping;
    return {
      providerId: provider.id,
      providerName: provider.name,
      organization: MAPPED_ORGANIZATION_METHODS.has(provider.orgMapping.method) ? provider.orgMapping.method : null,
      roles:
        roles.method === 'groups'
          ? { method: 'groups', roleIds: [] }
          : roles.method === 'managed'
            ? { method: 'managed', roleIds: roles.roleIds }
            : null,
    };
  }

  /**
   * Moves the user to another organization of the tenant. Refused (409) when their provider's
   * organization mapping decides where they belong (orgName, a custom attribute, SCIM groups, or a
   * directory sync's organization script): the next change the provider sends would move them back.
   * Under `single` an administrator may move users on (seeds/002 "Single organization").
   */
  async moveToOrganization(actor: Principal, userId: string, orgId: string): Promise<User> {
    return runCommand(this.deps, actor, async ({ tx, access, audit }) => {
      const tenantId = actor.tenantId;
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId });
      await access.overUser('users.update', user);
      const org = await tx.organizations.findById(tenantId, orgId);
      if (!org) throw new DomainError('organization.not_found', { id: orgId, field: 'orgId' });
      await access.overOrganization('users.update', org.id, 'orgId');
      if (user.orgId === org.id) return user;
      const provider = user.providerId === null ? undefined : await tx.providers.findById(tenantId, user.providerId);
      if (provider && MAPPED_ORGANIZATION_METHODS.has(provider.orgMapping.method)) {
        throw new DomainError('user.organization_managed', {
          id: userId,
          userName: user.profile.userName,
          provider: provider.name,
          method: provider.orgMapping.method,
        });
      }
      const next: User = {
        ...user,
        orgId: org.id,
        version: user.version + 1,
        updatedAt: this.clock.now().toISOString(),
      };
      if (!(await tx.users.update(next, user.version, user))) throw new DomainError('precondition.failed', {});
      await audit({
        action: 'user.move',
        targetType: 'user',
        targetId: userId,
        before: { orgId: user.orgId },
        after: { orgId: org.id },
      });
      return next;
    });
  }

  /**
   * Replaces the user's roles with `roleIds` (manual assignment). Every id must be in the
   * catalogue; an unknown one is refused naming the field. Refused (409) for a user whose roles
   * come from their provider's role mapping, and, for a directory-sync provider
   * with managed roles, when it would add or remove one of those (seeds/002 "Roles that aren't
   * checked here must be manually updated in the administration console": only those can be).
   */
  async setRoles(actor: Principal, userId: string, roleIds: readonly string[]): Promise<UserRole[]> {
    const unique = [...new Set(roleIds)];
    const unknown = unique.filter((id) => findRoleById(id) === undefined);
    if (unknown.length > 0)
      throw new DomainError('input.invalid', {
        field: 'roleIds',
        reason: `not in the roles catalogue: ${unknown.join(', ')}`,
      });
    return runCommand(this.deps, actor, async ({ tx, access, now, audit }) => {
      const tenantId = actor.tenantId;
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId });
      await access.overUser('users.update', user);
      const before = await tx.roles.rolesOf(tenantId, userId);
      const held = before.map((r) => r.roleId);
      // No one hands out more than they hold (SPEC C6): every role added or taken away must be within the caller's own.
      checkAssignable(actor, [...unique.filter((r) => !held.includes(r)), ...held.filter((r) => !unique.includes(r))]);
      const provider = user.providerId === null ? undefined : await tx.providers.findById(tenantId, user.providerId);
      const mapping = provider?.roleMapping;
      if (provider && mapping?.method === 'groups')
        throw new DomainError('user.roles_managed', {
          id: userId,
          userName: user.profile.userName,
          provider: provider.name,
        });
      if (provider && mapping?.method === 'managed') {
        const managed = diffRoles(held, unique, mapping.roleIds);
        const touched = [...managed.add, ...managed.remove];
        if (touched.length > 0)
          throw new DomainError('user.roles_managed', {
            id: userId,
            userName: user.profile.userName,
            provider: provider.name,
            roles: touched.join(', '),
          });
        // Outside the managed roles: `kept` are held and not wanted (revoked), `ignored` wanted and not held (granted).
        await tx.roles.revoke(tenantId, userId, managed.kept);
        await tx.roles.assign(tenantId, userId, managed.ignored, 'manual', now);
      } else {
        await tx.roles.replaceRoles(tenantId, userId, unique, 'manual', now);
      }
      const after = await tx.roles.rolesOf(tenantId, userId);
      await audit({ action: 'user.set_roles', targetType: 'user', targetId: userId, before, after });
      return after;
    });
  }
}

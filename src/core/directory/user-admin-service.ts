import { DomainError } from '../errors.js';
import type { Clock, Store, UserSearchFilter, UserSearchPosition, UserSummary } from '../ports.js';
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

/** Page sizes of the admin user list (issue 3 item 6). */
export const USER_PAGE = Object.freeze({ defaultSize: 50, maxSize: 500 });

/**
 * What administrators do to users outside the lifecycle (issue 3 item 6): search, move to an
 * organization, set manual roles. Callers check the caller's permission first.
 */
export class UserAdminService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** A keyset page of the tenant's users, ordered by username (case-insensitive), then id. */
  async search(
    tenantId: string,
    filter: UserSearchFilter,
    limit: number,
    after?: UserSearchPosition,
  ): Promise<{ users: UserSummary[]; next: UserSearchPosition | null }> {
    return this.store.repos.userSearch.searchUsers(tenantId, filter, limit, after);
  }

  /** The user's roles with their source. */
  async roles(tenantId: string, userId: string): Promise<UserRole[]> {
    return this.store.repos.roles.rolesOf(tenantId, userId);
  }

  /**
   * Moves the user to another organization of the tenant. Refused (409) when their provider's
   * organization mapping decides where they belong (orgName, a custom attribute, SCIM groups, or a
   * directory sync's organization script): the next change the provider sends would move them back.
   * Under `single` an administrator may move users on (seeds/002 "Single organization").
   */
  async moveToOrganization(tenantId: string, userId: string, orgId: string): Promise<User> {
    return this.store.transaction(async (tx) => {
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId });
      const org = await tx.organizations.findById(tenantId, orgId);
      if (!org) throw new DomainError('organization.not_found', { id: orgId, field: 'orgId' });
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
      return next;
    });
  }

  /**
   * Replaces the user's roles with `roleIds` (manual assignment). Every id must be in the
   * catalogue; an unknown one is refused naming the field. Refused (409) for a user whose roles
   * come from their provider's role mapping (issue 3 item 6), and, for a directory-sync provider
   * with managed roles, when it would add or remove one of those (seeds/002 "Roles that aren't
   * checked here must be manually updated in the administration console": only those can be).
   */
  async setRoles(tenantId: string, userId: string, roleIds: readonly string[]): Promise<UserRole[]> {
    const unique = [...new Set(roleIds)];
    const unknown = unique.filter((id) => findRoleById(id) === undefined);
    if (unknown.length > 0)
      throw new DomainError('input.invalid', {
        field: 'roleIds',
        reason: `not in the roles catalogue: ${unknown.join(', ')}`,
      });
    return this.store.transaction(async (tx) => {
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId });
      const provider = user.providerId === null ? undefined : await tx.providers.findById(tenantId, user.providerId);
      const mapping = provider?.roleMapping;
      const now = this.clock.now().toISOString();
      if (provider && mapping?.method === 'groups')
        throw new DomainError('user.roles_managed', {
          id: userId,
          userName: user.profile.userName,
          provider: provider.name,
        });
      if (provider && mapping?.method === 'managed') {
        const held = (await tx.roles.rolesOf(tenantId, userId)).map((r) => r.roleId);
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
      return tx.roles.rolesOf(tenantId, userId);
    });
  }
}

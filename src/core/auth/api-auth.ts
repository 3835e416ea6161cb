import { DomainError } from '../errors.js';
import { findRoleById, type Permission } from '../directory/roles-catalogue.js';
import type { Store } from '../ports.js';
import { hashSecret } from './credentials.js';

/** Who is calling the admin API, with the permissions their roles grant. */
export interface Principal {
  tenantId: string;
  userId: string;
  tokenId: string;
  permissions: ReadonlySet<Permission>;
}

/** Authenticates admin API tokens and checks permissions by role (SPEC C6). */
export class ApiAuth {
  constructor(private readonly store: Store) {}

  /** The principal for a bearer token, or an auth.unauthenticated error. */
  async authenticate(token: string): Promise<Principal> {
    const t = await this.store.repos.apiTokens.findByHash(hashSecret(token));
    if (!t) throw new DomainError('auth.unauthenticated', {});
    const user = await this.store.repos.users.findById(t.tenantId, t.userId);
    // Blocked and deactivated users lose API access with their sign-in (SPEC C6).
    if (!user || user.status !== 'active') throw new DomainError('auth.unauthenticated', {});
    const roles = (await this.store.repos.roles.rolesOf(t.tenantId, t.userId))
      .map((r) => findRoleById(r.roleId))
      .filter((r) => r !== undefined);
    const permissions = new Set<Permission>();
    for (const role of roles) for (const p of role.permissions) permissions.add(p);
    return { tenantId: t.tenantId, userId: t.userId, tokenId: t.id, permissions };
  }

  /** Throws auth.forbidden unless the principal holds `permission`. */
  require(principal: Principal, permission: Permission): void {
    if (!principal.permissions.has(permission)) throw new DomainError('auth.forbidden', { permission });
  }
}

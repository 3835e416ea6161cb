import { findRoleById, type Permission } from '../directory/roles-catalogue.js';
import type { Repositories } from '../ports.js';
import type { Principal } from './api-auth.js';
import type { Session } from './auth-ports.js';

/**
 * The admin API principal of a signed-in session: the same shape an API token gives
 * (`ApiAuth.authenticate`), so every route authorizes sessions and tokens alike (SPEC C6).
 * The one place where a session becomes a Principal.
 */
export async function sessionPrincipal(repos: Repositories, session: Session): Promise<Principal> {
  const permissions = new Set<Permission>();
  for (const r of await repos.roles.rolesOf(session.tenantId, session.userId))
    for (const p of findRoleById(r.roleId)?.permissions ?? []) permissions.add(p);
  return { tenantId: session.tenantId, userId: session.userId, tokenId: session.id, permissions };
}

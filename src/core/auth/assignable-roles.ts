import { findRoleById, type Permission, type RoleScope } from '../directory/roles-catalogue.js';
import { DomainError } from '../errors.js';
import type { Principal } from './principal.js';

// What a role lets its holder do to the end user's own account (and console sign-in): anyone who
// may edit a user's roles may give or take these (an Org Admin gives Desktop User and PROe User).
const SELF_SERVICE: ReadonlySet<Permission> = new Set([
  'console.sign_in',
  'client.backup',
  'client.web_restore',
  'alerts.receive',
  'cli.limited',
]);

const WIDTH: Record<RoleScope, number> = { assigned_user: 0, organization_subtree: 1, all_organizations: 2 };

/**
 * SPEC C6 "never more": a caller may add or remove a role only when they hold each of its
 * administrative permissions at a scope at least as wide as the role's. Otherwise 403 naming the
 * first permission they lack (so an Org Admin cannot make anyone a Customer Cloud Admin). The
 * Customer Cloud Admin, who has "administrative privileges for the Code42 environment" (seeds/002),
 * assigns every role: identity_management.manage over all organizations is theirs alone.
 */
export function checkAssignable(actor: Principal, roleIds: readonly string[]): void {
  const environmentAdmin = actor.grants.some(
    (g) => g.scope === 'all_organizations' && g.permissions.has('identity_management.manage'),
  );
  if (environmentAdmin) return;
  for (const id of roleIds) {
    const role = findRoleById(id);
    if (!role) continue;
    for (const permission of role.permissions) {
      if (SELF_SERVICE.has(permission)) continue;
      const wideEnough = actor.grants.some((g) => g.permissions.has(permission) && WIDTH[g.scope] >= WIDTH[role.scope]);
      if (!wideEnough) throw new DomainError('auth.forbidden', { permission, role: role.id });
    }
  }
}

/** Whether `actor` may give or take role `roleId` (the same rule as checkAssignable, as a yes/no). */
export function mayAssign(actor: Principal, roleId: string): boolean {
  try {
    checkAssignable(actor, [roleId]);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

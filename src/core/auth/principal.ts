import type { Permission, RoleScope } from '../directory/roles-catalogue.js';
import { findRoleById } from '../directory/roles-catalogue.js';
import type { Repositories } from '../ports.js';

/** One role the principal holds: its permissions, valid over its scope (SPEC C1 "Roles"). */
export interface RoleGrant {
  roleId: string;
  scope: RoleScope;
  permissions: ReadonlySet<Permission>;
}

/**
 * How the caller proved who they are; `operator` is the CLI on the server (it holds every permission);
 * `password_link` a one-time set/reset-password link (it grants nothing but setting that password).
 */
export type CredentialKind = 'api_token' | 'session' | 'operator' | 'password_link';

/**
 * Who is calling an admin command (SPEC C6): a user of one tenant with the role grants they hold
 * now, the organization their `organization_subtree` grants start from, and where the call came
 * from (for the audit log). Built per request, never cached across requests.
 */
export interface Principal {
  tenantId: string;
  /** The acting user; null for the operator CLI. */
  userId: string | null;
  /** Their username, as the audit log names them. */
  userName: string | null;
  /** The user's organization: the root of their `organization_subtree` grants. */
  orgId: string | null;
  grants: readonly RoleGrant[];
  credential: { kind: CredentialKind; id: string | null };
  /** The caller's IP address, when the call came over the network. */
  ip: string | null;
}

/** The grants of these catalogue role ids (unknown ids are ignored: the catalogue is the source of truth). */
export function grantsOf(roleIds: readonly string[]): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const id of new Set(roleIds)) {
    const role = findRoleById(id);
    if (role) grants.push({ roleId: role.id, scope: role.scope, permissions: new Set(role.permissions) });
  }
  return grants;
}

/** What a Principal needs of its user, read with the credential that names them (one round trip). */
export interface CredentialUser {
  status: string;
  removedAt: string | null;
  userName: string;
  orgId: string | null;
  roleIds: readonly string[];
}

/**
 * The principal of an active user, with the roles they hold at this moment (an API token or a
 * session carries its user's permissions, never more: a revoked role is gone on the next request).
 * Undefined for a missing, blocked or deactivated user (SPEC C6: they cannot sign in). The one
 * "user → Principal" rule: API tokens, sessions and sign-in all come through it.
 */
export function principalOf(
  tenantId: string,
  userId: string,
  user: CredentialUser | null | undefined,
  credential: Principal['credential'],
  ip: string | null,
): Principal | undefined {
  if (!user || user.status !== 'active' || user.removedAt !== null) return undefined;
  return {
    tenantId,
    userId,
    userName: user.userName,
    orgId: user.orgId,
    grants: grantsOf(user.roleIds),
    credential,
    ip,
  };
}

/** principalOf a user read by id (sign-in, MFA): the user and their roles as they are now. */
export async function principalForUser(
  repos: Repositories,
  tenantId: string,
  userId: string,
  credential: Principal['credential'],
  ip: string | null,
): Promise<Principal | undefined> {
  const [user, roles] = await Promise.all([
    repos.users.findById(tenantId, userId),
    repos.roles.rolesOf(tenantId, userId),
  ]);
  const lean = user && { ...user, userName: user.profile.userName, roleIds: roles.map((r) => r.roleId) };
  return principalOf(tenantId, userId, lean, credential, ip);
}

/** The operator CLI's principal: every permission over every organization of the tenant (it has the database anyway). */
export function operatorPrincipal(tenantId: string): Principal {
  const all = grantsOf(['customer-cloud-admin', 'cross-org-admin', 'cross-org-legal-admin']);
  const mfa = grantsOf(['multi-factor-auth-admin']).map((g) => ({ ...g, scope: 'all_organizations' as const }));
  return {
    tenantId,
    userId: null,
    userName: null,
    orgId: null,
    grants: [...all, ...mfa],
    credential: { kind: 'operator', id: null },
    ip: null,
  };
}

/** True when any grant holds the permission, whatever its scope. */
export function holds(p: Principal, permission: Permission): boolean {
  return p.grants.some((g) => g.permissions.has(permission));
}

/**
 * Roles that open the console and the admin API by themselves (SPEC C6: "PROe User (or an admin
 * role)"). Left out, from seeds/002: Desktop User (the client app only), Admin Restore ("No access
 * to the administration console"), and the roles the seed says to "assign in conjunction with a
 * role that has access to the administration console" or "in addition to an administrative role"
 * (User Modify, Push Restore, Remote File Selection, Multi-Factor Auth Admin, Security Center User,
 * the Security Viewers): their permissions apply once one of these is also held.
 */
export const CONSOLE_ROLE_IDS: ReadonlySet<string> = new Set([
  'proe-user',
  'customer-cloud-admin',
  'cross-org-admin',
  'cross-org-admin-no-restore',
  'cross-org-help-desk',
  'cross-org-legal-admin',
  'cross-org-manager',
  'org-admin',
  'org-admin-no-web-restore',
  'org-help-desk',
  'org-legal-admin',
  'org-manager',
]);

/** SPEC C6: may this principal use the console and the admin API at all? */
export function canUseConsole(p: Principal): boolean {
  return p.credential.kind === 'operator' || p.grants.some((g) => CONSOLE_ROLE_IDS.has(g.roleId));
}

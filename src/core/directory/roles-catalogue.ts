/**
 * The standard roles catalogue (SPEC C1 "Roles", C6 "Admin REST API"), transcribed from the
 * "Roles reference" table in seeds/002. Roles are data: the auth layer checks a caller's
 * permissions here and applies each role's scope against the organization tree itself.
 *
 * Transcription rules (seeds/002 Roles reference):
 * - `permissions` map the "Permission Summary" bullets (Administrative and End user), one
 *   bullet to one or a few permissions. Managing users/devices/organizations implies
 *   reading them, so roles that add/deactivate also get the matching `*.read`.
 * - Several rows have an empty Administrative cell (Admin Restore, the Legal Admins, the
 *   Security Viewers, Security Center User). There the permission is derived from the role
 *   name and the "Recommended Use Case" column, and the entry says so in a comment.
 * - "Limited access to the administration console CLI" sits in the Limitations column but
 *   also grants something, so it appears both as `cli.limited` and as a limitation line.
 * - `console.sign_in` is granted only by PROe User, as in the seed. SPEC C6 also lets admin
 *   roles sign in to the console; that rule belongs to sign-in policy, not to this data.
 */

import type { Permission } from './permissions.js';
import {
  ADMIN_CLI_LIMITS,
  CONSOLE_COMPANION,
  HELP_DESK,
  MANAGE_DIRECTORY,
  NO_ADD_DEACTIVATE,
  UPDATE_SETTINGS,
  role,
  type RoleDefinition,
} from './role-definition.js';
import { CROSS_ORG_ROLES } from './roles-cross-org.js';

export { PERMISSIONS, type Permission, type RoleScope } from './permissions.js';
export type { RoleDefinition } from './role-definition.js';

/** Every standard role, in the seed's table order (seeds/002 Roles reference). */
export const ROLES_CATALOGUE: readonly RoleDefinition[] = Object.freeze([
  role({
    id: 'admin-restore',
    name: 'Admin Restore',
    description: CONSOLE_COMPANION,
    scope: 'all_organizations',
    // Administrative cell empty in the seed; the role's name says it restores others' files.
    permissions: ['restore.for_others'],
    limitations: ['No access to the administration console or Code42 app'],
  }),
  role({
    id: 'admin-restore-limited',
    name: 'Admin Restore Limited',
    description: CONSOLE_COMPANION,
    scope: 'all_organizations',
    // As Admin Restore, with a size limit (a limitation, not a different permission).
    permissions: ['restore.for_others'],
    limitations: [
      'Restore limit is configurable from organization settings (250 MB by default)',
      'No access to the administration console or Code42 app',
    ],
  }),
  role({
    id: 'alert-emails',
    name: 'Alert Emails',
    description:
      "Organization administrators who monitor the frequency and success of backup operations for their users' devices.",
    scope: 'all_organizations',
    permissions: ['alerts.receive'],
    limitations: [],
  }),
  ...CROSS_ORG_ROLES,
  role({
    id: 'customer-cloud-admin',
    name: 'Customer Cloud Admin',
    description: 'Administrators who need administrative privileges for the Code42 environment',
    scope: 'all_organizations',
    permissions: [
      ...MANAGE_DIRECTORY,
      ...UPDATE_SETTINGS,
      'reporting.view',
      'subscriptions.view',
      'client.backup',
      'cli.limited',
      // SPEC C6: the only role that changes identity-management settings.
      'identity_management.manage',
      // SPEC C6: resetting a user's MFA is identity management; over all organizations, as the
      // Multi-Factor Auth Admin does over its subtree (the admin API contract for the console).
      'mfa.manage',
    ],
    limitations: ADMIN_CLI_LIMITS,
  }),
  role({
    id: 'desktop-user',
    name: 'Desktop User',
    description: 'End users in your organization',
    scope: 'assigned_user',
    permissions: ['client.backup', 'client.web_restore'],
    limitations: ["Cannot interact with other users' data or change settings in your Code42 environment"],
  }),
  role({
    id: 'desktop-user-no-web-restore',
    name: 'Desktop User - No Web Restore',
    description: 'End users in your organization who do not need to perform web restores',
    scope: 'assigned_user',
    permissions: ['client.backup'],
    limitations: ["Cannot interact with other users' data or change settings", 'Cannot perform web restores'],
  }),
  role({
    id: 'multi-factor-auth-admin',
    name: 'Multi-Factor Auth Admin',
    description: 'Administrators who manage user authentication within a specific organization.',
    scope: 'organization_subtree',
    permissions: ['mfa.manage'],
    limitations: [
      'Does not directly grant access to view or manage users and organizations.',
      'Use this role in addition to an administrative role such as Org Admin.',
    ],
  }),
  role({
    id: 'org-admin',
    name: 'Org Admin',
    description: 'Administrators who only manage users and devices within a specific organization',
    scope: 'organization_subtree',
    permissions: [
      ...MANAGE_DIRECTORY,
      ...UPDATE_SETTINGS,
      'reporting.view',
      'restore.web_for_others',
      'client.backup',
      'cli.limited',
    ],
    limitations: ADMIN_CLI_LIMITS,
  }),
  role({
    id: 'org-admin-no-web-restore',
    name: 'Org Admin - No Web Restore',
    description:
      'Administrators who only manage users and devices within a specific organization and who should not perform web restores',
    scope: 'organization_subtree',
    permissions: [...MANAGE_DIRECTORY, ...UPDATE_SETTINGS, 'reporting.view', 'client.backup', 'cli.limited'],
    limitations: [
      'Cannot add/deactivate users or computers outside their organization',
      ...ADMIN_CLI_LIMITS,
      'Cannot perform web restores',
    ],
  }),
  role({
    id: 'org-help-desk',
    name: 'Org Help Desk',
    description: 'Help desk staff who assist others within their organization, but not reconfigure any settings',
    scope: 'organization_subtree',
    permissions: HELP_DESK,
    limitations: ['Cannot change settings', NO_ADD_DEACTIVATE],
  }),
  role({
    id: 'org-legal-admin',
    name: 'Org Legal Admin',
    description:
      'Legal personnel who need to place custodians on legal hold and administer legal holds for the ' +
      'entire Code42 environment, but who only need to restore files from users within their organization.',
    // The seed's scope column says the organization subtree even though the use case
    // mentions legal holds "for the entire Code42 environment"; the column wins.
    scope: 'organization_subtree',
    // Administrative cell empty in the seed; as Cross Org Legal Admin.
    permissions: ['legal_hold.manage', 'restore.for_others', 'client.backup'],
    limitations: ['No "root" level access', 'Cannot change settings', NO_ADD_DEACTIVATE],
  }),
  role({
    id: 'org-manager',
    name: 'Org Manager',
    description:
      'Executive users who need statistics, but not technical details, about their organization (not the entire Code42 environment)',
    scope: 'organization_subtree',
    permissions: HELP_DESK,
    limitations: ['Cannot change settings', NO_ADD_DEACTIVATE],
  }),
  role({
    id: 'org-security-viewer',
    name: 'Org Security Viewer',
    description:
      'Information security personnel who need to retrieve information from devices that use endpoint monitoring.',
    scope: 'organization_subtree',
    // Administrative cell empty in the seed; permission from the Recommended Use Case.
    permissions: ['endpoint_monitoring.read'],
    limitations: ['Cannot change settings in the organization'],
  }),
  role({
    id: 'proe-user',
    name: 'PROe User',
    description: 'End users in your organization',
    scope: 'assigned_user',
    permissions: ['console.sign_in'],
    limitations: ['Cannot access other information or functions of Code42 for Enterprise'],
  }),
  role({
    id: 'pro-online-admin',
    name: 'PRO-Online Admin',
    description: 'For CrashPlan for Small Business only. Do not use.',
    // The seed gives no scope for this row; the narrowest scope is the safe default.
    scope: 'assigned_user',
    permissions: [],
    limitations: [],
    deprecated: true,
  }),
  role({
    id: 'push-restore',
    name: 'Push Restore',
    description:
      'Help desk staff who assist others with restoring data. Assign in conjunction with a role that has access to the administration console.',
    scope: 'all_organizations',
    permissions: ['restore.push', 'archives.browse'],
    limitations: ['Cannot add/deactivate users, organizations, or devices'],
  }),
  role({
    id: 'remote-file-selection',
    name: 'Remote File Selection',
    description:
      'Help desk staff who monitor backups. Assign in conjunction with a role that has access to the administration console.',
    scope: 'all_organizations',
    permissions: ['archives.browse'],
    limitations: ['Cannot add/deactivate users, organizations, or devices'],
  }),
  role({
    id: 'security-center-user',
    name: 'Security Center User',
    description: 'Information security personnel who review information about devices that use endpoint monitoring.',
    scope: 'organization_subtree',
    // Administrative cell empty in the seed; permission from the Recommended Use Case.
    permissions: ['security_center.use'],
    limitations: [
      'Does not directly grant access to view or manage other users.',
      'Use this role in addition to an administrative role such as Org Admin.',
    ],
  }),
  role({
    id: 'user-modify',
    name: 'User Modify',
    description:
      'Help desk staff who manage users, but not devices or organization settings. Assign in ' +
      'conjunction with a role that has access to the administration console (such as Org Helpdesk.)',
    scope: 'organization_subtree',
    permissions: ['users.read', 'users.update'],
    limitations: ['Cannot add or deactivate users', 'Cannot update organization settings'],
  }),
]);

/** The catalogue role with this name, compared case-insensitively and ignoring surrounding spaces. */
export function findRoleByName(name: string): RoleDefinition | undefined {
  const wanted = name.trim().toLowerCase();
  return ROLES_CATALOGUE.find((candidate) => candidate.name.toLowerCase() === wanted);
}

/** Whether any of the roles grants the permission; scope is the caller's concern (SPEC C6). */
export function hasPermission(roles: readonly RoleDefinition[], permission: Permission): boolean {
  return roles.some((candidate) => candidate.permissions.includes(permission));
}

/** The catalogue role with this id. */
export function findRoleById(id: string): RoleDefinition | undefined {
  return ROLES_CATALOGUE.find((candidate) => candidate.id === id);
}

/**
 * The Cross Org roles of the standard catalogue (seeds/002 Roles reference), in the seed's table
 * order; roles-catalogue.ts places them between Alert Emails and Customer Cloud Admin and states
 * the transcription rules.
 */

import {
  ADMIN_CLI_LIMITS,
  HELP_DESK,
  MANAGE_DIRECTORY,
  NO_ADD_DEACTIVATE,
  UPDATE_SETTINGS,
  role,
  type RoleDefinition,
} from './role-definition.js';

export const CROSS_ORG_ROLES: readonly RoleDefinition[] = [
  role({
    id: 'cross-org-admin',
    name: 'Cross Org Admin',
    description:
      'Administrators who manage users and devices in all organizations and who need to restore files for users',
    scope: 'all_organizations',
    permissions: [
      ...MANAGE_DIRECTORY,
      ...UPDATE_SETTINGS,
      'reporting.view',
      'restore.push',
      'restore.web_for_others',
      'client.backup',
      'cli.limited',
    ],
    limitations: ADMIN_CLI_LIMITS,
  }),
  role({
    id: 'cross-org-admin-no-restore',
    name: 'Cross Org Admin - No Restore',
    description:
      'Administrators who manage users and devices in all organizations but should not restore files for users',
    scope: 'all_organizations',
    // The seed lists no "Update settings" bullet for this row, so no settings.update.
    permissions: [...MANAGE_DIRECTORY, 'reporting.view', 'client.backup', 'cli.limited'],
    limitations: ['Cannot perform push or web restores', ...ADMIN_CLI_LIMITS],
  }),
  role({
    id: 'cross-org-help-desk',
    name: 'Cross Org Help Desk',
    description: 'Help desk staff who assist others in all organizations, but not reconfigure any settings',
    scope: 'all_organizations',
    permissions: HELP_DESK,
    limitations: ['Cannot change settings', NO_ADD_DEACTIVATE],
  }),
  role({
    id: 'cross-org-legal-admin',
    name: 'Cross Org Legal Admin',
    description:
      'Legal personnel who place custodians on legal hold and administer legal holds ' +
      'for the entire Code42 environment, and who need to restore files for users',
    scope: 'all_organizations',
    // Administrative cell empty in the seed; legal_hold.manage and restore.for_others come
    // from the Recommended Use Case column.
    permissions: ['legal_hold.manage', 'restore.for_others', 'client.backup'],
    limitations: [
      'No "root" level access',
      'Cannot change settings',
      'Cannot add or deactivate users, devices, or organizations.',
    ],
  }),
  role({
    id: 'cross-org-manager',
    name: 'Cross Org Manager',
    description: 'Executive users who need statistics, but not technical details, about all organizations',
    scope: 'all_organizations',
    permissions: HELP_DESK,
    limitations: ['Cannot change settings', NO_ADD_DEACTIVATE],
  }),
  role({
    id: 'cross-org-security-viewer',
    name: 'Cross Org Security Viewer',
    description:
      'Information security personnel who need to retrieve information from devices that use endpoint monitoring in all organizations',
    scope: 'all_organizations',
    // Administrative cell empty in the seed; permission from the Recommended Use Case.
    permissions: ['endpoint_monitoring.read'],
    limitations: [
      // From the seed's Role cell: the role is not usable on its own.
      "Requires Security Center User role: to use Security Center's file exfiltration " +
        'detection capabilities, you must also assign the Security Center User role',
      'Cannot change settings in organizations',
      NO_ADD_DEACTIVATE,
    ],
  }),
  role({
    id: 'cross-org-user-modify',
    name: 'Cross Org User Modify',
    description:
      'Help desk staff who manage users, but not devices or organization settings. Assign in conjunction ' +
      'with a role that has access to the administration console (such as Cross Org Helpdesk.)',
    scope: 'all_organizations',
    permissions: ['users.read', 'users.update'],
    limitations: ['Cannot add or deactivate users', 'Cannot update organization settings'],
  }),
];

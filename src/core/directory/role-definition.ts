// What a standard role is (SPEC C1 "Roles"), and the seed bullets that many rows of the
// "Roles reference" table in seeds/002 share: the vocabulary roles-catalogue.ts is written in.

import type { Permission, RoleScope } from './permissions.js';

/** One standard role as the seed describes it. */
export interface RoleDefinition {
  /** Stable kebab-case slug, e.g. 'customer-cloud-admin'. */
  id: string;
  /** Exactly as in the seed, e.g. 'Customer Cloud Admin'. */
  name: string;
  /** The seed's recommended use case. */
  description: string;
  scope: RoleScope;
  permissions: readonly Permission[];
  /** The seed's limitation lines. */
  limitations: readonly string[];
  /** PRO-Online Admin: "Do not use". */
  deprecated?: boolean;
}

// Groups that many rows share, named for the seed bullets they stand for.
export const MANAGE_DIRECTORY: readonly Permission[] = [
  'users.read',
  'devices.read',
  'organizations.read',
  'users.create_deactivate',
  'devices.create_deactivate',
  'organizations.create_deactivate',
];
// "Update settings for users, devices, and organizations": user information included.
export const UPDATE_SETTINGS: readonly Permission[] = ['settings.update', 'users.update'];
// Help desk and manager rows: read-only users and devices, restore to the source user's
// devices, reporting, personal backups. Users are found by organization, so reading them
// includes reading the organization tree they sit in (SPEC C6: a help desk "reads").
export const HELP_DESK: readonly Permission[] = [
  'users.read',
  'devices.read',
  'organizations.read',
  'restore.push_to_source',
  'reporting.view',
  'client.backup',
];
export const CONSOLE_COMPANION =
  'Assign in conjunction with a role that has access to the administration console and Code42 app. For example, PROe user and Desktop User.';
export const NO_ADD_DEACTIVATE = 'Cannot add/deactivate users, devices, or organizations';
export const ADMIN_CLI_LIMITS = [
  'Limited access to the administration console command line interface (CLI)',
  'Cannot access system logs',
];

/** A role definition, frozen with its lists: the catalogue is shared, read-only data. */
export function role(definition: RoleDefinition): RoleDefinition {
  return Object.freeze({
    ...definition,
    permissions: Object.freeze([...definition.permissions]),
    limitations: Object.freeze([...definition.limitations]),
  });
}

/**
 * The permission vocabulary of the roles catalogue (SPEC C1, C6): what a role lets its holder do,
 * and where (its scope). Each entry names the seeds/002 "Roles reference" bullet it stands for.
 */

/** Where a role's permissions apply (SPEC C1): every organization, the holder's organization and its descendants, or only the holder. */
export type RoleScope = 'all_organizations' | 'organization_subtree' | 'assigned_user';

/** The permission vocabulary; each entry names the seed bullet(s) it stands for. */
export const PERMISSIONS = [
  'console.sign_in', // "Sign in to the administration console" (PROe User)
  'client.backup', // "Perform personal backups from the Code42 app (and administration console)"
  'client.web_restore', // End user "Perform web restores" of one's own files (Desktop User)
  'users.read', // "View users", "View (read-only) users and devices"
  'users.update', // "Update user information", "Update settings for users, …"
  'users.create_deactivate', // "Add/deactivate users, …"
  'devices.read', // "View (read-only) users and devices"
  'devices.create_deactivate', // "Add/deactivate …, devices, …"
  'organizations.read', // implied by managing organizations
  'organizations.create_deactivate', // "Add/deactivate …, and organizations"
  'settings.update', // "Update settings (for users, devices, and organizations)"
  'reporting.view', // "View data in the Reporting web app"
  'subscriptions.view', // "View the Subscriptions screen"
  'restore.push', // "Restore files from the administration console", "push … restores for other users"
  'restore.push_to_source', // "Restore files to the source user's devices using the administration console"
  'restore.web_for_others', // Administrative "Perform (push and) web restores (for other users)"
  'restore.for_others', // restoring other users' files where the seed names no mechanism (Admin Restore, Legal Admins)
  'archives.browse', // "View files within backup archives"
  'legal_hold.manage', // Legal Admins: "place custodians on legal hold and administer legal holds"
  'alerts.receive', // "Receive automated backup reports and backup alerts by email"
  'mfa.manage', // "view and edit the settings for two-factor authentication for local users"
  'identity_management.manage', // SPEC C6: only Customer Cloud Admin changes identity-management settings
  'security_center.use', // Security Center User: review endpoint-monitoring information in Security Center
  'endpoint_monitoring.read', // Security Viewers: "retrieve information from devices that use endpoint monitoring"
  'cli.limited', // "Limited access to the administration console command line interface (CLI)"
] as const;

export type Permission = (typeof PERMISSIONS)[number];

import type { Generated } from 'kysely';
import type { AuthTables } from './auth-schema.js';
import type { MfaTables } from './mfa-schema.js';

export type { ApiTokensTable, LocalCredentialsTable, PasswordTokensTable, SessionsTable } from './auth-schema.js';

/** Kysely's view of the tables (see migrations/); rows never leave storage/ (STYLE habit 4). */
export interface TenantsTable {
  id: string;
  name: string;
  require_email_username: number;
  created_at: string;
  /** Migration 0008; null only for rows written before it and never read back (it fills them). */
  slug: string | null;
}
export interface OrganizationsTable {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  name: string;
  name_lower: string;
  status: string;
  default_roles: string;
  cold_storage_days: number;
  created_at: string;
  updated_at: string;
  /** Migration 0013: 1/0 (true/false), null = inherit. */
  mfa_required: number | null;
}
export interface RolesTable {
  id: string;
  name: string;
  description: string;
  scope: string;
  permissions: string;
  limitations: string;
  deprecated: number;
}
export interface ProvidersTable {
  id: string;
  tenant_id: string;
  name: string;
  name_lower: string;
  type: string;
  auth_type: string;
  token_hash: string | null;
  basic_username: string | null;
  basic_password_hash: string | null;
  deactivation_delay_seconds: number;
  credential_rotated_at: string;
  created_at: string;
  updated_at: string;
  guard_percent: number;
  guard_min_users: number;
  guard_window_seconds: number;
  flagged_at: string | null;
  /** JSON: OrgMappingConfig / RoleMappingConfig (migration 0005). */
  org_mapping: string;
  role_mapping: string;
}
export interface UsersTable {
  id: string;
  tenant_id: string;
  provider_id: string | null;
  org_id: string;
  status: string;
  scim_active: number;
  manager_id: string | null;
  /** A manager named before that user existed, as sent; only while manager_id is null (migration 0007). */
  pending_manager: string | null;
  /** 1 while the user is in no group of a groups → roles mapping (migration 0007). */
  not_in_role_mapping: number;
  removed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  user_name: string;
  user_name_lower: string;
  external_id: string | null;
  display_name: string | null;
  nick_name: string | null;
  profile_url: string | null;
  title: string | null;
  user_type: string | null;
  preferred_language: string | null;
  locale: string | null;
  timezone: string | null;
  name_formatted: string | null;
  given_name: string | null;
  family_name: string | null;
  middle_name: string | null;
  honorific_prefix: string | null;
  honorific_suffix: string | null;
  email: string | null;
  employee_number: string | null;
  cost_center: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  employee_type: string | null;
  org_name: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  extra: string;
  /** The registry's JSON-stored extension attributes, a JSON object by attribute name (migration 0015). */
  attributes: string;
  password_hash: string | null;
  admin_blocked: number;
  deactivation_state: string | null;
  deactivated_at: string | null;
}
export interface UserValuesTable {
  tenant_id: string;
  user_id: string;
  attr: string;
  ord: number;
  value: string | null;
  value_lower: string | null;
  type: string | null;
  is_primary: number;
  display: string | null;
  formatted: string | null;
  street_address: string | null;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
}
export interface RoleAssignmentsTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
  source: string;
  created_at: string;
}
export interface GroupsTable {
  id: string;
  tenant_id: string;
  provider_id: string;
  display_name: string;
  display_name_lower: string;
  external_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface GroupMembersTable {
  tenant_id: string;
  group_id: string;
  user_id: string;
  created_at: string;
}
export interface AuditLogTable {
  tenant_id: string;
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_username_lower: string | null;
  credential_kind: string;
  credential_id: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: string | null;
  after: string | null;
}
export interface SyncLogTable {
  id: Generated<number>;
  tenant_id: string;
  provider_id: string | null;
  at: string;
  user_id: string | null;
  username: string | null;
  change_type: string;
  attribute: string | null;
  old_value: string | null;
  new_value: string | null;
  detail: string | null;
  /** `username` lower-cased in JavaScript (Unicode), the username search key (migration 0006). */
  username_lower: string | null;
}
export interface TimersTable {
  id: string;
  tenant_id: string;
  kind: string;
  user_id: string;
  provider_id: string | null;
  due_at: string;
  status: string;
  created_at: string;
  updated_at: string;
  device_id: string | null;
}
export interface DevicesTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  os: string;
  agent_version: string | null;
  last_seen_at: string | null;
  status: string;
  blocked: number;
  restore_status: string | null;
  created_at: string;
  updated_at: string;
}
export interface ArchivesTable {
  id: string;
  tenant_id: string;
  user_id: string;
  device_id: string;
  destination: string;
  state: string;
  cold_storage_until: string | null;
  created_at: string;
  updated_at: string;
}
export interface LegalHoldMattersTable {
  id: string;
  tenant_id: string;
  name: string;
  name_lower: string;
  status: string;
  created_at: string;
  released_at: string | null;
}
export interface LegalHoldCustodiansTable {
  tenant_id: string;
  matter_id: string;
  user_id: string;
  added_at: string;
}

export interface Database extends MfaTables, AuthTables {
  tenants: TenantsTable;
  organizations: OrganizationsTable;
  roles: RolesTable;
  providers: ProvidersTable;
  users: UsersTable;
  user_values: UserValuesTable;
  role_assignments: RoleAssignmentsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  audit_log: AuditLogTable;
  sync_log: SyncLogTable;
  timers: TimersTable;
  devices: DevicesTable;
  archives: ArchivesTable;
  legal_hold_matters: LegalHoldMattersTable;
  legal_hold_custodians: LegalHoldCustodiansTable;
}

// SPEC C3 role mapping, per provisioning provider: *manual* (roles are managed in Roster) or
// *SCIM groups → roles* — each group maps to one or more roles, a user gets the union, and a
// user in no mapped group gets their organization's default roles and a "Not in Role Mapping"
// sync-log entry (seeds/001 Step 7 "Users who are not mapped inherit the default roles for
// their organization"; seeds/002 Sync Log change types). Directory-sync providers have a third
// method instead of groups, *managed roles* (SPEC C9, seeds/002 "Select Roles"): the tool's role
// script sends each user's roles, and only the selected roles may be added or removed.
import { err, ok, type Result } from '../result.js';
import type { MappingConfigError } from './org-mapping.js';
import { sortedUnique } from './role-diff.js';

/** One SCIM group's roles (seeds/001 Step 7 "Choose one or more roles … to apply to this SCIM group"). */
export interface RoleGroupMapping {
  groupId: string;
  roleIds: readonly string[];
}

/** A provider's role-mapping method. */
export type RoleMappingConfig =
  | { method: 'manual' }
  | { method: 'groups'; groups: readonly RoleGroupMapping[] }
  /** Directory-sync providers only: the roles the tool may change ("Select roles from the Code42 User Directory Sync"). */
  | { method: 'managed'; roleIds: readonly string[] };

/** What role mapping decides for one user. */
export type RoleResolution =
  /** Roles are managed in Roster: mapping changes nothing. */
  | { kind: 'manual' }
  /** The user is in at least one mapped group: the union of those groups' roles. */
  | { kind: 'mapped'; roleIds: string[] }
  /** The user is in no mapped group: the organization's default roles, and a "Not in Role Mapping" entry. */
  | { kind: 'default'; roleIds: string[]; notInRoleMapping: true }
  /** Managed roles: the provider asked for `roleIds`; only those in `managed` may change. */
  | { kind: 'provider'; roleIds: string[]; managed: string[] };

/** What resolving roles needs to know about one user. */
export interface RoleMappingInput {
  /** Ids of the provider's groups the user is a member of. */
  groupIds: readonly string[];
  /** Default roles of the organization the user is (or is about to be) in. */
  orgDefaultRoles: readonly string[];
  /** Managed roles only: the catalogue roles the provider sent for the user. */
  requestedRoleIds?: readonly string[];
}

/** Resolves a user's roles under a role-mapping method (SPEC C3). */
export function resolveRoles(config: RoleMappingConfig, input: RoleMappingInput): RoleResolution {
  if (config.method === 'manual') return { kind: 'manual' };
  if (config.method === 'managed')
    return {
      kind: 'provider',
      roleIds: sortedUnique(input.requestedRoleIds ?? []),
      managed: sortedUnique(config.roleIds),
    };
  const member = new Set(input.groupIds);
  const matched = config.groups.filter((g) => member.has(g.groupId));
  // A matched group counts even if it maps to no role: the user is "in role mapping".
  if (matched.length > 0) return { kind: 'mapped', roleIds: sortedUnique(matched.flatMap((g) => g.roleIds)) };
  return { kind: 'default', roleIds: sortedUnique(input.orgDefaultRoles), notInRoleMapping: true };
}

/** Checks the shape rules of a role mapping: each group once, each with at least one role (seeds/001 Step 7); managed roles each once. */
export function checkRoleMapping(config: RoleMappingConfig): Result<RoleMappingConfig, MappingConfigError> {
  if (config.method === 'manual') return ok(config);
  if (config.method === 'managed') {
    const dup = config.roleIds.findIndex((id, i) => config.roleIds.indexOf(id) !== i);
    if (dup >= 0)
      return err({ field: `roleIds[${dup}]`, detail: `role ${config.roleIds[dup] ?? ''} is selected twice` });
    return ok({ method: 'managed', roleIds: sortedUnique(config.roleIds) });
  }
  const seen = new Set<string>();
  for (const [i, g] of config.groups.entries()) {
    // seeds/001 Step 7: "Only groups that have not been mapped appear in the dropdown."
    if (seen.has(g.groupId))
      return err({ field: `groups[${i}].groupId`, detail: `group ${g.groupId} is mapped twice` });
    seen.add(g.groupId);
    if (g.roleIds.length === 0)
      return err({ field: `groups[${i}].roleIds`, detail: 'a mapped group needs at least one role' });
  }
  return ok(config);
}

// What "Apply organization and role settings" does to one user (SPEC C3;
// seeds/001 "Apply changes after mapping SCIM groups"): organization from → to, roles added
// and removed. The same plan serves the dry run (reported) and the real run (applied).
//
// Role rule: role mapping owns only the roles it granted — grants whose source is 'mapping'
// or 'default'. The resolved roles replace those; a role the user also holds from any other
// source (an administrator's 'manual' grant, …) is never removed, and is not granted twice.
// Under the 'manual' role-mapping method nothing about roles changes. Under 'managed' (directory
// sync) the roles the provider sent in `roles` are wanted, and only the selected roles are added
// or removed, whatever their grant's source (seeds/002 "only roles checked in this list will be
// automatically updated by the tool"); a role sent outside the selection is ignored (and logged).
import type { User } from '../directory/user.js';
import { orgResolver, type OrgMappingConfig, type OrgResolution } from './org-mapping.js';
import { requestedRoles } from './requested-roles.js';
import { diffRoles } from './role-diff.js';
import { resolveRoles, type RoleMappingConfig } from './role-mapping.js';

/** A provider's two mapping settings. */
export interface MappingSettings {
  orgMapping: OrgMappingConfig;
  roleMapping: RoleMappingConfig;
}

/** One role grant of a user, as `RoleRepository.rolesOf` returns it. */
export interface RoleGrant {
  roleId: string;
  source: string;
}

/** The grant sources role mapping manages (and records on the roles it adds). */
export const MAPPING_ROLE_SOURCES: ReadonlySet<string> = new Set(['mapping', 'default']);

/** The organization facts a plan needs, preloaded by the caller (no I/O here). */
export interface OrgDirectory {
  rootOrgId: string;
  /** The id of the organization with this name (as `OrganizationRepository.findByName` matches it), if any. */
  orgIdByName(name: string): string | undefined;
  /** The organization's default role ids. */
  defaultRoles(orgId: string): readonly string[];
}

/** One user as the plan sees them. */
export interface MappingSubject {
  /** `notInRoleMapping` is the state recorded by the last evaluation (absent: false). */
  user: Pick<User, 'id' | 'orgId' | 'profile'> & Partial<Pick<User, 'notInRoleMapping'>>;
  /** Ids of the provider's groups the user is a member of. */
  groupIds: readonly string[];
  roles: readonly RoleGrant[];
}

/** What mapping would change for one user. */
export interface UserMappingPlan {
  userId: string;
  userName: string;
  /** The user's current organization id. */
  orgFrom: string;
  orgTo: OrgResolution;
  /** `orgTo` as an id; null when it names an organization that does not exist yet (created under the root). */
  orgToId: string | null;
  orgChanged: boolean;
  rolesAdded: string[];
  rolesRemoved: string[];
  /** The source to record on `rolesAdded`; null under manual role mapping. */
  rolesSource: 'mapping' | 'default' | 'provider' | null;
  /** Managed roles: catalogue roles the provider sent that are outside its selection — not granted. */
  rolesIgnored: string[];
  /** Managed roles: names the provider sent that are no catalogue role. */
  rolesUnknown: string[];
  /** The user is in no mapped group of a groups → roles mapping (SPEC C3); recorded on the user. */
  notInRoleMapping: boolean;
  /**
   * The user enters that state (it was not recorded): one "Not in Role Mapping" sync-log entry
   * (SPEC C3, C5), written once per entry into the state, not on every evaluation.
   */
  notInRoleMappingEntered: boolean;
  /** Whether applying the plan changes anything. */
  changed: boolean;
}

/** Plans one user's organization and roles under a provider's settings. */
export function planUserMapping(
  settings: MappingSettings,
  subject: MappingSubject,
  orgs: OrgDirectory,
): UserMappingPlan {
  return mappingPlanner(settings, orgs)(subject);
}

/** A planner for many users of one provider: the settings are prepared once. */
export function mappingPlanner(
  settings: MappingSettings,
  orgs: OrgDirectory,
): (subject: MappingSubject) => UserMappingPlan {
  const resolveOrg = orgResolver(settings.orgMapping);
  return ({ user, groupIds, roles }) => {
    const orgTo = resolveOrg({
      profile: user.profile,
      groupIds,
      current: { orgId: user.orgId, rootOrgId: orgs.rootOrgId },
    });
    const orgToId = resolvedOrgId(orgTo, orgs);
    // An organization created by name copies the root's default roles (OrganizationService.create).
    const orgDefaultRoles = orgs.defaultRoles(orgToId ?? orgs.rootOrgId);
    const planned = planRoles(settings.roleMapping, {
      groupIds,
      grants: roles,
      orgDefaultRoles,
      profile: user.profile,
    });
    const orgChanged = orgToId !== user.orgId;
    const notInRoleMappingEntered = planned.notInRoleMapping && user.notInRoleMapping !== true;
    return {
      userId: user.id,
      userName: user.profile.userName,
      orgFrom: user.orgId,
      orgTo,
      orgToId,
      orgChanged,
      ...planned,
      notInRoleMappingEntered,
      changed:
        orgChanged || planned.rolesAdded.length > 0 || planned.rolesRemoved.length > 0 || notInRoleMappingEntered,
    };
  };
}

/** The id an organization resolution stands for; null for a name that names no organization yet. */
export function resolvedOrgId(to: OrgResolution, orgs: Pick<OrgDirectory, 'rootOrgId' | 'orgIdByName'>): string | null {
  switch (to.kind) {
    case 'org':
    case 'unmapped':
      return to.orgId;
    case 'root':
      return orgs.rootOrgId;
    case 'byName':
      return orgs.orgIdByName(to.name) ?? null;
  }
}

type PlannedRoles = Pick<
  UserMappingPlan,
  'rolesAdded' | 'rolesRemoved' | 'rolesSource' | 'notInRoleMapping' | 'rolesIgnored' | 'rolesUnknown'
>;

interface RolePlanInput {
  groupIds: readonly string[];
  grants: readonly RoleGrant[];
  orgDefaultRoles: readonly string[];
  profile: User['profile'];
}

function planRoles(
  config: RoleMappingConfig,
  { groupIds, grants, orgDefaultRoles, profile }: RolePlanInput,
): PlannedRoles {
  const requested = config.method === 'managed' ? requestedRoles(profile.multi.roles) : undefined;
  const resolved = resolveRoles(config, {
    groupIds,
    orgDefaultRoles,
    ...(requested ? { requestedRoleIds: requested.roleIds } : {}),
  });
  const unchanged = { rolesAdded: [], rolesRemoved: [], rolesIgnored: [], rolesUnknown: [], notInRoleMapping: false };
  if (resolved.kind === 'manual') return { ...unchanged, rolesSource: null };
  const held = grants.map((g) => g.roleId);
  if (resolved.kind === 'provider') {
    const diff = diffRoles(held, resolved.roleIds, resolved.managed);
    return {
      ...unchanged,
      rolesAdded: diff.add,
      rolesRemoved: diff.remove,
      rolesSource: 'provider',
      rolesIgnored: diff.ignored,
      rolesUnknown: requested?.unknown ?? [],
    };
  }
  const keptByOtherSource = new Set(grants.filter((g) => !MAPPING_ROLE_SOURCES.has(g.source)).map((g) => g.roleId));
  const ownedByMapping = held.filter((id) => !keptByOtherSource.has(id));
  // Mapping may touch what it owns and what it wants; everything else the user holds is kept.
  const diff = diffRoles(held, resolved.roleIds, [...ownedByMapping, ...resolved.roleIds]);
  return {
    rolesAdded: diff.add,
    rolesRemoved: diff.remove,
    rolesSource: resolved.kind === 'mapped' ? 'mapping' : 'default',
    notInRoleMapping: resolved.kind === 'default',
    rolesIgnored: [],
    rolesUnknown: [],
  };
}

// SPEC C3 organization mapping — exactly one method per provider (seeds/002 "Organization
// Mapping Methods", seeds/004 "Before you begin"):
//   single     every new user goes to a chosen, existing organization;
//   orgName    the `orgName`/`c42OrgName` value names the organization, created under the root
//              when missing; users without it go to the unmapped organization;
//   attribute  any SCIM attribute the administrator names, same rules as orgName;
//   groups     pushed SCIM groups → existing organizations in priority order; the first mapped
//              group the user is in wins; users in no mapped group go to the unmapped organization;
// plus `none`: a provider without a mapping yet, whose users land in the root organization
// (SPEC C3 "Users provisioned before mappings exist land in the root organization");
// and `directorySync`, the only method of a directory-sync provider, whose organization mapping
// is "disabled within the administration console" (seeds/002): the tool's organization script
// sends the organization's name in `orgName`, created under the root when missing; a user it
// sends without one stays where they are (new users: the root).
import type { UserProfile } from '../directory/user.js';
import { err, ok, type Result } from '../result.js';
import { evaluateMappingPath } from './evaluate-path.js';
import { parseMappingPath } from './mapping-path.js';

export { parseMappingPath, type MappingPath, type MappingPathError } from './mapping-path.js';
export { evaluateMappingPath } from './evaluate-path.js';

/** Where a mapping setting is wrong, for a 400 naming the field (SPEC "Bad input"). */
export interface MappingConfigError {
  field: string;
  detail: string;
}

/** One SCIM group → organization row; rows are listed in priority order, first wins (seeds/004 step 9). */
export interface OrgGroupMapping {
  groupId: string;
  orgId: string;
}

/** A provider's organization-mapping method. */
export type OrgMappingConfig =
  | { method: 'none' }
  | { method: 'single'; orgId: string }
  | { method: 'orgName'; unmappedOrgId: string }
  | { method: 'attribute'; path: string; unmappedOrgId: string }
  | { method: 'groups'; groups: readonly OrgGroupMapping[]; unmappedOrgId: string }
  | { method: 'directorySync' };

/** Where organization mapping puts one user. */
export type OrgResolution =
  /** An existing organization, by id. */
  | { kind: 'org'; orgId: string }
  /** The organization with this (trimmed) name, found — or created — under the root. */
  | { kind: 'byName'; name: string }
  /** The method's "unmapped" organization: the user lacks the attribute or is in no mapped group. */
  | { kind: 'unmapped'; orgId: string }
  /** The tenant's root organization. */
  | { kind: 'root' };

/** What resolving a user's organization needs to know. */
export interface OrgMappingInput {
  profile: UserProfile;
  /** Ids of the provider's groups the user is a member of. */
  groupIds: readonly string[];
  /** For a user who already exists: where they are now, and the root's id (see `single` and `none`). */
  current?: { orgId: string; rootOrgId: string };
}

/** Resolves one user's organization (SPEC C3). For many users, build `orgResolver(config)` once. */
export function resolveOrganization(config: OrgMappingConfig, input: OrgMappingInput): OrgResolution {
  return orgResolver(config)(input);
}

/** A resolver for `config` that parses an attribute path once (Apply over a whole provider). */
export function orgResolver(config: OrgMappingConfig): (input: OrgMappingInput) => OrgResolution {
  switch (config.method) {
    case 'none':
      // An existing user stays put: an administrator may have moved them on purpose.
      return (input) => (input.current ? { kind: 'org', orgId: input.current.orgId } : { kind: 'root' });
    case 'single':
      return (input) => singleOrganization(config.orgId, input.current);
    case 'orgName':
      return (input) => byName(input.profile.orgName, config.unmappedOrgId);
    case 'attribute': {
      const path = parseMappingPath(config.path);
      // The admin API validates the path when it is saved; one that no longer parses must not
      // fail provisioning, so every user goes to the unmapped organization instead.
      if (!path.ok) return () => ({ kind: 'unmapped', orgId: config.unmappedOrgId });
      return (input) => byName(evaluateMappingPath(path.value, input.profile), config.unmappedOrgId);
    }
    case 'groups':
      return (input) => firstMappedGroup(config.groups, input.groupIds, config.unmappedOrgId);
    case 'directorySync':
      return (input) => {
        const name = input.profile.orgName?.trim() ?? '';
        if (name !== '') return { kind: 'byName', name };
        return input.current ? { kind: 'org', orgId: input.current.orgId } : { kind: 'root' };
      };
  }
}

// seeds/002 "Single organization": "every new user goes to" it, and administrators "can then move
// the users from that single organization to additional organizations". So an existing user is
// moved there only from the root (where users provisioned before the mapping landed, seeds/001
// "Apply changes after mapping"), never out of an organization an administrator chose.
function singleOrganization(orgId: string, current: OrgMappingInput['current']): OrgResolution {
  if (current && current.orgId !== current.rootOrgId) return { kind: 'org', orgId: current.orgId };
  return { kind: 'org', orgId };
}

// A blank or whitespace-only value is no value (seeds/004: unmapped users "do not have the attribute").
function byName(value: string | null, unmappedOrgId: string): OrgResolution {
  const name = value?.trim() ?? '';
  return name === '' ? { kind: 'unmapped', orgId: unmappedOrgId } : { kind: 'byName', name };
}

// seeds/002 "Custom SCIM mapping": a user in an executive group and a UK group goes where the
// higher-priority mapping says; rows are in priority order, so the first row the user matches wins.
function firstMappedGroup(
  groups: readonly OrgGroupMapping[],
  groupIds: readonly string[],
  unmappedOrgId: string,
): OrgResolution {
  const member = new Set(groupIds);
  const row = groups.find((g) => member.has(g.groupId));
  return row ? { kind: 'org', orgId: row.orgId } : { kind: 'unmapped', orgId: unmappedOrgId };
}

/** Checks the shape rules of an organization mapping (path syntax, each group once); existence of organizations and groups is checked by the caller. */
export function checkOrgMapping(config: OrgMappingConfig): Result<OrgMappingConfig, MappingConfigError> {
  if (config.method === 'attribute') {
    const path = parseMappingPath(config.path);
    if (!path.ok) return err({ field: 'path', detail: path.error.detail });
    return ok({ ...config, path: path.value.text });
  }
  if (config.method !== 'groups') return ok(config);
  const seen = new Set<string>();
  for (const [i, g] of config.groups.entries()) {
    // seeds/002 "Only groups that have not been mapped appear in this list."
    if (seen.has(g.groupId))
      return err({ field: `groups[${i}].groupId`, detail: `group ${g.groupId} is mapped twice` });
    seen.add(g.groupId);
  }
  return ok(config);
}

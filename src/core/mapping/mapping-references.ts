// The organizations and groups a provider's mapping settings refer to, each with the settings
// field that names it: what saving a mapping checks exists (SPEC "Bad input": 400 naming the
// field), and what deleting an organization checks nothing still points at (409 saying what).
import type { OrgMappingConfig } from './org-mapping.js';
import type { RoleMappingConfig } from './role-mapping.js';

/** One reference from a mapping setting; `field` is relative to the settings document. */
export interface MappingReference {
  kind: 'organization' | 'group' | 'role';
  id: string;
  field: string;
}

/** Every organization and group the organization mapping names. */
export function orgMappingReferences(config: OrgMappingConfig): MappingReference[] {
  switch (config.method) {
    case 'none':
    case 'directorySync':
      return [];
    case 'single':
      return [{ kind: 'organization', id: config.orgId, field: 'organization.orgId' }];
    case 'orgName':
    case 'attribute':
      return [{ kind: 'organization', id: config.unmappedOrgId, field: 'organization.unmappedOrgId' }];
    case 'groups':
      return [
        ...config.groups.flatMap((g, i): MappingReference[] => [
          { kind: 'group', id: g.groupId, field: `organization.groups[${i}].groupId` },
          { kind: 'organization', id: g.orgId, field: `organization.groups[${i}].orgId` },
        ]),
        { kind: 'organization', id: config.unmappedOrgId, field: 'organization.unmappedOrgId' },
      ];
  }
}

/** Every group and role the role mapping names. */
export function roleMappingReferences(config: RoleMappingConfig): MappingReference[] {
  if (config.method === 'manual') return [];
  if (config.method === 'managed')
    return config.roleIds.map((roleId, i): MappingReference => ({
      kind: 'role',
      id: roleId,
      field: `roles.roleIds[${i}]`,
    }));
  return config.groups.flatMap((g, i): MappingReference[] => [
    { kind: 'group', id: g.groupId, field: `roles.groups[${i}].groupId` },
    ...g.roleIds.map((roleId, j): MappingReference => ({
      kind: 'role',
      id: roleId,
      field: `roles.groups[${i}].roleIds[${j}]`,
    })),
  ]);
}

/** Whether a mapping setting uses group membership (a membership change then re-evaluates the member). */
export function usesGroups(orgMapping: OrgMappingConfig, roleMapping: RoleMappingConfig): boolean {
  return orgMapping.method === 'groups' || roleMapping.method === 'groups';
}

/** Whether the settings can change anything (`none` + `manual` is how providers behaved before mappings). */
export function mappingActive(orgMapping: OrgMappingConfig, roleMapping: RoleMappingConfig): boolean {
  return orgMapping.method !== 'none' || roleMapping.method !== 'manual';
}

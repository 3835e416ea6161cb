import { Type, type Static } from '@sinclair/typebox';
import type { MappingSettings } from '../../core/mapping/mapping-plan.js';

/** Wire types of a provider's mapping settings (SPEC C3), shared by the admin API and the CLI. */

const Id = Type.String({ minLength: 1, maxLength: 200 });
export const strict = { additionalProperties: false } as const;

/** SPEC C3 organization mapping: exactly one method per provider. */
const OrgMappingDto = Type.Union([
  Type.Object(
    { method: Type.Literal('none') },
    { ...strict, description: 'No mapping yet: new users land in the root organization' },
  ),
  Type.Object({ method: Type.Literal('single'), orgId: Id }, strict),
  Type.Object({ method: Type.Literal('orgName'), unmappedOrgId: Id }, strict),
  Type.Object(
    {
      method: Type.Literal('attribute'),
      path: Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'A SCIM path, e.g. addresses[type eq "work"].locality',
      }),
      unmappedOrgId: Id,
    },
    strict,
  ),
  Type.Object(
    {
      method: Type.Literal('groups'),
      groups: Type.Array(Type.Object({ groupId: Id, orgId: Id }, strict), {
        maxItems: 10_000,
        description: 'In priority order: the first group a user is in wins',
      }),
      unmappedOrgId: Id,
    },
    strict,
  ),
  Type.Object(
    { method: Type.Literal('directorySync') },
    {
      ...strict,
      description:
        'Directory-sync providers only (and always): the organization script sends the organization in orgName',
    },
  ),
]);

/** SPEC C3 role mapping: manual, or SCIM groups → roles; SPEC C9: managed roles for directory sync. */
const RoleMappingDto = Type.Union([
  Type.Object({ method: Type.Literal('manual') }, strict),
  Type.Object(
    {
      method: Type.Literal('groups'),
      groups: Type.Array(Type.Object({ groupId: Id, roleIds: Type.Array(Id, { maxItems: 100 }) }, strict), {
        maxItems: 10_000,
      }),
    },
    strict,
  ),
  Type.Object(
    {
      method: Type.Literal('managed'),
      roleIds: Type.Array(Id, {
        maxItems: 100,
        description:
          'The roles the directory-sync tool may add and remove; any other role it sends is ignored and logged',
      }),
    },
    { ...strict, description: 'Directory-sync providers only' },
  ),
]);

export const MappingSettingsDto = Type.Object({ organization: OrgMappingDto, roles: RoleMappingDto }, strict);
export type MappingSettingsDto = Static<typeof MappingSettingsDto>;

/** Explicit mapper (STYLE habit 5): copies only the wire fields. */
export function toMappingSettingsDto(s: MappingSettings): MappingSettingsDto {
  const o = s.orgMapping;
  const organization: Static<typeof OrgMappingDto> =
    o.method === 'groups'
      ? {
          method: 'groups',
          groups: o.groups.map((g) => ({ groupId: g.groupId, orgId: g.orgId })),
          unmappedOrgId: o.unmappedOrgId,
        }
      : { ...o };
  const r = s.roleMapping;
  const roles: Static<typeof RoleMappingDto> =
    r.method === 'groups'
      ? { method: 'groups', groups: r.groups.map((g) => ({ groupId: g.groupId, roleIds: [...g.roleIds] })) }
      : r.method === 'managed'
        ? { method: 'managed', roleIds: [...r.roleIds] }
        : { method: 'manual' };
  return { organization, roles };
}

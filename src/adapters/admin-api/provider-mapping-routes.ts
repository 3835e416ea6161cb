import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { ApiAuth } from '../../core/auth/api-auth.js';
import type { MappingSettings } from '../../core/mapping/mapping-plan.js';
import type { ProviderMappingService } from '../../core/provisioning/provider-mapping-service.js';
import { IdParams } from './dto.js';
import { principalOf } from './principal.js';

export interface ProviderMappingRouteDeps {
  auth: ApiAuth;
  mappings: ProviderMappingService;
}

const Id = Type.String({ minLength: 1, maxLength: 200 });
const strict = { additionalProperties: false } as const;

/** SPEC C3 organization mapping: exactly one method per provider. */
const OrgMappingDto = Type.Union([
  Type.Object({ method: Type.Literal('none') }, { ...strict, description: 'No mapping yet: new users land in the root organization' }),
  Type.Object({ method: Type.Literal('single'), orgId: Id }, strict),
  Type.Object({ method: Type.Literal('orgName'), unmappedOrgId: Id }, strict),
  Type.Object({ method: Type.Literal('attribute'), path: Type.String({ minLength: 1, maxLength: 500, description: 'A SCIM path, e.g. addresses[type eq "work"].locality' }), unmappedOrgId: Id }, strict),
  Type.Object({
    method: Type.Literal('groups'),
    groups: Type.Array(Type.Object({ groupId: Id, orgId: Id }, strict), { maxItems: 10_000, description: 'In priority order: the first group a user is in wins' }),
    unmappedOrgId: Id,
  }, strict),
]);

/** SPEC C3 role mapping: manual, or SCIM groups → roles. */
const RoleMappingDto = Type.Union([
  Type.Object({ method: Type.Literal('manual') }, strict),
  Type.Object({
    method: Type.Literal('groups'),
    groups: Type.Array(Type.Object({ groupId: Id, roleIds: Type.Array(Id, { maxItems: 100 }) }, strict), { maxItems: 10_000 }),
  }, strict),
]);

export const MappingSettingsDto = Type.Object({ organization: OrgMappingDto, roles: RoleMappingDto }, strict);
export type MappingSettingsDto = Static<typeof MappingSettingsDto>;

/** Explicit mapper (STYLE habit 5): copies only the wire fields. */
export function toMappingSettingsDto(s: MappingSettings): MappingSettingsDto {
  const o = s.orgMapping;
  const organization: Static<typeof OrgMappingDto> = o.method === 'groups'
    ? { method: 'groups', groups: o.groups.map((g) => ({ groupId: g.groupId, orgId: g.orgId })), unmappedOrgId: o.unmappedOrgId }
    : { ...o };
  const r = s.roleMapping;
  const roles: Static<typeof RoleMappingDto> = r.method === 'groups' ? { method: 'groups', groups: r.groups.map((g) => ({ groupId: g.groupId, roleIds: [...g.roleIds] })) } : { method: 'manual' };
  return { organization, roles };
}

/** A provider's organization and role mapping settings (SPEC C3, issue 3 item 3). */
export function providerMappingRoutes(app: FastifyInstance, deps: ProviderMappingRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { auth, mappings } = deps;

  api.get('/providers/:id/mapping', { schema: { params: IdParams, response: { 200: MappingSettingsDto } } }, async (req) => {
    const p = principalOf(req);
    auth.require(p, 'identity_management.manage');
    return toMappingSettingsDto(await mappings.get(p.tenantId, req.params.id));
  });

  api.put('/providers/:id/mapping', { schema: { params: IdParams, body: MappingSettingsDto, response: { 200: MappingSettingsDto } } }, async (req) => {
    const p = principalOf(req);
    auth.require(p, 'identity_management.manage');
    return toMappingSettingsDto(await mappings.set(p.tenantId, req.params.id, req.body));
  });
}

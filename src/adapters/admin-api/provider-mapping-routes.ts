import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { ApiAuth } from '../../core/auth/api-auth.js';
import type { MappingSettings } from '../../core/mapping/mapping-plan.js';
import type { ProviderMappingService } from '../../core/provisioning/provider-mapping-service.js';
import {
  APPLY_CHANGES_CAP,
  type MappingApplyResult,
  type MappingApplyService,
} from '../../core/provisioning/mapping-apply.js';
import { IdParams } from './dto.js';
import { principalOf } from './principal.js';

export interface ProviderMappingRouteDeps {
  auth: ApiAuth;
  mappings: ProviderMappingService;
  mappingApply: MappingApplyService;
}

const Id = Type.String({ minLength: 1, maxLength: 200 });
const strict = { additionalProperties: false } as const;

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

const OrgRef = Type.Object({ id: Type.String(), name: Type.String() }, strict);

/** Issue 3 item 4: what Apply organization and role settings changed (or, with dryRun, would change). */
export const MappingApplyResultDto = Type.Object(
  {
    dryRun: Type.Boolean(),
    usersEvaluated: Type.Integer({
      description: 'Every visible user of the provider that was re-evaluated (complete, never capped)',
    }),
    usersChanged: Type.Integer({ description: 'How many of them change (complete, never capped)' }),
    changes: Type.Array(
      Type.Object(
        {
          userId: Type.String(),
          userName: Type.String(),
          organization: Type.Union(
            [
              Type.Object(
                {
                  from: OrgRef,
                  to: Type.Object(
                    {
                      id: Type.Union([Type.String(), Type.Null()], {
                        description: 'Null in a dry run for an organization that would be created by name',
                      }),
                      name: Type.String(),
                    },
                    strict,
                  ),
                },
                strict,
              ),
              Type.Null(),
            ],
            { description: 'Null when the organization does not change' },
          ),
          rolesAdded: Type.Array(Type.String(), { description: 'Role ids' }),
          rolesRemoved: Type.Array(Type.String(), { description: 'Role ids' }),
          notInRoleMapping: Type.Boolean({
            description:
              'The user enters the state of being in no mapped group: they keep or get the default roles of their organization and one "Not in Role Mapping" sync-log entry',
          }),
        },
        strict,
      ),
      {
        description: `The first ${APPLY_CHANGES_CAP} changed users in user-id order; see truncated, usersChanged for the full count`,
      },
    ),
    truncated: Type.Boolean({
      description: `True when more than ${APPLY_CHANGES_CAP} users changed: changes lists only the first ${APPLY_CHANGES_CAP}`,
    }),
  },
  strict,
);
export type MappingApplyResultDto = Static<typeof MappingApplyResultDto>;

// Query strings are not coerced (app.ts): dryRun is the literal text true or false.
const ApplyQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], {
        description: 'true: report what would change and change nothing (default false)',
      }),
    ),
  },
  strict,
);

/** Explicit mapper (STYLE habit 5). */
export function toMappingApplyResultDto(r: MappingApplyResult): MappingApplyResultDto {
  return {
    dryRun: r.dryRun,
    usersEvaluated: r.usersEvaluated,
    usersChanged: r.usersChanged,
    changes: r.changes.map((c) => ({
      userId: c.userId,
      userName: c.userName,
      organization: c.organization
        ? {
            from: { id: c.organization.from.id, name: c.organization.from.name },
            to: { id: c.organization.to.id, name: c.organization.to.name },
          }
        : null,
      rolesAdded: [...c.rolesAdded],
      rolesRemoved: [...c.rolesRemoved],
      notInRoleMapping: c.notInRoleMapping,
    })),
    truncated: r.truncated,
  };
}

/** A provider's organization and role mapping settings (SPEC C3, issue 3 item 3). */
export function providerMappingRoutes(app: FastifyInstance, deps: ProviderMappingRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { auth, mappings, mappingApply } = deps;

  api.get(
    '/providers/:id/mapping',
    { schema: { params: IdParams, response: { 200: MappingSettingsDto } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      return toMappingSettingsDto(await mappings.get(p.tenantId, req.params.id));
    },
  );

  api.get(
    '/providers/:id/groups',
    {
      schema: {
        params: IdParams,
        response: {
          200: Type.Object({
            groups: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() })),
            truncated: Type.Boolean({ description: 'More groups exist than were listed' }),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      return mappings.groups(p.tenantId, req.params.id);
    },
  );

  api.put(
    '/providers/:id/mapping',
    { schema: { params: IdParams, body: MappingSettingsDto, response: { 200: MappingSettingsDto } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      return toMappingSettingsDto(await mappings.set(p.tenantId, req.params.id, req.body));
    },
  );

  // Issue 3 item 4: re-evaluates every user of the provider; dryRun=true changes nothing.
  api.post(
    '/providers/:id/mapping/apply',
    { schema: { params: IdParams, querystring: ApplyQuery, response: { 200: MappingApplyResultDto } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      return toMappingApplyResultDto(
        await mappingApply.apply(p.tenantId, req.params.id, { dryRun: req.query.dryRun === 'true' }),
      );
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { ProviderMappingService } from '../../core/provisioning/provider-mapping-service.js';
import {
  APPLY_CHANGES_CAP,
  type MappingApplyResult,
  type MappingApplyService,
} from '../../core/provisioning/mapping-apply.js';
import { IdParams } from './dto.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';
import { MappingSettingsDto, strict, toMappingSettingsDto } from './provider-mapping-dto.js';

export interface ProviderMappingRouteDeps {
  mappings: ProviderMappingService;
  mappingApply: MappingApplyService;
}

const OrgRef = Type.Object({ id: Type.String(), name: Type.String() }, strict);

/** What Apply organization and role settings changed (or, with dryRun, would change). */
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
              'The user enters the state of being in no mapped group: they keep or get the ' +
              'default roles of their organization and one "Not in Role Mapping" sync-log entry',
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

/** A provider's organization and role mapping settings (SPEC C3). */
export function providerMappingRoutes(app: FastifyInstance, deps: ProviderMappingRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { mappings, mappingApply } = deps;
  const IM = 'identity_management.manage';

  api.get(
    '/providers/:id/mapping',
    guarded(IM, { params: IdParams, response: { 200: MappingSettingsDto } }, ['provider.not_found']),
    async (req) => toMappingSettingsDto(await mappings.get(principalOf(req), req.params.id)),
  );

  api.get(
    '/providers/:id/groups',
    guarded(
      IM,
      {
        params: IdParams,
        response: {
          200: Type.Object({
            groups: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() })),
            truncated: Type.Boolean({ description: 'More groups exist than were listed' }),
          }),
        },
      },
      ['provider.not_found'],
    ),
    async (req) => mappings.groups(principalOf(req), req.params.id),
  );

  api.put(
    '/providers/:id/mapping',
    guarded(IM, { params: IdParams, body: MappingSettingsDto, response: { 200: MappingSettingsDto } }, [
      'provider.not_found',
      'organization.not_found',
      'group.not_found',
    ]),
    async (req) => toMappingSettingsDto(await mappings.set(principalOf(req), req.params.id, req.body)),
  );

  // Re-evaluates every user of the provider; dryRun=true changes nothing.
  api.post(
    '/providers/:id/mapping/apply',
    guarded(IM, { params: IdParams, querystring: ApplyQuery, response: { 200: MappingApplyResultDto } }, [
      'provider.not_found',
    ]),
    async (req) =>
      toMappingApplyResultDto(
        await mappingApply.apply(principalOf(req), req.params.id, { dryRun: req.query.dryRun === 'true' }),
      ),
  );
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/config.js';
import type { DeprovisionGuardService } from '../../core/lifecycle/deprovision-guard-service.js';
import type { ProviderService } from '../../core/provisioning/provider-service.js';
import { ProviderDto, toProviderDto, IdParams } from './dto.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';
import { HeldDeactivationDto, toHeldDeactivationDto } from './user-dto.js';

export interface ProviderSettingsRouteDeps {
  config: Config;
  providers: ProviderService;
  deprovisionGuard: DeprovisionGuardService;
}

const IM = 'identity_management.manage';

const SettingsBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Unique in the tenant' })),
    deactivationDelaySeconds: Type.Optional(
      Type.Integer({ minimum: 0, description: 'SPEC C4: 0 deactivates on the next sweep' }),
    ),
    guard: Type.Optional(
      Type.Object(
        {
          percent: Type.Optional(Type.Integer()),
          minUsers: Type.Optional(Type.Integer()),
          windowSeconds: Type.Optional(Type.Integer()),
        },
        {
          additionalProperties: false,
          minProperties: 1,
          description: 'Mass-deprovision guard thresholds; omitted ones keep their value',
        },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
const DecisionBody = Type.Object(
  {
    userIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 10_000,
        description: 'Only these users; all held deactivations when omitted',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A provider's lifecycle settings and the mass-deprovision guard's held deactivations. */
export function providerSettingsRoutes(app: FastifyInstance, deps: ProviderSettingsRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { providers, deprovisionGuard, config } = deps;

  api.patch(
    '/providers/:id',
    guarded(IM, { params: IdParams, body: SettingsBody, response: { 200: ProviderDto } }, [
      'provider.not_found',
      'provider.name_taken',
    ]),
    // The name, the guard and the delay are validated together, then written together.
    async (req) => toProviderDto(await providers.update(principalOf(req), req.params.id, req.body), config.publicUrl),
  );

  heldDeactivationRoutes(app, deprovisionGuard);
}

/** The deactivations the mass-deprovision guard holds (SPEC C4): review them, confirm or reject them. */
function heldDeactivationRoutes(app: FastifyInstance, deprovisionGuard: DeprovisionGuardService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/providers/:id/held-deactivations',
    guarded(
      IM,
      {
        params: IdParams,
        response: {
          200: Type.Object({
            flaggedAt: Type.Union([Type.String(), Type.Null()]),
            held: Type.Array(HeldDeactivationDto),
          }),
        },
      },
      ['provider.not_found'],
    ),
    async (req) => {
      const review = await deprovisionGuard.review(principalOf(req), req.params.id);
      return { flaggedAt: review.provider.flaggedAt, held: review.held.map(toHeldDeactivationDto) };
    },
  );

  for (const decision of ['confirm', 'reject'] as const) {
    api.post(
      `/providers/:id/held-deactivations/${decision}`,
      {
        ...guarded(
          IM,
          {
            params: IdParams,
            body: DecisionBody,
            response: {
              200: Type.Object({
                count: Type.Integer({ description: `How many held deactivations were ${decision}ed` }),
              }),
            },
          },
          ['provider.not_found'],
        ),
        // The body is optional: no body means every held deactivation.
        preValidation: async (req) => {
          req.body ??= {};
        },
      },
      async (req) => {
        const p = principalOf(req);
        const userIds = req.body.userIds;
        const count =
          decision === 'confirm'
            ? await deprovisionGuard.confirm(p, req.params.id, userIds)
            : await deprovisionGuard.reject(p, req.params.id, userIds);
        return { count };
      },
    );
  }
}

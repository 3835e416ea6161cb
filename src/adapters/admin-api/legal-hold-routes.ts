import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { LegalHoldService } from '../../core/lifecycle/legal-hold-service.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';
import { CustodianDto, LegalHoldDto, toCustodianDto, toLegalHoldDto } from './user-dto.js';
import { IdParams } from './dto.js';

export interface LegalHoldRouteDeps {
  legalHolds: LegalHoldService;
}

const LH = 'legal_hold.manage';
const MatterWithCustodians = Type.Object({ matter: LegalHoldDto, custodians: Type.Array(CustodianDto) });

/** Legal-hold matters and their custodians (SPEC C1, C4); every route needs legal_hold.manage. */
export function legalHoldRoutes(app: FastifyInstance, deps: LegalHoldRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { legalHolds } = deps;

  api.get(
    '/legal-holds',
    guarded(LH, { response: { 200: Type.Object({ legalHolds: Type.Array(LegalHoldDto) }) } }),
    async (req) => ({ legalHolds: (await legalHolds.listMatters(principalOf(req))).map(toLegalHoldDto) }),
  );

  api.post(
    '/legal-holds',
    guarded(
      LH,
      {
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: LegalHoldDto },
      },
      ['legal_hold.name_taken'],
    ),
    async (req, reply) =>
      reply.code(201).send(toLegalHoldDto(await legalHolds.createMatter(principalOf(req), req.body.name))),
  );

  api.get(
    '/legal-holds/:id',
    guarded(
      LH,
      {
        description: 'Custodians outside the caller’s scope are left out',
        params: IdParams,
        response: { 200: MatterWithCustodians },
      },
      ['legal_hold.not_found'],
    ),
    async (req) => {
      const { matter, custodians } = await legalHolds.getMatter(principalOf(req), req.params.id);
      return { matter: toLegalHoldDto(matter), custodians: custodians.map(toCustodianDto) };
    },
  );

  api.post(
    '/legal-holds/:id/release',
    guarded(LH, { params: IdParams, response: { 200: LegalHoldDto } }, ['legal_hold.not_found', 'user.not_found']),
    async (req) => toLegalHoldDto(await legalHolds.releaseMatter(principalOf(req), req.params.id)),
  );
  custodianRoutes(app, legalHolds);
}

/** A matter's custodians: placing a user on hold and releasing one (SPEC C4). */
function custodianRoutes(app: FastifyInstance, legalHolds: LegalHoldService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/legal-holds/:id/custodians',
    guarded(
      LH,
      {
        params: IdParams,
        body: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: CustodianDto },
      },
      ['legal_hold.not_found', 'legal_hold.released', 'user.not_found'],
    ),
    async (req, reply) =>
      reply
        .code(201)
        .send(toCustodianDto(await legalHolds.addCustodian(principalOf(req), req.params.id, req.body.userId))),
  );

  api.delete(
    '/legal-holds/:id/custodians/:userId',
    guarded(
      LH,
      {
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 200 }),
          userId: Type.String({ minLength: 1, maxLength: 200 }),
        }),
      },
      ['legal_hold.not_found', 'user.not_found'],
    ),
    async (req, reply) => {
      await legalHolds.removeCustodian(principalOf(req), req.params.id, req.params.userId);
      return reply.code(204).send();
    },
  );
}

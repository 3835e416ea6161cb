import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiAuth } from '../../core/auth/api-auth.js';
import type { LegalHoldService } from '../../core/lifecycle/legal-hold-service.js';
import { principalOf } from './principal.js';
import { CustodianDto, LegalHoldDto, toCustodianDto, toLegalHoldDto } from './user-dto.js';
import { IdParams } from './dto.js';

export interface LegalHoldRouteDeps {
  auth: ApiAuth;
  legalHolds: LegalHoldService;
}

const MatterWithCustodians = Type.Object({ matter: LegalHoldDto, custodians: Type.Array(CustodianDto) });

/** Legal-hold matters and their custodians (SPEC C1, C4); every route needs legal_hold.manage. */
export function legalHoldRoutes(app: FastifyInstance, deps: LegalHoldRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { auth, legalHolds } = deps;

  api.get(
    '/legal-holds',
    { schema: { response: { 200: Type.Object({ legalHolds: Type.Array(LegalHoldDto) }) } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'legal_hold.manage');
      return { legalHolds: (await legalHolds.listMatters(p.tenantId)).map(toLegalHoldDto) };
    },
  );

  api.post(
    '/legal-holds',
    {
      schema: {
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: LegalHoldDto },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'legal_hold.manage');
      return reply.code(201).send(toLegalHoldDto(await legalHolds.createMatter(p.tenantId, req.body.name)));
    },
  );

  api.get(
    '/legal-holds/:id',
    { schema: { params: IdParams, response: { 200: MatterWithCustodians } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'legal_hold.manage');
      const { matter, custodians } = await legalHolds.getMatter(p.tenantId, req.params.id);
      return { matter: toLegalHoldDto(matter), custodians: custodians.map(toCustodianDto) };
    },
  );

  api.post(
    '/legal-holds/:id/custodians',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: CustodianDto },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'legal_hold.manage');
      return reply
        .code(201)
        .send(toCustodianDto(await legalHolds.addCustodian(p.tenantId, req.params.id, req.body.userId)));
    },
  );

  api.delete(
    '/legal-holds/:id/custodians/:userId',
    {
      schema: {
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 200 }),
          userId: Type.String({ minLength: 1, maxLength: 200 }),
        }),
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'legal_hold.manage');
      await legalHolds.removeCustodian(p.tenantId, req.params.id, req.params.userId);
      return reply.code(204).send();
    },
  );

  api.post(
    '/legal-holds/:id/release',
    { schema: { params: IdParams, response: { 200: LegalHoldDto } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'legal_hold.manage');
      return toLegalHoldDto(await legalHolds.releaseMatter(p.tenantId, req.params.id));
    },
  );
}

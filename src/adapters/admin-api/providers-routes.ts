import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/config.js';
import type { ProviderService } from '../../core/provisioning/provider-service.js';
import { principalOf } from '../../http/authentication.js';
import {
  CREDENTIAL_NOTICE,
  IdParams,
  ProviderDto,
  ProviderNameDto,
  ProviderWithCredentialDto,
  toCredentialDto,
  toProviderDto,
} from './dto.js';
import { guarded } from './route-spec.js';

const IM = 'identity_management.manage';

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Optional(
      Type.Union([Type.Literal('scim'), Type.Literal('dirsync')], {
        description: 'scim (default) or dirsync, the directory sync tool (SPEC C9)',
      }),
    ),
    authType: Type.Optional(
      Type.Union([Type.Literal('bearer'), Type.Literal('basic')], {
        description: 'Default: bearer for scim, basic for dirsync (which allows only basic)',
      }),
    ),
    deactivationDelaySeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** Provisioning providers (SPEC C2), the collection and each one: identity-management settings, Customer Cloud Admin only (SPEC C6). */
export function providersRoutes(app: FastifyInstance, deps: { config: Config; providers: ProviderService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { providers, config } = deps;

  api.get(
    '/providers',
    guarded(IM, { response: { 200: Type.Object({ providers: Type.Array(ProviderDto) }) } }),
    async (req) => ({
      providers: (await providers.list(principalOf(req))).map((x) => toProviderDto(x, config.publicUrl)),
    }),
  );

  api.get(
    '/provider-names',
    guarded('users.read', {
      description: "The tenant's providers by name, for showing who owns a user (no settings, no credentials).",
      response: { 200: Type.Object({ providers: Type.Array(ProviderNameDto) }) },
    }),
    async (req) => ({ providers: await providers.names(principalOf(req)) }),
  );

  api.post(
    '/providers',
    guarded(IM, { body: CreateBody, response: { 201: ProviderWithCredentialDto } }, ['provider.name_taken']),
    async (req, reply) => {
      const type = req.body.type ?? 'scim';
      const { provider, credential } = await providers.create(principalOf(req), {
        name: req.body.name,
        type,
        authType: req.body.authType ?? (type === 'dirsync' ? 'basic' : 'bearer'),
        ...(req.body.deactivationDelaySeconds !== undefined
          ? { deactivationDelaySeconds: req.body.deactivationDelaySeconds }
          : {}),
      });
      reply.header('Cache-Control', 'no-store');
      return reply.code(201).send({
        provider: toProviderDto(provider, config.publicUrl),
        credential: toCredentialDto(credential),
        notice: CREDENTIAL_NOTICE,
      });
    },
  );

  providerRoutes(app, deps);
}

/** One provider: read, rotate its credential, delete it. */
function providerRoutes(app: FastifyInstance, deps: { config: Config; providers: ProviderService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { providers, config } = deps;
  api.get(
    '/providers/:id',
    guarded(IM, { params: IdParams, response: { 200: ProviderDto } }, ['provider.not_found']),
    async (req) => toProviderDto(await providers.get(principalOf(req), req.params.id), config.publicUrl),
  );

  api.post(
    '/providers/:id/rotate',
    guarded(IM, { params: IdParams, response: { 200: ProviderWithCredentialDto } }, ['provider.not_found']),
    async (req, reply) => {
      const { provider, credential } = await providers.rotate(principalOf(req), req.params.id);
      reply.header('Cache-Control', 'no-store');
      return {
        provider: toProviderDto(provider, config.publicUrl),
        credential: toCredentialDto(credential),
        notice: CREDENTIAL_NOTICE,
      };
    },
  );

  api.delete(
    '/providers/:id',
    guarded(IM, { params: IdParams, querystring: Type.Object({ users: Type.Optional(Type.Literal('local')) }) }, [
      'provider.not_found',
      'provider.has_users',
    ]),
    async (req, reply) => {
      await providers.delete(principalOf(req), req.params.id, req.query.users === 'local' ? { users: 'local' } : {});
      return reply.code(204).send();
    },
  );
}

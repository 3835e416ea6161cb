import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { ApiTokenService } from '../../core/auth/api-token-service.js';
import type { Principal } from '../../core/auth/principal.js';
import type { ApiToken, ListedApiToken } from '../../core/ports.js';
import { principalOf } from '../../http/authentication.js';
import { IdParams } from './dto.js';
import { guarded } from './route-spec.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ApiTokenDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userId: Type.String({ description: 'The user whose permissions the token carries' }),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String({ description: 'Updated at most once a minute' })),
});
type ApiTokenDto = Static<typeof ApiTokenDto>;

/** A listed token also names its owner, so an administrator seeing every token sees whose each is. */
export const ListedApiTokenDto = Type.Composite([
  ApiTokenDto,
  Type.Object({ userName: Nullable(Type.String({ description: "The owner's username; null if removed" })) }),
]);

const toApiTokenDto = (t: ApiToken): ApiTokenDto => ({
  id: t.id,
  name: t.name,
  userId: t.userId,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
  lastUsedAt: t.lastUsedAt,
});

const toListedApiTokenDto = (t: ListedApiToken): Static<typeof ListedApiTokenDto> => ({
  ...toApiTokenDto(t),
  userName: t.userName,
});

const MeDto = Type.Object({
  userId: Nullable(Type.String()),
  userName: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  credential: Type.Object({ kind: Type.String(), id: Nullable(Type.String()) }),
  roles: Type.Array(
    Type.Object({ roleId: Type.String(), scope: Type.String(), permissions: Type.Array(Type.String()) }),
  ),
});

const toMeDto = (p: Principal): Static<typeof MeDto> => ({
  userId: p.userId,
  userName: p.userName,
  orgId: p.orgId,
  credential: { kind: p.credential.kind, id: p.credential.id },
  roles: p.grants.map((g) => ({ roleId: g.roleId, scope: g.scope, permissions: [...g.permissions].sort() })),
});

/** The caller (what the console shows) and API tokens for automation (SPEC C6). */
export function apiTokenRoutes(app: FastifyInstance, deps: { tokens: ApiTokenService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { tokens } = deps;

  api.get(
    '/me',
    guarded('console', { description: 'The caller, with their roles and scopes', response: { 200: MeDto } }),
    async (req) => toMeDto(principalOf(req)),
  );

  api.get(
    '/api-tokens',
    guarded('console', {
      description: "The caller's tokens; with identity_management.manage over all organizations, every token",
      response: { 200: Type.Object({ tokens: Type.Array(ListedApiTokenDto) }) },
    }),
    async (req) => ({ tokens: (await tokens.list(principalOf(req))).map(toListedApiTokenDto) }),
  );

  api.post(
    '/api-tokens',
    guarded(
      'console',
      {
        description: 'A token acting as the caller, with their permissions at each request; the secret is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            expiresAt: Type.Optional(Type.String({ description: 'ISO-8601 date-time; no expiry when omitted' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            token: ApiTokenDto,
            secret: Type.String({ description: 'Authorization: Bearer <secret>; shown once, only its hash is kept' }),
          }),
        },
      },
      ['user.not_found'],
    ),
    async (req, reply) => {
      const issued = await tokens.create(principalOf(req), {
        name: req.body.name,
        ...(req.body.expiresAt !== undefined ? { expiresAt: req.body.expiresAt } : {}),
      });
      reply.header('Cache-Control', 'no-store');
      return reply.code(201).send({ token: toApiTokenDto(issued.token), secret: issued.secret });
    },
  );

  api.delete(
    '/api-tokens/:id',
    guarded('console', { description: 'Revokes at once', params: IdParams }, ['api_token.not_found']),
    async (req, reply) => {
      await tokens.revoke(principalOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
}

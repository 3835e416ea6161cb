import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiAuth } from '../../core/auth/api-auth.js';
import type { Tenant } from '../../core/directory/tenant.js';
import type { TenantService } from '../../core/directory/tenant-service.js';
import { principalOf } from './principal.js';

const TenantSettingsDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String({ description: 'Sign-in address: /t/{slug}/… (the default tenant: the plain address)' }),
  requireEmailUsername: Type.Boolean({ description: 'Usernames must be email addresses' }),
});

const toDto = (t: Tenant) => ({ id: t.id, name: t.name, slug: t.slug, requireEmailUsername: t.requireEmailUsername });

/** The caller's tenant and its settings (SPEC C1); changing them is an identity-management setting (SPEC C6). */
export function tenantRoutes(app: FastifyInstance, deps: { auth: ApiAuth; tenants: TenantService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/tenant', { schema: { response: { 200: TenantSettingsDto } } }, async (req) => {
    const p = principalOf(req);
    deps.auth.require(p, 'identity_management.manage');
    return toDto(await deps.tenants.get(p.tenantId));
  });
  api.patch(
    '/tenant',
    {
      schema: {
        body: Type.Object(
          { requireEmailUsername: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: TenantSettingsDto },
      },
    },
    async (req) => {
      const p = principalOf(req);
      deps.auth.require(p, 'identity_management.manage');
      return toDto(await deps.tenants.updateSettings(p.tenantId, req.body));
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Tenant } from '../../core/directory/tenant.js';
import type { TenantService } from '../../core/directory/tenant-service.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';

const TenantSettingsDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String({ description: 'Sign-in address: /t/{slug}/… (the default tenant: the plain address)' }),
  requireEmailUsername: Type.Boolean({ description: 'Usernames must be email addresses' }),
});

const toDto = (t: Tenant) => ({ id: t.id, name: t.name, slug: t.slug, requireEmailUsername: t.requireEmailUsername });

/** The caller's tenant and its settings (SPEC C1); changing them is an identity-management setting (SPEC C6). */
export function tenantRoutes(app: FastifyInstance, deps: { tenants: TenantService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/tenant',
    guarded('identity_management.manage', {
      description: "The caller's tenant and its settings",
      response: { 200: TenantSettingsDto },
    }),
    async (req) => toDto(await deps.tenants.settings(principalOf(req))),
  );
  api.patch(
    '/tenant',
    guarded('identity_management.manage', {
      description: "Changes the caller's tenant's settings",
      body: Type.Object(
        { requireEmailUsername: Type.Optional(Type.Boolean()) },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: TenantSettingsDto },
    }),
    async (req) => toDto(await deps.tenants.updateSettings(principalOf(req), req.body)),
  );
}

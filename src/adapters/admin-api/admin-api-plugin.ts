import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/config.js';
import type { ApiAuth, Principal } from '../../core/auth/api-auth.js';
import { DomainError } from '../../core/errors.js';
import type { OrganizationService } from '../../core/directory/organization-service.js';
import type { ProviderService } from '../../core/provisioning/provider-service.js';
import type { SyncLogService } from '../../core/sync-log/sync-log-service.js';
import {
  CREDENTIAL_NOTICE,
  OrganizationDto,
  OrganizationTreeDto,
  ProviderDto,
  ProviderWithCredentialDto,
  toCredentialDto,
  toOrganizationDto,
  toOrganizationTreeDto,
  toProviderDto,
  IdParams,
} from './dto.js';
import { PROBLEM_MEDIA_TYPE, toProblem } from './problem.js';
import { syncLogRoutes } from './sync-log-routes.js';
import { devicesRoutes } from './devices-routes.js';
import { legalHoldRoutes } from './legal-hold-routes.js';
import { providerSettingsRoutes } from './provider-settings-routes.js';
import { providerMappingRoutes } from './provider-mapping-routes.js';
import type { ProviderMappingService } from '../../core/provisioning/provider-mapping-service.js';
import type { MappingApplyService } from '../../core/provisioning/mapping-apply.js';
import { usersRoutes } from './users-routes.js';
import type { UserAdminService } from '../../core/directory/user-admin-service.js';
import type { DeprovisionGuardService } from '../../core/lifecycle/deprovision-guard-service.js';
import type { DeviceService } from '../../core/lifecycle/device-service.js';
import type { LegalHoldService } from '../../core/lifecycle/legal-hold-service.js';
import type { UserLifecycleService } from '../../core/lifecycle/user-lifecycle-service.js';
import type { SessionService } from '../../core/auth/session-service.js';
import { adminPrincipal } from '../../http/session-auth.js';
import { localUsersRoutes, type LocalUsersRouteDeps } from './local-users-routes.js';
import { tenantRoutes } from './tenant-routes.js';
import type { TenantService } from '../../core/directory/tenant-service.js';

export interface AdminApiDeps {
  config: Config;
  auth: ApiAuth;
  organizations: OrganizationService;
  providers: ProviderService;
  syncLog: SyncLogService;
  userAdmin: UserAdminService;
  lifecycle: UserLifecycleService;
  devices: DeviceService;
  legalHolds: LegalHoldService;
  deprovisionGuard: DeprovisionGuardService;
  mappings: ProviderMappingService;
  mappingApply: MappingApplyService;
  /** Sign-in sessions: the console's cookie or the client app's bearer token authenticate like an API token. */
  sessions: SessionService;
  tenants: TenantService;
  localUsers: Omit<LocalUsersRouteDeps, 'auth' | 'sessions'>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin API authentication hook. */
    principal: Principal | null;
  }
}

function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('auth.unauthenticated', {});
  return req.principal;
}

/** The admin REST API (/api/v1): what the console and automation call; errors are problem+json (SPEC C6). */
export async function adminApiPlugin(root: FastifyInstance, deps: AdminApiDeps): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { auth, organizations, providers, config } = deps;
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = await adminPrincipal(req, { apiAuth: auth, sessions: deps.sessions });
  });
  app.setErrorHandler((error, req, reply) => {
    const p = toProblem(error, req);
    if (p.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="roster-admin"');
    return reply.code(p.status).type(PROBLEM_MEDIA_TYPE).send(p);
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .type(PROBLEM_MEDIA_TYPE)
      .send({
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        detail: `No route ${req.method} ${req.url.split('?')[0]}`,
        code: 'route.not_found',
      }),
  );

  app.get(
    '/organizations',
    { schema: { response: { 200: Type.Object({ organizations: Type.Array(OrganizationTreeDto) }) } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'organizations.read');
      return { organizations: (await organizations.tree(p.tenantId)).map(toOrganizationTreeDto) };
    },
  );

  app.post(
    '/organizations',
    {
      schema: {
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), parentId: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 201: OrganizationDto },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'organizations.create_deactivate');
      const org = await organizations.create(p.tenantId, { name: req.body.name, parentId: req.body.parentId ?? null });
      return reply.code(201).send(toOrganizationDto(org));
    },
  );

  app.get('/organizations/:id', { schema: { params: IdParams, response: { 200: OrganizationDto } } }, async (req) => {
    const p = principalOf(req);
    auth.require(p, 'organizations.read');
    return toOrganizationDto(await organizations.get(p.tenantId, req.params.id));
  });

  app.patch(
    '/organizations/:id',
    {
      schema: {
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            parentId: Type.Optional(Type.String()),
            defaultRoles: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
                maxItems: 100,
                description: 'Catalogue role ids for users who receive no mapped roles',
              }),
            ),
            coldStorageDays: Type.Optional(
              Type.Integer({ minimum: 1, description: "How long a deactivated user's archives are kept" }),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: OrganizationDto },
      },
    },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, req.body.parentId !== undefined ? 'organizations.create_deactivate' : 'settings.update');
      let org = await organizations.get(p.tenantId, req.params.id);
      if (req.body.parentId !== undefined) org = await organizations.move(p.tenantId, org.id, req.body.parentId);
      if (req.body.name !== undefined) org = await organizations.rename(p.tenantId, org.id, req.body.name);
      const { defaultRoles, coldStorageDays } = req.body;
      if (defaultRoles !== undefined || coldStorageDays !== undefined) {
        auth.require(p, 'settings.update');
        org = await organizations.updateSettings(p.tenantId, org.id, {
          ...(defaultRoles !== undefined ? { defaultRoles } : {}),
          ...(coldStorageDays !== undefined ? { coldStorageDays } : {}),
        });
      }
      return toOrganizationDto(org);
    },
  );

  app.delete('/organizations/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const p = principalOf(req);
    auth.require(p, 'organizations.create_deactivate');
    await organizations.delete(p.tenantId, req.params.id);
    return reply.code(204).send();
  });

  app.get(
    '/providers',
    { schema: { response: { 200: Type.Object({ providers: Type.Array(ProviderDto) }) } } },
    async (req) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      return { providers: (await providers.list(p.tenantId)).map((x) => toProviderDto(x, config.publicUrl)) };
    },
  );

  app.post(
    '/providers',
    {
      schema: {
        body: Type.Object(
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
        ),
        response: { 201: ProviderWithCredentialDto },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      const type = req.body.type ?? 'scim';
      const { provider, credential } = await providers.create(p.tenantId, {
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

  app.get('/providers/:id', { schema: { params: IdParams, response: { 200: ProviderDto } } }, async (req) => {
    const p = principalOf(req);
    auth.require(p, 'identity_management.manage');
    return toProviderDto(await providers.get(p.tenantId, req.params.id), config.publicUrl);
  });

  app.post(
    '/providers/:id/rotate',
    { schema: { params: IdParams, response: { 200: ProviderWithCredentialDto } } },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      const { provider, credential } = await providers.rotate(p.tenantId, req.params.id);
      reply.header('Cache-Control', 'no-store');
      return {
        provider: toProviderDto(provider, config.publicUrl),
        credential: toCredentialDto(credential),
        notice: CREDENTIAL_NOTICE,
      };
    },
  );

  app.delete(
    '/providers/:id',
    { schema: { params: IdParams, querystring: Type.Object({ users: Type.Optional(Type.Literal('local')) }) } },
    async (req, reply) => {
      const p = principalOf(req);
      auth.require(p, 'identity_management.manage');
      await providers.delete(p.tenantId, req.params.id, req.query.users === 'local' ? { users: 'local' } : {});
      return reply.code(204).send();
    },
  );

  syncLogRoutes(root, { auth, syncLog: deps.syncLog });
  usersRoutes(root, { auth, users: deps.userAdmin, lifecycle: deps.lifecycle });
  devicesRoutes(root, { auth, devices: deps.devices });
  legalHoldRoutes(root, { auth, legalHolds: deps.legalHolds });
  providerSettingsRoutes(root, { config, auth, providers, deprovisionGuard: deps.deprovisionGuard });
  providerMappingRoutes(root, { auth, mappings: deps.mappings, mappingApply: deps.mappingApply });
  localUsersRoutes(root, { auth, sessions: deps.sessions, ...deps.localUsers });
  tenantRoutes(root, { auth, tenants: deps.tenants });
}

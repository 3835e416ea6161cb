import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import type { AuditService } from '../../core/audit/audit-service.js';
import type { ApiTokenService } from '../../core/auth/api-token-service.js';
import type { SessionService } from '../../core/auth/session-service.js';
import type { OrganizationService } from '../../core/directory/organization-service.js';
import type { TenantService } from '../../core/directory/tenant-service.js';
import type { UserAdminService } from '../../core/directory/user-admin-service.js';
import type { DeprovisionGuardService } from '../../core/lifecycle/deprovision-guard-service.js';
import type { DeviceService } from '../../core/lifecycle/device-service.js';
import type { LegalHoldService } from '../../core/lifecycle/legal-hold-service.js';
import type { UserLifecycleService } from '../../core/lifecycle/user-lifecycle-service.js';
import type { MappingApplyService } from '../../core/provisioning/mapping-apply.js';
import type { ProviderMappingService } from '../../core/provisioning/provider-mapping-service.js';
import type { ProviderService } from '../../core/provisioning/provider-service.js';
import type { SyncLogService } from '../../core/sync-log/sync-log-service.js';
import { authenticationHook, type Authenticator } from '../../http/authentication.js';
import { routePermissionHook } from '../../http/route-permission.js';
import { apiTokenRoutes } from './api-token-routes.js';
import { auditRoutes } from './audit-routes.js';
import { devicesRoutes } from './devices-routes.js';
import { legalHoldRoutes } from './legal-hold-routes.js';
import { localUsersRoutes, type LocalUsersRouteDeps } from './local-users-routes.js';
import { organizationsRoutes } from './organizations-routes.js';
import { PROBLEM_MEDIA_TYPE, toProblem } from './problem.js';
import { providerMappingRoutes } from './provider-mapping-routes.js';
import { providerSettingsRoutes } from './provider-settings-routes.js';
import { providersRoutes } from './providers-routes.js';
import { rolesRoutes } from './roles-routes.js';
import { syncLogRoutes } from './sync-log-routes.js';
import { tenantRoutes } from './tenant-routes.js';
import { usersRoutes } from './users-routes.js';
import { mfaRoutes } from './mfa-routes.js';
import type { MfaService } from '../../core/auth/mfa-service.js';

export interface AdminApiDeps {
  config: Config;
  /** Tried in order; the first that recognises the request's credential decides (src/http). */
  authenticators: readonly Authenticator[];
  tokens: ApiTokenService;
  audit: AuditService;
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
  /** Sign-in sessions (an administrator ends a user's sessions). */
  sessions: SessionService;
  tenants: TenantService;
  /** SPEC C6 MFA: self-service, the administrator's reset, the user detail's MFA state. */
  mfa: MfaService;
  localUsers: Omit<LocalUsersRouteDeps, 'sessions'>;
}

/**
 * The admin REST API (/api/v1): what the console and automation call; errors are problem+json
 * (SPEC C6). Every route declares its permission (route-spec.ts); the hooks authenticate the
 * caller and check that permission before the handler, and each service command checks its scope.
 */
export async function adminApiPlugin(app: FastifyInstance, deps: AdminApiDeps): Promise<void> {
  const { config, providers } = deps;
  app.decorateRequest('principal', null);
  app.addHook('onRequest', authenticationHook(deps.authenticators));
  app.addHook('preHandler', routePermissionHook);
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

  apiTokenRoutes(app, { tokens: deps.tokens });
  organizationsRoutes(app, { organizations: deps.organizations });
  providersRoutes(app, { config, providers });
  syncLogRoutes(app, { syncLog: deps.syncLog });
  auditRoutes(app, { audit: deps.audit });
  rolesRoutes(app);
  usersRoutes(app, { users: deps.userAdmin, lifecycle: deps.lifecycle, mfa: deps.mfa });
  mfaRoutes(app, { mfa: deps.mfa });
  devicesRoutes(app, { devices: deps.devices });
  legalHoldRoutes(app, { legalHolds: deps.legalHolds });
  providerSettingsRoutes(app, { config, providers, deprovisionGuard: deps.deprovisionGuard });
  providerMappingRoutes(app, { mappings: deps.mappings, mappingApply: deps.mappingApply });
  localUsersRoutes(app, { sessions: deps.sessions, ...deps.localUsers });
  tenantRoutes(app, { tenants: deps.tenants });
}

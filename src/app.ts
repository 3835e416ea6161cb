import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { ApiTokenService } from './core/auth/api-token-service.js';
import { AuditService } from './core/audit/audit-service.js';
import { ProviderAuth } from './core/auth/provider-auth.js';
import { bootstrap, type BootstrapResult } from './core/directory/bootstrap.js';
import { OrganizationService } from './core/directory/organization-service.js';
import { UserAdminService } from './core/directory/user-admin-service.js';
import { DeprovisionGuardService } from './core/lifecycle/deprovision-guard-service.js';
import { DeviceService } from './core/lifecycle/device-service.js';
import { LegalHoldService } from './core/lifecycle/legal-hold-service.js';
import { LifecycleTimers } from './core/lifecycle/timer-runner.js';
import { UserLifecycleService } from './core/lifecycle/user-lifecycle-service.js';
import type { AuditReader, Clock, Ids, Store, SyncLogReader } from './core/ports.js';
import { GroupProvisioning } from './core/provisioning/group-provisioning.js';
import { ProviderMappingService } from './core/provisioning/provider-mapping-service.js';
import { MappingApplyService } from './core/provisioning/mapping-apply.js';
import { ProviderService } from './core/provisioning/provider-service.js';
import { UserProvisioning } from './core/provisioning/user-provisioning.js';
import { SyncLogService } from './core/sync-log/sync-log-service.js';
import cookie from '@fastify/cookie';
import { PasswordLinkService } from './core/auth/password-link-service.js';
import { SessionService, type SessionPolicy } from './core/auth/session-service.js';
import { SignInService } from './core/auth/sign-in-service.js';
import { MfaFactors } from './core/auth/mfa-factor.js';
import { MfaSignIn } from './core/auth/mfa-sign-in.js';
import { MfaService } from './core/auth/mfa-service.js';
import { SecretBox } from './core/auth/secret-box.js';
import { resolveMfaKey } from './config/mfa-key.js';
import { LocalUserService } from './core/directory/local-user-service.js';
import { TenantService } from './core/directory/tenant-service.js';
import { authRoutes } from './adapters/admin-api/auth-routes.js';
import { authRateLimits } from './http/auth-rate-limits.js';
import { passwordLinkUrl } from './http/tenant-address.js';
import { adminApiPlugin } from './adapters/admin-api/admin-api-plugin.js';
import { PROBLEM_MEDIA_TYPE } from './adapters/admin-api/problem.js';
import { ScimError } from './adapters/scim/scim-error.js';
import { SCIM_MEDIA_TYPE, scimPlugin } from './adapters/scim/scim-plugin.js';
import { apiTokenAuthenticator } from './http/api-token-authenticator.js';
import type { Authenticator } from './http/authentication.js';
import { sessionAuthenticator } from './http/session-authenticator.js';
import { consolePlugin } from './http/console.js';
import { RosterMetrics } from './http/metrics.js';
import { createServer } from './http/server.js';
import { TimerSweeper } from './jobs/timer-sweeper.js';
import { openDatabase, type Db } from './storage/db.js';
import { migrateToLatest } from './storage/migrator.js';
import { startStatisticsRefresh } from './storage/pg-statistics.js';
import { createStore } from './storage/store.js';
import { uuidV7 } from './uuid-v7.js';
import type { ErrorRenderers } from './http/error-format.js';

/** How errors no adapter sees are rendered: SCIM error schema or problem+json (http/error-format.ts decides which). */
const TRANSPORT_ERRORS: ErrorRenderers = {
  scim: (status, detail) => ({ mediaType: SCIM_MEDIA_TYPE, body: new ScimError(status, detail).toJSON() }),
  problem: (status, detail) => ({
    mediaType: PROBLEM_MEDIA_TYPE,
    body: { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, code: 'request.invalid' },
  }),
};

export const systemClock: Clock = { now: () => new Date() };
export const uuidIds: Ids = { newId: () => uuidV7() };

/** The services core offers, wired to one store. */
export interface Services {
  store: Store;
  organizations: OrganizationService;
  providers: ProviderService;
  /** SPEC C3: each provider's organization and role mapping settings. */
  mappings: ProviderMappingService;
  /** Apply organization and role settings. */
  mappingApply: MappingApplyService;
  users: UserProvisioning;
  groups: GroupProvisioning;
  providerAuth: ProviderAuth;
  /** SPEC C6: API tokens for automation (authenticate, issue, revoke). */
  apiTokens: ApiTokenService;
  /** SPEC C6: the audit log (read, export, record events). */
  audit: AuditService;
  syncLog: SyncLogService;
  /** SPEC C4: administrators' lifecycle actions, devices, legal holds, the mass-deprovision guard, due timers. */
  lifecycle: UserLifecycleService;
  devices: DeviceService;
  legalHolds: LegalHoldService;
  deprovisionGuard: DeprovisionGuardService;
  /** User search, organization moves and manual roles. */
  userAdmin: UserAdminService;
  timers: LifecycleTimers;
  /** SPEC C1, C6: tenants, local users, password links, sessions and sign-in. */
  tenants: TenantService;
  localUsers: LocalUserService;
  passwordLinks: PasswordLinkService;
  sessions: SessionService;
  signIn: SignInService;
  /** SPEC C6 MFA: the sign-in step, and self-service and administration. */
  mfaSignIn: MfaSignIn;
  mfa: MfaService;
}

/** Session lifetimes from Config (SPEC C6). */
export function sessionPolicy(config: Config): SessionPolicy {
  const a = config.auth;
  return {
    console: { idleMs: a.consoleIdleMs, absoluteMs: a.consoleAbsoluteMs },
    app: { idleMs: a.appIdleMs, absoluteMs: a.appAbsoluteMs },
  };
}

/** Composition root, part 1: repositories → services (STYLE layout). */
export function buildServices(
  store: Store & { syncLogReader: SyncLogReader; auditReader: AuditReader },
  clock: Clock = systemClock,
  ids: Ids = uuidIds,
  policy: SessionPolicy = {
    console: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
    app: { idleMs: 7 * 86_400_000, absoluteMs: 30 * 86_400_000 },
  },
  mfaKey: Buffer | null = null,
): Services {
  const passwordLinks = new PasswordLinkService(store, clock, ids);
  const sessions = new SessionService(store, clock, ids, policy);
  const audit = new AuditService(store.auditReader, store, ids);
  const mfaFactors = new MfaFactors(mfaKey ? new SecretBox(mfaKey) : null);
  const mfaSignIn = new MfaSignIn(store, clock, ids, sessions, mfaFactors);
  return {
    store,
    organizations: new OrganizationService(store, clock, ids),
    providers: new ProviderService(store, clock, ids),
    mappings: new ProviderMappingService(store, clock, ids),
    mappingApply: new MappingApplyService(store, clock, ids),
    users: new UserProvisioning(store, clock, ids),
    groups: new GroupProvisioning(store, clock, ids),
    providerAuth: new ProviderAuth(store),
    apiTokens: new ApiTokenService(store, clock, ids),
    audit,
    syncLog: new SyncLogService(store.syncLogReader, store, clock),
    lifecycle: new UserLifecycleService(store, clock, ids),
    devices: new DeviceService(store, clock, ids),
    legalHolds: new LegalHoldService(store, clock, ids),
    deprovisionGuard: new DeprovisionGuardService(store, clock, ids),
    userAdmin: new UserAdminService(store, clock, ids),
    timers: new LifecycleTimers(store, ids),
    tenants: new TenantService(store, clock, ids, passwordLinks),
    localUsers: new LocalUserService(store, clock, ids, passwordLinks),
    passwordLinks,
    sessions,
    signIn: new SignInService(store, clock, sessions, audit, ids, mfaSignIn),
    mfaSignIn,
    mfa: new MfaService(store, clock, ids, mfaFactors),
  };
}

/** The sign-in API (SPEC C6): cookies, per-IP and per-username rate limits, at every tenant's address. */
async function registerSignInApi(
  app: FastifyInstance,
  config: Config,
  services: Services,
  authenticators: readonly Authenticator[],
): Promise<void> {
  await app.register(cookie);
  const limits = await authRateLimits(app, {
    perIpPerMinute: config.auth.ratePerIpPerMinute,
    perUsernamePerMinute: config.auth.ratePerUsernamePerMinute,
  });
  const authDeps = {
    tenants: services.tenants,
    signIn: services.signIn,
    mfaSignIn: services.mfaSignIn,
    sessions: services.sessions,
    passwordLinks: services.passwordLinks,
    authenticators,
    limits,
    secureCookies: config.publicUrl.startsWith('https://'),
  };
  // The default tenant signs in at the plain address, every tenant at /t/{slug} (README "Tenants").
  await app.register(authRoutes, { prefix: '/api/v1/auth', ...authDeps });
  await app.register(authRoutes, { prefix: '/t/:tenant/api/v1/auth', ...authDeps });
}

/** Composition root, part 2: services → HTTP adapters. The app never listens by itself. */
export async function buildHttp(
  config: Config,
  services: Services,
  logger: Logger | boolean = false,
  metrics?: RosterMetrics,
): Promise<FastifyInstance> {
  const app = await createServer(config, { logger, metrics, transportErrors: TRANSPORT_ERRORS });
  // Who may call the admin API and the signed-in routes of the sign-in API: first match wins.
  const authenticators = [apiTokenAuthenticator(services.apiTokens), sessionAuthenticator(services.sessions)];
  await registerSignInApi(app, config, services, authenticators);
  await app.register(scimPlugin, {
    prefix: '/scim/:providerId/v2',
    config,
    auth: services.providerAuth,
    users: services.users,
    groups: services.groups,
  });
  await app.register(adminApiPlugin, {
    prefix: '/api/v1',
    config,
    authenticators,
    tokens: services.apiTokens,
    audit: services.audit,
    organizations: services.organizations,
    providers: services.providers,
    syncLog: services.syncLog,
    userAdmin: services.userAdmin,
    lifecycle: services.lifecycle,
    devices: services.devices,
    legalHolds: services.legalHolds,
    deprovisionGuard: services.deprovisionGuard,
    mappings: services.mappings,
    mappingApply: services.mappingApply,
    sessions: services.sessions,
    tenants: services.tenants,
    mfa: services.mfa,
    localUsers: {
      localUsers: services.localUsers,
      passwordLinks: services.passwordLinks,
      maxCsvBytes: config.auth.maxCsvBytes,
      linkUrl: async (tenantId, token) =>
        passwordLinkUrl(config.publicUrl, (await services.tenants.get(tenantId)).slug, token),
    },
  });
  await app.register(consolePlugin, { dir: config.consoleDir });
  return app;
}

/** A running-ready Roster: database opened and migrated, catalogue and first-start data ensured. */
export interface Roster {
  app: FastifyInstance;
  db: Db;
  services: Services;
  bootstrap: BootstrapResult;
  /** The lifecycle sweeper (jobs/): running unless ROSTER_SWEEP_INTERVAL_MS is 0; tests call sweepOnce(). */
  sweeper: TimerSweeper;
  close(): Promise<void>;
}

/** The database, migrated, with the services over it and what first start created. */
export interface OpenedRoster {
  db: Db;
  services: Services;
  bootstrap: BootstrapResult;
  /** Counters and histograms of this process (GET /metrics). */
  metrics: RosterMetrics;
}

type RosterOptions = {
  logger?: Logger | boolean;
  clock?: Clock;
  ids?: Ids;
  onQuery?: (sql: string) => void;
  /** Remember credential checks on PostgreSQL (the server does; one-shot CLI commands need not). */
  credentialCache?: boolean;
};

/**
 * Opens the configured database, migrates it, builds the services and bootstraps the directory:
 * the one wiring shared by the server (createRoster) and the operator CLI (STYLE layout).
 */
export async function openRoster(config: Config, opts: RosterOptions = {}): Promise<OpenedRoster> {
  const log = typeof opts.logger === 'object' ? opts.logger : undefined;
  const db = openDatabase(config.databaseUrl, {
    ...(opts.onQuery ? { onQuery: opts.onQuery } : {}),
    onIdleError: (e) => log?.warn({ err: e }, 'database connection dropped; the pool reconnects'),
    credentialCache: opts.credentialCache === true && config.auth.credentialCache,
    onListenerError: (e) =>
      log?.warn({ err: e }, 'credential listener lost; credential checks read the database until it is back'),
    onCheckpointError: (message) => log?.warn({ message }, 'background WAL checkpoint failed; retried shortly'),
  });
  try {
    await migrateToLatest(db.kysely as never);
    const metrics = new RosterMetrics();
    if (db.poolStats) metrics.watchPool(db.poolStats);
    if (db.credentialCache) metrics.watchCredentialCache(db.credentialCache);
    const store = createStore(db, metrics.store);
    const clock = opts.clock ?? systemClock;
    const ids = opts.ids ?? uuidIds;
    // SPEC C6: the key that seals TOTP secrets never lives in the database (README "MFA").
    const mfaKey = resolveMfaKey(config);
    if (!mfaKey) log?.warn('ROSTER_MFA_KEY is not set: MFA enrolment and verification are unavailable (README "MFA")');
    const services = buildServices(store, clock, ids, sessionPolicy(config), mfaKey?.key ?? null);
    const boot = await bootstrap(store, clock, ids);
    return { db, services, bootstrap: boot, metrics };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Opens the configured database, migrates it, bootstraps it and builds the HTTP app. */
export async function createRoster(config: Config, opts: RosterOptions = {}): Promise<Roster> {
  const log = typeof opts.logger === 'object' ? opts.logger : undefined;
  const { db, services, bootstrap: boot, metrics } = await openRoster(config, { credentialCache: true, ...opts });
  try {
    const clock = opts.clock ?? systemClock;
    const app = await buildHttp(config, services, opts.logger ?? false, metrics);
    // SQLite: a scan's timers share group commits (64 per commit at most); PostgreSQL: a few pool connections.
    const sweeper = new TimerSweeper(services.timers, clock, {
      intervalMs: config.sweepIntervalMs,
      concurrency: db.dialect === 'sqlite' ? 64 : 4,
      onSweep: metrics.sweep,
      onError: (e, timerId) =>
        log?.error({ err: e, timerId }, 'lifecycle sweep failed; due timers stay pending and are retried'),
    });
    sweeper.start();
    const stopStatistics =
      db.dialect === 'postgres' && config.pgAnalyzeIntervalMs > 0
        ? startStatisticsRefresh(db.kysely, config.pgAnalyzeIntervalMs, (e) =>
            log?.warn({ err: e }, 'refreshing planner statistics failed'),
          )
        : () => undefined;
    const close = async (): Promise<void> => {
      stopStatistics();
      await sweeper.stop();
      await app.close();
      await db.close();
    };
    return { app, db, services, bootstrap: boot, sweeper, close };
  } catch (e) {
    await db.close();
    throw e;
  }
}

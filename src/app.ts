import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { bootstrap, type BootstrapResult } from './core/directory/bootstrap.js';
import type { Clock, Ids } from './core/ports.js';
import { buildServices, sessionPolicy, systemClock, uuidIds, type Services } from './services.js';
import cookie from '@fastify/cookie';
import { resolveMfaKey } from './config/mfa-key.js';
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
import type { ErrorRenderers } from './http/error-format.js';

/** How errors no adapter sees are rendered: SCIM error schema or problem+json (http/error-format.ts decides which). */
const TRANSPORT_ERRORS: ErrorRenderers = {
  scim: (status, detail) => ({ mediaType: SCIM_MEDIA_TYPE, body: new ScimError(status, detail).toJSON() }),
  problem: (status, detail) => ({
    mediaType: PROBLEM_MEDIA_TYPE,
    body: { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, code: 'request.invalid' },
  }),
};

export { buildServices, sessionPolicy, systemClock, uuidIds, type Services } from './services.js';

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

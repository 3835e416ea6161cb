import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler, RouteOptions } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus metrics (README "Metrics"). Labels are bounded: a route is its pattern, never the raw
// URL; a SCIM provider is counted only once the request authenticated as it. The per-request work
// is one hook per route with its labels worked out when the route was registered: a map lookup
// by status and prom-client's own observe.

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64];

/** The outcome counts of one sweep (jobs/timer-sweeper.ts SweepReport, structurally). */
export interface SweepObservation {
  at: Date;
  due: number;
  lagSeconds: number;
  result: Record<string, number>;
}

/** One Roster process's metrics, in its own registry (several Rosters in one test process never mix). */
export class RosterMetrics {
  readonly registry = new Registry();
  private readonly http = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, and how long they took (_count is the request count).',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly scim = new Counter({
    name: 'roster_scim_operations_total',
    help: 'Authenticated SCIM requests by provider id and kind (user.create, group.patch, bulk, discovery, …).',
    labelNames: ['provider', 'kind'],
    registers: [this.registry],
  });
  private readonly syncLogRows = new Counter({
    name: 'roster_sync_log_rows_written_total',
    help: 'Sync-log rows written by committed transactions.',
    registers: [this.registry],
  });
  private readonly timersDue = new Gauge({
    name: 'roster_sweeper_timers_due',
    help: 'Timers the last sweep of this process found due.',
    registers: [this.registry],
  });
  private readonly sweeperLag = new Gauge({
    name: 'roster_sweeper_lag_seconds',
    help: 'How overdue the oldest due timer was when the last sweep of this process started (0: none was due).',
    registers: [this.registry],
  });
  private readonly lastSweep = new Gauge({
    name: 'roster_sweeper_last_sweep_timestamp_seconds',
    help: 'When the last sweep of this process ran (Unix time, the sweeper clock).',
    registers: [this.registry],
  });
  private readonly timersRun = new Counter({
    name: 'roster_sweeper_timers_total',
    help: 'Timers the sweeper of this process ran, by outcome (done, no_action, lost, failed).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly commitBatch = new Histogram({
    name: 'roster_sqlite_commit_batch_units',
    help: 'SQLite: units of work (transactions) that shared one group commit.',
    buckets: BATCH_SIZES,
    registers: [this.registry],
  });

  private readonly pgBatch = new Histogram({
    name: 'roster_pg_commit_batch_units',
    help: 'PostgreSQL: SCIM creates that shared one transaction and one commit (at most 32).',
    buckets: BATCH_SIZES,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** PostgreSQL: the pool's connections by state, read at each scrape. */
  watchPool(stats: () => { total: number; idle: number; waiting: number }): void {
    new Gauge({
      name: 'roster_db_pool_connections',
      help: 'PostgreSQL pool: open connections (total), idle ones, and requests waiting for one.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const s = stats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
  }

  /** PostgreSQL: the remembered credential checks (storage/credential-cache.ts), read at each scrape. */
  watchCredentialCache(cache: {
    readonly active: boolean;
    readonly size: number;
    readonly stats: { hits: number; misses: number; invalidations: number };
  }): void {
    new Counter({
      name: 'roster_credential_checks_total',
      help:
        'PostgreSQL: session, API-token and provider checks answered from memory (hit) or the database (miss), ' +
        'and change notifications that dropped a user or provider (invalidation).',
      labelNames: ['outcome'],
      registers: [this.registry],
      // The cache keeps the counts; each scrape copies them.
      collect() {
        this.reset();
        this.inc({ outcome: 'hit' }, cache.stats.hits);
        this.inc({ outcome: 'miss' }, cache.stats.misses);
        this.inc({ outcome: 'invalidation' }, cache.stats.invalidations);
      },
    });
    new Gauge({
      name: 'roster_credential_cache_entries',
      help: 'PostgreSQL: remembered credential checks; 0 while the change listener is down (the cache is off).',
      registers: [this.registry],
      collect() {
        this.set(cache.active ? cache.size : 0);
      },
    });
  }

  /** storage/store.ts StoreObserver. */
  readonly store = {
    syncLogRowsWritten: (rows: number): void => this.syncLogRows.inc(rows),
    groupCommit: (units: number): void => this.commitBatch.observe(units),
    batchCommit: (units: number): void => this.pgBatch.observe(units),
  };

  /** jobs/timer-sweeper.ts onSweep. */
  readonly sweep = (report: SweepObservation): void => {
    this.timersDue.set(report.due);
    this.sweeperLag.set(report.lagSeconds);
    this.lastSweep.set(report.at.getTime() / 1000);
    for (const [outcome, n] of Object.entries(report.result)) if (n > 0) this.timersRun.inc({ outcome }, n);
  };

  /** The hook of one route: its labels are fixed here, once; per request only the status varies. */
  routeHook(method: string, route: string, scimKind: string | undefined): onResponseHookHandler {
    const byStatus = new Map<number, { method: string; route: string; status: string }>();
    const byProvider = new Map<string, { provider: string; kind: string }>();
    return (request, reply, done) => {
      const status = reply.statusCode;
      let labels = byStatus.get(status);
      if (!labels) byStatus.set(status, (labels = { method, route, status: String(status) }));
      this.http.observe(labels, reply.elapsedTime / 1000);
      // Only a request that authenticated as its provider (scim-plugin sets request.scim) is counted by provider.
      if (scimKind && (request as { scim?: unknown }).scim) {
        const provider = (request.params as { providerId: string }).providerId;
        let p = byProvider.get(provider);
        if (!p) byProvider.set(provider, (p = { provider, kind: scimKind }));
        this.scim.inc(p);
      }
      done();
    };
  }
}

/** The SCIM operation a route serves, from its pattern and method (RFC 7644 §3). */
export function scimKind(method: string, url: string): string | undefined {
  const m = /\/scim\/:providerId\/v2\/([^/]+)(\/.*)?$/i.exec(url);
  if (!m) return undefined;
  const resource = (m[1] as string).toLowerCase();
  if (resource === 'bulk') return 'bulk';
  if (resource !== 'users' && resource !== 'groups') return 'discovery';
  const kind = resource === 'users' ? 'user' : 'group';
  const rest = m[2] ?? '';
  if (rest === '/.search') return `${kind}.list`;
  const op = { GET: rest ? 'get' : 'list', POST: 'create', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' }[method];
  return op ? `${kind}.${op}` : undefined;
}

function appendHook(route: RouteOptions, hook: onResponseHookHandler): void {
  const existing = route.onResponse;
  route.onResponse = existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Who may scrape: the bearer token when configured, else direct loopback clients only (README "Metrics"). */
function scrapeRefusal(request: FastifyRequest, token: Buffer | undefined): 401 | 403 | undefined {
  if (token) {
    const h = request.headers.authorization ?? '';
    const presented = h.startsWith('Bearer ') ? digest(h.slice(7)) : undefined;
    return presented && timingSafeEqual(presented, token) ? undefined : 401;
  }
  const direct = !request.headers.forwarded && !request.headers['x-forwarded-for'];
  return direct && LOOPBACK.has(request.socket.remoteAddress ?? '') ? undefined : 403;
}

/**
 * Registers the request hooks and GET /metrics on the root instance. Call it before any route is
 * registered: routes added earlier are not measured.
 */
export function registerMetrics(app: FastifyInstance, metrics: RosterMetrics, opts: { token?: string }): void {
  const token = opts.token ? digest(opts.token) : undefined;
  app.addHook('onRoute', (route) => {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    appendHook(route, metrics.routeHook(method, route.url, scimKind(method, route.url)));
  });
  // A URL no route matches is counted once, under one label.
  const unmatched = new Map<string, onResponseHookHandler>();
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.is404) return done();
    let hook = unmatched.get(request.method);
    if (!hook) unmatched.set(request.method, (hook = metrics.routeHook(request.method, 'unmatched', undefined)));
    hook.call(app, request, reply, done);
  });
  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    const refused = scrapeRefusal(request, token);
    if (refused) {
      if (refused === 401) reply.header('www-authenticate', 'Bearer');
      return reply
        .code(refused)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: refused === 401 ? 'Unauthorized' : 'Forbidden',
          status: refused,
          detail:
            refused === 401
              ? 'GET /metrics needs the scrape token (ROSTER_METRICS_TOKEN) as a bearer token'
              : 'GET /metrics answers direct loopback clients only unless ROSTER_METRICS_TOKEN is set',
          code: refused === 401 ? 'auth.unauthenticated' : 'auth.forbidden',
        });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

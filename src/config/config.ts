import { fileURLToPath } from 'node:url';

/** Configuration, read once from the environment and frozen (STYLE habit 6). No other folder reads process.env. */
export interface Config {
  /** PORT: TCP port to listen on. Default 8080. */
  port: number;
  /** HOST: interface to bind. Default 127.0.0.1 (loopback only). */
  host: string;
  /** DATABASE_URL: postgres://… for PostgreSQL, otherwise an SQLite file path. Default ./data/roster.sqlite. */
  databaseUrl: string;
  /** ROSTER_PUBLIC_URL: the externally visible base URL, used in SCIM base URLs and `meta.location`. Default http://HOST:PORT. */
  publicUrl: string;
  /** LOG_LEVEL: pino level. Default info. */
  logLevel: string;
  /**
   * ROSTER_SWEEP_INTERVAL_MS: how often the lifecycle sweeper runs due timers (delayed deactivations,
   * archive purges; SPEC C4). Default 5000 (5 s): a deactivation lands at most that late after its
   * delay. 0 disables the sweeper in this process (e.g. tests, or a process that only serves HTTP).
   */
  sweepIntervalMs: number;
  /**
   * ROSTER_PG_ANALYZE_INTERVAL_MS: PostgreSQL only — how often Roster checks whether its busiest
   * tables changed enough (50 rows + 10 %) to need fresh planner statistics, and ANALYZEs them.
   * Default 10000 (10 s); 0 leaves statistics to autovacuum alone.
   */
  pgAnalyzeIntervalMs: number;
  /** ROSTER_CONSOLE_DIR: the built admin console served at `/`. Default console/dist of this checkout (npm start builds it). */
  consoleDir: string;
  /**
   * ROSTER_METRICS_TOKEN (16 characters at least): when set, GET /metrics requires `Authorization: Bearer <token>` from any
   * client (for a Prometheus scraping through a proxy). Unset (the default), /metrics answers only
   * clients connected directly over loopback and without proxy headers (Forwarded, X-Forwarded-For).
   */
  metricsToken: string | undefined;
  /** Sign-in (SPEC C6). */
  auth: {
    /** ROSTER_CONSOLE_SESSION_IDLE_MINUTES: a console session ends after this long unused. Default 30. */
    consoleIdleMs: number;
    /** ROSTER_CONSOLE_SESSION_MAX_HOURS: a console session ends this long after sign-in, used or not. Default 12. */
    consoleAbsoluteMs: number;
    /** ROSTER_APP_SESSION_IDLE_HOURS: the client app's session idle limit. Default 168 (7 days). */
    appIdleMs: number;
    /** ROSTER_APP_SESSION_MAX_DAYS: the client app's session absolute limit. Default 30. */
    appAbsoluteMs: number;
    /** ROSTER_AUTH_RATE_PER_IP: sign-in requests per minute from one client address. Default 60. */
    ratePerIpPerMinute: number;
    /** ROSTER_AUTH_RATE_PER_USERNAME: sign-in requests per minute for one username of a tenant. Default 10. */
    ratePerUsernamePerMinute: number;
    /** ROSTER_MAX_CSV_BYTES: largest bulk-upload CSV file. Default 32 MiB (about 200,000 users). */
    maxCsvBytes: number;
    /**
     * ROSTER_MFA_KEY: 32 bytes, base64 — the AES-256-GCM key that seals TOTP secrets at rest (README
     * "MFA"). Unset: SQLite keeps a generated key in a file beside the database; PostgreSQL offers no
     * MFA until it is set.
     */
    mfaKey: Buffer | undefined;
    /**
     * ROSTER_CREDENTIAL_CACHE: PostgreSQL only — `on` (default) remembers each session's, API
     * token's and provisioning provider's check between requests and forgets it on every change,
     * told by LISTEN/NOTIFY (README "Sessions and API tokens on PostgreSQL"); `off` reads the
     * database on every request (needed behind a pooler that cannot LISTEN, such as PgBouncer in
     * transaction mode).
     */
    credentialCache: boolean;
  };
  scim: {
    /** ROSTER_SCIM_MAX_RESULTS: the largest page a list returns (ServiceProviderConfig filter.maxResults). Default 1000. */
    maxResults: number;
    /** ROSTER_MAX_BODY_BYTES: largest request body outside /Bulk. Default 1 MiB. */
    maxBodyBytes: number;
    /** ROSTER_BULK_MAX_OPERATIONS: Bulk maxOperations. Default 1000. */
    bulkMaxOperations: number;
    /** ROSTER_BULK_MAX_PAYLOAD_BYTES: Bulk maxPayloadSize. Default 4 MiB. */
    bulkMaxPayloadBytes: number;
  };
}

const MINUTE = 60_000;

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${key} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function onOff(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${key} must be on or off, got "${raw}"`);
}

// A wrong key must stop the start: secrets sealed under it could not be opened later.
function mfaKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim())
    throw new Error('ROSTER_MFA_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  return key;
}

/** Builds the validated, frozen Config from an environment map. */
export function loadConfig(env: Env): Config {
  const port = int(env, 'PORT', 8080);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (env.ROSTER_PUBLIC_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\//.test(publicUrl)) throw new Error(`ROSTER_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  // A scrape token is a secret: a short one is guessable (and would be shown in no log, so fail loudly).
  if (env.ROSTER_METRICS_TOKEN && env.ROSTER_METRICS_TOKEN.length < 16)
    throw new Error('ROSTER_METRICS_TOKEN must be at least 16 characters');
  return Object.freeze({
    port,
    host,
    databaseUrl: env.DATABASE_URL || './data/roster.sqlite',
    publicUrl,
    logLevel: env.LOG_LEVEL || 'info',
    sweepIntervalMs: int(env, 'ROSTER_SWEEP_INTERVAL_MS', 5000),
    pgAnalyzeIntervalMs: int(env, 'ROSTER_PG_ANALYZE_INTERVAL_MS', 10000),
    consoleDir: env.ROSTER_CONSOLE_DIR || fileURLToPath(new URL('../../console/dist', import.meta.url)),
    metricsToken: env.ROSTER_METRICS_TOKEN || undefined,
    auth: Object.freeze({
      consoleIdleMs: int(env, 'ROSTER_CONSOLE_SESSION_IDLE_MINUTES', 30, 1) * MINUTE,
      consoleAbsoluteMs: int(env, 'ROSTER_CONSOLE_SESSION_MAX_HOURS', 12, 1) * 60 * MINUTE,
      appIdleMs: int(env, 'ROSTER_APP_SESSION_IDLE_HOURS', 168, 1) * 60 * MINUTE,
      appAbsoluteMs: int(env, 'ROSTER_APP_SESSION_MAX_DAYS', 30, 1) * 24 * 60 * MINUTE,
      ratePerIpPerMinute: int(env, 'ROSTER_AUTH_RATE_PER_IP', 60, 1),
      ratePerUsernamePerMinute: int(env, 'ROSTER_AUTH_RATE_PER_USERNAME', 10, 1),
      maxCsvBytes: int(env, 'ROSTER_MAX_CSV_BYTES', 32 * 1024 * 1024, 1024),
      mfaKey: mfaKey(env.ROSTER_MFA_KEY),
      credentialCache: onOff(env, 'ROSTER_CREDENTIAL_CACHE', true),
    }),
    scim: Object.freeze({
      maxResults: int(env, 'ROSTER_SCIM_MAX_RESULTS', 1000, 1),
      maxBodyBytes: int(env, 'ROSTER_MAX_BODY_BYTES', 1024 * 1024, 1024),
      bulkMaxOperations: int(env, 'ROSTER_BULK_MAX_OPERATIONS', 1000, 1),
      bulkMaxPayloadBytes: int(env, 'ROSTER_BULK_MAX_PAYLOAD_BYTES', 4 * 1024 * 1024, 1024),
    }),
  });
}

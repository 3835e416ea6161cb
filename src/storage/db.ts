import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent, type SqliteDatabase as SqliteStatements } from 'kysely';
import pg from 'pg';
import { CredentialCache } from './credential-cache.js';
import { CredentialListener } from './credential-listener.js';
import { nulGuard } from './nul-guard.js';
import { runDirectly } from './prepared-query.js';
import { tunePoolClient } from './pg-client.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { cachingSqlite } from './sqlite-statement-cache.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** Options of openDatabase. */
export interface DatabaseOptions {
  poolSize?: number;
  onIdleError?: (e: Error) => void;
  onCheckpointError?: (message: string) => void;
  /** Called with the SQL of every statement run (tests record the query log with it); unset costs nothing. */
  onQuery?: (sql: string) => void;
  /** PostgreSQL: remember credential checks between requests, invalidated by LISTEN/NOTIFY (credential-cache.ts). */
  credentialCache?: boolean;
  /** The credential listener lost its connection or could not listen (it retries). */
  onListenerError?: (e: Error) => void;
}

function queryLog(onQuery: DatabaseOptions['onQuery']): { log?: (e: LogEvent) => void } {
  return onQuery ? { log: (e) => onQuery(e.query.sql) } : {};
}

export interface Db {
  kysely: Kysely<Database>;
  /**
   * Where reads outside transactions go. On SQLite a second, read-only connection: in WAL mode it
   * reads committed data while the writer is busy, so lookups never queue behind a write and
   * requests can join a group commit (sqlite-group-commit.ts). On PostgreSQL the same pool.
   */
  reader: Kysely<Database>;
  dialect: Dialect;
  /**
   * SQLite (a file, no query log): the writer connection, on which a transaction's prepared
   * statements may run directly (prepared-query.ts runDirectly). Undefined otherwise.
   */
  sqliteWriter?: SqliteStatements;
  /** PostgreSQL: the most connections the pool opens; undefined on SQLite. */
  poolSize?: number;
  /** PostgreSQL: the connection pool's counts right now (metrics); undefined on SQLite. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** PostgreSQL with DatabaseOptions.credentialCache: the remembered credential checks. */
  credentialCache?: CredentialCache;
  close(): Promise<void>;
}

/** Opens the configured store: PostgreSQL for postgres:// URLs, otherwise an SQLite file (WAL). */
export function openDatabase(url: string, opts: DatabaseOptions = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Pipeline mode sends a query without waiting for the one before to finish; Kysely awaits every
    // query, so only the BEGIN that tunePoolClient leaves in flight ever shares the wire with another.
    const poolSize = opts.poolSize ?? 10;
    const pool = new pg.Pool({ connectionString: url, max: poolSize, pipeline: true });
    // An idle client the server terminates (restart, failover, `drop database … with (force)` right
    // after close) makes the pool emit 'error'; unheard, that crashes the process. The pool has
    // already dropped the client and opens a new one on demand, so report it and carry on.
    pool.on('error', (e) => opts.onIdleError?.(e));
    // Tuned first: the credential listener's LISTEN then goes through the tuned client like any query.
    pool.on('connect', (client) => tunePoolClient(client));
    const cache = opts.credentialCache ? new CredentialCache() : undefined;
    const listener = cache && new CredentialListener(url, cache, opts.onListenerError);
    listener?.attachPool(pool);
    listener?.start();
    const kysely = new Kysely<Database>({
      dialect: nulGuard(new PostgresDialect({ pool })),
      ...queryLog(opts.onQuery),
    });
    return {
      kysely,
      reader: kysely,
      dialect: 'postgres',
      poolSize,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      ...(cache ? { credentialCache: cache } : {}),
      close: async () => {
        await listener?.close();
        await kysely.destroy();
      },
    };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const writer = sqliteConnection(file, false);
  const writerStatements = cachingSqlite(writer);
  const kysely = new Kysely<Database>({
    dialect: nulGuard(new SqliteDialect({ database: writerStatements })),
    ...queryLog(opts.onQuery),
  });
  if (file === ':memory:') return { kysely, reader: kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  // Opened on first use, by Kysely or by a prepared statement run directly, whichever comes first.
  let readerConnection: SqliteDatabase.Database | undefined;
  let readerStatements: SqliteStatements | undefined;
  const openReader = (): SqliteStatements =>
    (readerStatements ??= cachingSqlite((readerConnection = sqliteConnection(file, true))));
  const reader = new Kysely<Database>({
    dialect: nulGuard(new SqliteDialect({ database: () => Promise.resolve(openReader()) })),
    ...queryLog(opts.onQuery),
  });
  // The query log sees every statement only through Kysely.
  if (!opts.onQuery) runDirectly(reader, openReader);
  const checkpointer = startCheckpointer(file, opts.onCheckpointError ? { onError: opts.onCheckpointError } : {});
  return {
    kysely,
    reader,
    dialect: 'sqlite',
    ...(opts.onQuery ? {} : { sqliteWriter: writerStatements }),
    close: async () => {
      await checkpointer.stop();
      await reader.destroy();
      // Kysely closes only a connection it opened itself.
      if (readerConnection?.open) readerConnection.close();
      await kysely.destroy();
    },
  };
}

function sqliteConnection(file: string, readonly: boolean): SqliteDatabase.Database {
  const sqlite = new SqliteDatabase(file, { readonly, fileMustExist: readonly });
  // WAL lets readers proceed during writes; NORMAL sync is durable across app crashes in WAL mode.
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The writer gets 128 MiB of page cache: the default 2 MiB made inserts into random index pages of
  // a 100,000-user directory read from disk and halved throughput as the file grew (bench).
  // The reader's cache is dropped whenever the writer commits, so a large one buys little and a
  // full-table read (a CSV export of the sync log) fills it: 8 MiB keeps the export's peak RSS
  // under 200 MB (bench/synclog) and still holds the upper levels of the hot indexes.
  sqlite.pragma(readonly ? 'cache_size = -8192' : 'cache_size = -131072');
  sqlite.pragma('temp_store = MEMORY');
  // Unicode lower-casing for case-insensitive SCIM comparisons (predicate-compare.ts `ciLower`):
  // SQLite's lower() folds ASCII only, and the stored `*_lower` columns are lowered in JavaScript.
  sqlite.function('roster_lower', { deterministic: true }, (x: unknown) =>
    typeof x === 'string' ? x.toLowerCase() : x,
  );
  // A worker thread checkpoints the WAL (sqlite-checkpointer.ts), so commits never copy it back on
  // the event loop. Should it fall behind, the writer still checkpoints past ~400 MiB of WAL, and
  // after a checkpoint the WAL file is cut back to 64 MiB.
  if (!readonly) {
    sqlite.pragma('wal_autocheckpoint = 100000');
    sqlite.pragma('journal_size_limit = 67108864');
  }
  return sqlite;
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { nulGuard } from './nul-guard.js';
import { cachingSqlite } from './sqlite-statement-cache.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens the configured store: PostgreSQL for postgres:// URLs, otherwise an SQLite file (WAL). */
export function openDatabase(url: string, opts: { poolSize?: number; onIdleError?: (e: Error) => void } = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    // An idle client the server terminates (restart, failover, `drop database … with (force)` right
    // after close) makes the pool emit 'error'; unheard, that crashes the process. The pool has
    // already dropped the client and opens a new one on demand, so report it and carry on.
    pool.on('error', (e) => opts.onIdleError?.(e));
    const kysely = new Kysely<Database>({ dialect: nulGuard(new PostgresDialect({ pool })) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers proceed during writes; NORMAL sync is durable across app crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 128 MiB of page cache: the default 2 MiB made inserts into random index pages of a 100,000-user
  // directory read from disk and halved throughput as the file grew (bench, issue 2).
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('temp_store = MEMORY');
  const kysely = new Kysely<Database>({ dialect: nulGuard(new SqliteDialect({ database: cachingSqlite(sqlite) })) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

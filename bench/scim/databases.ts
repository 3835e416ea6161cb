import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

export type DbKind = 'sqlite' | 'postgres';

/** A fresh, empty database for one bench run; `drop` removes it (also on SIGINT/exit). */
export interface BenchDatabase {
  kind: DbKind;
  url: string;
  /** Bytes on disk (SQLite files incl. WAL, or pg_database_size). */
  sizeBytes(): Promise<number | null>;
  drop(): Promise<void>;
}

/**
 * The PostgreSQL server the bench uses: BENCH_PG_URL, else DATABASE_URL when it names
 * PostgreSQL, else the local test server (PostgreSQL 15, trust auth), as test/helpers does.
 */
export function pgAdminUrl(): string {
  if (process.env.BENCH_PG_URL) return process.env.BENCH_PG_URL;
  if (/^postgres/.test(process.env.DATABASE_URL ?? '')) return process.env.DATABASE_URL as string;
  return 'postgres://postgres@127.0.0.1:5432/test';
}

/** Creates an empty database of the given kind. */
export async function createBenchDatabase(kind: DbKind): Promise<BenchDatabase> {
  return kind === 'sqlite' ? createSqlite() : createPostgres();
}

function createSqlite(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  // BENCH_KEEP_DB=1 keeps the SQLite file for a look at query plans afterwards (its path is printed).
  const keep = process.env.BENCH_KEEP_DB === '1';
  if (keep) process.stderr.write(`  keeping the database in ${dir}\n`);
  const drop = onCleanup({ sync: () => (keep ? undefined : rmSync(dir, { recursive: true, force: true })) });
  return {
    kind: 'sqlite',
    url: join(dir, 'roster.sqlite'),
    sizeBytes: async () => readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0),
    drop,
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function createPostgres(): Promise<BenchDatabase> {
  const admin = pgAdminUrl();
  const name = `roster_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await withAdmin(admin, (c) => c.query(`create database ${name}`));
  } catch (e) {
    throw new Error(
      `cannot create a PostgreSQL database through ${admin} (set BENCH_PG_URL): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const drop = onCleanup({
    async: () => withAdmin(admin, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  });
  return {
    kind: 'postgres',
    url: url.toString(),
    sizeBytes: () =>
      withAdmin(admin, async (c) =>
        Number((await c.query<{ n: string }>('select pg_database_size($1) as n', [name])).rows[0]?.n ?? 0),
      ),
    drop,
  };
}

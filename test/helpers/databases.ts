import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Db, type Dialect } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrator.js';

/**
 * The PostgreSQL server the tests use. DATABASE_URL wins when it names PostgreSQL
 * (.ci/run sets it); otherwise the machine's local server. Every test database is created
 * and dropped by the test that uses it, so runs never collide.
 */
export const PG_ADMIN_URL = /^postgres/.test(process.env.DATABASE_URL ?? '')
  ? (process.env.DATABASE_URL as string)
  : 'postgres://postgres@127.0.0.1:5432/test';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  url: string;
  dialect: Dialect;
  /** Drops the database (PostgreSQL) or deletes its files (SQLite). */
  drop(): Promise<void>;
}

/** Creates an empty database of the given dialect and returns its URL. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'roster-test-'));
    return {
      url: join(dir, 'roster.sqlite'),
      dialect,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `roster_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dialect,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated database, opened; `dispose` closes and drops it. */
export async function openMigratedDatabase(
  dialect: Dialect,
): Promise<{ db: Db; url: string; dispose(): Promise<void> }> {
  const t = await createTestDatabase(dialect);
  const db = openDatabase(t.url);
  await migrateToLatest(db.kysely as never);
  return {
    db,
    url: t.url,
    dispose: async () => {
      await db.close();
      await t.drop();
    },
  };
}

import assert from 'node:assert/strict';
import pg from 'pg';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase } from './databases.js';

/** Asks `ok` every 5 ms until it holds; fails the test after `ms`. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface TwoInstances {
  a: Roster;
  b: Roster;
  /** The database's URL, for a third instance or a listener of the test's own. */
  url: string;
  /** A plain connection to the same database, for changes made by no Roster at all. */
  sql: pg.Client;
  /** Closes both instances and the connection, then drops the database. */
  close(): Promise<void>;
}

/**
 * Two Roster instances sharing one fresh PostgreSQL database (docs/scaling.md), each with its
 * credential listener up, so that what one remembers can be seen to follow what the other writes.
 */
export async function startTwoInstances(): Promise<TwoInstances> {
  const database = await createTestDatabase('postgres');
  const config = loadConfig({
    DATABASE_URL: database.url,
    ROSTER_SWEEP_INTERVAL_MS: '0',
    ROSTER_PG_ANALYZE_INTERVAL_MS: '0',
  });
  const started: { close(): Promise<unknown> }[] = [];
  const close = async () => {
    for (const s of started.reverse()) await s.close();
    await database.drop();
  };
  try {
    const a = await createRoster(config);
    started.push(a);
    const b = await createRoster(config);
    started.push(b);
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    started.push({ close: () => sql.end() });
    await until('both listeners are up', () => !!a.db.credentialCache?.active && !!b.db.credentialCache?.active);
    return { a, b, url: database.url, sql, close };
  } catch (e) {
    await close();
    throw e;
  }
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import { tunePoolClient } from './pg-client.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase('postgres');
});
after(async () => database.drop());

/** A tuned pool client (as db.ts opens them) and the number of writes its socket made so far. */
async function tuned(): Promise<{ client: pg.PoolClient; writes: () => number; done: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: database.url, max: 1, pipeline: true } as pg.PoolConfig);
  pool.on('connect', (c) => tunePoolClient(c));
  const client = await pool.connect();
  const socket = (client as unknown as { connection: { stream: { _write: unknown; _writev: unknown } } }).connection
    .stream as unknown as Record<'_write' | '_writev', (...a: unknown[]) => unknown>;
  let n = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...a: unknown[]) => {
      n++;
      return original(...a);
    };
  }
  return {
    client,
    writes: () => n,
    done: async () => {
      client.release();
      await pool.end();
    },
  };
}

const q = (c: pg.PoolClient, text: string, values: unknown[] = []): Promise<pg.QueryResult> =>
  c.query(text, values) as Promise<pg.QueryResult>;

test('what a connection is given in one turn of the event loop goes out in one write', async () => {
  const { client, writes, done } = await tuned();
  try {
    const before = writes();
    const begun = q(client, 'begin');
    const read = q(client, 'select $1::int as n', [7]);
    const [, r] = await Promise.all([begun, read]);
    assert.deepEqual(r.rows, [{ n: 7 }]);
    assert.equal(writes() - before, 1, 'BEGIN and the read behind it: one write');
    const mid = writes();
    await q(client, 'select 1');
    await q(client, 'commit');
    assert.equal(writes() - mid, 2, 'statements given one after the other, each awaited: one write each');
  } finally {
    await done();
  }
});

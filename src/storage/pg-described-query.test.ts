import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import { describedQuery } from './pg-described-query.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase('postgres');
  const c = await connect();
  await c.query('create table t (id int primary key, name text, active boolean, at timestamptz)');
  await c.query(`insert into t values (1, 'Ada', true, '2026-01-02T03:04:05Z'), (2, null, false, null)`);
  await c.end();
});
after(async () => database.drop());

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  return c;
}

/** A client that counts the RowDescription messages PostgreSQL sends it. */
async function counted(): Promise<{ c: pg.Client; descriptions: () => number }> {
  const c = await connect();
  let n = 0;
  (c as unknown as { connection: pg.Connection }).connection.on('rowDescription', () => n++);
  return { c, descriptions: () => n };
}

const run = (c: pg.Client, name: string, text: string, values: unknown[]): Promise<pg.QueryResult> =>
  new Promise((resolve, reject) => {
    void c.query(
      describedQuery(name, text, values, (e, r) => (e ? reject(e) : resolve(r as pg.QueryResult))) as pg.Query,
    );
  });

const BY_ID = 'select * from t where id = $1';

test('a named statement is described on its first run on a connection only, its rows parsed alike', async () => {
  const { c, descriptions } = await counted();
  try {
    const first = await run(c, 'by_id', BY_ID, [1]);
    assert.equal(descriptions(), 1);
    const expected = { id: 1, name: 'Ada', active: true, at: new Date('2026-01-02T03:04:05Z') };
    assert.deepEqual({ ...first.rows[0] }, expected);
    const second = await run(c, 'by_id', BY_ID, [2]);
    const third = await run(c, 'by_id', BY_ID, [1]);
    assert.equal(descriptions(), 1, 'no RowDescription after the first run');
    assert.deepEqual({ ...second.rows[0] }, { id: 2, name: null, active: false, at: null });
    assert.deepEqual({ ...third.rows[0] }, expected);
    assert.deepEqual(
      second.fields.map((f) => f.name),
      ['id', 'name', 'active', 'at'],
    );
  } finally {
    await c.end();
  }
});

test('a first run that finds nothing still learns the columns a later row is parsed with', async () => {
  const { c, descriptions } = await counted();
  try {
    assert.deepEqual((await run(c, 'by_id', BY_ID, [99])).rows, []);
    const later = await run(c, 'by_id', BY_ID, [1]);
    assert.equal(descriptions(), 1);
    assert.equal(later.rows[0].active, true);
    assert.equal(later.rows[0].id, 1);
  } finally {
    await c.end();
  }
});

test('a statement without rows runs again and again with its row count', async () => {
  const { c } = await counted();
  try {
    const text = 'update t set active = $1 where id = $2';
    assert.equal((await run(c, 'flip', text, [false, 1])).rowCount, 1);
    assert.equal((await run(c, 'flip', text, [true, 1])).rowCount, 1);
    assert.equal((await run(c, 'flip', text, [true, 42])).rowCount, 0);
    assert.equal((await run(c, 'by_id', BY_ID, [1])).rows[0].active, true);
  } finally {
    await c.end();
  }
});

test('each connection learns for itself; a failed first run teaches nothing', async () => {
  const a = await counted();
  const b = await counted();
  try {
    await run(a.c, 'by_id', BY_ID, [1]);
    await run(b.c, 'by_id', BY_ID, [1]);
    assert.equal(b.descriptions(), 1, 'the second connection asks for its own description');
    // Fails while executing, after PostgreSQL described the portal (a constant would fail at Bind).
    const ratio = 'select id, 10 / (id - $1::int) as q from t where id = 1';
    await assert.rejects(run(a.c, 'ratio', ratio, [1]), /division by zero/);
    const ok = await run(a.c, 'ratio', ratio, [-4]);
    assert.deepEqual({ ...ok.rows[0] }, { id: 1, q: 2 });
    assert.equal(a.descriptions(), 3, 'described again after the failed run');
  } finally {
    await a.c.end();
    await b.c.end();
  }
});

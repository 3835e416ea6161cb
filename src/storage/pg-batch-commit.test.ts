import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import { openDatabase, type Db } from './db.js';
import { PgBatchCommit } from './pg-batch-commit.js';
import type { Database } from './schema.js';

let database: TestDatabase;
let db: Db;
before(async () => {
  database = await createTestDatabase('postgres');
  db = openDatabase(database.url);
  await sql`create table batch_probe (k text primary key)`.execute(db.kysely);
});
after(async () => {
  await db?.close();
  await database?.drop();
});
beforeEach(async () => {
  await sql`delete from batch_probe`.execute(db.kysely);
});

const insert = (k: string) => async (trx: Kysely<Database>) => {
  await sql`insert into batch_probe (k) values (${k})`.execute(trx);
  return k;
};
const keys = async () =>
  (await sql<{ k: string }>`select k from batch_probe order by k`.execute(db.kysely)).rows.map((r) => r.k);

/** A batcher running one batch at a time, so that what is given while it runs waits and goes together. */
function oneAtATime() {
  const batches: number[] = [];
  const alone = (fn: (trx: Kysely<Database>) => Promise<unknown>) => db.kysely.transaction().execute(fn);
  return { batcher: new PgBatchCommit(db.kysely, alone, 1, (n) => batches.push(n)), batches };
}

test('units given while a batch runs commit together, in one transaction', async () => {
  const { batcher, batches } = oneAtATime();
  const done = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => batcher.run(insert(k))));
  assert.deepEqual(done, ['a', 'b', 'c', 'd', 'e']);
  // The first ran alone (nothing was waiting); the four given meanwhile shared one commit.
  assert.deepEqual(batches, [4]);
  assert.deepEqual(await keys(), ['a', 'b', 'c', 'd', 'e']);
});

test('a failing unit fails alone: the others of its batch run again and commit, it gets its own error', async () => {
  const { batcher, batches } = oneAtATime();
  await sql`insert into batch_probe (k) values ('taken')`.execute(db.kysely);
  const outcomes = await Promise.allSettled(['a', 'b', 'taken', 'c', 'd'].map((k) => batcher.run(insert(k))));
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
  );
  const failed = outcomes[2] as PromiseRejectedResult;
  assert.equal((failed.reason as { code?: string }).code, '23505');
  assert.deepEqual(batches, [], 'the batch holding the failure committed nothing');
  assert.deepEqual(await keys(), ['a', 'b', 'c', 'd', 'taken']);
});

test('a unit that throws before writing anything fails alone too', async () => {
  const { batcher } = oneAtATime();
  const refuse = async () => {
    throw new Error('refused');
  };
  const outcomes = await Promise.allSettled([
    batcher.run(insert('a')),
    batcher.run(insert('b')),
    batcher.run(refuse),
    batcher.run(insert('c')),
  ]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepEqual(await keys(), ['a', 'b', 'c']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openMigratedDatabase } from '../../test/helpers/databases.js';
import { openDatabase } from './db.js';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrator.js';
import { padded, preparedBySize, preparedQuery } from './prepared-query.js';

test("a prepared query binds each call's arguments in place of the markers, constants kept", async () => {
  const db = openDatabase(':memory:');
  try {
    await migrateToLatest(db.kysely as never);
    const insert = preparedBySize((k, size: number, ...v: unknown[]) =>
      k.insertInto('tenants').values(
        Array.from({ length: size }, (_, i) => ({
          id: v[i * 2] as string,
          name: v[i * 2 + 1] as string,
          require_email_username: 1,
          created_at: 'fixed',
        })),
      ),
    );
    await insert(db.kysely, 'sqlite', 2, 'a', 'Alpha', 'b', 'Beta');
    await insert(db.kysely, 'sqlite', 1, 'c', 'Gamma');
    const byName = preparedQuery((k, name: string) =>
      k
        .selectFrom('tenants')
        .select(['id', 'created_at'])
        .where('name', '=', name)
        .where('require_email_username', '=', 1),
    );
    assert.deepEqual(await byName(db.kysely, 'sqlite', 'Beta'), [{ id: 'b', created_at: 'fixed' }]);
    assert.deepEqual(
      await byName(db.kysely, 'sqlite', 'Gamma'),
      [{ id: 'c', created_at: 'fixed' }],
      'the second call binds its own argument',
    );
    assert.deepEqual(await byName(db.kysely, 'sqlite', 'nobody'), []);
  } finally {
    await db.close();
  }
});

test('padded lists reach the next power of two by repeating the last id', () => {
  assert.deepEqual(padded(['a']), ['a']);
  assert.deepEqual(padded(['a', 'b', 'c']), ['a', 'b', 'c', 'c']);
  assert.equal(padded(Array.from({ length: 100 }, (_, i) => `u${i}`)).length, 128);
  assert.equal(padded(Array.from({ length: 128 }, (_, i) => `u${i}`)).length, 128);
});

test('on PostgreSQL a template runs as a named statement, parsed once per connection', async () => {
  const { db, dispose } = await openMigratedDatabase('postgres');
  try {
    const byName = preparedQuery((k, name: string) =>
      k.selectFrom('tenants').select('name').where('name', '=', name).where('require_email_username', '=', 1),
    );
    await db.kysely.connection().execute(async (c) => {
      await c
        .insertInto('tenants')
        .values({ id: 't', name: 'Alpha', require_email_username: 1, created_at: 'x' })
        .execute();
      assert.deepEqual(await byName(c, 'postgres', 'Alpha'), [{ name: 'Alpha' }]);
      assert.deepEqual(await byName(c, 'postgres', 'Beta'), [], 'the second run binds its own argument');
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c);
      assert.equal(prepared.rows.filter((r) => r.statement.startsWith('select "name" from "tenants" where')).length, 1);
    });
    const plain = await sql<{ n: number }>`select 1 as n`.execute(db.kysely);
    assert.deepEqual(plain.rows, [{ n: 1 }], 'other SQL runs unnamed');
  } finally {
    await dispose();
  }
});

test('on PostgreSQL the SQL of a statement nobody waits for is still answered to every other caller of it', async () => {
  const { db, dispose } = await openMigratedDatabase('postgres');
  try {
    const row = (k: Kysely<Database>, id: string) =>
      k.insertInto('tenants').values({ id, name: 'Shared', require_email_username: 1, created_at: 'x' });
    const unread = preparedQuery((k, id: string) => row(k, id), { resultUnused: true });
    const read = preparedQuery((k, id: string) => row(k, id));
    await db.kysely.transaction().execute(async (trx) => {
      await unread(trx, 'postgres', 'first');
    });
    // A template of the same SQL that reads its result, and the same SQL built ad hoc, must each
    // see their own failure from their own call, not from the transaction's next statement.
    for (const insert of [
      (trx: Kysely<Database>) => read(trx, 'postgres', 'first'),
      (trx: Kysely<Database>) => row(trx, 'first').execute(),
    ])
      await assert.rejects(
        db.kysely.transaction().execute(async (trx) => {
          await insert(trx).catch((e: unknown) => {
            throw Object.assign(new Error('own failure'), { cause: e });
          });
          await sql`select 1`.execute(trx);
        }),
        (e: Error & { cause?: { code?: string } }) => e.message === 'own failure' && e.cause?.code === '23505',
      );
  } finally {
    await dispose();
  }
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/storage/db.js';
import { SqliteGroupCommit } from '../../src/storage/sqlite-group-commit.js';
import { openMigratedDatabase } from '../helpers/databases.js';

// SQLite-only: the group commit shares one COMMIT among queued units, each in its own savepoint.
let db: Db;
let dispose: () => Promise<void>;
before(async () => {
  ({ db, dispose } = await openMigratedDatabase('sqlite'));
});
after(async () => dispose());

const tenant = (id: string) => ({ id, name: id, require_email_username: 1, created_at: 'x' });

test('units queued together commit together, and a failing unit rolls back alone', async () => {
  const group = new SqliteGroupCommit(db.kysely);
  const results = await Promise.allSettled([
    group.run((trx) => trx.insertInto('tenants').values(tenant('a')).execute()),
    group.run(async (trx) => {
      await trx.insertInto('tenants').values(tenant('b')).execute();
      throw new Error('unit b fails after writing');
    }),
    group.run((trx) => trx.insertInto('tenants').values(tenant('c')).execute()),
    group.run((trx) => trx.insertInto('tenants').values(tenant('a')).execute()), // duplicate key
    group.run((trx) => trx.insertInto('tenants').values(tenant('d')).execute()),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
  );
  const ids = (await db.kysely.selectFrom('tenants').select('id').orderBy('id').execute()).map((r) => r.id);
  assert.deepEqual(ids, ['a', 'c', 'd'], 'b and the duplicate left nothing; their neighbours are intact');
});

test('a unit sees the writes of earlier units of its batch', async () => {
  const group = new SqliteGroupCommit(db.kysely);
  const first = group.run((trx) => trx.insertInto('tenants').values(tenant('e')).execute());
  const second = group.run(async (trx) =>
    Number((await sql<{ n: number }>`select count(*) as n from tenants where id = 'e'`.execute(trx)).rows[0]?.n),
  );
  await first;
  assert.equal(await second, 1);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/db.js';
import { migrateAllDown, migrateToLatest } from '../../src/storage/migrator.js';
import { createTestDatabase, DIALECTS } from '../helpers/databases.js';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    test('run up, down and up again', async () => {
      const t = await createTestDatabase(dialect);
      const db = openDatabase(t.url);
      try {
        const applied = await migrateToLatest(db.kysely as never);
        assert.ok(applied.length >= 1);
        await db.kysely.insertInto('tenants').values({ id: 't1', name: 'T', require_email_username: 1, created_at: 'x' }).execute();
        await migrateAllDown(db.kysely as never);
        const again = await migrateToLatest(db.kysely as never);
        assert.deepEqual(again, applied);
        const rows = await sql<{ n: number }>`select count(*) as n from tenants`.execute(db.kysely);
        assert.equal(Number(rows.rows[0]?.n), 0, 'down dropped the data with the tables');
      } finally {
        await db.close();
        await t.drop();
      }
    });
  });
}

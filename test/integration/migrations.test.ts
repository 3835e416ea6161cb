import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/db.js';
import { migrateAllDown, migrateDown, migrateToLatest } from '../../src/storage/migrator.js';
import { createTestDatabase, DIALECTS } from '../helpers/databases.js';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    test('run up, down and up again', async () => {
      const t = await createTestDatabase(dialect);
      const db = openDatabase(t.url);
      try {
        const applied = await migrateToLatest(db.kysely as never);
        assert.ok(applied.length >= 1);
        await db.kysely
          .insertInto('tenants')
          .values({ id: 't1', name: 'T', require_email_username: 1, created_at: 'x' })
          .execute();
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

    test('0008 gives the first existing tenant the slug "default" and the others their id', async () => {
      const t = await createTestDatabase(dialect);
      const db = openDatabase(t.url);
      try {
        await migrateToLatest(db.kysely as never);
        await migrateDown(db.kysely as never);
        await migrateDown(db.kysely as never);
        await sql`insert into tenants (id, name, require_email_username, created_at) values ('t2', 'Second', 1, '2026-02-01T00:00:00.000Z'), ('t1', 'First', 1, '2026-01-01T00:00:00.000Z')`.execute(
          db.kysely,
        );
        await migrateToLatest(db.kysely as never);
        const rows = await sql<{ id: string; slug: string }>`select id, slug from tenants order by id`.execute(
          db.kysely,
        );
        assert.deepEqual(rows.rows, [
          { id: 't1', slug: 'default' },
          { id: 't2', slug: 't2' },
        ]);
      } finally {
        await db.close();
        await t.drop();
      }
    });

    test('0006 fills username_lower of existing sync-log rows with Unicode lower-casing', async () => {
      const t = await createTestDatabase(dialect);
      const db = openDatabase(t.url);
      try {
        await migrateToLatest(db.kysely as never);
        // Revert the later migrations first, then 0006 itself.
        for (let i = 0; i < 3; i += 1) await migrateDown(db.kysely as never);
        const names = ['ÉLODIE@Example.com', 'Bob@Example.com', 'ZOË@x.com', null];
        for (const [i, username] of names.entries()) {
          await sql`insert into sync_log (tenant_id, at, username, change_type) values ('t1', ${`2026-01-0${i + 1}T00:00:00.000Z`}, ${username}, 'Created')`.execute(
            db.kysely,
          );
        }
        await migrateToLatest(db.kysely as never);
        const rows = await sql<{
          username: string | null;
          username_lower: string | null;
        }>`select username, username_lower from sync_log order by at`.execute(db.kysely);
        assert.deepEqual(
          rows.rows.map((r) => r.username_lower),
          ['élodie@example.com', 'bob@example.com', 'zoë@x.com', null],
        );
      } finally {
        await db.close();
        await t.drop();
      }
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { refreshStatistics } from '../../src/storage/pg-statistics.js';
import { openMigratedDatabase } from '../helpers/databases.js';

// PostgreSQL only: the statistics refresh analyzes exactly the tables that changed enough.
test('refreshStatistics analyzes a table after enough changes and not before', async () => {
  const { db, dispose } = await openMigratedDatabase('postgres');
  try {
    const insert = async (from: number, n: number) => {
      const rows = Array.from({ length: n }, (_, i) => ({
        id: `t${from + i}`,
        name: 'x',
        require_email_username: 1,
        created_at: 'x',
      }));
      await db.kysely.insertInto('tenants').values(rows).execute();
    };
    const org = async (n: number) => {
      await insert(0, 1);
      const rows = Array.from({ length: n }, (_, i) => ({
        tenant_id: 't0',
        at: 'x',
        change_type: 'Created',
        provider_id: null,
        user_id: null,
        username: `u${i}`,
        attribute: null,
        old_value: null,
        new_value: null,
        detail: null,
      }));
      await db.kysely.insertInto('sync_log').values(rows).execute();
    };
    await org(10);
    // pg_stat counters are flushed asynchronously; give them the flush the server would do anyway.
    await sql`select pg_stat_force_next_flush()`.execute(db.kysely).catch(() => undefined);
    assert.deepEqual(await refreshStatistics(db.kysely), [], '10 rows are below the threshold');
    const more = Array.from({ length: 500 }, (_, i) => ({
      tenant_id: 't0',
      at: 'x',
      change_type: 'Created',
      provider_id: null,
      user_id: null,
      username: `v${i}`,
      attribute: null,
      old_value: null,
      new_value: null,
      detail: null,
    }));
    await db.kysely.insertInto('sync_log').values(more).execute();
    let analyzed: string[] = [];
    for (let i = 0; i < 50 && !analyzed.includes('sync_log'); i++) {
      await sql`select pg_stat_force_next_flush()`.execute(db.kysely).catch(() => undefined);
      analyzed = await refreshStatistics(db.kysely);
      if (!analyzed.includes('sync_log')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(analyzed.includes('sync_log'), `sync_log analyzed, got ${JSON.stringify(analyzed)}`);
    const after = await sql<{
      n: string;
    }>`select n_mod_since_analyze as n from pg_stat_user_tables where relname = 'sync_log'`.execute(db.kysely);
    assert.equal(Number(after.rows[0]?.n), 0);
  } finally {
    await dispose();
  }
});

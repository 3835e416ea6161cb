import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openMigratedDatabase } from '../helpers/databases.js';

// SQLite-only: a worker thread checkpoints the WAL (src/storage/sqlite-checkpointer.ts), so the
// writer's commits never copy it back into the database file themselves.

test('WAL frames reach the database file without the writer checkpointing, and close() stops the worker', async () => {
  const { db, url, dispose } = await openMigratedDatabase('sqlite');
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  try {
    const before = statSync(file).size;
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      tenant_id: 't',
      at: new Date(1_700_000_000_000 + i).toISOString(),
      change_type: 'Modified',
      username: `user${i}@example.com`,
      detail: 'x'.repeat(400),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db.kysely
        .insertInto('sync_log')
        .values(rows.slice(i, i + 500))
        .execute();
    // ~2.5 MB went to the WAL; the writer's own threshold (~400 MiB) is far away, so only the worker moves it.
    let grown = 0;
    for (let waited = 0; waited < 10_000 && grown < 2_000_000; waited += 100) {
      await sleep(100);
      grown = statSync(file).size - before;
    }
    assert.ok(grown >= 2_000_000, `the database file grew by ${grown} bytes`);
    const [count] = await db.kysely
      .selectFrom('sync_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    assert.equal(Number(count?.n), 5000);
  } finally {
    const t0 = Date.now();
    await dispose();
    assert.ok(Date.now() - t0 < 2000, 'close() returns promptly: the worker stops on request');
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { migrateAllDown, migrateTo, migrateToLatest } from '../../src/storage/migrator.js';
import { createTestDatabase, DIALECTS } from '../helpers/databases.js';
import { foreignKeys, keys } from '../helpers/schema-catalog.js';

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
        // The state just before 0008-tenants-local-auth added slugs.
        await migrateTo(db.kysely as never, '2026-12-04-0007-pending-manager');
        await sql`insert into tenants (id, name, require_email_username, created_at) values
          ('t2', 'Second', 1, '2026-02-01T00:00:00.000Z'), ('t1', 'First', 1, '2026-01-01T00:00:00.000Z')`.execute(
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
        await migrateTo(db.kysely as never, '2026-11-23-0005-provider-mappings');
        const names = ['ÉLODIE@Example.com', 'Bob@Example.com', 'ZOË@x.com', null];
        for (const [i, username] of names.entries()) {
          await sql`insert into sync_log (tenant_id, at, username, change_type)
            values ('t1', ${`2026-01-0${i + 1}T00:00:00.000Z`}, ${username}, 'Created')`.execute(db.kysely);
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

const AT = '2026-11-23T09:00:00.000Z';
const t = (tenant: string) => ({ tenant_id: tenant });
const stamps = { created_at: AT, updated_at: AT };
/** Rows of every table as 0006 left them: two tenants, so that a key missing tenant_id would show. */
const SEED: [string, Record<string, unknown>][] = [
  ['tenants', { id: 't1', name: 'One', require_email_username: 1, created_at: AT }],
  ['tenants', { id: 't2', name: 'Two', require_email_username: 1, created_at: AT }],
  ['roles', { id: 'r1', name: 'Role', description: 'd', scope: 'all', permissions: '[]', limitations: '[]' }],
  ['organizations', { id: 'o1', ...t('t1'), name: 'Root', name_lower: 'root', ...stamps }],
  ['organizations', { id: 'o2', ...t('t1'), parent_id: 'o1', name: 'Child', name_lower: 'child', ...stamps }],
  ['organizations', { id: 'o3', ...t('t2'), name: 'Root', name_lower: 'root', ...stamps }],
  [
    'providers',
    {
      id: 'p1',
      ...t('t1'),
      name: 'P',
      name_lower: 'p',
      type: 'scim',
      auth_type: 'bearer',
      token_hash: 'h',
      credential_rotated_at: AT,
      ...stamps,
    },
  ],
  ...['u1', 'u2'].map((id): [string, Record<string, unknown>] => [
    'users',
    {
      id,
      ...t('t1'),
      provider_id: 'p1',
      org_id: 'o2',
      status: 'active',
      scim_active: 1,
      version: 1,
      ...stamps,
      user_name: `${id}@x.com`,
      user_name_lower: `${id}@x.com`,
    },
  ]),
  [
    'users',
    {
      id: 'u3',
      ...t('t2'),
      org_id: 'o3',
      status: 'active',
      scim_active: 1,
      version: 1,
      ...stamps,
      user_name: 'u1@x.com',
      user_name_lower: 'u1@x.com',
    },
  ],
  ['user_values', { ...t('t1'), user_id: 'u2', attr: 'emails', ord: 0, value: 'a@x.com', value_lower: 'a@x.com' }],
  ['user_values', { ...t('t1'), user_id: 'u2', attr: 'emails', ord: 1, value: 'b@x.com', value_lower: 'b@x.com' }],
  ['role_assignments', { ...t('t1'), user_id: 'u2', role_id: 'r1', source: 'manual', created_at: AT }],
  [
    'groups',
    { id: 'g1', ...t('t1'), provider_id: 'p1', display_name: 'G', display_name_lower: 'g', version: 1, ...stamps },
  ],
  ['group_members', { ...t('t1'), group_id: 'g1', user_id: 'u1', created_at: AT }],
  ['group_members', { ...t('t1'), group_id: 'g1', user_id: 'u2', created_at: AT }],
  ['api_tokens', { id: 'k1', ...t('t1'), user_id: 'u1', name: 'k', token_hash: 'th', created_at: AT }],
  ['sync_log', { ...t('t1'), at: AT, change_type: 'Created', username: 'u1@x.com', username_lower: 'u1@x.com' }],
  ['timers', { id: 'tm1', ...t('t1'), kind: 'deactivate', user_id: 'u2', due_at: AT, status: 'pending', ...stamps }],
  ['devices', { id: 'd1', ...t('t1'), user_id: 'u2', name: 'Laptop', os: 'linux', status: 'active', ...stamps }],
  [
    'archives',
    { id: 'a1', ...t('t1'), user_id: 'u2', device_id: 'd1', destination: 'cloud', state: 'active', ...stamps },
  ],
  ['legal_hold_matters', { id: 'm1', ...t('t1'), name: 'M', name_lower: 'm', status: 'active', created_at: AT }],
  ['legal_hold_custodians', { ...t('t1'), matter_id: 'm1', user_id: 'u2', added_at: AT }],
];
const SEEDED = [...new Set(SEED.map(([table]) => table))];

// The columns each table was seeded with: later migrations may add columns (with defaults),
// which a rebuild must keep as well but which the 0006 snapshot cannot know.
const SEEDED_COLUMNS = new Map(
  SEEDED.map((table) => [table, new Set(SEED.filter(([t]) => t === table).flatMap(([, row]) => Object.keys(row)))]),
);

/** Every row of every seeded table (its seeded columns), in a stable order: what a rebuild must keep. */
async function snapshot(db: Db['kysely']): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of SEEDED) {
    const { rows } = await sql`select * from ${sql.id(table)}`.execute(db);
    const cols = SEEDED_COLUMNS.get(table) ?? new Set<string>();
    out[table] = rows
      .map((r) =>
        JSON.stringify(
          Object.entries(r as object)
            .filter(([c]) => cols.has(c))
            .sort(),
        ),
      )
      .sort();
  }
  return out;
}

async function primaryKeys(db: Db, table: string): Promise<string[]> {
  return (await keys(db.kysely, db.dialect, table)).find((k) => k.kind === 'primary')?.columns ?? [];
}

for (const dialect of DIALECTS) {
  test(`0012 re-keys every tenant table by tenant and back, keeping rows and foreign keys, on ${dialect}`, async () => {
    const tdb = await createTestDatabase(dialect);
    const db = openDatabase(tdb.url);
    const k = db.kysely as never;
    try {
      // The state just before 0012 (later migrations add columns; what 0012 must keep is that state's rows).
      await migrateTo(k, '2026-12-04-0011-audit-log');
      for (const [table, row] of SEED)
        await db.kysely
          .insertInto(table as never)
          .values(row as never)
          .execute();
      const before = await snapshot(db.kysely);
      assert.deepEqual(await primaryKeys(db, 'user_values'), ['user_id', 'attr', 'ord']);

      await migrateToLatest(k);
      assert.deepEqual(await snapshot(db.kysely), before, 'up keeps every row');
      for (const table of SEEDED.filter((x) => !['tenants', 'roles'].includes(x))) {
        if (table === 'sync_log' && dialect === 'sqlite') continue; // SQLite numbers rows by its INTEGER PRIMARY KEY
        assert.equal((await primaryKeys(db, table))[0], 'tenant_id', `${table} is keyed by tenant`);
      }
      const fks = await foreignKeys(db.kysely, dialect, 'archives');
      assert.deepEqual(fks.map((f) => [f.refTable, f.columns.join()]).sort(), [
        ['devices', 'tenant_id,device_id'],
        ['tenants', 'tenant_id'],
        ['users', 'tenant_id,user_id'],
      ]);
      // The composite foreign key holds: user u1 exists in t1, not in t2.
      await assert.rejects(
        db.kysely
          .insertInto('user_values')
          .values({ tenant_id: 't2', user_id: 'u1', attr: 'emails', ord: 0 } as never)
          .execute(),
      );

      await migrateTo(k, '2026-12-04-0011-audit-log');
      assert.deepEqual(await snapshot(db.kysely), before, 'down keeps every row');
      assert.deepEqual(await primaryKeys(db, 'users'), ['id']);
      assert.deepEqual(await primaryKeys(db, 'group_members'), ['group_id', 'user_id']);

      await migrateToLatest(k);
      assert.deepEqual(await snapshot(db.kysely), before, 'up again keeps every row');
      // Cascades survive the rebuilds: removing u2 removes its values, membership, devices, archives, custody.
      await db.kysely.deleteFrom('users').where('tenant_id', '=', 't1').where('id', '=', 'u2').execute();
      for (const table of [
        'user_values',
        'role_assignments',
        'timers',
        'devices',
        'archives',
        'legal_hold_custodians',
      ]) {
        const { rows } = await sql`select count(*) as n from ${sql.id(table)}`.execute(db.kysely);
        assert.equal(Number((rows[0] as { n: number }).n), 0, `${table} rows of u2 cascaded`);
      }
      const members = await sql<{ user_id: string }>`select user_id from group_members`.execute(db.kysely);
      assert.deepEqual(
        members.rows.map((r) => r.user_id),
        ['u1'],
      );
    } finally {
      await db.close();
      await tdb.drop();
    }
  });
}

// Shardable by tenant (docs/scaling.md): the live schema keys every tenant table by tenant_id, and
// every statement a representative run of SCIM and admin-API traffic sends to PostgreSQL restricts
// each tenant table it touches to one tenant. Both read the database, not a hand-written list, so
// tables added by later migrations are checked too.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openMigratedDatabase, DIALECTS } from '../helpers/databases.js';
import { createGroup, createUser, patchOp } from '../helpers/scim-assert.js';
import { foreignKeys, hasTenantColumn, keys, tables } from '../helpers/schema-catalog.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { loadParser, unpinnedTables, type Unpinned } from '../helpers/tenant-filter.js';

/** Deliberately global tables: reference data every tenant shares, and the migrator's bookkeeping. */
const GLOBAL_TABLES: Record<string, string> = {
  tenants: 'the tenants themselves (a reference table under Citus)',
  roles: 'the roles catalogue, the same for every tenant (SPEC C1; a reference table)',
  kysely_migration: 'migration bookkeeping',
  kysely_migration_lock: 'migration bookkeeping',
};

/**
 * Statements that deliberately read across tenants, each with why. Nothing else may.
 * Under Citus they are multi-shard queries; docs/scaling.md says how each would be routed.
 */
const CROSS_TENANT: { table: string; statement: Unpinned['statement']; sql: RegExp; why: string }[] = [
  {
    table: 'providers',
    statement: 'select',
    sql: /from "providers" inner join "tenants" .* where "providers"\."id" = \$1$/,
    why: 'a SCIM request names only its provider: this lookup finds the tenant',
  },
  {
    table: 'api_tokens',
    statement: 'select',
    sql: /from "api_tokens" .*where "(api_tokens"\.")?token_hash" = \$1/,
    why: 'an admin API call presents only its token: this lookup finds the tenant',
  },
  {
    table: 'timers',
    statement: 'select',
    sql: /from "timers" .*"due_at" <= \$\d+/,
    why: 'the sweeper looks for due timers of every tenant, then works on each by (tenant_id, id)',
  },
];

for (const dialect of DIALECTS) {
  test(`every primary key, unique index and foreign key between tenant tables holds tenant_id (${dialect})`, async () => {
    const { db, dispose } = await openMigratedDatabase(dialect);
    try {
      const all = await tables(db.kysely, dialect);
      assert.ok(all.includes('users') && all.includes('user_values'));
      const tenantTables = new Set<string>();
      for (const table of all) if (await hasTenantColumn(db.kysely, dialect, table)) tenantTables.add(table);
      for (const table of all) {
        if (table in GLOBAL_TABLES) continue;
        assert.ok(tenantTables.has(table), `${table} has tenant_id or is listed as a global table`);
        for (const key of await keys(db.kysely, dialect, table)) {
          if (key.kind === 'index') continue;
          // SQLite numbers sync-log rows by its INTEGER PRIMARY KEY; it is never sharded (migration 0012).
          if (dialect === 'sqlite' && table === 'sync_log' && key.kind === 'primary') continue;
          assert.ok(key.columns.includes('tenant_id'), `${key.kind} key ${key.name} (${key.columns}) holds tenant_id`);
        }
        for (const fk of await foreignKeys(db.kysely, dialect, table)) {
          if (!tenantTables.has(fk.refTable)) continue;
          const i = fk.columns.indexOf('tenant_id');
          assert.ok(
            i >= 0 && fk.refColumns[i] === 'tenant_id',
            `${table} (${fk.columns}) → ${fk.refTable} (${fk.refColumns}) joins on tenant_id (co-located)`,
          );
        }
      }
    } finally {
      await dispose();
    }
  });
}

describe('the query log names the tenant (postgres)', () => {
  test('the checker flags a table read without its tenant and passes one pinned by it', async () => {
    await loadParser();
    const tenant = new Set(['users', 'user_values', 'group_members', 'groups']);
    assert.deepEqual(unpinnedTables('select * from "user_values" where "user_id" in ($1, $2)', tenant), [
      { table: 'user_values', statement: 'select' },
    ]);
    assert.deepEqual(
      unpinnedTables(
        'select g.id from group_members gm join groups g on g.id = gm.group_id where gm.tenant_id = $1 and gm.user_id = $2',
        tenant,
      ),
      [{ table: 'groups', statement: 'select' }],
    );
    assert.deepEqual(unpinnedTables('select * from users where tenant_id = $1 or id = $2', tenant), [
      { table: 'users', statement: 'select' },
    ]);
    assert.deepEqual(
      unpinnedTables('select u.* from users u join groups g on g.tenant_id = u.tenant_id where g.id = $1', tenant),
      [
        { table: 'users', statement: 'select' },
        { table: 'groups', statement: 'select' },
      ],
    );
    assert.deepEqual(unpinnedTables('delete from group_members where group_id = $1', tenant), [
      { table: 'group_members', statement: 'delete' },
    ]);
    assert.deepEqual(unpinnedTables('insert into users (id) values ($1)', tenant), [
      { table: 'users', statement: 'insert' },
    ]);
    assert.deepEqual(
      unpinnedTables(
        'select g.id from group_members gm join groups g on g.tenant_id = gm.tenant_id and g.id = gm.group_id where gm.tenant_id = $1',
        tenant,
      ),
      [],
    );
    assert.deepEqual(
      unpinnedTables(
        'update users set x = 1 where tenant_id = $1 and id in (select user_id from user_values where tenant_id = $1)',
        tenant,
      ),
      [],
    );
  });

  test('every statement of SCIM and admin API traffic restricts each tenant table to one tenant', async () => {
    await loadParser();
    const log: string[] = [];
    let recording = false;
    // Recorded from the first request on: migrations rewrite whole tables by design.
    const onQuery = (q: string): void => {
      if (recording) log.push(q);
    };
    const s = await startServer('postgres', { ROSTER_SWEEP_INTERVAL_MS: '0' }, { onQuery });
    recording = true;
    try {
      await traffic(s);
      const all = await tables(s.roster.db.kysely, 'postgres');
      const tenantTables = new Set<string>();
      for (const t of all) if (await hasTenantColumn(s.roster.db.kysely, 'postgres', t)) tenantTables.add(t);
      const touched = new Set<string>();
      const offences: string[] = [];
      const excused = new Set<string>();
      for (const q of new Set(log)) {
        for (const u of unpinnedTables(q, tenantTables)) {
          touched.add(u.table);
          const x = CROSS_TENANT.find((c) => c.table === u.table && c.statement === u.statement && c.sql.test(q));
          if (x) excused.add(x.why);
          else offences.push(`${u.statement} on ${u.table}: ${q}`);
        }
        for (const t of tenantTables) if (q.includes(`"${t}"`)) touched.add(t);
      }
      assert.deepEqual(offences, [], 'statements that do not name the tenant');
      // Each listed exception still happens (a stale one would hide nothing but mislead).
      assert.deepEqual([...excused].sort(), CROSS_TENANT.map((c) => c.why).sort());
      // The run is representative: it reached the tables of SCIM, mapping, lifecycle and the sync log.
      for (const t of ['users', 'user_values', 'groups', 'group_members', 'role_assignments', 'sync_log', 'timers'])
        assert.ok(touched.has(t), `the traffic touched ${t}`);
      for (const t of ['devices', 'archives', 'legal_hold_matters', 'legal_hold_custodians', 'organizations'])
        assert.ok(touched.has(t), `the traffic touched ${t}`);
    } finally {
      await s.close();
    }
  });
});

const DAY = 86_400_000;

/** SCIM provisioning, groups, filters, paging, deactivation, mapping, lifecycle and sync-log reads. */
async function traffic(s: TestServer): Promise<void> {
  const ok = (r: { status: number; text: string }, status = 200): void => assert.equal(r.status, status, r.text);
  const p = await s.scimProvider({ deactivationDelaySeconds: 60 });
  const sales = await s.admin('POST', '/organizations', { name: 'Sales' });
  ok(sales, 201);
  const users = [];
  for (const i of [1, 2, 3])
    users.push(
      await createUser(p, {
        emails: [{ value: `u${i}@example.com`, type: 'work', primary: true }],
        addresses: [{ type: 'work', locality: 'Paris' }],
        name: { givenName: `G${i}`, familyName: 'F' },
      }),
    );
  const [a, b, c] = users;
  ok(await p.req('GET', `/Users?filter=${encodeURIComponent(`userName eq "${a.userName}"`)}`));
  ok(await p.req('GET', `/Users?filter=${encodeURIComponent('emails[type eq "work"].value co "example"')}`));
  ok(await p.req('GET', `/Users?filter=${encodeURIComponent('name.familyName eq "F"')}&sortBy=userName`));
  ok(await p.req('GET', '/Users?startIndex=2&count=1'));
  ok(await p.req('GET', `/Users/${a.id}`));
  ok(await p.req('PATCH', `/Users/${a.id}`, patchOp({ op: 'replace', path: 'title', value: 'Boss' })));
  ok(
    await p.req(
      'PATCH',
      `/Users/${b.id}`,
      patchOp({ op: 'replace', path: 'emails[type eq "work"].value', value: 'x@y.z' }),
    ),
  );
  ok(await p.req('PUT', `/Users/${c.id}`, { schemas: [c.schemas[0]], userName: c.userName, displayName: 'C' }));
  const g = await createGroup(p, 'Group A', [a.id]);
  ok(await p.req('PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: b.id }] })), 204);
  ok(await p.req('PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: `members[value eq "${a.id}"]` })), 204);
  ok(await p.req('GET', `/Groups/${g.id}`));
  ok(await p.req('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Group A"')}`));
  ok(
    await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
      organization: {
        method: 'groups',
        groups: [{ groupId: g.id, orgId: sales.body.id }],
        unmappedOrgId: sales.body.id,
      },
      roles: { method: 'groups', groups: [{ groupId: g.id, roleIds: ['desktop-user'] }] },
    }),
  );
  ok(await s.admin('POST', `/providers/${p.providerId}/mapping/apply?dryRun=true`));
  ok(await s.admin('POST', `/providers/${p.providerId}/mapping/apply`));
  // A provider's deactivation, then the sweeper after the delay (SPEC C4).
  ok(await p.req('PATCH', `/Users/${c.id}`, patchOp({ op: 'replace', path: 'active', value: false })));
  ok(await p.req('DELETE', `/Users/${b.id}`), 204);
  s.clock.advance(120_000);
  await s.roster.sweeper.sweepOnce(s.clock.now());
  // Administrators: users, devices, archives, legal holds, lifecycle actions, the sync log.
  ok(await s.admin('GET', '/organizations'));
  ok(await s.admin('GET', `/users?userName=u&providerId=${p.providerId}`));
  ok(await s.admin('GET', `/users/${a.id}`));
  const dev = await s.admin('POST', `/users/${a.id}/devices`, { name: 'Laptop', os: 'macOS' });
  ok(dev, 201);
  ok(await s.admin('POST', `/devices/${dev.body.id}/archives`, { destination: 'cloud' }), 201);
  ok(await s.admin('POST', `/devices/${dev.body.id}/block`));
  const adminId = (await s.admin('GET', '/users?providerId=local')).body.users[0].id;
  ok(
    await s.admin('PUT', `/users/${adminId}/roles`, {
      roleIds: ['customer-cloud-admin', 'proe-user', 'cross-org-legal-admin'],
    }),
  );
  const matter = await s.admin('POST', '/legal-holds', { name: 'Case' });
  ok(matter, 201);
  ok(await s.admin('POST', `/legal-holds/${matter.body.id}/custodians`, { userId: a.id }), 201);
  ok(await s.admin('POST', `/users/${a.id}/block`));
  ok(await s.admin('POST', `/users/${a.id}/unblock`));
  ok(await s.admin('POST', `/legal-holds/${matter.body.id}/release`));
  ok(await s.admin('POST', `/users/${a.id}/deactivate`));
  s.clock.advance(40 * DAY);
  await s.roster.sweeper.sweepOnce(s.clock.now());
  ok(await s.admin('GET', `/sync-log?providerId=${p.providerId}&sort=username&limit=5`));
  ok(await s.admin('GET', '/sync-log.csv'));
}

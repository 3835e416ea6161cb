import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createRoster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';

const run = promisify(execFile);

for (const dialect of DIALECTS) {
  describe(`roster CLI on ${dialect}`, () => {
    let db: TestDatabase;
    const roster = async (...args: string[]) => {
      const { stdout, stderr } = await run(process.execPath, ['bin/roster.js', ...args], { env: { ...process.env, DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://roster.example.com' } });
      return { stdout, stderr };
    };
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('migrate applies the migrations once', async () => {
      const first = JSON.parse((await roster('migrate', '--json')).stdout);
      assert.ok(first.applied.length >= 1);
      const second = JSON.parse((await roster('migrate', '--json')).stdout);
      assert.deepEqual(second.applied, []);
    });

    test('org create with --parent, and org list as a tree', async () => {
      const sales = JSON.parse((await roster('org', 'create', 'Sales', '--json')).stdout);
      const emea = JSON.parse((await roster('org', 'create', 'EMEA', '--parent', 'sales', '--json')).stdout);
      assert.equal(emea.parentId, sales.id, 'parent looked up by name, case-insensitively');
      const tree = JSON.parse((await roster('org', 'list', '--json')).stdout);
      assert.equal(tree[0].name, 'Default organization');
      assert.deepEqual(tree[0].children.find((c: any) => c.id === sales.id).children.map((c: any) => c.name), ['EMEA']);
      const table = (await roster('org', 'list')).stdout;
      assert.match(table, /^name\s+id\s+status/m);
      assert.match(table, /^ {4}EMEA/m, 'nested organizations are indented');
      await assert.rejects(roster('org', 'create', 'Orphan', '--parent', 'Nowhere'), (e: any) => /organization\.not_found/.test(e.stderr) && e.code === 1);
    });

    test('provider create prints id, base URL and a one-time credential that works; rotate revokes it', async () => {
      const created = JSON.parse((await roster('provider', 'create', '--type', 'scim', '--auth', 'bearer', '--name', 'Entra ID', '--json')).stdout);
      assert.equal(created.scimBaseUrl, `https://roster.example.com/scim/${created.id}/v2`);
      assert.match(created.credential.token, /^rst_scim_/);
      const basic = JSON.parse((await roster('provider', 'create', '--auth', 'basic', '--name', 'Okta', '--json')).stdout);
      assert.equal(basic.credential.type, 'basic');
      const readable = (await roster('provider', 'create', '--name', 'OneLogin')).stdout;
      assert.match(readable, /Bearer token: +rst_scim_/);
      assert.match(readable, /shown once/);

      // The credential authenticates against a server on the same database.
      const app = await createRoster(loadConfig({ DATABASE_URL: db.url }));
      try {
        const ok = await app.app.inject({ method: 'GET', url: `/scim/${created.id}/v2/Users`, headers: { authorization: `Bearer ${created.credential.token}` } });
        assert.equal(ok.statusCode, 200);
        const rotated = JSON.parse((await roster('provider', 'rotate', created.id, '--json')).stdout);
        assert.notEqual(rotated.credential.token, created.credential.token);
        const old = await app.app.inject({ method: 'GET', url: `/scim/${created.id}/v2/Users`, headers: { authorization: `Bearer ${created.credential.token}` } });
        assert.equal(old.statusCode, 401);
        const fresh = await app.app.inject({ method: 'GET', url: `/scim/${created.id}/v2/Users`, headers: { authorization: `Bearer ${rotated.credential.token}` } });
        assert.equal(fresh.statusCode, 200);
      } finally {
        await app.close();
      }
      const list = JSON.parse((await roster('provider', 'list', '--json')).stdout);
      assert.deepEqual(list.map((p: any) => p.name).sort(), ['Entra ID', 'Okta', 'OneLogin']);
      const delayed = JSON.parse((await roster('provider', 'set-delay', created.id, '0', '--json')).stdout);
      assert.equal(delayed.deactivationDelaySeconds, 0, 'a delay of 0 is allowed (SPEC C4)');
      await assert.rejects(roster('provider', 'set-delay', created.id, '-5'), (e: any) => /whole number of seconds/.test(e.stderr));
      await assert.rejects(roster('provider', 'create', '--name', 'X', '--auth', 'oauth'), (e: any) => /--auth must be bearer or basic/.test(e.stderr));
      await assert.rejects(roster('provider', 'rotate', 'nope'), (e: any) => /provider\.not_found/.test(e.stderr));
    });
  });
}

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      const { stdout, stderr } = await run(process.execPath, ['bin/roster.js', ...args], {
        env: { ...process.env, DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://roster.example.com' },
      });
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
      assert.deepEqual(
        tree[0].children.find((c: any) => c.id === sales.id).children.map((c: any) => c.name),
        ['EMEA'],
      );
      const table = (await roster('org', 'list')).stdout;
      assert.match(table, /^name\s+id\s+status/m);
      assert.match(table, /^ {4}EMEA/m, 'nested organizations are indented');
      await assert.rejects(
        roster('org', 'create', 'Orphan', '--parent', 'Nowhere'),
        (e: any) => /organization\.not_found/.test(e.stderr) && e.code === 1,
      );
    });

    test('provider create prints id, base URL and a one-time credential that works; rotate revokes it', async () => {
      const created = JSON.parse(
        (await roster('provider', 'create', '--type', 'scim', '--auth', 'bearer', '--name', 'Entra ID', '--json'))
          .stdout,
      );
      assert.equal(created.scimBaseUrl, `https://roster.example.com/scim/${created.id}/v2`);
      assert.match(created.credential.token, /^rst_scim_/);
      const basic = JSON.parse(
        (await roster('provider', 'create', '--auth', 'basic', '--name', 'Okta', '--json')).stdout,
      );
      assert.equal(basic.credential.type, 'basic');
      const readable = (await roster('provider', 'create', '--name', 'OneLogin')).stdout;
      assert.match(readable, /Bearer token: +rst_scim_/);
      assert.match(readable, /shown once/);

      // The credential authenticates against a server on the same database.
      const app = await createRoster(loadConfig({ DATABASE_URL: db.url }));
      try {
        const ok = await app.app.inject({
          method: 'GET',
          url: `/scim/${created.id}/v2/Users`,
          headers: { authorization: `Bearer ${created.credential.token}` },
        });
        assert.equal(ok.statusCode, 200);
        const rotated = JSON.parse((await roster('provider', 'rotate', created.id, '--json')).stdout);
        assert.notEqual(rotated.credential.token, created.credential.token);
        const old = await app.app.inject({
          method: 'GET',
          url: `/scim/${created.id}/v2/Users`,
          headers: { authorization: `Bearer ${created.credential.token}` },
        });
        assert.equal(old.statusCode, 401);
        const fresh = await app.app.inject({
          method: 'GET',
          url: `/scim/${created.id}/v2/Users`,
          headers: { authorization: `Bearer ${rotated.credential.token}` },
        });
        assert.equal(fresh.statusCode, 200);
      } finally {
        await app.close();
      }
      const list = JSON.parse((await roster('provider', 'list', '--json')).stdout);
      assert.deepEqual(list.map((p: any) => p.name).sort(), ['Entra ID', 'Okta', 'OneLogin']);
      const delayed = JSON.parse((await roster('provider', 'set-delay', created.id, '0', '--json')).stdout);
      assert.equal(delayed.deactivationDelaySeconds, 0, 'a delay of 0 is allowed (SPEC C4)');
      await assert.rejects(roster('provider', 'set-delay', created.id, '-5'), (e: any) =>
        /whole number of seconds/.test(e.stderr),
      );
      await assert.rejects(roster('provider', 'create', '--name', 'X', '--auth', 'oauth'), (e: any) =>
        /--auth must be bearer or basic/.test(e.stderr),
      );
      await assert.rejects(roster('provider', 'rotate', 'nope'), (e: any) => /provider\.not_found/.test(e.stderr));
    });

    test('directory-sync providers and mapping from the CLI: create, managed roles, mapping --set, apply --dry-run', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'roster-cli-'));
      try {
        const d = JSON.parse(
          (await roster('provider', 'create', '--type', 'dirsync', '--name', 'AD sync', '--json')).stdout,
        );
        assert.equal(d.type, 'dirsync');
        assert.equal(d.credential.type, 'basic', 'dirsync defaults to a username and password');
        assert.match(d.credential.username, /^dirsync-/);
        await assert.rejects(
          roster('provider', 'create', '--type', 'dirsync', '--auth', 'bearer', '--name', 'AD2'),
          (e: any) => /input\.invalid.*authType/.test(e.stderr) && e.code === 1,
        );
        await assert.rejects(roster('provider', 'create', '--type', 'ldap', '--name', 'AD3'), (e: any) =>
          /--type must be scim or dirsync/.test(e.stderr),
        );

        const selected = JSON.parse(
          (await roster('provider', 'managed-roles', d.id, 'proe-user', 'desktop-user')).stdout,
        );
        assert.deepEqual(selected, {
          organization: { method: 'directorySync' },
          roles: { method: 'managed', roleIds: ['desktop-user', 'proe-user'] },
        });
        await assert.rejects(roster('provider', 'managed-roles', d.id, 'wizard'), (e: any) =>
          /input\.invalid.*roles\.roleIds\[0\]/.test(e.stderr),
        );
        assert.deepEqual(
          JSON.parse((await roster('provider', 'mapping', d.id)).stdout).roles.roleIds,
          ['desktop-user', 'proe-user'],
          'a refused change left the selection alone',
        );

        // A SCIM provider with a user in the root; map everyone to Support, dry-run Apply, then Apply.
        const sc = JSON.parse((await roster('provider', 'create', '--name', 'Entra CLI', '--json')).stdout);
        const support = JSON.parse((await roster('org', 'create', 'Support', '--json')).stdout);
        const app = await createRoster(loadConfig({ DATABASE_URL: db.url }));
        try {
          const res = await app.app.inject({
            method: 'POST',
            url: `/scim/${sc.id}/v2/Users`,
            headers: { authorization: `Bearer ${sc.credential.token}`, 'content-type': 'application/scim+json' },
            payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'cli.user@example.com' },
          });
          assert.equal(res.statusCode, 201, res.body);
        } finally {
          await app.close();
        }
        const bad = join(dir, 'bad.json');
        await writeFile(bad, '{"organization": {"method": "single"}, "roles": {"method": "manual"}}');
        await assert.rejects(
          roster('provider', 'mapping', sc.id, '--set', bad),
          (e: any) => /as the admin API takes it/.test(e.stderr) && e.code === 1,
        );
        await writeFile(bad, '{not json');
        await assert.rejects(roster('provider', 'mapping', sc.id, '--set', bad), (e: any) => /not JSON/.test(e.stderr));
        const good = join(dir, 'good.json');
        await writeFile(
          good,
          JSON.stringify({ organization: { method: 'single', orgId: support.id }, roles: { method: 'manual' } }),
        );
        const set = JSON.parse((await roster('provider', 'mapping', sc.id, '--set', good)).stdout);
        assert.deepEqual(set.organization, { method: 'single', orgId: support.id });

        const dry = JSON.parse((await roster('provider', 'apply', sc.id, '--dry-run', '--json')).stdout);
        assert.equal(dry.dryRun, true);
        assert.deepEqual(
          dry.changes.map((c: any) => [c.userName, c.organization.to.name]),
          [['cli.user@example.com', 'Support']],
        );
        const table = (await roster('provider', 'apply', sc.id)).stdout;
        assert.match(table, /^Changed 1 of 1 users/m);
        assert.match(table, /cli\.user@example\.com\s+Default organization → Support/);
        const again = JSON.parse((await roster('provider', 'apply', sc.id, '--dry-run', '--json')).stdout);
        assert.equal(again.usersChanged, 0, 'Apply moved the user for real');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

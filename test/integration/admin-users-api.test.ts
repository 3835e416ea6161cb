import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashSecret, newSecret } from '../../src/core/auth/credentials.js';
import { DIALECTS } from '../helpers/databases.js';
import { http, startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const PROBLEM = /^application\/problem\+json/;
const inactive = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'active', value: false }],
};

/** Asserts a problem+json answer with `status`, `code` and, when given, the `field` it names. */
function assertProblem(
  res: { status: number; headers: Headers; body: any },
  status: number,
  code: string,
  field?: string,
): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', PROBLEM);
  assert.equal(res.body.code, code);
  if (field !== undefined) assert.equal(res.body.field, field);
}

for (const dialect of DIALECTS) {
  describe(`admin API users, devices, legal holds on ${dialect}`, () => {
    let s: TestServer;
    let scim: ScimClient;
    const ids: Record<string, string> = {};
    const names = [
      'alpha.one@example.com',
      'Alpha.Two@example.com',
      'ALPHA.three@example.com',
      'bravo@example.com',
      'charlie@example.com',
      'delta@example.com',
      'echo@example.com',
    ];
    before(async () => {
      s = await startServer(dialect);
      scim = await s.scimProvider({ name: 'Entra' });
      for (const userName of names) {
        const res = await scim.req('POST', '/Users', { userName });
        assert.equal(res.status, 201, res.text);
        ids[userName.toLowerCase()] = res.body.id;
      }
    });
    after(async () => s.close());

    test('list: cursor pages concatenate in username order with no duplicates; filters combine', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await s.admin('GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, res.text);
        assert.ok(res.body.users.length <= 2);
        seen.push(...res.body.users.map((u: any) => u.userName.toLowerCase()));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      assert.equal(new Set(seen).size, seen.length, 'no duplicates');
      assert.deepEqual(seen, [...seen].sort(), 'ordered by lower-cased username');
      for (const n of names) assert.ok(seen.includes(n.toLowerCase()));
      assert.equal(seen.length, names.length + 1, 'the bootstrap administrator too');

      const alpha = await s.admin('GET', '/users?userName=aLpHa.');
      assert.deepEqual(
        alpha.body.users.map((u: any) => u.userName),
        ['alpha.one@example.com', 'ALPHA.three@example.com', 'Alpha.Two@example.com'],
      );
      const byProvider = await s.admin('GET', `/users?providerId=${scim.providerId}&limit=500`);
      assert.equal(byProvider.body.users.length, names.length);
      const local = await s.admin('GET', '/users?providerId=local');
      assert.equal(local.body.users.length, 1);
      assert.equal(local.body.users[0].providerId, null);
      const root = (await s.admin('GET', '/organizations')).body.organizations[0];
      const inRoot = await s.admin('GET', `/users?orgId=${root.id}&userName=bravo`);
      assert.deepEqual(
        inRoot.body.users.map((u: any) => u.id),
        [ids['bravo@example.com']],
      );
      assert.ok(!('profile' in inRoot.body.users[0]) && !('version' in inRoot.body.users[0]), 'a DTO, not the entity');

      assertProblem(await s.admin('GET', '/users?cursor=garbage!'), 400, 'input.invalid');
      assertProblem(
        await s.admin('GET', `/users?cursor=${Buffer.from('[9,"a","b"]').toString('base64url')}`),
        400,
        'input.invalid',
        'cursor',
      );
      assertProblem(await s.admin('GET', '/users?limit=501'), 400, 'input.invalid', 'limit');
      assertProblem(await s.admin('GET', '/users?limit=0'), 400, 'input.invalid', 'limit');
      assertProblem(await s.admin('GET', '/users?status=gone'), 400, 'input.invalid');
    });

    test('user actions: block, unblock, deactivate with devices and archives, reactivate; detail shows it all', async () => {
      const id = ids['charlie@example.com'] as string;
      const dev = await s.admin('POST', `/users/${id}/devices`, { name: 'Laptop', os: 'macOS', agentVersion: '1.2.3' });
      assert.equal(dev.status, 201, dev.text);
      assert.equal(dev.body.status, 'active');
      const arc = await s.admin('POST', `/devices/${dev.body.id}/archives`, { destination: 'cloud-east' });
      assert.equal(arc.status, 201, arc.text);
      assert.equal(arc.body.state, 'active');

      const blocked = await s.admin('POST', `/users/${id}/block`);
      assert.equal(blocked.status, 200);
      assert.equal(blocked.body.status, 'blocked');
      assert.equal(
        (await s.admin('GET', `/users?status=blocked`)).body.users.some((u: any) => u.id === id),
        true,
      );
      assert.equal((await s.admin('POST', `/users/${id}/unblock`)).body.status, 'active');

      const deactivated = await s.admin('POST', `/users/${id}/deactivate`);
      assert.equal(deactivated.status, 200, deactivated.text);
      assert.equal(deactivated.body.status, 'deactivated');
      const detail = await s.admin('GET', `/users/${id}`);
      assert.equal(detail.status, 200, detail.text);
      assert.equal(detail.body.user.userName, 'charlie@example.com');
      assert.ok(detail.body.deactivatedAt);
      assert.equal(detail.body.devices[0].status, 'deactivated');
      assert.equal(detail.body.archives[0].state, 'cold_storage');
      assert.ok(detail.body.archives[0].coldStorageUntil);
      assert.ok(detail.body.roles.length > 0 && detail.body.roles.every((r: any) => typeof r.name === 'string'));
      assert.deepEqual(detail.body.legalHolds, []);
      assert.equal(detail.body.pendingDeactivation, null);
      assertProblem(
        await s.admin('POST', `/users/${id}/devices`, { name: 'Phone', os: 'iOS' }),
        409,
        'user.deactivated',
      );

      assert.equal((await s.admin('POST', `/users/${id}/reactivate`)).body.status, 'active');
      const back = await s.admin('GET', `/users/${id}`);
      assert.equal(back.body.devices[0].status, 'active');
      assert.equal(back.body.archives[0].state, 'active');
    });

    test('device actions: deauthorize, block, unblock, deactivate, reactivate', async () => {
      const id = ids['delta@example.com'] as string;
      const dev = (await s.admin('POST', `/users/${id}/devices`, { name: 'Desktop', os: 'Windows' })).body;
      await s.admin('POST', `/devices/${dev.id}/archives`, { destination: 'local' });
      assert.equal((await s.admin('POST', `/devices/${dev.id}/deauthorize`)).body.status, 'deauthorized');
      assert.equal((await s.admin('POST', `/devices/${dev.id}/block`)).body.blocked, true);
      assert.equal((await s.admin('POST', `/devices/${dev.id}/unblock`)).body.blocked, false);
      assert.equal((await s.admin('POST', `/devices/${dev.id}/deactivate`)).body.status, 'deactivated');
      assert.equal((await s.admin('GET', `/users/${id}`)).body.archives[0].state, 'cold_storage');
      assertProblem(await s.admin('POST', `/devices/${dev.id}/deauthorize`), 409, 'device.deactivated');
      assert.equal((await s.admin('POST', `/devices/${dev.id}/reactivate`)).body.status, 'active');
      assert.equal((await s.admin('GET', `/users/${id}`)).body.archives[0].state, 'active');

      assertProblem(await s.admin('POST', '/devices/nope/block'), 404, 'device.not_found');
      assertProblem(await s.admin('POST', '/devices/nope/archives', { destination: 'x' }), 404, 'device.not_found');
      assertProblem(await s.admin('POST', '/users/nope/devices', { name: 'x', os: 'y' }), 404, 'user.not_found');
      assertProblem(await s.admin('POST', `/users/${id}/devices`, { name: '', os: 'y' }), 400, 'input.invalid');
    });

    test('move to an organization and set manual roles; unknown ids and roles are refused', async () => {
      const id = ids['echo@example.com'] as string;
      const org = (await s.admin('POST', '/organizations', { name: 'Engineering' })).body;
      const moved = await s.admin('PUT', `/users/${id}/organization`, { orgId: org.id });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.body.orgId, org.id);
      assert.deepEqual(
        (await s.admin('GET', `/users?orgId=${org.id}`)).body.users.map((u: any) => u.id),
        [id],
      );
      assertProblem(
        await s.admin('PUT', `/users/${id}/organization`, { orgId: 'nope' }),
        404,
        'organization.not_found',
        'orgId',
      );

      const roles = await s.admin('PUT', `/users/${id}/roles`, { roleIds: ['proe-user', 'desktop-user', 'proe-user'] });
      assert.equal(roles.status, 200, roles.text);
      assert.deepEqual(
        roles.body.roles.map((r: any) => [r.roleId, r.source]),
        [
          ['desktop-user', 'manual'],
          ['proe-user', 'manual'],
        ],
      );
      assertProblem(
        await s.admin('PUT', `/users/${id}/roles`, { roleIds: ['desktop-user', 'galactic-emperor'] }),
        400,
        'input.invalid',
        'roleIds',
      );
      assert.equal((await s.admin('GET', `/users/${id}`)).body.roles.length, 2, 'a refused change changes nothing');
      assertProblem(await s.admin('PUT', '/users/nope/roles', { roleIds: [] }), 404, 'user.not_found');
      assertProblem(await s.admin('GET', '/users/nope'), 404, 'user.not_found');
      for (const action of ['block', 'unblock', 'deactivate', 'reactivate'])
        assertProblem(await s.admin('POST', `/users/nope/${action}`), 404, 'user.not_found');
    });

    test('organizations: default roles and cold-storage period; delete refused while referred to', async () => {
      const root = (await s.admin('GET', '/organizations')).body.organizations[0];
      const parent = (await s.admin('POST', '/organizations', { name: 'Ops' })).body;
      const child = (await s.admin('POST', '/organizations', { name: 'Ops EU', parentId: parent.id })).body;
      const patched = await s.admin('PATCH', `/organizations/${child.id}`, {
        defaultRoles: ['desktop-user', 'proe-user'],
        coldStorageDays: 30,
      });
      assert.equal(patched.status, 200, patched.text);
      assert.deepEqual(patched.body.defaultRoles, ['desktop-user', 'proe-user']);
      assert.equal(patched.body.coldStorageDays, 30);
      assertProblem(
        await s.admin('PATCH', `/organizations/${child.id}`, { defaultRoles: ['nope-role'] }),
        400,
        'input.invalid',
        'defaultRoles',
      );
      assertProblem(
        await s.admin('PATCH', `/organizations/${child.id}`, { coldStorageDays: 0 }),
        400,
        'input.invalid',
        'coldStorageDays',
      );

      const withChild = await s.admin('DELETE', `/organizations/${parent.id}`);
      assertProblem(withChild, 409, 'organization.in_use');
      assert.match(withChild.body.detail, /child organization/);
      await s.admin('PUT', `/users/${ids['bravo@example.com']}/organization`, { orgId: child.id });
      const withUsers = await s.admin('DELETE', `/organizations/${child.id}`);
      assertProblem(withUsers, 409, 'organization.in_use');
      assert.match(withUsers.body.detail, /1 user/);
      assertProblem(await s.admin('DELETE', `/organizations/${root.id}`), 409, 'organization.root_immutable');
      assertProblem(await s.admin('DELETE', '/organizations/nope'), 404, 'organization.not_found');

      await s.admin('PUT', `/users/${ids['bravo@example.com']}/organization`, { orgId: root.id });
      assert.equal((await s.admin('DELETE', `/organizations/${child.id}`)).status, 204);
      assert.equal((await s.admin('DELETE', `/organizations/${parent.id}`)).status, 204);
      assertProblem(await s.admin('GET', `/organizations/${parent.id}`), 404, 'organization.not_found');
    });

    test('legal holds: matters, custodians, a custodian cannot be deactivated, release', async () => {
      const id = ids['alpha.one@example.com'] as string;
      // Legal holds are the Legal Admins' business (roles catalogue), not the Customer Cloud Admin's.
      assertProblem(await s.admin('POST', '/legal-holds', { name: 'Case 41' }), 403, 'auth.forbidden');
      const adminId = (await s.admin('GET', '/users?providerId=local')).body.users[0].id;
      const granted = await s.admin('PUT', `/users/${adminId}/roles`, {
        roleIds: ['customer-cloud-admin', 'proe-user', 'cross-org-legal-admin'],
      });
      assert.equal(granted.status, 200, granted.text);
      const matter = await s.admin('POST', '/legal-holds', { name: 'Case 42' });
      assert.equal(matter.status, 201, matter.text);
      assertProblem(await s.admin('POST', '/legal-holds', { name: 'case 42' }), 409, 'legal_hold.name_taken');
      const added = await s.admin('POST', `/legal-holds/${matter.body.id}/custodians`, { userId: id });
      assert.equal(added.status, 201, added.text);
      assert.equal(added.body.userId, id);

      const refused = await s.admin('POST', `/users/${id}/deactivate`);
      assertProblem(refused, 409, 'user.on_legal_hold');
      assert.match(refused.body.detail, /Case 42/);
      assert.deepEqual(
        (await s.admin('GET', `/users/${id}`)).body.legalHolds.map((m: any) => m.name),
        ['Case 42'],
      );

      const got = await s.admin('GET', `/legal-holds/${matter.body.id}`);
      assert.deepEqual(
        got.body.custodians.map((c: any) => c.userId),
        [id],
      );
      assert.ok((await s.admin('GET', '/legal-holds')).body.legalHolds.some((m: any) => m.id === matter.body.id));
      assert.equal((await s.admin('DELETE', `/legal-holds/${matter.body.id}/custodians/${id}`)).status, 204);
      assert.deepEqual((await s.admin('GET', `/legal-holds/${matter.body.id}`)).body.custodians, []);
      await s.admin('POST', `/legal-holds/${matter.body.id}/custodians`, { userId: id });
      const released = await s.admin('POST', `/legal-holds/${matter.body.id}/release`);
      assert.equal(released.status, 200);
      assert.equal(released.body.status, 'released');
      assert.deepEqual((await s.admin('GET', `/users/${id}`)).body.legalHolds, []);
      assertProblem(
        await s.admin('POST', `/legal-holds/${matter.body.id}/custodians`, { userId: id }),
        409,
        'legal_hold.released',
      );

      assertProblem(await s.admin('GET', '/legal-holds/nope'), 404, 'legal_hold.not_found');
      assertProblem(await s.admin('POST', '/legal-holds/nope/release'), 404, 'legal_hold.not_found');
      const other = (await s.admin('POST', '/legal-holds', { name: 'Case 43' })).body;
      assertProblem(
        await s.admin('POST', `/legal-holds/${other.id}/custodians`, { userId: 'nope' }),
        404,
        'user.not_found',
        'userId',
      );
    });

    test('provider settings: delay and guard thresholds; held deactivations reviewed and rejected', async () => {
      const p = await s.scimProvider({ name: 'Okta' });
      const patched = await s.admin('PATCH', `/providers/${p.providerId}`, {
        deactivationDelaySeconds: 0,
        guard: { percent: 0, minUsers: 1 },
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.body.deactivationDelaySeconds, 0);
      assert.deepEqual(patched.body.guard, { percent: 0, minUsers: 1, windowSeconds: 3600 });
      assert.equal(patched.body.flaggedAt, null);
      assertProblem(
        await s.admin('PATCH', `/providers/${p.providerId}`, { guard: { percent: 101 } }),
        400,
        'input.invalid',
        'guard.percent',
      );
      assertProblem(
        await s.admin('PATCH', `/providers/${p.providerId}`, { deactivationDelaySeconds: -1 }),
        400,
        'input.invalid',
      );
      assertProblem(
        await s.admin('PATCH', '/providers/nope', { deactivationDelaySeconds: 5 }),
        404,
        'provider.not_found',
      );
      // seeds/002 "Edit This Provider Name": renamed alone, or refused (409) when another provider (Entra) has the name.
      assertProblem(
        await s.admin('PATCH', `/providers/${p.providerId}`, { name: 'Entra' }),
        409,
        'provider.name_taken',
      );
      assertProblem(await s.admin('PATCH', `/providers/${p.providerId}`, { name: '  ' }), 400, 'input.invalid', 'name');
      const renamed = await s.admin('PATCH', `/providers/${p.providerId}`, { name: ' Okta (EU) ' });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.body.name, 'Okta (EU)');
      assert.equal(renamed.body.deactivationDelaySeconds, 0, 'the other settings stay');

      const a = (await p.req('POST', '/Users', { userName: 'okta.a@example.com' })).body.id;
      const b = (await p.req('POST', '/Users', { userName: 'okta.b@example.com' })).body.id;
      assert.equal((await p.req('PATCH', `/Users/${a}`, inactive)).status, 200);
      assert.equal((await p.req('PATCH', `/Users/${b}`, inactive)).status, 200);
      const held = await s.admin('GET', `/providers/${p.providerId}/held-deactivations`);
      assert.equal(held.status, 200, held.text);
      assert.deepEqual(held.body.held.map((h: any) => h.userName).sort(), ['okta.a@example.com', 'okta.b@example.com']);
      assert.ok(held.body.flaggedAt);
      assert.ok((await s.admin('GET', `/providers/${p.providerId}`)).body.flaggedAt);
      assert.equal((await s.admin('GET', `/users/${b}`)).body.pendingDeactivation.state, 'held_guard');

      assert.deepEqual(
        (await s.admin('POST', `/providers/${p.providerId}/held-deactivations/confirm`, { userIds: ['someone-else'] }))
          .body,
        { count: 0 },
      );
      assert.deepEqual(
        (await s.admin('POST', `/providers/${p.providerId}/held-deactivations/confirm`, { userIds: [a] })).body,
        { count: 1 },
      );
      assert.equal((await s.admin('GET', `/users/${a}`)).body.pendingDeactivation.state, 'pending');
      const rejected = await s.admin('POST', `/providers/${p.providerId}/held-deactivations/reject`, {});
      assert.deepEqual(rejected.body, { count: 1 });
      assert.equal((await s.admin('GET', `/users/${b}`)).body.user.status, 'active');
      assert.equal((await s.admin('GET', `/providers/${p.providerId}`)).body.flaggedAt, null);
      assert.deepEqual((await s.admin('POST', `/providers/${p.providerId}/held-deactivations/confirm`)).body, {
        count: 0,
      });
      assertProblem(await s.admin('GET', '/providers/nope/held-deactivations'), 404, 'provider.not_found');
    });

    test('a Desktop User token may not read or change users, devices, legal holds or organizations (403)', async () => {
      const id = ids['alpha.two@example.com'] as string;
      const token = newSecret('rst_adm');
      const tenantId = (
        await s.roster.db.kysely.selectFrom('users').select('tenant_id').where('id', '=', id).executeTakeFirstOrThrow()
      ).tenant_id;
      await s.roster.db.kysely
        .insertInto('api_tokens')
        .values({
          id: `tok-${dialect}`,
          tenant_id: tenantId,
          user_id: id,
          name: 't',
          token_hash: hashSecret(token),
          created_at: new Date().toISOString(),
        })
        .execute();
      const as = (method: string, path: string, body?: unknown) =>
        http(method, `${s.url}/api/v1${path}`, body, {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        });
      assertProblem(await as('POST', `/users/${id}/deactivate`), 403, 'auth.forbidden');
      assertProblem(
        await as('PUT', `/users/${id}/roles`, { roleIds: ['customer-cloud-admin'] }),
        403,
        'auth.forbidden',
      );
      assertProblem(await as('GET', '/users'), 403, 'auth.forbidden');
      assertProblem(await as('POST', '/legal-holds', { name: 'Mine' }), 403, 'auth.forbidden');
      assertProblem(await as('POST', `/users/${id}/devices`, { name: 'x', os: 'y' }), 403, 'auth.forbidden');
      assertProblem(
        await as('PATCH', `/providers/${scim.providerId}`, { deactivationDelaySeconds: 0 }),
        403,
        'auth.forbidden',
      );
      assert.equal((await s.admin('GET', `/users/${id}`)).body.user.status, 'active', 'nothing changed');
    });
  });
}

/** Code point order (what PostgreSQL's "C" collation and SQLite's BINARY give for UTF-8 text); JS's `<` compares UTF-16 units. */
const byCodePoint = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

for (const dialect of DIALECTS) {
  describe(`admin API user search with non-ASCII and wildcard usernames on ${dialect}`, () => {
    let s: TestServer;
    const names = [
      'ÉLODIE@example.com',
      'élise@example.com',
      'Émile@example.com',
      'elodie@example.com',
      'zoë@example.com',
      'ZOE@example.com',
      'ÅSA@example.com',
      'ΩMEGA@example.com',
      'Straße@example.com',
      'İstanbul@example.com',
      'ｆull@example.com',
      '𝒜lpha@example.com',
      'Zed@example.com',
      'under_score@example.com',
      'underXscore@example.com',
      'per%cent@example.com',
      'perXcent@example.com',
      'back\\slash@example.com',
      'backXslash@example.com',
    ];
    const search = async (prefix: string): Promise<string[]> => {
      const res = await s.admin('GET', `/users?limit=500&userName=${encodeURIComponent(prefix)}`);
      assert.equal(res.status, 200, res.text);
      return res.body.users.map((u: any) => u.userName);
    };
    before(async () => {
      s = await startServer(dialect);
      const scim = await s.scimProvider({ name: 'Entra' });
      for (const userName of names) {
        const res = await scim.req('POST', '/Users', { userName });
        assert.equal(res.status, 201, res.text);
      }
    });
    after(async () => s.close());

    test('a prefix matches case-insensitively beyond ASCII, as user_name_lower is stored', async () => {
      for (const p of ['Élo', 'ÉLO', 'élo', 'éLoDiE@']) assert.deepEqual(await search(p), ['ÉLODIE@example.com'], p);
      assert.deepEqual(await search('É'), ['élise@example.com', 'ÉLODIE@example.com', 'Émile@example.com']);
      assert.deepEqual(await search('elo'), ['elodie@example.com'], 'é is not e');
      assert.deepEqual(await search('ΩME'), ['ΩMEGA@example.com']);
      assert.deepEqual(await search('ωme'), ['ΩMEGA@example.com']);
      assert.deepEqual(await search('åsa'), ['ÅSA@example.com']);
      assert.deepEqual(await search('ZOË'), ['zoë@example.com']);
      assert.deepEqual(await search('zo'), ['ZOE@example.com', 'zoë@example.com']);
      assert.deepEqual(await search('STRASSE'), [], 'toLowerCase does not fold ß to ss');
      assert.deepEqual(await search('STRAß'), ['Straße@example.com']);
      assert.deepEqual(await search('İST'), ['İstanbul@example.com']);
      assert.deepEqual(await search('𝒜'), ['𝒜lpha@example.com']);
      assert.deepEqual(await search('ｆ'), ['ｆull@example.com']);
    });

    test('LIKE wildcards and the escape character in a prefix match themselves', async () => {
      assert.deepEqual(await search('under_'), ['under_score@example.com']);
      assert.deepEqual(await search('per%'), ['per%cent@example.com']);
      assert.deepEqual(await search('%'), []);
      assert.deepEqual(await search('_'), []);
      assert.deepEqual(await search('back\\'), ['back\\slash@example.com']);
    });

    test('limit 1 pages through ASCII and non-ASCII names in code point order, each user exactly once', async () => {
      const local = (await s.admin('GET', '/users?providerId=local')).body.users.map((u: any) => u.userName as string);
      const expected = [...names, ...local].map((n) => n.toLowerCase()).sort(byCodePoint);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await s.admin('GET', `/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, res.text);
        assert.ok(res.body.users.length <= 1);
        seen.push(...res.body.users.map((u: any) => (u.userName as string).toLowerCase()));
        cursor = res.body.nextCursor;
      } while (cursor && seen.length <= expected.length);
      assert.deepEqual(seen, expected);

      // The same walk restricted to a non-ASCII prefix.
      const pe: string[] = [];
      cursor = null;
      do {
        const res = await s.admin(
          'GET',
          `/users?limit=1&userName=${encodeURIComponent('É')}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        pe.push(...res.body.users.map((u: any) => u.userName as string));
        cursor = res.body.nextCursor;
      } while (cursor && pe.length <= 3);
      assert.deepEqual(pe, ['élise@example.com', 'ÉLODIE@example.com', 'Émile@example.com']);
    });
  });
}

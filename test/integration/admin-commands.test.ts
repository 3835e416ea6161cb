import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { DIALECTS } from '../helpers/databases.js';
import { insertUser, tokenFor } from '../helpers/principals.js';
import { http, startServer, type TestServer } from '../helpers/server.js';

const json = { 'content-type': 'application/json' };

for (const dialect of DIALECTS) {
  describe(`admin commands, API tokens, audit log and OpenAPI on ${dialect}`, () => {
    let s: TestServer;
    let rootId: string;
    before(async () => {
      s = await startServer(dialect);
      rootId = (await s.admin('GET', '/organizations')).body.organizations[0].id;
    });
    after(async () => s.close());

    const as = (token: string, method: string, path: string, body?: unknown) =>
      http(method, `${s.url}/api/v1${path}`, body, {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? json : {}),
      });

    test('PATCH /organizations is one command: a refused last part leaves the move and the rename unsaved', async () => {
      const a = (await s.admin('POST', '/organizations', { name: 'Move me' })).body;
      const b = (await s.admin('POST', '/organizations', { name: 'New parent' })).body;
      // Cross Org Admin - No Restore may move organizations but holds no settings.update.
      const mover = await insertUser(s.roster, {
        userName: 'mover@example.com',
        orgId: rootId,
        roleIds: ['cross-org-admin-no-restore'],
      });
      const token = await tokenFor(s.roster, mover);
      const refused = await as(token, 'PATCH', `/organizations/${a.id}`, {
        parentId: b.id,
        name: 'Renamed',
        coldStorageDays: 60,
      });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.body.permission, 'settings.update');
      const invalid = await s.admin('PATCH', `/organizations/${a.id}`, {
        parentId: b.id,
        name: 'Renamed',
        defaultRoles: ['no-such-role'],
      });
      assert.equal(invalid.status, 400, invalid.text);
      assert.equal(invalid.body.field, 'defaultRoles');
      const after = (await s.admin('GET', `/organizations/${a.id}`)).body;
      assert.equal(after.parentId, rootId, 'not moved');
      assert.equal(after.name, 'Move me', 'not renamed');
      const ok = await as(token, 'PATCH', `/organizations/${a.id}`, { parentId: b.id });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.parentId, b.id);
    });

    test('PATCH /providers is one command: a refused delay leaves the guard unsaved', async () => {
      const p = await s.scimProvider({ name: 'One command' });
      const before = (await s.admin('GET', `/providers/${p.providerId}`)).body;
      const res = await s.admin('PATCH', `/providers/${p.providerId}`, {
        guard: { percent: 50 },
        deactivationDelaySeconds: 999_999_999,
      });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.field, 'deactivationDelaySeconds');
      const after = (await s.admin('GET', `/providers/${p.providerId}`)).body;
      assert.deepEqual(after.guard, before.guard);
      assert.equal(after.deactivationDelaySeconds, before.deactivationDelaySeconds);
    });

    test('API tokens: shown once, act as their user with that user’s current roles, throttled last-used, revoked and expired → 401', async () => {
      const owner = await insertUser(s.roster, {
        userName: 'automation@example.com',
        orgId: rootId,
        roleIds: ['org-admin'],
      });
      const bootstrapToken = await tokenFor(s.roster, owner);
      const created = await as(bootstrapToken, 'POST', '/api-tokens', {
        name: 'nightly export',
        expiresAt: new Date(s.clock.now().getTime() + 3_600_000).toISOString(),
      });
      assert.equal(created.status, 201, created.text);
      const { token, secret } = created.body;
      assert.match(secret, /^rst_at_/);
      const listed = await as(secret, 'GET', '/api-tokens');
      assert.equal(listed.status, 200);
      assert.ok(!listed.text.includes(secret), 'the secret is shown once only');
      assert.ok(listed.body.tokens.some((t: { id: string }) => t.id === token.id));
      // An administrator sees every token of the tenant, each with its owner's username.
      const all = (await s.admin('GET', '/api-tokens')).body.tokens as {
        id: string;
        userId: string;
        userName: string;
      }[];
      assert.equal(all.find((t) => t.id === token.id)?.userName, 'automation@example.com');
      assert.ok(all.some((t) => t.userName === 'admin@roster.local' && t.userId !== owner.id));
      assert.equal(listed.body.tokens[0].userName, 'automation@example.com');

      assert.equal((await as(secret, 'GET', '/users')).status, 200);
      const used = (await as(secret, 'GET', '/api-tokens')).body.tokens.find((t: { id: string }) => t.id === token.id);
      assert.equal(used.lastUsedAt, s.clock.now().toISOString());
      s.clock.advance(30_000);
      await as(secret, 'GET', '/me');
      const same = (await as(secret, 'GET', '/api-tokens')).body.tokens.find((t: { id: string }) => t.id === token.id);
      assert.equal(same.lastUsedAt, used.lastUsedAt, 'not written again within a minute');
      s.clock.advance(31_000);
      await as(secret, 'GET', '/me');
      const later = (await as(secret, 'GET', '/api-tokens')).body.tokens.find((t: { id: string }) => t.id === token.id);
      assert.notEqual(later.lastUsedAt, used.lastUsedAt);

      // The token never carries more than its user: a role taken from the user is gone from the token.
      assert.equal((await s.admin('PUT', `/users/${owner.id}/roles`, { roleIds: ['proe-user'] })).status, 200);
      const narrowed = await as(secret, 'GET', '/users');
      assert.equal(narrowed.status, 403);
      assert.equal(narrowed.body.permission, 'users.read');

      s.clock.advance(3_600_000);
      const expired = await as(secret, 'GET', '/me');
      assert.equal(expired.status, 401);
      assert.match(expired.headers.get('content-type') ?? '', /^application\/problem\+json/);

      const other = await tokenFor(s.roster, owner);
      const mine = (await as(other, 'GET', '/api-tokens')).body.tokens as { id: string; revokedAt: string | null }[];
      const otherId = mine.find((t) => t.revokedAt === null && t.id !== token.id)?.id;
      assert.ok(otherId);
      assert.equal((await as(other, 'DELETE', `/api-tokens/${otherId}`)).status, 204);
      assert.equal((await as(other, 'GET', '/me')).status, 401, 'revoked at once');
    });

    test('a blocked user’s token stops working (401)', async () => {
      const user = await insertUser(s.roster, {
        userName: 'soon-blocked@example.com',
        orgId: rootId,
        roleIds: ['proe-user'],
      });
      const token = await tokenFor(s.roster, user);
      assert.equal((await as(token, 'GET', '/me')).status, 200);
      assert.equal((await s.admin('POST', `/users/${user.id}/block`)).status, 200);
      assert.equal((await as(token, 'GET', '/me')).status, 401);
    });

    test('audit log: who, from where, what, before and after; refused commands leave no entry; paged and exported', async () => {
      const target = await insertUser(s.roster, { userName: 'audited@example.com', orgId: rootId });
      assert.equal((await s.admin('POST', `/users/${target.id}/block`)).status, 200);
      const helpDesk = await insertUser(s.roster, {
        userName: 'helpdesk@example.com',
        orgId: rootId,
        roleIds: ['cross-org-help-desk'],
      });
      assert.equal((await as(await tokenFor(s.roster, helpDesk), 'POST', `/users/${target.id}/unblock`)).status, 403);
      const page = await s.admin('GET', `/audit-log?targetId=${target.id}`);
      assert.equal(page.status, 200, page.text);
      assert.deepEqual(
        page.body.entries.map((e: { action: string }) => e.action),
        ['user.block'],
      );
      const [entry] = page.body.entries;
      assert.equal(entry.actorUsername, 'admin@roster.local');
      assert.equal(entry.credential.kind, 'api_token');
      assert.equal(entry.ip, '127.0.0.1');
      assert.equal(entry.before.adminBlocked, false);
      assert.equal(entry.after.adminBlocked, true);

      const byActor = await s.admin('GET', '/audit-log?username=ADMIN@roster&limit=2&order=asc');
      assert.equal(byActor.body.entries.length, 2);
      const next = await s.admin(
        'GET',
        `/audit-log?username=ADMIN@roster&limit=2&order=asc&cursor=${byActor.body.nextCursor}`,
      );
      assert.equal(next.status, 200);
      assert.ok(next.body.entries[0].date >= byActor.body.entries[1].date);
      assert.notEqual(next.body.entries[0].id, byActor.body.entries[1].id);
      const bad = await s.admin('GET', '/audit-log?from=yesterday');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'from');

      const csv = await s.admin('GET', `/audit-log.csv?action=user.block`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      const lines = csv.text.trim().split('\n');
      assert.equal(lines[0], 'Date,Username,Credential,IP,Action,Target type,Target,Before,After');
      assert.ok(lines.some((l) => l.includes(target.id) && l.includes('user.block')));
    });

    test('OpenAPI 3.1 document: valid, and every admin route is in it with its permission and error codes', async () => {
      const res = await http('GET', `${s.url}/api/v1/openapi.json`);
      assert.equal(res.status, 200);
      const doc = res.body;
      assert.equal(doc.openapi, '3.1.0');
      const result = await new Validator().validate(doc);
      assert.equal(result.valid, true, JSON.stringify(result.errors)?.slice(0, 2000));
      const admin = s.roster.app.routeTable.filter(
        (r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json',
      );
      assert.ok(admin.length > 30, `${admin.length} admin routes`);
      for (const r of admin) {
        const path = r.url.replace('/api/v1', '/api/v1').replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[path]?.[r.method.toLowerCase()];
        assert.ok(op, `${r.method} ${r.url} is in the document`);
        assert.ok(r.permission, `${r.method} ${r.url} declares a permission`);
        assert.equal(op['x-permission'], r.permission);
        // The sign-in API alone takes no credential (public) or any session or token (signed_in).
        if (r.permission === 'public' || r.permission === 'signed_in') {
          assert.ok(r.url.startsWith('/api/v1/auth/'), `${r.method} ${r.url} is a sign-in route`);
          if (r.permission === 'signed_in') assert.ok(op.responses['401'], `${r.method} ${r.url} documents 401`);
          continue;
        }
        assert.ok(op.responses['403'] && op.responses['401'], `${r.method} ${r.url} documents 401 and 403`);
        assert.ok(op['x-error-codes'].includes('auth.forbidden'));
      }
    });
  });
}

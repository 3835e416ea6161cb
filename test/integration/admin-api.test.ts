import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { http, startServer, type TestServer } from '../helpers/server.js';

const PROBLEM = /^application\/problem\+json/;

for (const dialect of DIALECTS) {
  describe(`admin API on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(async () => s.close());

    test('requires an admin token: missing or wrong token → 401 problem+json', async () => {
      for (const authorization of [undefined, 'Bearer nope', 'Basic Zm9vOmJhcg==']) {
        const res = await http(
          'GET',
          `${s.url}/api/v1/organizations`,
          undefined,
          authorization ? { authorization } : {},
        );
        assert.equal(res.status, 401);
        assert.match(res.headers.get('content-type') ?? '', PROBLEM);
        assert.equal(res.body.code, 'auth.unauthenticated');
      }
    });

    test('the roles catalogue: every role of seeds/002 with its scope; authenticated callers only', async () => {
      const res = await s.admin('GET', '/roles');
      assert.equal(res.status, 200);
      const byId = new Map(res.body.roles.map((r: { id: string }) => [r.id, r]));
      assert.equal(byId.size, 26);
      const cca = byId.get('customer-cloud-admin') as { name: string; scope: string; permissions: string[] };
      assert.equal(cca.name, 'Customer Cloud Admin');
      assert.equal(cca.scope, 'all_organizations');
      assert.ok(cca.permissions.includes('identity_management.manage'));
      assert.equal((byId.get('org-admin') as { scope: string }).scope, 'organization_subtree');
      const anonymous = await http('GET', `${s.url}/api/v1/roles`);
      assert.equal(anonymous.status, 401);
    });

    test('organizations: create, list as a tree, rename, move; names unique case-insensitively', async () => {
      const tree0 = await s.admin('GET', '/organizations');
      assert.equal(tree0.status, 200);
      const root = tree0.body.organizations[0];
      assert.equal(root.name, 'Default organization');
      assert.equal(root.parentId, null);

      const sales = await s.admin('POST', '/organizations', { name: 'Sales' });
      assert.equal(sales.status, 201);
      assert.equal(sales.body.parentId, root.id);
      assert.deepEqual(sales.body.defaultRoles, root.defaultRoles, "a child starts with its parent's default roles");
      const emea = await s.admin('POST', '/organizations', { name: 'EMEA', parentId: sales.body.id });
      assert.equal(emea.status, 201);

      const dup = await s.admin('POST', '/organizations', { name: 'sales' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.code, 'organization.name_taken');

      const tree = await s.admin('GET', '/organizations');
      const salesNode = tree.body.organizations[0].children.find((c: any) => c.id === sales.body.id);
      assert.deepEqual(
        salesNode.children.map((c: any) => c.name),
        ['EMEA'],
      );

      const renamed = await s.admin('PATCH', `/organizations/${emea.body.id}`, { name: 'Europe' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'Europe');

      const moved = await s.admin('PATCH', `/organizations/${emea.body.id}`, { parentId: root.id });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.parentId, root.id);
      const again = await s.admin('GET', `/organizations/${emea.body.id}`);
      assert.equal(again.body.parentId, root.id);
    });

    test('organizations: bad input gets a clear problem, never a 500', async () => {
      const root = (await s.admin('GET', '/organizations')).body.organizations[0];
      const a = (await s.admin('POST', '/organizations', { name: 'Cycle A' })).body;
      const b = (await s.admin('POST', '/organizations', { name: 'Cycle B', parentId: a.id })).body;

      const cycle = await s.admin('PATCH', `/organizations/${a.id}`, { parentId: b.id });
      assert.equal(cycle.status, 409);
      assert.equal(cycle.body.code, 'organization.cycle');
      const self = await s.admin('PATCH', `/organizations/${a.id}`, { parentId: a.id });
      assert.equal(self.body.code, 'organization.cycle');
      const rootMove = await s.admin('PATCH', `/organizations/${root.id}`, { parentId: a.id });
      assert.equal(rootMove.status, 409);
      assert.equal(rootMove.body.code, 'organization.root_immutable');

      const unknownParent = await s.admin('POST', '/organizations', { name: 'Orphan', parentId: 'nope' });
      assert.equal(unknownParent.status, 404);
      assert.equal(unknownParent.body.code, 'organization.not_found');

      const empty = await s.admin('POST', '/organizations', { name: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.headers.get('content-type') ?? '', PROBLEM);
      const extra = await s.admin('POST', '/organizations', { name: 'X', color: 'red' });
      assert.equal(extra.status, 400);
      const malformed = await http('POST', `${s.url}/api/v1/organizations`, '{nope', {
        authorization: `Bearer ${s.adminToken}`,
        'content-type': 'application/json',
      });
      assert.equal(malformed.status, 400);
      assert.match(malformed.headers.get('content-type') ?? '', PROBLEM);
      const missing = await s.admin('GET', '/organizations/does-not-exist');
      assert.equal(missing.status, 404);
      const unknownRoute = await s.admin('GET', '/nothing-here');
      assert.equal(unknownRoute.status, 404);
      assert.match(unknownRoute.headers.get('content-type') ?? '', PROBLEM);
    });

    test('providers: credential shown once and stored hashed; read shows the base URL', async () => {
      const created = await s.admin('POST', '/providers', { name: 'Entra ID', authType: 'bearer' });
      assert.equal(created.status, 201);
      const { provider, credential } = created.body;
      assert.equal(credential.type, 'bearer');
      assert.match(credential.token, /^rst_scim_/);
      assert.equal(provider.scimBaseUrl, `${s.url}/scim/${provider.id}/v2`);
      assert.equal(provider.deactivationDelaySeconds, 900);

      const row = await s.roster.db.kysely
        .selectFrom('providers')
        .selectAll()
        .where('id', '=', provider.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.token_hash, credential.token);
      assert.ok(!JSON.stringify(row).includes(credential.token), 'the token itself is nowhere in the row');

      const read = await s.admin('GET', `/providers/${provider.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.scimBaseUrl, provider.scimBaseUrl);
      assert.ok(
        !('credential' in read.body) && !read.text.includes(credential.token),
        'reading never shows the credential again',
      );
      const list = await s.admin('GET', '/providers');
      assert.ok(list.body.providers.some((p: any) => p.id === provider.id));

      const dup = await s.admin('POST', '/providers', { name: 'entra id', authType: 'bearer' });
      assert.equal(dup.status, 409);
      const badAuth = await s.admin('POST', '/providers', { name: 'X', authType: 'oauth' });
      assert.equal(badAuth.status, 400);
      const badDelay = await s.admin('POST', '/providers', {
        name: 'Y',
        authType: 'basic',
        deactivationDelaySeconds: -1,
      });
      assert.equal(badDelay.status, 400);
    });

    test('providers: rotate revokes the old credential at once (bearer and basic)', async () => {
      for (const authType of ['bearer', 'basic'] as const) {
        const scim = await s.scimProvider({ authType });
        assert.equal((await scim.req('GET', '/Users')).status, 200);
        const rotated = await s.admin('POST', `/providers/${scim.providerId}/rotate`);
        assert.equal(rotated.status, 200);
        assert.equal(rotated.body.credential.type, authType);
        assert.equal((await scim.req('GET', '/Users')).status, 401, 'old credential refused immediately');
        const c = rotated.body.credential;
        const fresh =
          c.type === 'bearer'
            ? `Bearer ${c.token}`
            : `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
        assert.equal((await scim.req('GET', '/Users', undefined, { authorization: fresh })).status, 200);
      }
    });

    test('providers: delete is refused while it owns users unless they go to local management', async () => {
      const scim = await s.scimProvider();
      const user = await scim.req('POST', '/Users', { userName: 'keep.me@example.com' });
      assert.equal(user.status, 201);
      const refused = await s.admin('DELETE', `/providers/${scim.providerId}`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'provider.has_users');
      const ok = await s.admin('DELETE', `/providers/${scim.providerId}?users=local`);
      assert.equal(ok.status, 204);
      const row = await s.roster.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('id', '=', user.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.provider_id, null, 'the user now belongs to local management, nothing lost');
      assert.equal((await s.admin('GET', `/providers/${scim.providerId}`)).status, 404);
      assert.equal((await scim.req('GET', '/Users')).status, 401);

      const empty = await s.scimProvider();
      assert.equal((await s.admin('DELETE', `/providers/${empty.providerId}`)).status, 204);
    });

    test('permissions come from roles: a token of a user without identity-management rights gets 403', async () => {
      // A Desktop User (the default role) must not manage providers.
      const { newSecret, hashSecret } = await import('../../src/core/auth/credentials.js');
      const scim = await s.scimProvider();
      const u = await scim.req('POST', '/Users', { userName: 'plain.user@example.com' });
      const token = newSecret('rst_adm');
      await s.roster.db.kysely
        .insertInto('api_tokens')
        .values({
          id: 'tok-plain',
          tenant_id: (
            await s.roster.db.kysely
              .selectFrom('users')
              .select('tenant_id')
              .where('id', '=', u.body.id)
              .executeTakeFirstOrThrow()
          ).tenant_id,
          user_id: u.body.id,
          name: 't',
          token_hash: hashSecret(token),
          created_at: new Date().toISOString(),
        })
        .execute();
      const res = await http('GET', `${s.url}/api/v1/providers`, undefined, { authorization: `Bearer ${token}` });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'auth.forbidden');
      // Blocking the user (provider sets active:false) revokes API access too.
      await scim.req('PATCH', `/Users/${u.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      const blocked = await http('GET', `${s.url}/api/v1/organizations`, undefined, {
        authorization: `Bearer ${token}`,
      });
      assert.equal(blocked.status, 401);
    });
  });
}

// The audit log records what happens outside administrative commands too (SPEC C6 "every sign-in"):
// a tenant's creation by the operator, a password set through a one-time link, and a failed
// sign-in for a username that does not exist (no user id: the username as given and the address).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { authCall, consoleSignIn, GOOD_PASSWORD, withCookie } from '../helpers/sign-in.js';

for (const dialect of DIALECTS) {
  describe(`audit of tenant creation, password links and unknown usernames on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect, { ROSTER_SWEEP_INTERVAL_MS: '0' });
    });
    after(async () => s.close());

    test('each is in the new tenant’s audit log, with who, from where and what', async () => {
      // The operator CLI's `roster tenant create` runs this service command.
      const created = await s.roster.services.tenants.create({ name: 'Audited Co', adminEmail: 'boss@audited.test' });
      const prefix = '/t/audited-co';
      const set = await authCall(s, 'password-link', { token: created.link.token, password: GOOD_PASSWORD }, prefix);
      assert.equal(set.status, 200, set.text);
      const failed = await authCall(
        s,
        'password',
        { username: 'Nobody@Audited.test', password: GOOD_PASSWORD, client: 'console' },
        prefix,
      );
      assert.equal(failed.status, 401);
      const { cookie } = await consoleSignIn(s, 'boss@audited.test', GOOD_PASSWORD, prefix);
      const page = await withCookie(s, 'GET', '/audit-log?order=asc&limit=100', cookie);
      assert.equal(page.status, 200, page.text);
      const entries = page.body.entries as any[];
      const byAction = (a: string) => entries.filter((e) => e.action === a);

      const [tenant] = byAction('tenant.create');
      assert.equal(tenant?.credential.kind, 'operator');
      assert.equal(tenant?.targetId, created.tenant.id);
      assert.equal(tenant?.after.admin.userName, 'boss@audited.test');
      assert.equal(tenant?.after.slug, 'audited-co');

      const [link] = byAction('user.password_set');
      assert.equal(link?.actorUserId, created.admin.id);
      assert.equal(link?.actorUsername, 'boss@audited.test');
      assert.equal(link?.credential.kind, 'password_link');
      assert.equal(link?.targetId, created.admin.id);
      assert.match(link?.ip ?? '', /127\.0\.0\.1/);

      const unknown = byAction('auth.sign_in_failed');
      assert.equal(unknown.length, 1);
      assert.equal(unknown[0].actorUserId, null);
      assert.equal(unknown[0].actorUsername, 'Nobody@Audited.test', 'the username exactly as given');
      assert.match(unknown[0].ip ?? '', /127\.0\.0\.1/);
      assert.equal(unknown[0].after.reason, 'unknown_user');

      // The default tenant's log holds none of them.
      const other = await s.admin('GET', '/audit-log?limit=100');
      const actions = (other.body.entries as any[]).map((e) => e.action);
      for (const a of ['tenant.create', 'user.password_set', 'auth.sign_in_failed'])
        assert.ok(!actions.includes(a), `${a} stays in its own tenant`);
    });
  });
}

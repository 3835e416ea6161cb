import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { http, startServer, type TestServer } from '../helpers/server.js';
import {
  appSignIn,
  authCall,
  consoleSignIn,
  createLocalUser,
  GOOD_PASSWORD,
  withBearer,
  withCookie,
} from '../helpers/sign-in.js';

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`sign-in on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      // Rate limits are tested in auth-rate-limit.test.ts; here they would cut the lockout sequences short.
      s = await startServer(dialect, {
        ROSTER_SWEEP_INTERVAL_MS: '0',
        ROSTER_AUTH_RATE_PER_IP: '100000',
        ROSTER_AUTH_RATE_PER_USERNAME: '100000',
      });
    });
    after(async () => s.close());

    test('start answers the same for a known and an unknown username', async () => {
      await createLocalUser(s, 'known@example.com');
      const known = await authCall(s, 'start', { username: 'known@example.com' });
      const unknown = await authCall(s, 'start', { username: 'nobody@example.com' });
      assert.equal(known.status, 200);
      assert.equal(unknown.status, 200);
      assert.deepEqual(known.body, { method: { type: 'password' }, next: 'password' });
      assert.deepEqual(unknown.body, known.body);
    });

    test('wrong password, unknown, blocked and deactivated users all get the same 401', async () => {
      const blocked = await createLocalUser(s, 'blocked@example.com');
      const gone = await createLocalUser(s, 'gone@example.com');
      await createLocalUser(s, 'wrongpw@example.com');
      assert.equal((await s.admin('POST', `/users/${blocked}/block`)).status, 200);
      assert.equal((await s.admin('POST', `/users/${gone}/deactivate`)).status, 200);
      const attempts = [
        { username: 'wrongpw@example.com', password: 'not-the-right-one-at-all' },
        { username: 'nobody@example.com', password: GOOD_PASSWORD },
        { username: 'blocked@example.com', password: GOOD_PASSWORD },
        { username: 'gone@example.com', password: GOOD_PASSWORD },
      ];
      const answers = [];
      for (const a of attempts) answers.push(await authCall(s, 'password', { ...a, client: 'app' }));
      for (const r of answers) {
        assert.equal(r.status, 401);
        assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.deepEqual(r.body, answers[0]?.body);
      }
      assert.equal(answers[0]?.body.code, 'auth.invalid_credentials');
    });

    test('five failures lock for 15 minutes, reported only with the correct password; the next lock doubles', async () => {
      await createLocalUser(s, 'locky@example.com');
      const wrong = () =>
        authCall(s, 'password', { username: 'locky@example.com', password: 'wrong-password-123', client: 'app' });
      const right = () =>
        authCall(s, 'password', { username: 'locky@example.com', password: GOOD_PASSWORD, client: 'app' });
      for (let i = 0; i < 5; i += 1) assert.equal((await wrong()).status, 401);
      const locked = await right();
      assert.equal(locked.status, 423);
      assert.equal(locked.body.code, 'auth.account_locked');
      const wrongWhileLocked = await wrong();
      assert.equal(wrongWhileLocked.status, 401, 'a wrong password never learns of the lock');
      assert.equal(wrongWhileLocked.body.code, 'auth.invalid_credentials');
      s.clock.advance(15 * MINUTE + 1000);
      for (let i = 0; i < 5; i += 1) assert.equal((await wrong()).status, 401);
      s.clock.advance(16 * MINUTE);
      assert.equal((await right()).status, 423, 'the second lock lasts 30 minutes');
      s.clock.advance(15 * MINUTE);
      assert.equal((await right()).status, 200);
    });

    test('console cookie: HttpOnly, SameSite=Lax; reads need no CSRF token, writes do', async () => {
      const { cookie, csrfToken, setCookie } = await consoleSignIn(s, 'admin@roster.local', await adminPassword(s));
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /SameSite=Lax/i);
      assert.doesNotMatch(setCookie, /Secure/i, 'served over http here');
      assert.equal((await withCookie(s, 'GET', '/organizations', cookie)).status, 200);
      const forged = await withCookie(s, 'POST', '/organizations', cookie, undefined, { name: 'Forged' });
      assert.equal(forged.status, 403);
      assert.equal(forged.body.code, 'auth.csrf_failed');
      const wrongToken = await withCookie(s, 'POST', '/organizations', cookie, 'rst_csrf_nope', { name: 'Forged' });
      assert.equal(wrongToken.status, 403);
      const names = (await s.admin('GET', '/organizations')).body.organizations[0].children.map((o: any) => o.name);
      assert.ok(!names.includes('Forged'), 'nothing was created by the CSRF-less requests');
      const ok = await withCookie(s, 'POST', '/organizations', cookie, csrfToken, { name: 'Made by console' });
      assert.equal(ok.status, 201);
    });

    test('console needs PROe User or an admin role; the app needs Desktop User', async () => {
      await createLocalUser(s, 'desk@example.com', { roles: ['desktop-user'] });
      await createLocalUser(s, 'proe@example.com', { roles: ['proe-user'] });
      const deskConsole = await authCall(s, 'password', {
        username: 'desk@example.com',
        password: GOOD_PASSWORD,
        client: 'console',
      });
      assert.equal(deskConsole.status, 403);
      assert.equal(deskConsole.body.code, 'auth.sign_in_not_permitted');
      assert.ok(await appSignIn(s, 'desk@example.com'));
      assert.ok((await consoleSignIn(s, 'proe@example.com')).cookie);
      const proeApp = await authCall(s, 'password', {
        username: 'proe@example.com',
        password: GOOD_PASSWORD,
        client: 'app',
      });
      assert.equal(proeApp.status, 403);
      // PROe User signs in to the console but holds no admin permission.
      const { cookie } = await consoleSignIn(s, 'proe@example.com');
      const users = await withCookie(s, 'GET', '/users', cookie);
      assert.equal(users.status, 403);
    });

    test('idle and absolute timeouts end a session with 401', async () => {
      const pw = await adminPassword(s);
      const idle = await consoleSignIn(s, 'admin@roster.local', pw);
      s.clock.advance(29 * MINUTE);
      assert.equal((await withCookie(s, 'GET', '/organizations', idle.cookie)).status, 200);
      s.clock.advance(29 * MINUTE);
      assert.equal((await withCookie(s, 'GET', '/organizations', idle.cookie)).status, 200, 'activity extends it');
      s.clock.advance(31 * MINUTE);
      const expired = await withCookie(s, 'GET', '/organizations', idle.cookie);
      assert.equal(expired.status, 401);
      assert.equal(expired.body.code, 'auth.unauthenticated');
      const busy = await consoleSignIn(s, 'admin@roster.local', pw);
      for (let t = 0; t < 12 * 60; t += 20) {
        s.clock.advance(20 * MINUTE);
        const r = await withCookie(s, 'GET', '/organizations', busy.cookie);
        assert.equal(r.status, t + 20 < 12 * 60 ? 200 : 401, `at ${t + 20} minutes`);
      }
    });

    test('sign-out, an administrator, a block and a password reset revoke sessions', async () => {
      const id = await createLocalUser(s, 'revoke@example.com', { roles: ['desktop-user', 'org-admin'] });
      const token = await appSignIn(s, 'revoke@example.com');
      assert.equal((await withBearer(s, 'GET', '/organizations', token)).status, 200);
      const out = await fetch(`${s.url}/api/v1/auth/sign-out`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(out.status, 204);
      assert.equal((await withBearer(s, 'GET', '/organizations', token)).status, 401);

      const t2 = await appSignIn(s, 'revoke@example.com');
      const revoked = await s.admin('DELETE', `/users/${id}/sessions`);
      assert.deepEqual(revoked.body, { revoked: 1 });
      assert.equal((await withBearer(s, 'GET', '/organizations', t2)).status, 401);

      const t3 = await appSignIn(s, 'revoke@example.com');
      await s.admin('POST', `/users/${id}/block`);
      await s.admin('POST', `/users/${id}/unblock`);
      assert.equal((await withBearer(s, 'GET', '/organizations', t3)).status, 401, 'unblocking does not revive it');

      const t4 = await appSignIn(s, 'revoke@example.com');
      const link = await s.admin('POST', `/users/${id}/password-reset`);
      assert.equal(link.status, 200);
      assert.equal((await withBearer(s, 'GET', '/organizations', t4)).status, 401);
      const old = await authCall(s, 'password', {
        username: 'revoke@example.com',
        password: GOOD_PASSWORD,
        client: 'app',
      });
      assert.equal(old.status, 401, 'the old password stops working at once');
    });

    test('sessions act as their user: a console Desktop User is refused, sign-in events and session commands are audited', async () => {
      await createLocalUser(s, 'desktop.only@example.com');
      const refused = await authCall(s, 'password', {
        username: 'desktop.only@example.com',
        password: GOOD_PASSWORD,
        client: 'console',
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'auth.sign_in_not_permitted');

      const id = await createLocalUser(s, 'audited.admin@example.com', { roles: ['customer-cloud-admin'] });
      const bad = await authCall(s, 'password', {
        username: 'audited.admin@example.com',
        password: 'not-the-right-one-at-all',
        client: 'console',
      });
      assert.equal(bad.status, 401);
      const c = await consoleSignIn(s, 'audited.admin@example.com');
      const me = await withCookie(s, 'GET', '/me', c.cookie);
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.userId, id);
      assert.equal(me.body.credential.kind, 'session');
      const org = await withCookie(s, 'POST', '/organizations', c.cookie, c.csrfToken, { name: 'Made by a session' });
      assert.equal(org.status, 201, org.text);
      const out = await http('POST', `${s.url}/api/v1/auth/sign-out`, undefined, {
        cookie: c.cookie,
        'x-csrf-token': c.csrfToken,
      });
      assert.equal(out.status, 204, out.text);

      const mine = await s.admin('GET', `/audit-log?targetId=${id}&order=asc`);
      assert.equal(mine.status, 200, mine.text);
      const events = mine.body.entries.filter((e: { action: string }) => e.action.startsWith('auth.'));
      assert.deepEqual(
        events.map((e: { action: string }) => e.action),
        ['auth.sign_in_failed', 'auth.sign_in', 'auth.sign_out'],
      );
      for (const e of events) {
        assert.equal(e.actorUsername, 'audited.admin@example.com');
        assert.equal(e.ip, '127.0.0.1');
      }
      const created = await s.admin('GET', `/audit-log?targetId=${org.body.id}`);
      assert.equal(created.body.entries[0]?.credential.kind, 'session');
      assert.equal(created.body.entries[0]?.actorUsername, 'audited.admin@example.com');
    });
  });
}

/** Gives the bootstrap admin a password through a reset link and returns it. */
async function adminPassword(s: TestServer): Promise<string> {
  const pw = 'Bootstrap-admin-pass-9';
  const me = (await s.admin('GET', '/users?userName=admin@roster.local')).body.users[0].id;
  const link = await s.admin('POST', `/users/${me}/password-reset`);
  const res = await authCall(s, 'password-link', { token: link.body.token, password: pw });
  if (res.status !== 200) throw new Error(`set password failed ${res.status} ${res.text}`);
  return pw;
}

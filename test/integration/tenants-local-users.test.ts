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

const csv = (lines: string[]) => `${lines.join('\n')}\n`;
const HEADER = 'username,email,first name,last name,organization,roles,password';

for (const dialect of DIALECTS) {
  describe(`tenants and local users on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect, {
        ROSTER_SWEEP_INTERVAL_MS: '0',
        ROSTER_AUTH_RATE_PER_IP: '100000',
        ROSTER_AUTH_RATE_PER_USERNAME: '100000',
      });
    });
    after(async () => s.close());

    const importCsv = (text: string, dryRun = false) =>
      http('POST', `${s.url}/api/v1/users/import${dryRun ? '?dryRun=true' : ''}`, text, {
        authorization: `Bearer ${s.adminToken}`,
        'content-type': 'text/csv',
      });

    test('a new tenant: its administrator sets a password through the link and signs in at /t/{slug}', async () => {
      const created = await s.roster.services.tenants.create({ name: 'Globex Inc', adminEmail: 'boss@globex.test' });
      assert.equal(created.tenant.slug, 'globex-inc');
      assert.match(created.link.token, /^rst_pwl_/);
      const prefix = '/t/globex-inc';
      const weak = await authCall(s, 'password-link', { token: created.link.token, password: 'password1234' }, prefix);
      assert.equal(weak.status, 400);
      assert.equal(weak.body.code, 'password.policy');
      const elsewhere = await authCall(s, 'password-link', { token: created.link.token, password: GOOD_PASSWORD });
      assert.equal(elsewhere.status, 400, "a tenant's link does not work at another tenant's address");
      const set = await authCall(s, 'password-link', { token: created.link.token, password: GOOD_PASSWORD }, prefix);
      assert.equal(set.status, 200);
      const again = await authCall(s, 'password-link', { token: created.link.token, password: GOOD_PASSWORD }, prefix);
      assert.equal(again.body.code, 'auth.reset_token_invalid', 'one use only');
      const atDefault = await authCall(s, 'password', {
        username: 'boss@globex.test',
        password: GOOD_PASSWORD,
        client: 'console',
      });
      assert.equal(atDefault.status, 401, 'the default address signs in to the default tenant only');
      const { cookie } = await consoleSignIn(s, 'boss@globex.test', GOOD_PASSWORD, prefix);
      const users = await withCookie(s, 'GET', '/users', cookie);
      assert.equal(users.status, 200);
      assert.deepEqual(
        users.body.users.map((u: any) => u.userName),
        ['boss@globex.test'],
        "the session sees its own tenant's users only",
      );
      const unknown = await authCall(s, 'start', { username: 'x@y.z' }, '/t/no-such-tenant');
      assert.equal(unknown.status, 404);
    });

    test('usernames are unique per tenant: the same username signs in to each tenant separately', async () => {
      const other = await s.roster.services.tenants.create({ name: 'Initech', adminEmail: 'admin@initech.test' });
      await authCall(s, 'password-link', { token: other.link.token, password: 'initech-Admin-pass-1' }, '/t/initech');
      const { cookie, csrfToken } = await consoleSignIn(s, 'admin@initech.test', 'initech-Admin-pass-1', '/t/initech');
      const created = await withCookie(s, 'POST', '/users', cookie, csrfToken, {
        username: 'same@both.test',
        roles: ['desktop-user'],
        password: 'initech-user-pass-2',
      });
      assert.equal(created.status, 201);
      await createLocalUser(s, 'same@both.test');
      assert.ok(await appSignIn(s, 'same@both.test'));
      assert.ok(await appSignIn(s, 'same@both.test', 'initech-user-pass-2', '/t/initech'));
      const crossed = await authCall(s, 'password', {
        username: 'same@both.test',
        password: 'initech-user-pass-2',
        client: 'app',
      });
      assert.equal(crossed.status, 401);
      assert.equal(created.body.passwordLink, null, 'a password was given: no link');
    });

    test('tenant settings: only identity-management admins change "username must be an email address"', async () => {
      const before = await s.admin('GET', '/tenant');
      assert.equal(before.body.requireEmailUsername, true);
      assert.equal(before.body.slug, 'default');
      const rejected = await s.admin('POST', '/users', { username: 'plainname', password: GOOD_PASSWORD });
      assert.equal(rejected.status, 400);
      await createLocalUser(s, 'orgadmin@example.com', { roles: ['org-admin', 'proe-user'] });
      const { cookie, csrfToken } = await consoleSignIn(s, 'orgadmin@example.com');
      const denied = await withCookie(s, 'PATCH', '/tenant', cookie, csrfToken, { requireEmailUsername: false });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.code, 'auth.forbidden');
      const changed = await s.admin('PATCH', '/tenant', { requireEmailUsername: false });
      assert.equal(changed.body.requireEmailUsername, false);
      const plain = await s.admin('POST', '/users', { username: 'plainname', password: GOOD_PASSWORD });
      assert.equal(plain.status, 201);
      await s.admin('PATCH', '/tenant', { requireEmailUsername: true });
    });

    test('creating a local user: password policy, no password → set-password link, taken username', async () => {
      const cases = [
        ['short-pw', 'must be at least 12 characters long'],
        ['longpolicyname@example.com', 'must not be the username'],
        ['LongPolicyName', 'must not be the username'],
        ['Qwerty123456', 'is one of the most common passwords'],
      ];
      for (const [password, reason] of cases) {
        const r = await s.admin('POST', '/users', { username: 'longpolicyname@example.com', password });
        assert.equal(r.status, 400, password);
        assert.equal(r.body.field, 'password');
        assert.equal(r.body.detail, `password: ${reason}`);
      }
      const noPw = await s.admin('POST', '/users', { username: 'linked@example.com', roles: ['desktop-user'] });
      assert.equal(noPw.status, 201);
      assert.match(noPw.body.passwordLink.url, /\/set-password#token=rst_pwl_/);
      assert.equal(noPw.body.passwordLink.purpose, 'set');
      const noSignIn = await authCall(s, 'password', {
        username: 'linked@example.com',
        password: GOOD_PASSWORD,
        client: 'app',
      });
      assert.equal(noSignIn.status, 401, 'no password yet');
      await authCall(s, 'password-link', { token: noPw.body.passwordLink.token, password: GOOD_PASSWORD });
      assert.ok(await appSignIn(s, 'linked@example.com'));
      const taken = await s.admin('POST', '/users', { username: 'LINKED@example.com', password: GOOD_PASSWORD });
      assert.equal(taken.status, 409);
    });

    test('an expired link is refused', async () => {
      const r = await s.admin('POST', '/users', { username: 'late@example.com', roles: ['desktop-user'] });
      s.clock.advance(7 * 24 * 3_600_000 + 1000);
      const late = await authCall(s, 'password-link', { token: r.body.passwordLink.token, password: GOOD_PASSWORD });
      assert.equal(late.status, 400);
      assert.equal(late.body.code, 'auth.reset_token_invalid');
    });

    test('CSV upload: every bad row by line number, the good ones created, a dry run creates nothing', async () => {
      await s.admin('POST', '/organizations', { name: 'Sales' });
      const file = csv([
        HEADER,
        'ann@csv.test,ann@csv.test,Ann,A,Sales,desktop-user;PROe User,csv-Password-001',
        'bob@csv.test,bob@,Bob,B,Nowhere,wizard,short',
        'cat@csv.test,cat@csv.test,Cat,C,,,',
        'ann@csv.test,ann2@csv.test,Ann,Again,,,',
        'dan@csv.test,dan@csv.test,Dan',
        '"eve@csv.test,eve@csv.test,Eve,E,,,',
      ]);
      const dry = await importCsv(file, true);
      assert.equal(dry.status, 200);
      assert.equal(dry.body.dryRun, true);
      assert.equal(dry.body.created, 2);
      const lines = dry.body.rejected.map((r: any) => [r.line, r.problems.map((p: any) => p.field).join(',')]);
      assert.deepEqual(lines, [
        [3, 'email,organization,roles,password'],
        [5, 'username'],
        [6, 'line'],
        [7, 'line'],
      ]);
      const none = await s.admin('GET', '/users?userName=ann@csv.test');
      assert.equal(none.body.users.length, 0, 'the dry run created nothing');
      const real = await importCsv(file);
      assert.equal(real.body.created, 2);
      assert.deepEqual(real.body.rejected, dry.body.rejected);
      const ann = (await s.admin('GET', '/users?userName=ann@csv.test')).body.users[0];
      const detail = await s.admin('GET', `/users/${ann.id}`);
      assert.deepEqual(detail.body.roles.map((r: any) => r.roleId).sort(), ['desktop-user', 'proe-user']);
      assert.ok(await appSignIn(s, 'ann@csv.test', 'csv-Password-001'));
      const cat = (await s.admin('GET', '/users?userName=cat@csv.test')).body.users[0];
      const catRoles = (await s.admin('GET', `/users/${cat.id}`)).body.roles.map((r: any) => r.roleId);
      assert.deepEqual(catRoles, ['desktop-user'], "no roles given: the organization's default roles");
      const bad = await importCsv('name,mail\nx,y\n');
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /lacks the column\(s\) username, email/);
    });

    test('CSV upload over several multi-row statements: a taken username is reported, the rest created', async () => {
      assert.equal((await importCsv(csv([HEADER, 'zed@bulk.test,zed@bulk.test,Zed,Z,,,']))).body.created, 1);
      const rows = Array.from({ length: 45 }, (_, i) =>
        i === 10
          ? 'ZED@bulk.test,z2@bulk.test,Zed,Again,,,'
          : `b${i}@bulk.test,b${i}@bulk.test,B${i},L${i},Sales,proe-user,`,
      );
      const real = await importCsv(csv([HEADER, ...rows]));
      assert.equal(real.status, 200, real.text);
      assert.equal(real.body.created, 44);
      assert.deepEqual(
        real.body.rejected.map((r: any) => [r.line, r.problems.map((p: any) => p.reason)]),
        [[12, ['is already taken']]],
      );
      for (const i of [0, 21, 44]) {
        const u = (await s.admin('GET', `/users?userName=b${i}@bulk.test`)).body.users[0];
        const detail = await s.admin('GET', `/users/${u.id}`);
        assert.deepEqual(
          detail.body.roles.map((r: any) => r.roleId),
          ['proe-user'],
        );
        assert.equal(JSON.stringify(detail.body).includes(`b${i}@bulk.test`), true);
      }
    });

    test('an app session token works on the admin API like an API token, within its roles', async () => {
      await createLocalUser(s, 'helpdesk@example.com', { roles: ['desktop-user', 'cross-org-help-desk'] });
      const token = await appSignIn(s, 'helpdesk@example.com');
      assert.equal((await withBearer(s, 'GET', '/users', token)).status, 200);
      const write = await withBearer(s, 'POST', '/organizations', token, { name: 'Nope' });
      assert.equal(write.status, 403, 'bearer sessions need no CSRF token, but the roles still decide');
      assert.equal(write.body.code, 'auth.forbidden');
      const bogus = await withBearer(s, 'GET', '/users', 'rst_ses_forged');
      assert.equal(bogus.status, 401);
    });
  });
}

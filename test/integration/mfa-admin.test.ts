import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DIALECTS } from '../helpers/databases.js';
import { auditActions, enrolViaMe, mfaStep, passwordStep, startMfaServer, totpAt } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { authCall, consoleSignIn, createLocalUser, withCookie } from '../helpers/sign-in.js';

const run = promisify(execFile);
const CONSOLE_USER = ['proe-user', 'desktop-user'];

for (const dialect of DIALECTS) {
  describe(`MFA administration on ${dialect}`, () => {
    let s: TestServer;
    const org: Record<string, string> = {};
    before(async () => {
      s = await startMfaServer(dialect);
      // root ─┬─ Alpha ── Alpha Team
      //       └─ Beta
      for (const [name, parent] of [
        ['Alpha', undefined],
        ['Alpha Team', 'Alpha'],
        ['Beta', undefined],
      ] as const) {
        const res = await s.admin('POST', '/organizations', { name, ...(parent ? { parentId: org[parent] } : {}) });
        assert.equal(res.status, 201, res.text);
        org[name] = res.body.id;
      }
    });
    after(async () => s.close());

    test('a requirement set on an organization applies to its child: the sign-in enrols, then /me cannot remove it', async () => {
      const set = await s.admin('PATCH', `/organizations/${org.Alpha}`, { settings: { mfaRequired: true } });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual([set.body.settings, set.body.effective], [{ mfaRequired: true }, { mfaRequired: true }]);
      const child = await s.admin('GET', `/organizations/${org['Alpha Team']}`);
      assert.deepEqual([child.body.settings, child.body.effective], [{ mfaRequired: null }, { mfaRequired: true }]);
      const beta = await s.admin('GET', `/organizations/${org.Beta}`);
      assert.deepEqual(beta.body.effective, { mfaRequired: false });
      const tree = await s.admin('GET', '/organizations');
      assert.equal(tree.body.organizations[0].effective.mfaRequired, false, 'the root requires nothing');
      const bad = await s.admin('PATCH', `/organizations/${org.Beta}`, { settings: { mfaRequired: 'yes' } });
      assert.equal(bad.status, 400);

      const id = await createLocalUser(s, 'team@example.com', { roles: CONSOLE_USER, organization: 'Alpha Team' });
      const pw = await passwordStep(s, 'team@example.com');
      assert.equal(pw.body.next, 'mfa_enrol');
      const skipped = await mfaStep(s, { mfaToken: pw.body.mfaToken, code: '123456' });
      assert.equal(skipped.body.code, 'auth.mfa_token_invalid', 'an enrolment token is not a verification token');
      const enrol = await authCall(s, 'mfa/enrol', { mfaToken: pw.body.mfaToken });
      assert.equal(enrol.status, 200, enrol.text);
      assert.equal(
        enrol.body.otpauthUri,
        `otpauth://totp/Roster:team%40example.com?secret=${enrol.body.secret}&issuer=Roster`,
      );
      const code = await totpAt(enrol.body.secret, s.clock.now());
      const wrongClient = await authCall(s, 'mfa/enrol/confirm', { mfaToken: pw.body.mfaToken, code, client: 'app' });
      assert.equal(wrongClient.body.code, 'auth.mfa_token_invalid');
      const done = await authCall(s, 'mfa/enrol/confirm', { mfaToken: pw.body.mfaToken, code, client: 'console' });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.next, 'session');
      assert.equal(done.body.recoveryCodes.length, 10);
      assert.match(done.body.recoveryCodes[0], /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

      const cookie = (done.headers.get('set-cookie') ?? '').split(';')[0] as string;
      s.clock.advance(30_000);
      const later = await totpAt(enrol.body.secret, s.clock.now());
      const remove = await withCookie(s, 'DELETE', '/me/mfa', cookie, done.body.csrfToken, { code: later });
      assert.equal(remove.status, 409);
      assert.equal(remove.body.code, 'mfa.required');
      const detail = await s.admin('GET', `/users/${id}`);
      assert.deepEqual(detail.body.mfa, { enrolled: true, required: true });
      const updates = await auditActions(s, ['organization.update']);
      const change = updates.find((e) => e.targetId === org.Alpha);
      assert.deepEqual([change.before.mfaRequired, change.after.mfaRequired], [null, true]);
    });

    test('/me/mfa: enrol twice 409, wrong code 400, new recovery codes, removal with a code', async () => {
      await createLocalUser(s, 'self@example.com', { roles: CONSOLE_USER, organization: 'Beta' });
      const { cookie, csrfToken } = await consoleSignIn(s, 'self@example.com');
      const me = (method: string, path: string, body?: unknown) => withCookie(s, method, path, cookie, csrfToken, body);
      assert.equal((await me('POST', '/me/mfa/enrol/confirm', { code: '123456' })).body.code, 'mfa.not_pending');
      const begun = await me('POST', '/me/mfa/enrol');
      assert.equal(begun.headers.get('cache-control'), 'no-store');
      const wrong = await me('POST', '/me/mfa/enrol/confirm', { code: '12345' });
      assert.deepEqual([wrong.status, wrong.body.code], [400, 'mfa.code_invalid']);
      const ok = await me('POST', '/me/mfa/enrol/confirm', { code: await totpAt(begun.body.secret, s.clock.now()) });
      assert.equal(ok.status, 200, ok.text);
      assert.equal((await me('POST', '/me/mfa/enrol')).body.code, 'mfa.already_enrolled');
      s.clock.advance(30_000);
      const renewed = await me('POST', '/me/mfa/recovery-codes', {
        code: await totpAt(begun.body.secret, s.clock.now()),
      });
      assert.equal(renewed.status, 200, renewed.text);
      assert.equal(renewed.body.recoveryCodes.length, 10);
      const pw = await passwordStep(s, 'self@example.com');
      const old = await mfaStep(s, { mfaToken: pw.body.mfaToken, recoveryCode: ok.body.recoveryCodes[0] });
      assert.equal(old.status, 401, 'the old set is void');
      s.clock.advance(30_000);
      const removed = await me('DELETE', '/me/mfa', { code: await totpAt(begun.body.secret, s.clock.now()) });
      assert.equal(removed.status, 204, removed.text);
      assert.deepEqual((await me('GET', '/me/mfa')).body, { enrolled: false, required: false, recoveryCodesLeft: 0 });
      assert.equal((await passwordStep(s, 'self@example.com')).body.next, 'session');
    });

    test('Multi-Factor Auth Admin resets within its scope only; without mfa.manage 403 naming it', async () => {
      await createLocalUser(s, 'mfa.admin@example.com', {
        roles: ['org-admin', 'multi-factor-auth-admin'],
        organization: 'Alpha',
      });
      await createLocalUser(s, 'org.admin@example.com', { roles: ['org-admin'], organization: 'Alpha' });
      const inA = await createLocalUser(s, 'member@example.com', { roles: CONSOLE_USER, organization: 'Alpha' });
      const inB = await createLocalUser(s, 'other@example.com', { roles: CONSOLE_USER, organization: 'Beta' });
      // Alpha requires MFA: both enrol at their first sign-in; Beta's user enrols through /me.
      const enrolled = new Map<string, { secret: string; cookie: string; csrf: string }>();
      for (const u of ['mfa.admin@example.com', 'org.admin@example.com', 'member@example.com']) {
        const pw = await passwordStep(s, u);
        const { body } = await authCall(s, 'mfa/enrol', { mfaToken: pw.body.mfaToken });
        const code = await totpAt(body.secret, s.clock.now());
        const done = await authCall(s, 'mfa/enrol/confirm', { mfaToken: pw.body.mfaToken, code, client: 'console' });
        assert.equal(done.status, 200, done.text);
        const cookie = (done.headers.get('set-cookie') ?? '').split(';')[0] as string;
        enrolled.set(u, { secret: body.secret, cookie, csrf: done.body.csrfToken });
      }
      await enrolViaMe(s, 'other@example.com');
      const admin = enrolled.get('mfa.admin@example.com')!;
      const member = enrolled.get('member@example.com')!;
      const plain = enrolled.get('org.admin@example.com')!;

      const forbidden = await withCookie(s, 'DELETE', `/users/${inA}/mfa`, plain.cookie, plain.csrf);
      assert.equal(forbidden.status, 403);
      assert.equal(forbidden.body.permission, 'mfa.manage');
      const sibling = await withCookie(s, 'DELETE', `/users/${inB}/mfa`, admin.cookie, admin.csrf);
      assert.equal(sibling.status, 404);
      assert.equal(sibling.body.code, 'user.not_found');

      assert.equal((await withCookie(s, 'GET', '/me/mfa', member.cookie)).status, 200);
      const reset = await withCookie(s, 'DELETE', `/users/${inA}/mfa`, admin.cookie, admin.csrf);
      assert.equal(reset.status, 204, reset.text);
      assert.equal((await withCookie(s, 'GET', '/me/mfa', member.cookie)).status, 401, "the user's sessions end");
      const again = await withCookie(s, 'DELETE', `/users/${inA}/mfa`, admin.cookie, admin.csrf);
      assert.equal(again.body.code, 'mfa.not_enrolled');
      assert.equal((await passwordStep(s, 'member@example.com')).body.next, 'mfa_enrol', 'Alpha still requires it');
      assert.deepEqual((await s.admin('GET', `/users/${inA}`)).body.mfa, { enrolled: false, required: true });
      assert.deepEqual((await s.admin('GET', `/users/${inB}`)).body.mfa, { enrolled: true, required: false });

      const entries = await auditActions(s, ['user.mfa_reset']);
      const entry = entries.find((e) => e.targetId === inA);
      assert.equal(entry.actorUsername, 'mfa.admin@example.com');
      assert.deepEqual(entry.after, { enrolled: false, sessionsRevoked: 1 });
      const enrolments = await auditActions(s, ['auth.mfa_enrolled']);
      assert.ok(enrolments.some((e) => e.targetId === inA && e.after.during === 'sign_in'));
      assert.ok(enrolments.some((e) => e.targetId === inB && e.after.during === 'self'));
    });

    test('the operator CLI resets a user; the secret and recovery codes are not stored in clear', async () => {
      const id = await createLocalUser(s, 'cli@example.com', { roles: CONSOLE_USER, organization: 'Beta' });
      const { secret, recoveryCodes } = await enrolViaMe(s, 'cli@example.com');
      const db = s.roster.db.kysely;
      const row = await db
        .selectFrom('mfa_factors')
        .selectAll()
        .where('tenant_id', '=', s.roster.bootstrap.tenantId)
        .where('user_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.match(row.secret_sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.ok(!row.secret_sealed.includes(secret));
      const codes = await db.selectFrom('mfa_recovery_codes').select('code_hash').where('user_id', '=', id).execute();
      assert.equal(codes.length, 10);
      for (const c of codes) assert.ok(!recoveryCodes.some((rc) => c.code_hash.includes(rc.replace(/-/g, ''))));
      if (dialect === 'sqlite') {
        const keyFile = `${s.databaseUrl}.mfa-key`;
        assert.ok(existsSync(keyFile), 'SQLite keeps its generated key beside the database');
        assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      }

      const { stdout } = await run(
        process.execPath,
        ['bin/roster.js', 'user', 'mfa-reset', 'cli@example.com', '--json'],
        {
          env: { ...process.env, DATABASE_URL: s.databaseUrl, ROSTER_SWEEP_INTERVAL_MS: '0' },
        },
      );
      assert.deepEqual(JSON.parse(stdout), { userId: id, userName: 'cli@example.com', mfa: { enrolled: false } });
      assert.equal((await passwordStep(s, 'cli@example.com')).body.next, 'session');
      const entry = (await auditActions(s, ['user.mfa_reset'])).find((e) => e.targetId === id);
      assert.equal(entry.credential.kind, 'operator');
      await assert.rejects(
        run(process.execPath, ['bin/roster.js', 'user', 'mfa-reset', 'cli@example.com'], {
          env: { ...process.env, DATABASE_URL: s.databaseUrl },
        }),
        (e: any) => /mfa\.not_enrolled/.test(e.stderr) && e.code !== 0,
      );
    });
  });
}

describe('MFA on PostgreSQL without ROSTER_MFA_KEY', () => {
  test('enrolment answers 409 mfa.unavailable (no key is invented, none is kept in the database)', async () => {
    const s = await startServer('postgres', { ROSTER_SWEEP_INTERVAL_MS: '0' });
    try {
      const res = await s.admin('POST', '/me/mfa/enrol');
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'mfa.unavailable');
      assert.deepEqual((await s.admin('GET', '/me/mfa')).body, {
        enrolled: false,
        required: false,
        recoveryCodesLeft: 0,
      });
    } finally {
      await s.close();
    }
  });
});

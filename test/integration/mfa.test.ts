import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { auditActions, cookiesOf, enrolViaMe, mfaStep, passwordStep, startMfaServer, totpAt } from '../helpers/mfa.js';
import { http, type TestServer } from '../helpers/server.js';
import { authCall, createLocalUser, withCookie } from '../helpers/sign-in.js';

const STEP = 30_000;
const CONSOLE_USER = ['proe-user', 'desktop-user'];

for (const dialect of DIALECTS) {
  describe(`MFA sign-in on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      s = await startMfaServer(dialect);
    });
    after(async () => s.close());

    test('enrolled via /me: the password step asks for a code, the code opens a console session with both cookies', async () => {
      await createLocalUser(s, 'ann@example.com', { roles: CONSOLE_USER });
      const { secret, recoveryCodes } = await enrolViaMe(s, 'ann@example.com');
      assert.equal(recoveryCodes.length, 10);
      assert.equal(new Set(recoveryCodes).size, 10);

      const pw = await passwordStep(s, 'ann@example.com');
      assert.equal(pw.status, 200);
      assert.equal(pw.body.next, 'mfa');
      assert.match(pw.body.mfaToken, /^rst_mfa_/);
      assert.equal(pw.body.csrfToken, undefined);
      assert.equal(pw.headers.getSetCookie().length, 0, 'no session before the second factor');

      const done = await mfaStep(s, { mfaToken: pw.body.mfaToken, code: await totpAt(secret, s.clock.now()) });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.next, 'session');
      const cookies = cookiesOf(done);
      assert.match(cookies.get('roster_session') ?? '', /HttpOnly/);
      assert.match(cookies.get('roster_session') ?? '', /SameSite=Lax/);
      const csrf = cookies.get('roster_csrf') ?? '';
      assert.ok(csrf.startsWith(`roster_csrf=${done.body.csrfToken};`), 'the CSRF cookie carries the CSRF token');
      assert.doesNotMatch(csrf, /HttpOnly/, 'the console script reads it');
      assert.match(csrf, /SameSite=Strict/);

      const cookie = (cookies.get('roster_session') ?? '').split(';')[0] as string;
      const me = await withCookie(s, 'GET', '/me/mfa', cookie);
      assert.deepEqual(me.body, { enrolled: true, required: false, recoveryCodesLeft: 10 });
      const out = await withCookie(s, 'POST', '/auth/sign-out', cookie, done.body.csrfToken);
      assert.equal(out.status, 204);
      const cleared = cookiesOf(out);
      assert.match(cleared.get('roster_csrf') ?? '', /Expires=Thu, 01 Jan 1970/);
      assert.match(cleared.get('roster_session') ?? '', /Expires=Thu, 01 Jan 1970/);
      assert.equal((await withCookie(s, 'POST', '/me/mfa/enrol', cookie, done.body.csrfToken)).status, 401);
    });

    test('codes one step either side are accepted, two steps away refused; a code never serves twice', async () => {
      await createLocalUser(s, 'drift@example.com', { roles: CONSOLE_USER });
      const { secret } = await enrolViaMe(s, 'drift@example.com');
      const attempt = async (offsetMs: number) => {
        const pw = await passwordStep(s, 'drift@example.com');
        const code = await totpAt(secret, new Date(s.clock.now().getTime() + offsetMs));
        return mfaStep(s, { mfaToken: pw.body.mfaToken, code });
      };
      s.clock.advance(10 * STEP);
      assert.equal((await attempt(-STEP)).status, 200, 'previous step');
      assert.equal((await attempt(0)).status, 200, 'current step');
      assert.equal((await attempt(STEP)).status, 200, 'next step');
      s.clock.advance(10 * STEP);
      const early = await attempt(2 * STEP);
      assert.equal(early.status, 401);
      assert.equal(early.body.code, 'auth.mfa_code_invalid');
      assert.equal((await attempt(-2 * STEP)).status, 401, 'two steps back');

      // The same code, twice: the second sign-in is refused (RFC 6238 §5.2).
      s.clock.advance(10 * STEP);
      const code = await totpAt(secret, s.clock.now());
      const first = await passwordStep(s, 'drift@example.com');
      const second = await passwordStep(s, 'drift@example.com');
      const [a, b] = await Promise.all([
        mfaStep(s, { mfaToken: first.body.mfaToken, code }),
        mfaStep(s, { mfaToken: second.body.mfaToken, code }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 401], 'two concurrent uses: exactly one succeeds');
      const again = await passwordStep(s, 'drift@example.com');
      assert.equal((await mfaStep(s, { mfaToken: again.body.mfaToken, code })).status, 401);
    });

    test('a recovery code opens one session and is then spent', async () => {
      await createLocalUser(s, 'lost@example.com', { roles: CONSOLE_USER });
      const { recoveryCodes } = await enrolViaMe(s, 'lost@example.com');
      const rc = recoveryCodes[3] as string;
      const pw = await passwordStep(s, 'lost@example.com', 'app');
      const ok = await authCall(s, 'mfa', {
        mfaToken: pw.body.mfaToken,
        recoveryCode: rc.toUpperCase(),
        client: 'app',
      });
      assert.equal(ok.status, 200, ok.text);
      assert.match(ok.body.token, /^rst_ses_/);
      const me = await http('GET', `${s.url}/api/v1/auth/session`, undefined, {
        authorization: `Bearer ${ok.body.token}`,
      });
      assert.equal(me.status, 200);
      assert.equal(me.body.userId, ok.body.userId);
      const pw2 = await passwordStep(s, 'lost@example.com', 'app');
      const spent = await authCall(s, 'mfa', { mfaToken: pw2.body.mfaToken, recoveryCode: rc, client: 'app' });
      assert.equal(spent.status, 401);
      assert.equal(spent.body.code, 'auth.mfa_code_invalid');
      const used = await auditActions(s, ['auth.mfa_recovery_code_used']);
      const mine = used.filter((e) => e.actorUsername === 'lost@example.com');
      assert.equal(mine.length, 1);
      assert.deepEqual(mine[0].after, { left: 9 });
    });

    test('wrong codes: 401 each; the fifth voids the token and the account locks', async () => {
      await createLocalUser(s, 'guess@example.com', { roles: CONSOLE_USER });
      const { secret } = await enrolViaMe(s, 'guess@example.com');
      const pw = await passwordStep(s, 'guess@example.com');
      const right = await totpAt(secret, s.clock.now());
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 1; i <= 5; i += 1) {
        const r = await mfaStep(s, { mfaToken: pw.body.mfaToken, code: wrong });
        assert.equal(r.status, 401, `attempt ${i}`);
        assert.equal(r.body.code, 'auth.mfa_code_invalid');
        assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      }
      const late = await mfaStep(s, { mfaToken: pw.body.mfaToken, code: right });
      assert.equal(late.status, 401);
      assert.equal(late.body.code, 'auth.mfa_token_invalid', 'the token is void');
      const locked = await passwordStep(s, 'guess@example.com');
      assert.equal(locked.status, 423, 'five wrong codes count toward the lockout');
      assert.equal(locked.body.code, 'auth.account_locked');
      const failed = (await auditActions(s, ['auth.mfa_failed'])).filter(
        (e) => e.actorUsername === 'guess@example.com',
      );
      assert.equal(failed.length, 5);
      assert.deepEqual(failed.map((e) => [e.after.failures, e.after.voided]).sort(), [
        [1, false],
        [2, false],
        [3, false],
        [4, false],
        [5, true],
      ]);
      s.clock.advance(16 * 60_000);
    });

    test('an expired mfaToken, one for the client app used for the console, garbage and both proofs: refused', async () => {
      await createLocalUser(s, 'slow@example.com', { roles: CONSOLE_USER });
      const { secret } = await enrolViaMe(s, 'slow@example.com');
      const pw = await passwordStep(s, 'slow@example.com');
      s.clock.advance(5 * 60_000 + 1000);
      const expired = await mfaStep(s, { mfaToken: pw.body.mfaToken, code: await totpAt(secret, s.clock.now()) });
      assert.equal(expired.status, 401);
      assert.equal(expired.body.code, 'auth.mfa_token_invalid');

      const app = await passwordStep(s, 'slow@example.com', 'app');
      const code = await totpAt(secret, s.clock.now());
      const cross = await mfaStep(s, { mfaToken: app.body.mfaToken, code, client: 'console' });
      assert.equal(cross.status, 401);
      assert.equal(cross.body.code, 'auth.mfa_token_invalid');
      const unknown = await mfaStep(s, { mfaToken: 'rst_mfa_nope', code });
      assert.equal(unknown.body.code, 'auth.mfa_token_invalid');
      const both = await mfaStep(s, { mfaToken: app.body.mfaToken, code, recoveryCode: 'abcd-efgh-jkmn' });
      assert.equal(both.status, 400);
      const neither = await mfaStep(s, { mfaToken: app.body.mfaToken });
      assert.equal(neither.status, 400);
      const extra = await mfaStep(s, { mfaToken: app.body.mfaToken, code, admin: true });
      assert.equal(extra.status, 400);
      // The app's own token still works for the app after all that.
      const ok = await authCall(s, 'mfa', { mfaToken: app.body.mfaToken, code, client: 'app' });
      assert.equal(ok.status, 200, ok.text);
    });
  });
}

import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import type { Dialect } from '../../src/storage/db.js';
import { http, startServer, type HttpResult, type TestServer } from './server.js';
import { authCall, consoleSignIn, GOOD_PASSWORD, withCookie } from './sign-in.js';

/** The code an authenticator app shows at `at` (otplib, as the app computes it). */
export function totpAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * A server for MFA tests: SQLite keeps its generated key file, PostgreSQL gets ROSTER_MFA_KEY;
 * rate limits are out of the way (auth-rate-limit.test.ts tests them).
 */
export function startMfaServer(dialect: Dialect): Promise<TestServer> {
  return startServer(dialect, {
    ROSTER_SWEEP_INTERVAL_MS: '0',
    ROSTER_AUTH_RATE_PER_IP: '100000',
    ROSTER_AUTH_RATE_PER_USERNAME: '100000',
    ...(dialect === 'postgres' ? { ROSTER_MFA_KEY: randomBytes(32).toString('base64') } : {}),
  });
}

/** Enrols the user through /me/mfa (console session); returns the secret and recovery codes. */
export async function enrolViaMe(
  s: TestServer,
  username: string,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { cookie, csrfToken } = await consoleSignIn(s, username);
  const begun = await withCookie(s, 'POST', '/me/mfa/enrol', cookie, csrfToken);
  if (begun.status !== 200) throw new Error(`enrol failed: ${begun.status} ${begun.text}`);
  const secret = begun.body.secret as string;
  const code = await totpAt(secret, s.clock.now());
  const confirmed = await withCookie(s, 'POST', '/me/mfa/enrol/confirm', cookie, csrfToken, { code });
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${confirmed.text}`);
  // The next code must come from a later step (a code is accepted once).
  s.clock.advance(30_000);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

/** The password step; returns its answer (mfaToken when MFA follows). */
export function passwordStep(s: TestServer, username: string, client: 'console' | 'app' = 'console') {
  return authCall(s, 'password', { username, password: GOOD_PASSWORD, client });
}

/** The MFA step with a code or a recovery code. */
export function mfaStep(s: TestServer, body: Record<string, unknown>): Promise<HttpResult> {
  return authCall(s, 'mfa', { client: 'console', ...body });
}

/** The Set-Cookie lines of a response, by cookie name. */
export function cookiesOf(res: HttpResult): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf('=')), line]));
}

/** The audit entries of the tenant with these actions (the bootstrap admin token reads them). */
export async function auditActions(s: TestServer, actions: string[]): Promise<any[]> {
  const res = await s.admin('GET', `/audit-log?action=${actions.join(',')}&limit=500`);
  if (res.status !== 200) throw new Error(`audit read failed: ${res.status} ${res.text}`);
  return res.body.entries as any[];
}

export { http };

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { http, startServer, type TestServer } from '../helpers/server.js';
import { authCall, consoleSignIn, createLocalUser } from '../helpers/sign-in.js';

// The limiter keeps its counters in memory (not in the database), so one dialect shows it.
describe('sign-in rate limits', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer('sqlite', { ROSTER_AUTH_RATE_PER_USERNAME: '3', ROSTER_AUTH_RATE_PER_IP: '8' });
  });
  after(async () => s.close());

  test('per username, then per client address: 429 as problem+json', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i += 1) codes.push((await authCall(s, 'start', { username: 'same@example.com' })).status);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const limited = await authCall(s, 'start', { username: 'same@example.com' });
    assert.equal(limited.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(limited.body.code, 'auth.rate_limited');
    assert.ok(limited.headers.get('retry-after'));
    // Other usernames still pass until the address's own limit (8 a minute, 5 used above).
    const more: number[] = [];
    for (let i = 0; i < 4; i += 1) more.push((await authCall(s, 'start', { username: `u${i}@example.com` })).status);
    assert.deepEqual(more, [200, 200, 200, 429]);
  });
});

// Cookie attributes depend on configuration only, so one dialect shows them.
describe('console cookie behind https', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer('sqlite', { ROSTER_PUBLIC_URL: 'https://roster.example.com' });
  });
  after(async () => s.close());

  test('the session cookie is Secure when Roster is served over https; sign-out clears it', async () => {
    await createLocalUser(s, 'secure@example.com', { roles: ['proe-user'] });
    const { setCookie, cookie, csrfToken } = await consoleSignIn(s, 'secure@example.com');
    assert.match(setCookie, /; Secure/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    const noCsrf = await http('POST', `${s.url}/api/v1/auth/sign-out`, undefined, { cookie });
    assert.equal(noCsrf.status, 403, 'sign-out with the cookie needs the CSRF token too');
    const out = await http('POST', `${s.url}/api/v1/auth/sign-out`, undefined, { cookie, 'x-csrf-token': csrfToken });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /roster_session=;/);
    assert.equal((await http('GET', `${s.url}/api/v1/auth/session`, undefined, { cookie })).status, 401);
  });
});

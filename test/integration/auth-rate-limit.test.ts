import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { authCall } from '../helpers/sign-in.js';

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

// The remembered credential checks (SPEC C6): served only while on, never kept when a change was
// heard during the read, dropped per user, and capped in size and age.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CredentialCache, type CachedCredential } from './credential-cache.js';

const answer = (userId: string, value: string): CachedCredential<string> => ({ tenantId: 't1', userId, value });

function counting(value: CachedCredential<string> | undefined) {
  let loads = 0;
  return {
    load: async () => {
      loads += 1;
      return value;
    },
    loads: () => loads,
  };
}

test('off until enabled: every check reads the database, nothing is kept', async () => {
  const cache = new CredentialCache();
  const src = counting(answer('u1', 'v1'));
  assert.equal(await cache.read('k', src.load), 'v1');
  assert.equal(await cache.read('k', src.load), 'v1');
  assert.equal(src.loads(), 2);
  assert.equal(cache.size, 0);
  cache.enable();
  await cache.read('k', src.load);
  assert.equal(await cache.read('k', src.load), 'v1');
  assert.equal(src.loads(), 3);
  assert.equal(cache.stats.hits, 1);
  cache.disable();
  await cache.read('k', src.load);
  assert.equal(src.loads(), 4, 'disabled: read afresh');
});

test('unknown credentials are never remembered', async () => {
  const cache = new CredentialCache();
  cache.enable();
  const src = counting(undefined);
  assert.equal(await cache.read('k', src.load), undefined);
  assert.equal(await cache.read('k', src.load), undefined);
  assert.equal(src.loads(), 2);
});

test('a change to the user heard while the database was being read: the answer is used once, not kept', async () => {
  const cache = new CredentialCache();
  cache.enable();
  const value = await cache.read('k', async () => {
    cache.invalidateUser('t1', 'u1');
    return answer('u1', 'old');
  });
  assert.equal(value, 'old');
  assert.equal(cache.size, 0);
  const src = counting(answer('u1', 'new'));
  assert.equal(await cache.read('k', src.load), 'new');
  assert.equal(src.loads(), 1);
  // A change to someone else, or everything cleared, during the read.
  await cache.read('k2', async () => {
    cache.invalidateUser('t1', 'u9');
    return answer('u2', 'kept');
  });
  assert.equal(cache.size, 2, "another user's change does not concern this answer");
  await cache.read('k3', async () => {
    cache.clear();
    return answer('u3', 'dropped');
  });
  assert.equal(cache.size, 0);
});

test("invalidating a user drops that user's entries only", async () => {
  const cache = new CredentialCache();
  cache.enable();
  await cache.read('s1', async () => answer('u1', 'a'));
  await cache.read('t1', async () => answer('u1', 'b'));
  await cache.read('s2', async () => answer('u2', 'c'));
  cache.invalidateUser('t2', 'u1');
  assert.equal(cache.size, 3, 'same user id in another tenant is another user');
  cache.invalidateUser('t1', 'u1');
  assert.equal(cache.size, 1);
  const src = counting(answer('u2', 'fresh'));
  assert.equal(await cache.read('s2', src.load), 'c');
  assert.equal(src.loads(), 0);
});

test('entries expire after the maximum age and the oldest go first when full', async () => {
  let now = 0;
  const cache = new CredentialCache({ maxEntries: 2, maxAgeMs: 1000, now: () => now });
  cache.enable();
  await cache.read('a', async () => answer('u1', 'a'));
  await cache.read('b', async () => answer('u2', 'b'));
  await cache.read('c', async () => answer('u3', 'c'));
  assert.equal(cache.size, 2);
  const a = counting(answer('u1', 'a2'));
  assert.equal(await cache.read('a', a.load), 'a2', 'the oldest entry was evicted');
  now = 1001;
  const c = counting(answer('u3', 'c2'));
  assert.equal(await cache.read('c', c.load), 'c2', 'past the maximum age: read afresh');
  assert.equal(c.loads(), 1);
});

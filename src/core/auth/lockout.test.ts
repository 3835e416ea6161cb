import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalCredential } from './auth-ports.js';
import { afterFailure, afterSuccess, isLocked, LOCKOUT } from './lockout.js';

const fresh: LocalCredential = {
  tenantId: 't',
  userId: 'u',
  passwordHash: 'x',
  passwordSetAt: null,
  failedAttempts: 0,
  lockouts: 0,
  lockedUntil: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const at = (minutes: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + minutes * 60_000);
const fail = (c: LocalCredential, n: number, now: Date) => {
  for (let i = 0; i < n; i += 1) c = afterFailure(c, now);
  return c;
};

test('the fifth failure locks for 15 minutes; four do not', () => {
  assert.equal(isLocked(fail(fresh, 4, at(0)), at(0)), false);
  const locked = fail(fresh, 5, at(0));
  assert.equal(locked.lockedUntil, at(15).toISOString());
  assert.equal(isLocked(locked, at(14.9)), true);
  assert.equal(isLocked(locked, at(15)), false);
});

test('failures while locked do not count; each later lock doubles, up to a day', () => {
  const locked = fail(fresh, 5, at(0));
  assert.deepEqual(fail(locked, 3, at(1)), locked);
  const lengths: number[] = [];
  let c = fresh;
  let now = 0;
  for (let i = 0; i < 9; i += 1) {
    c = fail(c, 5, at(now));
    const minutes = (Date.parse(c.lockedUntil ?? '') - at(now).getTime()) / 60_000;
    lengths.push(minutes);
    now += minutes;
  }
  assert.deepEqual(lengths, [15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
  assert.equal(LOCKOUT.maxMs, 1440 * 60_000);
});

test('a success clears the counters, so the next lock is 15 minutes again', () => {
  const twice = fail(fail(fresh, 5, at(0)), 5, at(16));
  const ok = afterSuccess(twice, at(60));
  assert.deepEqual([ok.failedAttempts, ok.lockouts, ok.lockedUntil], [0, 0, null]);
  assert.equal(fail(ok, 5, at(60)).lockedUntil, at(75).toISOString());
});

// The mass-deprovision guard's thresholds: more than 10 % AND at least 50 users within the window.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGuardThresholds, DEFAULT_GUARD, guardTrips, type GuardThresholds } from './deprovision-guard-rule.ts';

describe('guardTrips', () => {
  const cases: [string, number, number, GuardThresholds, boolean][] = [
    ['defaults: 49 of 60 is below the minimum', 49, 60, DEFAULT_GUARD, false],
    ['defaults: 50 of 60 trips', 50, 60, DEFAULT_GUARD, true],
    ['defaults: 50 of 500 is exactly 10 %, not more', 50, 500, DEFAULT_GUARD, false],
    ['defaults: 51 of 500 is more than 10 %', 51, 500, DEFAULT_GUARD, true],
    ['defaults: 400 of 10,000 is 4 %', 400, 10_000, DEFAULT_GUARD, false],
    ['defaults: 1,001 of 10,000 trips', 1_001, 10_000, DEFAULT_GUARD, true],
    ['none yet', 0, 0, DEFAULT_GUARD, false],
    ['100 % never trips', 80, 80, { percent: 100, minUsers: 1, windowSeconds: 3600 }, false],
    ['0 % trips at the minimum', 3, 1_000_000, { percent: 0, minUsers: 3, windowSeconds: 3600 }, true],
    ['a small tenant with a low minimum', 3, 20, { percent: 10, minUsers: 3, windowSeconds: 3600 }, true],
  ];
  for (const [name, recent, users, t, expected] of cases)
    it(name, () => assert.equal(guardTrips(recent, users, t), expected));
});

describe('checkGuardThresholds', () => {
  const cases: [string, GuardThresholds, string | null][] = [
    ['defaults', { ...DEFAULT_GUARD }, null],
    ['percent above 100', { percent: 101, minUsers: 50, windowSeconds: 3600 }, 'percent'],
    ['percent negative', { percent: -1, minUsers: 50, windowSeconds: 3600 }, 'percent'],
    ['percent fractional', { percent: 2.5, minUsers: 50, windowSeconds: 3600 }, 'percent'],
    ['minUsers 0', { percent: 10, minUsers: 0, windowSeconds: 3600 }, 'minUsers'],
    ['window under a minute', { percent: 10, minUsers: 5, windowSeconds: 59 }, 'windowSeconds'],
    ['window over 30 days', { percent: 10, minUsers: 5, windowSeconds: 30 * 86400 + 1 }, 'windowSeconds'],
    ['not a number', { percent: '10' as unknown as number, minUsers: 5, windowSeconds: 3600 }, 'percent'],
  ];
  for (const [name, t, field] of cases) {
    it(name, () => {
      const r = checkGuardThresholds(t);
      assert.equal(r.ok ? null : r.error.field, field);
    });
  }
});

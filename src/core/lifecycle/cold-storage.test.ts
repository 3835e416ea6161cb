// Cold storage (SPEC C4): archives are kept for the organization's period, then purged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coldStorageUntil } from './cold-storage.ts';

describe('coldStorageUntil', () => {
  const cases: [string, string, number, string][] = [
    ['30 days', '2026-11-23T09:00:00.000Z', 30, '2026-12-23T09:00:00.000Z'],
    ['across a year end', '2026-12-31T23:59:59.000Z', 1, '2027-01-01T23:59:59.000Z'],
    ['0 days: due at once', '2026-11-23T09:00:00.000Z', 0, '2026-11-23T09:00:00.000Z'],
  ];
  for (const [name, now, days, expected] of cases) it(name, () => assert.equal(coldStorageUntil(now, days), expected));
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoInstant, parseSyncLogQuery, SYNC_LOG_PAGE } from './sync-log-query.js';

describe('parseIsoInstant', () => {
  const cases: [text: string, expected: string | null, ceil?: boolean][] = [
    ['2026-11-23', '2026-11-23T00:00:00.000Z'],
    ['2026-11-23T09:30Z', '2026-11-23T09:30:00.000Z'],
    ['2026-11-23T09:30:15Z', '2026-11-23T09:30:15.000Z'],
    ['2026-11-23T09:30:15.5+02:00', '2026-11-23T07:30:15.500Z'],
    ['2026-11-23T23:30:00-01:30', '2026-11-24T01:00:00.000Z'],
    ['2026-11-23T09:30:15.123456Z', '2026-11-23T09:30:15.123Z'],
    ['2026-11-23T09:30:15.123456Z', '2026-11-23T09:30:15.124Z', true],
    ['2026-11-23T09:30:15.123000Z', '2026-11-23T09:30:15.123Z', true],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['2026-11-23T24:00Z', null],
    ['2026-11-23T09:60Z', null],
    ['2026-11-23T09:30', null],
    ['2026-11-23 09:30Z', null],
    ['23/11/2026', null],
    ['yesterday', null],
    ['', null],
  ];
  for (const [text, expected, ceil] of cases) {
    test(`${JSON.stringify(text)}${ceil ? ' (ceil)' : ''} → ${expected ?? 'refused'}`, () => {
      const r = parseIsoInstant(text, ceil);
      if (expected === null) assert.equal(r.ok, false);
      else assert.deepEqual(r, { ok: true, value: expected });
    });
  }
});

describe('parseSyncLogQuery', () => {
  test('defaults: newest first, 50 per page, no filter', () => {
    assert.deepEqual(parseSyncLogQuery({}), {
      ok: true,
      value: { query: { filter: {}, sort: { by: 'date', order: 'desc' } }, limit: SYNC_LOG_PAGE.defaultSize },
    });
  });

  test('every parameter', () => {
    const r = parseSyncLogQuery({
      from: '2026-11-01',
      to: '2026-11-23T12:00:00+01:00',
      providerId: 'p1',
      username: 'Alice',
      usernameMatch: 'exact',
      changeType: ['Created', 'Sync Failure,Modified', 'Created'],
      attribute: 'group',
      sort: 'oldValue',
      order: 'asc',
      limit: '1000',
    });
    assert.deepEqual(r, {
      ok: true,
      value: {
        query: {
          filter: {
            from: '2026-11-01T00:00:00.000Z',
            to: '2026-11-23T11:00:00.000Z',
            providerId: 'p1',
            username: { value: 'Alice', match: 'exact' },
            changeTypes: ['Created', 'Sync Failure', 'Modified'],
            attribute: 'group',
          },
          sort: { by: 'oldValue', order: 'asc' },
        },
        limit: 1000,
      },
    });
  });

  const refused: [name: string, raw: Parameters<typeof parseSyncLogQuery>[0], field: string][] = [
    ['unknown sort', { sort: 'colour' }, 'sort'],
    ['unknown order', { order: 'up' }, 'order'],
    ['bad from', { from: 'soon' }, 'from'],
    ['to before from', { from: '2026-11-23', to: '2026-11-22T23:59:59Z' }, 'to'],
    ['unknown change type', { changeType: 'Exploded' }, 'changeType'],
    ['change type in the wrong case', { changeType: 'created' }, 'changeType'],
    ['empty change type', { changeType: '' }, 'changeType'],
    ['limit 0', { limit: '0' }, 'limit'],
    ['limit over the maximum', { limit: String(SYNC_LOG_PAGE.maxSize + 1) }, 'limit'],
    ['limit not a number', { limit: '1e3' }, 'limit'],
    ['username empty', { username: '' }, 'username'],
    ['username with NUL', { username: 'a\u0000' }, 'username'],
    ['unknown username match', { username: 'a', usernameMatch: 'fuzzy' }, 'usernameMatch'],
    ['provider id too long', { providerId: 'x'.repeat(1001) }, 'providerId'],
  ];
  for (const [name, raw, field] of refused) {
    test(`refused: ${name} → field ${field}`, () => {
      const r = parseSyncLogQuery(raw);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.field, field);
    });
  }
});

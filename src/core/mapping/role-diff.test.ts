import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffRoles, sortedUnique, type RoleDiff } from './role-diff.ts';

const diff = (add: string[] = [], remove: string[] = [], ignored: string[] = [], kept: string[] = []): RoleDiff => ({
  add,
  remove,
  ignored,
  kept,
});

describe('diffRoles', () => {
  const cases: [string, string[], string[], string[] | undefined, RoleDiff][] = [
    ['nothing to do', ['a', 'b'], ['b', 'a'], undefined, diff()],
    ['adds and removes', ['a', 'b'], ['b', 'c'], undefined, diff(['c'], ['a'])],
    ['from nothing', [], ['b', 'a'], undefined, diff(['a', 'b'])],
    ['to nothing', ['b', 'a'], [], undefined, diff([], ['a', 'b'])],
    ['duplicates collapse', ['a', 'a'], ['c', 'c', 'a'], undefined, diff(['c'])],
    // A directory-sync provider may only add or remove its managed roles
    [
      'managed: adds and removes inside the selection',
      ['desktop-user'],
      ['proe-user'],
      ['desktop-user', 'proe-user'],
      diff(['proe-user'], ['desktop-user']),
    ],
    [
      'managed: a role outside it is ignored, not granted',
      ['proe-user'],
      ['proe-user', 'customer-cloud-admin'],
      ['proe-user'],
      diff([], [], ['customer-cloud-admin']),
    ],
    [
      'managed: a held role outside it is kept, not removed',
      ['org-admin', 'proe-user'],
      ['desktop-user'],
      ['proe-user', 'desktop-user'],
      diff(['desktop-user'], ['proe-user'], [], ['org-admin']),
    ],
    [
      'managed: a sent role outside it already held is neither ignored nor kept',
      ['org-admin'],
      ['org-admin'],
      ['proe-user'],
      diff(),
    ],
    ['managed: empty selection changes nothing', ['a'], ['b'], [], diff([], [], ['b'], ['a'])],
    ['managed: everything at once', ['m1', 'x1'], ['m2', 'x2'], ['m1', 'm2'], diff(['m2'], ['m1'], ['x2'], ['x1'])],
  ];
  for (const [name, current, wanted, managed, expected] of cases) {
    it(name, () => assert.deepEqual(diffRoles(current, wanted, managed), expected));
  }
});

describe('sortedUnique', () => {
  it('sorts by code unit and drops duplicates', () =>
    assert.deepEqual(sortedUnique(['b', 'a', 'B', 'a']), ['B', 'a', 'b']));
});

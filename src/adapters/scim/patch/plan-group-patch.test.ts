// Group PATCH planning, replaying Entra (research §1.9) and Okta (§2.7) bodies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePatchRequest } from './parse-patch-request.js';
import { planGroupPatch, type GroupPatchTarget } from './plan-group-patch.js';
import { patchBody } from './test-support.js';
import type { GroupPatchPlan } from './types.js';

const GROUP: GroupPatchTarget = {
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Test SCIMv2',
  externalId: 'ext-g',
};
const EMPTY: GroupPatchPlan = { addMembers: [], removeMembers: [] };

function plan(body: unknown, current: GroupPatchTarget = GROUP): GroupPatchPlan {
  const ops = parsePatchRequest(body);
  assert.ok(ops.ok, JSON.stringify(ops));
  const r = planGroupPatch(current, ops.value);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

describe('planGroupPatch: vendor bodies', () => {
  const cases: { name: string; body: unknown; expected: GroupPatchPlan }[] = [
    {
      name: 'Entra rename (§1.9)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
        ],
      },
      expected: { ...EMPTY, displayName: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
    },
    {
      name: 'Entra add members with $ref: null (§1.9)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }],
      },
      expected: { addMembers: ['f648f8d5ea4e4cd38e9c'], removeMembers: [] },
    },
    {
      name: 'Entra legacy remove with value array and $ref: null (§1.9)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }],
      },
      expected: { addMembers: [], removeMembers: ['f648f8d5ea4e4cd38e9c'] },
    },
    {
      name: 'Entra remove member, unflagged (§1.9)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }],
      },
      expected: { addMembers: [], removeMembers: ['u1091'] },
    },
    {
      name: 'Entra remove member, flagged: value filter (§1.9)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' }],
      },
      expected: { addMembers: [], removeMembers: ['7f4bc1a3-285e-48ae-8202-5accb43efb0e'] },
    },
    {
      name: 'Okta rename with the same id in a path-less value (§2.7, §6 C9)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'replace', value: { id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Test SCIMv2 renamed' } },
        ],
      },
      expected: { ...EMPTY, displayName: 'Test SCIMv2 renamed' },
    },
    {
      name: 'Okta "rename" to the current name plans nothing (sent with every membership push)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'replace', value: { id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Test SCIMv2' } },
        ],
      },
      expected: EMPTY,
    },
    {
      name: 'Okta remove by filter and add in one PATCH (§2.7)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'remove', path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
          {
            op: 'add',
            path: 'members',
            value: [{ value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }],
          },
        ],
      },
      expected: {
        addMembers: ['23a35c27-23d3-4c03-b4c5-6443c09e7173'],
        removeMembers: ['89bb1940-b905-4575-9e7f-6f887cfb368e'],
      },
    },
    {
      name: 'Okta full membership push: replace members (§2.7)',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          {
            op: 'replace',
            path: 'members',
            value: [
              { value: '23a35c27-…', display: 'test.user@okta.local' },
              { value: '89bb1940-…', display: 'test.user@okta.local' },
            ],
          },
        ],
      },
      expected: { addMembers: [], removeMembers: [], replaceMembers: ['23a35c27-…', '89bb1940-…'] },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(plan(c.body), c.expected);
    });
  }
});

describe('planGroupPatch: semantics', () => {
  const cases: { name: string; ops: object[]; expected: GroupPatchPlan }[] = [
    {
      name: 'or-combined value filter',
      ops: [{ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }],
      expected: { addMembers: [], removeMembers: ['a', 'b'] },
    },
    {
      name: 'members.value in filter tolerated',
      ops: [{ op: 'remove', path: 'Members[members.value EQ "a"]' }],
      expected: { addMembers: [], removeMembers: ['a'] },
    },
    {
      name: 'remove members without value removes all',
      ops: [{ op: 'remove', path: 'members' }],
      expected: { ...EMPTY, replaceMembers: [] },
    },
    {
      name: 'replace members with null removes all',
      ops: [{ op: 'replace', path: 'members', value: null }],
      expected: { ...EMPTY, replaceMembers: [] },
    },
    {
      name: 'single member object',
      ops: [{ op: 'add', path: 'members', value: { value: 'a', type: 'User' } }],
      expected: { addMembers: ['a'], removeMembers: [] },
    },
    {
      name: 'bare string members',
      ops: [{ op: 'add', path: 'members', value: ['a', { Value: 'b', displayName: 'new User' }] }],
      expected: { addMembers: ['a', 'b'], removeMembers: [] },
    },
    {
      name: 'duplicates collapse',
      ops: [{ op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'a' }, { value: 'b' }] }],
      expected: { addMembers: ['a', 'b'], removeMembers: [] },
    },
    {
      name: 'add then remove the same id: removed',
      ops: [
        { op: 'add', path: 'members', value: [{ value: 'a' }] },
        { op: 'remove', path: 'members[value eq "a"]' },
      ],
      expected: { addMembers: [], removeMembers: ['a'] },
    },
    {
      name: 'remove then add the same id: added',
      ops: [
        { op: 'remove', path: 'members[value eq "a"]' },
        { op: 'add', path: 'members', value: [{ value: 'a' }] },
      ],
      expected: { addMembers: ['a'], removeMembers: [] },
    },
    {
      name: 'replace wins over earlier adds and removes',
      ops: [
        { op: 'add', path: 'members', value: ['a'] },
        { op: 'remove', path: 'members[value eq "z"]' },
        { op: 'replace', path: 'members', value: ['b'] },
      ],
      expected: { ...EMPTY, replaceMembers: ['b'] },
    },
    {
      name: 'adds after replace extend it',
      ops: [
        { op: 'replace', path: 'members', value: ['b'] },
        { op: 'add', path: 'members', value: ['c', 'b'] },
      ],
      expected: { ...EMPTY, replaceMembers: ['b', 'c'] },
    },
    {
      name: 'removes after replace shrink it',
      ops: [
        { op: 'replace', path: 'members', value: ['b', 'c'] },
        { op: 'remove', path: 'members', value: [{ value: 'b' }] },
      ],
      expected: { ...EMPTY, replaceMembers: ['c'] },
    },
    {
      name: 'remove all then add',
      ops: [
        { op: 'remove', path: 'members' },
        { op: 'add', path: 'members', value: [{ value: 'x' }] },
      ],
      expected: { ...EMPTY, replaceMembers: ['x'] },
    },
    {
      name: 'path-less replace with displayName, externalId and members',
      ops: [
        {
          op: 'replace',
          value: {
            displayName: 'New',
            externalId: 'e2',
            members: [{ value: 'm1' }],
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
            meta: { resourceType: 'Group' },
          },
        },
      ],
      expected: { displayName: 'New', externalId: 'e2', addMembers: [], removeMembers: [], replaceMembers: ['m1'] },
    },
    {
      name: 'path-less add with members adds',
      ops: [{ op: 'add', value: { members: [{ value: 'm1' }] } }],
      expected: { addMembers: ['m1'], removeMembers: [] },
    },
    {
      name: 'externalId path, any case',
      ops: [{ op: 'replace', path: 'EXTERNALID', value: 'e9' }],
      expected: { ...EMPTY, externalId: 'e9' },
    },
    {
      name: 'remove externalId',
      ops: [{ op: 'remove', path: 'externalId' }],
      expected: { ...EMPTY, externalId: null },
    },
    {
      name: 'core Group URN-qualified displayName',
      ops: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName', value: 'Q' }],
      expected: { ...EMPTY, displayName: 'Q' },
    },
    {
      name: 'later rename wins',
      ops: [
        { op: 'replace', path: 'displayName', value: 'A' },
        { op: 'replace', value: { displayName: 'B' } },
      ],
      expected: { ...EMPTY, displayName: 'B' },
    },
    { name: 'empty add is a no-op', ops: [{ op: 'add', path: 'members', value: [] }], expected: EMPTY },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(plan(patchBody(...c.ops)), c.expected);
    });
  }

  test('externalId null on a group without one plans nothing', () => {
    assert.deepEqual(plan(patchBody({ op: 'remove', path: 'externalId' }), { ...GROUP, externalId: null }), EMPTY);
  });
});

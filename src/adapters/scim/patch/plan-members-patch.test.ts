// Group PATCH planned before the group is read: only members added or removed (Entra's pattern).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePatchRequest } from './parse-patch-request.js';
import { planGroupPatch, planMembersPatch, type GroupPatchTarget } from './plan-group-patch.js';

const GROUP: GroupPatchTarget = {
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Test SCIMv2',
  externalId: 'ext-g',
};

describe('planMembersPatch: planned before the group is read only when the plan cannot depend on it', () => {
  const ops = (...Operations: unknown[]) => {
    const r = parsePatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
    assert.ok(r.ok, JSON.stringify(r));
    return r.value;
  };
  test('members added, or members removed, with a path or pathless: the same plan as with the group', () => {
    for (const o of [
      ops({ op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }),
      ops({ op: 'remove', path: 'members[value eq "u1"]' }),
      ops({ op: 'add', value: { members: [{ value: 'u3' }] } }),
    ]) {
      const early = planMembersPatch(GROUP.id, o);
      assert.ok(early, JSON.stringify(o));
      const withGroup = planGroupPatch(GROUP, o);
      assert.ok(withGroup.ok);
      assert.deepEqual(early, withGroup.value);
    }
  });
  test('any operation naming displayName or externalId, even with the current value, or replacing members: not planned early', () => {
    for (const o of [
      ops({ op: 'replace', path: 'displayName', value: 'a' }),
      ops({ op: 'replace', path: 'displayName', value: 'b' }),
      ops({ op: 'replace', path: 'displayName', value: GROUP.displayName }),
      ops({ op: 'add', path: 'members', value: [{ value: 'u1' }] }, { op: 'replace', path: 'externalId', value: 'b' }),
      ops({ op: 'remove', path: 'externalId' }),
      ops({ op: 'replace', value: { displayName: GROUP.displayName, members: [{ value: 'u1' }] } }),
      ops({ op: 'replace', path: 'members', value: [{ value: 'u1' }] }),
      ops({ op: 'remove', path: 'members' }),
    ])
      assert.equal(planMembersPatch(GROUP.id, o), undefined, JSON.stringify(o));
  });
  test('a PATCH the planner refuses is left to the planner that reads the group (the same error)', () => {
    const o = ops({ op: 'replace', path: 'id', value: 'another-id' });
    assert.equal(planMembersPatch(GROUP.id, o), undefined);
    assert.equal(planGroupPatch(GROUP, o).ok, false);
  });
});

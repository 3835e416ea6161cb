// Group PATCH planning: bodies it refuses, and the SCIM error type of each (RFC 7644 §3.5.2).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePatchRequest } from './parse-patch-request.js';
import { planGroupPatch, type GroupPatchTarget } from './plan-group-patch.js';
import { patchBody } from './test-support.js';
import type { ScimType } from './types.js';

const GROUP: GroupPatchTarget = {
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Test SCIMv2',
  externalId: 'ext-g',
};

describe('planGroupPatch: errors', () => {
  const cases: { name: string; ops: object[]; scimType: ScimType }[] = [
    {
      name: 'member without value',
      ops: [{ op: 'add', path: 'members', value: [{ display: 'x' }] }],
      scimType: 'invalidValue',
    },
    {
      name: 'member with empty value',
      ops: [{ op: 'add', path: 'members', value: [{ value: '' }] }],
      scimType: 'invalidValue',
    },
    {
      name: 'member with numeric value',
      ops: [{ op: 'add', path: 'members', value: [{ value: 5 }] }],
      scimType: 'invalidValue',
    },
    { name: 'add members null', ops: [{ op: 'add', path: 'members', value: null }], scimType: 'invalidValue' },
    { name: 'displayName removed', ops: [{ op: 'remove', path: 'displayName' }], scimType: 'invalidValue' },
    { name: 'displayName empty', ops: [{ op: 'replace', path: 'displayName', value: '' }], scimType: 'invalidValue' },
    { name: 'displayName not a string', ops: [{ op: 'replace', value: { displayName: 3 } }], scimType: 'invalidValue' },
    {
      name: 'externalId not a string',
      ops: [{ op: 'replace', path: 'externalId', value: {} }],
      scimType: 'invalidValue',
    },
    { name: 'explicit id path', ops: [{ op: 'replace', path: 'id', value: GROUP.id }], scimType: 'mutability' },
    {
      name: 'path-less different id',
      ops: [{ op: 'replace', value: { id: 'other', displayName: 'x' } }],
      scimType: 'mutability',
    },
    {
      name: 'explicit meta path',
      ops: [{ op: 'replace', path: 'meta.lastModified', value: 'x' }],
      scimType: 'mutability',
    },
    { name: 'unknown attribute', ops: [{ op: 'replace', path: 'description', value: 'x' }], scimType: 'invalidPath' },
    { name: 'unknown path-less key', ops: [{ op: 'replace', value: { owner: 'x' } }], scimType: 'invalidPath' },
    {
      name: 'foreign schema',
      ops: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:displayName', value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'member sub-attribute',
      ops: [{ op: 'replace', path: 'members[value eq "a"].display', value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'filtered add',
      ops: [{ op: 'add', path: 'members[value eq "a"]', value: { value: 'a' } }],
      scimType: 'invalidPath',
    },
    { name: 'garbage path', ops: [{ op: 'remove', path: 'members[value eq' }], scimType: 'invalidPath' },
    {
      name: 'displayName with a filter',
      ops: [{ op: 'replace', path: 'displayName[value eq "x"]', value: 'y' }],
      scimType: 'invalidPath',
    },
    {
      name: 'filter not on value',
      ops: [{ op: 'remove', path: 'members[display eq "Joy"]' }],
      scimType: 'invalidFilter',
    },
    {
      name: 'and filter',
      ops: [{ op: 'remove', path: 'members[value eq "a" and type eq "User"]' }],
      scimType: 'invalidFilter',
    },
    { name: 'non-eq operator', ops: [{ op: 'remove', path: 'members[value sw "a"]' }], scimType: 'invalidFilter' },
    { name: 'remove without path', ops: [{ op: 'remove' }], scimType: 'noTarget' },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.scimType}`, () => {
      const ops = parsePatchRequest(patchBody(...c.ops));
      const r = ops.ok ? planGroupPatch(GROUP, ops.value) : ops;
      assert.ok(!r.ok, JSON.stringify(r));
      assert.equal(r.error.scimType, c.scimType, r.error.detail);
    });
  }
});

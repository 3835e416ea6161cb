import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePatchRequest } from './parse-patch-request.js';
import type { ScimType } from './types.js';

const SCHEMAS = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];

describe('parsePatchRequest: accepted bodies', () => {
  const cases: { name: string; body: unknown; expected: unknown }[] = [
    {
      name: 'Entra capitalised ops (research §1.6)',
      body: {
        schemas: SCHEMAS,
        Operations: [
          { op: 'Replace', path: 'displayName', value: 'Pvlo' },
          { op: 'Add', path: 'nickName', value: 'Babs' },
          { op: 'Remove', path: 'members', value: [{ value: 'u1091' }] },
        ],
      },
      expected: [
        { op: 'replace', path: 'displayName', value: 'Pvlo' },
        { op: 'add', path: 'nickName', value: 'Babs' },
        { op: 'remove', path: 'members', value: [{ value: 'u1091' }] },
      ],
    },
    {
      name: 'Okta path-less replace',
      body: { schemas: SCHEMAS, Operations: [{ op: 'replace', value: { active: false } }] },
      expected: [{ op: 'replace', value: { active: false } }],
    },
    {
      name: 'top-level id and an operation "name" key are ignored (research §6 C5)',
      body: { schemas: SCHEMAS, id: 'abc', Operations: [{ op: 'add', name: 'x', path: 'title', value: 'CEO' }] },
      expected: [{ op: 'add', path: 'title', value: 'CEO' }],
    },
    {
      name: 'structural keys in any case, schemas URN in any case',
      body: {
        Schemas: ['URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PATCHOP'],
        operations: [{ OP: 'REMOVE', Path: 'title' }],
      },
      expected: [{ op: 'remove', path: 'title' }],
    },
    {
      name: 'extra schema URIs tolerated',
      body: { schemas: ['urn:x', ...SCHEMAS], Operations: [{ op: 'replace', path: 'active', value: 'False' }] },
      expected: [{ op: 'replace', path: 'active', value: 'False' }],
    },
    {
      name: 'null and empty path mean "no path"',
      body: {
        schemas: SCHEMAS,
        Operations: [
          { op: 'add', path: null, value: { a: 1 } },
          { op: 'add', path: '', value: { b: 2 } },
        ],
      },
      expected: [
        { op: 'add', value: { a: 1 } },
        { op: 'add', value: { b: 2 } },
      ],
    },
    {
      name: 'null value is kept (means remove, RFC 7644 §3.5.2.3)',
      body: { schemas: SCHEMAS, Operations: [{ op: 'replace', path: 'title', value: null }] },
      expected: [{ op: 'replace', path: 'title', value: null }],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = parsePatchRequest(c.body);
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.value, c.expected);
    });
  }
});

describe('parsePatchRequest: rejected bodies', () => {
  const cases: { name: string; body: unknown; scimType: ScimType }[] = [
    { name: 'not an object', body: [], scimType: 'invalidSyntax' },
    { name: 'null body', body: null, scimType: 'invalidSyntax' },
    { name: 'missing schemas', body: { Operations: [{ op: 'remove', path: 'title' }] }, scimType: 'invalidSyntax' },
    {
      name: 'wrong schema',
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [{ op: 'remove', path: 'x' }] },
      scimType: 'invalidSyntax',
    },
    {
      name: 'schemas not an array',
      body: { schemas: SCHEMAS[0], Operations: [{ op: 'remove', path: 'x' }] },
      scimType: 'invalidSyntax',
    },
    { name: 'missing Operations', body: { schemas: SCHEMAS }, scimType: 'invalidSyntax' },
    { name: 'empty Operations', body: { schemas: SCHEMAS, Operations: [] }, scimType: 'invalidSyntax' },
    {
      name: 'Operations not an array',
      body: { schemas: SCHEMAS, Operations: { op: 'add' } },
      scimType: 'invalidSyntax',
    },
    { name: 'operation not an object', body: { schemas: SCHEMAS, Operations: ['add'] }, scimType: 'invalidSyntax' },
    {
      name: 'unknown op',
      body: { schemas: SCHEMAS, Operations: [{ op: 'move', path: 'a', value: 1 }] },
      scimType: 'invalidSyntax',
    },
    {
      name: 'missing op',
      body: { schemas: SCHEMAS, Operations: [{ path: 'a', value: 1 }] },
      scimType: 'invalidSyntax',
    },
    {
      name: 'path not a string',
      body: { schemas: SCHEMAS, Operations: [{ op: 'add', path: 5, value: 1 }] },
      scimType: 'invalidPath',
    },
    {
      name: 'remove without path (RFC 7644 §3.5.2.2)',
      body: { schemas: SCHEMAS, Operations: [{ op: 'remove' }] },
      scimType: 'noTarget',
    },
    {
      name: 'remove with value but no path',
      body: { schemas: SCHEMAS, Operations: [{ op: 'Remove', value: { title: 'x' } }] },
      scimType: 'noTarget',
    },
    {
      name: 'add without value',
      body: { schemas: SCHEMAS, Operations: [{ op: 'add', path: 'title' }] },
      scimType: 'invalidValue',
    },
    {
      name: 'path-less replace with a string value',
      body: { schemas: SCHEMAS, Operations: [{ op: 'replace', value: 'x' }] },
      scimType: 'invalidValue',
    },
    {
      name: 'path-less add with an array value',
      body: { schemas: SCHEMAS, Operations: [{ op: 'add', value: [{ active: false }] }] },
      scimType: 'invalidValue',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = parsePatchRequest(c.body);
      assert.ok(!r.ok);
      assert.equal(r.error.status, 400);
      assert.equal(r.error.scimType, c.scimType, r.error.detail);
    });
  }

  test('detail names the failing operation', () => {
    const r = parsePatchRequest({
      schemas: SCHEMAS,
      Operations: [{ op: 'add', path: 'a', value: 1 }, { op: 'remove' }],
    });
    assert.ok(!r.ok);
    assert.match(r.error.detail, /^Operations\[1\]/);
  });
});

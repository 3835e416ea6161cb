// Every way a User PATCH fails, with the scimType RFC 7644 §3.12 assigns to it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUserPatch } from './apply-user-patch.js';
import { ENTERPRISE_USER_URN } from './schema-urns.js';
import { patchBody, patchError, sampleUser } from './test-support.js';
import type { ScimType } from './types.js';

const ENT = ENTERPRISE_USER_URN;

describe('User PATCH errors', () => {
  const cases: { name: string; ops: object[]; scimType: ScimType }[] = [
    // mutability: readOnly attributes (RFC 7644 §3.5.2, RFC 7643 §3.1, §4.1.2)
    { name: 'replace id', ops: [{ op: 'replace', path: 'id', value: 'other' }], scimType: 'mutability' },
    {
      name: 'replace id with the same value via explicit path',
      ops: [{ op: 'replace', path: 'id', value: '2819c223-7f76-453a-919d-413861904646' }],
      scimType: 'mutability',
    },
    { name: 'remove id', ops: [{ op: 'remove', path: 'ID' }], scimType: 'mutability' },
    { name: 'replace meta', ops: [{ op: 'replace', path: 'meta', value: {} }], scimType: 'mutability' },
    {
      name: 'replace meta.lastModified',
      ops: [{ op: 'replace', path: 'meta.lastModified', value: '2030-01-01T00:00:00Z' }],
      scimType: 'mutability',
    },
    { name: 'add groups', ops: [{ op: 'add', path: 'groups', value: [{ value: 'g' }] }], scimType: 'mutability' },
    { name: 'remove groups by filter', ops: [{ op: 'remove', path: 'groups[value eq "g"]' }], scimType: 'mutability' },
    {
      name: 'core-URN-qualified id',
      ops: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:id', value: 'x' }],
      scimType: 'mutability',
    },
    { name: 'path-less different id', ops: [{ op: 'replace', value: { id: 'x' } }], scimType: 'mutability' },
    { name: 'path-less id sub-path', ops: [{ op: 'replace', value: { 'id.x': 'y' } }], scimType: 'mutability' },
    // invalidPath / invalidFilter: malformed or meaningless paths
    {
      name: 'unterminated filter',
      ops: [{ op: 'replace', path: 'emails[type eq', value: 'x' }],
      scimType: 'invalidPath',
    },
    { name: 'double dot', ops: [{ op: 'replace', path: 'name..givenName', value: 'x' }], scimType: 'invalidPath' },
    { name: 'garbage', ops: [{ op: 'add', path: '%%%', value: 'x' }], scimType: 'invalidPath' },
    { name: 'unparseable filter', ops: [{ op: 'remove', path: 'emails[type xx "work"]' }], scimType: 'invalidFilter' },
    {
      name: 'infix not in a value filter',
      ops: [{ op: 'remove', path: 'emails[value pr not value pr]' }],
      scimType: 'invalidFilter',
    },
    {
      name: 'garbage path-less key',
      ops: [{ op: 'replace', value: { 'emails[type eq': 'x' } }],
      scimType: 'invalidPath',
    },
    {
      name: 'filter on single-valued complex',
      ops: [{ op: 'replace', path: 'name[givenName eq "Joy"].familyName', value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'filter on single-valued simple',
      ops: [{ op: 'replace', path: 'displayName[value eq "x"]', value: 'y' }],
      scimType: 'invalidPath',
    },
    {
      name: 'filter on manager',
      ops: [{ op: 'replace', path: 'manager[value eq "x"]', value: 'y' }],
      scimType: 'invalidPath',
    },
    {
      name: 'unknown sub-attribute of name',
      ops: [{ op: 'replace', path: 'name.nickname', value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'unknown sub-attribute of emails',
      ops: [{ op: 'replace', path: 'emails[type eq "work"].address', value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'unknown sub-attribute of manager',
      ops: [{ op: 'replace', path: `${ENT}:manager.id`, value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'sub-attribute of a simple attribute',
      ops: [{ op: 'replace', path: 'userName.first', value: 'x' }],
      scimType: 'invalidPath',
    },
    {
      name: 'Group schema on a User',
      ops: [{ op: 'add', path: 'urn:ietf:params:scim:schemas:core:2.0:Group', value: { displayName: 'x' } }],
      scimType: 'invalidPath',
    },
    {
      name: 'remove the resource itself',
      ops: [{ op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:User' }],
      scimType: 'invalidPath',
    },
    // noTarget
    { name: 'remove without path', ops: [{ op: 'remove' }], scimType: 'noTarget' },
    {
      name: 'filtered replace with no match and no eq template',
      ops: [{ op: 'replace', path: 'emails[value co "nobody"].value', value: 'x' }],
      scimType: 'noTarget',
    },
    {
      name: 'filtered replace with no match on an or filter',
      ops: [{ op: 'replace', path: 'emails[type eq "a" or type eq "b"].value', value: 'x' }],
      scimType: 'noTarget',
    },
    // invalidValue
    {
      name: 'active not a boolean',
      ops: [{ op: 'replace', path: 'active', value: 'maybe' }],
      scimType: 'invalidValue',
    },
    { name: 'active as a number', ops: [{ op: 'replace', value: { active: 0 } }], scimType: 'invalidValue' },
    {
      name: 'primary not a boolean',
      ops: [{ op: 'add', path: 'emails', value: [{ value: 'a@x.com', primary: 'yes' }] }],
      scimType: 'invalidValue',
    },
    {
      name: 'primary sub-path not a boolean',
      ops: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: 'yes' }],
      scimType: 'invalidValue',
    },
    { name: 'userName null', ops: [{ op: 'replace', path: 'userName', value: null }], scimType: 'invalidValue' },
    { name: 'userName removed', ops: [{ op: 'remove', path: 'userName' }], scimType: 'invalidValue' },
    { name: 'userName empty', ops: [{ op: 'replace', value: { userName: ' ' } }], scimType: 'invalidValue' },
    {
      name: 'displayName an object',
      ops: [{ op: 'replace', path: 'displayName', value: { a: 1 } }],
      scimType: 'invalidValue',
    },
    { name: 'name a string', ops: [{ op: 'replace', path: 'name', value: 'Joy Young' }], scimType: 'invalidValue' },
    {
      name: 'name.givenName an array',
      ops: [{ op: 'replace', path: 'name.givenName', value: ['a'] }],
      scimType: 'invalidValue',
    },
    { name: 'manager a number', ops: [{ op: 'replace', path: 'manager', value: 7 }], scimType: 'invalidValue' },
    {
      name: 'manager two values',
      ops: [{ op: 'replace', path: 'manager', value: [{ value: 'a' }, { value: 'b' }] }],
      scimType: 'invalidValue',
    },
    {
      name: 'emails nested arrays',
      ops: [{ op: 'add', path: 'emails', value: [['a@x.com']] }],
      scimType: 'invalidValue',
    },
    {
      name: 'filtered emails value not an object',
      ops: [{ op: 'replace', path: 'emails[type eq "work"]', value: ['x'] }],
      scimType: 'invalidValue',
    },
    {
      name: 'whole extension not an object',
      ops: [{ op: 'replace', path: ENT, value: 'x' }],
      scimType: 'invalidValue',
    },
    { name: 'path-less value not an object', ops: [{ op: 'replace', value: 'x' }], scimType: 'invalidValue' },
    { name: 'add without value', ops: [{ op: 'add', path: 'title' }], scimType: 'invalidValue' },
    // invalidSyntax
    { name: 'unknown op', ops: [{ op: 'copy', path: 'title', value: 'x' }], scimType: 'invalidSyntax' },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.scimType}`, () => {
      const err = patchError(sampleUser(), patchBody(...c.ops));
      assert.equal(err.status, 400);
      assert.equal(err.scimType, c.scimType, err.detail);
      assert.ok(err.detail.length > 0);
    });
  }

  test('detail names the failing operation index', () => {
    const err = patchError(
      sampleUser(),
      patchBody({ op: 'replace', path: 'title', value: 'x' }, { op: 'replace', path: 'meta', value: {} }),
    );
    assert.match(err.detail, /^Operations\[1\]: "meta" is read-only/);
  });

  test('applyUserPatch rejects a path-less remove even when called without the parser', () => {
    const r = applyUserPatch(sampleUser(), [{ op: 'remove' }]);
    assert.ok(!r.ok);
    assert.equal(r.error.scimType, 'noTarget');
  });

  test('bad message shape → invalidSyntax', () => {
    const err = patchError(sampleUser(), {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      Operations: [{ op: 'add', path: 'title', value: 'x' }],
    });
    assert.equal(err.scimType, 'invalidSyntax');
  });
});

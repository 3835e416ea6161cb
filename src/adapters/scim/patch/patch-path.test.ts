import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePatchPath } from './patch-path.js';
import type { ScimType } from './types.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('parsePatchPath: valid paths', () => {
  const cases: { path: string; expected: object }[] = [
    { path: 'userName', expected: { attr: 'userName' } },
    { path: 'name.givenName', expected: { attr: 'name', subAttr: 'givenName' } },
    { path: ' active ', expected: { attr: 'active' } },
    { path: 'members', expected: { attr: 'members' } },
    { path: `${ENT}:department`, expected: { schema: ENT, attr: 'department' } },
    { path: `${ENT}:manager.value`, expected: { schema: ENT, attr: 'manager', subAttr: 'value' } },
    {
      path: `${ENT.toUpperCase()}:Manager.Value`,
      expected: { schema: ENT.toUpperCase(), attr: 'Manager', subAttr: 'Value' },
    },
    { path: ENT, expected: { schema: ENT } },
    { path: `${ENT}.department`, expected: { schema: ENT, attr: 'department' } },
    {
      path: 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute',
      expected: {
        schema: 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User',
        attr: 'CustomAttribute',
      },
    },
    {
      path: 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User',
      expected: { schema: 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User' },
    },
    {
      path: 'urn:roster:params:scim:schemas:extension:roster:2.0:User:orgName',
      expected: { schema: 'urn:roster:params:scim:schemas:extension:roster:2.0:User', attr: 'orgName' },
    },
    {
      path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName',
      expected: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'name', subAttr: 'familyName' },
    },
  ];
  for (const c of cases) {
    test(c.path, () => {
      const r = parsePatchPath(c.path);
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.value, c.expected);
    });
  }

  test('value filter with sub-attribute', () => {
    const r = parsePatchPath('emails[type eq "work"].value');
    assert.ok(r.ok);
    assert.equal(r.value.attr, 'emails');
    assert.equal(r.value.subAttr, 'value');
    assert.deepEqual(r.value.filter, { op: 'eq', attrPath: 'type', compValue: 'work' });
  });

  test('filter with "]" and ":" inside a quoted value', () => {
    const r = parsePatchPath('urn:x:y:2.0:User:tags[value eq "a]b:c"]');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.schema, 'urn:x:y:2.0:User');
    assert.deepEqual(r.value.filter, { op: 'eq', attrPath: 'value', compValue: 'a]b:c' });
  });

  test('or-combined member filter', () => {
    const r = parsePatchPath('members[value eq "a" or value eq "b"]');
    assert.ok(r.ok);
    assert.equal(r.value.filter?.op, 'or');
  });
});

describe('parsePatchPath: invalid paths', () => {
  const cases: { path: string; scimType: ScimType }[] = [
    { path: '', scimType: 'invalidPath' },
    { path: 'emails[type eq', scimType: 'invalidPath' },
    { path: 'emails[type eq "work"', scimType: 'invalidPath' },
    { path: '[type eq "work"]', scimType: 'invalidPath' },
    { path: '1abc', scimType: 'invalidPath' },
    { path: 'name..givenName', scimType: 'invalidPath' },
    { path: 'name.givenName.x', scimType: 'invalidPath' },
    { path: 'emails[type eq "work"]value', scimType: 'invalidPath' },
    { path: 'emails[type eq "work"].', scimType: 'invalidPath' },
    { path: 'a b', scimType: 'invalidPath' },
    { path: 'urn:', scimType: 'invalidPath' },
    { path: 'urn:foo:', scimType: 'invalidPath' },
    { path: 'emails[type eq]', scimType: 'invalidFilter' },
    { path: 'emails[]', scimType: 'invalidFilter' },
    { path: 'emails[type xx "work"]', scimType: 'invalidFilter' },
    { path: 'emails[type eq "work]', scimType: 'invalidPath' },
    { path: 'members[value pr not value pr]', scimType: 'invalidFilter' },
    { path: `emails[value eq "${'\n'.repeat(30)}\\\n"]`, scimType: 'invalidFilter' },
    { path: `emails[${'x'.repeat(5000)} pr]`, scimType: 'invalidPath' },
    { path: 'emails[x[type eq "a"]]', scimType: 'invalidFilter' },
  ];
  for (const c of cases) {
    test(JSON.stringify(c.path), () => {
      const r = parsePatchPath(c.path);
      assert.ok(!r.ok, JSON.stringify(r));
      assert.equal(r.error.scimType, c.scimType, r.error.detail);
    });
  }
});

// Entra ID request bodies, copied from research doc §1.6–§1.7 (sources S1, S2, S6, S25).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTERPRISE_USER_URN } from './schema-urns.js';
import { patchBody, patchOk, sampleUser } from './test-support.js';
import type { JsonObject } from './types.js';

const ENT = ENTERPRISE_USER_URN;

describe('Entra user PATCH', () => {
  test('multi-valued + name update, unflagged (§1.6)', () => {
    const user = patchOk(sampleUser(), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    });
    assert.deepEqual(user['emails'], [{ type: 'work', value: 'updatedEmail@microsoft.com', primary: true }]);
    assert.deepEqual(user['name'], { formatted: 'Joy Young', familyName: 'updatedFamilyName', givenName: 'Joy' });
  });

  test('replacing several attributes, unflagged (§1.6)', () => {
    const user = patchOk(sampleUser(), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Pvlo' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
        { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
        { op: 'Replace', path: 'externalId', value: 'Eqpj' },
        {
          op: 'Replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
          value: 'Eqpj',
        },
      ],
    });
    assert.equal(user['displayName'], 'Pvlo');
    assert.deepEqual(user['emails'], [{ type: 'work', value: 'TestBcwqnm@test.microsoft.com', primary: true }]);
    assert.deepEqual(user['name'], { formatted: 'Joy Young', familyName: 'Pkqf', givenName: 'Gtfd' });
    assert.equal(user['externalId'], 'Eqpj');
    assert.deepEqual(user[ENT], { employeeNumber: 'Eqpj', department: 'Sales' });
  });

  test('replacing several attributes, flagged aadOptscim062020: path-less value keyed by paths (§1.6)', () => {
    const user = patchOk(sampleUser(), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
          },
        },
      ],
    });
    assert.equal(user['displayName'], 'Bjfe');
    assert.deepEqual(user['emails'], [{ type: 'work', value: 'TestMhvaes@test.microsoft.com', primary: true }]);
    assert.deepEqual(user['name'], { formatted: 'Joy Young', familyName: 'Unua', givenName: 'Kkom' });
    assert.deepEqual(user[ENT], { employeeNumber: 'Aklq', department: 'Sales' });
  });

  test('single-valued replace and add, both modes (§1.6)', () => {
    const user = patchOk(sampleUser(), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
        { op: 'Add', path: 'nickName', value: 'Babs' },
      ],
    });
    assert.equal(user['userName'], '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
    assert.equal(user['nickName'], 'Babs');
    const flagged = patchOk(sampleUser(), patchBody({ op: 'add', value: { nickName: 'Babs' } }));
    assert.equal(flagged['nickName'], 'Babs');
  });

  const activeCases: { name: string; value: unknown; start: boolean; expected: boolean }[] = [
    { name: 'disable, boolean (current doc)', value: false, start: true, expected: false },
    { name: 'disable, string "False" (unflagged)', value: 'False', start: true, expected: false },
    { name: 're-enable, string "True"', value: 'True', start: false, expected: true },
    { name: 're-enable, string "true"', value: 'true', start: false, expected: true },
    { name: 'disable, string "FALSE"', value: 'FALSE', start: true, expected: false },
  ];
  for (const c of activeCases) {
    test(`active: ${c.name} (§1.7)`, () => {
      const user = patchOk(
        { ...sampleUser(), active: c.start },
        {
          Operations: [{ op: 'Replace', path: 'active', value: c.value }],
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        },
      );
      assert.equal(user['active'], c.expected);
    });
  }

  const managerCases: { name: string; op: object; expected: JsonObject | undefined }[] = [
    {
      name: 'doc Example 5: Add manager with [{ $ref, value }]',
      op: {
        op: 'Add',
        path: 'manager',
        value: [
          {
            $ref: 'http://example.com/scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
            value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
          },
        ],
      },
      expected: { value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee' },
    },
    {
      name: 'observed: full URN path with a bare string (S25)',
      op: {
        op: 'add',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
        value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2',
      },
      expected: { value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2' },
    },
    {
      name: 'object { value }',
      op: { op: 'replace', path: 'manager', value: { value: 'm-2' } },
      expected: { value: 'm-2' },
    },
    {
      name: 'manager.value path',
      op: { op: 'replace', path: `${ENT}:manager.value`, value: 'm-3' },
      expected: { value: 'm-3' },
    },
    {
      name: 'Manager.Value path (case)',
      op: { op: 'Replace', path: 'manager.Value', value: 'm-4' },
      expected: { value: 'm-4' },
    },
    {
      name: 'clear with { value: null }',
      op: { op: 'replace', path: 'manager', value: { value: null } },
      expected: undefined,
    },
    { name: 'clear with null', op: { op: 'replace', path: `${ENT}:manager`, value: null }, expected: undefined },
    { name: 'clear with ""', op: { op: 'Replace', path: 'manager', value: '' }, expected: undefined },
    { name: 'clear with [] ', op: { op: 'Replace', path: 'manager', value: [] }, expected: undefined },
    { name: 'remove', op: { op: 'Remove', path: `${ENT}:manager` }, expected: undefined },
    { name: 'remove manager.value', op: { op: 'remove', path: 'manager.value' }, expected: undefined },
    {
      name: 'path-less enterprise object',
      op: { op: 'add', value: { [ENT]: { manager: 'm-5' } } },
      expected: { value: 'm-5' },
    },
    {
      name: 'write to manager.displayName is ignored (server-derived)',
      op: { op: 'replace', path: 'manager.displayName', value: 'Boss' },
      expected: { value: 'm-1', displayName: 'Old Boss' },
    },
  ];
  for (const c of managerCases) {
    test(`manager: ${c.name} (§1.6)`, () => {
      const start = sampleUser();
      start[ENT] = { employeeNumber: '701984', manager: { value: 'm-1', displayName: 'Old Boss' } };
      const user = patchOk(start, patchBody(c.op));
      const ext = user[ENT] as JsonObject;
      if (c.expected === undefined) assert.equal(ext['manager'], undefined);
      else assert.deepEqual(ext['manager'], c.expected);
      assert.equal(ext['employeeNumber'], '701984');
    });
  }

  test('manager on a user without the enterprise extension creates it', () => {
    const start = sampleUser();
    Reflect.deleteProperty(start, ENT);
    const user = patchOk(
      start,
      patchBody({ op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: 'x' }),
    );
    assert.deepEqual(user[ENT], { manager: { value: 'x' } });
  });

  test('roles with JSON-encoded string values are stored as given (§1.6, S6)', () => {
    const user = patchOk(
      sampleUser(),
      patchBody({
        op: 'Add',
        path: 'roles',
        value: [{ value: '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}' }],
      }),
    );
    assert.deepEqual(user['roles'], [
      { value: '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}' },
    ]);
  });

  test('AssertiveAppRoleAssignmentsComplex replaces roles (§1.6)', () => {
    const start = { ...sampleUser(), roles: [{ value: 'Old' }] };
    const user = patchOk(
      start,
      patchBody({
        op: 'replace',
        path: 'roles',
        value: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' }],
      }),
    );
    assert.deepEqual(user['roles'], [
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' },
    ]);
  });

  test('default mapping targets with capitalised sub-attributes (§1.4)', () => {
    const user = patchOk(
      sampleUser(),
      patchBody(
        { op: 'Add', path: 'emails[type eq "other"].Value', value: 'joy@home.example' },
        { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
        { op: 'Add', path: 'addresses[type eq "other"].Formatted', value: 'Somewhere' },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'R&D' },
      ),
    );
    assert.deepEqual(user['emails'], [
      { type: 'work', value: 'jyoung@contoso.com', primary: true },
      { type: 'other', value: 'joy@home.example' },
    ]);
    assert.deepEqual(user['addresses'], [
      { type: 'work', streetAddress: '1 Main St' },
      { type: 'other', formatted: 'Somewhere' },
    ]);
    assert.deepEqual(user['phoneNumbers'], [{ type: 'mobile', value: '+1 555 0100' }]);
    assert.equal((user[ENT] as JsonObject)['department'], 'R&D');
  });

  test('custom extension attribute (S6 naming pattern)', () => {
    const user = patchOk(
      sampleUser(),
      patchBody({
        op: 'Add',
        path: 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute',
        value: 'blue',
      }),
    );
    assert.deepEqual(user['urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User'], {
      CustomAttribute: 'blue',
    });
  });
});

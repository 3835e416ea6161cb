// General PATCH semantics on Users (RFC 7644 §3.5.2.1–§3.5.2.3), beyond vendor replays.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUserPatch } from './apply-user-patch.js';
import { ENTERPRISE_USER_URN, ROSTER_USER_URN } from './schema-urns.js';
import { patchBody, patchOk, sampleUser } from './test-support.js';
import type { Json, JsonObject } from './types.js';

const ENT = ENTERPRISE_USER_URN;
const WORK = { type: 'work', value: 'w@x.com', primary: true };
const HOME = { type: 'home', value: 'h@x.com' };
const withEmails = (emails: Json[]): JsonObject => ({ ...sampleUser(), emails });

describe('multi-valued attributes', () => {
  const cases: { name: string; start: Json[]; op: object; expected: Json[] | undefined }[] = [
    { name: 'add appends', start: [WORK], op: { op: 'add', path: 'emails', value: [HOME] }, expected: [WORK, HOME] },
    {
      name: 'add a single object',
      start: [WORK],
      op: { op: 'add', path: 'emails', value: HOME },
      expected: [WORK, HOME],
    },
    {
      name: 'add dedupes identical values',
      start: [WORK, HOME],
      op: { op: 'add', path: 'emails', value: [HOME] },
      expected: [WORK, HOME],
    },
    {
      name: 'add of the same value+type (any case) updates it in place',
      start: [WORK, HOME],
      op: { op: 'add', path: 'emails', value: [{ type: 'HOME', value: 'H@x.com', display: 'Home' }] },
      expected: [WORK, { type: 'HOME', value: 'H@x.com', display: 'Home' }],
    },
    {
      name: 'add with primary true clears primary on others (RFC 7643 §2.4)',
      start: [WORK],
      op: { op: 'add', path: 'emails', value: [{ ...HOME, primary: 'True' }] },
      expected: [
        { ...WORK, primary: false },
        { ...HOME, primary: true },
      ],
    },
    { name: 'add to absent attribute', start: [], op: { op: 'add', path: 'emails', value: [WORK] }, expected: [WORK] },
    {
      name: 'replace without filter replaces all',
      start: [WORK, HOME],
      op: { op: 'replace', path: 'emails', value: [HOME] },
      expected: [HOME],
    },
    {
      name: 'replace with [] unassigns',
      start: [WORK],
      op: { op: 'replace', path: 'emails', value: [] },
      expected: undefined,
    },
    {
      name: 'replace with null unassigns',
      start: [WORK],
      op: { op: 'replace', path: 'emails', value: null },
      expected: undefined,
    },
    { name: 'remove all', start: [WORK, HOME], op: { op: 'remove', path: 'emails' }, expected: undefined },
    {
      name: 'remove by filter',
      start: [WORK, HOME],
      op: { op: 'remove', path: 'emails[type eq "home"]' },
      expected: [WORK],
    },
    {
      name: 'remove by filter matching nothing is a no-op',
      start: [WORK],
      op: { op: 'remove', path: 'emails[type eq "home"]' },
      expected: [WORK],
    },
    {
      name: 'remove last by filter unassigns',
      start: [HOME],
      op: { op: 'remove', path: 'emails[type eq "home"]' },
      expected: undefined,
    },
    {
      name: 'remove a sub-attribute by filter',
      start: [WORK],
      op: { op: 'remove', path: 'emails[type eq "work"].primary' },
      expected: [{ type: 'work', value: 'w@x.com' }],
    },
    {
      name: 'legacy remove with value array',
      start: [WORK, HOME],
      op: { op: 'Remove', path: 'emails', value: [{ value: 'H@X.COM' }] },
      expected: [WORK],
    },
    {
      name: 'filter with value eq on the address',
      start: [WORK, HOME],
      op: { op: 'remove', path: 'emails[value eq "w@x.com"]' },
      expected: [HOME],
    },
    {
      name: 'filter using not/and/or',
      start: [WORK, HOME],
      op: { op: 'remove', path: 'emails[not (type eq "work") and (value co "h@" or value sw "z")]' },
      expected: [WORK],
    },
    { name: 'filter with pr', start: [WORK, HOME], op: { op: 'remove', path: 'emails[primary pr]' }, expected: [HOME] },
    {
      name: 'replace sub-attribute of matched value',
      start: [WORK, HOME],
      op: { op: 'replace', path: 'emails[type eq "home"].value', value: 'new@x.com' },
      expected: [WORK, { type: 'home', value: 'new@x.com' }],
    },
    {
      name: 'replace by filter with no match upserts (research §6 C11)',
      start: [HOME],
      op: { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x.com' },
      expected: [HOME, { type: 'work', value: 'w@x.com' }],
    },
    {
      name: 'upsert on and-filter takes every pinned attribute',
      start: [],
      op: { op: 'add', path: 'emails[type eq "work" and primary eq true].value', value: 'w@x.com' },
      expected: [{ type: 'work', primary: true, value: 'w@x.com' }],
    },
    {
      name: 'replace matched value with an object keeps the filter attributes',
      start: [WORK, HOME],
      op: { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'n@x.com' } },
      expected: [WORK, { type: 'home', value: 'n@x.com' }],
    },
    {
      name: 'add merges into matched values',
      start: [WORK, HOME],
      op: { op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } },
      expected: [WORK, { ...HOME, display: 'Home' }],
    },
    {
      name: 'setting primary via filter clears it elsewhere',
      start: [WORK, HOME],
      op: { op: 'replace', path: 'emails[type eq "home"].primary', value: 'true' },
      expected: [
        { ...WORK, primary: false },
        { ...HOME, primary: true },
      ],
    },
    {
      name: 'null on a filtered sub-attribute removes it',
      start: [WORK],
      op: { op: 'replace', path: 'emails[type eq "work"].primary', value: null },
      expected: [{ type: 'work', value: 'w@x.com' }],
    },
    {
      name: 'element keys are canonicalised and bare strings wrapped',
      start: [],
      op: { op: 'add', path: 'Emails', value: [{ Value: 'a@x.com', Type: 'work', Primary: 'False' }, 'b@x.com'] },
      expected: [{ value: 'a@x.com', type: 'work', primary: false }, { value: 'b@x.com' }],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const user = patchOk(withEmails(c.start), patchBody(c.op));
      assert.deepEqual(user['emails'], c.expected);
    });
  }
});

describe('single-valued and custom attributes', () => {
  test('names match case-insensitively and are written canonically', () => {
    const user = patchOk(
      sampleUser(),
      patchBody(
        { op: 'replace', path: 'DISPLAYNAME', value: 'A' },
        { op: 'replace', path: 'Name.GivenName', value: 'B' },
        { op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:CostCenter', value: 'CC1' },
      ),
    );
    assert.equal(user['displayName'], 'A');
    assert.equal((user['name'] as JsonObject)['givenName'], 'B');
    assert.equal((user[ENT] as JsonObject)['costCenter'], 'CC1');
    assert.equal(user['DISPLAYNAME'], undefined);
  });

  test('sub-attribute path creates the missing parent', () => {
    const start = sampleUser();
    Reflect.deleteProperty(start, 'name');
    const user = patchOk(start, patchBody({ op: 'add', path: 'name.familyName', value: 'Y' }));
    assert.deepEqual(user['name'], { familyName: 'Y' });
  });

  test('removing the last sub-attribute unassigns the parent', () => {
    const user = patchOk(
      { ...sampleUser(), name: { givenName: 'J' } },
      patchBody({ op: 'remove', path: 'name.givenName' }),
    );
    assert.equal(user['name'], undefined);
  });

  test('null clears a single-valued attribute (RFC 7644 §3.5.2.3)', () => {
    const user = patchOk(
      sampleUser(),
      patchBody({ op: 'replace', path: 'displayName', value: null }, { op: 'add', value: { title: null } }),
    );
    assert.equal('displayName' in user, false);
    assert.equal('title' in user, false);
  });

  test('remove of an absent attribute is a no-op', () => {
    const user = patchOk(sampleUser(), patchBody({ op: 'remove', path: 'nickName' }));
    assert.deepEqual(user, sampleUser());
  });

  test('numbers are stringified for string attributes', () => {
    const user = patchOk(sampleUser(), patchBody({ op: 'replace', path: `${ENT}:employeeNumber`, value: 42 }));
    assert.equal((user[ENT] as JsonObject)['employeeNumber'], '42');
  });

  test('Roster extension, including the c42OrgName alias', () => {
    const user = patchOk(
      sampleUser(),
      patchBody(
        { op: 'add', path: `${ROSTER_USER_URN}:c42OrgName`, value: 'Finance' },
        { op: 'add', value: { [ROSTER_USER_URN]: { EmployeeType: 'Contractor' } } },
      ),
    );
    assert.deepEqual(user[ROSTER_USER_URN], { orgName: 'Finance', employeeType: 'Contractor' });
  });

  test('unknown top-level attributes are stored as sent, reusing existing casing', () => {
    const user = patchOk(
      { ...sampleUser(), costCentre: 'old' },
      patchBody(
        { op: 'add', path: 'orgUnit', value: 'EMEA/Sales' },
        { op: 'replace', value: { CostCentre: 'new', site: { building: 'B1' } } },
        { op: 'add', path: 'site.floor', value: 3 },
      ),
    );
    assert.equal(user['orgUnit'], 'EMEA/Sales');
    assert.equal(user['costCentre'], 'new');
    assert.deepEqual(user['site'], { building: 'B1', floor: 3 });
  });

  test('whole-extension path and removal of an extension', () => {
    const added = patchOk(
      sampleUser(),
      patchBody({ op: 'add', path: ENT, value: { division: 'North', Manager: { value: 'm' } } }),
    );
    assert.deepEqual(added[ENT], {
      employeeNumber: '701984',
      department: 'Sales',
      division: 'North',
      manager: { value: 'm' },
    });
    const removed = patchOk(sampleUser(), patchBody({ op: 'remove', path: ENT }));
    assert.equal(removed[ENT], undefined);
  });

  test('removing the last enterprise attribute drops the extension object', () => {
    const start = { ...sampleUser(), [ENT]: { department: 'Sales' } };
    const user = patchOk(start, patchBody({ op: 'remove', path: `${ENT}:department` }));
    assert.equal(ENT in user, false);
  });

  test('legacy dotted enterprise name (customappsso)', () => {
    const user = patchOk(sampleUser(), patchBody({ op: 'replace', path: `${ENT}.department`, value: 'Ops' }));
    assert.equal((user[ENT] as JsonObject)['department'], 'Ops');
  });

  test('operations apply in order and later ones see earlier results', () => {
    const user = patchOk(
      sampleUser(),
      patchBody(
        { op: 'remove', path: 'emails' },
        { op: 'add', path: 'emails[type eq "work"].value', value: 'a@x.com' },
        { op: 'add', path: 'emails[type eq "work"].primary', value: true },
      ),
    );
    assert.deepEqual(user['emails'], [{ type: 'work', value: 'a@x.com', primary: true }]);
  });

  test('a failing operation leaves the input untouched and returns no partial result', () => {
    const start = sampleUser();
    const r = applyUserPatch(start, [
      { op: 'replace', path: 'displayName', value: 'X' },
      { op: 'replace', path: 'id', value: 'y' },
    ]);
    assert.equal(r.ok, false);
    assert.deepEqual(start, sampleUser());
  });
});

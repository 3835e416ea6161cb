import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyProfile, type MultiValue, type UserProfile } from '../directory/user.ts';
import { evaluateMappingPath } from './evaluate-path.ts';
import { parseMappingPath } from './mapping-path.ts';

const mv = (value: string, type: string | null = null, primary = false): MultiValue => ({
  value,
  type,
  primary,
  display: null,
});
const address = (type: string, locality: string | null, primary = false) => ({
  type,
  primary,
  formatted: null,
  streetAddress: null,
  locality,
  region: null,
  postalCode: 'N1',
  country: 'GB',
});

// One profile carrying every kind of attribute a path can name (SPEC C3 "Custom attribute").
const PROFILE: UserProfile = {
  ...emptyProfile('ada@example.com'),
  title: 'Engineer',
  userType: 'Employee',
  locale: 'en-GB',
  name: {
    formatted: null,
    givenName: 'Ada',
    familyName: 'Lovelace',
    middleName: null,
    honorificPrefix: null,
    honorificSuffix: null,
  },
  department: 'Research',
  division: 'Labs',
  organization: 'Analytical Engines',
  costCenter: 'CC-7',
  employeeNumber: '1815',
  employeeType: 'Contractor',
  orgName: 'London Office',
  multi: {
    ...emptyProfile('x').multi,
    emails: [mv('ada@home.example', 'home'), mv('ada@example.com', 'work', true), mv('ada.l@example.com', 'work')],
    phoneNumbers: [mv('+44 1', 'mobile'), mv('+44 2', 'work', true)],
  },
  addresses: [address('home', 'Marylebone'), address('work', 'London')],
  extra: {
    office: 'Paris',
    floor: 3,
    remote: false,
    badge: { id: 'b1' },
    aliases: ['a', 'b'],
    'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User': {
      CustomAttribute: 'Berlin',
      site: 'Hamburg',
    },
    'urn:ietf:params:scim:schemas:extension:Flat:2.0:User:Region': 'EMEA',
    locations: [
      { kind: 'desk', city: 'Oslo' },
      { kind: 'hq', city: 'Bergen', primary: true },
    ],
  },
};

const evaluate = (path: string, profile = PROFILE): string | null => {
  const parsed = parseMappingPath(path);
  assert.ok(parsed.ok, `expected "${path}" to parse: ${parsed.ok ? '' : parsed.error.detail}`);
  return evaluateMappingPath(parsed.value, profile);
};

describe('evaluateMappingPath (SPEC C3 custom attribute)', () => {
  const cases: [string, string | null][] = [
    // core attributes
    ['title', 'Engineer'],
    ['userType', 'Employee'],
    ['locale', 'en-GB'],
    ['userName', 'ada@example.com'],
    ['name.familyName', 'Lovelace'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:title', 'Engineer'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', 'Ada'],
    // enterprise attributes, short and URN-qualified
    ['department', 'Research'],
    ['division', 'Labs'],
    ['organization', 'Analytical Engines'],
    ['costCenter', 'CC-7'],
    ['employeeNumber', '1815'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'Research'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department', 'Research'],
    // Roster's extension (orgName normalised from c42OrgName by the SCIM layer)
    ['employeeType', 'Contractor'],
    ['c42OrgName', 'London Office'],
    ['urn:roster:params:scim:schemas:extension:roster:2.0:User:orgName', 'London Office'],
    // case-insensitive attribute names and URNs
    ['DEPARTMENT', 'Research'],
    ['Name.FamilyName', 'Lovelace'],
    ['URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department', 'Research'],
    ['OFFICE', 'Paris'],
    // value paths over multi-valued attributes
    ['addresses[type eq "work"].locality', 'London'],
    ['addresses[TYPE EQ "WORK"].Locality', 'London'],
    ['emails[type eq "work"].value', 'ada@example.com'], // two work emails: the primary wins
    ['emails[type eq "home"]', 'ada@home.example'], // no sub-attribute: the value
    ['emails.value', 'ada@example.com'], // no filter: the primary
    ['phoneNumbers[primary eq true].value', '+44 2'],
    ['phoneNumbers[type eq "mobile" or type eq "pager"].value', '+44 1'],
    ['phoneNumbers[not (type eq "work")].value', '+44 1'],
    ['addresses[locality sw "mary"].type', 'home'],
    ['addresses.locality', 'Marylebone'], // no filter, no primary: the first
    // value filter with no match → null (the user is unmapped)
    ['addresses[type eq "other"].locality', null],
    ['emails[type eq "work" and value ew "@nowhere"].value', null],
    // custom attributes in `extra`
    ['office', 'Paris'],
    ['floor', '3'], // numbers are stringified
    ['remote', 'false'], // booleans too
    ['badge', null], // objects name no organization
    ['aliases', null], // nor do arrays
    ['badge.id', 'b1'],
    ['urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute', 'Berlin'],
    ['urn:ietf:params:scim:schemas:extension:customextensionname:2.0:user:customattribute', 'Berlin'],
    ['CustomAttribute', 'Berlin'], // unqualified: found in an extension object
    ['urn:ietf:params:scim:schemas:extension:Flat:2.0:User:Region', 'EMEA'], // Entra's flat key form
    ['region', 'EMEA'], // unqualified: found as the attribute of a flat URN key
    ['site', 'Hamburg'],
    ['locations[kind eq "desk"].city', 'Oslo'],
    ['locations.city', 'Bergen'], // primary element wins
    ['aliases[value eq "b"]', 'b'],
    // missing attributes → null
    ['nickName', null],
    ['name.middleName', null],
    ['costume', null],
    ['urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Missing', null],
    ['urn:ietf:params:scim:schemas:extension:Other:2.0:User:CustomAttribute', null],
  ];
  for (const [path, expected] of cases) {
    it(`${path} → ${expected === null ? 'null' : JSON.stringify(expected)}`, () =>
      assert.equal(evaluate(path), expected));
  }

  it('prefers a top-level custom attribute over one inside an extension', () => {
    const extra = { 'urn:x:ext:2.0:User': { office: 'Inner' }, office: 'Top' };
    assert.equal(evaluate('office', { ...PROFILE, extra }), 'Top');
  });

  it('gives null for every path on an empty profile', () => {
    for (const [path] of cases)
      assert.equal(evaluate(path, emptyProfile('x')), path.toLowerCase() === 'username' ? 'x' : null, path);
  });
});

describe('parseMappingPath errors (admin API 400 with the detail)', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['addresses[type eq', /unterminated "\["/],
    ['addresses[type eq].locality', /invalid filter/],
    ['addresses[].locality', /empty filter/],
    ['addresses[type eq "work"]', /needs a sub-attribute/],
    ['addresses[type eq "work"].planet', /no sub-attribute "planet"/],
    ['addresses[kind eq "work"].locality', /names "kind"/],
    ['emails[type eq "work"] extra', /malformed/],
    ['emails[type eq "work"].', /invalid sub-attribute/],
    ['emails[members[value eq "x"]]', /invalid filter|nests/],
    ['password', /cannot be mapped.*write-only/],
    ['PASSWORD', /cannot be mapped/],
    ['id', /cannot be mapped.*assigned by Roster/],
    ['meta', /cannot be mapped/],
    ['meta.created', /cannot be mapped/],
    ['schemas', /cannot be mapped/],
    ['active', /cannot be mapped/],
    ['groups', /SCIM groups mapping method/],
    ['manager', /cannot be mapped/],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', /cannot be mapped/],
    ['urn:ietf:params:scim:schemas:core:2.0:User:id', /cannot be mapped/],
    ['name', /"name" needs one of/],
    ['name.nickname', /"name" needs one of/],
    ['name[givenName eq "a"].familyName', /single-valued/],
    ['title.short', /no sub-attribute/],
    ['title[value eq "x"]', /single-valued/],
    ['urn:ietf:params:scim:schemas:core:2.0:User:office', /not an attribute of the schema/],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:office', /not an attribute of the schema/],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', /names a schema/],
    ['urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User', /names a schema/],
    ['urn:office', /names a schema/],
    ['1office', /does not start with an attribute name/],
    ['"office"', /does not start with an attribute name/],
  ];
  for (const [path, detail] of cases) {
    it(`refuses ${JSON.stringify(path)}`, () => {
      const parsed = parseMappingPath(path);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error.detail, detail);
    });
  }

  it('keeps the trimmed text and canonical names of a valid path', () => {
    const parsed = parseMappingPath('  Addresses[Type eq "work"].LOCALITY ');
    assert.ok(parsed.ok);
    assert.equal(parsed.value.text, 'Addresses[Type eq "work"].LOCALITY');
    assert.equal(parsed.value.source, 'values');
    if (parsed.value.source === 'values')
      assert.deepEqual([parsed.value.attr, parsed.value.sub], ['addresses', 'locality']);
  });

  it('accepts any attribute of a custom extension, including reserved-looking names', () => {
    const parsed = parseMappingPath('urn:example:ext:2.0:User:id');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.source === 'extra' && [parsed.value.schema, parsed.value.attr], [
      'urn:example:ext:2.0:User',
      'id',
    ]);
  });
});

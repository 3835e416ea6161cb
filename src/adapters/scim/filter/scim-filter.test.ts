import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  CompareOp,
  GroupPredicate,
  MultiField,
  Predicate,
  Scalar,
  UserCollection,
  UserField,
  UserPredicate,
} from '../../../core/directory/query.js';
import { parseGroupFilter, parseUserFilter, resolveGroupSortField, resolveUserSortField } from './scim-filter.js';

const cmp = (field: UserField, op: CompareOp, value: Scalar): UserPredicate => ({ kind: 'compare', field, op, value });
type Element = Predicate<MultiField, never>;
const el = (field: MultiField, op: CompareOp, value: Scalar): Element => ({ kind: 'compare', field, op, value });
const some = (collection: UserCollection, where: Element): UserPredicate => ({ kind: 'some', collection, where });
const and = <P>(...items: P[]) => ({ kind: 'and' as const, items });
const or = <P>(...items: P[]) => ({ kind: 'or' as const, items });
const not = <P>(item: P) => ({ kind: 'not' as const, item });
const A = cmp('userName', 'eq', 'a');
const B = cmp('title', 'eq', 'b');
const C = cmp('locale', 'eq', 'c');

const VALID: [string, UserPredicate][] = [
  // Entra's Test Connection probe (research §1.2)
  ['userName eq "cf4d78e8-cc4f-4d5d-b8b9-183561c0104a"', cmp('userName', 'eq', 'cf4d78e8-cc4f-4d5d-b8b9-183561c0104a')],
  // every operator
  ['displayName ne "x"', cmp('displayName', 'ne', 'x')],
  ['displayName co "x"', cmp('displayName', 'co', 'x')],
  ['displayName sw "x"', cmp('displayName', 'sw', 'x')],
  ['displayName ew "x"', cmp('displayName', 'ew', 'x')],
  ['displayName gt "x"', cmp('displayName', 'gt', 'x')],
  ['displayName ge "x"', cmp('displayName', 'ge', 'x')],
  ['displayName lt "x"', cmp('displayName', 'lt', 'x')],
  ['displayName le "x"', cmp('displayName', 'le', 'x')],
  ['title pr', { kind: 'present', field: 'title' }],
  ['title eq null', cmp('title', 'eq', null)],
  ['title ne null', cmp('title', 'ne', null)],
  // case-insensitive attribute names and operators (RFC 7643 §2.1, RFC 7644 §3.4.2.2)
  ['UserName EQ "x"', cmp('userName', 'eq', 'x')],
  ['USERNAME eq "x" AND Title Pr', and(cmp('userName', 'eq', 'x'), { kind: 'present', field: 'title' })],
  ['NAME.GIVENNAME sw "J"', cmp('name.givenName', 'sw', 'J')],
  // logic, precedence and grouping: not > and > or
  ['userName eq "a" and title eq "b" and locale eq "c"', and(A, B, C)],
  ['userName eq "a" or title eq "b" and locale eq "c"', or(A, and(B, C))],
  ['userName eq "a" and title eq "b" or locale eq "c"', or(and(A, B), C)],
  ['(userName eq "a" or title eq "b") and locale eq "c"', and(or(A, B), C)],
  ['not (userName eq "a") and title eq "b"', and(not(A), B)],
  ['not (userName eq "a" or title eq "b")', not(or(A, B))],
  ['userName eq "a" Or Not (title eq "b")', or(A, not(B))],
  // value paths (RFC 7644 §3.4.2.2 valuePath)
  ['emails[type eq "work" and value co "@x"]', some('emails', and(el('type', 'eq', 'work'), el('value', 'co', '@x')))],
  ['emails[not (type eq "work")]', some('emails', not(el('type', 'eq', 'work')))],
  ['Emails[Type EQ "work"]', some('emails', el('type', 'eq', 'work'))],
  ['emails[value pr]', some('emails', { kind: 'present', field: 'value' })],
  [
    'addresses[locality eq "Paris" and primary eq true]',
    some('addresses', and(el('locality', 'eq', 'Paris'), el('primary', 'eq', true))),
  ],
  // Entra's attr[filter].sub form is one element, not two (research §1.3)
  [
    'emails[type eq "work"].value eq "user@contoso.com"',
    some('emails', and(el('type', 'eq', 'work'), el('value', 'eq', 'user@contoso.com'))),
  ],
  [
    'emails[type eq "work"].Value eq "x" and title eq "b"',
    and(some('emails', and(el('type', 'eq', 'work'), el('value', 'eq', 'x'))), B),
  ],
  [
    'addresses[type eq "work"].locality pr',
    some('addresses', and(el('type', 'eq', 'work'), { kind: 'present', field: 'locality' })),
  ],
  // multi-valued attributes outside brackets
  ['emails eq "x@y"', some('emails', el('value', 'eq', 'x@y'))],
  ['emails.type eq "work"', some('emails', el('type', 'eq', 'work'))],
  ['phoneNumbers.value sw "+33"', some('phoneNumbers', el('value', 'sw', '+33'))],
  ['emails pr', some('emails', { kind: 'const', value: true })],
  ['groups eq "g1"', some('groups', el('value', 'eq', 'g1'))],
  ['groups[display eq "Sales"]', some('groups', el('display', 'eq', 'Sales'))],
  // Entra's legacy unquoted values (research §6 C4)
  ['externalId eq jyoung', cmp('externalId', 'eq', 'jyoung')],
  [
    'id eq 54D382A4-2050-4C03-94D1-E769F1D15682 and manager eq 2819c223-7f76-453a-919d-413861904646',
    and(
      cmp('id', 'eq', '54D382A4-2050-4C03-94D1-E769F1D15682'),
      cmp('manager.value', 'eq', '2819c223-7f76-453a-919d-413861904646'),
    ),
  ],
  ['(externalId eq jyoung)', cmp('externalId', 'eq', 'jyoung')],
  // booleans: JSON keywords, and Entra's strings (research §1.13 item 5)
  ['active eq true', cmp('active', 'eq', true)],
  ['active eq "True"', cmp('active', 'eq', true)],
  ['active ne False', cmp('active', 'ne', false)],
  // URN-qualified names (RFC 7644 §3.10)
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"', cmp('userName', 'eq', 'x')],
  [
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
    cmp('department', 'eq', 'Sales'),
  ],
  [
    'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager.value eq "m1"',
    cmp('manager.value', 'eq', 'm1'),
  ],
  ['urn:roster:params:scim:schemas:extension:roster:2.0:User:orgName eq "Acme"', cmp('orgName', 'eq', 'Acme')],
  ['urn:roster:params:scim:schemas:extension:roster:2.0:User:c42OrgName eq "Acme"', cmp('orgName', 'eq', 'Acme')],
  ['employeeType eq "Contractor"', cmp('employeeType', 'eq', 'Contractor')],
  ['manager.value eq "m1"', cmp('manager.value', 'eq', 'm1')],
  ['costCenter eq "42"', cmp('costCenter', 'eq', '42')],
  // string literals: brackets, escapes and keywords inside strings stay data
  ['title eq "x]y"', cmp('title', 'eq', 'x]y')],
  ['title eq "say \\"hi\\""', cmp('title', 'eq', 'say "hi"')],
  ['title eq "a and b or not (c)"', cmp('title', 'eq', 'a and b or not (c)')],
  ['title eq "back\\\\slash"', cmp('title', 'eq', 'back\\slash')],
  ['title eq "caf\\u00e9" or title eq "tab\\there"', or(cmp('title', 'eq', 'café'), cmp('title', 'eq', 'tab\there'))],
  [
    'emails[value eq "a]b\\"c"].type eq "work"',
    some('emails', and(el('value', 'eq', 'a]b"c'), el('type', 'eq', 'work'))),
  ],
  ['title eq "0" and title eq "1"', and(cmp('title', 'eq', '0'), cmp('title', 'eq', '1'))],
  // dateTime values are normalised to toISOString()
  ['meta.created gt "2026-01-01T00:00:00Z"', cmp('meta.created', 'gt', '2026-01-01T00:00:00.000Z')],
  ['meta.lastModified le "2026-01-01T00:00:00+01:00"', cmp('meta.lastModified', 'le', '2025-12-31T23:00:00.000Z')],
  ['meta.created ge "2026-03-04"', cmp('meta.created', 'ge', '2026-03-04T00:00:00.000Z')],
  // attributes with fixed values and complex presence
  ['meta.resourceType eq "User"', { kind: 'const', value: true }],
  ['meta.resourceType eq "Group"', { kind: 'const', value: false }],
  ['schemas eq "urn:ietf:params:scim:schemas:core:2.0:User"', { kind: 'const', value: true }],
  [
    'name pr',
    or(
      ...(
        [
          'name.formatted',
          'name.familyName',
          'name.givenName',
          'name.middleName',
          'name.honorificPrefix',
          'name.honorificSuffix',
        ] as const
      ).map((field): UserPredicate => ({ kind: 'present', field })),
    ),
  ],
];

const INVALID: [string, RegExp][] = [
  ['foo eq "x"', /^Unknown attribute "foo" in filter$/],
  ['emails.foo eq "x"', /Unknown attribute "emails.foo"/],
  ['emails[foo eq "x"]', /Unknown attribute "emails.foo"/],
  ['addresses.value eq "x"', /Unknown attribute/],
  ['urn:ietf:params:scim:schemas:core:2.0:User:department eq "x"', /Unknown attribute/],
  ['urn:example:custom:2.0:User:foo eq "x"', /Unknown attribute/],
  ['userName eq', /syntax/],
  ['userName "x"', /syntax/],
  ['(userName eq "x"', /syntax/],
  ['userName eq "x")', /syntax/],
  ['userName eq "x" and', /syntax/],
  ['userName eq "x" userName', /syntax/],
  ['userName xx "x"', /syntax/],
  ['', /syntax/],
  ['title eq "unterminated', /Unterminated string/],
  ['title eq "bad \\q escape"', /Invalid string literal/],
  ['emails[type eq "work"].value', /syntax/],
  ['emails[type eq "work"] .value eq "x"', /syntax/],
  ['active gt true', /Operator "gt" is not supported on boolean/],
  ['active co "t"', /not supported on boolean/],
  ['active eq "yes"', /is a boolean/],
  ['emails[primary lt true]', /not supported on boolean/],
  ['meta.created gt "yesterday"', /not an RFC 3339 date-time/],
  ['meta.created gt "2026-13-45T00:00:00Z"', /not an RFC 3339 date-time/],
  ['meta.created co "2026"', /not supported on dateTime/],
  ['meta.created gt 5', /not an RFC 3339 date-time/],
  ['password eq "x"', /"password" cannot be used in a filter/],
  ['password pr', /cannot be used in a filter/],
  ['title eq 5', /is a string/],
  ['title eq -5 and title eq "x"', /is a string/],
  ['externalId eq true', /is a string/],
  ['userName co null', /cannot compare "userName" with null/],
  ['name eq "x"', /complex/],
  ['addresses eq "x"', /complex/],
  ['userName[value eq "x"]', /needs a multi-valued attribute/],
  ['emails.type[value eq "x"]', /needs a multi-valued attribute/],
  ['emails[value[type eq "x"]]', /cannot be nested/],
  [`userName eq "${'x'.repeat(4090)}"`, /longer than 4096/],
  [`${'not ('.repeat(40)}title pr${')'.repeat(40)}`, /nests more than 32 levels/],
  [`${'not '.repeat(40)}title pr`, /nests more than 32 levels/],
  // "not" is a prefix operator; the library reads an infix "not" as a two-operand node.
  ['userName pr not title pr', /"not" must precede a filter/],
  // The library looks the infix word up in a plain object, so inherited names became operators.
  ['userName pr constructor title pr', /syntax/],
  ['userName pr __proto__ title pr', /syntax/],
  ['userName pr hasOwnProperty title pr', /syntax/],
  // A quoted run of newlines ending in a backslash made the library's tokenizer backtrack for seconds.
  [`emails[value eq "${'\n'.repeat(30)}\\\n"]`, /Invalid string literal/],
];

describe('parseUserFilter', () => {
  for (const [text, expected] of VALID) {
    test(text.length > 100 ? `${text.slice(0, 100)}…` : text, () => {
      assert.deepEqual(parseUserFilter(text), { ok: true, value: expected });
    });
  }
  for (const [text, detail] of INVALID) {
    test(`invalidFilter: ${text.slice(0, 80)}`, () => {
      const r = parseUserFilter(text);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.scimType, 'invalidFilter');
      assert.match(r.error.detail, detail);
    });
  }
  test('accepts a filter of exactly 4096 characters', () => {
    assert.equal(parseUserFilter(`userName eq "${'x'.repeat(4096 - 14)}"`).ok, true);
  });
});

describe('parseGroupFilter', () => {
  const members = (where: Element): GroupPredicate => ({ kind: 'some', collection: 'members', where });
  const cases: [string, GroupPredicate][] = [
    // Entra's group probe (research §1.2)
    [
      'displayName eq "7b3f0d7e-0000-4000-8000-000000000000"',
      { kind: 'compare', field: 'displayName', op: 'eq', value: '7b3f0d7e-0000-4000-8000-000000000000' },
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:Group:DisplayName sw "Sal"',
      { kind: 'compare', field: 'displayName', op: 'sw', value: 'Sal' },
    ],
    ['externalId eq abc', { kind: 'compare', field: 'externalId', op: 'eq', value: 'abc' }],
    ['members[value eq "u1"]', members(el('value', 'eq', 'u1'))],
    ['members.value eq "u1"', members(el('value', 'eq', 'u1'))],
    ['members eq "u1"', members(el('value', 'eq', 'u1'))],
    ['Members.Display co "ann"', members(el('display', 'co', 'ann'))],
    ['meta.resourceType eq "Group"', { kind: 'const', value: true }],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.deepEqual(parseGroupFilter(text), { ok: true, value: expected }));
  }
  for (const text of ['userName eq "x"', 'members.type eq "User"', 'emails pr', 'active eq true']) {
    test(`invalidFilter: ${text}`, () => {
      const r = parseGroupFilter(text);
      assert.deepEqual(r.ok ? undefined : r.error.scimType, 'invalidFilter');
    });
  }
});

describe('sort fields', () => {
  const users: [string, UserField | undefined][] = [
    ['userName', 'userName'],
    ['USERNAME', 'userName'],
    ['meta.lastModified', 'meta.lastModified'],
    ['name.familyName', 'name.familyName'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'department'],
    ['emails', undefined],
    ['emails.value', undefined],
    ['password', undefined],
    ['foo', undefined],
    ['meta.resourceType', undefined],
  ];
  for (const [path, field] of users) test(`user ${path}`, () => assert.equal(resolveUserSortField(path), field));
  test('group', () => {
    assert.equal(resolveGroupSortField('displayName'), 'displayName');
    assert.equal(resolveGroupSortField('meta.created'), 'meta.created');
    assert.equal(resolveGroupSortField('members'), undefined);
    assert.equal(resolveGroupSortField('userName'), undefined);
  });
});

// SCIM filter text → core predicate → SQL, run on both dialects against real rows
// (STYLE habit 9): the same filter must select the same ids on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { parseGroupFilter, parseUserFilter } from '../../src/adapters/scim/filter/scim-filter.js';
import type { Database, UserValuesTable, UsersTable } from '../../src/storage/schema.js';
import {
  groupPredicateSql,
  groupSortColumn,
  userPredicateSql,
  userSortColumn,
} from '../../src/storage/repositories/predicate-sql.js';
import { DIALECTS, openMigratedDatabase } from '../helpers/databases.js';

const T = 't1';
const AT = '2026-01-01T00:00:00.000Z';

type UserSeed = Partial<UsersTable> & { id: string; user_name: string; month: number };

// Eight users whose fields exercise case, wildcards in data, nulls and empty strings.
const USERS: UserSeed[] = [
  {
    id: 'u1',
    month: 1,
    user_name: 'Alice@Example.com',
    external_id: 'ExtA',
    display_name: 'Alice Smith',
    title: 'Engineer',
    department: 'R&D',
    given_name: 'Alice',
  },
  {
    id: 'u2',
    month: 2,
    user_name: 'bob@example.com',
    external_id: 'exta',
    display_name: 'Bob 100% Jones',
    title: 'Eng_Lead',
    scim_active: 0,
    manager_id: 'u1',
  },
  { id: 'u3', month: 3, user_name: 'carol@example.com', display_name: 'Carol_X' },
  { id: 'u4', month: 4, user_name: 'dave@test.ORG', external_id: 'prefix-abc', display_name: '100 percent', title: '' },
  { id: 'u5', month: 5, user_name: 'e_ve@example.com', display_name: 'Eve', title: 'Manager' },
  { id: 'u6', month: 6, user_name: 'eave@example.com', display_name: 'Eave', title: 'manager' },
  {
    id: 'u7',
    month: 7,
    user_name: 'frank@example.com',
    external_id: 'X%Y',
    display_name: 'Frank \\ Back',
    title: 'Director',
  },
  {
    id: 'u8',
    month: 8,
    user_name: 'grace@example.com',
    external_id: 'XaY',
    display_name: 'Grace',
    title: 'Eng Lead',
    department: 'r&d',
    org_name: 'Acme',
    employee_type: 'Contractor',
  },
];

type ValueSeed = [user: string, attr: string, type: string, value: string | null, locality?: string];
const VALUES: ValueSeed[] = [
  ['u1', 'emails', 'work', 'alice@example.com'],
  ['u1', 'emails', 'home', 'alice@home.net'],
  ['u1', 'addresses', 'work', null, 'Paris'],
  ['u2', 'emails', 'Work', 'bob@work.io'],
  ['u2', 'addresses', 'home', null, 'Lyon'],
  ['u3', 'emails', 'home', 'carol@example.com'],
  ['u4', 'emails', 'work', 'DAVE@TEST.ORG'],
  ['u5', 'phoneNumbers', 'work', '+33 1 23 45 67 89'],
];

const GROUPS = [
  { id: 'g1', name: 'Sales Team', externalId: 'G1X', members: ['u1', 'u2'] },
  { id: 'g2', name: 'Engineering', externalId: null, members: ['u2', 'u4'] },
  { id: 'g3', name: 'Empty', externalId: 'g3x', members: [] },
];

function userRow(u: UserSeed): UsersTable {
  const { month, ...fields } = u;
  const created = `2026-${String(month).padStart(2, '0')}-01T00:00:00.000Z`;
  const nulls = Object.fromEntries(
    [
      'provider_id',
      'manager_id',
      'removed_at',
      'external_id',
      'display_name',
      'nick_name',
      'profile_url',
      'title',
      'user_type',
      'preferred_language',
      'locale',
      'timezone',
      'name_formatted',
      'given_name',
      'family_name',
      'middle_name',
      'honorific_prefix',
      'honorific_suffix',
      'email',
      'employee_number',
      'cost_center',
      'organization',
      'division',
      'department',
      'employee_type',
      'org_name',
      'city',
      'state',
      'country',
      'password_hash',
    ].map((k) => [k, null]),
  );
  return {
    ...(nulls as unknown as UsersTable),
    tenant_id: T,
    provider_id: 'p1',
    org_id: 'o1',
    status: 'active',
    scim_active: 1,
    version: 1,
    created_at: created,
    updated_at: created,
    extra: '{}',
    ...fields,
    user_name_lower: u.user_name.toLowerCase(),
  };
}

function valueRow([user, attr, type, value, locality]: ValueSeed, index: number): UserValuesTable {
  // ord counts within the user's attribute; the first value is the primary one.
  const ord = VALUES.slice(0, index).filter(([u, a]) => u === user && a === attr).length;
  return {
    tenant_id: T,
    user_id: user,
    attr,
    ord,
    value,
    value_lower: value?.toLowerCase() ?? null,
    type,
    is_primary: ord === 0 ? 1 : 0,
    display: null,
    formatted: null,
    street_address: null,
    locality: locality ?? null,
    region: null,
    postal_code: null,
    country: null,
  };
}

async function seed(db: Kysely<Database>): Promise<void> {
  await db.insertInto('tenants').values({ id: T, name: 'Tenant', require_email_username: 1, created_at: AT }).execute();
  await db
    .insertInto('organizations')
    .values({
      id: 'o1',
      tenant_id: T,
      parent_id: null,
      name: 'Org',
      name_lower: 'org',
      status: 'active',
      default_roles: '[]',
      cold_storage_days: 30,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('providers')
    .values({
      id: 'p1',
      tenant_id: T,
      name: 'Entra',
      name_lower: 'entra',
      type: 'entra',
      auth_type: 'token',
      token_hash: null,
      basic_username: null,
      basic_password_hash: null,
      deactivation_delay_seconds: 900,
      credential_rotated_at: AT,
      created_at: AT,
      updated_at: AT,
      guard_percent: 10,
      guard_min_users: 50,
      guard_window_seconds: 3600,
      flagged_at: null,
      org_mapping: '{"method":"none"}',
      role_mapping: '{"method":"manual"}',
    })
    .execute();
  await db.insertInto('users').values(USERS.map(userRow)).execute();
  await db.insertInto('user_values').values(VALUES.map(valueRow)).execute();
  for (const g of GROUPS) {
    await db
      .insertInto('groups')
      .values({
        id: g.id,
        tenant_id: T,
        provider_id: 'p1',
        display_name: g.name,
        display_name_lower: g.name.toLowerCase(),
        external_id: g.externalId,
        version: 1,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    for (const m of g.members)
      await db
        .insertInto('group_members')
        .values({ tenant_id: T, group_id: g.id, user_id: m, created_at: AT })
        .execute();
  }
}

const ALL = USERS.map((u) => u.id);
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

const USER_CASES: [filter: string, ids: string[]][] = [
  // userName is caseExact false on both dialects (RFC 7643 §4.1.1), via user_name_lower
  ['userName eq "ALICE@example.COM"', ['u1']],
  ['UserName EQ "alice@example.com"', ['u1']],
  ['userName eq "cf4d78e8-cc4f-4d5d-b8b9-183561c0104a"', []],
  ['userName ew ".org"', ['u4']],
  // % and _ in values match themselves, never as LIKE wildcards
  ['userName sw "E_"', ['u5']],
  ['displayName co "100%"', ['u2']],
  ['title co "g_l"', ['u2']],
  ['displayName ew "L_X"', ['u3']],
  ['displayName co "\\\\"', ['u7']],
  // externalId is caseExact: co/sw/ew must not ignore case on SQLite either
  ['externalId eq "ExtA"', ['u1']],
  ['externalId eq jyoung', []],
  ['externalId sw "ext"', ['u2']],
  ['externalId ew "tA"', ['u1']],
  ['externalId co "a"', ['u2', 'u4', 'u8']],
  ['externalId co "%"', ['u7']],
  ['externalId lt "Z"', ['u1', 'u7', 'u8']],
  // ne matches absent values; eq null / pr / not
  ['externalId ne "ExtA"', except('u1')],
  ['externalId eq null', ['u3', 'u5', 'u6']],
  ['externalId ne null', ['u1', 'u2', 'u4', 'u7', 'u8']],
  ['title pr', except('u3', 'u4')],
  ['not (title pr)', ['u3', 'u4']],
  ['not (title eq "Engineer")', except('u1')],
  ['title eq "MANAGER"', ['u5', 'u6']],
  ['title ne "manager"', except('u5', 'u6')],
  ['displayName gt "D"', ['u5', 'u6', 'u7', 'u8']],
  ['department eq "r&d"', ['u1', 'u8']],
  ['name.givenName eq "ALICE"', ['u1']],
  [
    'urn:roster:params:scim:schemas:extension:roster:2.0:User:c42OrgName eq "ACME" and employeeType sw "contract"',
    ['u8'],
  ],
  // booleans (0/1), including Entra's string form
  ['active eq false', ['u2']],
  ['active eq "True"', except('u2')],
  ['active ne true', ['u2']],
  // datetimes compare as ISO text
  ['meta.created gt "2026-03-01T00:00:00Z"', ['u4', 'u5', 'u6', 'u7', 'u8']],
  ['meta.created le "2026-02-01T01:00:00+01:00"', ['u1', 'u2']],
  ['meta.lastModified ge "2026-08-01"', ['u8']],
  // multi-valued attributes and value paths
  ['emails[type eq "work" and value co "@example"]', ['u1']],
  ['emails[type eq "work"].value eq "DAVE@test.org"', ['u4']],
  ['emails[type eq "work"].value eq "alice@home.net"', []],
  ['emails[type eq "WORK"]', ['u1', 'u2', 'u4']],
  ['emails.type eq "HOME"', ['u1', 'u3']],
  ['emails eq "bob@work.io"', ['u2']],
  ['emails pr', ['u1', 'u2', 'u3', 'u4']],
  ['not (emails pr)', ['u5', 'u6', 'u7', 'u8']],
  ['emails[not (type eq "work")]', ['u1', 'u3']],
  ['emails[primary eq true and type eq "home"]', ['u3']],
  ['phoneNumbers.value sw "+33"', ['u5']],
  ['addresses[locality eq "paris"]', ['u1']],
  ['addresses.locality pr', ['u1', 'u2']],
  ['groups eq "g1"', ['u1', 'u2']],
  ['groups[display eq "ENGINEERING"]', ['u2', 'u4']],
  ['groups.display sw "sales" and not (groups eq "g2")', ['u1']],
  // references, logic and constants
  ['manager eq "u1"', ['u2']],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "u1"', ['u2']],
  ['userName eq "bob@example.com" or (active eq true and title sw "dir")', ['u2', 'u7']],
  ['meta.resourceType eq "User" and userName sw "alice"', ['u1']],
  ['meta.resourceType eq "Group" or userName sw "alice"', ['u1']],
];

const GROUP_CASES: [filter: string, ids: string[]][] = [
  ['displayName eq "SALES team"', ['g1']],
  ['displayName co "e"', ['g1', 'g2', 'g3']],
  ['externalId eq "g3x"', ['g3']],
  ['externalId ne "G1X"', ['g2', 'g3']],
  ['members[value eq "u4"]', ['g2']],
  ['members.value eq "u2"', ['g1', 'g2']],
  ['members eq "U2"', []],
  ['members.display eq "DAVE@test.org"', ['g2']],
  ['members pr', ['g1', 'g2']],
  ['not (members pr)', ['g3']],
  ['meta.created ge "2026-01-01T00:00:00Z" and members[display sw "alice"]', ['g1']],
];

for (const dialect of DIALECTS) {
  describe(`SCIM filters as SQL on ${dialect}`, () => {
    let handle: Awaited<ReturnType<typeof openMigratedDatabase>> | undefined;
    const db = () => (handle as NonNullable<typeof handle>).db.kysely;

    before(async () => {
      handle = await openMigratedDatabase(dialect);
      await seed(db());
    });
    after(async () => handle?.dispose());

    for (const [filter, expected] of USER_CASES) {
      test(`users: ${filter}`, async () => {
        const parsed = parseUserFilter(filter);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.detail);
        const rows = await db()
          .selectFrom('users')
          .select('id')
          .where('users.tenant_id', '=', T)
          .where('users.provider_id', '=', 'p1')
          .where((eb) => userPredicateSql(eb, parsed.value, dialect))
          .orderBy('id')
          .execute();
        assert.deepEqual(
          rows.map((r) => r.id),
          [...expected].sort(),
        );
      });
    }

    for (const [filter, expected] of GROUP_CASES) {
      test(`groups: ${filter}`, async () => {
        const parsed = parseGroupFilter(filter);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.detail);
        const rows = await db()
          .selectFrom('groups')
          .select('id')
          .where('groups.tenant_id', '=', T)
          .where((eb) => groupPredicateSql(eb, parsed.value, dialect))
          .orderBy('id')
          .execute();
        assert.deepEqual(
          rows.map((r) => r.id),
          [...expected].sort(),
        );
      });
    }

    test('case-insensitive comparisons fold Unicode case the same way on both databases', async () => {
      const extra = [
        {
          id: 'u9',
          month: 9,
          user_name: 'elodie@example.com',
          display_name: 'Élodie Ørsted',
          title: 'DIRECTRICE ÉQUIPE',
        },
        { id: 'u10', month: 10, user_name: 'zoe@example.com', display_name: 'zoë straße', title: 'Ingénieure' },
      ];
      await db().insertInto('users').values(extra.map(userRow)).execute();
      try {
        const ids = async (filter: string): Promise<string[]> => {
          const parsed = parseUserFilter(filter);
          assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.detail);
          const rows = await db()
            .selectFrom('users')
            .select('id')
            .where('users.tenant_id', '=', T)
            .where((eb) => userPredicateSql(eb, parsed.value, dialect))
            .orderBy('id')
            .execute();
          return rows.map((r) => r.id);
        };
        assert.deepEqual(await ids('displayName eq "élodie ørsted"'), ['u9']);
        assert.deepEqual(await ids('displayName eq "ÉLODIE ØRSTED"'), ['u9']);
        assert.deepEqual(await ids('displayName sw "ÉLO"'), ['u9']);
        assert.deepEqual(await ids('title co "équipe"'), ['u9']);
        assert.deepEqual(await ids('title ew "NIEURE"'), ['u10']);
        assert.deepEqual(await ids('displayName eq "ZOË STRASSE"'), [], 'case folding, not full folding: ß is not ss');
        assert.deepEqual(await ids('displayName co "STRAẞE"'), ['u10'], 'the capital sharp s lowers to ß');
        const sorted = await db()
          .selectFrom('users')
          .select('id')
          .where('users.tenant_id', '=', T)
          .where('users.id', 'in', ['u9', 'u10', 'u5', 'u8'])
          .orderBy(userSortColumn('displayName', dialect), 'asc')
          .execute();
        assert.deepEqual(
          sorted.map((r) => r.id),
          ['u5', 'u8', 'u10', 'u9'],
          'eve, grace, zoë, élodie: code point order of the lowered names',
        );
      } finally {
        await db()
          .deleteFrom('users')
          .where(
            'id',
            'in',
            extra.map((u) => u.id),
          )
          .execute();
      }
    });

    test('sort columns order case-insensitively where caseExact is false', async () => {
      const byName = await db()
        .selectFrom('users')
        .select('id')
        .where('users.tenant_id', '=', T)
        .orderBy(userSortColumn('displayName', dialect), 'asc')
        .orderBy('users.id')
        .execute();
      assert.deepEqual(
        byName.map((r) => r.id),
        ['u4', 'u1', 'u2', 'u3', 'u6', 'u5', 'u7', 'u8'],
      );
      const groups = await db()
        .selectFrom('groups')
        .select('id')
        .orderBy(groupSortColumn('displayName', dialect), 'desc')
        .execute();
      assert.deepEqual(
        groups.map((r) => r.id),
        ['g1', 'g2', 'g3'],
      );
    });
  });
}

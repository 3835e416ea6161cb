import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyProfile, type MultiValue, type UserProfile } from '../directory/user.ts';
import {
  planUserMapping,
  type MappingSettings,
  type OrgDirectory,
  type RoleGrant,
  type UserMappingPlan,
} from './mapping-plan.ts';
import { resolveOrganization, type OrgResolution } from './org-mapping.ts';
import { requestedRoles, sameRoleValues, type RequestedRoles } from './requested-roles.ts';
import { checkRoleMapping } from './role-mapping.ts';

// SPEC C9 ( seeds/002 "Select Roles"): a directory-sync provider's organization
// comes in orgName and only its managed roles change.

const mv = (value: string | null, display: string | null = null): MultiValue => ({
  value,
  display,
  type: null,
  primary: false,
});

describe('requestedRoles: the roles a directory-sync provider sends', () => {
  const cases: [string, MultiValue[], RequestedRoles][] = [
    ['none', [], { roleIds: [], unknown: [] }],
    ['by id', [mv('desktop-user')], { roleIds: ['desktop-user'], unknown: [] }],
    ['by id in another case', [mv('Desktop-User')], { roleIds: ['desktop-user'], unknown: [] }],
    [
      'by catalogue name, case-insensitively, trimmed',
      [mv('  customer cloud admin ')],
      { roleIds: ['customer-cloud-admin'], unknown: [] },
    ],
    ['display when value is empty', [mv(null, 'PROe User')], { roleIds: ['proe-user'], unknown: [] }],
    [
      'duplicates once, sorted',
      [mv('proe-user'), mv('Desktop User'), mv('PROe User')],
      { roleIds: ['desktop-user', 'proe-user'], unknown: [] },
    ],
    [
      'unknown names reported, not guessed',
      [mv('Wizard'), mv('desktop'), mv('org-admin')],
      { roleIds: ['org-admin'], unknown: ['Wizard', 'desktop'] },
    ],
    ['blank values skipped', [mv(''), mv('  '), mv(null)], { roleIds: [], unknown: [] }],
  ];
  for (const [name, values, expected] of cases) it(name, () => assert.deepEqual(requestedRoles(values), expected));

  it('sameRoleValues ignores order and letter case, not content', () => {
    assert.equal(sameRoleValues([mv('a'), mv('B')], [mv('b'), mv('A')]), true);
    assert.equal(sameRoleValues([mv('a')], [mv('a'), mv('b')]), false);
    assert.equal(sameRoleValues([], []), true);
  });
});

describe('directorySync organization method', () => {
  const profile = (orgName: string | null): UserProfile => ({ ...emptyProfile('u@example.com'), orgName });
  const cases: [string, string | null, { orgId: string; rootOrgId: string } | undefined, OrgResolution][] = [
    [
      'orgName names the organization',
      'Engineering',
      { orgId: 'root', rootOrgId: 'root' },
      { kind: 'byName', name: 'Engineering' },
    ],
    ['orgName is trimmed', '  Sales ', { orgId: 'org-x', rootOrgId: 'root' }, { kind: 'byName', name: 'Sales' }],
    [
      'no orgName: an existing user stays where they are',
      null,
      { orgId: 'org-x', rootOrgId: 'root' },
      { kind: 'org', orgId: 'org-x' },
    ],
    ['blank orgName is none', '   ', { orgId: 'org-x', rootOrgId: 'root' }, { kind: 'org', orgId: 'org-x' }],
    ['no orgName and no current organization: the root', null, undefined, { kind: 'root' }],
  ];
  for (const [name, orgName, current, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        resolveOrganization(
          { method: 'directorySync' },
          { profile: profile(orgName), groupIds: [], ...(current ? { current } : {}) },
        ),
        expected,
      ),
    );
  }
});

describe('managed roles: plan', () => {
  const DIRECTORY: OrgDirectory = {
    rootOrgId: 'root',
    orgIdByName: (n) => (n.toLowerCase() === 'sales' ? 'org-sales' : undefined),
    defaultRoles: () => ['desktop-user'],
  };
  const settings = (roleIds: string[]): MappingSettings => ({
    orgMapping: { method: 'directorySync' },
    roleMapping: { method: 'managed', roleIds },
  });
  const grants = (source: string, ...ids: string[]): RoleGrant[] => ids.map((roleId) => ({ roleId, source }));
  type Outcome = Pick<
    UserMappingPlan,
    'rolesAdded' | 'rolesRemoved' | 'rolesIgnored' | 'rolesUnknown' | 'rolesSource' | 'changed'
  >;
  const plan = (managed: string[], sent: string[], held: RoleGrant[]): Outcome => {
    const p = planUserMapping(
      settings(managed),
      {
        user: {
          id: 'u1',
          orgId: 'root',
          profile: {
            ...emptyProfile('u@example.com'),
            multi: { ...emptyProfile('x').multi, roles: sent.map((v) => mv(v)) },
          },
        },
        groupIds: [],
        roles: held,
      },
      DIRECTORY,
    );
    return {
      rolesAdded: p.rolesAdded,
      rolesRemoved: p.rolesRemoved,
      rolesIgnored: p.rolesIgnored,
      rolesUnknown: p.rolesUnknown,
      rolesSource: p.rolesSource,
      changed: p.changed,
    };
  };
  const cases: [string, string[], string[], RoleGrant[], Outcome][] = [
    [
      'grants a sent, managed role',
      ['desktop-user', 'proe-user'],
      ['proe-user', 'desktop-user'],
      grants('default', 'desktop-user'),
      {
        rolesAdded: ['proe-user'],
        rolesRemoved: [],
        rolesIgnored: [],
        rolesUnknown: [],
        rolesSource: 'provider',
        changed: true,
      },
    ],
    [
      'revokes a managed role no longer sent, whatever its source',
      ['desktop-user', 'proe-user'],
      [],
      [...grants('default', 'desktop-user'), ...grants('manual', 'proe-user')],
      {
        rolesAdded: [],
        rolesRemoved: ['desktop-user', 'proe-user'],
        rolesIgnored: [],
        rolesUnknown: [],
        rolesSource: 'provider',
        changed: true,
      },
    ],
    [
      'an escalation outside the selection is ignored',
      ['desktop-user'],
      ['desktop-user', 'customer-cloud-admin'],
      grants('default', 'desktop-user'),
      {
        rolesAdded: [],
        rolesRemoved: [],
        rolesIgnored: ['customer-cloud-admin'],
        rolesUnknown: [],
        rolesSource: 'provider',
        changed: false,
      },
    ],
    [
      'roles outside the selection are kept when not sent',
      ['desktop-user'],
      ['desktop-user'],
      [...grants('default', 'desktop-user'), ...grants('manual', 'org-admin')],
      { rolesAdded: [], rolesRemoved: [], rolesIgnored: [], rolesUnknown: [], rolesSource: 'provider', changed: false },
    ],
    [
      'a held role sent but unmanaged is neither ignored nor changed',
      ['desktop-user'],
      ['org-admin'],
      grants('manual', 'org-admin'),
      { rolesAdded: [], rolesRemoved: [], rolesIgnored: [], rolesUnknown: [], rolesSource: 'provider', changed: false },
    ],
    [
      'unknown names are reported',
      ['desktop-user'],
      ['Wizard'],
      [],
      {
        rolesAdded: [],
        rolesRemoved: [],
        rolesIgnored: [],
        rolesUnknown: ['Wizard'],
        rolesSource: 'provider',
        changed: false,
      },
    ],
    [
      'an empty selection changes nothing',
      [],
      ['proe-user'],
      grants('default', 'desktop-user'),
      {
        rolesAdded: [],
        rolesRemoved: [],
        rolesIgnored: ['proe-user'],
        rolesUnknown: [],
        rolesSource: 'provider',
        changed: false,
      },
    ],
  ];
  for (const [name, managed, sent, held, expected] of cases)
    it(name, () => assert.deepEqual(plan(managed, sent, held), expected));

  it('checkRoleMapping sorts the selection and refuses a role selected twice', () => {
    assert.deepEqual(checkRoleMapping({ method: 'managed', roleIds: ['proe-user', 'desktop-user'] }), {
      ok: true,
      value: { method: 'managed', roleIds: ['desktop-user', 'proe-user'] },
    });
    const dup = checkRoleMapping({ method: 'managed', roleIds: ['proe-user', 'desktop-user', 'proe-user'] });
    assert.equal(dup.ok, false);
    if (!dup.ok) assert.equal(dup.error.field, 'roleIds[2]');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyProfile, type UserProfile } from '../directory/user.ts';
import {
  mappingPlanner,
  planUserMapping,
  resolvedOrgId,
  type MappingSettings,
  type MappingSubject,
  type OrgDirectory,
  type RoleGrant,
  type UserMappingPlan,
} from './mapping-plan.ts';

// A tenant: the root, two group-mapped organizations, an unmapped one and "Sales" (found by name).
const ORGS = new Map<string, { name: string; defaultRoles: string[] }>([
  ['root', { name: 'Acme', defaultRoles: ['desktop-user', 'proe-user'] }],
  ['org-exec', { name: 'Executives', defaultRoles: ['desktop-user', 'proe-user', 'alert-emails'] }],
  ['org-uk', { name: 'UK', defaultRoles: ['desktop-user'] }],
  ['org-unmapped', { name: 'Unmapped', defaultRoles: ['proe-user'] }],
  ['org-sales', { name: 'Sales', defaultRoles: ['desktop-user-no-web-restore'] }],
]);
const DIRECTORY: OrgDirectory = {
  rootOrgId: 'root',
  orgIdByName: (name) => [...ORGS].find(([, o]) => o.name.toLowerCase() === name.toLowerCase())?.[0],
  defaultRoles: (id) => ORGS.get(id)?.defaultRoles ?? [],
};

const ORG_GROUPS: MappingSettings['orgMapping'] = {
  method: 'groups',
  groups: [
    { groupId: 'g-exec', orgId: 'org-exec' },
    { groupId: 'g-uk', orgId: 'org-uk' },
  ],
  unmappedOrgId: 'org-unmapped',
};
const ROLE_GROUPS: MappingSettings['roleMapping'] = {
  method: 'groups',
  groups: [
    { groupId: 'g-exec', roleIds: ['org-manager', 'proe-user'] },
    { groupId: 'g-helpdesk', roleIds: ['org-help-desk'] },
  ],
};
const GROUPS: MappingSettings = { orgMapping: ORG_GROUPS, roleMapping: ROLE_GROUPS };

const grants = (source: string, ...roleIds: string[]): RoleGrant[] => roleIds.map((roleId) => ({ roleId, source }));
const subject = (
  orgId: string,
  groupIds: string[],
  roles: RoleGrant[],
  profile: Partial<UserProfile> = {},
  notInRoleMapping = false,
): MappingSubject => ({
  user: { id: 'u1', orgId, profile: { ...emptyProfile('ada@example.com'), ...profile }, notInRoleMapping },
  groupIds,
  roles,
});
// The plan's fields that vary between cases; the rest is asserted once below.
type Outcome = Pick<
  UserMappingPlan,
  'orgToId' | 'rolesAdded' | 'rolesRemoved' | 'rolesSource' | 'notInRoleMapping' | 'changed'
>;
const outcome = (p: UserMappingPlan): Outcome => ({
  orgToId: p.orgToId,
  rolesAdded: p.rolesAdded,
  rolesRemoved: p.rolesRemoved,
  rolesSource: p.rolesSource,
  notInRoleMapping: p.notInRoleMapping,
  changed: p.changed,
});

describe('planUserMapping (Apply organization and role settings)', () => {
  const cases: [string, MappingSettings, MappingSubject, Outcome][] = [
    [
      // seeds/001 "Apply changes after mapping SCIM groups": provisioned before mappings, root + root defaults
      'pre-mapping user in the root moves to their group organization and mapped roles',
      GROUPS,
      subject('root', ['g-uk', 'g-exec'], grants('default', 'desktop-user', 'proe-user')),
      {
        orgToId: 'org-exec',
        rolesAdded: ['org-manager'],
        rolesRemoved: ['desktop-user'],
        rolesSource: 'mapping',
        notInRoleMapping: false,
        changed: true,
      },
    ],
    [
      'user in no mapped group: unmapped organization, its default roles, Not in Role Mapping',
      GROUPS,
      subject('root', ['other'], grants('default', 'desktop-user', 'proe-user')),
      {
        orgToId: 'org-unmapped',
        rolesAdded: [],
        rolesRemoved: ['desktop-user'],
        rolesSource: 'default',
        notInRoleMapping: true,
        changed: true,
      },
    ],
    [
      // SPEC C3: entering "in no mapped group" is itself a change (one Not in Role Mapping entry)
      'already in place but not yet recorded as in no mapped group: changed (enters the state)',
      GROUPS,
      subject('org-unmapped', [], grants('default', 'proe-user')),
      {
        orgToId: 'org-unmapped',
        rolesAdded: [],
        rolesRemoved: [],
        rolesSource: 'default',
        notInRoleMapping: true,
        changed: true,
      },
    ],
    [
      'already in place and recorded as in no mapped group: nothing changes',
      GROUPS,
      subject('org-unmapped', [], grants('default', 'proe-user'), {}, true),
      {
        orgToId: 'org-unmapped',
        rolesAdded: [],
        rolesRemoved: [],
        rolesSource: 'default',
        notInRoleMapping: true,
        changed: false,
      },
    ],
    [
      'manual grants are kept and never granted twice',
      GROUPS,
      subject(
        'org-exec',
        ['g-exec'],
        [...grants('manual', 'customer-cloud-admin', 'proe-user'), ...grants('mapping', 'org-help-desk')],
      ),
      {
        orgToId: 'org-exec',
        rolesAdded: ['org-manager'],
        rolesRemoved: ['org-help-desk'],
        rolesSource: 'mapping',
        notInRoleMapping: false,
        changed: true,
      },
    ],
    [
      'a role held both manually and by mapping is kept',
      GROUPS,
      subject('org-uk', ['g-uk'], [...grants('manual', 'org-help-desk'), ...grants('mapping', 'org-help-desk')]),
      {
        orgToId: 'org-uk',
        rolesAdded: ['desktop-user'],
        rolesRemoved: [],
        rolesSource: 'default',
        notInRoleMapping: true,
        changed: true,
      },
    ],
    [
      'manual role mapping: roles untouched, only the organization moves',
      { orgMapping: ORG_GROUPS, roleMapping: { method: 'manual' } },
      subject('root', ['g-uk'], grants('default', 'proe-user')),
      {
        orgToId: 'org-uk',
        rolesAdded: [],
        rolesRemoved: [],
        rolesSource: null,
        notInRoleMapping: false,
        changed: true,
      },
    ],
    [
      'orgName naming an existing organization (case-insensitive lookup) takes its defaults',
      { orgMapping: { method: 'orgName', unmappedOrgId: 'org-unmapped' }, roleMapping: ROLE_GROUPS },
      subject('root', [], grants('default', 'desktop-user', 'proe-user'), { orgName: ' sales ' }),
      {
        orgToId: 'org-sales',
        rolesAdded: ['desktop-user-no-web-restore'],
        rolesRemoved: ['desktop-user', 'proe-user'],
        rolesSource: 'default',
        notInRoleMapping: true,
        changed: true,
      },
    ],
    [
      'orgName naming a new organization: created under the root, with the root defaults',
      { orgMapping: { method: 'orgName', unmappedOrgId: 'org-unmapped' }, roleMapping: ROLE_GROUPS },
      subject('root', [], grants('default', 'desktop-user', 'proe-user'), { orgName: 'Paris' }),
      {
        orgToId: null,
        rolesAdded: [],
        rolesRemoved: [],
        rolesSource: 'default',
        notInRoleMapping: true,
        changed: true,
      },
    ],
    [
      'no mapping at all: an existing user stays where an administrator put them',
      { orgMapping: { method: 'none' }, roleMapping: { method: 'manual' } },
      subject('org-uk', ['g-exec'], grants('manual', 'org-admin')),
      {
        orgToId: 'org-uk',
        rolesAdded: [],
        rolesRemoved: [],
        rolesSource: null,
        notInRoleMapping: false,
        changed: false,
      },
    ],
    [
      'single organization: only users still in the root are moved',
      { orgMapping: { method: 'single', orgId: 'org-sales' }, roleMapping: { method: 'manual' } },
      subject('root', [], []),
      {
        orgToId: 'org-sales',
        rolesAdded: [],
        rolesRemoved: [],
        rolesSource: null,
        notInRoleMapping: false,
        changed: true,
      },
    ],
  ];
  for (const [name, settings, given, expected] of cases) {
    it(name, () => assert.deepEqual(outcome(planUserMapping(settings, given, DIRECTORY)), expected));
  }

  it('reports the user, where they come from and the resolution', () => {
    const plan = planUserMapping(GROUPS, subject('root', ['g-uk'], []), DIRECTORY);
    assert.deepEqual(
      {
        userId: plan.userId,
        userName: plan.userName,
        orgFrom: plan.orgFrom,
        orgTo: plan.orgTo,
        orgChanged: plan.orgChanged,
      },
      {
        userId: 'u1',
        userName: 'ada@example.com',
        orgFrom: 'root',
        orgTo: { kind: 'org', orgId: 'org-uk' },
        orgChanged: true,
      },
    );
  });

  it('a planner built once plans many users alike', () => {
    const plan = mappingPlanner(GROUPS, DIRECTORY);
    const a = subject('root', ['g-exec'], []);
    assert.deepEqual(plan(a), planUserMapping(GROUPS, a, DIRECTORY));
  });
});

describe('resolvedOrgId', () => {
  it('maps every resolution to an id, or null for a name not yet created', () => {
    assert.equal(resolvedOrgId({ kind: 'org', orgId: 'o' }, DIRECTORY), 'o');
    assert.equal(resolvedOrgId({ kind: 'unmapped', orgId: 'u' }, DIRECTORY), 'u');
    assert.equal(resolvedOrgId({ kind: 'root' }, DIRECTORY), 'root');
    assert.equal(resolvedOrgId({ kind: 'byName', name: 'UK' }, DIRECTORY), 'org-uk');
    assert.equal(resolvedOrgId({ kind: 'byName', name: 'Nowhere' }, DIRECTORY), null);
  });
});

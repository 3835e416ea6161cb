import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkRoleMapping,
  resolveRoles,
  type RoleMappingConfig,
  type RoleMappingInput,
  type RoleResolution,
} from './role-mapping.ts';

// seeds/001 Step 7: groups map to one or more catalogue roles.
const GROUPS: RoleMappingConfig = {
  method: 'groups',
  groups: [
    { groupId: 'g-staff', roleIds: ['proe-user', 'desktop-user'] },
    { groupId: 'g-helpdesk', roleIds: ['org-help-desk', 'proe-user', 'desktop-user'] },
    { groupId: 'g-legal', roleIds: ['org-legal-admin'] },
    { groupId: 'g-empty', roleIds: [] },
  ],
};
const DEFAULTS = ['proe-user', 'desktop-user'];
const input = (groupIds: string[], orgDefaultRoles: string[] = DEFAULTS): RoleMappingInput => ({
  groupIds,
  orgDefaultRoles,
});

describe('resolveRoles (SPEC C3 role mapping)', () => {
  const cases: [string, RoleMappingConfig, RoleMappingInput, RoleResolution][] = [
    ['manual: nothing to do', { method: 'manual' }, input(['g-staff']), { kind: 'manual' }],
    ['manual: even in no group', { method: 'manual' }, input([]), { kind: 'manual' }],
    ['one mapped group', GROUPS, input(['g-legal']), { kind: 'mapped', roleIds: ['org-legal-admin'] }],
    ['roles sorted', GROUPS, input(['g-staff']), { kind: 'mapped', roleIds: ['desktop-user', 'proe-user'] }],
    [
      'union across groups, duplicates once',
      GROUPS,
      input(['g-staff', 'g-helpdesk', 'g-legal']),
      { kind: 'mapped', roleIds: ['desktop-user', 'org-help-desk', 'org-legal-admin', 'proe-user'] },
    ],
    [
      'unmapped groups add nothing',
      GROUPS,
      input(['other', 'g-legal']),
      { kind: 'mapped', roleIds: ['org-legal-admin'] },
    ],
    [
      'a mapped group without roles still counts as mapped',
      GROUPS,
      input(['g-empty']),
      { kind: 'mapped', roleIds: [] },
    ],
    [
      'no mapped group → default roles + Not in Role Mapping',
      GROUPS,
      input(['other']),
      { kind: 'default', roleIds: ['desktop-user', 'proe-user'], notInRoleMapping: true },
    ],
    [
      'no group at all → default roles',
      GROUPS,
      input([]),
      { kind: 'default', roleIds: ['desktop-user', 'proe-user'], notInRoleMapping: true },
    ],
    [
      'defaults deduplicated',
      GROUPS,
      input([], ['b', 'a', 'b']),
      { kind: 'default', roleIds: ['a', 'b'], notInRoleMapping: true },
    ],
    ['organization without defaults', GROUPS, input([], []), { kind: 'default', roleIds: [], notInRoleMapping: true }],
    [
      'no mappings yet → default roles',
      { method: 'groups', groups: [] },
      input(['g-staff']),
      { kind: 'default', roleIds: ['desktop-user', 'proe-user'], notInRoleMapping: true },
    ],
  ];
  for (const [name, config, given, expected] of cases) {
    it(name, () => assert.deepEqual(resolveRoles(config, given), expected));
  }
});

describe('checkRoleMapping', () => {
  it('accepts manual and well-formed group mappings', () => {
    assert.equal(checkRoleMapping({ method: 'manual' }).ok, true);
    assert.equal(
      checkRoleMapping({ method: 'groups', groups: GROUPS.method === 'groups' ? GROUPS.groups.slice(0, 3) : [] }).ok,
      true,
    );
  });

  it('refuses a group mapped twice or without roles, naming the field', () => {
    assert.deepEqual(
      checkRoleMapping({
        method: 'groups',
        groups: [
          { groupId: 'g', roleIds: ['a'] },
          { groupId: 'g', roleIds: ['b'] },
        ],
      }),
      {
        ok: false,
        error: { field: 'groups[1].groupId', detail: 'group g is mapped twice' },
      },
    );
    assert.deepEqual(checkRoleMapping({ method: 'groups', groups: [{ groupId: 'g', roleIds: [] }] }), {
      ok: false,
      error: { field: 'groups[0].roleIds', detail: 'a mapped group needs at least one role' },
    });
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyProfile, type UserProfile } from '../directory/user.ts';
import {
  checkOrgMapping,
  orgResolver,
  resolveOrganization,
  type OrgMappingConfig,
  type OrgMappingInput,
  type OrgResolution,
} from './org-mapping.ts';

const profile = (over: Partial<UserProfile> = {}): UserProfile => ({ ...emptyProfile('u@example.com'), ...over });
const input = (
  over: Partial<UserProfile> = {},
  groupIds: string[] = [],
  current?: OrgMappingInput['current'],
): OrgMappingInput => ({
  profile: profile(over),
  groupIds,
  ...(current ? { current } : {}),
});

// seeds/002 "Custom SCIM mapping": executives take priority over the UK group.
const GROUPS: OrgMappingConfig = {
  method: 'groups',
  groups: [
    { groupId: 'g-exec', orgId: 'org-exec' },
    { groupId: 'g-uk', orgId: 'org-uk' },
    { groupId: 'g-us', orgId: 'org-us' },
  ],
  unmappedOrgId: 'org-unmapped',
};
const ORG_NAME: OrgMappingConfig = { method: 'orgName', unmappedOrgId: 'org-unmapped' };
const OFFICE: OrgMappingConfig = { method: 'attribute', path: 'office', unmappedOrgId: 'org-unmapped' };
const WORK_CITY: OrgMappingConfig = {
  method: 'attribute',
  path: 'addresses[type eq "work"].locality',
  unmappedOrgId: 'org-unmapped',
};
const CUSTOM_EXT: OrgMappingConfig = {
  method: 'attribute',
  path: 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute',
  unmappedOrgId: 'org-unmapped',
};
const workAddress = (locality: string | null) => ({
  type: 'work',
  primary: false,
  formatted: null,
  streetAddress: null,
  locality,
  region: null,
  postalCode: null,
  country: null,
});

const UNMAPPED: OrgResolution = { kind: 'unmapped', orgId: 'org-unmapped' };
const byName = (name: string): OrgResolution => ({ kind: 'byName', name });
const org = (orgId: string): OrgResolution => ({ kind: 'org', orgId });

describe('resolveOrganization (SPEC C3)', () => {
  const cases: [string, OrgMappingConfig, OrgMappingInput, OrgResolution][] = [
    // none: users land in the root organization; existing users stay where they are
    ['none, new user → root', { method: 'none' }, input(), { kind: 'root' }],
    [
      'none, existing user stays',
      { method: 'none' },
      input({}, [], { orgId: 'org-a', rootOrgId: 'root' }),
      org('org-a'),
    ],
    // single: every new user; existing users only from the root
    [
      'single, new user',
      { method: 'single', orgId: 'org-all' },
      input({ orgName: 'Ignored' }, ['g-exec']),
      org('org-all'),
    ],
    [
      'single, existing user in the root is moved',
      { method: 'single', orgId: 'org-all' },
      input({}, [], { orgId: 'root', rootOrgId: 'root' }),
      org('org-all'),
    ],
    [
      'single, existing user moved by an administrator stays',
      { method: 'single', orgId: 'org-all' },
      input({}, [], { orgId: 'org-b', rootOrgId: 'root' }),
      org('org-b'),
    ],
    // orgName (c42OrgName normalised by the SCIM layer)
    ['orgName names the organization', ORG_NAME, input({ orgName: 'Sales' }), byName('Sales')],
    ['orgName is trimmed', ORG_NAME, input({ orgName: '  Sales EMEA \t' }), byName('Sales EMEA')],
    ['orgName absent → unmapped', ORG_NAME, input(), UNMAPPED],
    ['orgName blank → unmapped', ORG_NAME, input({ orgName: '' }), UNMAPPED],
    ['orgName whitespace → unmapped', ORG_NAME, input({ orgName: '   ' }), UNMAPPED],
    ['orgName ignores other attributes', ORG_NAME, input({ department: 'R&D' }), UNMAPPED],
    [
      'orgName moves existing users too',
      ORG_NAME,
      input({ orgName: 'Sales' }, [], { orgId: 'org-b', rootOrgId: 'root' }),
      byName('Sales'),
    ],
    // custom attribute
    ['attribute: top-level custom attribute', OFFICE, input({ extra: { office: 'Paris' } }), byName('Paris')],
    ['attribute: case-insensitive key', OFFICE, input({ extra: { Office: ' Paris ' } }), byName('Paris')],
    ['attribute: missing → unmapped', OFFICE, input(), UNMAPPED],
    ['attribute: blank → unmapped', OFFICE, input({ extra: { office: ' ' } }), UNMAPPED],
    ['attribute: null → unmapped', OFFICE, input({ extra: { office: null } }), UNMAPPED],
    ['attribute: object → unmapped', OFFICE, input({ extra: { office: { city: 'Paris' } } }), UNMAPPED],
    ['attribute: number is stringified', OFFICE, input({ extra: { office: 42 } }), byName('42')],
    ['attribute: value path', WORK_CITY, input({ addresses: [workAddress('London')] }), byName('London')],
    [
      'attribute: value path, no match → unmapped',
      WORK_CITY,
      input({ addresses: [{ ...workAddress('Leeds'), type: 'home' }] }),
      UNMAPPED,
    ],
    [
      'attribute: value path, null sub-attribute → unmapped',
      WORK_CITY,
      input({ addresses: [workAddress(null)] }),
      UNMAPPED,
    ],
    [
      'attribute: extension object',
      CUSTOM_EXT,
      input({
        extra: { 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User': { CustomAttribute: 'Berlin' } },
      }),
      byName('Berlin'),
    ],
    [
      'attribute: flat extension key',
      CUSTOM_EXT,
      input({
        extra: { 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute': 'Berlin' },
      }),
      byName('Berlin'),
    ],
    [
      'attribute: enterprise department',
      { ...OFFICE, path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department' },
      input({ department: 'R&D' }),
      byName('R&D'),
    ],
    [
      'attribute: case-insensitive path',
      { ...OFFICE, path: 'DePaRtMeNt' },
      input({ department: 'R&D' }),
      byName('R&D'),
    ],
    [
      'attribute: a stored path that no longer parses → unmapped',
      { ...OFFICE, path: 'addresses[type eq' },
      input({ extra: { office: 'Paris' } }),
      UNMAPPED,
    ],
    // SCIM groups, priority order: the first mapped group the user is in wins
    ['groups: one mapped group', GROUPS, input({}, ['g-uk']), org('org-uk')],
    ['groups: exec outranks UK whatever the membership order', GROUPS, input({}, ['g-uk', 'g-exec']), org('org-exec')],
    ['groups: UK outranks US', GROUPS, input({}, ['g-us', 'other', 'g-uk']), org('org-uk')],
    ['groups: unmapped groups are skipped', GROUPS, input({}, ['other', 'g-us']), org('org-us')],
    ['groups: no mapped group → unmapped', GROUPS, input({}, ['other']), UNMAPPED],
    ['groups: no group at all → unmapped', GROUPS, input(), UNMAPPED],
    ['groups: no mappings yet → unmapped', { ...GROUPS, groups: [] }, input({}, ['g-exec']), UNMAPPED],
    ['groups: orgName is not consulted', GROUPS, input({ orgName: 'Sales' }), UNMAPPED],
  ];
  for (const [name, config, given, expected] of cases) {
    it(name, () => assert.deepEqual(resolveOrganization(config, given), expected));
  }

  it('orgResolver gives the same answers for many users', () => {
    const resolve = orgResolver(WORK_CITY);
    assert.deepEqual(
      ['A', 'B', null].map((city) => resolve(input({ addresses: [workAddress(city)] }))),
      [byName('A'), byName('B'), UNMAPPED],
    );
  });
});

describe('checkOrgMapping', () => {
  it('accepts every valid method', () => {
    for (const config of [
      { method: 'none' },
      { method: 'single', orgId: 'o' },
      ORG_NAME,
      OFFICE,
      WORK_CITY,
      CUSTOM_EXT,
      GROUPS,
    ] as OrgMappingConfig[]) {
      assert.equal(checkOrgMapping(config).ok, true, config.method);
    }
  });

  it('stores the path trimmed', () => {
    const checked = checkOrgMapping({ ...OFFICE, path: '  office ' });
    assert.ok(checked.ok);
    assert.deepEqual(checked.value, { ...OFFICE, path: 'office' });
  });

  it('refuses a bad path, naming the field', () => {
    assert.deepEqual(checkOrgMapping({ ...OFFICE, path: 'password' }), {
      ok: false,
      error: {
        field: 'path',
        detail: '"password" cannot be mapped to an organization: it is write-only and never stored',
      },
    });
  });

  it('refuses a group mapped twice', () => {
    const twice: OrgMappingConfig = {
      method: 'groups',
      groups: [
        { groupId: 'g', orgId: 'a' },
        { groupId: 'g', orgId: 'b' },
      ],
      unmappedOrgId: 'u',
    };
    assert.deepEqual(checkOrgMapping(twice), {
      ok: false,
      error: { field: 'groups[1].groupId', detail: 'group g is mapped twice' },
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_ROLE_IDS } from '../../src/core/auth/principal.js';
import { ROLES_CATALOGUE } from '../../src/core/directory/roles-catalogue.js';
import type { User } from '../../src/core/directory/user.js';
import { DIALECTS } from '../helpers/databases.js';
import { insertUser, tokenFor } from '../helpers/principals.js';
import { http, startServer, type TestServer } from '../helpers/server.js';

// SPEC C6, issue 14 item 6: for every role of the catalogue, the calls its holder may and may not
// make. The holder sits in organization A (children: A1); B is A's sibling. Roles that the seed says
// to assign "in conjunction with a role that has access to the administration console" are held
// with PROe User (console sign-in and nothing else); the others alone.

type Probe =
  | 'me'
  | 'token'
  | 'orgs'
  | 'readA1'
  | 'readB'
  | 'listUsers'
  | 'providerNames'
  | 'blockA1'
  | 'blockB'
  | 'deactivateA1'
  | 'createOrg'
  | 'orgSettings'
  | 'device'
  | 'providers'
  | 'syncLog'
  | 'auditLog'
  | 'legalHolds'
  | 'mfaResetA1'
  | 'mfaResetB';

const PROBES: readonly Probe[] = [
  'me',
  'token',
  'orgs',
  'readA1',
  'readB',
  'listUsers',
  'providerNames',
  'blockA1',
  'blockB',
  'deactivateA1',
  'createOrg',
  'orgSettings',
  'device',
  'providers',
  'syncLog',
  'auditLog',
  'legalHolds',
  'mfaResetA1',
  'mfaResetB',
];

const CONSOLE_ONLY: Probe[] = ['me', 'token'];
// Whoever may read users sees which provider owns them (names only; the settings are 'providers').
const READER_ALL: Probe[] = [...CONSOLE_ONLY, 'orgs', 'readA1', 'readB', 'listUsers', 'providerNames'];
const READER_SUBTREE: Probe[] = [...CONSOLE_ONLY, 'orgs', 'readA1', 'listUsers', 'providerNames'];
const ADMIN_WRITES: Probe[] = ['blockA1', 'deactivateA1', 'createOrg', 'orgSettings', 'device'];

/** What each role may do; every probe not listed must be refused (the status is in REFUSALS). */
const ALLOWED: Record<string, Probe[]> = {
  'admin-restore': CONSOLE_ONLY,
  'admin-restore-limited': CONSOLE_ONLY,
  'alert-emails': CONSOLE_ONLY,
  'cross-org-admin': [...READER_ALL, ...ADMIN_WRITES, 'blockB'],
  // No "Update settings" bullet: no block (a user change) and no organization settings.
  'cross-org-admin-no-restore': [...READER_ALL, 'deactivateA1', 'createOrg', 'device'],
  'cross-org-help-desk': READER_ALL,
  'cross-org-legal-admin': [...CONSOLE_ONLY, 'legalHolds'],
  'cross-org-manager': READER_ALL,
  'cross-org-security-viewer': CONSOLE_ONLY,
  'cross-org-user-modify': [...CONSOLE_ONLY, 'readA1', 'readB', 'listUsers', 'providerNames', 'blockA1', 'blockB'],
  'customer-cloud-admin': [
    ...READER_ALL,
    ...ADMIN_WRITES,
    'blockB',
    'providers',
    'syncLog',
    'auditLog',
    'mfaResetA1',
    'mfaResetB',
  ],
  'desktop-user': [],
  'desktop-user-no-web-restore': [],
  'multi-factor-auth-admin': [...CONSOLE_ONLY, 'mfaResetA1'],
  'org-admin': [...READER_SUBTREE, ...ADMIN_WRITES],
  'org-admin-no-web-restore': [...READER_SUBTREE, ...ADMIN_WRITES],
  'org-help-desk': READER_SUBTREE,
  'org-legal-admin': [...CONSOLE_ONLY, 'legalHolds'],
  'org-manager': READER_SUBTREE,
  'org-security-viewer': CONSOLE_ONLY,
  'proe-user': CONSOLE_ONLY,
  'pro-online-admin': CONSOLE_ONLY,
  'push-restore': CONSOLE_ONLY,
  'remote-file-selection': CONSOLE_ONLY,
  'security-center-user': CONSOLE_ONLY,
  'user-modify': [...CONSOLE_ONLY, 'readA1', 'listUsers', 'providerNames', 'blockA1'],
};

/**
 * Refusals that are 404, not 403: the caller holds the permission, but not over B, and cannot see
 * B's users at all, so B's user answers as if it did not exist (existence does not leak).
 */
const HIDDEN: Record<string, Probe[]> = {
  'org-admin': ['readB', 'blockB'],
  'org-admin-no-web-restore': ['readB', 'blockB'],
  'org-help-desk': ['readB'],
  'org-manager': ['readB'],
  'user-modify': ['readB', 'blockB'],
  // mfa.manage over A's subtree only, and no users.read: B's users do not exist for it.
  'multi-factor-auth-admin': ['mfaResetB'],
};

interface Fixture {
  orgA: string;
  orgA1: string;
  orgB: string;
  userA1: User;
  userB: User;
  deactA1: User;
}

function request(s: TestServer, fx: Fixture, probe: Probe, n: number): [string, string, unknown?] {
  switch (probe) {
    case 'me':
      return ['GET', '/me'];
    case 'token':
      return ['POST', '/api-tokens', { name: `automation ${n}` }];
    case 'orgs':
      return ['GET', '/organizations'];
    case 'readA1':
      return ['GET', `/users/${fx.userA1.id}`];
    case 'readB':
      return ['GET', `/users/${fx.userB.id}`];
    case 'listUsers':
      return ['GET', '/users'];
    case 'providerNames':
      return ['GET', '/provider-names'];
    case 'blockA1':
      return ['POST', `/users/${fx.userA1.id}/block`];
    case 'blockB':
      return ['POST', `/users/${fx.userB.id}/block`];
    case 'deactivateA1':
      return ['POST', `/users/${fx.deactA1.id}/deactivate`];
    case 'createOrg':
      return ['POST', '/organizations', { name: `Child ${n}`, parentId: fx.orgA }];
    case 'orgSettings':
      return ['PATCH', `/organizations/${fx.orgA1}`, { coldStorageDays: 30 + n }];
    case 'device':
      return ['POST', `/users/${fx.userA1.id}/devices`, { name: `Laptop ${n}`, os: 'macOS' }];
    case 'providers':
      return ['GET', '/providers'];
    case 'syncLog':
      return ['GET', '/sync-log'];
    case 'auditLog':
      return ['GET', '/audit-log'];
    case 'legalHolds':
      return ['GET', '/legal-holds'];
    case 'mfaResetA1':
      return ['DELETE', `/users/${fx.userA1.id}/mfa`];
    case 'mfaResetB':
      return ['DELETE', `/users/${fx.userB.id}/mfa`];
  }
}

// An allowed MFA reset of a user without MFA passes every check and finds nothing to reset.
const SUCCESS: Partial<Record<Probe, number>> = {
  token: 201,
  createOrg: 201,
  device: 201,
  mfaResetA1: 409,
  mfaResetB: 409,
};

for (const dialect of DIALECTS) {
  describe(`role permissions by scope on ${dialect}`, () => {
    let s: TestServer;
    let fx: Fixture;
    before(async () => {
      s = await startServer(dialect);
      const org = async (name: string, parentId?: string) => {
        const res = await s.admin('POST', '/organizations', { name, ...(parentId ? { parentId } : {}) });
        assert.equal(res.status, 201, res.text);
        return res.body.id as string;
      };
      const orgA = await org('A');
      const orgA1 = await org('A1', orgA);
      const orgB = await org('B');
      const user = (userName: string, orgId: string) => insertUser(s.roster, { userName, orgId });
      fx = {
        orgA,
        orgA1,
        orgB,
        userA1: await user('a1@example.com', orgA1),
        userB: await user('b@example.com', orgB),
        deactA1: await user('leaver@example.com', orgA1),
      };
    });
    after(async () => s.close());

    test('the table names every role of the catalogue', () => {
      assert.deepEqual(Object.keys(ALLOWED).sort(), ROLES_CATALOGUE.map((r) => r.id).sort());
    });

    let n = 0;
    for (const role of ROLES_CATALOGUE) {
      test(`${role.name}: allowed ${(ALLOWED[role.id] ?? []).join(', ') || 'nothing'}`, async () => {
        const alone = CONSOLE_ROLE_IDS.has(role.id) || role.id.startsWith('desktop-user');
        const holder = await insertUser(s.roster, {
          userName: `${role.id}@example.com`,
          orgId: fx.orgA,
          roleIds: alone ? [role.id] : [role.id, 'proe-user'],
        });
        const token = await tokenFor(s.roster, holder);
        const allowed = new Set(ALLOWED[role.id]);
        for (const probe of PROBES) {
          n += 1;
          const [method, path, body] = request(s, fx, probe, n);
          const res = await http(method, `${s.url}/api/v1${path}`, body, {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          });
          const want = allowed.has(probe) ? (SUCCESS[probe] ?? 200) : HIDDEN[role.id]?.includes(probe) ? 404 : 403;
          assert.equal(res.status, want, `${role.id} ${probe}: ${method} ${path} → ${res.status} ${res.text}`);
          if (want === 403) {
            assert.equal(res.body.code, 'auth.forbidden');
            assert.match(String(res.body.permission), /^[a-z_]+\.[a-z_]+$/, 'a 403 names the permission');
          }
        }
      });
    }

    test('an Org Admin of A lists the users of A and its children only', async () => {
      const holder = await insertUser(s.roster, {
        userName: 'lister@example.com',
        orgId: fx.orgA,
        roleIds: ['org-admin'],
      });
      const res = await http('GET', `${s.url}/api/v1/users?limit=500`, undefined, {
        authorization: `Bearer ${await tokenFor(s.roster, holder)}`,
      });
      assert.equal(res.status, 200);
      const orgs = new Set(res.body.users.map((u: { orgId: string }) => u.orgId));
      assert.ok(orgs.has(fx.orgA1) && !orgs.has(fx.orgB), JSON.stringify([...orgs]));
      const tree = await http('GET', `${s.url}/api/v1/organizations`, undefined, {
        authorization: `Bearer ${await tokenFor(s.roster, holder)}`,
      });
      assert.deepEqual(
        tree.body.organizations.map((o: { name: string }) => o.name),
        ['A'],
        'the tree starts at their organization',
      );
    });

    test('an Org Admin reads the providers by name only: no settings, no credentials', async () => {
      const created = await s.admin('POST', '/providers', { name: 'Contoso Entra' });
      assert.equal(created.status, 201, created.text);
      const holder = await insertUser(s.roster, {
        userName: 'namer@example.com',
        orgId: fx.orgA,
        roleIds: ['org-admin'],
      });
      const auth = { authorization: `Bearer ${await tokenFor(s.roster, holder)}` };
      const res = await http('GET', `${s.url}/api/v1/provider-names`, undefined, auth);
      assert.equal(res.status, 200, res.text);
      const mine = res.body.providers.find((p: { id: string }) => p.id === created.body.provider.id);
      assert.deepEqual(mine, { id: created.body.provider.id, name: 'Contoso Entra', type: 'scim' });
      const full = await http('GET', `${s.url}/api/v1/providers/${created.body.provider.id}`, undefined, auth);
      assert.equal(full.status, 403, 'the provider itself stays identity management’s');
    });

    test('an Org Admin cannot hand out a role wider than their own (403 naming the permission)', async () => {
      const holder = await insertUser(s.roster, {
        userName: 'escalator@example.com',
        orgId: fx.orgA,
        roleIds: ['org-admin'],
      });
      const auth = { authorization: `Bearer ${await tokenFor(s.roster, holder)}`, 'content-type': 'application/json' };
      const up = await http(
        'PUT',
        `${s.url}/api/v1/users/${holder.id}/roles`,
        { roleIds: ['customer-cloud-admin'] },
        auth,
      );
      assert.equal(up.status, 403, up.text);
      assert.equal(up.body.permission, 'users.read');
      const ok = await http(
        'PUT',
        `${s.url}/api/v1/users/${fx.userA1.id}/roles`,
        { roleIds: ['desktop-user', 'proe-user'] },
        auth,
      );
      assert.equal(ok.status, 200, ok.text);
    });

    test('the roles catalogue says which roles the caller may assign: the same rule as the role change', async () => {
      const holder = await insertUser(s.roster, {
        userName: 'picker@example.com',
        orgId: fx.orgA,
        roleIds: ['org-admin'],
      });
      const auth = { authorization: `Bearer ${await tokenFor(s.roster, holder)}` };
      const mine = await http('GET', `${s.url}/api/v1/roles`, undefined, auth);
      assert.equal(mine.status, 200, mine.text);
      const assignable = new Map<string, boolean>(mine.body.roles.map((r: any) => [r.id, r.assignable]));
      assert.equal(assignable.get('desktop-user'), true);
      assert.equal(assignable.get('proe-user'), true);
      assert.equal(assignable.get('org-admin'), true);
      assert.equal(assignable.get('customer-cloud-admin'), false);
      // Every role the catalogue offers as assignable is accepted by PUT /users/{id}/roles, and none other.
      for (const [roleId, may] of assignable) {
        const res = await http(
          'PUT',
          `${s.url}/api/v1/users/${fx.userA1.id}/roles`,
          { roleIds: ['desktop-user', roleId] },
          { ...auth, 'content-type': 'application/json' },
        );
        assert.equal(res.status, may ? 200 : 403, `${roleId}: ${res.text}`);
      }
      const admin = await s.admin('GET', '/roles');
      assert.ok(
        admin.body.roles.every((r: any) => r.assignable === true),
        'a Customer Cloud Admin assigns every role',
      );
    });
  });
}

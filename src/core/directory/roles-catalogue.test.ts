import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  PERMISSIONS,
  ROLES_CATALOGUE,
  findRoleByName,
  hasPermission,
  type Permission,
  type RoleDefinition,
  type RoleScope,
} from './roles-catalogue.ts';

// Read by hand from the "Roles reference" table in seeds/002, in table order.
const SEED_ROLE_NAMES = [
  'Admin Restore',
  'Admin Restore Limited',
  'Alert Emails',
  'Cross Org Admin',
  'Cross Org Admin - No Restore',
  'Cross Org Help Desk',
  'Cross Org Legal Admin',
  'Cross Org Manager',
  'Cross Org Security Viewer',
  'Cross Org User Modify',
  'Customer Cloud Admin',
  'Desktop User',
  'Desktop User - No Web Restore',
  'Multi-Factor Auth Admin',
  'Org Admin',
  'Org Admin - No Web Restore',
  'Org Help Desk',
  'Org Legal Admin',
  'Org Manager',
  'Org Security Viewer',
  'PROe User',
  'PRO-Online Admin',
  'Push Restore',
  'Remote File Selection',
  'Security Center User',
  'User Modify',
];

// Permissions that change the directory or its configuration (SPEC C6: a help desk
// "reads but never changes").
const WRITE_PERMISSIONS: readonly Permission[] = [
  'users.update',
  'users.create_deactivate',
  'devices.create_deactivate',
  'organizations.create_deactivate',
  'settings.update',
  'legal_hold.manage',
  'mfa.manage',
  'identity_management.manage',
];

function role(name: string): RoleDefinition {
  const found = findRoleByName(name);
  assert.ok(found, `role ${name} is in the catalogue`);
  return found;
}

describe('roles catalogue (seeds/002 Roles reference)', () => {
  it('lists every seed role exactly once, in table order', () => {
    assert.deepEqual(
      ROLES_CATALOGUE.map((r) => r.name),
      SEED_ROLE_NAMES,
    );
  });

  it('gives every role a unique kebab-case id', () => {
    const ids = ROLES_CATALOGUE.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has a duplicate-free vocabulary in which every permission is granted by some role', () => {
    assert.equal(new Set(PERMISSIONS).size, PERMISSIONS.length);
    for (const permission of PERMISSIONS) {
      assert.ok(hasPermission(ROLES_CATALOGUE, permission), `${permission} is granted somewhere`);
    }
    for (const r of ROLES_CATALOGUE) {
      assert.equal(new Set(r.permissions).size, r.permissions.length, `${r.name} has no repeats`);
    }
  });

  it('lets only Customer Cloud Admin manage identity management (SPEC C6)', () => {
    const holders = ROLES_CATALOGUE.filter((r) => r.permissions.includes('identity_management.manage'));
    assert.deepEqual(
      holders.map((r) => r.name),
      ['Customer Cloud Admin'],
    );
  });

  it('keeps Cross Org Help Desk read-only', () => {
    const helpDesk = role('Cross Org Help Desk');
    for (const permission of WRITE_PERMISSIONS) {
      assert.equal(helpDesk.permissions.includes(permission), false, `no ${permission}`);
    }
    assert.deepEqual([...helpDesk.permissions].sort(), [
      'client.backup',
      'devices.read',
      'organizations.read',
      'reporting.view',
      'restore.push_to_source',
      'users.read',
    ]);
  });

  it('lets User Modify update but not add or deactivate users', () => {
    for (const name of ['User Modify', 'Cross Org User Modify']) {
      const r = role(name);
      assert.ok(r.permissions.includes('users.update'));
      assert.equal(r.permissions.includes('users.create_deactivate'), false);
    }
  });

  it('grants console sign-in only through PROe User', () => {
    const holders = ROLES_CATALOGUE.filter((r) => r.permissions.includes('console.sign_in'));
    assert.deepEqual(
      holders.map((r) => r.name),
      ['PROe User'],
    );
    assert.deepEqual(role('Desktop User').permissions, ['client.backup', 'client.web_restore']);
  });

  it('withholds restores from the no-restore variants', () => {
    const restores: readonly Permission[] = [
      'restore.push',
      'restore.push_to_source',
      'restore.web_for_others',
      'restore.for_others',
    ];
    for (const name of ['Cross Org Admin - No Restore', 'Org Admin - No Web Restore']) {
      for (const permission of restores) assert.equal(hasPermission([role(name)], permission), false);
    }
    assert.equal(hasPermission([role('Desktop User - No Web Restore')], 'client.web_restore'), false);
  });

  it('scopes roles as the seed column says', () => {
    const expected: Record<string, RoleScope> = {
      'Cross Org Admin': 'all_organizations',
      'Customer Cloud Admin': 'all_organizations',
      'Push Restore': 'all_organizations',
      'Org Admin': 'organization_subtree',
      'Org Legal Admin': 'organization_subtree',
      'Multi-Factor Auth Admin': 'organization_subtree',
      'User Modify': 'organization_subtree',
      'Desktop User': 'assigned_user',
      'PROe User': 'assigned_user',
    };
    for (const [name, scope] of Object.entries(expected)) assert.equal(role(name).scope, scope, name);
    assert.deepEqual(role('Multi-Factor Auth Admin').permissions, ['mfa.manage']);
  });

  it('marks only PRO-Online Admin as deprecated', () => {
    const deprecated = ROLES_CATALOGUE.filter((r) => r.deprecated === true);
    assert.deepEqual(
      deprecated.map((r) => r.name),
      ['PRO-Online Admin'],
    );
  });

  it('finds roles by name case-insensitively', () => {
    assert.equal(findRoleByName('customer cloud admin')?.id, 'customer-cloud-admin');
    assert.equal(findRoleByName('PROE USER')?.id, 'proe-user');
    assert.equal(findRoleByName('  org admin - no web restore ')?.id, 'org-admin-no-web-restore');
    assert.equal(findRoleByName('Org Admin')?.id, 'org-admin');
    assert.equal(findRoleByName('Super Admin'), undefined);
  });

  it('checks permissions across several roles', () => {
    const roles = [role('PROe User'), role('Org Help Desk')];
    assert.equal(hasPermission(roles, 'console.sign_in'), true);
    assert.equal(hasPermission(roles, 'users.read'), true);
    assert.equal(hasPermission(roles, 'users.update'), false);
    assert.equal(hasPermission([], 'users.read'), false);
  });

  it('is frozen so callers cannot alter the catalogue', () => {
    assert.ok(Object.isFrozen(ROLES_CATALOGUE));
    assert.ok(Object.isFrozen(role('Org Admin')));
    assert.ok(Object.isFrozen(role('Org Admin').permissions));
  });
});

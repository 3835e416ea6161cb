import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap } from '../../src/core/directory/bootstrap.js';
import { ROLES_CATALOGUE } from '../../src/core/directory/roles-catalogue.js';
import type { GroupMember } from '../../src/core/directory/group.js';
import { emptyProfile, type User } from '../../src/core/directory/user.js';
import { isDomainError } from '../../src/core/errors.js';
import type { Repositories, Store } from '../../src/core/ports.js';
import type { Db } from '../../src/storage/db.js';
import { createStore } from '../../src/storage/store.js';
import { DIALECTS, openMigratedDatabase } from '../helpers/databases.js';
import { FakeClock } from '../helpers/server.js';

let seq = 0;
const ids = { newId: () => `id-${++seq}` };

function user(tenantId: string, orgId: string, userName: string, over: Partial<User> = {}): User {
  const profile = {
    ...emptyProfile(userName),
    name: { ...emptyProfile(userName).name, givenName: 'Élodie', familyName: "O'Brien" },
  };
  profile.multi.emails = [
    { value: userName, type: 'work', primary: true, display: null },
    { value: 'home@example.com', type: 'home', primary: false, display: 'Home' },
  ];
  profile.addresses = [
    {
      type: 'work',
      primary: true,
      formatted: null,
      streetAddress: '1 Main St',
      locality: 'Berlin',
      region: 'BE',
      postalCode: '10115',
      country: 'DE',
    },
  ];
  profile.extra = { office: 'HQ', 'urn:example:ext': { badge: 7 } };
  return {
    id: ids.newId(),
    tenantId,
    providerId: null,
    orgId,
    status: 'active',
    adminBlocked: false,
    deactivationState: null,
    deactivatedAt: null,
    scimActive: true,
    managerId: null,
    pendingManager: null,
    notInRoleMapping: false,
    removedAt: null,
    version: 1,
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:00:00.000Z',
    profile,
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`repositories on ${dialect}`, () => {
    let dispose: () => Promise<void>;
    let store: Store;
    const write = <T>(fn: (tx: Repositories) => Promise<T>): Promise<T> => store.transaction(fn);
    let kysely: Db['kysely'];
    let tenantId: string;
    let rootId: string;
    before(async () => {
      const t = await openMigratedDatabase(dialect);
      dispose = t.dispose;
      kysely = t.db.kysely;
      store = createStore(t.db);
      tenantId = (await bootstrap(store, new FakeClock(), ids)).tenantId;
      rootId = (await store.repos.organizations.findRoot(tenantId))!.id;
    });
    after(async () => dispose());

    test('bootstrap is idempotent and stores the whole roles catalogue as data', async () => {
      const again = await bootstrap(store, new FakeClock(), ids);
      assert.equal(again.created, false);
      assert.equal(again.tenantId, tenantId);
      const rows = await kysely.selectFrom('roles').selectAll().orderBy('id').execute();
      assert.equal(rows.length, ROLES_CATALOGUE.length);
      const cca = rows.find((r) => r.name === 'Customer Cloud Admin');
      assert.ok(cca && JSON.parse(cca.permissions).includes('identity_management.manage'));
      assert.equal(cca.scope, 'all_organizations');
    });

    test('a user round-trips through its row and value rows unchanged', async () => {
      const u = user(tenantId, rootId, 'Round.Trip@Example.com');
      await write((tx) => tx.users.insert(u));
      const back = await store.repos.users.findById(tenantId, u.id);
      assert.deepEqual(back, u);
      const byName = await store.repos.users.findByUserName(tenantId, 'round.trip@example.COM');
      assert.equal(byName?.id, u.id, 'userName lookup is case-insensitive');
      assert.equal(
        await store.repos.users.findById('other-tenant', u.id),
        undefined,
        'every query is scoped by tenant',
      );
    });

    test('a unique violation becomes the domain error, on both databases', async () => {
      await write((tx) => tx.users.insert(user(tenantId, rootId, 'dup@example.com')));
      await assert.rejects(
        write((tx) => tx.users.insert(user(tenantId, rootId, 'DUP@example.com'))),
        (e) => isDomainError(e, 'user.username_taken'),
      );
    });

    test('update is optimistic: a stale version writes nothing', async () => {
      const u = user(tenantId, rootId, 'versioned@example.com');
      await write((tx) => tx.users.insert(u));
      const next = { ...u, version: 2, profile: { ...u.profile, title: 'Engineer' } };
      assert.equal(await write((tx) => tx.users.update(next, 1)), true);
      assert.equal(
        await write((tx) => tx.users.update({ ...next, version: 3, profile: { ...next.profile, title: 'Stale' } }, 1)),
        false,
      );
      assert.equal((await store.repos.users.findById(tenantId, u.id))?.profile.title, 'Engineer');
    });

    test('a transaction that throws leaves nothing behind', async () => {
      const u = user(tenantId, rootId, 'rollback@example.com');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.insert(u);
          await tx.syncLog.append([
            {
              tenantId,
              providerId: null,
              at: u.createdAt,
              userId: u.id,
              username: u.profile.userName,
              changeType: 'Created',
              attribute: null,
              oldValue: null,
              newValue: null,
              detail: null,
            },
          ]);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.repos.users.findById(tenantId, u.id), undefined);
    });

    test('organizations: unique names per tenant, case-insensitive; tree order', async () => {
      await write((tx) =>
        tx.organizations.insert({
          id: ids.newId(),
          tenantId,
          parentId: rootId,
          name: 'Finance',
          status: 'active',
          defaultRoles: [],
          coldStorageDays: 30,
          createdAt: 'x',
          updatedAt: 'x',
        }),
      );
      await assert.rejects(
        write((tx) =>
          tx.organizations.insert({
            id: ids.newId(),
            tenantId,
            parentId: rootId,
            name: 'FINANCE',
            status: 'active',
            defaultRoles: [],
            coldStorageDays: 30,
            createdAt: 'x',
            updatedAt: 'x',
          }),
        ),
        (e) => isDomainError(e, 'organization.name_taken'),
      );
      assert.equal((await store.repos.organizations.findByName(tenantId, ' finance '))?.name, 'Finance');
    });

    test('group memberships: insert-or-ignore and delete return exactly what changed', async () => {
      const providerId = ids.newId();
      await write((tx) =>
        tx.providers.insert({
          id: providerId,
          tenantId,
          name: `P ${providerId}`,
          type: 'scim',
          authType: 'bearer',
          tokenHash: 'h',
          basicUsername: null,
          basicPasswordHash: null,
          deactivationDelaySeconds: 900,
          guard: { percent: 10, minUsers: 50, windowSeconds: 3600 },
          flaggedAt: null,
          orgMapping: { method: 'none' },
          roleMapping: { method: 'manual' },
          credentialRotatedAt: 'x',
          createdAt: 'x',
          updatedAt: 'x',
        }),
      );
      const a = user(tenantId, rootId, 'member.a@example.com', { providerId });
      const b = user(tenantId, rootId, 'member.b@example.com', { providerId });
      const outsider = user(tenantId, rootId, 'not.a.member@example.com');
      for (const u of [a, b, outsider]) await write((tx) => tx.users.insert(u));
      const g = {
        id: ids.newId(),
        tenantId,
        providerId,
        displayName: 'Team',
        externalId: null,
        version: 1,
        createdAt: 'x',
        updatedAt: 'x',
      };
      await write((tx) => tx.groups.insert(g));
      const names = (ms: GroupMember[]) => ms.map((m) => m.userName).sort();
      assert.deepEqual(
        names(await write((tx) => tx.groups.addMembers(tenantId, providerId, g.id, [a.id, outsider.id, b.id], 'x'))),
        [a.profile.userName, b.profile.userName].sort(),
        "the provider's users are added, with their userNames; a user of no provider is not",
      );
      assert.deepEqual(
        await write((tx) => tx.groups.addMembers(tenantId, providerId, g.id, [a.id], 'x')),
        [],
        'an existing membership is not added twice',
      );
      assert.deepEqual(await write((tx) => tx.groups.removeMembers(tenantId, g.id, [a.id, 'nobody'])), [
        { userId: a.id, userName: a.profile.userName },
      ]);
      assert.deepEqual(
        (await store.repos.groups.members(tenantId, g.id)).map((m) => m.userId),
        [b.id],
      );
      assert.deepEqual(
        (await store.repos.users.groupsOf(tenantId, b.id)).map((x) => x.displayName),
        ['Team'],
      );
      const touched = await write((tx) => tx.groups.touch(tenantId, g.id, 'y'));
      assert.equal(touched?.version, 2);
      assert.equal(touched?.updatedAt, 'y');
      // Three ids run as a statement of four (the last one repeated): each still counts once.
      const c = user(tenantId, rootId, 'member.c@example.com', { providerId });
      await write((tx) => tx.users.insert(c));
      const userIds = (ms: GroupMember[]) => ms.map((m) => m.userId).sort();
      assert.deepEqual(
        userIds(await write((tx) => tx.groups.addMembers(tenantId, providerId, g.id, [a.id, b.id, c.id], 'z'))),
        [a.id, c.id].sort(),
      );
      assert.deepEqual(
        userIds(await write((tx) => tx.groups.removeMembers(tenantId, g.id, [c.id, b.id, a.id]))),
        [a.id, b.id, c.id].sort(),
      );
      assert.deepEqual(await store.repos.groups.members(tenantId, g.id), []);
    });
  });
}

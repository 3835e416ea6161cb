import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { createGroup, createUser, patchOp, syncLogOf } from '../helpers/scim-assert.js';
import { type HttpResult, type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// SPEC C3: under a groups → roles mapping, a user in no mapped group keeps (or gets) the default
// roles of their organization and one "Not in Role Mapping" sync-log entry each time they enter
// that state — from Apply (dry run included) and from the per-request path alike, never again on
// every Apply while they stay in it.

for (const dialect of DIALECTS) {
  describe(`Not in Role Mapping, once per entry into the state, on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(async () => s.close());

    const apply = async (p: ScimClient, dryRun: boolean): Promise<HttpResult> => {
      const res = await s.admin('POST', `/providers/${p.providerId}/mapping/apply?dryRun=${dryRun}`);
      assert.equal(res.status, 200, res.text);
      return res;
    };
    const setRoles = async (p: ScimClient, roles: unknown): Promise<void> => {
      const res = await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
        organization: { method: 'none' },
        roles,
      });
      assert.equal(res.status, 200, res.text);
    };
    const entries = async (userId: string): Promise<number> =>
      (await syncLogOf(s, userId)).filter((e) => e.change_type === 'Not in Role Mapping').length;
    const rolesOf = async (userId: string): Promise<string[]> =>
      (
        await s.roster.db.kysely
          .selectFrom('role_assignments')
          .select(['role_id', 'source'])
          .where('user_id', '=', userId)
          .orderBy('role_id')
          .execute()
      ).map((r) => `${r.role_id}:${r.source}`);

    test('users provisioned under manual roles, then a groups → roles mapping: Apply logs each unmapped user once', async () => {
      const p = await s.scimProvider();
      const a = await createUser(p);
      const b = await createUser(p);
      const c = await createUser(p);
      const managers = await createGroup(p, 'Managers', [a.id]);
      await createGroup(p, 'Not mapped', [b.id]);
      for (const u of [a, b, c]) assert.equal(await entries(u.id), 0, 'manual roles: no entry at creation');
      await setRoles(p, { method: 'groups', groups: [{ groupId: managers.id, roleIds: ['cross-org-manager'] }] });

      // The dry run lists b and c although nothing about their roles or organization changes.
      const dry = await apply(p, true);
      assert.equal(dry.body.usersChanged, 3);
      const listed = new Map<string, any>(dry.body.changes.map((c: any) => [c.userId, c]));
      for (const u of [b, c])
        assert.deepEqual(listed.get(u.id), {
          userId: u.id,
          userName: u.userName,
          organization: null,
          rolesAdded: [],
          rolesRemoved: [],
          notInRoleMapping: true,
        });
      assert.equal(listed.get(a.id).notInRoleMapping, false);
      for (const u of [a, b, c]) assert.equal(await entries(u.id), 0, 'a dry run writes nothing');

      const done = await apply(p, false);
      assert.equal(done.body.usersChanged, 3);
      assert.deepEqual([await entries(a.id), await entries(b.id), await entries(c.id)], [0, 1, 1]);
      const [entry] = (await syncLogOf(s, c.id)).filter((e) => e.change_type === 'Not in Role Mapping');
      assert.equal(entry?.attribute, 'role');
      assert.equal(entry?.username, c.userName);
      assert.deepEqual(await rolesOf(c.id), ['desktop-user:default'], 'the default roles stay');

      // Staying in the state is no change: Apply and its dry run find nothing, and log nothing.
      assert.equal((await apply(p, true)).body.usersChanged, 0);
      assert.equal((await apply(p, false)).body.usersChanged, 0);
      assert.deepEqual([await entries(b.id), await entries(c.id)], [1, 1]);

      // Leaving the mapping for manual roles clears the state: a later groups mapping logs afresh.
      await setRoles(p, { method: 'manual' });
      await setRoles(p, { method: 'groups', groups: [{ groupId: managers.id, roleIds: ['cross-org-manager'] }] });
      const again = await apply(p, false);
      assert.deepEqual(again.body.changes.map((c: any) => c.userId).sort(), [b.id, c.id].sort());
      assert.deepEqual([await entries(a.id), await entries(b.id), await entries(c.id)], [0, 2, 2]);
    });

    test('per request: leaving every mapped group logs once; later changes while out of them log nothing', async () => {
      const p = await s.scimProvider();
      const managers = await createGroup(p, 'Managers');
      await setRoles(p, { method: 'groups', groups: [{ groupId: managers.id, roleIds: ['cross-org-manager'] }] });
      const u = await createUser(p);
      assert.equal(await entries(u.id), 1, 'created in no mapped group: one entry');
      const title = await p.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'Chef' }));
      assert.equal(title.status, 200, title.text);
      assert.equal(await entries(u.id), 1, 'a profile change while still in no mapped group logs nothing');

      const add = await p.req(
        'PATCH',
        `/Groups/${managers.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: u.id }] }),
      );
      assert.ok(add.status === 200 || add.status === 204, add.text);
      assert.deepEqual(await rolesOf(u.id), ['cross-org-manager:mapping']);
      assert.equal(await entries(u.id), 1);

      const remove = await p.req(
        'PATCH',
        `/Groups/${managers.id}`,
        patchOp({ op: 'remove', path: `members[value eq "${u.id}"]` }),
      );
      assert.ok(remove.status === 200 || remove.status === 204, remove.text);
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
      assert.equal(await entries(u.id), 2, 'moved out of every mapped group: one more entry');

      const other = await p.req(
        'PATCH',
        `/Users/${u.id}`,
        patchOp({ op: 'replace', path: 'title', value: 'Sous-chef' }),
      );
      assert.equal(other.status, 200, other.text);
      assert.equal((await apply(p, false)).body.usersChanged, 0);
      assert.equal(await entries(u.id), 2, 'neither a later change nor Apply logs it again');
      const row = await s.roster.db.kysely
        .selectFrom('users')
        .select('not_in_role_mapping')
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.not_in_role_mapping), 1, 'the state is stored with the user (survives restarts)');
    });
  });
}

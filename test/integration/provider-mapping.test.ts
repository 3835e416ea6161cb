import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { createGroup, createUser, patchOp, syncLogOf, userRow } from '../helpers/scim-assert.js';
import { type HttpResult, type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// SPEC C3 / issue 3 items 3–4: organization and role mapping per provider, end to end through SCIM.

const PROBLEM = /^application\/problem\+json/;
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

function assertProblem(res: HttpResult, status: number, code: string, field?: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', PROBLEM);
  assert.equal(res.body.code, code);
  if (field !== undefined) assert.equal(res.body.field, field, res.text);
}

for (const dialect of DIALECTS) {
  describe(`provider mapping on ${dialect}`, () => {
    let s: TestServer;
    const orgs: Record<string, string> = {};
    let rootId = '';

    async function org(name: string): Promise<string> {
      const res = await s.admin('POST', '/organizations', { name });
      assert.equal(res.status, 201, res.text);
      orgs[name] = res.body.id;
      return res.body.id as string;
    }
    async function setMapping(p: ScimClient, body: unknown): Promise<void> {
      const res = await s.admin('PUT', `/providers/${p.providerId}/mapping`, body);
      assert.equal(res.status, 200, res.text);
    }
    async function orgNameOf(userId: string): Promise<string> {
      const row = await userRow(s, userId);
      const o = await s.roster.db.kysely
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', row?.org_id ?? '')
        .executeTakeFirst();
      return o?.name ?? '';
    }
    async function rolesOf(userId: string): Promise<string[]> {
      const rows = await s.roster.db.kysely
        .selectFrom('role_assignments')
        .select(['role_id', 'source'])
        .where('user_id', '=', userId)
        .orderBy('role_id')
        .execute();
      return rows.map((r) => `${r.role_id}:${r.source}`);
    }

    before(async () => {
      s = await startServer(dialect);
      const tree = await s.admin('GET', '/organizations');
      rootId = tree.body.organizations[0].id;
      for (const name of ['Sales', 'Unmapped', 'Executives', 'UK']) await org(name);
    });
    after(async () => s.close());

    test("lists a provider's pushed groups by name for the mapping dialogs; another provider's are not there", async () => {
      const p = await s.scimProvider({ name: 'Groups list' });
      const other = await s.scimProvider({ name: 'Other provider' });
      const empty = await s.admin('GET', `/providers/${p.providerId}/groups`);
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, { groups: [], truncated: false });
      for (const name of ['Sales', 'engineering', 'Admins'])
        assert.equal((await p.req('POST', '/Groups', { schemas: [GROUP], displayName: name })).status, 201);
      assert.equal((await other.req('POST', '/Groups', { schemas: [GROUP], displayName: 'Elsewhere' })).status, 201);
      const res = await s.admin('GET', `/providers/${p.providerId}/groups`);
      assert.deepEqual(
        res.body.groups.map((g: { displayName: string }) => g.displayName),
        ['Admins', 'engineering', 'Sales'],
      );
      assert.equal(res.body.truncated, false);
      const missing = await s.admin('GET', '/providers/no-such-provider/groups');
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', PROBLEM);
    });

    test("a provider without a mapping keeps today's behaviour: none + manual, root organization, default roles", async () => {
      const p = await s.scimProvider();
      const got = await s.admin('GET', `/providers/${p.providerId}/mapping`);
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.body, { organization: { method: 'none' }, roles: { method: 'manual' } });
      const u = await createUser(p);
      assert.equal((await userRow(s, u.id))?.org_id, rootId);
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
      assert.ok(
        !(await syncLogOf(s, u.id)).some(
          (e) => e.attribute === 'organization' || e.change_type === 'Not in Role Mapping',
        ),
      );
    });

    test('single organization: new users go there; the move is logged', async () => {
      const p = await s.scimProvider();
      await setMapping(p, { organization: { method: 'single', orgId: orgs.Sales }, roles: { method: 'manual' } });
      const got = await s.admin('GET', `/providers/${p.providerId}/mapping`);
      assert.deepEqual(got.body.organization, { method: 'single', orgId: orgs.Sales });
      const u = await createUser(p);
      assert.equal(await orgNameOf(u.id), 'Sales');
      const moved = (await syncLogOf(s, u.id)).find((e) => e.attribute === 'organization');
      assert.deepEqual(
        [moved?.change_type, moved?.old_value, moved?.new_value],
        ['Modified', 'Default organization', 'Sales'],
      );
    });

    test('orgName: creates missing organizations under the root; users without it go to the unmapped organization', async () => {
      const p = await s.scimProvider();
      await setMapping(p, {
        organization: { method: 'orgName', unmappedOrgId: orgs.Unmapped },
        roles: { method: 'manual' },
      });
      const a = await createUser(p, { orgName: 'Research' });
      assert.equal(await orgNameOf(a.id), 'Research');
      const research = await s.roster.db.kysely
        .selectFrom('organizations')
        .selectAll()
        .where('name_lower', '=', 'research')
        .executeTakeFirst();
      assert.equal(research?.parent_id, rootId);
      const b = await createUser(p, { orgName: ' research ' });
      assert.equal(
        await orgNameOf(b.id),
        'Research',
        'an existing organization is matched case-insensitively, not created twice',
      );
      const c = await createUser(p);
      assert.equal(await orgNameOf(c.id), 'Unmapped');
      // A later change of the attribute moves the user.
      const res = await p.req('PATCH', `/Users/${c.id}`, patchOp({ op: 'add', path: 'orgName', value: 'Research' }));
      assert.equal(res.status, 200, res.text);
      assert.equal(await orgNameOf(c.id), 'Research');
      assert.ok(
        (await syncLogOf(s, c.id)).some(
          (e) => e.attribute === 'organization' && e.old_value === 'Unmapped' && e.new_value === 'Research',
        ),
      );
    });

    test('custom attribute addresses[type eq "work"].locality', async () => {
      const p = await s.scimProvider();
      await setMapping(p, {
        organization: { method: 'attribute', path: 'addresses[type eq "work"].locality', unmappedOrgId: orgs.Unmapped },
        roles: { method: 'manual' },
      });
      const a = await createUser(p, {
        addresses: [
          { type: 'home', locality: 'Porto' },
          { type: 'work', locality: 'Lisbon' },
        ],
      });
      assert.equal(await orgNameOf(a.id), 'Lisbon');
      const b = await createUser(p, { addresses: [{ type: 'home', locality: 'Porto' }] });
      assert.equal(await orgNameOf(b.id), 'Unmapped');
    });

    test('groups by priority, role mapping union, defaults and Not in Role Mapping, re-evaluated on membership changes', async () => {
      const p = await s.scimProvider();
      const exec = await createGroup(p, 'Executives');
      const uk = await createGroup(p, 'UK staff');
      await setMapping(p, {
        organization: {
          method: 'groups',
          groups: [
            { groupId: exec.id, orgId: orgs.Executives },
            { groupId: uk.id, orgId: orgs.UK },
          ],
          unmappedOrgId: orgs.Unmapped,
        },
        roles: {
          method: 'groups',
          groups: [
            { groupId: exec.id, roleIds: ['cross-org-manager'] },
            { groupId: uk.id, roleIds: ['cross-org-help-desk', 'desktop-user'] },
          ],
        },
      });
      const u = await createUser(p);
      assert.equal(await orgNameOf(u.id), 'Unmapped');
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
      assert.ok((await syncLogOf(s, u.id)).some((e) => e.change_type === 'Not in Role Mapping'));

      const patched = (res: HttpResult): number => (assert.ok(res.status === 200 || res.status === 204, res.text), 200);
      const add = async (g: string) => ({
        status: patched(
          await p.req('PATCH', `/Groups/${g}`, patchOp({ op: 'add', path: 'members', value: [{ value: u.id }] })),
        ),
      });
      const remove = async (g: string) => ({
        status: patched(
          await p.req('PATCH', `/Groups/${g}`, patchOp({ op: 'remove', path: `members[value eq "${u.id}"]` })),
        ),
      });
      assert.equal((await add(uk.id)).status, 200);
      assert.equal(await orgNameOf(u.id), 'UK');
      assert.deepEqual(await rolesOf(u.id), ['cross-org-help-desk:mapping', 'desktop-user:default']);

      assert.equal((await add(exec.id)).status, 200);
      assert.equal(await orgNameOf(u.id), 'Executives', 'the higher-priority group wins');
      assert.deepEqual(
        await rolesOf(u.id),
        ['cross-org-help-desk:mapping', 'cross-org-manager:mapping', 'desktop-user:default'],
        "the union of the groups' roles",
      );

      assert.equal((await remove(uk.id)).status, 200);
      assert.equal((await remove(exec.id)).status, 200);
      assert.equal(await orgNameOf(u.id), 'Unmapped');
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
      const log = await syncLogOf(s, u.id);
      assert.ok(log.some((e) => e.attribute === 'role' && e.new_value !== null && e.change_type === 'Modified'));
      assert.ok(log.some((e) => e.attribute === 'role' && e.old_value !== null && e.change_type === 'Modified'));
      assert.ok(
        log.some((e) => e.attribute === 'organization' && e.old_value === 'Executives' && e.new_value === 'Unmapped'),
      );
      assert.equal(
        log.filter((e) => e.change_type === 'Not in Role Mapping').length,
        2,
        'on creation and when leaving the last mapped group',
      );
    });

    test("deleting a mapped group re-evaluates its former members in the same request; an unmapped group's deletion touches no one", async () => {
      const p = await s.scimProvider();
      const a = await createUser(p);
      const b = await createUser(p);
      const exec = await createGroup(p, 'Executives', [a.id, b.id]);
      const uk = await createGroup(p, 'UK staff', [a.id]);
      const other = await createGroup(p, 'Unrelated', [a.id, b.id]);
      await setMapping(p, {
        organization: {
          method: 'groups',
          groups: [
            { groupId: exec.id, orgId: orgs.Executives },
            { groupId: uk.id, orgId: orgs.UK },
          ],
          unmappedOrgId: orgs.Unmapped,
        },
        roles: {
          method: 'groups',
          groups: [
            { groupId: exec.id, roleIds: ['cross-org-manager'] },
            { groupId: uk.id, roleIds: ['org-help-desk'] },
          ],
        },
      });
      assert.equal((await s.admin('POST', `/providers/${p.providerId}/mapping/apply`)).status, 200);
      assert.equal(await orgNameOf(a.id), 'Executives');
      assert.deepEqual(await rolesOf(b.id), ['cross-org-manager:mapping']);
      const before = (await syncLogOf(s, a.id)).length;
      assert.equal((await p.req('DELETE', `/Groups/${other.id}`)).status, 204);
      assert.equal((await syncLogOf(s, a.id)).length, before, 'a group the mapping does not name changes nobody');

      assert.equal((await p.req('DELETE', `/Groups/${exec.id}`)).status, 204);
      assert.equal(await orgNameOf(a.id), 'UK', 'a falls back to the next mapped group');
      assert.deepEqual(await rolesOf(a.id), ['org-help-desk:mapping']);
      assert.equal(await orgNameOf(b.id), 'Unmapped', 'b is in no mapped group any more');
      assert.deepEqual(await rolesOf(b.id), ['desktop-user:default']);
      const log = await syncLogOf(s, b.id);
      assert.ok(
        log.some((e) => e.attribute === 'organization' && e.old_value === 'Executives' && e.new_value === 'Unmapped'),
      );
      assert.ok(log.some((e) => e.change_type === 'Not in Role Mapping'));
      const mapping = await s.admin('GET', `/providers/${p.providerId}/mapping`);
      assert.equal(
        mapping.body.organization.groups[0].groupId,
        exec.id,
        'the mapping still names the deleted group for the administrator to see',
      );
    });

    test('moving a user by hand: allowed under none and single, 409 where the mapping decides the organization', async () => {
      const single = await s.scimProvider();
      await setMapping(single, { organization: { method: 'single', orgId: orgs.Sales }, roles: { method: 'manual' } });
      const a = await createUser(single);
      assert.equal(await orgNameOf(a.id), 'Sales');
      const moved = await s.admin('PUT', `/users/${a.id}/organization`, { orgId: orgs.UK });
      assert.equal(moved.status, 200, moved.text);
      await single.req('PATCH', `/Users/${a.id}`, patchOp({ op: 'replace', path: 'title', value: 'Seller' }));
      assert.equal(await orgNameOf(a.id), 'UK', 'single: an administrator may move users on, and they stay');

      const byName = await s.scimProvider();
      await setMapping(byName, {
        organization: { method: 'orgName', unmappedOrgId: orgs.Unmapped },
        roles: { method: 'manual' },
      });
      const b = await createUser(byName, {
        'urn:roster:params:scim:schemas:extension:roster:2.0:User': { orgName: 'Sales' },
      });
      const refused = await s.admin('PUT', `/users/${b.id}/organization`, { orgId: orgs.UK });
      assertProblem(refused, 409, 'user.organization_managed');
      assert.match(refused.body.detail, /orgName/);
      assert.equal(await orgNameOf(b.id), 'Sales', 'nothing moved');
      // GET /users/:id says beforehand which mapping decides what (the console shows it as the reason).
      const managedB = (await s.admin('GET', `/users/${b.id}`)).body.managedBy;
      assert.equal(managedB.providerId, byName.providerId);
      assert.equal(managedB.organization, 'orgName');
      assert.equal(managedB.roles, null);
      assert.equal((await s.admin('GET', `/users/${a.id}`)).body.managedBy.organization, null, 'single: movable');
      const root = (await s.admin('GET', '/users?userName=admin')).body.users[0];
      assert.equal((await s.admin('GET', `/users/${root.id}`)).body.managedBy, null, 'a local user: nothing managed');
    });

    test('bad input: 400 naming the field; deleting a mapping target is 409 saying what refers to it', async () => {
      const p = await s.scimProvider({ name: 'Okta bad input' });
      const other = await s.scimProvider();
      const own = await createGroup(p, 'Own');
      const foreign = await createGroup(other, 'Foreign');
      const manual = { method: 'manual' };
      const put = (body: unknown) => s.admin('PUT', `/providers/${p.providerId}/mapping`, body);
      assertProblem(
        await put({ organization: { method: 'single', orgId: 'no-such-org' }, roles: manual }),
        400,
        'input.invalid',
        'organization.orgId',
      );
      assertProblem(
        await put({ organization: { method: 'orgName', unmappedOrgId: 'no-such-org' }, roles: manual }),
        400,
        'input.invalid',
        'organization.unmappedOrgId',
      );
      assertProblem(
        await put({
          organization: {
            method: 'groups',
            groups: [{ groupId: own.id, orgId: 'nope' }],
            unmappedOrgId: orgs.Unmapped,
          },
          roles: manual,
        }),
        400,
        'input.invalid',
        'organization.groups[0].orgId',
      );
      assertProblem(
        await put({
          organization: {
            method: 'groups',
            groups: [{ groupId: foreign.id, orgId: orgs.UK }],
            unmappedOrgId: orgs.Unmapped,
          },
          roles: manual,
        }),
        400,
        'input.invalid',
        'organization.groups[0].groupId',
      );
      assertProblem(
        await put({
          organization: {
            method: 'groups',
            groups: [
              { groupId: own.id, orgId: orgs.UK },
              { groupId: own.id, orgId: orgs.Sales },
            ],
            unmappedOrgId: orgs.Unmapped,
          },
          roles: manual,
        }),
        400,
        'input.invalid',
        'organization.groups[1].groupId',
      );
      assertProblem(
        await put({
          organization: { method: 'attribute', path: 'addresses[type eq', unmappedOrgId: orgs.Unmapped },
          roles: manual,
        }),
        400,
        'input.invalid',
        'organization.path',
      );
      assertProblem(
        await put({
          organization: { method: 'none' },
          roles: { method: 'groups', groups: [{ groupId: own.id, roleIds: ['no-such-role'] }] },
        }),
        400,
        'input.invalid',
        'roles.groups[0].roleIds[0]',
      );
      assertProblem(
        await put({
          organization: { method: 'none' },
          roles: { method: 'groups', groups: [{ groupId: foreign.id, roleIds: ['desktop-user'] }] },
        }),
        400,
        'input.invalid',
        'roles.groups[0].groupId',
      );
      assertProblem(
        await put({
          organization: { method: 'none' },
          roles: { method: 'groups', groups: [{ groupId: own.id, roleIds: [] }] },
        }),
        400,
        'input.invalid',
        'roles.groups[0].roleIds',
      );
      assertProblem(await put({ organization: { method: 'sideways' }, roles: manual }), 400, 'input.invalid');
      assertProblem(
        await s.admin('PUT', '/providers/no-such-provider/mapping', {
          organization: { method: 'none' },
          roles: manual,
        }),
        404,
        'provider.not_found',
      );
      const unchanged = await s.admin('GET', `/providers/${p.providerId}/mapping`);
      assert.deepEqual(unchanged.body.organization, { method: 'none' }, 'a refused mapping changes nothing');

      const target = await org('Target');
      await setMapping(p, { organization: { method: 'orgName', unmappedOrgId: target }, roles: manual });
      const del = await s.admin('DELETE', `/organizations/${target}`);
      assertProblem(del, 409, 'organization.in_use');
      assert.match(
        del.body.detail,
        /organization mapping of provider "Okta bad input" \(organization\.unmappedOrgId\)/,
      );
      await setMapping(p, { organization: { method: 'none' }, roles: manual });
      assert.equal((await s.admin('DELETE', `/organizations/${target}`)).status, 204);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { createGroup, createUser, patchOp, syncLogOf, userRow } from '../helpers/scim-assert.js';
import { type HttpResult, type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// Issue 3 item 5 (SPEC C9, seeds/002 "Code42 User Directory Sync" and "Select Roles"): a
// directory-sync provider authenticates with a username and password, its organization comes in
// orgName (organization mapping is disabled), and it may add or remove only the roles an
// administrator selected; any other role it sends is ignored and logged.

const PROBLEM = /^application\/problem\+json/;

function assertProblem(res: HttpResult, status: number, code: string, field?: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', PROBLEM);
  assert.equal(res.body.code, code, res.text);
  if (field !== undefined) assert.equal(res.body.field, field, res.text);
}

const roles = (...values: string[]): { value: string }[] => values.map((value) => ({ value }));

for (const dialect of DIALECTS) {
  describe(`directory-sync provider on ${dialect}`, () => {
    let s: TestServer;

    async function rolesOf(userId: string): Promise<string[]> {
      const rows = await s.roster.db.kysely
        .selectFrom('role_assignments')
        .select(['role_id', 'source'])
        .where('user_id', '=', userId)
        .orderBy('role_id')
        .execute();
      return rows.map((r) => `${r.role_id}:${r.source}`);
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
    async function managed(p: ScimClient, roleIds: string[]): Promise<void> {
      const res = await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
        organization: { method: 'directorySync' },
        roles: { method: 'managed', roleIds },
      });
      assert.equal(res.status, 200, res.text);
    }
    const roleFailures = async (userId: string): Promise<string[]> =>
      (await syncLogOf(s, userId))
        .filter((e) => e.change_type === 'Sync Failure' && e.attribute === 'role')
        .map((e) => e.new_value ?? '');

    before(async () => {
      s = await startServer(dialect);
    });
    after(async () => s.close());

    test('created with a username and password shown once; bearer is refused; mapping starts as directorySync + manual', async () => {
      const res = await s.admin('POST', '/providers', { name: 'AD sync', type: 'dirsync' });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.provider.type, 'dirsync');
      assert.equal(res.body.provider.authType, 'basic');
      assert.equal(res.body.credential.type, 'basic');
      assert.match(res.body.credential.username, /^dirsync-[0-9a-f]{12}$/);
      assert.equal(res.body.provider.basicUsername, res.body.credential.username);
      assert.ok(
        !JSON.stringify((await s.admin('GET', `/providers/${res.body.provider.id}`)).body).includes(
          res.body.credential.password,
        ),
        'the password is never shown again',
      );
      assertProblem(
        await s.admin('POST', '/providers', { name: 'AD bearer', type: 'dirsync', authType: 'bearer' }),
        400,
        'input.invalid',
        'authType',
      );
      const mapping = await s.admin('GET', `/providers/${res.body.provider.id}/mapping`);
      assert.deepEqual(mapping.body, { organization: { method: 'directorySync' }, roles: { method: 'manual' } });
      // Two providers created in the same instant get different usernames.
      const other = await s.admin('POST', '/providers', { name: 'AD sync 2', type: 'dirsync' });
      assert.notEqual(other.body.credential.username, res.body.credential.username);
    });

    test('the credential works against the SCIM endpoints; a wrong password is 401', async () => {
      const p = await s.scimProvider({ type: 'dirsync' });
      assert.equal((await p.req('GET', '/Users')).status, 200);
      const wrong = await p.req('GET', '/Users', undefined, {
        authorization: `Basic ${Buffer.from('dirsync-000000000000:nope').toString('base64')}`,
      });
      assert.equal(wrong.status, 401);
    });

    test('only directory-sync methods are accepted for it, and never for a SCIM provider (400 naming the field)', async () => {
      const d = await s.scimProvider({ type: 'dirsync' });
      const scim = await s.scimProvider();
      const root = (await s.admin('GET', '/organizations')).body.organizations[0].id;
      const put = (p: ScimClient, body: unknown): Promise<HttpResult> =>
        s.admin('PUT', `/providers/${p.providerId}/mapping`, body);
      assertProblem(
        await put(d, { organization: { method: 'orgName', unmappedOrgId: root }, roles: { method: 'manual' } }),
        400,
        'input.invalid',
        'organization.method',
      );
      const g = await createGroup(scim, 'Staff');
      assertProblem(
        await put(d, {
          organization: { method: 'directorySync' },
          roles: { method: 'groups', groups: [{ groupId: g.id, roleIds: ['desktop-user'] }] },
        }),
        400,
        'input.invalid',
        'roles.method',
      );
      assertProblem(
        await put(d, {
          organization: { method: 'directorySync' },
          roles: { method: 'managed', roleIds: ['desktop-user', 'wizard'] },
        }),
        400,
        'input.invalid',
        'roles.roleIds[1]',
      );
      assertProblem(
        await put(d, {
          organization: { method: 'directorySync' },
          roles: { method: 'managed', roleIds: ['desktop-user', 'desktop-user'] },
        }),
        400,
        'input.invalid',
        'roles.roleIds[1]',
      );
      assertProblem(
        await put(scim, { organization: { method: 'directorySync' }, roles: { method: 'manual' } }),
        400,
        'input.invalid',
        'organization.method',
      );
      assertProblem(
        await put(scim, { organization: { method: 'none' }, roles: { method: 'managed', roleIds: ['desktop-user'] } }),
        400,
        'input.invalid',
        'roles.method',
      );
      // Nothing was half-written.
      assert.deepEqual((await s.admin('GET', `/providers/${d.providerId}/mapping`)).body, {
        organization: { method: 'directorySync' },
        roles: { method: 'manual' },
      });
      await managed(d, ['proe-user', 'desktop-user']);
      assert.deepEqual((await s.admin('GET', `/providers/${d.providerId}/mapping`)).body.roles, {
        method: 'managed',
        roleIds: ['desktop-user', 'proe-user'],
      });
    });

    test('the organization comes in orgName (created under the root when missing); without it the user stays put', async () => {
      const p = await s.scimProvider({ type: 'dirsync' });
      const u = await createUser(p, {
        'urn:roster:params:scim:schemas:extension:roster:2.0:User': { orgName: 'Engineering' },
      });
      assert.equal(await orgNameOf(u.id), 'Engineering');
      const created = (await syncLogOf(s, u.id)).find((e) => e.attribute === 'organization');
      assert.equal(created?.new_value, 'Engineering');
      const plain = await createUser(p);
      assert.equal(await orgNameOf(plain.id), 'Default organization', 'a new user without orgName lands in the root');
      // A change without orgName leaves the user where they are.
      const res = await p.req(
        'PATCH',
        `/Users/${u.id}`,
        patchOp(
          { op: 'remove', path: 'urn:roster:params:scim:schemas:extension:roster:2.0:User:orgName' },
          { op: 'replace', path: 'title', value: 'Engineer' },
        ),
      );
      assert.equal(res.status, 200, res.text);
      assert.equal(await orgNameOf(u.id), 'Engineering');
      // A new orgName moves them (c42OrgName is the same attribute).
      const moved = await p.req(
        'PATCH',
        `/Users/${u.id}`,
        patchOp({
          op: 'add',
          path: 'urn:roster:params:scim:schemas:extension:roster:2.0:User:c42OrgName',
          value: 'Research',
        }),
      );
      assert.equal(moved.status, 200, moved.text);
      assert.equal(await orgNameOf(u.id), 'Research');
    });

    test('manual role mapping: the roles it sends change nothing', async () => {
      const p = await s.scimProvider({ type: 'dirsync' });
      const u = await createUser(p, { roles: roles('customer-cloud-admin') });
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
    });

    test('managed roles: only selected roles are added or removed; others are ignored and logged once', async () => {
      const p = await s.scimProvider({ type: 'dirsync' });
      await managed(p, ['desktop-user', 'proe-user', 'org-help-desk']);
      // By id or by catalogue name; an escalation to Customer Cloud Admin and an unknown role are ignored.
      const u = await createUser(p, {
        roles: roles('Desktop User', 'org-help-desk', 'customer-cloud-admin', 'Wizard'),
      });
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default', 'org-help-desk:provider']);
      assert.deepEqual((await roleFailures(u.id)).sort(), ['Customer Cloud Admin', 'Wizard']);
      // A change that does not touch roles logs nothing again.
      await p.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'Helper' }));
      assert.equal((await roleFailures(u.id)).length, 2);

      // An administrator's grant outside the selection survives the tool's next push.
      const set = await s.admin('PUT', `/users/${u.id}/roles`, {
        roleIds: ['desktop-user', 'org-help-desk', 'user-modify'],
      });
      assert.equal(set.status, 200, set.text);
      const res = await p.req(
        'PATCH',
        `/Users/${u.id}`,
        patchOp({ op: 'replace', path: 'roles', value: roles('proe-user', 'customer-cloud-admin') }),
      );
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(
        await rolesOf(u.id),
        ['proe-user:provider', 'user-modify:manual'],
        'managed roles follow the tool; user-modify is kept',
      );
      assert.equal(
        (await roleFailures(u.id)).length,
        3,
        'the re-sent escalation is logged again, because the roles changed',
      );
      const modified = (await syncLogOf(s, u.id)).filter((e) => e.change_type === 'Modified' && e.attribute === 'role');
      assert.ok(modified.some((e) => e.old_value === 'Desktop User'));
      assert.ok(modified.some((e) => e.new_value === 'PROe User'));
    });

    test('an administrator cannot change managed roles (409), but can change the others', async () => {
      const p = await s.scimProvider({ type: 'dirsync' });
      await managed(p, ['desktop-user', 'proe-user']);
      const u = await createUser(p, { roles: roles('desktop-user') });
      const refused = await s.admin('PUT', `/users/${u.id}/roles`, { roleIds: ['desktop-user', 'proe-user'] });
      assertProblem(refused, 409, 'user.roles_managed');
      const { managedBy } = (await s.admin('GET', `/users/${u.id}`)).body;
      assert.equal(managedBy.organization, 'directorySync');
      assert.deepEqual(managedBy.roles, { method: 'managed', roleIds: ['desktop-user', 'proe-user'] });
      assert.match(refused.body.detail, /proe-user/);
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default'], 'nothing changed');
      const ok = await s.admin('PUT', `/users/${u.id}/roles`, { roleIds: ['desktop-user', 'alert-emails'] });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(await rolesOf(u.id), ['alert-emails:manual', 'desktop-user:default']);
    });

    test('Apply after widening the selection grants roles the tool had sent', async () => {
      const p = await s.scimProvider({ type: 'dirsync' });
      await managed(p, ['desktop-user']);
      const u = await createUser(p, { roles: roles('desktop-user', 'org-manager') });
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
      await managed(p, ['desktop-user', 'org-manager']);
      const dry = await s.admin('POST', `/providers/${p.providerId}/mapping/apply?dryRun=true`);
      assert.equal(dry.status, 200, dry.text);
      assert.deepEqual(
        dry.body.changes.map((c: any) => [c.userId, c.rolesAdded, c.rolesRemoved]),
        [[u.id, ['org-manager'], []]],
      );
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default'], 'a dry run changes nothing');
      const real = await s.admin('POST', `/providers/${p.providerId}/mapping/apply`);
      assert.equal(real.body.usersChanged, 1, real.text);
      assert.deepEqual(await rolesOf(u.id), ['desktop-user:default', 'org-manager:provider']);
      assert.equal((await roleFailures(u.id)).length, 1, 'Apply does not log the earlier ignored role again');
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`role-mapped users on ${dialect}`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(async () => s.close());

    test('PUT roles is refused (409) for a user whose roles come from SCIM group role mapping; allowed under manual', async () => {
      const p = await s.scimProvider({ name: 'Entra' });
      const u = await createUser(p);
      const g = await createGroup(p, 'Staff', [u.id]);
      assert.equal(
        (await s.admin('PUT', `/users/${u.id}/roles`, { roleIds: ['user-modify'] })).status,
        200,
        'manual role mapping: allowed',
      );
      const mapping = await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
        organization: { method: 'none' },
        roles: { method: 'groups', groups: [{ groupId: g.id, roleIds: ['proe-user'] }] },
      });
      assert.equal(mapping.status, 200, mapping.text);
      const refused = await s.admin('PUT', `/users/${u.id}/roles`, { roleIds: ['customer-cloud-admin'] });
      assertProblem(refused, 409, 'user.roles_managed');
      assert.match(refused.body.detail, /Entra/);
      // The user page says so before anyone tries (the console disables the action with the reason).
      const detail = await s.admin('GET', `/users/${u.id}`);
      assert.deepEqual(detail.body.managedBy, {
        providerId: p.providerId,
        providerName: 'Entra',
        organization: null,
        roles: { method: 'groups', roleIds: [] },
      });
    });
  });
}

import { operatorPrincipal } from '../../src/core/auth/principal.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { hashSecret, newSecret } from '../../src/core/auth/credentials.js';
import { MappingApplyService } from '../../src/core/provisioning/mapping-apply.js';
import { DIALECTS } from '../helpers/databases.js';
import { createGroup, createUser, snapshot } from '../helpers/scim-assert.js';
import { http, type HttpResult, type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// Issue 3 item 4: "Apply organization and role settings" re-evaluates every user of a provider and
// moves them; with dryRun it reports what would change and changes nothing (SPEC C3, seeds/001).

function assertProblem(res: HttpResult, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.code, code);
}

for (const dialect of DIALECTS) {
  describe(`apply organization and role settings on ${dialect}`, () => {
    let s: TestServer;
    let rootId = '';
    let unmappedId = '';
    const db = () => s.roster.db.kysely;

    before(async () => {
      s = await startServer(dialect);
      rootId = (await s.admin('GET', '/organizations')).body.organizations[0].id;
      const res = await s.admin('POST', '/organizations', { name: 'Unmapped' });
      assert.equal(res.status, 201, res.text);
      unmappedId = res.body.id;
    });
    after(async () => s.close());

    const apply = (p: ScimClient, dryRun?: boolean): Promise<HttpResult> =>
      s.admin('POST', `/providers/${p.providerId}/mapping/apply${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`);
    const orgCount = async (): Promise<number> =>
      Number(
        (
          await db()
            .selectFrom('organizations')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rolesOf = async (userId: string): Promise<string[]> =>
      (
        await db()
          .selectFrom('role_assignments')
          .select(['role_id', 'source'])
          .where('user_id', '=', userId)
          .orderBy('role_id')
          .execute()
      ).map((r) => `${r.role_id}:${r.source}`);
    const orgOf = async (userId: string): Promise<string> =>
      (await db().selectFrom('users').select('org_id').where('id', '=', userId).executeTakeFirstOrThrow()).org_id;

    test('users provisioned before a mapping land in the root; dry run reports, apply moves them, a second apply finds nothing', async () => {
      const p = await s.scimProvider({ name: 'Apply provider' });
      const a = await createUser(p, { orgName: 'Research' });
      const b = await createUser(p, { orgName: ' research ' });
      const c = await createUser(p);
      const d = await createUser(p, { orgName: 'Labs' });
      const managers = await createGroup(p, 'Managers', [a.id, c.id]);
      for (const u of [a, b, c, d]) {
        assert.equal(await orgOf(u.id), rootId, 'before a mapping exists users land in the root');
        assert.deepEqual(await rolesOf(u.id), ['desktop-user:default']);
      }
      const put = await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
        organization: { method: 'orgName', unmappedOrgId: unmappedId },
        roles: { method: 'groups', groups: [{ groupId: managers.id, roleIds: ['cross-org-manager'] }] },
      });
      assert.equal(put.status, 200, put.text);

      // Dry run: reports every move and role change, writes nothing.
      const before = await snapshot(s);
      const orgsBefore = await orgCount();
      const dry = await apply(p, true);
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.body.dryRun, true);
      assert.equal(dry.body.usersEvaluated, 4);
      assert.equal(dry.body.usersChanged, 4);
      assert.equal(dry.body.truncated, false);
      const byUser = (res: HttpResult) => new Map<string, any>(res.body.changes.map((ch: any) => [ch.userId, ch]));
      const dc = byUser(dry);
      assert.deepEqual(dc.get(a.id), {
        userId: a.id,
        userName: a.userName,
        organization: { from: { id: rootId, name: 'Default organization' }, to: { id: null, name: 'Research' } },
        rolesAdded: ['cross-org-manager'],
        rolesRemoved: ['desktop-user'],
        notInRoleMapping: false,
      });
      assert.deepEqual(
        dc.get(b.id).organization.to,
        { id: null, name: 'research' },
        "named as the user's attribute says (trimmed)",
      );
      assert.deepEqual(
        [dc.get(b.id).rolesAdded, dc.get(b.id).rolesRemoved, dc.get(b.id).notInRoleMapping],
        [[], [], true],
      );
      assert.deepEqual(dc.get(c.id).organization.to, { id: unmappedId, name: 'Unmapped' });
      assert.deepEqual([dc.get(c.id).rolesAdded, dc.get(c.id).rolesRemoved], [['cross-org-manager'], ['desktop-user']]);
      assert.deepEqual(dc.get(d.id).organization.to, { id: null, name: 'Labs' });
      assert.deepEqual(await snapshot(s), before, 'a dry run changes nothing (rows, versions, sync log)');
      assert.equal(await orgCount(), orgsBefore, 'a dry run creates no organization');
      assertProblem(
        await s.admin('POST', `/providers/${p.providerId}/mapping/apply?dryRun=maybe`),
        400,
        'input.invalid',
      );

      // Apply: moves, creates each missing organization once, replaces mapped roles, logs.
      const done = await apply(p);
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.dryRun, false);
      assert.equal(done.body.usersChanged, 4);
      const research = await db()
        .selectFrom('organizations')
        .selectAll()
        .where('name_lower', '=', 'research')
        .execute();
      assert.equal(research.length, 1, 'Research is created once for two users');
      assert.equal(research[0]?.parent_id, rootId);
      assert.equal(await orgCount(), orgsBefore + 2, 'Research and Labs');
      const labs = await db()
        .selectFrom('organizations')
        .select('id')
        .where('name_lower', '=', 'labs')
        .executeTakeFirstOrThrow();
      const ac = byUser(done);
      assert.deepEqual(ac.get(a.id).organization.to, { id: research[0]?.id, name: 'Research' });
      assert.equal(await orgOf(a.id), research[0]?.id);
      assert.equal(await orgOf(b.id), research[0]?.id);
      assert.equal(await orgOf(c.id), unmappedId);
      assert.equal(await orgOf(d.id), labs.id);
      assert.deepEqual(await rolesOf(a.id), ['cross-org-manager:mapping']);
      assert.deepEqual(await rolesOf(b.id), ['desktop-user:default']);
      assert.deepEqual(await rolesOf(c.id), ['cross-org-manager:mapping']);
      const versions = await db()
        .selectFrom('users')
        .select(['id', 'version'])
        .where('id', 'in', [a.id, b.id])
        .execute();
      for (const v of versions) assert.equal(Number(v.version), 2, "a moved user's version is bumped");

      const log = await db()
        .selectFrom('sync_log')
        .select(['user_id', 'change_type', 'attribute', 'old_value', 'new_value'])
        .where('provider_id', '=', p.providerId)
        .where((eb) =>
          eb.or([eb('attribute', 'in', ['organization', 'role']), eb('change_type', '=', 'Not in Role Mapping')]),
        )
        .execute();
      const has = (
        userId: string | null,
        type: string,
        attribute: string,
        oldValue: string | null,
        newValue: string | null,
      ): boolean =>
        log.some(
          (e) =>
            e.user_id === userId &&
            e.change_type === type &&
            e.attribute === attribute &&
            e.old_value === oldValue &&
            e.new_value === newValue,
        );
      assert.equal(log.filter((e) => e.change_type === 'Created' && e.attribute === 'organization').length, 2);
      assert.ok(has(a.id, 'Modified', 'organization', 'Default organization', 'Research'));
      assert.ok(has(b.id, 'Modified', 'organization', 'Default organization', 'Research'));
      assert.ok(has(c.id, 'Modified', 'organization', 'Default organization', 'Unmapped'));
      assert.ok(has(a.id, 'Modified', 'role', 'Desktop User', null), 'the default role mapping owns is revoked');
      assert.ok(
        log.some(
          (e) =>
            e.user_id === a.id &&
            e.change_type === 'Modified' &&
            e.attribute === 'role' &&
            e.old_value === null &&
            e.new_value !== null,
        ),
        'the mapped role is granted',
      );
      assert.ok(log.some((e) => e.user_id === b.id && e.change_type === 'Not in Role Mapping'));
      assert.ok(!log.some((e) => e.user_id === a.id && e.change_type === 'Not in Role Mapping'));

      // Nothing left to do.
      const logCount = (await snapshot(s)).sync_log;
      const again = await apply(p, false);
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(again.body, {
        dryRun: false,
        usersEvaluated: 4,
        usersChanged: 0,
        changes: [],
        truncated: false,
      });
      assert.equal((await snapshot(s)).sync_log, logCount, 'a second apply logs nothing');
    });

    test('keyset chunks: every user is evaluated across chunk boundaries, each missing organization created once', async () => {
      const p = await s.scimProvider();
      const users = [];
      for (let i = 0; i < 7; i += 1) users.push(await createUser(p, { orgName: `Chunked ${i % 2}` }));
      const put = await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
        organization: { method: 'orgName', unmappedOrgId: unmappedId },
        roles: { method: 'manual' },
      });
      assert.equal(put.status, 200, put.text);
      const service = new MappingApplyService(s.roster.services.store, s.clock, { newId: randomUUID }, 2);
      const tenantId = (
        await db().selectFrom('users').select('tenant_id').where('id', '=', users[0].id).executeTakeFirstOrThrow()
      ).tenant_id;
      const dry = await service.apply(operatorPrincipal(tenantId), p.providerId, { dryRun: true });
      assert.deepEqual([dry.usersEvaluated, dry.usersChanged], [7, 7]);
      const done = await service.apply(operatorPrincipal(tenantId), p.providerId, { dryRun: false });
      assert.deepEqual([done.usersEvaluated, done.usersChanged], [7, 7]);
      const created = await db()
        .selectFrom('organizations')
        .select('name')
        .where('name_lower', 'like', 'chunked %')
        .execute();
      assert.equal(created.length, 2);
      assert.equal((await service.apply(operatorPrincipal(tenantId), p.providerId, { dryRun: false })).usersChanged, 0);
    });

    test('403 without identity_management.manage; 404 for an unknown provider', async () => {
      const p = await s.scimProvider();
      const u = await createUser(p);
      const token = newSecret('rst_adm');
      const tenantId = (
        await db().selectFrom('users').select('tenant_id').where('id', '=', u.id).executeTakeFirstOrThrow()
      ).tenant_id;
      await db()
        .insertInto('api_tokens')
        .values({
          id: `tok-apply-${dialect}`,
          tenant_id: tenantId,
          user_id: u.id,
          name: 't',
          token_hash: hashSecret(token),
          created_at: new Date().toISOString(),
        })
        .execute();
      assertProblem(
        await http('POST', `${s.url}/api/v1/providers/${p.providerId}/mapping/apply?dryRun=true`, undefined, {
          authorization: `Bearer ${token}`,
        }),
        403,
        'auth.forbidden',
      );
      assertProblem(await s.admin('POST', '/providers/no-such-provider/mapping/apply'), 404, 'provider.not_found');
    });
  });
}

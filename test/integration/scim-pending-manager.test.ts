import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import {
  CORE_USER_URN,
  ENTERPRISE_URN,
  createUser,
  email,
  listOf,
  patchOp,
  scim,
  syncLogOf,
  userRow,
} from '../helpers/scim-assert.js';
import { type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// SPEC C2 beyond: a `manager` naming a user who does not exist yet is kept as a pending reference
// (shown on the resource as sent) and linked, with a sync-log entry, when a user of the same
// provider arrives with that externalId — in the arriving request's transaction.

for (const dialect of DIALECTS) {
  describe(`pending manager references on ${dialect}`, () => {
    let s: TestServer;
    let okta: ScimClient;
    let entra: ScimClient;
    before(async () => {
      s = await startServer(dialect);
      okta = await s.scimProvider({ name: 'Okta' });
      entra = await s.scimProvider({ name: 'Entra' });
    });
    after(async () => s.close());

    const state = async (id: string): Promise<[string | null, string | null]> => {
      const row = await userRow(s, id);
      return [row?.manager_id ?? null, row?.pending_manager ?? null];
    };
    const managerLog = async (id: string) =>
      (await syncLogOf(s, id))
        .filter((e) => e.attribute === 'manager')
        .map((e) => [e.change_type, e.old_value, e.new_value]);
    const get = async (p: ScimClient, id: string) => scim(await p.req('GET', `/Users/${id}`), 200);

    test('Okta: manager {value: its own id} before that user exists; linked when it is created with that externalId', async () => {
      const bossExt = `00u${Date.now().toString(36)}okta`;
      const report = scim(
        await okta.req('POST', '/Users', {
          schemas: [CORE_USER_URN, ENTERPRISE_URN],
          userName: email('report'),
          externalId: `00ureport${Date.now().toString(36)}`,
          [ENTERPRISE_URN]: { manager: { value: bossExt, displayName: 'Big Boss' } },
        }),
        201,
      );
      assert.deepEqual(report[ENTERPRISE_URN].manager, { value: bossExt }, 'shown as sent, without $ref');
      assert.deepEqual(await state(report.id), [null, bossExt]);
      assert.equal((await syncLogOf(s, report.id)).filter((e) => e.change_type === 'Sync Failure').length, 0);
      assert.deepEqual(await managerLog(report.id), [['Modified', null, bossExt]]);

      // Okta's full-replace PUT sends it again: unchanged, nothing logged.
      const put = scim(await okta.req('PUT', `/Users/${report.id}`, { ...report, title: 'Analyst' }), 200);
      assert.deepEqual(put[ENTERPRISE_URN].manager, { value: bossExt });
      assert.equal((await managerLog(report.id)).length, 1);
      const versionBefore = (await get(okta, report.id)).meta.version;

      // A user of another provider with that externalId is not this provider's: nothing is linked.
      await createUser(entra, { externalId: bossExt });
      assert.deepEqual(await state(report.id), [null, bossExt]);

      const boss = await createUser(okta, { externalId: bossExt });
      assert.deepEqual(await state(report.id), [boss.id, null]);
      const after = await get(okta, report.id);
      assert.deepEqual(after[ENTERPRISE_URN].manager, { value: boss.id, $ref: `${okta.baseUrl}/Users/${boss.id}` });
      assert.notEqual(after.meta.version, versionBefore, 'linking changes the resource: a new ETag');
      assert.deepEqual(await managerLog(report.id), [
        ['Modified', null, bossExt],
        ['Modified', bossExt, boss.id],
      ]);
      const [linked] = (await syncLogOf(s, report.id)).slice(-1);
      assert.equal(linked?.username, report.userName);
      assert.match(linked?.detail ?? '', /arrived/);
      // Sending the externalId again resolves to the same user: no change.
      scim(await okta.req('PUT', `/Users/${report.id}`, { ...put, title: 'Analyst' }), 200);
      assert.equal((await managerLog(report.id)).length, 2);
    });

    test('every accepted shape, on POST, PUT and PATCH, keeps an unknown manager pending', async () => {
      const shapes = [(v: string) => v, (v: string) => ({ value: v }), (v: string) => [{ value: v, $ref: null }]];
      for (const [i, shape] of shapes.entries()) {
        const ext = `pending-${i}-${Date.now().toString(36)}`;
        const posted = await createUser(okta, { [ENTERPRISE_URN]: { manager: shape(`${ext}-post`) } });
        assert.deepEqual(await state(posted.id), [null, `${ext}-post`], 'POST');
        const top = await createUser(okta, { manager: shape(`${ext}-top`) });
        assert.deepEqual(await state(top.id), [null, `${ext}-top`], 'top-level manager (Entra legacy body)');
        scim(
          await okta.req('PUT', `/Users/${posted.id}`, {
            schemas: [CORE_USER_URN],
            userName: posted.userName,
            [ENTERPRISE_URN]: { manager: shape(`${ext}-put`) },
          }),
          200,
        );
        assert.deepEqual(await state(posted.id), [null, `${ext}-put`], 'PUT replaces the pending reference');
        for (const path of ['manager', `${ENTERPRISE_URN}:manager`]) {
          scim(
            await okta.req(
              'PATCH',
              `/Users/${posted.id}`,
              patchOp({ op: 'replace', path, value: shape(`${ext}-${path}`) }),
            ),
            200,
          );
          assert.deepEqual(await state(posted.id), [null, `${ext}-${path}`], `PATCH ${path}`);
        }
        // The one that arrives is the one last sent.
        await createUser(okta, { externalId: `${ext}-put` });
        assert.deepEqual(await state(posted.id), [null, `${ext}-${ENTERPRISE_URN}:manager`]);
        const boss = await createUser(okta, { externalId: `${ext}-${ENTERPRISE_URN}:manager` });
        assert.deepEqual(await state(posted.id), [boss.id, null]);
        const topBoss = await createUser(okta, { externalId: `${ext}-top` });
        assert.deepEqual(await state(top.id), [topBoss.id, null]);
      }
    });

    test('Entra: a bare id on the URN path that names no user is pending and visible to its filter; replaced and removed', async () => {
      const id = (await createUser(entra)).id;
      const ghost = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
      scim(
        await entra.req(
          'PATCH',
          `/Users/${id}`,
          patchOp({ op: 'add', path: `${ENTERPRISE_URN}:manager`, value: ghost }),
        ),
        200,
      );
      assert.deepEqual((await get(entra, id))[ENTERPRISE_URN].manager, { value: ghost });
      const check = listOf(await entra.req('GET', `/Users?filter=id+eq+${id}+and+manager+eq+${ghost}&attributes=id`));
      assert.equal(check.totalResults, 1, 'Entra reads back what it sent and does not PATCH it again');
      const byValue = listOf(
        await entra.req('GET', `/Users?filter=${encodeURIComponent(`manager.value eq "${ghost}"`)}`),
      );
      assert.deepEqual(
        byValue.Resources.map((r: any) => r.id),
        [id],
      );

      // Another manager (an existing user, by id) replaces the pending one.
      const boss = (await createUser(entra)).id;
      scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'manager', value: boss })), 200);
      assert.deepEqual(await state(id), [boss, null]);
      // Pending again, then removed: cleared, and a later arrival links nothing.
      const ext = `ext-${Date.now().toString(36)}`;
      scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'manager', value: ext })), 200);
      assert.deepEqual(await state(id), [null, ext]);
      const removed = scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Remove', path: 'manager' })), 200);
      assert.equal(removed[ENTERPRISE_URN]?.manager, undefined);
      assert.deepEqual(await state(id), [null, null]);
      await createUser(entra, { externalId: ext });
      assert.deepEqual(await state(id), [null, null]);
      assert.deepEqual(await managerLog(id), [
        ['Modified', null, ghost],
        ['Modified', ghost, boss],
        ['Modified', boss, ext],
        ['Modified', ext, null],
      ]);
    });

    test('a manager by externalId who exists is linked at once; self, ambiguity and failed arrivals', async () => {
      const ext = `boss-${Date.now().toString(36)}`;
      const boss = await createUser(okta, { externalId: ext });
      const direct = await createUser(okta, { [ENTERPRISE_URN]: { manager: ext } });
      assert.deepEqual(await state(direct.id), [boss.id, null]);
      assert.deepEqual(direct[ENTERPRISE_URN].manager.value, boss.id);

      // Their own id or externalId: a Sync Failure, the manager left as it was.
      const self = await createUser(okta, { externalId: `self-${ext}` });
      for (const value of [self.id, `self-${ext}`]) {
        scim(await okta.req('PATCH', `/Users/${self.id}`, patchOp({ op: 'replace', path: 'manager', value })), 200);
        assert.deepEqual(await state(self.id), [null, null]);
      }
      assert.equal((await syncLogOf(s, self.id)).filter((e) => e.change_type === 'Sync Failure').length, 2);

      // Two users with one externalId (RFC 7643 does not make it unique): which one is meant is unknown.
      await createUser(okta, { externalId: `twin-${ext}` });
      await createUser(okta, { externalId: `twin-${ext}` });
      const u = await createUser(okta, { [ENTERPRISE_URN]: { manager: `twin-${ext}` } });
      assert.deepEqual(await state(u.id), [null, null]);
      assert.match(
        (await syncLogOf(s, u.id)).find((e) => e.change_type === 'Sync Failure')?.detail ?? '',
        /Several users/,
      );

      // Several reports wait for one manager: one arrival links them all. A failed arrival links nobody.
      const later = `later-${ext}`;
      const reports = [
        await createUser(okta, { [ENTERPRISE_URN]: { manager: later } }),
        await createUser(okta, { [ENTERPRISE_URN]: { manager: { value: later } } }),
      ];
      const bad = await okta.req('POST', '/Users', {
        schemas: [CORE_USER_URN],
        userName: boss.userName,
        externalId: later,
      });
      assert.equal(bad.status, 409, bad.text);
      for (const r of reports) assert.deepEqual(await state(r.id), [null, later], 'the failed request linked nothing');
      const arrived = await createUser(okta, { externalId: later });
      for (const r of reports) assert.deepEqual(await state(r.id), [arrived.id, null]);
    });

    test('concurrent requests: a manager named while that user is being created is linked; no deadlock, no 5xx', async () => {
      for (let round = 0; round < 15; round += 1) {
        const ext = `race-${round}-${Date.now().toString(36)}`;
        // A report created at the same moment as its manager.
        const [report, boss] = await Promise.all([
          okta.req('POST', '/Users', {
            schemas: [CORE_USER_URN],
            userName: email('race'),
            [ENTERPRISE_URN]: { manager: { value: ext } },
          }),
          okta.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: email('boss'), externalId: ext }),
        ]);
        assert.equal(report.status, 201, report.text);
        assert.equal(boss.status, 201, boss.text);
        assert.deepEqual(await state(report.body.id), [boss.body.id, null], `round ${round}`);

        // A pending report re-sent by a full PUT while its manager arrives.
        const ext2 = `${ext}-put`;
        const waiting = await createUser(okta, { [ENTERPRISE_URN]: { manager: ext2 } });
        const [put, boss2] = await Promise.all([
          okta.req('PUT', `/Users/${waiting.id}`, { ...waiting, title: `round ${round}` }),
          okta.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: email('boss'), externalId: ext2 }),
        ]);
        assert.equal(put.status, 200, put.text);
        assert.equal(boss2.status, 201, boss2.text);
        assert.deepEqual(await state(waiting.id), [boss2.body.id, null], `round ${round} (PUT)`);

        // Two users created at once, each the other's manager.
        const [a, b] = await Promise.all(
          ['a', 'b'].map((x) =>
            okta.req('POST', '/Users', {
              schemas: [CORE_USER_URN],
              userName: email(x),
              externalId: `${ext}-${x}`,
              [ENTERPRISE_URN]: { manager: `${ext}-${x === 'a' ? 'b' : 'a'}` },
            }),
          ),
        );
        assert.equal(a?.status, 201, a?.text);
        assert.equal(b?.status, 201, b?.text);
        assert.deepEqual(await state(a?.body.id), [b?.body.id, null]);
        assert.deepEqual(await state(b?.body.id), [a?.body.id, null]);
      }
    });

    test('a removed user re-created by the provider, or given the externalId, arrives too', async () => {
      const ext = `again-${Date.now().toString(36)}`;
      const boss = await createUser(okta);
      assert.equal((await okta.req('DELETE', `/Users/${boss.id}`)).status, 204);
      const report = await createUser(okta, { [ENTERPRISE_URN]: { manager: ext } });
      assert.deepEqual(await state(report.id), [null, ext]);
      const revived = scim(
        await okta.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: boss.userName, externalId: ext }),
        201,
      );
      assert.equal(revived.id, boss.id);
      assert.deepEqual(await state(report.id), [boss.id, null]);

      const ext2 = `${ext}-2`;
      const report2 = await createUser(okta, { [ENTERPRISE_URN]: { manager: ext2 } });
      const other = await createUser(okta);
      scim(
        await okta.req('PATCH', `/Users/${other.id}`, patchOp({ op: 'replace', path: 'externalId', value: ext2 })),
        200,
      );
      assert.deepEqual(await state(report2.id), [other.id, null]);
    });
  });
}

// Issue 2 §9–10, SPEC C4/C5: a provider's deactivation (active:false or DELETE) blocks the user at
// once and records a pending deactivation; re-activation cancels it; DELETE hides without
// destroying; every change is in the sync log, written in the request's own transaction.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/databases.js';
import {
  scimError,
  assertUnchanged,
  CORE_USER_URN,
  createGroup,
  createUser,
  email,
  patchOp,
  snapshot,
  syncLogOf,
  userRow,
} from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const DELAY_SECONDS = 600;

for (const dialect of DIALECTS) {
  describe(`SCIM user lifecycle (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;

    const timers = (userId: string) =>
      server.roster.db.kysely
        .selectFrom('timers')
        .select(['kind', 'status', 'due_at', 'provider_id'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('due_at')
        .execute();
    const dueIn = (seconds: number): string => new Date(server.clock.now().getTime() + seconds * 1000).toISOString();
    const types = async (userId: string): Promise<string[]> =>
      (await syncLogOf(server, userId)).map((e) => e.change_type);

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider({ deactivationDelaySeconds: DELAY_SECONDS });
    });
    after(async () => {
      await server?.close();
    });

    test('PATCH active:false blocks at once and records a pending deactivation; active:true cancels it', async () => {
      const u = await createUser(scim);
      server.clock.advance(60_000);
      const due = dueIn(DELAY_SECONDS);
      const off = await scim.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
      assert.equal(off.status, 200, off.text);
      assert.equal(off.body.active, false);
      let row = await userRow(server, u.id);
      assert.equal(row?.status, 'blocked');
      assert.equal(Number(row?.scim_active), 0);
      assert.deepEqual(await timers(u.id), [
        { kind: 'user.deactivate', status: 'pending', due_at: due, provider_id: scim.providerId },
      ]);
      const blocked = (await syncLogOf(server, u.id)).filter((e) => e.change_type === 'Blocked');
      assert.deepEqual(
        blocked.map((e) => [e.attribute, e.old_value, e.new_value]),
        [['status', 'active', 'blocked']],
      );
      // Inactive users are still returned by GET and filters (Entra, issue 2 §8).
      assert.equal((await scim.req('GET', `/Users/${u.id}`)).body.active, false);
      // Re-activation within the delay lifts the block and cancels the timer.
      server.clock.advance(120_000);
      const on = await scim.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', value: { active: true } }));
      assert.equal(on.status, 200, on.text);
      row = await userRow(server, u.id);
      assert.equal(row?.status, 'active');
      assert.equal(Number(row?.scim_active), 1);
      assert.deepEqual(
        (await timers(u.id)).map((t) => t.status),
        ['cancelled'],
      );
      const reactivated = (await syncLogOf(server, u.id)).filter((e) => e.change_type === 'Reactivated');
      assert.deepEqual(
        reactivated.map((e) => [e.attribute, e.old_value, e.new_value]),
        [['status', 'blocked', 'active']],
      );
    });

    test('PUT active:false blocks and schedules; PUT active:true re-activates', async () => {
      const u = await createUser(scim, { name: { givenName: 'Put' } });
      const full = { schemas: [CORE_USER_URN], userName: u.userName, name: { givenName: 'Put' } };
      const due = dueIn(DELAY_SECONDS);
      const off = await scim.req('PUT', `/Users/${u.id}`, { ...full, active: false });
      assert.equal(off.status, 200, off.text);
      assert.equal((await userRow(server, u.id))?.status, 'blocked');
      assert.deepEqual(await timers(u.id), [
        { kind: 'user.deactivate', status: 'pending', due_at: due, provider_id: scim.providerId },
      ]);
      // Okta repeats the same PUT: no second timer, no second Blocked entry.
      server.clock.advance(1_000);
      assert.equal((await scim.req('PUT', `/Users/${u.id}`, { ...full, active: false })).status, 200);
      assert.equal((await timers(u.id)).filter((t) => t.status === 'pending').length, 1);
      const on = await scim.req('PUT', `/Users/${u.id}`, { ...full, active: true });
      assert.equal(on.status, 200, on.text);
      assert.equal((await userRow(server, u.id))?.status, 'active');
      assert.deepEqual(
        (await timers(u.id)).map((t) => t.status),
        ['cancelled'],
      );
      assert.deepEqual(await types(u.id), ['Created', 'Blocked', 'Reactivated']);
    });

    test('POST with active:false creates the user blocked, with a pending deactivation', async () => {
      const u = await createUser(scim, { active: false });
      assert.equal(u.active, false);
      assert.equal((await userRow(server, u.id))?.status, 'blocked');
      assert.deepEqual(
        (await timers(u.id)).map((t) => [t.status, t.due_at]),
        [['pending', dueIn(DELAY_SECONDS)]],
      );
      assert.deepEqual(await types(u.id), ['Created', 'Blocked']);
    });

    test('DELETE blocks, schedules, hides the user (404), keeps its row, and removes its memberships', async () => {
      const u = await createUser(scim, { name: { givenName: 'Gone' }, externalId: 'del-ext' });
      const keep = await createUser(scim);
      const g = await createGroup(scim, 'Deleted user group', [u.id, keep.id]);
      server.clock.advance(5_000);
      const due = dueIn(DELAY_SECONDS);
      const del = await scim.req('DELETE', `/Users/${u.id}`);
      assert.equal(del.status, 204, del.text);
      scimError(await scim.req('GET', `/Users/${u.id}`), 404);
      scimError(await scim.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })), 404);
      scimError(await scim.req('PUT', `/Users/${u.id}`, { schemas: [CORE_USER_URN], userName: u.userName }), 404);
      scimError(await scim.req('DELETE', `/Users/${u.id}`), 404);
      const listed = await scim.req('GET', `/Users?filter=${encodeURIComponent('externalId eq "del-ext"')}`);
      assert.equal(listed.body.totalResults, 0);
      // Nothing destroyed: the row, its profile and its roles are still there.
      const row = await userRow(server, u.id);
      assert.equal(row?.given_name, 'Gone');
      assert.equal(row?.status, 'blocked');
      assert.notEqual(row?.removed_at, null);
      const roles = await server.roster.db.kysely
        .selectFrom('role_assignments')
        .select('role_id')
        .where('user_id', '=', u.id)
        .execute();
      assert.ok(roles.length > 0);
      assert.deepEqual(await timers(u.id), [
        { kind: 'user.deactivate', status: 'pending', due_at: due, provider_id: scim.providerId },
      ]);
      const members = await server.roster.db.kysely
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', g.id)
        .execute();
      assert.deepEqual(
        members.map((m) => m.user_id),
        [keep.id],
      );
      assert.deepEqual(
        (await scim.req('GET', `/Groups/${g.id}`)).body.members.map((m: any) => m.value),
        [keep.id],
      );
      const log = await syncLogOf(server, u.id);
      assert.deepEqual(
        log.map((e) => e.change_type).sort(),
        ['Blocked', 'Created', 'Modified', 'Modified', 'Removed'].sort(),
      );
      assert.ok(
        log.some(
          (e) =>
            e.change_type === 'Modified' &&
            e.attribute === 'group' &&
            e.old_value === 'Deleted user group' &&
            e.new_value === null,
        ),
      );
    });

    test('a POST for a removed userName: 409 for another provider, restores the same user for the owner', async () => {
      const u = await createUser(scim, { title: 'Before' });
      assert.equal((await scim.req('DELETE', `/Users/${u.id}`)).status, 204);
      const other = await server.scimProvider();
      const s = await snapshot(server);
      scimError(
        await other.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: u.userName }),
        409,
        'uniqueness',
      );
      await assertUnchanged(server, s);
      server.clock.advance(30_000);
      const again = await scim.req('POST', '/Users', {
        schemas: [CORE_USER_URN],
        userName: u.userName.toUpperCase(),
        title: 'After',
      });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.body.id, u.id, 'the existing user is restored, not a new one created');
      assert.equal(again.body.active, true);
      const row = await userRow(server, u.id);
      assert.equal(row?.removed_at, null);
      assert.equal(row?.status, 'active');
      assert.equal(row?.title, 'After');
      assert.deepEqual(
        (await timers(u.id)).map((t) => t.status),
        ['cancelled'],
      );
      assert.equal((await scim.req('GET', `/Users/${u.id}`)).status, 200);
      const log = await syncLogOf(server, u.id);
      assert.deepEqual(
        log.map((e) => e.change_type),
        ['Created', 'Removed', 'Blocked', 'Created', 'Modified', 'Modified', 'Reactivated'],
      );
      assert.match(log[3]?.detail ?? '', /restored/);
    });

    test('sync log: Created, and Modified with attribute, old and new value', async () => {
      const u = await createUser(scim, { name: { givenName: 'Old', familyName: 'Name' }, title: 'Engineer' });
      let log = await syncLogOf(server, u.id);
      assert.deepEqual(
        log.map((e) => [e.change_type, e.attribute, e.new_value, e.username]),
        [['Created', 'username', u.userName, u.userName]],
      );
      const res = await scim.req(
        'PATCH',
        `/Users/${u.id}`,
        patchOp(
          { op: 'replace', path: 'name.givenName', value: 'New' },
          { op: 'replace', path: 'title', value: 'Manager' },
        ),
      );
      assert.equal(res.status, 200, res.text);
      log = await syncLogOf(server, u.id);
      assert.deepEqual(
        log
          .slice(1)
          .map((e) => [e.change_type, e.attribute, e.old_value, e.new_value])
          .sort(),
        [
          ['Modified', 'firstName', 'Old', 'New'],
          ['Modified', 'title', 'Engineer', 'Manager'],
        ],
      );
      // A no-op update writes nothing.
      const before = await snapshot(server);
      assert.equal(
        (await scim.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'Manager' }))).status,
        200,
      );
      await assertUnchanged(server, before);
      // A userName change is logged as username.
      const renamed = email('renamed');
      assert.equal(
        (await scim.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'userName', value: renamed })))
          .status,
        200,
      );
      const last = (await syncLogOf(server, u.id)).at(-1);
      assert.deepEqual(
        [last?.change_type, last?.attribute, last?.old_value, last?.new_value, last?.username],
        ['Modified', 'username', u.userName, renamed, renamed],
      );
    });

    test('a failing request leaves no sync-log rows (nor anything else)', async () => {
      const held = await createUser(scim);
      const u = await createUser(scim, { title: 'Same' });
      const s = await snapshot(server);
      // Would log a Sync Failure (country, manager) and a Created entry, but the userName is taken.
      scimError(
        await scim.req('POST', '/Users', {
          schemas: [CORE_USER_URN],
          userName: held.userName,
          addresses: [{ country: 'Atlantis' }],
          manager: 'nobody',
        }),
        409,
        'uniqueness',
      );
      // Would log Modified and Blocked, but the rename collides.
      scimError(
        await scim.req('PUT', `/Users/${u.id}`, {
          schemas: [CORE_USER_URN],
          userName: held.userName,
          title: 'Other',
          active: false,
        }),
        409,
        'uniqueness',
      );
      // Would deactivate, but a later operation is invalid.
      scimError(
        await scim.req(
          'PATCH',
          `/Users/${u.id}`,
          patchOp({ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'meta', value: {} }),
        ),
        400,
        'mutability',
      );
      await assertUnchanged(server, s);
      assert.equal((await userRow(server, u.id))?.status, 'active');
    });

    test('a storage failure while writing the sync log rolls the whole change back', async () => {
      const db = server.roster.db.kysely;
      const victim = await createUser(scim, { userName: email('boom-existing') });
      const g = await createGroup(scim, 'Rollback group', [victim.id]);
      // Inject a fault: inserting a sync-log row for a "boom" user fails inside the transaction.
      if (dialect === 'sqlite') {
        await sql`create trigger fail_sync_log before insert on sync_log when new.username like 'boom%'
          begin select raise(abort, 'injected failure'); end`.execute(db);
      } else {
        await sql`create function fail_sync_log() returns trigger language plpgsql as $$
          begin if new.username like 'boom%' then raise exception 'injected failure'; end if; return new; end $$`.execute(
          db,
        );
        await sql`create trigger fail_sync_log before insert on sync_log for each row execute function fail_sync_log()`.execute(
          db,
        );
      }
      try {
        const s = await snapshot(server);
        // The failure is the server's, so 500 is right here — still a SCIM error body, with no detail leaked.
        const created = await scim.req('POST', '/Users', {
          schemas: [CORE_USER_URN],
          userName: email('boom-new'),
          active: false,
        });
        scimError(created, 500);
        assert.doesNotMatch(created.body.detail, /injected/);
        scimError(
          await scim.req('PATCH', `/Users/${victim.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
          500,
        );
        scimError(await scim.req('DELETE', `/Users/${victim.id}`), 500);
        await assertUnchanged(server, s);
        assert.equal((await userRow(server, victim.id))?.status, 'active');
        assert.deepEqual(await timers(victim.id), []);
        assert.deepEqual(
          (await scim.req('GET', `/Groups/${g.id}`)).body.members.map((m: any) => m.value),
          [victim.id],
        );
      } finally {
        await sql`drop trigger fail_sync_log${sql.raw(dialect === 'postgres' ? ' on sync_log' : '')}`.execute(db);
        if (dialect === 'postgres') await sql`drop function fail_sync_log()`.execute(db);
      }
    });
  });
}

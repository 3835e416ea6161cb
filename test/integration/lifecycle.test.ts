import { operatorPrincipal } from '../../src/core/auth/principal.js';
// SPEC C4, issue 3 item 1: block, deactivate, reactivate, cold storage and purge, legal hold, the
// provider's deactivation delay — on a real server and both databases, time moved by a fake clock.
// The sweeper loop is off (ROSTER_SWEEP_INTERVAL_MS=0): each test runs sweepOnce() itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { isDomainError } from '../../src/core/errors.js';
import { DIALECTS } from '../helpers/databases.js';
import { createUser, patchOp, syncLogOf, userRow } from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`user lifecycle (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;
    let tenantId: string;
    const svc = () => server.roster.services;
    const sweep = () => server.roster.sweeper.sweepOnce(server.clock.now());
    const at = (ms = 0): string => new Date(server.clock.now().getTime() + ms).toISOString();
    const view = (userId: string) => svc().lifecycle.view(operatorPrincipal(tenantId), userId);
    const types = async (userId: string) => (await syncLogOf(server, userId)).map((e) => e.change_type);
    const deactivate = (client: ScimClient, id: string) =>
      client.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'active', value: false }));

    /** A provisioned user with two devices (one deauthorized), each with an archive. */
    async function userWithDevices(client = scim): Promise<{ id: string; laptop: string; desktop: string }> {
      const u = await createUser(client);
      // A second apart, so that lists (ordered by creation) come back in this order.
      const laptop = await svc().devices.register(operatorPrincipal(tenantId), u.id, {
        name: 'Laptop',
        os: 'macOS',
        agentVersion: '11.0',
      });
      await svc().devices.addArchive(operatorPrincipal(tenantId), laptop.id, 'Cloud West');
      server.clock.advance(1000);
      const desktop = await svc().devices.register(operatorPrincipal(tenantId), u.id, {
        name: 'Desktop',
        os: 'Windows',
      });
      await svc().devices.addArchive(operatorPrincipal(tenantId), desktop.id, 'Cloud East');
      await svc().devices.deauthorize(operatorPrincipal(tenantId), desktop.id);
      return { id: u.id, laptop: laptop.id, desktop: desktop.id };
    }

    before(async () => {
      server = await startServer(dialect, { ROSTER_SWEEP_INTERVAL_MS: '0' });
      tenantId = server.roster.bootstrap.tenantId;
      scim = await server.scimProvider({ deactivationDelaySeconds: 900 });
    });
    after(async () => {
      await server?.close();
    });

    test('block and unblock: immediate, non-destructive, logged', async () => {
      const u = await userWithDevices();
      const blocked = await svc().lifecycle.block(operatorPrincipal(tenantId), u.id);
      assert.equal(blocked.status, 'blocked');
      const v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.adminBlocked], ['blocked', true]);
      // Devices keep backing up: nothing about them changed.
      assert.deepEqual(
        v.devices.map((d) => d.status),
        ['active', 'deauthorized'],
      );
      assert.deepEqual(
        v.archives.map((a) => a.state),
        ['active', 'active'],
      );
      assert.equal((await svc().lifecycle.unblock(operatorPrincipal(tenantId), u.id)).status, 'active');
      const log = (await syncLogOf(server, u.id)).slice(1);
      assert.deepEqual(
        log.map((e) => [e.change_type, e.old_value, e.new_value]),
        [
          ['Blocked', 'active', 'blocked'],
          ['Reactivated', 'blocked', 'active'],
        ],
      );
    });

    test('deactivate: devices deactivated, archives to cold storage, a purge timer; reactivate restores everything', async () => {
      const u = await userWithDevices();
      const until = at(30 * DAY); // the default organization keeps archives 30 days
      await svc().lifecycle.deactivate(operatorPrincipal(tenantId), u.id);
      let v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.deactivatedAt], ['deactivated', at()]);
      assert.deepEqual(
        v.devices.map((d) => [d.status, d.restoreStatus]),
        [
          ['deactivated', 'active'],
          ['deactivated', 'deauthorized'],
        ],
      );
      assert.deepEqual(
        v.archives.map((a) => [a.state, a.coldStorageUntil]),
        [
          ['cold_storage', until],
          ['cold_storage', until],
        ],
      );
      assert.deepEqual(
        v.timers.map((t) => [t.kind, t.dueAt, t.status]),
        [['archive.purge', until, 'pending']],
      );
      // Manual deactivation is immediate: no timer involved, and it is logged.
      assert.deepEqual((await types(u.id)).slice(-1), ['Deactivated']);
      server.clock.advance(10 * DAY);
      await svc().lifecycle.reactivate(operatorPrincipal(tenantId), u.id);
      v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.deactivatedAt], ['active', null]);
      assert.deepEqual(
        v.devices.map((d) => [d.status, d.restoreStatus]),
        [
          ['active', null],
          ['deauthorized', null],
        ],
      );
      assert.deepEqual(
        v.archives.map((a) => [a.state, a.coldStorageUntil]),
        [
          ['active', null],
          ['active', null],
        ],
      );
      assert.deepEqual(v.timers, [], 'the purge is cancelled');
      server.clock.advance(30 * DAY);
      await sweep();
      assert.deepEqual(
        (await view(u.id)).archives.map((a) => a.state),
        ['active', 'active'],
        'nothing is lost',
      );
    });

    test('the archives are purged when the cold-storage period ends; a device deactivated alone keeps its own purge', async () => {
      const u = await userWithDevices();
      await svc().devices.deactivate(operatorPrincipal(tenantId), u.desktop);
      server.clock.advance(DAY);
      await svc().lifecycle.deactivate(operatorPrincipal(tenantId), u.id);
      server.clock.advance(29 * DAY);
      await sweep();
      assert.deepEqual(
        (await view(u.id)).archives.map((a) => a.state),
        ['cold_storage', 'purged'],
        'the desktop, deactivated a day earlier, is purged first',
      );
      server.clock.advance(DAY - MINUTE);
      await sweep();
      assert.deepEqual(
        (await view(u.id)).archives.map((a) => a.state),
        ['cold_storage', 'purged'],
      );
      server.clock.advance(MINUTE);
      await sweep();
      assert.deepEqual(
        (await view(u.id)).archives.map((a) => a.state),
        ['purged', 'purged'],
      );
      // Reactivating after the purge brings the user and devices back; purged data stays purged.
      await svc().lifecycle.reactivate(operatorPrincipal(tenantId), u.id);
      const v = await view(u.id);
      assert.deepEqual([v.user.status, ...v.devices.map((d) => d.status)], ['active', 'active', 'deactivated']);
      assert.deepEqual(
        v.archives.map((a) => a.state),
        ['purged', 'purged'],
      );
    });

    test('device actions: deauthorize, block, deactivate and reactivate one device', async () => {
      const u = await userWithDevices();
      assert.equal((await svc().devices.setBlocked(operatorPrincipal(tenantId), u.laptop, true)).blocked, true);
      const off = await svc().devices.deactivate(operatorPrincipal(tenantId), u.laptop);
      assert.equal(off.status, 'deactivated');
      let v = await view(u.id);
      assert.deepEqual(
        v.archives.map((a) => a.state),
        ['cold_storage', 'active'],
      );
      assert.deepEqual(
        v.timers.map((t) => [t.kind, t.deviceId]),
        [['archive.purge', u.laptop]],
      );
      await assert.rejects(svc().devices.deauthorize(operatorPrincipal(tenantId), u.laptop), (e) =>
        isDomainError(e, 'device.deactivated'),
      );
      assert.equal((await svc().devices.reactivate(operatorPrincipal(tenantId), u.laptop)).status, 'active');
      v = await view(u.id);
      assert.deepEqual(
        v.archives.map((a) => a.state),
        ['active', 'active'],
      );
      assert.deepEqual(v.timers, []);
      await svc().lifecycle.deactivate(operatorPrincipal(tenantId), u.id);
      await assert.rejects(svc().devices.reactivate(operatorPrincipal(tenantId), u.laptop), (e) =>
        isDomainError(e, 'user.deactivated'),
      );
      await assert.rejects(
        svc().devices.register(operatorPrincipal(tenantId), u.id, { name: 'New', os: 'Linux' }),
        (e) => isDomainError(e, 'user.deactivated'),
      );
      await assert.rejects(svc().devices.deactivate(operatorPrincipal(tenantId), 'no-such-device'), (e) =>
        isDomainError(e, 'device.not_found'),
      );
    });

    test('provider delay 15 min: blocked at once, deactivated by the sweeper after the delay', async () => {
      const u = await userWithDevices();
      const due = at(15 * MINUTE);
      assert.equal((await deactivate(scim, u.id)).status, 200);
      let v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.deactivationState], ['blocked', 'pending']);
      assert.deepEqual(
        v.timers.map((t) => [t.kind, t.dueAt]),
        [['user.deactivate', due]],
      );
      server.clock.advance(14 * MINUTE);
      await sweep();
      assert.equal((await view(u.id)).user.status, 'blocked');
      server.clock.advance(MINUTE);
      await sweep();
      v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.deactivationState], ['deactivated', null]);
      assert.deepEqual(
        v.devices.map((d) => d.status),
        ['deactivated', 'deactivated'],
      );
      assert.deepEqual(
        v.archives.map((a) => a.state),
        ['cold_storage', 'cold_storage'],
      );
      const last = (await syncLogOf(server, u.id)).at(-1);
      assert.deepEqual(
        [last?.change_type, last?.old_value, last?.new_value],
        ['Deactivated', 'blocked', 'deactivated'],
      );
      // The provider re-activates later (before the purge): everything comes back.
      assert.equal(
        (await scim.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'active', value: true }))).status,
        200,
      );
      v = await view(u.id);
      assert.deepEqual(
        [v.user.status, ...v.devices.map((d) => d.status), ...v.archives.map((a) => a.state)],
        ['active', 'active', 'deauthorized', 'active', 'active'],
      );
    });

    test('provider delay 0: due at once, deactivated on the next sweep; editing the delay applies to later deactivations', async () => {
      const quick = await server.scimProvider({ deactivationDelaySeconds: 0 });
      const a = await createUser(quick);
      assert.equal((await deactivate(quick, a.id)).status, 200);
      assert.equal((await userRow(server, a.id))?.status, 'blocked');
      assert.ok((await sweep()).done >= 1);
      assert.equal((await userRow(server, a.id))?.status, 'deactivated');
      // Edit: 0 → 60 s. A deactivation already pending keeps its due time.
      const edited = await server.scimProvider({ deactivationDelaySeconds: 3600 });
      const early = await createUser(edited);
      await deactivate(edited, early.id);
      const p = await svc().providers.setDeactivationDelay(operatorPrincipal(tenantId), edited.providerId, 60);
      assert.equal(p.deactivationDelaySeconds, 60);
      const late = await createUser(edited);
      await deactivate(edited, late.id);
      assert.deepEqual(
        (await view(late.id)).timers.map((t) => t.dueAt),
        [at(60_000)],
      );
      assert.deepEqual(
        (await view(early.id)).timers.map((t) => t.dueAt),
        [at(3600_000)],
      );
      server.clock.advance(MINUTE);
      await sweep();
      assert.deepEqual(
        [(await userRow(server, late.id))?.status, (await userRow(server, early.id))?.status],
        ['deactivated', 'blocked'],
      );
      for (const bad of [-1, 1.5, 31 * 86_400]) {
        await assert.rejects(
          svc().providers.setDeactivationDelay(operatorPrincipal(tenantId), edited.providerId, bad),
          (e) => isDomainError(e, 'input.invalid') && e.details.field === 'deactivationDelaySeconds',
        );
      }
      await assert.rejects(svc().providers.setDeactivationDelay(operatorPrincipal(tenantId), 'nope', 0), (e) =>
        isDomainError(e, 'provider.not_found'),
      );
    });

    test('a timer for a user re-activated or changed meanwhile: no action, no error', async () => {
      // Re-activated within the delay: the timer was cancelled, so it is never claimed.
      const a = await createUser(scim);
      await deactivate(scim, a.id);
      await scim.req('PATCH', `/Users/${a.id}`, patchOp({ op: 'replace', path: 'active', value: true }));
      // Changed meanwhile without the timer being cancelled (e.g. an administrator's deactivation
      // and reactivation raced with it): the timer is claimed but finds nothing to do.
      const b = await createUser(scim);
      await deactivate(scim, b.id);
      await server.roster.db.kysely
        .updateTable('users')
        .set({ deactivation_state: null, status: 'active' })
        .where('id', '=', b.id)
        .execute();
      const before = [...(await types(a.id)), ...(await types(b.id))];
      server.clock.advance(16 * MINUTE);
      const r = await sweep();
      assert.equal(r.failed, 0);
      assert.ok(r.no_action >= 1, "b's timer was claimed and did nothing");
      assert.deepEqual(
        [(await userRow(server, a.id))?.status, (await userRow(server, b.id))?.status],
        ['active', 'active'],
      );
      assert.deepEqual([...(await types(a.id)), ...(await types(b.id))], before, 'nothing logged');
      assert.deepEqual((await view(b.id)).timers, [], 'the claimed timer is done');
    });

    const batchCase =
      'a batch of due timers settles each in one transaction as if alone ' +
      '(deactivate, changed meanwhile, legal hold, a second timer of one user)';
    test(batchCase, async () => {
      const plain = [await userWithDevices(), await userWithDevices()];
      const changed = await createUser(scim);
      const held = await userWithDevices();
      const matter = await svc().legalHolds.createMatter(operatorPrincipal(tenantId), `Batch ${dialect}`);
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), matter.id, held.id);
      for (const u of [...plain, changed, held]) assert.equal((await deactivate(scim, u.id)).status, 200);
      await server.roster.db.kysely
        .updateTable('users')
        .set({ deactivation_state: null, status: 'active' })
        .where('id', '=', changed.id)
        .execute();
      server.clock.advance(16 * MINUTE);
      // A second due timer of a user in the batch: left to run on its own, after the first.
      const second = {
        id: `second-${dialect}`,
        tenantId,
        kind: 'archive.purge' as const,
        userId: plain[0]?.id as string,
        providerId: null,
        deviceId: null,
        dueAt: at(),
        status: 'pending' as const,
        createdAt: at(),
        updatedAt: at(),
      };
      await svc().store.transaction((tx) => tx.timers.schedule(second));
      const ids = new Set([...plain, changed, held].map((u) => u.id));
      const refs = (await svc().timers.due(server.clock.now(), 1000)).filter((t) => ids.has(t.userId));
      assert.equal(refs.length, 5);

      const { outcomes, rest } = await svc().timers.runBatch(refs, server.clock.now());
      assert.deepEqual(
        rest.map((t) => t.id),
        [second.id],
      );
      const byUser = (id: string) => outcomes.get(refs.find((t) => t.userId === id && t.id !== second.id)?.id ?? '');
      assert.deepEqual(
        [...plain, changed, held].map((u) => byUser(u.id)),
        ['done', 'done', 'no_action', 'done'],
      );
      for (const u of plain) {
        const v = await view(u.id);
        assert.deepEqual([v.user.status, v.user.deactivatedAt, v.user.deactivationState], ['deactivated', at(), null]);
        assert.deepEqual(
          v.devices.map((d) => [d.status, d.restoreStatus]),
          [
            ['deactivated', 'active'],
            ['deactivated', 'deauthorized'],
          ],
        );
        assert.deepEqual(
          v.archives.map((a) => [a.state, a.coldStorageUntil]),
          [
            ['cold_storage', at(30 * DAY)],
            ['cold_storage', at(30 * DAY)],
          ],
        );
        const log = (await syncLogOf(server, u.id)).at(-1);
        assert.deepEqual(
          [log?.change_type, log?.old_value, log?.new_value, log?.detail],
          [
            'Deactivated',
            'blocked',
            'deactivated',
            'Deactivation delay elapsed: devices deactivated, archives moved to cold storage',
          ],
        );
      }
      assert.deepEqual(
        (await view(plain[1]?.id as string)).timers.map((t) => [t.kind, t.dueAt, t.status]),
        [['archive.purge', at(30 * DAY), 'pending']],
      );
      assert.deepEqual([(await userRow(server, changed.id))?.status, (await view(changed.id)).timers], ['active', []]);
      assert.deepEqual((await types(changed.id)).at(-1), 'Blocked', 'nothing logged for the changed user');
      const h = await view(held.id);
      assert.deepEqual(
        [h.user.status, h.user.deactivationState, ...h.archives.map((a) => a.state)],
        ['blocked', 'held_legal', 'active', 'active'],
      );
      assert.match(
        (await syncLogOf(server, held.id)).at(-1)?.detail ?? '',
        new RegExp(`On legal hold \\(Batch ${dialect}\\)`),
      );

      // The second timer runs alone: the purge finds nothing due yet (cold storage lasts 30 days).
      assert.equal(await svc().timers.run(rest[0] as (typeof rest)[number], server.clock.now()), 'no_action');
      // Run again, the batch finds every timer settled.
      const again = await svc().timers.runBatch(
        refs.filter((t) => t.id !== second.id),
        server.clock.now(),
      );
      assert.deepEqual([[...again.outcomes.values()].every((o) => o === 'lost'), again.rest], [true, []]);
      await svc().legalHolds.releaseMatter(operatorPrincipal(tenantId), matter.id);
    });

    test('a timer that fails in a batch fails alone: the others run, it stays pending and runs once the cause is gone', async () => {
      const [ok1, failing, ok2] = [await userWithDevices(), await userWithDevices(), await userWithDevices()];
      for (const u of [ok1, failing, ok2]) await deactivate(scim, u.id);
      const kysely = server.roster.db.kysely;
      // The database refuses to deactivate the failing user's devices (a trigger on either dialect).
      if (dialect === 'postgres') {
        await sql`create function roster_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`.execute(
          kysely,
        );
        await sql
          .raw(
            `create trigger roster_test_refuse before update on devices for each row ` +
              `when (old.user_id = '${failing.id}') execute function roster_test_refuse()`,
          )
          .execute(kysely);
      } else {
        await sql
          .raw(
            `create trigger roster_test_refuse before update on devices when old.user_id = '${failing.id}' begin select raise(abort, 'refused by test'); end`,
          )
          .execute(kysely);
      }
      server.clock.advance(16 * MINUTE);
      const r = await sweep();
      assert.deepEqual([r.failed, r.done >= 2], [1, true]);
      assert.deepEqual(
        [
          (await userRow(server, ok1.id))?.status,
          (await userRow(server, failing.id))?.status,
          (await userRow(server, ok2.id))?.status,
        ],
        ['deactivated', 'blocked', 'deactivated'],
      );
      const f = await view(failing.id);
      assert.deepEqual(
        [f.user.deactivationState, ...f.devices.map((d) => d.status), ...f.archives.map((a) => a.state)],
        ['pending', 'active', 'deauthorized', 'active', 'active'],
        'nothing of it was written',
      );
      assert.deepEqual(
        f.timers.map((t) => [t.kind, t.status]),
        [['user.deactivate', 'pending']],
      );

      await sql`drop trigger roster_test_refuse ${sql.raw(dialect === 'postgres' ? 'on devices' : '')}`.execute(kysely);
      if (dialect === 'postgres') await sql`drop function roster_test_refuse()`.execute(kysely);
      const retry = await sweep();
      assert.deepEqual([retry.failed, retry.done >= 1], [0, true]);
      assert.equal((await userRow(server, failing.id))?.status, 'deactivated');
      assert.equal((await types(failing.id)).filter((t) => t === 'Deactivated').length, 1);
    });

    test('legal hold: a provider deactivation blocks instead, and deactivates on release', async () => {
      const u = await userWithDevices();
      const matter = await svc().legalHolds.createMatter(operatorPrincipal(tenantId), `Matter ${dialect} A`);
      await assert.rejects(svc().legalHolds.createMatter(operatorPrincipal(tenantId), `MATTER ${dialect} a`), (e) =>
        isDomainError(e, 'legal_hold.name_taken'),
      );
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), matter.id, u.id);
      await deactivate(scim, u.id);
      server.clock.advance(15 * MINUTE);
      await sweep();
      let v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.deactivationState], ['blocked', 'held_legal']);
      assert.deepEqual(
        v.archives.map((a) => a.state),
        ['active', 'active'],
        'the data is retained',
      );
      assert.deepEqual(
        v.legalHolds.map((m) => m.id),
        [matter.id],
      );
      const held = (await syncLogOf(server, u.id)).at(-1);
      assert.deepEqual(
        [held?.change_type, held?.attribute, held?.old_value, held?.new_value],
        ['Blocked', 'deactivation', 'pending', 'held_legal'],
      );
      assert.match(held?.detail ?? '', /legal hold/);
      // Release: the deactivation is still wanted, so it is carried out at once.
      server.clock.advance(DAY);
      await svc().legalHolds.releaseMatter(operatorPrincipal(tenantId), matter.id);
      v = await view(u.id);
      assert.deepEqual([v.user.status, v.user.deactivatedAt], ['deactivated', at()]);
      assert.deepEqual(
        v.archives.map((a) => [a.state, a.coldStorageUntil]),
        [
          ['cold_storage', at(30 * DAY)],
          ['cold_storage', at(30 * DAY)],
        ],
      );
      assert.equal((await syncLogOf(server, u.id)).at(-1)?.change_type, 'Deactivated');
      await assert.rejects(svc().legalHolds.addCustodian(operatorPrincipal(tenantId), matter.id, u.id), (e) =>
        isDomainError(e, 'legal_hold.released'),
      );
    });

    test('legal hold: removing a custodian releases only when no other matter holds them; re-activation cancels a held deactivation', async () => {
      const u = await createUser(scim);
      const [m1, m2] = [
        await svc().legalHolds.createMatter(operatorPrincipal(tenantId), `${dialect} one`),
        await svc().legalHolds.createMatter(operatorPrincipal(tenantId), `${dialect} two`),
      ];
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), m1.id, u.id);
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), m2.id, u.id);
      await deactivate(scim, u.id);
      server.clock.advance(15 * MINUTE);
      await sweep();
      await svc().legalHolds.removeCustodian(operatorPrincipal(tenantId), m1.id, u.id);
      assert.equal((await userRow(server, u.id))?.deactivation_state, 'held_legal', 'still held by the second matter');
      await svc().legalHolds.removeCustodian(operatorPrincipal(tenantId), m2.id, u.id);
      assert.equal((await userRow(server, u.id))?.status, 'deactivated');
      // A custodian whose provider re-activates them is no longer to be deactivated on release.
      const w = await createUser(scim);
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), m1.id, w.id);
      await deactivate(scim, w.id);
      server.clock.advance(15 * MINUTE);
      await sweep();
      await scim.req('PATCH', `/Users/${w.id}`, patchOp({ op: 'replace', path: 'active', value: true }));
      assert.equal((await userRow(server, w.id))?.status, 'active');
      await svc().legalHolds.releaseMatter(operatorPrincipal(tenantId), m1.id);
      assert.equal((await userRow(server, w.id))?.status, 'active');
    });

    test("legal hold keeps a deactivated custodian's archives past their purge date; release purges them", async () => {
      const u = await userWithDevices();
      await svc().lifecycle.deactivate(operatorPrincipal(tenantId), u.id);
      const matter = await svc().legalHolds.createMatter(operatorPrincipal(tenantId), `Retained ${dialect}`);
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), matter.id, u.id);
      server.clock.advance(31 * DAY);
      await sweep();
      assert.deepEqual(
        (await view(u.id)).archives.map((a) => a.state),
        ['cold_storage', 'cold_storage'],
      );
      await svc().legalHolds.releaseMatter(operatorPrincipal(tenantId), matter.id);
      await sweep();
      assert.deepEqual(
        (await view(u.id)).archives.map((a) => a.state),
        ['purged', 'purged'],
      );
    });

    test('an administrator cannot deactivate a custodian (user.on_legal_hold), but can block them', async () => {
      const u = await userWithDevices();
      const matter = await svc().legalHolds.createMatter(operatorPrincipal(tenantId), `Manual ${dialect}`);
      await svc().legalHolds.addCustodian(operatorPrincipal(tenantId), matter.id, u.id);
      const logBefore = await types(u.id);
      await assert.rejects(
        svc().lifecycle.deactivate(operatorPrincipal(tenantId), u.id),
        (e) => isDomainError(e, 'user.on_legal_hold') && String(e.details.matters).includes(`Manual ${dialect}`),
      );
      const v = await view(u.id);
      assert.deepEqual([v.user.status, ...v.archives.map((a) => a.state)], ['active', 'active', 'active']);
      assert.deepEqual(await types(u.id), logBefore);
      assert.equal((await svc().lifecycle.block(operatorPrincipal(tenantId), u.id)).status, 'blocked');
      await assert.rejects(svc().lifecycle.deactivate(operatorPrincipal(tenantId), 'no-such-user'), (e) =>
        isDomainError(e, 'user.not_found'),
      );
    });
  });
}

import { operatorPrincipal } from '../../src/core/auth/principal.js';
// Issue 3 item 2: the mass-deprovision guard, through the real SCIM server on both databases. With
// the defaults (more than 10 % and at least 50 users within one hour) a provider of 60 users that
// deactivates 55 has its later deactivations held — and those still waiting for their delay — the
// provider is flagged, and an administrator confirms or rejects them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { guardHolds } from '../../src/core/lifecycle/deprovision-guard.js';
import type { GuardThresholds } from '../../src/core/lifecycle/deprovision-guard-rule.js';
import { createStore } from '../../src/storage/store.js';
import { DIALECTS } from '../helpers/databases.js';
import { createUser, patchOp, syncLogOf, userRow } from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const DELAY_SECONDS = 300;
const STEP_MS = 30_000;

for (const dialect of DIALECTS) {
  describe(`mass-deprovision guard (${dialect})`, () => {
    let server: TestServer;
    let tenantId: string;
    const svc = () => server.roster.services;
    const sweep = () => server.roster.sweeper.sweepOnce(server.clock.now());
    const setActive = (c: ScimClient, id: string, active: boolean) =>
      c.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'active', value: active }));
    const statuses = async (ids: readonly string[]) =>
      Promise.all(ids.map(async (id) => (await userRow(server, id))?.status));
    const states = async (ids: readonly string[]) =>
      Promise.all(ids.map(async (id) => (await userRow(server, id))?.deactivation_state));

    /** A provider with these guard thresholds and delay, and its 20 users. */
    const guardedProvider = async (delaySeconds: number, guard: GuardThresholds) => {
      const scim = await server.scimProvider({ deactivationDelaySeconds: delaySeconds });
      await svc().providers.setGuard(operatorPrincipal(tenantId), scim.providerId, guard);
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) ids.push((await createUser(scim)).id);
      return { scim, ids };
    };

    before(async () => {
      server = await startServer(dialect, { ROSTER_SWEEP_INTERVAL_MS: '0' });
      tenantId = server.roster.bootstrap.tenantId;
    });
    after(async () => {
      await server?.close();
    });

    test('60 users, 55 deactivated within the hour: later deactivations held, provider flagged; confirm and reject', async () => {
      const scim = await server.scimProvider({ deactivationDelaySeconds: DELAY_SECONDS });
      const ids: string[] = [];
      for (let i = 0; i < 60; i += 1) ids.push((await createUser(scim)).id);
      // One deactivation every 30 s, the sweeper running after each: user k is due at 30k + 300 s,
      // so when the 51st arrives (k = 50) users 0–39 are deactivated and 40–49 still wait.
      for (let k = 0; k < 55; k += 1) {
        const res = await setActive(scim, ids[k] as string, false);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.active, false);
        await sweep();
        server.clock.advance(STEP_MS);
      }
      const flaggedAt = new Date(Date.parse('2026-11-23T09:00:00.000Z') + 50 * STEP_MS).toISOString();
      assert.deepEqual(new Set(await statuses(ids.slice(0, 40))), new Set(['deactivated']));
      assert.deepEqual(new Set(await statuses(ids.slice(40, 55))), new Set(['blocked']), 'held users stay blocked');
      assert.deepEqual(new Set(await states(ids.slice(40, 55))), new Set(['held_guard']));
      assert.deepEqual(new Set(await statuses(ids.slice(55))), new Set(['active']));
      const review = await svc().deprovisionGuard.review(operatorPrincipal(tenantId), scim.providerId);
      assert.equal(review.provider.flaggedAt, flaggedAt);
      assert.deepEqual(
        review.held.map((h) => h.userId),
        ids.slice(40, 55),
      );
      // A retroactively held user and a later one both have a Blocked entry naming the guard.
      for (const id of [ids[45] as string, ids[52] as string]) {
        const blocked = (await syncLogOf(server, id)).filter((e) => e.change_type === 'Blocked');
        assert.match(blocked.at(-1)?.detail ?? '', /mass-deprovision guard/);
      }
      // Held timers never fire, however long we wait.
      server.clock.advance(3600_000);
      await sweep();
      assert.deepEqual(new Set(await statuses(ids.slice(40, 55))), new Set(['blocked']));

      // Confirm three: due now, deactivated on the next sweep.
      assert.equal(
        await svc().deprovisionGuard.confirm(operatorPrincipal(tenantId), scim.providerId, ids.slice(40, 43)),
        3,
      );
      assert.deepEqual(await states(ids.slice(40, 43)), ['pending', 'pending', 'pending']);
      await sweep();
      assert.deepEqual(await statuses(ids.slice(40, 43)), ['deactivated', 'deactivated', 'deactivated']);
      assert.notEqual(
        (await svc().deprovisionGuard.review(operatorPrincipal(tenantId), scim.providerId)).provider.flaggedAt,
        null,
        'still flagged while some are held',
      );

      // Reject the rest: unblocked, logged, flag cleared.
      assert.equal(await svc().deprovisionGuard.reject(operatorPrincipal(tenantId), scim.providerId), 12);
      assert.deepEqual(new Set(await statuses(ids.slice(43, 55))), new Set(['active']));
      const last = (await syncLogOf(server, ids[50] as string)).at(-1);
      assert.deepEqual([last?.change_type, last?.old_value, last?.new_value], ['Reactivated', 'blocked', 'active']);
      const after = await svc().deprovisionGuard.review(operatorPrincipal(tenantId), scim.providerId);
      assert.deepEqual([after.provider.flaggedAt, after.held], [null, []]);
      server.clock.advance(3600_000);
      await sweep();
      assert.deepEqual(
        new Set(await statuses(ids.slice(43, 55))),
        new Set(['active']),
        'rejected deactivations never happen',
      );
    });

    test('a burst of concurrent deactivations is counted one at a time: exactly minUsers pass before the flag', async () => {
      const { scim, ids } = await guardedProvider(DELAY_SECONDS, { percent: 10, minUsers: 5, windowSeconds: 3600 });
      const burst = ids.slice(0, 12);
      const results = await Promise.all(burst.map((id) => setActive(scim, id, false)));
      assert.deepEqual(
        results.map((r) => r.status),
        burst.map(() => 200),
      );
      // Counted one after another, the first five see fewer than five and wait for their delay; the
      // sixth flags the provider and holds them, and every later one is held at once.
      const waited = [];
      for (const id of burst)
        if ((await syncLogOf(server, id)).some((e) => /deactivation due in/.test(e.detail ?? ''))) waited.push(id);
      assert.equal(waited.length, 5, 'deactivations that passed the guard');
      assert.deepEqual(new Set(await states(burst)), new Set(['held_guard']));
      const review = await svc().deprovisionGuard.review(operatorPrincipal(tenantId), scim.providerId);
      assert.notEqual(review.provider.flaggedAt, null);
      assert.equal(review.held.length, 12);
    });

    test("the guard counts over the locked provider's window, not the one its caller authenticated with", async () => {
      const { scim, ids } = await guardedProvider(DELAY_SECONDS, { percent: 10, minUsers: 3, windowSeconds: 600 });
      for (const id of ids.slice(0, 3)) assert.equal((await setActive(scim, id, false)).status, 200);
      server.clock.advance(700_000);
      // A caller that read the provider before an administrator shortened its window from an hour:
      // over the hour the three would trip the guard; over the provider's 600 s there are none.
      const sink = { entries: 0, add: () => void (sink.entries += 1) };
      const now = server.clock.now().toISOString();
      const outcome = await createStore(server.roster.db).transaction((tx) =>
        guardHolds(tx, tenantId, scim.providerId, sink, now, 3600),
      );
      assert.equal(outcome.hold, false);
      assert.equal(outcome.provider?.guard.windowSeconds, 600);
      assert.equal(sink.entries, 0);
      const current = await createStore(server.roster.db).transaction((tx) =>
        guardHolds(tx, tenantId, scim.providerId, sink, now, 600),
      );
      assert.equal(current.hold, false);
    });

    test('deactivations spread over more than the window are not held; the provider re-activating a held user clears the flag', async () => {
      const { scim, ids } = await guardedProvider(0, { percent: 10, minUsers: 3, windowSeconds: 600 });
      // Three deactivations every 301 s: never three within 600 s.
      for (let k = 0; k < 5; k += 1) {
        await setActive(scim, ids[k] as string, false);
        await sweep();
        server.clock.advance(301_000);
      }
      assert.deepEqual(new Set(await statuses(ids.slice(0, 5))), new Set(['deactivated']));
      // A burst: the fourth within the window is held (3 > 10 % of 20 and at least 3).
      for (let k = 5; k < 9; k += 1) await setActive(scim, ids[k] as string, false);
      assert.deepEqual(
        await states(ids.slice(5, 9)),
        ['held_guard', 'held_guard', 'held_guard', 'held_guard'],
        'delay 0: all three were still waiting for the sweep',
      );
      assert.notEqual(
        (await svc().deprovisionGuard.review(operatorPrincipal(tenantId), scim.providerId)).provider.flaggedAt,
        null,
      );
      for (const id of ids.slice(5, 9)) assert.equal((await setActive(scim, id, true)).status, 200);
      assert.deepEqual(await statuses(ids.slice(5, 9)), ['active', 'active', 'active', 'active']);
      const review = await svc().deprovisionGuard.review(operatorPrincipal(tenantId), scim.providerId);
      assert.deepEqual([review.provider.flaggedAt, review.held], [null, []]);
      await assert.rejects(
        svc().providers.setGuard(operatorPrincipal(tenantId), scim.providerId, {
          percent: 120,
          minUsers: 3,
          windowSeconds: 600,
        }),
        (e: any) => e.code === 'input.invalid' && e.details.field === 'guard.percent',
      );
    });
  });
}

import { operatorPrincipal } from '../../src/core/auth/principal.js';
// SPEC C4 / issue 3: timers run exactly once even with several Roster instances on one PostgreSQL.
// Two createRoster() apps share ONE database; for each due deactivation timer both sweep at the
// same moment, several times over: exactly one deactivation and exactly one 'Deactivated' sync-log
// row per user, and exactly one move of the archives to cold storage (one purge timer). First one
// timer at a time (each claimed in its own transaction), then many at once: the sweepers claim
// them in batches (one transaction per batch, rows another batch holds skipped, then run alone).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { emptyProfile } from '../../src/core/directory/user.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { CORE_USER_URN, email } from '../helpers/scim-assert.js';
import { FakeClock } from '../helpers/server.js';

const ROUNDS = 8;
const SWEEPS_PER_INSTANCE = 4;
/** More than one batch of the sweeper (100 timers per transaction by default). */
const BATCH_USERS = 120;
const BATCH_ROUNDS = 3;

describe('sweeper with two Roster instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let a: Roster;
  let b: Roster;
  const clock = new FakeClock();

  before(async () => {
    database = await createTestDatabase('postgres');
    // The loops are off: the test drives both sweepers itself, at the same moments.
    const config = loadConfig({ DATABASE_URL: database.url, ROSTER_SWEEP_INTERVAL_MS: '0' });
    a = await createRoster(config, { clock });
    b = await createRoster(config, { clock });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  test('one due timer, both instances sweeping concurrently: exactly one deactivation and one sync-log row', async () => {
    const tenantId = a.bootstrap.tenantId;
    assert.equal(b.bootstrap.tenantId, tenantId, 'both instances serve the same directory');
    const { provider, credential } = await a.services.providers.create(operatorPrincipal(tenantId), {
      name: 'Entra',
      type: 'scim',
      authType: 'bearer',
      deactivationDelaySeconds: 0,
    });
    const token = credential.type === 'bearer' ? credential.token : '';
    const kysely = a.db.kysely;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Created inactive with a delay of 0: blocked, its deactivation timer due at once.
      const res = await b.app.inject({
        method: 'POST',
        url: `/scim/${provider.id}/v2/Users`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        payload: { schemas: [CORE_USER_URN], userName: email('race'), active: false },
      });
      assert.equal(res.statusCode, 201, res.body);
      const userId = JSON.parse(res.body).id as string;
      const device = await a.services.devices.register(operatorPrincipal(tenantId), userId, {
        name: 'Laptop',
        os: 'macOS',
      });
      await a.services.devices.addArchive(operatorPrincipal(tenantId), device.id, 'Cloud');

      const now = clock.now();
      const results = await Promise.all(
        Array.from({ length: SWEEPS_PER_INSTANCE }, () => [a.sweeper.sweepOnce(now), b.sweeper.sweepOnce(now)]).flat(),
      );
      assert.equal(
        results.reduce((n, r) => n + r.done, 0),
        1,
        `round ${round}: exactly one sweep acted`,
      );
      assert.equal(
        results.reduce((n, r) => n + r.failed, 0),
        0,
      );
      // Every other sweep lost the claim (or no longer saw the timer due): none ran it a second time.
      assert.equal(
        results.reduce((n, r) => n + r.no_action, 0),
        0,
        `round ${round}: no second claim`,
      );

      const deactivated = await kysely
        .selectFrom('sync_log')
        .select('id')
        .where('user_id', '=', userId)
        .where('change_type', '=', 'Deactivated')
        .execute();
      assert.equal(deactivated.length, 1, `round ${round}: one Deactivated row`);
      const user = await kysely
        .selectFrom('users')
        .select(['status', 'version'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      assert.equal(user.status, 'deactivated');
      const timers = await kysely
        .selectFrom('timers')
        .select(['kind', 'status'])
        .where('user_id', '=', userId)
        .orderBy('kind')
        .execute();
      assert.deepEqual(
        timers,
        [
          { kind: 'archive.purge', status: 'pending' },
          { kind: 'user.deactivate', status: 'done' },
        ],
        'one purge scheduled, the deactivation done once',
      );
      clock.advance(1000);
    }
  });

  test('many due timers, both instances sweeping in batches concurrently: each user deactivated exactly once', async () => {
    const tenantId = a.bootstrap.tenantId;
    const { provider } = await a.services.providers.create(operatorPrincipal(tenantId), {
      name: 'Okta',
      type: 'scim',
      authType: 'bearer',
      deactivationDelaySeconds: 0,
    });
    // The guard would hold a provider deactivating all of its users; raised out of the way.
    await a.services.providers.setGuard(operatorPrincipal(tenantId), provider.id, {
      percent: 100,
      minUsers: 10_000,
      windowSeconds: 3600,
    });
    const tenant = await a.services.store.repos.tenants.findById(tenantId);
    const current = await a.services.store.repos.providers.findById(tenantId, provider.id);
    assert.ok(tenant && current);
    const ctx = { tenantId, tenant, provider: current };
    const kysely = a.db.kysely;
    for (let round = 0; round < BATCH_ROUNDS; round += 1) {
      const userIds: string[] = [];
      for (let i = 0; i < BATCH_USERS; i += 1) {
        // Created inactive with a delay of 0: blocked, its deactivation timer due at once.
        const { user } = await b.services.users.create(ctx, {
          profile: { ...emptyProfile(email('batch')), displayName: null },
          active: false,
          managerRef: null,
        });
        const device = await a.services.devices.register(operatorPrincipal(tenantId), user.id, {
          name: 'Laptop',
          os: 'macOS',
        });
        await a.services.devices.addArchive(operatorPrincipal(tenantId), device.id, 'Cloud');
        userIds.push(user.id);
      }
      const now = clock.now();
      const results = await Promise.all(
        Array.from({ length: SWEEPS_PER_INSTANCE }, () => [a.sweeper.sweepOnce(now), b.sweeper.sweepOnce(now)]).flat(),
      );
      const sum = (k: 'done' | 'no_action' | 'failed'): number => results.reduce((n, r) => n + r[k], 0);
      assert.deepEqual(
        [sum('done'), sum('no_action'), sum('failed')],
        [BATCH_USERS, 0, 0],
        `round ${round}: every timer acted on once, none twice`,
      );

      const logRows = await kysely
        .selectFrom('sync_log')
        .select('user_id')
        .where('user_id', 'in', userIds)
        .where('change_type', '=', 'Deactivated')
        .execute();
      assert.equal(logRows.length, BATCH_USERS, `round ${round}: one Deactivated row per user`);
      assert.equal(new Set(logRows.map((r) => r.user_id)).size, BATCH_USERS);
      const users = await kysely.selectFrom('users').select(['status']).where('id', 'in', userIds).execute();
      assert.ok(users.every((u) => u.status === 'deactivated'));
      const timers = await kysely
        .selectFrom('timers')
        .select(['kind', 'status'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', 'in', userIds)
        .groupBy(['kind', 'status'])
        .orderBy('kind')
        .execute();
      assert.deepEqual(
        timers.map((t) => [t.kind, t.status, Number(t.n)]),
        [
          ['archive.purge', 'pending', BATCH_USERS],
          ['user.deactivate', 'done', BATCH_USERS],
        ],
        'one purge per user',
      );
      clock.advance(1000);
    }
  });
});

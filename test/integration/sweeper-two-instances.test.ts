// SPEC C4 / issue 3: timers run exactly once even with several Roster instances on one PostgreSQL.
// Two createRoster() apps share ONE database; for each due deactivation timer both sweep at the
// same moment, several times over: exactly one deactivation and exactly one 'Deactivated' sync-log
// row per user, and exactly one move of the archives to cold storage (one purge timer).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { CORE_USER_URN, email } from '../helpers/scim-assert.js';
import { FakeClock } from '../helpers/server.js';

const ROUNDS = 8;
const SWEEPS_PER_INSTANCE = 4;

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
    const { provider, credential } = await a.services.providers.create(tenantId, { name: 'Entra', type: 'scim', authType: 'bearer', deactivationDelaySeconds: 0 });
    const token = credential.type === 'bearer' ? credential.token : '';
    const kysely = a.db.kysely;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Created inactive with a delay of 0: blocked, its deactivation timer due at once.
      const res = await b.app.inject({
        method: 'POST', url: `/scim/${provider.id}/v2/Users`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        payload: { schemas: [CORE_USER_URN], userName: email('race'), active: false },
      });
      assert.equal(res.statusCode, 201, res.body);
      const userId = JSON.parse(res.body).id as string;
      const device = await a.services.devices.register(tenantId, userId, { name: 'Laptop', os: 'macOS' });
      await a.services.devices.addArchive(tenantId, device.id, 'Cloud');

      const now = clock.now();
      const results = await Promise.all(Array.from({ length: SWEEPS_PER_INSTANCE }, () => [a.sweeper.sweepOnce(now), b.sweeper.sweepOnce(now)]).flat());
      assert.equal(results.reduce((n, r) => n + r.done, 0), 1, `round ${round}: exactly one sweep acted`);
      assert.equal(results.reduce((n, r) => n + r.failed, 0), 0);
      // Every other sweep lost the claim (or no longer saw the timer due): none ran it a second time.
      assert.equal(results.reduce((n, r) => n + r.no_action, 0), 0, `round ${round}: no second claim`);

      const deactivated = await kysely.selectFrom('sync_log').select('id').where('user_id', '=', userId).where('change_type', '=', 'Deactivated').execute();
      assert.equal(deactivated.length, 1, `round ${round}: one Deactivated row`);
      const user = await kysely.selectFrom('users').select(['status', 'version']).where('id', '=', userId).executeTakeFirstOrThrow();
      assert.equal(user.status, 'deactivated');
      const timers = await kysely.selectFrom('timers').select(['kind', 'status']).where('user_id', '=', userId).orderBy('kind').execute();
      assert.deepEqual(timers, [{ kind: 'archive.purge', status: 'pending' }, { kind: 'user.deactivate', status: 'done' }], 'one purge scheduled, the deactivation done once');
      clock.advance(1000);
    }
  });
});

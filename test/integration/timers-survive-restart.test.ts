import { operatorPrincipal } from '../../src/core/auth/principal.js';
// SPEC C4 / issue 3: deactivation timers are rows, not setTimeout: a pending deactivation survives
// a restart of Roster and is carried out by the next process once due — exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { CORE_USER_URN, email } from '../helpers/scim-assert.js';
import { FakeClock } from '../helpers/server.js';

for (const dialect of DIALECTS) {
  describe(`timers across a restart on ${dialect}`, () => {
    let database: TestDatabase;
    let second: Roster | undefined;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      await second?.close();
      await database.drop();
    });

    test('a deactivation pending when Roster stops is carried out by the next process when due', async () => {
      const config = loadConfig({ DATABASE_URL: database.url, ROSTER_SWEEP_INTERVAL_MS: '0' });
      const clock = new FakeClock();
      const first = await createRoster(config, { clock });
      const tenantId = first.bootstrap.tenantId;
      const { provider, credential } = await first.services.providers.create(operatorPrincipal(tenantId), {
        name: 'Entra',
        type: 'scim',
        authType: 'bearer',
      });
      const headers = {
        authorization: `Bearer ${credential.type === 'bearer' ? credential.token : ''}`,
        'content-type': 'application/scim+json',
      };
      const created = await first.app.inject({
        method: 'POST',
        url: `/scim/${provider.id}/v2/Users`,
        headers,
        payload: { schemas: [CORE_USER_URN], userName: email('restart') },
      });
      assert.equal(created.statusCode, 201, created.body);
      const userId = JSON.parse(created.body).id as string;
      const off = await first.app.inject({
        method: 'PATCH',
        url: `/scim/${provider.id}/v2/Users/${userId}`,
        headers,
        payload: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        },
      });
      assert.equal(off.statusCode, 200, off.body);
      // Ten minutes into the default 15-minute delay, the process stops.
      clock.advance(10 * 60_000);
      assert.equal((await first.sweeper.sweepOnce(clock.now())).done, 0, 'not due yet');
      await first.close();

      // A new process on the same database, six minutes later.
      clock.advance(6 * 60_000);
      second = await createRoster(config, { clock });
      const kysely = second.db.kysely;
      assert.equal(
        (await kysely.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirstOrThrow()).status,
        'blocked',
        'still blocked across the restart',
      );
      const swept = await second.sweeper.sweepOnce(clock.now());
      assert.equal(swept.done, 1);
      assert.equal(
        (await kysely.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirstOrThrow()).status,
        'deactivated',
      );
      assert.equal((await second.sweeper.sweepOnce(clock.now())).done, 0, 'and only once');
      const rows = await kysely
        .selectFrom('sync_log')
        .select('change_type')
        .where('user_id', '=', userId)
        .where('change_type', '=', 'Deactivated')
        .execute();
      assert.equal(rows.length, 1);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { type TestServer, startServer } from '../helpers/server.js';
import { fetchAll, loadEntries, seedSyncLog, sorted, type Entry } from '../helpers/sync-log-fixture.js';

// SPEC C5 "sort by any column": the provider column sorts by the provider's name as the listing
// shows it (case-insensitively), not by its id; entries whose provider is gone (or none) show no
// name and sort first ascending. Keyset paging stays exact across long runs of equal names.

for (const dialect of DIALECTS) {
  describe(`sync log sorted by provider name on ${dialect}`, () => {
    let s: TestServer;
    let tenantId: string;
    const providers: { id: string; name: string }[] = [];
    const names = async (): Promise<Map<string, string>> =>
      new Map(
        (await s.roster.db.kysely.selectFrom('providers').select(['id', 'name']).execute()).map((p) => [p.id, p.name]),
      );
    const ids = (entries: readonly Entry[]): string[] => entries.map((e) => e.id);

    before(async () => {
      s = await startServer(dialect);
      tenantId = s.roster.bootstrap.tenantId;
      // Created in this order, so their ids (time-ordered) sort unlike their names.
      for (const name of ['zeta', 'Alpha', 'beta', 'Émile', 'BETA 2']) {
        const p = await s.scimProvider({ name });
        providers.push({ id: p.providerId, name });
      }
      await seedSyncLog(s, tenantId, [...providers.map((p) => p.id), null, 'gone-provider', '00-gone'], 400);
    });
    after(async () => s.close());

    test('every page in both directions concatenates to the order of names, then ids, then date and id', async () => {
      const all = await loadEntries(s, tenantId, await names());
      for (const order of ['asc', 'desc'] as const) {
        for (const limit of [1, 13, 1000]) {
          const { entries } = await fetchAll(s, `sort=provider&order=${order}`, limit);
          assert.deepEqual(ids(entries), ids(sorted(all, 'provider', order)), `${order}, ${limit} a page`);
        }
      }
      const { entries } = await fetchAll(s, 'sort=provider&order=asc', 50);
      const shown = [...new Set(entries.map((e) => e.providerName))];
      assert.deepEqual(shown, [null, 'Alpha', 'beta', 'BETA 2', 'zeta', 'Émile'], 'as shown, case-insensitively');
      assert.deepEqual(
        [...new Set(entries.filter((e) => e.providerName === null).map((e) => e.providerId))],
        [null, '00-gone', 'gone-provider'],
        'entries without a provider name first, by provider id',
      );
    });

    test('a provider filter or another filter with the provider sort', async () => {
      const all = await loadEntries(s, tenantId, await names());
      const beta = providers.find((p) => p.name === 'beta')?.id as string;
      for (const [qs, keep] of [
        [`providerId=${beta}`, (e: Entry) => e.providerId === beta],
        ['providerId=gone-provider', (e: Entry) => e.providerId === 'gone-provider'],
        ['changeType=Modified', (e: Entry) => e.changeType === 'Modified'],
      ] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const expected = sorted(all.filter(keep), 'provider', order);
          assert.ok(expected.length > 0, qs);
          const { entries } = await fetchAll(s, `${qs}&sort=provider&order=${order}`, 7);
          assert.deepEqual(ids(entries), ids(expected), `${qs} ${order}`);
        }
      }
    });

    test('a renamed provider sorts by its new name at once', async () => {
      const zeta = providers.find((p) => p.name === 'zeta')?.id as string;
      await s.roster.db.kysely
        .updateTable('providers')
        .set({ name: 'Aardvark', name_lower: 'aardvark' })
        .where('id', '=', zeta)
        .execute();
      const all = await loadEntries(s, tenantId, await names());
      const { entries } = await fetchAll(s, 'sort=provider&order=asc', 50);
      assert.deepEqual(ids(entries), ids(sorted(all, 'provider', 'asc')));
      assert.equal(entries.find((e) => e.providerName !== null)?.providerName, 'Aardvark');
    });
  });
}

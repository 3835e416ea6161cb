import { operatorPrincipal } from '../../src/core/auth/principal.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_HEADER, toCsvText } from '../../src/adapters/admin-api/sync-log-dto.js';
import { EXPORT_CHUNK_ROWS } from '../../src/core/sync-log/sync-log-service.js';
import { DIALECTS } from '../helpers/databases.js';
import { http, startServer, type ScimClient, type TestServer } from '../helpers/server.js';
import { csvCell, fetchAll, loadEntries, seedSyncLog, sorted, SORTS, type Entry } from '../helpers/sync-log-fixture.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const OTHER_TENANT = 'another-tenant';

for (const dialect of DIALECTS) {
  describe(`sync log API on ${dialect}`, () => {
    let s: TestServer;
    let okta: ScimClient;
    let entra: ScimClient;
    let all: Entry[];
    let scimUserId: string;
    before(async () => {
      s = await startServer(dialect);
      okta = await s.scimProvider({ name: 'Okta' });
      entra = await s.scimProvider({ name: 'Entra ID' });
      // Entries written by real provisioning…
      const u = await okta.req('POST', '/Users', { userName: 'scim.user@example.com', displayName: 'Scim User' });
      assert.equal(u.status, 201);
      scimUserId = u.body.id;
      s.clock.advance(60_000);
      await okta.req('PATCH', `/Users/${scimUserId}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'displayName', value: '=HYPERLINK("http://evil")' }],
      });
      s.clock.advance(60_000);
      await entra.req('POST', '/Users', { userName: 'entra.user@example.com' });
      // …and volume, inserted directly: ties on every column, nulls, another tenant with the same values.
      const tenantId = s.roster.bootstrap.tenantId;
      await seedSyncLog(s, tenantId, [okta.providerId, entra.providerId, null, 'deleted-provider'], 420);
      await seedSyncLog(s, OTHER_TENANT, ['p-of-other-tenant', null], 150, 7);
      all = await loadEntries(
        s,
        tenantId,
        new Map([
          [okta.providerId, 'Okta'],
          [entra.providerId, 'Entra ID'],
        ]),
      );
    });
    after(async () => s.close());

    test('provisioning entries are listed newest first, with provider names', async () => {
      const res = await s.admin('GET', '/sync-log?limit=3');
      assert.equal(res.status, 200);
      const [newest, second] = res.body.entries;
      assert.equal(newest.username, 'entra.user@example.com');
      assert.equal(newest.changeType, 'Created');
      assert.equal(newest.providerName, 'Entra ID');
      assert.equal(second.username, 'scim.user@example.com');
      assert.equal(second.attribute, 'displayName');
      assert.equal(second.newValue, '=HYPERLINK("http://evil")');
      assert.equal(second.providerName, 'Okta');
      assert.equal(second.userId, scimUserId);
      assert.deepEqual(res.body.entries, sorted(all, 'date', 'desc').slice(0, 3));
      assert.equal(typeof res.body.nextCursor, 'string');
    });

    test('activity: counts per UTC hour or day and change type match the entries, per provider; bad ranges are 400', async () => {
      const dates = all.map((e) => e.date).sort();
      const from = dates[0] as string;
      const last = new Date(Date.parse(dates[dates.length - 1] as string) + 1).toISOString();
      // Hours over the first 2 days of entries, days over all of them.
      const twoDays = new Date(Date.parse(from) + 2 * 86_400_000).toISOString();
      for (const [bucket, len, to] of [
        ['hour', 13, twoDays],
        ['day', 10, last],
      ] as const) {
        for (const providerId of [undefined, okta.providerId]) {
          const q = new URLSearchParams({ from, to, bucket, ...(providerId ? { providerId } : {}) });
          const res = await s.admin('GET', `/sync-log/activity?${q.toString()}`);
          assert.equal(res.status, 200, res.text);
          assert.equal(res.body.bucket, bucket);
          const expected = new Map<string, number>();
          for (const e of all) {
            if ((providerId && e.providerId !== providerId) || e.date < from || e.date >= to) continue;
            const key = `${e.date.slice(0, len)}|${e.changeType}`;
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
          const got = new Map<string, number>(
            res.body.counts.map((c: { bucket: string; changeType: string; count: number }) => [
              `${c.bucket.slice(0, len)}|${c.changeType}`,
              c.count,
            ]),
          );
          assert.deepEqual(got, expected, `${bucket} ${providerId ?? 'all providers'}`);
        }
      }
      for (const bad of ['from=yesterday', 'bucket=week', `from=${last}&to=${from}`, 'from=2020-01-01&to=2026-01-01']) {
        const res = await s.admin('GET', `/sync-log/activity?${bad}`);
        assert.equal(res.status, 400, bad);
        assert.equal(res.body.code, 'input.invalid');
      }
      // The default range is the 7 days up to the end of the injected clock's current hour.
      const def = await s.admin('GET', '/sync-log/activity');
      assert.equal(def.status, 200);
      const hourEnd = Math.floor(s.clock.now().getTime() / 3_600_000) * 3_600_000 + 3_600_000;
      assert.equal(def.body.to, new Date(hourEnd).toISOString());
      assert.equal(def.body.bucket, 'day');
    });

    test('default page size is 50; the last page has no cursor', async () => {
      const first = await s.admin('GET', '/sync-log');
      assert.equal(first.body.entries.length, 50);
      const big = await s.admin('GET', '/sync-log?limit=1000');
      assert.equal(big.body.entries.length, all.length);
      assert.equal(big.body.nextCursor, null);
    });

    test('every sort column in both directions: pages concatenate to the whole sorted selection', async () => {
      for (const by of SORTS) {
        for (const order of ['asc', 'desc'] as const) {
          const { entries, pages } = await fetchAll(s, `sort=${by}&order=${order}`, 37);
          assert.ok(pages > 5);
          assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, `${by} ${order}: duplicates`);
          assert.deepEqual(
            entries.map((e) => e.id),
            sorted(all, by, order).map((e) => e.id),
            `${by} ${order}`,
          );
        }
      }
      // Entire entries, not only their ids, for one sort.
      assert.deepEqual((await fetchAll(s, 'sort=username&order=asc', 50)).entries, sorted(all, 'username', 'asc'));
    });

    test('page size 1 walks ties one row at a time', async () => {
      const { entries } = await fetchAll(s, 'sort=changeType&order=asc&changeType=Blocked', 1);
      assert.deepEqual(
        entries.map((e) => e.id),
        sorted(
          all.filter((e) => e.changeType === 'Blocked'),
          'changeType',
          'asc',
        ).map((e) => e.id),
      );
    });

    test('every filter selects what it says, combined with sorting and paging', async () => {
      const lower = (v: string | null): string => (v ?? '').toLowerCase();
      const cases: [query: string, keep: (e: Entry) => boolean][] = [
        ['from=2026-01-05', (e) => e.date >= '2026-01-05T00:00:00.000Z'],
        ['to=2026-01-05T10:00:00%2B02:00', (e) => e.date < '2026-01-05T08:00:00.000Z'],
        [
          'from=2026-01-03T08:00:00Z&to=2026-01-06',
          (e) => e.date >= '2026-01-03T08:00:00.000Z' && e.date < '2026-01-06T00:00:00.000Z',
        ],
        [`providerId=${okta.providerId}`, (e) => e.providerId === okta.providerId],
        ['providerId=deleted-provider', (e) => e.providerId === 'deleted-provider'],
        ['providerId=p-of-other-tenant', () => false],
        ['username=alice', (e) => lower(e.username).startsWith('alice')],
        ['username=ALICE%40X', (e) => lower(e.username).startsWith('alice@x')],
        ['username=alice%40x.com&usernameMatch=exact', (e) => lower(e.username) === 'alice@x.com'],
        ['username=a_', (e) => lower(e.username).startsWith('a_')],
        ['username=%C3%A9', (e) => lower(e.username).startsWith('é')],
        ['username=%C3%89LISE%40X.COM&usernameMatch=exact', (e) => lower(e.username) === 'élise@x.com'],
        ['changeType=Blocked', (e) => e.changeType === 'Blocked'],
        ['changeType=Created&changeType=Sync%20Failure', (e) => ['Created', 'Sync Failure'].includes(e.changeType)],
        [
          'changeType=Not%20in%20Role%20Mapping,Removed',
          (e) => ['Not in Role Mapping', 'Removed'].includes(e.changeType),
        ],
        ['attribute=group', (e) => e.attribute === 'group'],
        [
          `providerId=${entra.providerId}&changeType=Modified&from=2026-01-02&username=a`,
          (e) =>
            e.providerId === entra.providerId &&
            e.changeType === 'Modified' &&
            e.date >= '2026-01-02' &&
            lower(e.username).startsWith('a'),
        ],
      ];
      for (const [query, keep] of cases) {
        const expected = all.filter(keep);
        if (!query.includes('other-tenant') && !query.includes('%C3%A9'))
          assert.ok(expected.length > 0, `${query} selects nothing: a weak case`);
        for (const by of ['date', 'username', 'newValue'] as const) {
          const { entries } = await fetchAll(s, `${query}&sort=${by}&order=asc`, 11);
          assert.deepEqual(
            entries.map((e) => e.id),
            sorted(expected, by, 'asc').map((e) => e.id),
            `${query} sorted by ${by}`,
          );
        }
      }
    });

    test("tenant isolation: another tenant's rows never appear", async () => {
      const ids = new Set(all.map((e) => e.id));
      const { entries } = await fetchAll(s, 'sort=provider&order=desc', 1000);
      assert.ok(entries.every((e) => ids.has(e.id)));
      const other = await s.roster.db.kysely
        .selectFrom('sync_log')
        .select('id')
        .where('tenant_id', '=', OTHER_TENANT)
        .execute();
      assert.equal(other.length, 150);
      assert.ok(other.every((r) => !ids.has(String(r.id))));
    });

    test('CSV export: the same selection, streamed as an attachment', async () => {
      for (const qs of ['sort=username&order=desc', 'changeType=Modified&sort=oldValue&order=asc', '']) {
        const res = await http('GET', `${s.url}/api/v1/sync-log.csv?${qs}`, undefined, {
          authorization: `Bearer ${s.adminToken}`,
        });
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
        assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="sync-log\.csv"$/);
        const [header, ...rows] = parse(res.text) as string[][];
        assert.deepEqual(header, [
          'Date',
          'Provider',
          'Username',
          'Change type',
          'Attribute',
          'Old value',
          'New value',
          'Detail',
        ]);
        const json = (await fetchAll(s, qs, 1000)).entries;
        assert.ok(json.length > 0);
        const expected = json.map((e) =>
          [
            e.date,
            e.providerName ?? e.providerId ?? '',
            e.username,
            e.changeType,
            e.attribute,
            e.oldValue,
            e.newValue,
            e.detail,
          ].map(csvCell),
        );
        assert.deepEqual(rows, expected);
        // Byte for byte what csv-stringify writes for the whole selection at once.
        assert.equal(res.text, stringify(expected, { header: true, columns: [...CSV_HEADER] }), qs);
      }
      const res = await http(
        'GET',
        `${s.url}/api/v1/sync-log.csv?username=scim.user&attribute=displayName`,
        undefined,
        { authorization: `Bearer ${s.adminToken}` },
      );
      const rows = parse(res.text) as string[][];
      assert.equal(rows.length, 2);
      assert.equal(
        rows[1]?.[6],
        '\'=HYPERLINK("http://evil")',
        'a formula from the IdP is neutralised for spreadsheets',
      );
      const empty = await http('GET', `${s.url}/api/v1/sync-log.csv?providerId=nobody`, undefined, {
        authorization: `Bearer ${s.adminToken}`,
      });
      assert.equal(empty.status, 200);
      assert.deepEqual(parse(empty.text), [
        ['Date', 'Provider', 'Username', 'Change type', 'Attribute', 'Old value', 'New value', 'Detail'],
      ]);
    });

    test('the export reads chunk by chunk; the chunks concatenate to the selection', async () => {
      const chunks: { id: number }[][] = [];
      for await (const c of s.roster.services.syncLog.export(
        operatorPrincipal(s.roster.bootstrap.tenantId),
        { filter: {}, sort: { by: 'attribute', order: 'desc' } },
        13,
      ))
        chunks.push(c);
      assert.ok(chunks.length > 10);
      assert.ok(chunks.slice(0, -1).every((c) => c.length === 13));
      assert.deepEqual(
        chunks.flat().map((e) => String(e.id)),
        sorted(all, 'attribute', 'desc').map((e) => e.id),
      );
    });

    test('the CSV of many small chunks is the CSV of one', async () => {
      const query = { filter: {}, sort: { by: 'username' as const, order: 'desc' as const } };
      let text = '';
      let chunks = 0;
      for await (const c of s.roster.services.syncLog.export(operatorPrincipal(s.roster.bootstrap.tenantId), query, 13))
        text += toCsvText(c, chunks++ === 0);
      assert.ok(chunks > 10);
      const res = await http('GET', `${s.url}/api/v1/sync-log.csv?sort=username&order=desc`, undefined, {
        authorization: `Bearer ${s.adminToken}`,
      });
      assert.equal(res.text, text);
    });

    test('bad input → 400 problem+json naming the field, never a 500', async () => {
      const dateCursor = (await s.admin('GET', '/sync-log?limit=2')).body.nextCursor as string;
      const forged = Buffer.from(JSON.stringify([1, 'date', 'desc', 'x', 'y', 'not-a-number'])).toString('base64url');
      const cases: [query: string, field: string][] = [
        ['sort=colour', 'sort'],
        ['order=sideways', 'order'],
        ['sort=date&sort=username', 'sort'],
        ['from=yesterday', 'from'],
        ['from=2026-02-30', 'from'],
        ['to=2026-11-23T25:00Z', 'to'],
        ['to=2026-11-23T10:00', 'to'],
        ['from=2026-11-23&to=2026-11-22', 'to'],
        ['cursor=%%%', 'cursor'],
        ['cursor=bm90IGpzb24', 'cursor'],
        [`cursor=${forged}`, 'cursor'],
        [`cursor=${dateCursor}&sort=username`, 'cursor'],
        [`cursor=${dateCursor}&order=asc`, 'cursor'],
        ['changeType=Exploded', 'changeType'],
        ['changeType=Created,', 'changeType'],
        ['limit=0', 'limit'],
        ['limit=1001', 'limit'],
        ['limit=ten', 'limit'],
        ['limit=-5', 'limit'],
        ['usernameMatch=fuzzy', 'usernameMatch'],
        ['username=', 'username'],
        ['username=a%00b', 'username'],
        ['colour=red', 'colour'],
      ];
      for (const [query, field] of cases) {
        const res = await s.admin('GET', `/sync-log?${query}`);
        assert.equal(res.status, 400, `${query}: ${res.text}`);
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.equal(res.body.field, field, `${query}: ${res.text}`);
      }
      for (const [query, field] of [
        ['limit=10', 'limit'],
        ['cursor=abc', 'cursor'],
        ['sort=colour', 'sort'],
        ['from=soon', 'from'],
      ]) {
        const res = await s.admin('GET', `/sync-log.csv?${query}`);
        assert.equal(res.status, 400, `${query}: ${res.text}`);
        assert.equal(res.body.field, field);
      }
    });

    test('401 without a token; 403 without the identity-management permission', async () => {
      for (const path of ['/sync-log', '/sync-log.csv']) {
        const res = await http('GET', `${s.url}/api/v1${path}`);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'auth.unauthenticated');
      }
      const { newSecret, hashSecret } = await import('../../src/core/auth/credentials.js');
      const token = newSecret('rst_adm');
      await s.roster.db.kysely
        .insertInto('api_tokens')
        .values({
          id: 'tok-desktop',
          tenant_id: s.roster.bootstrap.tenantId,
          user_id: scimUserId,
          name: 't',
          token_hash: hashSecret(token),
          created_at: new Date().toISOString(),
        })
        .execute();
      for (const path of ['/sync-log', '/sync-log.csv']) {
        const res = await http('GET', `${s.url}/api/v1${path}`, undefined, { authorization: `Bearer ${token}` });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'auth.forbidden');
      }
    });

    // Last: it adds rows, so that the export spans several chunks of EXPORT_CHUNK_ROWS.
    test('a long export streams chunk after chunk; a client that hangs up mid-way costs nothing', async () => {
      const tenantId = s.roster.bootstrap.tenantId;
      await seedSyncLog(s, tenantId, [okta.providerId, null], 1200, 3);
      const total = (await fetchAll(s, 'sort=date&order=asc', 1000)).entries;
      assert.ok(total.length > 2 * EXPORT_CHUNK_ROWS);
      const headers = { authorization: `Bearer ${s.adminToken}` };
      const full = await http('GET', `${s.url}/api/v1/sync-log.csv?sort=date&order=asc`, undefined, headers);
      const [, ...rows] = parse(full.text) as string[][];
      assert.deepEqual(
        rows.map((r) => r[2]),
        total.map((e) => csvCell(e.username)),
      );
      const abort = new AbortController();
      const res = await fetch(`${s.url}/api/v1/sync-log.csv`, { headers, signal: abort.signal });
      const reader = res.body?.getReader();
      assert.ok(reader);
      assert.ok((await reader.read()).value);
      abort.abort();
      await assert.rejects(reader.read());
      assert.equal((await s.admin('GET', '/sync-log?limit=1')).status, 200);
      const again = await http('GET', `${s.url}/api/v1/sync-log.csv?sort=date&order=asc`, undefined, headers);
      assert.equal(again.text, full.text);
    });
  });
}

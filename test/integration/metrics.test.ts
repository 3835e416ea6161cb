// GET /metrics (README "Metrics"): after real SCIM traffic the counters moved by exactly what was sent,
// on both databases; the scrape is refused to anyone but a direct loopback client or the token holder.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/databases.js';
import { CORE_USER_URN, createGroup, createUser, ENTERPRISE_URN, patchOp } from '../helpers/scim-assert.js';
import { http, startServer, type ScimClient, type TestServer } from '../helpers/server.js';

type Samples = Map<string, number>;

/** `name{a="x",b="y"}` → value, labels in exposition order (prom-client writes them in labelNames order). */
function parse(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

const PREFIX = '/scim/:providerId/v2';
const httpCount = (s: Samples, method: string, route: string, status: number): number =>
  s.get(`roster_http_request_duration_seconds_count{method="${method}",route="${route}",status="${status}"}`) ?? 0;

for (const dialect of DIALECTS) {
  describe(`metrics (${dialect})`, () => {
    let s: TestServer;
    let p: ScimClient;
    const scrape = async (): Promise<Samples> => {
      const res = await http('GET', `${s.url}/metrics`);
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      return parse(res.text);
    };
    const syncLogCount = async (): Promise<number> =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from sync_log`.execute(s.roster.db.kysely)).rows[0]?.n ?? 0,
      );

    before(async () => {
      s = await startServer(dialect, { ROSTER_SWEEP_INTERVAL_MS: '0' });
      p = await s.scimProvider({ deactivationDelaySeconds: 60 });
    });
    after(async () => {
      await s?.close();
    });

    test('requests by route and status, SCIM operations by provider and kind, sync-log rows, commits, pool', async () => {
      const before = await scrape();
      const logBefore = await syncLogCount();
      const users = [await createUser(p), await createUser(p), await createUser(p)];
      const u = users[0];
      // Two reports waiting for a manager who then arrives: the rows of the linking count too.
      const bossExt = `boss-of-metrics-${dialect}`;
      const manager = { [ENTERPRISE_URN]: { manager: { value: bossExt } } };
      await createUser(p, { schemas: [CORE_USER_URN, ENTERPRISE_URN], ...manager });
      await createUser(p, { schemas: [CORE_USER_URN, ENTERPRISE_URN], ...manager });
      const linkedBefore = await syncLogCount();
      await createUser(p, { externalId: bossExt });
      assert.equal((await syncLogCount()) - linkedBefore, 3, 'Created, and one row per report linked');
      assert.equal(
        (await p.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'Boss' }))).status,
        200,
      );
      assert.equal((await p.req('GET', '/Users/no-such-user')).status, 404);
      assert.equal((await p.req('GET', '/Users?count=2')).status, 200);
      const g = await createGroup(p, 'Team', [u.id]);
      assert.equal((await http('GET', `${p.baseUrl}/Users`, undefined, { authorization: 'Bearer wrong' })).status, 401);
      // An unknown path outside the console (whose pages are client-side routes) and the APIs.
      assert.equal((await http('DELETE', `${s.url}/no/such/path`)).status, 404);
      const after = await scrape();
      const moved = (key: string): number => (after.get(key) ?? 0) - (before.get(key) ?? 0);

      // By route pattern, never the raw URL: six POSTs, one 404 on /Users/:id, one 401.
      assert.equal(
        httpCount(after, 'POST', `${PREFIX}/Users`, 201) - httpCount(before, 'POST', `${PREFIX}/Users`, 201),
        6,
      );
      assert.equal(httpCount(after, 'GET', `${PREFIX}/Users/:id`, 404), 1);
      assert.equal(httpCount(after, 'GET', `${PREFIX}/Users`, 401), 1);
      assert.equal(httpCount(after, 'DELETE', 'unmatched', 404), 1);
      assert.ok(
        ![...after.keys()].some((k) => k.includes('no-such-user') || k.includes(u.id)),
        'no raw URL as a label',
      );

      const op = (kind: string): string => `roster_scim_operations_total{provider="${p.providerId}",kind="${kind}"}`;
      assert.equal(moved(op('user.create')), 6);
      assert.equal(moved(op('user.patch')), 1);
      assert.equal(moved(op('user.get')), 1);
      assert.equal(moved(op('user.list')), 1, 'the unauthenticated list is not counted for the provider');
      assert.equal(moved(op('group.create')), 1);
      assert.ok(![...after.keys()].some((k) => k.includes('provider="') && !k.includes(p.providerId)));

      const written = (await syncLogCount()) - logBefore;
      assert.ok(written >= 4, `the traffic wrote sync-log rows (${written})`);
      assert.equal(moved('roster_sync_log_rows_written_total'), written);

      if (dialect === 'sqlite') {
        // Eight write requests (6 creates, 1 PATCH, 1 group): each one unit of some group commit.
        assert.equal(moved('roster_sqlite_commit_batch_units_sum'), 8);
        assert.ok(moved('roster_sqlite_commit_batch_units_count') >= 1);
      } else {
        assert.ok((after.get('roster_db_pool_connections{state="total"}') ?? 0) >= 1);
        assert.ok(after.has('roster_db_pool_connections{state="waiting"}'));
        // Remembered credential checks (README "Sessions and API tokens on PostgreSQL").
        assert.ok(after.has('roster_credential_checks_total{outcome="hit"}'));
        assert.ok(after.has('roster_credential_cache_entries'));
      }
      if (dialect === 'sqlite') assert.ok(!after.has('roster_credential_checks_total{outcome="hit"}'));
      assert.ok(g.id);
    });

    test('sweeper lag and timers due come from the last sweep', async () => {
      const u = await createUser(p);
      const off = await p.req('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
      assert.equal(off.status, 200, off.text);
      const before = await scrape();
      s.clock.advance(90_000); // due after 60 s: 30 s overdue
      await s.roster.sweeper.sweepOnce(s.clock.now());
      const after = await scrape();
      assert.equal(after.get('roster_sweeper_timers_due'), 1);
      assert.equal(after.get('roster_sweeper_lag_seconds'), 30);
      assert.equal(
        (after.get('roster_sweeper_timers_total{outcome="done"}') ?? 0) -
          (before.get('roster_sweeper_timers_total{outcome="done"}') ?? 0),
        1,
      );
      assert.equal(after.get('roster_sweeper_last_sweep_timestamp_seconds'), s.clock.now().getTime() / 1000);
      await s.roster.sweeper.sweepOnce(s.clock.now());
      const idle = await scrape();
      assert.equal(idle.get('roster_sweeper_timers_due'), 0);
      assert.equal(idle.get('roster_sweeper_lag_seconds'), 0);
    });

    test('a proxied scrape is refused without a token', async () => {
      const res = await http('GET', `${s.url}/metrics`, undefined, { 'x-forwarded-for': '203.0.113.9' });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    });
  });
}

test('with ROSTER_METRICS_TOKEN the scrape needs the bearer token', async () => {
  const token = 'scrape-token-0123456789abcdef';
  const s = await startServer('sqlite', { ROSTER_SWEEP_INTERVAL_MS: '0', ROSTER_METRICS_TOKEN: token });
  try {
    const none = await http('GET', `${s.url}/metrics`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await http('GET', `${s.url}/metrics`, undefined, { authorization: 'Bearer nope' })).status, 401);
    const ok = await http('GET', `${s.url}/metrics`, undefined, {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': '203.0.113.9',
    });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /# TYPE roster_http_request_duration_seconds histogram/);
  } finally {
    await s.close();
  }
});

/**
 * `npm run bench -- synclog [--rows 1000000] [--db sqlite|postgres|both] [--results DIR]` (issue 3 "Speed"):
 * seeds the sync log directly, then measures through the HTTP API of a Roster child process:
 * first-page latency of representative queries (target < 50 ms), paging to the end by cursor,
 * and the streamed CSV export of every row (target < 20 s, server peak RSS while exporting < 200 MB).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/db.js';
import { createBenchDatabase, type BenchDatabase, type DbKind } from '../scim/databases.js';
import { HttpClient } from '../scim/http-client.js';
import { today } from '../scim/report.js';
import { startServer, type ServerProcess } from '../scim/server-process.js';
import { exportOnFreshServer, type ServerMemory } from './export-memory.js';
import { timeQuery, walk, type ExportTiming, type QueryTiming, type WalkTiming } from './measure.js';
import { seedSyncLog, type SeedPlan } from './seed.js';

interface SyncLogResult {
  benchmark: 'synclog';
  target: string;
  date: string;
  startedAt: string;
  machine: { cpus: number; model: string; node: string; platform: string; totalMemoryMB: number };
  plan: SeedPlan;
  seedSeconds: number;
  databaseMB: number | null;
  queries: QueryTiming[];
  walks: Omit<WalkTiming, 'deepCursor'>[];
  export: ExportTiming;
  server: ServerMemory;
  targets: { target: string; measured: string; pass: boolean }[];
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

function parse(argv: string[], repoRoot: string): { plan: SeedPlan; dbs: DbKind[]; resultsDir: string } {
  const { values } = parseArgs({
    args: argv,
    options: { rows: { type: 'string' }, db: { type: 'string' }, results: { type: 'string' } },
  });
  const rows = Number((values.rows ?? '1000000').replace(/[_,]/g, ''));
  if (!Number.isInteger(rows) || rows < 1000)
    throw new Error(
      `--rows must be an integer ≥ 1000, got "${values.rows}"\nusage: npm run bench -- synclog [--rows N] [--db sqlite|postgres|both] [--results DIR]`,
    );
  const db = values.db ?? 'sqlite';
  if (!['sqlite', 'postgres', 'both'].includes(db))
    throw new Error(`--db must be sqlite, postgres or both, got "${db}"`);
  const users = Math.max(100, Math.round(rows / 20));
  return {
    plan: { rows, otherTenantRows: Math.round(rows / 10), users, usernamePrefix: 'user0042' },
    dbs: db === 'both' ? ['sqlite', 'postgres'] : [db as DbKind],
    resultsDir: values.results ?? join(repoRoot, 'bench', 'results'),
  };
}

/** Starts Roster, creates two providers, seeds the log with the server idle; returns what the measurements need. */
async function prepare(
  db: BenchDatabase,
  plan: SeedPlan,
  repoRoot: string,
): Promise<{ server: ServerProcess; token: string; providerIds: string[]; seedSeconds: number }> {
  const server = await startServer('src/main.ts', repoRoot, (port) => ({
    DATABASE_URL: db.url,
    ROSTER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
  }));
  const token = (await server.waitForStdout(/Admin API token[^:]*:\s*(\S+)/))[1] as string;
  const admin = new HttpClient(`http://127.0.0.1:${server.port}/api/v1`, `Bearer ${token}`, 1, 'application/json');
  const providerIds: string[] = [];
  try {
    for (const name of ['Entra ID', 'Okta']) {
      const r = await admin.expect('POST', '/providers', 201, { name, authType: 'bearer' });
      providerIds.push((JSON.parse(r.text) as { provider: { id: string } }).provider.id);
    }
  } finally {
    admin.close();
  }
  const conn = openDatabase(db.url);
  try {
    const tenant = await conn.kysely.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    log(
      `  seeding ${plan.rows.toLocaleString('en-US')} rows (+ ${plan.otherTenantRows.toLocaleString('en-US')} of another tenant)…`,
    );
    const seedSeconds = await seedSyncLog(conn.kysely, tenant.id, providerIds, plan, log);
    // Statistics, as autovacuum would gather within a minute of such a load on a live server.
    if (db.kind === 'postgres') await sql`analyze sync_log`.execute(conn.kysely);
    log(`  seeded in ${seedSeconds.toFixed(1)} s`);
    return { server, token, providerIds, seedSeconds };
  } finally {
    await conn.close();
  }
}

async function measureQueries(
  client: HttpClient,
  plan: SeedPlan,
  providerId: string,
): Promise<{ queries: QueryTiming[]; walks: WalkTiming[] }> {
  const queries: QueryTiming[] = [];
  const q = async (name: string, path: string): Promise<void> => {
    queries.push(await timeQuery(client, name, path));
    log(`  ${name}: p50 ${queries[queries.length - 1]?.p50Ms} ms`);
  };
  await q('no filter, date desc', '/sync-log');
  await q('changeType=Deactivated', '/sync-log?changeType=Deactivated');
  await q(`username prefix "${plan.usernamePrefix}"`, `/sync-log?username=${plan.usernamePrefix}`);
  await q('sort by attribute asc', '/sync-log?sort=attribute&order=asc');
  await q('providerId (30% of rows)', `/sync-log?providerId=${providerId}`);
  await q('sort by username desc', '/sync-log?sort=username&order=desc');
  await q('sort by provider name asc', '/sync-log?sort=provider&order=asc');
  await q('sort by provider name desc', '/sync-log?sort=provider&order=desc');
  await q(
    'changeType=Created,Removed + date range',
    '/sync-log?changeType=Created,Removed&from=2026-03-01&to=2026-06-01',
  );
  await q('sort by oldValue asc (no index)', '/sync-log?sort=oldValue&order=asc');
  const walks: WalkTiming[] = [];
  for (const [name, query] of [
    ['date desc', 'sort=date&order=desc'],
    ['attribute asc', 'sort=attribute&order=asc'],
  ] as const) {
    log(`  paging through everything by ${name}, 1000 per page…`);
    const w = await walk(client, name, query, 1000);
    walks.push(w);
    if (w.deepCursor)
      await q(
        `page at row ${(w.rows - 1000).toLocaleString('en-US')}, ${name} (limit 50)`,
        `/sync-log?${query}&cursor=${w.deepCursor}`,
      );
  }
  return { queries, walks };
}

function targets(r: Pick<SyncLogResult, 'plan' | 'queries' | 'export' | 'server'>): SyncLogResult['targets'] {
  const first = r.queries.slice(0, 4);
  const worst = Math.max(...first.map((x) => x.p95Ms));
  return [
    {
      target: `first page < 50 ms over ${r.plan.rows.toLocaleString('en-US')} rows (p95 of the 4 representative queries)`,
      measured: `${worst} ms`,
      pass: worst < 50,
    },
    {
      target: `CSV export of ${r.plan.rows.toLocaleString('en-US')} rows < 20 s`,
      measured: `${r.export.seconds} s`,
      pass: r.export.seconds < 20 && r.export.rows === r.plan.rows,
    },
    exportPeakTarget(r.server),
  ];
}

/** Peak RSS while exporting; without a VmHWM reset, the lifetime peak stands in (an upper bound). */
function exportPeakTarget(m: ServerMemory): SyncLogResult['targets'][number] {
  const peak = m.peakRssDuringExportMB ?? m.peakRssMB;
  const how = m.peakResetBeforeExport
    ? 'VmHWM reset before the export'
    : "VmHWM over the server's life: could not reset it";
  return {
    target: `server peak RSS during the CSV export < 200 MB (${how})`,
    measured: `${peak ?? '?'} MB`,
    pass: (peak ?? Infinity) < 200,
  };
}

/** The cursor walks, one line each under a header. */
function walkTable(walks: SyncLogResult['walks']): string[] {
  const header = [
    'walk by cursor (1000/page)'.padEnd(28),
    'pages'.padStart(6),
    ...['total s', 'page 1', 'last 10'].map((h) => h.padStart(8)),
    ...['p50', 'p99', 'max'].map((h) => h.padStart(7)),
    ' (ms)',
  ].join(' ');
  return [
    header,
    ...walks.map((w) =>
      [
        w.name.padEnd(28),
        String(w.pages).padStart(6),
        ...[w.seconds, w.firstPageMs, w.lastTenPagesMeanMs].map((v) => v.toFixed(1).padStart(8)),
        ...[w.p50Ms, w.p99Ms, w.maxMs].map((v) => v.toFixed(1).padStart(7)),
      ].join(' '),
    ),
  ];
}

function format(doc: SyncLogResult): string {
  const lines = [
    '',
    [
      `${doc.target} — ${doc.plan.rows.toLocaleString('en-US')} rows`,
      `(+${doc.plan.otherTenantRows.toLocaleString('en-US')} other tenant),`,
      `${doc.plan.users.toLocaleString('en-US')} users; seeded in ${doc.seedSeconds.toFixed(1)} s;`,
      `database ${doc.databaseMB ?? '?'} MB`,
    ].join(' '),
  ];
  lines.push(`${doc.machine.cpus} × ${doc.machine.model}, Node ${doc.machine.node}`, '');
  lines.push(
    [
      'query (first page, 50 rows)'.padEnd(52),
      'rows'.padStart(5),
      ...['p50 ms', 'p95 ms', 'max ms'].map((h) => h.padStart(8)),
    ].join(' '),
  );
  for (const x of doc.queries)
    lines.push(
      [
        x.name.padEnd(52),
        String(x.rows).padStart(5),
        ...[x.p50Ms, x.p95Ms, x.maxMs].map((ms) => ms.toFixed(2).padStart(8)),
      ].join(' '),
    );
  lines.push('', ...walkTable(doc.walks));
  const e = doc.export;
  lines.push(
    '',
    `CSV export: ${e.rows.toLocaleString('en-US')} rows, ${(e.bytes / 1048576).toFixed(1)} MB in ${e.seconds} s (first byte ${e.firstByteMs} ms)`,
  );
  lines.push(
    `  GET /health meanwhile: ${e.healthDuringExport.count} requests, p50 ${e.healthDuringExport.p50Ms} ms, max ${e.healthDuringExport.maxMs} ms`,
  );
  const m = doc.server;
  const cost =
    m.peakRssDuringExportMB !== null && m.rssBeforeExportMB !== null
      ? ` (+${Math.round((m.peakRssDuringExportMB - m.rssBeforeExportMB) * 10) / 10} MB)`
      : '';
  lines.push(
    `  server RSS (fresh server): startup peak ${m.startupPeakRssMB ?? '?'} MB, ` +
      `${m.rssBeforeExportMB ?? '?'} MB before the export, peak ${m.peakRssDuringExportMB ?? '?'} MB during it${cost}`,
    '',
  );
  for (const t of doc.targets)
    lines.push(`${t.target.padEnd(80)} ${t.measured.padStart(10)}  ${t.pass ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}

async function runOne(kind: DbKind, plan: SeedPlan, repoRoot: string): Promise<SyncLogResult> {
  const startedAt = new Date().toISOString();
  log(`\n== synclog on ${kind}`);
  const db = await createBenchDatabase(kind);
  let server: ServerProcess | undefined;
  try {
    const prep = await prepare(db, plan, repoRoot);
    server = prep.server;
    const client = new HttpClient(
      `http://127.0.0.1:${server.port}/api/v1`,
      `Bearer ${prep.token}`,
      1,
      'application/json',
    );
    const { queries, walks } = await measureQueries(client, plan, prep.providerIds[1] as string);
    client.close();
    // A fresh server for the export, so that its peak RSS is the export's, not the walks'.
    await server.stop();
    server = undefined;
    const { exported, server: server1 } = await exportOnFreshServer(db, prep.token, repoRoot);
    const size = await db.sizeBytes();
    const cpus = os.cpus();
    const partial = { plan, queries, export: exported, server: server1 };
    return {
      benchmark: 'synclog',
      target: `roster-${kind}`,
      date: today(),
      startedAt,
      machine: {
        cpus: cpus.length,
        model: cpus[0]?.model ?? 'unknown',
        node: process.version,
        platform: os.platform(),
        totalMemoryMB: Math.round(os.totalmem() / 1048576),
      },
      plan,
      seedSeconds: Math.round(prep.seedSeconds * 10) / 10,
      databaseMB: size === null ? null : Math.round(size / 104857.6) / 10,
      queries,
      walks: walks.map(({ deepCursor: _, ...w }) => w),
      export: exported,
      server: server1,
      targets: targets(partial),
    };
  } finally {
    await server?.stop();
    await db.drop();
  }
}

/** Entry point used by bench/run.ts. */
export async function runSyncLogBench(argv: string[], repoRoot: string): Promise<void> {
  const { plan, dbs, resultsDir } = parse(argv, repoRoot);
  mkdirSync(resultsDir, { recursive: true });
  for (const kind of dbs) {
    const doc = await runOne(kind, plan, repoRoot);
    const path = join(resultsDir, `synclog-${kind}-${doc.date}.json`);
    writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
    process.stdout.write(`${format(doc)}\nwritten ${path}\n`);
  }
}

/**
 * Benchmark entry point:
 *   npm run bench -- scim [--users 100000] [--groups 1000] [--concurrency 16] [--steady 20000] [--deep-pages 200] [--db sqlite|postgres|both] [--no-baseline]
 *     [--repeat N]
 *     (the baseline server, then Roster on each database, in one invocation; every phase as a ratio to the baseline;
 *     with --repeat, N such rounds, the databases in turn first, and each target judged on the median of its rounds)
 *   npm run bench -- scim-baseline [same sizes]   (the baseline alone)
 *   npm run bench -- synclog [--rows 1000000] [--db sqlite|postgres|both] [--results DIR]   (bench/synclog, issue #3)
 *   npm run bench -- lifecycle [--only sweep,apply,synclog] [--db sqlite|postgres|both] [--users 10000]
 *     [--apply-users 100000] [--groups 1000] [--rows 1000000] [--results DIR]
 *     (bench/lifecycle, issue #3: every speed target of the issue, then one summary table)
 *   npm run bench -- console [--users 100000] [--runs 7] [--results DIR]   (bench/console: bundle size, Users page time to interactive)
 *   npm run bench -- auth [--db sqlite|postgres|both] [--users 10000] [--verifies 40] [--checks 5000] [--results DIR]
 *     (bench/auth: argon2id verify time, session/API-token check cost, 10,000-user CSV upload)
 * scim and synclog run the server as a child process (this process is only the load generator);
 * lifecycle runs Roster in-process with an injected clock and times the sweeper directly.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanupAll, interrupted } from './scim/cleanup.js';
import type { DbKind } from './scim/databases.js';
import { checkTargets, formatReport, toResultFile, writeResultFile, type ResultFile } from './scim/report.js';
import { summarizeRounds, type Round } from './scim/repeat.js';
import { runBaseline, runRoster, type RunResult } from './scim/targets.js';
import { runConsoleBench } from './console/run-console.js';
import { runLifecycleBench } from './lifecycle/run-lifecycle.js';
import { runSyncLogBench } from './synclog/run-synclog.js';
import { runAuthBench } from './auth/run-auth.js';
import type { WorkloadParams } from './scim/workload.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);

const USAGE = `usage: npm run bench -- <scim|scim-baseline|synclog|lifecycle> [options]
  (synclog: --rows N --db sqlite|postgres|both --results DIR;
   lifecycle: --only sweep,apply,synclog --db sqlite|postgres|both --users N --apply-users N --groups G --rows N --results DIR)
  --users N         users in the initial sync (default 100000; 20000 for a quick run)
  --groups N        groups (default 1000; largest has min(10000, users/2) members, the last one 5)
  --concurrency N   concurrent clients (default 16, as Entra)
  --steady N        requests in the steady-state mix (default 20000)
  --deep-pages N    pages of 100 at random offsets (default 200)
  --db KIND         scim only: sqlite | postgres | both (default both)
  --no-baseline     scim only: skip the baseline run (no ×baseline column)
  --results DIR     where results JSON goes (default bench/results; use a temp dir for smoke runs)
  --repeat N        scim only: N rounds (baseline, then each database), every target on the median of its rounds
PostgreSQL: BENCH_PG_URL, else a postgres:// DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

class UsageError extends Error {}

interface Parsed {
  command: string;
  params: WorkloadParams;
  dbs: DbKind[];
  baseline: boolean;
  resultsDir: string;
  repeat: number;
}

function parse(argv: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      users: { type: 'string' },
      groups: { type: 'string' },
      concurrency: { type: 'string' },
      steady: { type: 'string' },
      'deep-pages': { type: 'string' },
      db: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      results: { type: 'string' },
      repeat: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? '';
  if (values.help || !['scim', 'scim-baseline'].includes(command))
    throw new UsageError(command ? `unknown benchmark "${command}"` : 'which benchmark?');
  const params: WorkloadParams = {
    users: positiveInt('users', values.users, 100_000),
    groups: positiveInt('groups', values.groups, 1000),
    concurrency: positiveInt('concurrency', values.concurrency, 16),
    steady: positiveInt('steady', values.steady, 20_000),
    deepPages: positiveInt('deep-pages', values['deep-pages'], 200),
  };
  if (params.users < 200) throw new UsageError('--users must be at least 200');
  if (params.groups < 2) throw new UsageError('--groups must be at least 2');
  const db = values.db ?? 'both';
  if (!['sqlite', 'postgres', 'both'].includes(db))
    throw new UsageError(`--db must be sqlite, postgres or both, got "${db}"`);
  if (command === 'scim-baseline' && values.db !== undefined && db !== 'sqlite')
    throw new UsageError('the baseline runs on SQLite only');
  return {
    command,
    params,
    dbs: db === 'both' ? ['sqlite', 'postgres'] : [db as DbKind],
    baseline: command === 'scim-baseline' || values['no-baseline'] !== true,
    resultsDir: resolve(values.results ?? join(BENCH_DIR, 'results')),
    repeat: positiveInt('repeat', values.repeat, 1),
  };
}

function report(doc: ResultFile, resultsDir: string, sqlite?: ResultFile, suffix = ''): void {
  doc.targets = checkTargets(doc, resultsDir, sqlite);
  const path = writeResultFile(resultsDir, doc, suffix);
  process.stdout.write(`${formatReport(doc)}\nwritten ${path}\n`);
}

/**
 * One round: the baseline (unless skipped), then Roster on each database. `reversed` runs the
 * databases in the other order (alternate rounds of --repeat), so that neither is always the one
 * that runs last, on a machine that may have slowed down by then; each is reported in the usual order.
 */
async function round(p: Parsed, suffix: string, reversed = false): Promise<Round> {
  let base: RunResult | undefined;
  if (p.baseline) {
    base = await runBaseline(p.params, REPO_ROOT);
    report(toResultFile(base, p.params), p.resultsDir, undefined, suffix);
  }
  const out: Round = {};
  if (p.command === 'scim-baseline') return out;
  const runs = new Map<DbKind, RunResult>();
  for (const db of reversed ? [...p.dbs].reverse() : p.dbs) runs.set(db, await runRoster(db, p.params, REPO_ROOT));
  for (const db of p.dbs) {
    const doc = toResultFile(runs.get(db) as RunResult, p.params, base);
    report(doc, p.resultsDir, out.sqlite, suffix);
    out[db] = doc;
  }
  return out;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'synclog') return runSyncLogBench(process.argv.slice(3), REPO_ROOT);
  if (process.argv[2] === 'lifecycle') return runLifecycleBench(process.argv.slice(3), REPO_ROOT);
  if (process.argv[2] === 'console') return runConsoleBench(process.argv.slice(3), REPO_ROOT);
  if (process.argv[2] === 'auth') return runAuthBench(process.argv.slice(3), REPO_ROOT);
  const parsed = parse(process.argv.slice(2));
  mkdirSync(parsed.resultsDir, { recursive: true });
  if (parsed.repeat === 1) {
    await round(parsed, '');
    return;
  }
  const rounds: Round[] = [];
  for (let i = 1; i <= parsed.repeat; i++) {
    process.stderr.write(`\n######## round ${i} of ${parsed.repeat}\n`);
    rounds.push(await round(parsed, `-round${i}`, i % 2 === 0));
  }
  process.stdout.write(`${summarizeRounds(rounds, parsed.params.users, parsed.resultsDir)}\n`);
}

main()
  .then(async () => {
    await cleanupAll();
    // Benchmarks never fail on a missed target; only on errors.
    process.exit(0);
  })
  .catch(async (e: unknown) => {
    if (interrupted()) return; // the signal handler cleans up and exits
    if (e instanceof UsageError) process.stderr.write(`${e.message}\n${USAGE}\n`);
    else process.stderr.write(`\nbench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    await cleanupAll();
    process.exit(e instanceof UsageError ? 2 : 1);
  });

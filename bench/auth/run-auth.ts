/**
 * `npm run bench -- auth [--db sqlite|postgres|both] [--users 10000] [--verifies 40] [--checks 5000] [--results DIR]`
 * Issue 14 "Speed": one argon2id verification (target 50–150 ms), the cost of checking a session
 * and an API token on an authenticated request (target p99 < 0.5 ms), and a 10,000-user CSV upload.
 * Roster runs in-process on a fresh database; the CSV goes through the same parser and service
 * command as `POST /api/v1/users/import` and `roster user import`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseUserCsv } from '../../src/adapters/admin-api/user-csv.js';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { ARGON2_PARAMS, hashPassword, verifyPassword } from '../../src/core/auth/password-hash.js';
import { holds, operatorPrincipal } from '../../src/core/auth/principal.js';
import { createBenchDatabase, type DbKind } from '../scim/databases.js';
import { today } from '../scim/report.js';

const PASSWORD = 'bench-Password-0042';

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, mean, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] ?? NaN };
}

async function timeArgon2(verifies: number) {
  const phc = await hashPassword(PASSWORD);
  const samples: number[] = [];
  for (let i = 0; i < verifies; i += 1) {
    const t = performance.now();
    await verifyPassword(phc, PASSWORD);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

function csvOf(users: number): string {
  const lines = ['username,email,first name,last name,organization,roles'];
  for (let i = 0; i < users; i += 1)
    lines.push(`user${i}@bench.test,user${i}@bench.test,First${i},Last${i},,desktop-user`);
  return `${lines.join('\n')}\n`;
}

/** Times `checks` session checks and API token checks, each followed by a permission test. */
async function timeChecks(s: Roster['services'], token: string, apiToken: string, checks: number) {
  const session: number[] = [];
  const api: number[] = [];
  // CPU time of the whole check loop (both checks), per check pair: less noisy than wall time on a shared machine.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < checks; i += 1) {
    let t = performance.now();
    const p = await s.sessions.authenticate({
      token,
      via: 'bearer',
      stateChanging: false,
      csrfToken: undefined,
      ip: '127.0.0.1',
    });
    if (!holds(p, 'users.read')) throw new Error('the session lacks users.read');
    session.push(performance.now() - t);
    t = performance.now();
    if (!holds(await s.apiTokens.authenticate(apiToken, '127.0.0.1'), 'users.read'))
      throw new Error('the API token lacks users.read');
    api.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerCheckPair = (cpu.user + cpu.system) / 1000 / checks;
  return { session, api, cpuMsPerCheckPair };
}

/** PostgreSQL: the credential cache serves only once its change listener is connected. */
async function listening(roster: Roster): Promise<void> {
  const cache = roster.db.credentialCache;
  for (let i = 0; cache && !cache.active && i < 500; i += 1) await new Promise((r) => setTimeout(r, 10));
  if (cache && !cache.active) throw new Error('the credential listener did not connect');
}

async function runOne(kind: DbKind, o: { users: number; checks: number; cache: boolean }) {
  const db = await createBenchDatabase(kind);
  const roster = await createRoster(
    loadConfig({
      DATABASE_URL: db.url,
      ROSTER_SWEEP_INTERVAL_MS: '0',
      ROSTER_PG_ANALYZE_INTERVAL_MS: '0',
      ROSTER_CREDENTIAL_CACHE: o.cache ? 'on' : 'off',
    }),
  );
  try {
    await listening(roster);
    const s = roster.services;
    const tenantId = roster.bootstrap.tenantId;
    const operator = operatorPrincipal(tenantId);
    const { user } = await s.localUsers.create(operator, {
      userName: 'bench.admin@bench.test',
      roles: ['customer-cloud-admin', 'desktop-user'],
      password: PASSWORD,
    });
    const signed = await s.signIn.password(tenantId, {
      userName: user.profile.userName,
      password: PASSWORD,
      client: 'app',
      ip: '127.0.0.1',
    });
    if (signed.next !== 'session') throw new Error('the bench user has no MFA: a session was expected');
    const token = signed.opened.token;
    const apiToken = roster.bootstrap.adminToken ?? '';
    const { session, api, cpuMsPerCheckPair } = await timeChecks(s, token, apiToken, o.checks);
    const cache = roster.db.credentialCache ? { ...roster.db.credentialCache.stats } : null;
    const text = csvOf(o.users);
    const t0 = performance.now();
    const parsed = parseUserCsv(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const t1 = performance.now();
    const report = await s.localUsers.import(operator, parsed.rows, { dryRun: false });
    const t2 = performance.now();
    if (report.created !== o.users) throw new Error(`created ${report.created} of ${o.users}`);
    return {
      sessionCheckMs: stats(session),
      apiTokenCheckMs: stats(api),
      cpuMsPerCheckPair,
      credentialCache: cache,
      csv: { users: o.users, parseSeconds: (t1 - t0) / 1000, importSeconds: (t2 - t1) / 1000 },
    };
  } finally {
    await roster.close();
    await db.drop();
  }
}

const f = (n: number) => n.toFixed(3);

/** Runs the auth benchmark and writes bench/results/auth-<date>.json. */
export async function runAuthBench(argv: string[], repoRoot: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      users: { type: 'string', default: '10000' },
      verifies: { type: 'string', default: '40' },
      checks: { type: 'string', default: '5000' },
      results: { type: 'string', default: join(repoRoot, 'bench', 'results') },
    },
  });
  const kinds: DbKind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as DbKind];
  const argon2 = await timeArgon2(Number(values.verifies));
  process.stdout.write(
    [
      `argon2id m=${ARGON2_PARAMS.memoryCost} KiB t=${ARGON2_PARAMS.timeCost} p=${ARGON2_PARAMS.parallelism}:`,
      `verify mean ${argon2.mean.toFixed(1)} ms, p50 ${argon2.p50.toFixed(1)}, p95 ${argon2.p95.toFixed(1)}`,
      '(target 50–150 ms)\n',
    ].join(' '),
  );
  const perDb: Record<string, Awaited<ReturnType<typeof runOne>>> = {};
  // PostgreSQL twice: as served (checks remembered, README "Sessions and API tokens on PostgreSQL")
  // and with ROSTER_CREDENTIAL_CACHE=off, every check a database round trip.
  const runs = kinds.flatMap((kind): { label: string; kind: DbKind; cache: boolean }[] =>
    kind === 'postgres'
      ? [
          { label: 'postgres', kind, cache: true },
          { label: 'postgres-uncached', kind, cache: false },
        ]
      : [{ label: kind, kind, cache: false }],
  );
  for (const { label, kind, cache } of runs) {
    const r = await runOne(kind, { users: Number(values.users), checks: Number(values.checks), cache });
    perDb[label] = r;
    const c = r.credentialCache;
    process.stdout.write(
      [
        `${label}: session check p50 ${f(r.sessionCheckMs.p50)} ms, p99 ${f(r.sessionCheckMs.p99)} ms;`,
        `API token check p50 ${f(r.apiTokenCheckMs.p50)} ms, p99 ${f(r.apiTokenCheckMs.p99)} ms (target p99 < 0.5 ms);`,
        `CPU ${f(r.cpuMsPerCheckPair)} ms per session+token check pair;`,
        c ? `remembered: ${c.hits} hits, ${c.misses} misses;` : '',
        `CSV ${r.csv.users} users: parse ${r.csv.parseSeconds.toFixed(2)} s + import ${r.csv.importSeconds.toFixed(2)} s\n`,
      ].join(' '),
    );
  }
  mkdirSync(values.results, { recursive: true });
  const path = join(values.results, `auth-${today()}.json`);
  const doc = {
    benchmark: 'auth',
    date: today(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    argon2: { params: { ...ARGON2_PARAMS, algorithm: 'argon2id' }, verifyMs: argon2 },
    ...perDb,
  };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`written ${path}\n`);
}

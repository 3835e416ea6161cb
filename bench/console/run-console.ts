/**
 * npm run bench -- console [--users 100000] [--runs 7] [--results DIR]
 * SPEC C10 speed: (1) the production bundle's gzip size — what the first screen (sign-in) loads,
 * and what the Users screen adds; (2) the time from navigation to an interactive Users page (its
 * first row rendered and clickable) with --users users in the directory, in Debian's chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { operatorPrincipal } from '../../src/core/auth/principal.js';
import { emptyProfile, type User } from '../../src/core/directory/user.js';
import { toUserRow } from '../../src/storage/repositories/user-mapper.js';
import { createBenchDatabase } from '../scim/databases.js';

const log = (s: string) => process.stdout.write(`${s}\n`);

interface Manifest {
  [key: string]: { file: string; css?: string[]; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };
}

/** Gzip bytes of a chunk and everything it statically imports (each file counted once). */
function closure(dist: string, manifest: Manifest, keys: string[], seen = new Set<string>()): number {
  let bytes = 0;
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) continue;
    seen.add(key);
    for (const f of [chunk.file, ...(chunk.css ?? [])]) {
      if (seen.has(f)) continue;
      seen.add(f);
      bytes += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
    }
    bytes += closure(dist, manifest, chunk.imports ?? [], seen);
  }
  return bytes;
}

function bundleSizes(repoRoot: string): { firstScreen: number; usersScreen: number } {
  const r = spawnSync(process.execPath, ['scripts/build-console.mjs', '--force'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('console build failed');
  const dist = join(repoRoot, 'console', 'dist');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entry = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
  const route = (name: string) => Object.keys(manifest).filter((k) => k.endsWith(name));
  const seen = new Set<string>();
  const firstScreen = closure(dist, manifest, [...entry, ...route('sign-in-route.tsx')], seen);
  const usersScreen = firstScreen + closure(dist, manifest, route('users-route.tsx'), seen);
  return { firstScreen, usersScreen };
}

async function seedUsers(roster: Roster, users: number): Promise<void> {
  const tenantId = roster.bootstrap.tenantId;
  const root = await roster.services.store.repos.organizations.findRoot(tenantId);
  if (!root) throw new Error('no root organization');
  const { provider } = await roster.services.providers.create(operatorPrincipal(tenantId), {
    name: 'Bench console',
    type: 'scim',
    authType: 'bearer',
  });
  const at = new Date().toISOString();
  for (let i = 0; i < users; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(users, i + 500); j++) {
      const u: User = {
        id: `bench-user-${String(j).padStart(7, '0')}`,
        tenantId,
        providerId: provider.id,
        orgId: root.id,
        status: 'active',
        adminBlocked: false,
        deactivationState: null,
        deactivatedAt: null,
        scimActive: true,
        managerId: null,
        pendingManager: null,
        notInRoleMapping: false,
        removedAt: null,
        version: 1,
        createdAt: at,
        updatedAt: at,
        profile: { ...emptyProfile(`bench${String(j).padStart(7, '0')}@example.com`) },
      };
      rows.push(toUserRow(u));
    }
    await roster.db.kysely.insertInto('users').values(rows).execute();
  }
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** Navigation to an interactive Users page, in ms, `runs` times after one warm-up run. */
async function timeUsersPage(browser: Browser, url: string, token: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    // A fresh context each run: nothing cached, as a first visit.
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(`${url}/users`);
    await page.getByRole('link', { name: /^bench0000000@example\.com$/ }).waitFor();
    const ms = performance.now() - start;
    if (i > 0) times.push(ms); // the first run warms the server's caches
    await context.close();
  }
  return times;
}

type ConsoleResult = {
  users: number;
  runs: number;
  bundleGzipBytes: ReturnType<typeof bundleSizes>;
  usersPageInteractiveMs: { p50: number; p95: number };
};

/** The result as a Markdown table on stderr. */
function logTable(result: ConsoleResult): void {
  const { users, runs, bundleGzipBytes: sizes } = result;
  log('| measure | result | target |');
  log('|---|---:|---:|');
  log(`| first screen, gzip | ${(sizes.firstScreen / 1024).toFixed(1)} kB | < 300 kB |`);
  log(`| Users screen total, gzip | ${(sizes.usersScreen / 1024).toFixed(1)} kB | |`);
  log(
    `| navigation → interactive Users page, ${users.toLocaleString('en-US')} users, p50 | ${result.usersPageInteractiveMs.p50.toFixed(0)} ms | < 1000 ms |`,
  );
  log(`| same, p95 of ${runs} | ${result.usersPageInteractiveMs.p95.toFixed(0)} ms | |`);
}

export async function runConsoleBench(argv: string[], repoRoot: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { users: { type: 'string' }, runs: { type: 'string' }, results: { type: 'string' } },
  });
  const users = Number(values.users ?? 100_000);
  const runs = Number(values.runs ?? 7);
  const sizes = bundleSizes(repoRoot);
  log(
    `bundle (gzip): first screen ${(sizes.firstScreen / 1024).toFixed(1)} kB, with the Users screen ${(sizes.usersScreen / 1024).toFixed(1)} kB`,
  );

  const database = await createBenchDatabase('sqlite');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  const roster = await createRoster(
    loadConfig({ DATABASE_URL: database.url, PORT: String(port), ROSTER_SWEEP_INTERVAL_MS: '0', LOG_LEVEL: 'warn' }),
  );
  const browser = await chromium.launch({
    executablePath: process.env.ROSTER_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const t0 = performance.now();
    await seedUsers(roster, users);
    log(`seeded ${users.toLocaleString('en-US')} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await roster.app.listen({ port, host: '127.0.0.1' });
    const times = await timeUsersPage(browser, url, roster.bootstrap.adminToken ?? '', runs);
    const result = {
      date: new Date().toISOString(),
      users,
      runs,
      bundleGzipBytes: sizes,
      usersPageInteractiveMs: { p50: quantile(times, 0.5), p95: quantile(times, 0.95), all: times },
      targets: { firstScreenGzipBytes: 300 * 1024, usersPageInteractiveMs: 1000 },
    };
    logTable(result);
    const dir = values.results ?? join(repoRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `console-${result.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${file}`);
  } finally {
    await browser.close();
    await roster.close();
    await database.drop();
  }
}

/**
 * The sweep part of `npm run bench -- lifecycle` (run-lifecycle.ts), in-process, on a fresh database
 * with an injected clock and the sweeper loop disabled. A SCIM provider creates N users through core
 * (each with one device and one archive), then deactivates them all the normal provider way
 * (active:false → a pending 'user.deactivate' timer). The clock moves past the deactivation delay
 * and `sweeper.sweepOnce(now)` is timed until nothing is due (target: 10,000 due deactivations in
 * < 10 s). The result is verified against the database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRoster, type Roster, type Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { operatorPrincipal } from '../../src/core/auth/principal.js';
import { emptyProfile } from '../../src/core/directory/user.js';
import type { Clock } from '../../src/core/ports.js';
import type { ProvisioningContext } from '../../src/core/provisioning/context.js';
import type { SweepResult, TimerSweeper } from '../../src/jobs/timer-sweeper.js';
import { createBenchDatabase, type DbKind } from '../scim/databases.js';
import { today } from '../scim/report.js';
import type { LifecycleResult, Phase } from './sweep-report.js';
import { check, countOutcome } from './sweep-verification.js';

export const DEFAULT_USERS = 10_000;
const TARGET_SECONDS = 10;
/** Concurrent provisioning calls during setup (SQLite: they share group commits; PostgreSQL: pool connections). */
const SETUP_CONCURRENCY = 16;

/** The clock the run moves forward instead of waiting out the deactivation delay. */
class BenchClock implements Clock {
  constructor(private t = Date.parse('2026-11-23T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Peak resident set size of this process (VmHWM), in MB; null off Linux. */
function peakRssMB(): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so the next reading is the sweep's own peak. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn(0 … n-1)` with `concurrency` calls in flight; logs progress every 10 %. */
async function parallel(
  n: number,
  concurrency: number,
  label: string,
  fn: (i: number) => Promise<void>,
): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.ceil(n / 10));
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      await fn(i);
      done += 1;
      if (done % step === 0 && done < n)
        log(`    ${label}: ${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return (performance.now() - t0) / 1000;
}

type Guard = { percent: number; minUsers: number; windowSeconds: number };

/** The provider with `users` users, each with a device and an archive, all deactivated by the provider. */
async function setUp(
  services: Services,
  tenantId: string,
  users: number,
): Promise<{ providerId: string; delay: number; guard: Guard; phases: Phase[] }> {
  const tenant = await services.store.repos.tenants.findById(tenantId);
  if (!tenant) throw new Error(`bootstrap tenant ${tenantId} not found`);
  const phases: Phase[] = [];
  // The provider, with the mass-deprovision guard raised so that deactivating every user is not held.
  const created = await services.providers.create(operatorPrincipal(tenantId), {
    name: 'Bench SCIM',
    type: 'scim',
    authType: 'bearer',
  });
  const guard = { percent: 100, minUsers: users + 1, windowSeconds: 3600 };
  const provider = await services.providers.setGuard(operatorPrincipal(tenantId), created.provider.id, guard);
  const ctx: ProvisioningContext = { tenantId, tenant, provider };

  const userIds: string[] = new Array<string>(users);
  log('  creating users, each with one device and one archive…');
  phases.push({
    name: 'create users + device + archive',
    seconds: await parallel(users, SETUP_CONCURRENCY, 'created', async (i) => {
      const userName = `bench${String(i).padStart(6, '0')}@example.com`;
      const { user } = await services.users.create(ctx, {
        profile: { ...emptyProfile(userName), displayName: `Bench User ${i}` },
        active: true,
        managerRef: null,
      });
      userIds[i] = user.id;
      const device = await services.devices.register(operatorPrincipal(tenantId), user.id, {
        name: `laptop-${i}`,
        os: 'macOS 15',
      });
      await services.devices.addArchive(operatorPrincipal(tenantId), device.id, 'cloud-eu');
    }),
  });
  log('  the provider deactivates every user (active:false)…');
  phases.push({
    name: 'provider deactivates all (active:false)',
    seconds: await parallel(users, SETUP_CONCURRENCY, 'deactivated', async (i) => {
      await services.users.update(ctx, userIds[i] as string, (cur) => ({
        profile: cur.user.profile,
        active: false,
        managerRef: cur.user.managerId,
      }));
    }),
  });
  const held = await services.store.repos.timers.heldDeactivations(tenantId, provider.id);
  if (held.length > 0)
    throw new Error(`the mass-deprovision guard held ${held.length} deactivations despite raised thresholds`);
  return { providerId: provider.id, delay: provider.deactivationDelaySeconds, guard, phases };
}

/** `sweepOnce(now)` until nothing is due (at most 1,000 passes): the summed outcome and the pass count. */
async function sweepUntilDone(sweeper: TimerSweeper, now: Date): Promise<{ result: SweepResult; passes: number }> {
  const result: SweepResult = { done: 0, no_action: 0, lost: 0, failed: 0 };
  let passes = 0;
  for (;;) {
    const r = await sweeper.sweepOnce(now);
    passes += 1;
    for (const k of Object.keys(result) as (keyof SweepResult)[]) result[k] += r[k];
    if (r.done + r.no_action === 0 || passes >= 1000) break;
  }
  return { result, passes };
}

/** What a run measured, before it becomes a result document. */
interface Measured {
  startedAt: string;
  users: number;
  delay: number;
  guard: Guard;
  setupSeconds: number;
  phases: Phase[];
  sweepSeconds: number;
  passes: number;
  result: SweepResult;
  verified: LifecycleResult['verified'];
  peakAfterSetup: number | null;
  peakDuringSweep: number | null;
  reset: boolean;
}

/** The result document of a run, with its target line. */
function toResult(kind: DbKind, m: Measured): LifecycleResult {
  const { startedAt, users, delay, guard, setupSeconds, phases, sweepSeconds, passes, result, verified } = m;
  const { peakAfterSetup, peakDuringSweep, reset } = m;
  const cpus = os.cpus();
  const perSecond = Math.round(users / sweepSeconds);
  return {
    benchmark: 'lifecycle',
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
    users,
    deactivationDelaySeconds: delay,
    guard: {
      ...guard,
      note: 'mass-deprovision guard thresholds raised (percent 100, minUsers N+1) so the provider deactivating every user is not held',
    },
    setup: {
      seconds: round(setupSeconds, 1),
      phases: phases.map((p) => ({ name: p.name, seconds: round(p.seconds, 1) })),
      concurrency: SETUP_CONCURRENCY,
    },
    sweep: {
      seconds: round(sweepSeconds, 3),
      passes,
      result,
      deactivationsPerSecond: perSecond,
      batchSize: 500,
      concurrency: kind === 'sqlite' ? 64 : 4,
    },
    verified,
    memory: {
      peakRssMBAfterSetup: peakAfterSetup,
      peakRssMBDuringSweep: reset ? peakDuringSweep : null,
      peakResetBeforeSweep: reset,
      peakRssMB: peakDuringSweep === null ? peakAfterSetup : Math.max(peakDuringSweep, peakAfterSetup ?? 0),
    },
    targets: [
      {
        target:
          `${users.toLocaleString('en-US')} due deactivations < ${TARGET_SECONDS} s` +
          (users === DEFAULT_USERS ? '' : ` (target is for ${DEFAULT_USERS.toLocaleString('en-US')})`),
        measured: `${round(sweepSeconds, 2)} s`,
        pass: sweepSeconds < TARGET_SECONDS,
      },
    ],
  };
}

/** Sets up, sweeps and verifies one database. */
export async function runSweepBench(kind: DbKind, users: number): Promise<LifecycleResult> {
  const startedAt = new Date().toISOString();
  log(`\n== lifecycle on ${kind}: ${users.toLocaleString('en-US')} users`);
  const database = await createBenchDatabase(kind);
  const clock = new BenchClock();
  let roster: Roster | undefined;
  try {
    const config = loadConfig({
      DATABASE_URL: database.url,
      ROSTER_SWEEP_INTERVAL_MS: '0',
      ROSTER_PG_ANALYZE_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    });
    const setupStart = performance.now();
    roster = await createRoster(config, { clock });
    const { services, sweeper, db } = roster;
    const tenantId = roster.bootstrap.tenantId;
    const { providerId, delay, guard, phases } = await setUp(services, tenantId, users);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    const peakAfterSetup = peakRssMB();

    // Past the delay: every deactivation is due.
    clock.advance((delay + 1) * 1000);
    const reset = resetPeak();
    log(`  sweeping ${users.toLocaleString('en-US')} due deactivations…`);
    const sweepStart = performance.now();
    const { result, passes } = await sweepUntilDone(sweeper, clock.now());
    const sweepSeconds = (performance.now() - sweepStart) / 1000;
    const peakDuringSweep = peakRssMB();

    const verified = await countOutcome(db.kysely, tenantId, providerId);
    check(kind, users, result, verified);
    return toResult(kind, {
      startedAt,
      users,
      delay,
      guard,
      setupSeconds,
      phases,
      sweepSeconds,
      passes,
      result,
      verified,
      peakAfterSetup,
      peakDuringSweep,
      reset,
    });
  } finally {
    await roster?.close();
    await database.drop();
  }
}

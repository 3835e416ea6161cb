// The sweep benchmark's result document (bench/results/lifecycle-*.json) and its text table.
import type { SweepResult } from '../../src/jobs/timer-sweeper.js';

/** A timed part of the setup. */
export interface Phase {
  name: string;
  seconds: number;
}

/** One run of the sweep benchmark on one database, as written to bench/results. */
export interface LifecycleResult {
  benchmark: 'lifecycle';
  target: string;
  date: string;
  startedAt: string;
  machine: { cpus: number; model: string; node: string; platform: string; totalMemoryMB: number };
  users: number;
  deactivationDelaySeconds: number;
  guard: { percent: number; minUsers: number; windowSeconds: number; note: string };
  setup: { seconds: number; phases: Phase[]; concurrency: number };
  sweep: {
    seconds: number;
    passes: number;
    result: SweepResult;
    deactivationsPerSecond: number;
    batchSize: number;
    concurrency: number;
  };
  verified: {
    deactivatedUsers: number;
    deactivatedLogRows: number;
    devicesDeactivated: number;
    archivesInColdStorage: number;
    purgeTimersPending: number;
  };
  memory: {
    peakRssMBAfterSetup: number | null;
    peakRssMBDuringSweep: number | null;
    peakResetBeforeSweep: boolean;
    peakRssMB: number | null;
  };
  targets: { target: string; measured: string; pass: boolean | null }[];
}

/** The result as the table printed after a run. */
export function formatSweep(doc: LifecycleResult): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const rows: [string, string][] = [
    ['users (each 1 device, 1 archive)', n(doc.users)],
    ['setup (create + provider deactivation)', `${doc.setup.seconds.toFixed(1)} s`],
    ...doc.setup.phases.map((p): [string, string] => [`  ${p.name}`, `${p.seconds.toFixed(1)} s`]),
    ['sweep (sweepOnce until nothing due)', `${doc.sweep.seconds.toFixed(2)} s`],
    ['deactivations/s', n(doc.sweep.deactivationsPerSecond)],
    [
      'sweep outcome',
      `done ${n(doc.sweep.result.done)}, no_action ${doc.sweep.result.no_action}, ` +
        `lost ${doc.sweep.result.lost}, failed ${doc.sweep.result.failed} (${doc.sweep.passes} sweepOnce calls)`,
    ],
    ['peak RSS (VmHWM) after setup', `${doc.memory.peakRssMBAfterSetup ?? '?'} MB`],
    [
      'peak RSS (VmHWM) during sweep',
      doc.memory.peakResetBeforeSweep
        ? `${doc.memory.peakRssMBDuringSweep ?? '?'} MB (reset before the sweep)`
        : 'n/a (could not reset VmHWM)',
    ],
    [
      'verified',
      [
        `${n(doc.verified.deactivatedUsers)} users deactivated,`,
        `${n(doc.verified.deactivatedLogRows)} 'Deactivated' log rows,`,
        `${n(doc.verified.devicesDeactivated)} devices deactivated,`,
        `${n(doc.verified.archivesInColdStorage)} archives in cold storage,`,
        `${n(doc.verified.purgeTimersPending)} purge timers pending`,
      ].join(' '),
    ],
  ];
  const lines = [
    '',
    `${doc.target} — lifecycle, in-process; ${doc.machine.cpus} × ${doc.machine.model}, Node ${doc.machine.node}`,
  ];
  lines.push(
    `provider deactivation delay ${doc.deactivationDelaySeconds} s (clock advanced past it); ${doc.guard.note}`,
    '',
  );
  for (const [k, v] of rows) lines.push(`${k.padEnd(42)} ${v}`);
  lines.push('');
  for (const t of doc.targets)
    lines.push(
      t.pass === null
        ? `NOT MEASURED: ${t.target}`
        : `${t.target.padEnd(60)} ${t.measured.padStart(10)}  ${t.pass ? 'PASS' : 'FAIL'}`,
    );
  return lines.join('\n');
}

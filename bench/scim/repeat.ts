import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { today, type ResultFile } from './report.js';
import { OP } from './workload.js';

/** What one round of a repeated invocation measured: Roster on each database (baseline ratios inside). */
export interface Round {
  sqlite?: ResultFile;
  postgres?: ResultFile;
}

interface Measure {
  target: string;
  of: (r: Round) => number | undefined;
  holds: (x: number) => boolean;
}

const slowestPhase = (d: ResultFile | undefined): number | undefined => {
  const ratios = (d?.phases ?? []).flatMap((ph) => (ph.vsBaseline === undefined ? [] : [ph.vsBaseline]));
  return ratios.length ? Math.min(...ratios) : undefined;
};
const memberP99 = (d: ResultFile | undefined): number | undefined => {
  const p99 = (op: string) => d?.operations.find((o) => o.op === op)?.p99Ms;
  const [big, small] = [p99(OP.memberLargest), p99(OP.memberSmallest)];
  return big !== undefined && small ? big / small : undefined;
};

// The targets of the SCIM hot path that a ratio measures (README "Benchmarks"); each round's
// ratios come from one invocation, so every Roster run is compared with the baseline it ran beside.
const MEASURES: Measure[] = [
  { target: 'SQLite whole run ≥ 0.5× the baseline', of: (r) => r.sqlite?.wholeRun.vsBaseline, holds: (x) => x >= 0.5 },
  { target: 'SQLite: no phase below 0.33× the baseline', of: (r) => slowestPhase(r.sqlite), holds: (x) => x >= 0.33 },
  {
    target: 'SQLite member change p99 ≤ 1.2× (largest ÷ smallest group)',
    of: (r) => memberP99(r.sqlite),
    holds: (x) => x <= 1.2,
  },
  {
    target: 'PostgreSQL whole run ≥ 0.5× SQLite',
    of: (r) => (r.sqlite && r.postgres ? r.sqlite.wholeRun.seconds / r.postgres.wholeRun.seconds : undefined),
    holds: (x) => x >= 0.5,
  },
  { target: 'PostgreSQL member change p99 ≤ 1.2×', of: (r) => memberP99(r.postgres), holds: (x) => x <= 1.2 },
];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The rounds of `--repeat N` side by side, each target judged on the median of its rounds: on a
 * shared two-core machine one round's ratio moves by a tenth either way, and the median of an odd
 * number of rounds is a value that was really measured. Writes scim-summary-<users>-<date>.json.
 */
export function summarizeRounds(rounds: readonly Round[], users: number, dir: string): string {
  const rows = MEASURES.flatMap((m) => {
    const values = rounds.map(m.of);
    const measured = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (measured.length === 0) return [];
    const med = median(measured);
    return [
      { target: m.target, rounds: values, median: med, held: measured.filter(m.holds).length, pass: m.holds(med) },
    ];
  });
  const fmt = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(2)}×`);
  const lines = [
    `\n${rounds.length} rounds, ${users.toLocaleString('en-US')} users: each target on the median of its rounds`,
    `${'target'.padEnd(60)} ${'rounds'.padEnd(8 * rounds.length)} median  held  result`,
    ...rows.map(
      (r) =>
        `${r.target.padEnd(60)} ${r.rounds.map((v) => fmt(v).padEnd(8)).join('')} ${fmt(r.median).padEnd(7)} ` +
        `${`${r.held}/${rounds.length}`.padEnd(5)} ${r.pass ? 'PASS' : 'FAIL'}`,
    ),
  ];
  const path = join(dir, `scim-summary-${users}-${today()}.json`);
  writeFileSync(
    path,
    `${JSON.stringify({ benchmark: 'scim', users, date: today(), rounds: rounds.length, targets: rows }, null, 2)}\n`,
  );
  lines.push(`written ${path}`);
  return lines.join('\n');
}

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { OpSummary } from './stats.js';
import type { RunResult } from './targets.js';
import { OP, type PhaseResult, type WorkloadParams } from './workload.js';

/** One speed target of the SCIM hot path, checked against a run. `pass` is null where it does not apply. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean | null;
}

/**
 * A phase with its speed relative to the baseline run of the same invocation: by wall time
 * (baseline seconds ÷ these seconds) and by the server's CPU time (baseline CPU ms ÷ these CPU ms,
 * for the same requests). On a shared machine the wall ratio moves with everyone else's load; the
 * CPU ratio much less.
 */
export interface PhaseRow extends PhaseResult {
  perSecond: number;
  vsBaseline?: number;
  cpuMsPerRequest?: number;
  cpuVsBaseline?: number;
}

/** The JSON written to bench/results/scim-<target>-<users>-<date>.json. */
export interface ResultFile {
  benchmark: 'scim';
  target: string;
  date: string;
  startedAt: string;
  machine: { cpus: number; model: string; node: string; platform: string; release: string; totalMemoryMB: number };
  parameters: WorkloadParams & { largestGroup: number; smallestGroup: number; memberships: number };
  phases: PhaseRow[];
  wholeRun: { seconds: number; vsBaseline?: number; cpuMs?: number; cpuMsPerRequest?: number; cpuVsBaseline?: number };
  operations: OpSummary[];
  server: RunResult['server'];
  targets: TargetCheck[];
}

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const ratio = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const cpuPerRequest = (cpuMs: number | undefined, requests: number): number | undefined =>
  cpuMs === undefined ? undefined : cpuMs / requests;
/** The server's CPU time of all phases, or undefined when any phase lacks it. */
const cpuOf = (phases: readonly PhaseResult[]): number | undefined =>
  phases.every((ph) => ph.cpuMs !== undefined) ? sum(phases.map((ph) => ph.cpuMs ?? 0)) : undefined;
const over = (a: number | undefined, b: number | undefined): object =>
  a !== undefined && b !== undefined && b > 0 ? { cpuVsBaseline: a / b } : {};

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const opOf = (doc: ResultFile, name: string): OpSummary | undefined => doc.operations.find((o) => o.op === name);

/** Builds the result document; phases compared with `baseline` (same invocation) when given. */
export function toResultFile(r: RunResult, p: WorkloadParams, baseline?: RunResult): ResultFile {
  const cpus = os.cpus();
  const plan = r.workload.plan;
  const base = new Map(baseline?.workload.phases.map((ph) => [ph.phase, ph]) ?? []);
  const phases: PhaseRow[] = r.workload.phases.map((ph) => {
    const b = base.get(ph.phase);
    const cpuMsPerRequest = cpuPerRequest(ph.cpuMs, ph.requests);
    return {
      ...ph,
      perSecond: ph.requests / ph.seconds,
      ...(b !== undefined ? { vsBaseline: b.seconds / ph.seconds } : {}),
      ...(cpuMsPerRequest !== undefined ? { cpuMsPerRequest } : {}),
      ...over(b?.cpuMs, ph.cpuMs),
    };
  });
  const seconds = sum(phases.map((ph) => ph.seconds));
  const cpuMs = cpuOf(phases);
  const requests = sum(phases.map((ph) => ph.requests));
  return {
    benchmark: 'scim',
    target: r.target,
    date: today(),
    startedAt: r.startedAt,
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model ?? 'unknown',
      node: process.version,
      platform: os.platform(),
      release: os.release(),
      totalMemoryMB: Math.round(os.totalmem() / 1048576),
    },
    parameters: {
      ...p,
      largestGroup: plan.largest,
      smallestGroup: plan.sizes[plan.sizes.length - 1] ?? 0,
      memberships: plan.memberships,
    },
    phases,
    wholeRun: {
      seconds,
      ...(baseline ? { vsBaseline: sum(baseline.workload.phases.map((ph) => ph.seconds)) / seconds } : {}),
      ...(cpuMs !== undefined ? { cpuMs, cpuMsPerRequest: cpuMs / requests } : {}),
      ...over(baseline ? cpuOf(baseline.workload.phases) : undefined, cpuMs),
    },
    operations: r.workload.operations,
    server: r.server,
    targets: [],
  };
}

/** The speed targets of the SCIM hot path. `sqlite` is the SQLite run of the same invocation (for PostgreSQL's target). */
export function checkTargets(doc: ResultFile, resultsDir: string, sqlite?: ResultFile): TargetCheck[] {
  if (!doc.target.startsWith('roster-')) return [];
  const out: TargetCheck[] = [];
  const isSqlite = doc.target === 'roster-sqlite';
  const whole = doc.wholeRun.vsBaseline;
  out.push({
    target: 'whole run ≥ 0.5× the baseline',
    measured: ratio(whole),
    pass: whole === undefined ? null : whole >= 0.5,
  });
  const slowest = doc.phases.reduce<PhaseRow | undefined>(
    (a, ph) => (ph.vsBaseline !== undefined && (a?.vsBaseline === undefined || ph.vsBaseline < a.vsBaseline) ? ph : a),
    undefined,
  );
  out.push({
    target: `no phase below 0.33× (slowest: ${slowest?.phase ?? '—'})`,
    measured: ratio(slowest?.vsBaseline),
    pass: slowest?.vsBaseline === undefined ? null : slowest.vsBaseline >= 0.33,
  });
  const cpuWhole = doc.wholeRun.cpuVsBaseline;
  if (cpuWhole !== undefined)
    out.push({
      target: 'whole run ≥ 0.5× the baseline, by CPU time',
      measured: ratio(cpuWhole),
      pass: cpuWhole >= 0.5,
    });
  const cpuSlowest = doc.phases.reduce<PhaseRow | undefined>(
    (a, ph) =>
      ph.cpuVsBaseline !== undefined && (a?.cpuVsBaseline === undefined || ph.cpuVsBaseline < a.cpuVsBaseline) ? ph : a,
    undefined,
  );
  if (cpuSlowest?.cpuVsBaseline !== undefined)
    out.push({
      target: `no phase below 0.33×, by CPU time (slowest: ${cpuSlowest.phase})`,
      measured: ratio(cpuSlowest.cpuVsBaseline),
      pass: cpuSlowest.cpuVsBaseline >= 0.33,
    });
  const big = opOf(doc, OP.memberLargest);
  const small = opOf(doc, OP.memberSmallest);
  const m = big && small ? big.p99Ms / small.p99Ms : Number.NaN;
  out.push({
    target: `member change p99: ${n0(doc.parameters.largestGroup)}-member ÷ ${doc.parameters.smallestGroup}-member group ≤ 1.2×`,
    measured: `${ratio(m)} (${ms(big?.p99Ms ?? Number.NaN)}/${ms(small?.p99Ms ?? Number.NaN)} ms)`,
    pass: Number.isFinite(m) ? m <= 1.2 : null,
  });
  const walk = (d: ResultFile): number | undefined => d.phases.find((ph) => ph.phase === 'page walk')?.seconds;
  const small20k = doc.parameters.users === 100_000 ? findResult(resultsDir, doc.target, 20_000) : undefined;
  const w = walk(doc);
  const w20 = small20k ? walk(small20k.doc) : undefined;
  out.push({
    target: `page walk linear: 100,000 users ≤ 6× 20,000${small20k ? ` (${small20k.file})` : ''}`,
    measured: w !== undefined && w20 !== undefined ? `${ratio(w / w20)} (${w.toFixed(1)}/${w20.toFixed(1)} s)` : '—',
    pass: w !== undefined && w20 !== undefined ? w / w20 <= 6 : null,
  });
  if (!isSqlite && sqlite) {
    const r = sqlite.wholeRun.seconds / doc.wholeRun.seconds;
    out.push({ target: 'PostgreSQL whole run ≥ 0.5× SQLite', measured: ratio(r), pass: r >= 0.5 });
  }
  return out;
}

/** The newest results file of `target` with `users` users, if any. */
export function findResult(dir: string, target: string, users: number): { file: string; doc: ResultFile } | undefined {
  if (!existsSync(dir)) return undefined;
  const name = target.replace(/^roster-/, '').replace(/-sqlite$/, '');
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`scim-${name}-${users}-`) && f.endsWith('.json'))
    .sort()
    .reverse();
  for (const file of files) {
    try {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResultFile;
      if (Array.isArray(doc.phases) && doc.parameters.users === users) return { file, doc };
    } catch {
      // not a result file of this version: ignore
    }
  }
  return undefined;
}

/** Writes the document (`suffix` before .json: a round of --repeat); returns its path. */
export function writeResultFile(dir: string, doc: ResultFile, suffix = ''): string {
  const name = doc.target.replace(/^roster-/, '').replace(/-sqlite$/, '');
  const path = join(dir, `scim-${name}-${doc.parameters.users}-${doc.date}${suffix}.json`);
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}

/** The operations table: one row per operation with its latency percentiles. */
function operationRows(doc: ResultFile): string[] {
  const lines: string[] = [];
  const head = [
    'operation'.padEnd(50),
    'count'.padStart(8),
    'ops/s'.padStart(8),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'max ms'.padStart(8),
  ].join(' ');
  lines.push(head, '-'.repeat(head.length));
  for (const o of doc.operations)
    lines.push(
      [
        o.op.padEnd(50),
        n0(o.count).padStart(8),
        n0(o.opsPerSec).padStart(8),
        ms(o.p50Ms).padStart(8),
        ms(o.p99Ms).padStart(8),
        ms(o.maxMs).padStart(8),
      ].join(' '),
    );
  return lines;
}

/** The phases table: throughput and CPU per request against the baseline, then the whole run. */
function phaseRows(doc: ResultFile): string[] {
  const lines: string[] = [
    '',
    [
      'phase'.padEnd(16),
      'requests'.padStart(9),
      'seconds'.padStart(9),
      'req/s'.padStart(8),
      '×baseline'.padStart(10),
      'CPU ms/req'.padStart(11),
      '×base CPU'.padStart(10),
    ].join(' '),
  ];
  const cpuCell = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(3)).padStart(11);
  for (const ph of doc.phases)
    lines.push(
      [
        ph.phase.padEnd(16),
        n0(ph.requests).padStart(9),
        ph.seconds.toFixed(1).padStart(9),
        n0(ph.perSecond).padStart(8),
        ratio(ph.vsBaseline).padStart(10),
        cpuCell(ph.cpuMsPerRequest),
        ratio(ph.cpuVsBaseline).padStart(10),
      ].join(' '),
    );
  const w = doc.wholeRun;
  lines.push(
    [
      `whole run`.padEnd(16),
      ''.padStart(9),
      w.seconds.toFixed(1).padStart(9),
      ''.padStart(8),
      ratio(w.vsBaseline).padStart(10),
      cpuCell(w.cpuMsPerRequest),
      ratio(w.cpuVsBaseline).padStart(10),
    ].join(' '),
  );
  return lines;
}

/** The readable tables: operations, then phases with their ratio to the baseline, then targets. */
export function formatReport(doc: ResultFile): string {
  const p = doc.parameters;
  const lines: string[] = [
    '',
    `${doc.target} — ${n0(p.users)} users, ${n0(p.groups)} groups ` +
      `(${n0(p.memberships)} memberships, largest ${n0(p.largestGroup)}, smallest ${p.smallestGroup}), ` +
      `${p.concurrency} clients`,
  ];
  lines.push(`${doc.machine.cpus} × ${doc.machine.model}, Node ${doc.machine.node}`);
  lines.push(...operationRows(doc), ...phaseRows(doc));
  lines.push(
    "×baseline = the baseline's seconds ÷ these seconds for the same requests, same invocation; " +
      "×base CPU = the same with the server process's CPU time (user + system), which a loaded machine distorts far less",
    `server peak RSS ${doc.server.peakRssMB ?? '?'} MB, database ${doc.server.databaseMB ?? '?'} MB`,
  );
  if (doc.targets.length) {
    lines.push('', `${'target'.padEnd(72)} ${'measured'.padStart(24)}  result`);
    for (const t of doc.targets)
      lines.push(
        `${t.target.padEnd(72)} ${t.measured.padStart(24)}  ${t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL'}`,
      );
  }
  return lines.join('\n');
}

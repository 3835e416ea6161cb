import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { OpSummary } from './stats.js';
import type { RunResult } from './targets.js';
import { OP, type WorkloadParams } from './workload.js';

/** One target of issue #2 "Speed", checked against a run. `pass` is null where it does not apply. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean | null;
}

/** The JSON written to bench/results/scim-<target>-<date>.json. */
export interface ResultFile {
  benchmark: 'scim';
  target: string;
  date: string;
  startedAt: string;
  machine: { cpus: number; model: string; node: string; platform: string; release: string; totalMemoryMB: number };
  parameters: WorkloadParams & {
    largestGroup: number;
    memberships: number;
    membershipPatches: number;
    membersPerPatch: number;
  };
  phases: RunResult['workload']['phases'];
  operations: OpSummary[];
  server: RunResult['server'];
  targets: TargetCheck[];
  /** Roster ÷ baseline per operation, when a baseline file with the same parameters was found. */
  comparison?: { file: string; operations: { op: string; p50Ratio: number; opsPerSecRatio: number }[] };
}

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const ratio = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`);

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function op(r: RunResult, name: string): OpSummary | undefined {
  return r.workload.operations.find((o) => o.op === name);
}

/** The four targets of issue #2, measured. Baseline runs have none. */
export function checkTargets(r: RunResult, p: WorkloadParams): TargetCheck[] {
  if (!r.target.startsWith('roster-')) return [];
  const sqlite = r.db === 'sqlite';
  const get = op(r, OP.getUserHit);
  const serial = op(r, OP.getUserHitSerial);
  const post = op(r, OP.postUser);
  const big = op(r, OP.addLargest);
  const empty = op(r, OP.addEmpty);
  const addRatio = big && empty && empty.p50Ms > 0 ? big.p50Ms / empty.p50Ms : Number.NaN;
  const sync = r.workload.phases.initialSyncSeconds;
  return [
    {
      target: `GET by filter p99 < 5 ms at ${n0(p.users)} users, ${p.concurrency} clients`,
      measured: `${ms(get?.p99Ms ?? Number.NaN)} ms`,
      pass: (get?.p99Ms ?? Infinity) < 5,
    },
    ...(serial
      ? [
          {
            target: `GET by filter p99 < 5 ms at ${n0(p.users)} users, 1 client`,
            measured: `${ms(serial.p99Ms)} ms`,
            pass: serial.p99Ms < 5,
          },
        ]
      : []),
    {
      target: `POST /Users ≥ 2,000/s on SQLite`,
      measured: `${n0(post?.opsPerSec ?? 0)}/s`,
      pass: sqlite ? (post?.opsPerSec ?? 0) >= 2000 : null,
    },
    {
      target: `add 1 member: ${n0(r.workload.plan.largest)}-member vs empty group, p50 ratio ≤ 1.5×`,
      measured: ratio(addRatio),
      pass: addRatio <= 1.5,
    },
    {
      target: `initial sync (users + groups) < 3 min on SQLite`,
      measured: `${sync.toFixed(1)} s`,
      pass: sqlite ? sync < 180 : null,
    },
  ];
}

/** Builds the result document, comparing with `baseline` when given. */
export function toResultFile(
  r: RunResult,
  p: WorkloadParams,
  baseline?: { file: string; doc: ResultFile },
): ResultFile {
  const cpus = os.cpus();
  const plan = r.workload.plan;
  const doc: ResultFile = {
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
      memberships: plan.memberships,
      membershipPatches: plan.patches,
      membersPerPatch: plan.batch,
    },
    phases: r.workload.phases,
    operations: r.workload.operations,
    server: r.server,
    targets: checkTargets(r, p),
  };
  if (baseline && r.target !== baseline.doc.target) {
    doc.comparison = {
      file: baseline.file,
      operations: r.workload.operations.flatMap((o) => {
        const b = baseline.doc.operations.find((x) => x.op === o.op);
        return b ? [{ op: o.op, p50Ratio: o.p50Ms / b.p50Ms, opsPerSecRatio: o.opsPerSec / b.opsPerSec }] : [];
      }),
    };
  }
  return doc;
}

/** The newest results file `scim-<target>-*.json` run with the same users/groups/concurrency, if any. */
export function findResult(
  dir: string,
  target: string,
  p: WorkloadParams,
): { file: string; doc: ResultFile } | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`scim-${target}-`) && f.endsWith('.json'))
    .sort()
    .reverse();
  for (const file of files) {
    try {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResultFile;
      const q = doc.parameters;
      if (q.users === p.users && q.groups === p.groups && q.concurrency === p.concurrency && q.patches === p.patches)
        return { file, doc };
    } catch {
      // not a result file of this version: ignore
    }
  }
  return undefined;
}

/** Writes the document; returns its path. */
export function writeResultFile(dir: string, doc: ResultFile): string {
  const name = doc.target.startsWith('roster-')
    ? doc.target.slice('roster-'.length)
    : doc.target.replace(/-sqlite$/, '');
  const path = join(dir, `scim-${name}-${doc.date}.json`);
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}

/** The readable table: one line per operation, then phases, server, targets. */
export function formatReport(doc: ResultFile): string {
  const p = doc.parameters;
  const cmp = new Map(doc.comparison?.operations.map((c) => [c.op, c]) ?? []);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `${doc.target} — ${n0(p.users)} users, ${n0(p.groups)} groups (${n0(p.memberships)} memberships, largest ${n0(p.largestGroup)}), concurrency ${p.concurrency}`,
  );
  lines.push(`${doc.machine.cpus} × ${doc.machine.model}, Node ${doc.machine.node}`);
  const head = [
    'operation'.padEnd(46),
    'count'.padStart(8),
    'ops/s'.padStart(8),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'max ms'.padStart(8),
  ];
  if (doc.comparison) head.push('p50 ×base'.padStart(10), 'ops/s ×base'.padStart(12));
  lines.push(head.join(' '));
  lines.push('-'.repeat(head.join(' ').length));
  for (const o of doc.operations) {
    const row = [
      o.op.padEnd(46),
      n0(o.count).padStart(8),
      n0(o.opsPerSec).padStart(8),
      ms(o.p50Ms).padStart(8),
      ms(o.p99Ms).padStart(8),
      ms(o.maxMs).padStart(8),
    ];
    if (doc.comparison)
      row.push(ratio(cmp.get(o.op)?.p50Ratio).padStart(10), ratio(cmp.get(o.op)?.opsPerSecRatio).padStart(12));
    lines.push(row.join(' '));
  }
  const ph = doc.phases;
  lines.push('');
  lines.push(
    `initial sync: users ${ph.usersSeconds.toFixed(1)} s (${n0(p.users / ph.usersSeconds)} users/s) + groups ${ph.groupsSeconds.toFixed(1)} s = ${ph.initialSyncSeconds.toFixed(1)} s; PATCH round ${ph.patchRoundSeconds.toFixed(1)} s`,
  );
  const post = doc.operations.find((o) => o.op === OP.postUser);
  if (post)
    lines.push(
      `POST /Users ops/s is measured inside the GET+POST sync; POST alone would be about concurrency ÷ mean latency = ${n0(p.concurrency / (post.meanMs / 1000))}/s`,
    );
  lines.push(`server peak RSS (VmHWM) ${doc.server.peakRssMB ?? '?'} MB; database ${doc.server.databaseMB ?? '?'} MB`);
  lines.push(
    '"1 client" rows and single-member adds run one request at a time (no queueing); ops/s = count ÷ wall time of that operation type',
  );
  if (doc.comparison) lines.push(`×base = ${doc.target} ÷ ${doc.comparison.file}`);
  if (doc.targets.length) {
    lines.push('');
    lines.push(`${'target'.padEnd(64)} ${'measured'.padStart(10)}  result`);
    for (const t of doc.targets)
      lines.push(
        `${t.target.padEnd(64)} ${t.measured.padStart(10)}  ${t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL'}`,
      );
  }
  return lines.join('\n');
}

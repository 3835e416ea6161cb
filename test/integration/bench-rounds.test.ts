// The benchmark's --repeat summary (bench/scim/repeat.ts): each target judged on the median of its rounds.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { summarizeRounds, type Round } from '../../bench/scim/repeat.js';
import { today, type ResultFile } from '../../bench/scim/report.js';
import { OP } from '../../bench/scim/workload.js';

/** A result with what the summary reads: the whole run, the phases' ratios and the member p99s. */
function result(seconds: number, vsBaseline: number | undefined, phases: number[], p99: [number, number]): ResultFile {
  return {
    wholeRun: { seconds, ...(vsBaseline === undefined ? {} : { vsBaseline }) },
    phases: phases.map((r, i) => ({ phase: `p${i}`, vsBaseline: r })),
    operations: [
      { op: OP.memberLargest, p99Ms: p99[0] },
      { op: OP.memberSmallest, p99Ms: p99[1] },
    ],
  } as unknown as ResultFile;
}

interface Row {
  target: string;
  rounds: (number | null)[];
  median: number;
  held: number;
  pass: boolean;
}

test('each target passes or fails on the median of its rounds, and says in how many rounds it held', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-rounds-'));
  try {
    const rounds: Round[] = [
      { sqlite: result(80, 0.6, [0.4, 0.38], [10, 10]), postgres: result(150, 0.3, [0.2], [30, 20]) },
      { sqlite: result(70, 0.62, [0.31, 0.5], [12, 10]), postgres: result(160, 0.28, [0.2], [20, 20]) },
      { sqlite: result(90, 0.55, [0.35, 0.9], [11, 10]), postgres: result(170, 0.3, [0.2], [21, 20]) },
    ];
    const text = summarizeRounds(rounds, 1000, dir);
    assert.match(text, new RegExp(`written ${join(dir, `scim-summary-1000-${today()}.json`)}`));
    const file = JSON.parse(readFileSync(join(dir, `scim-summary-1000-${today()}.json`), 'utf8')) as {
      rounds: number;
      targets: Row[];
    };
    assert.equal(file.rounds, 3);
    const row = (prefix: string): Row => {
      const r = file.targets.find((t) => t.target.startsWith(prefix));
      assert.ok(r, prefix);
      return r;
    };
    assert.deepEqual(row('SQLite whole run').rounds, [0.6, 0.62, 0.55]);
    assert.equal(row('SQLite whole run').median, 0.6);
    // Slowest phases 0.38, 0.31, 0.35: the median holds though one round missed.
    assert.equal(row('SQLite: no phase').median, 0.35);
    assert.equal(row('SQLite: no phase').held, 2);
    assert.equal(row('SQLite: no phase').pass, true);
    // PostgreSQL ÷ SQLite whole run: 80/150, 70/160, 90/170 → median 90/170, held in two rounds of three.
    const pg = row('PostgreSQL whole run');
    assert.equal(pg.median, 90 / 170);
    assert.equal(pg.held, 2);
    assert.equal(pg.pass, true);
    // Member p99 ratios 1.5, 1.0, 1.05: median 1.05 passes, the 1.5 round counted as missed.
    assert.equal(row('PostgreSQL member').median, 1.05);
    assert.equal(row('PostgreSQL member').held, 2);
    assert.match(text, /PostgreSQL whole run ≥ 0\.5× SQLite\s+0\.53×\s+0\.44×\s+0\.53×\s+0\.53×\s+2\/3\s+PASS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a median below the bar fails even when one round passed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-rounds-'));
  try {
    const rounds: Round[] = [0.45, 0.52, 0.48].map((r) => ({ sqlite: result(100, r, [0.4], [10, 10]) }));
    const text = summarizeRounds(rounds, 1000, dir);
    assert.match(text, /SQLite whole run ≥ 0\.5× the baseline\s+0\.45×\s+0\.52×\s+0\.48×\s+0\.48×\s+1\/3\s+FAIL/);
    assert.doesNotMatch(text, /PostgreSQL/, 'no PostgreSQL rounds, no PostgreSQL rows');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// What every generated request must satisfy, checked on a real server: never a 5xx; every 4xx a
// SCIM error (Error schema, status as a string, a detail, a scimType from the allowed set); no
// request blocking the event loop of this process (which hosts the server) for more than 100 ms.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HttpResult } from '../helpers/server.js';

export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const BLOCK_LIMIT_MS = 100;
const RESOLUTION_MS = 5;

/** Runs and settings from the environment (`npm run fuzz -- --runs N --seed S` sets them). */
export const FUZZ = {
  /** Cases for the whole file, split between properties and databases by weight. */
  runs: Number(process.env.ROSTER_FUZZ_RUNS ?? 2000),
  seed: Number(process.env.ROSTER_FUZZ_SEED ?? 20261204),
};

/** Statuses and scimTypes one kind of request may answer with. */
export interface Expectation {
  statuses: readonly number[];
  scimTypes: readonly (string | undefined)[];
}

/** Counts of what the server answered, per target, for the run's summary. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(target: string, res: HttpResult): void {
    const key = `${target} ${res.status}${res.body?.scimType ? ` ${res.body.scimType}` : ''}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  summary(): string {
    return [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `  ${k}: ${n}`)
      .join('\n');
  }
}

/** Asserts a response meets its expectation; a 4xx must be a well-formed SCIM error. */
export function checkAnswer(res: HttpResult, expected: Expectation, what: string): void {
  assert.ok(res.status < 500, `${what} → ${res.status}: ${res.text.slice(0, 300)}`);
  assert.ok(expected.statuses.includes(res.status), `${what} → unexpected ${res.status}: ${res.text.slice(0, 300)}`);
  if (res.status >= 400) checkScimError(res.body, res.status, expected.scimTypes, what);
}

/** Asserts a SCIM error body (RFC 7644 §3.12) with one of the allowed scimTypes. */
export function checkScimError(
  body: any,
  status: number,
  scimTypes: readonly (string | undefined)[],
  what: string,
): void {
  assert.deepEqual(body?.schemas, [ERROR_URN], `${what}: not a SCIM error: ${JSON.stringify(body)?.slice(0, 300)}`);
  assert.equal(body.status, String(status), `${what}: status ${body.status} in a ${status} answer`);
  assert.ok(typeof body.detail === 'string' && body.detail.trim() !== '', `${what}: error without detail`);
  assert.ok(scimTypes.includes(body.scimType), `${what}: ${status} with scimType ${body.scimType}: ${body.detail}`);
}

/**
 * Measures the longest event-loop block while `send` runs. A block is recorded when the sampling
 * timer next fires, which happens before the answer is read (timers run before I/O callbacks).
 * A case over the limit is sent again twice: a block an input causes repeats, a pause of the
 * shared machine or of the garbage collector does not.
 */
export class LoopGuard {
  private readonly h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  worstMs = 0;
  retried = 0;

  constructor() {
    this.h.enable();
  }

  async send(send: () => Promise<HttpResult>, what: string): Promise<HttpResult> {
    let res: HttpResult | undefined;
    let blocked = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.h.reset();
      res = await send();
      await new Promise((r) => setImmediate(r));
      blocked = Math.max(0, this.h.max / 1e6 - RESOLUTION_MS);
      if (blocked <= BLOCK_LIMIT_MS) break;
      this.retried += 1;
    }
    this.worstMs = Math.max(this.worstMs, blocked);
    assert.ok(blocked <= BLOCK_LIMIT_MS, `${what}: blocked the event loop for ${blocked.toFixed(0)} ms, three times`);
    return res as HttpResult;
  }

  stop(): void {
    this.h.disable();
  }
}

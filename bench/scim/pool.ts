import { performance } from 'node:perf_hooks';
import type { Reply } from './http-client.js';

export const log = (s: string): void => void process.stderr.write(`${s}\n`);

/** Runs task(0…count-1) on `concurrency` workers; the first failure stops them all and is rethrown. Returns seconds. */
export async function runPool(
  label: string,
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const ticker = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    log(
      `    ${label}: ${done.toLocaleString('en-US')}/${count.toLocaleString('en-US')} after ${s.toFixed(0)} s (${(done / s).toFixed(0)}/s)`,
    );
  }, 10_000);
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < count) {
      const i = next++;
      try {
        await task(i);
        done++;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  } finally {
    clearInterval(ticker);
  }
  if (failure !== undefined) throw failure.error;
  const seconds = (performance.now() - t0) / 1000;
  log(`  ${label}: ${count.toLocaleString('en-US')} in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** A ListResponse's totalResults; anything but the expected number means the bench measures the wrong thing. */
export function expectHits(reply: Reply, hits: number, what: string): void {
  const m = /"totalResults"\s*:\s*(\d+)/.exec(reply.text);
  if (!m || Number(m[1]) !== hits)
    throw new Error(`${what}: expected totalResults ${hits}, got:\n${reply.text.slice(0, 2000)}`);
}

/** Fails the run with the answer when a check on it does not hold. */
export function check(ok: boolean, what: string, reply: Reply): void {
  if (!ok) throw new Error(`wrong answer: ${what}:\n${reply.text.slice(0, 2000)}`);
}

/** A deterministic PRNG (mulberry32), so that both servers get the same requests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// How long the event loop of this process was blocked while a request ran. The server under test
// runs in this process (test/helpers/server.ts), so a handler that blocks it shows up here.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const RESOLUTION_MS = 10;

/** A running event-loop delay monitor; `during` measures the longest block while `fn` runs. */
export class LoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.histogram.enable();
  }

  /** Runs `fn` and returns its result with the longest event-loop delay seen meanwhile, in ms. */
  async during<T>(fn: () => Promise<T>): Promise<{ result: T; maxDelayMs: number }> {
    this.histogram.reset();
    const result = await fn();
    // A block is recorded when the sampling timer next fires: give it two periods to do so.
    await sleep(RESOLUTION_MS * 2);
    // The histogram counts the sampling period itself as delay; subtract it.
    return { result, maxDelayMs: Math.max(0, this.histogram.max / 1e6 - RESOLUTION_MS) };
  }

  /**
   * Like `during`, but sends again (up to three times in all) while the delay is over `limitMs`,
   * and reports the smallest: a block an input causes repeats every time, while a pause of a
   * shared, loaded machine or of the garbage collector does not. `fn` must be repeatable.
   */
  async repeatable<T>(fn: () => Promise<T>, limitMs: number): Promise<{ result: T; maxDelayMs: number }> {
    let best = await this.during(fn);
    for (let attempt = 1; attempt < 3 && best.maxDelayMs > limitMs; attempt++) {
      const next = await this.during(fn);
      if (next.maxDelayMs < best.maxDelayMs) best = next;
    }
    return best;
  }

  stop(): void {
    this.histogram.disable();
  }
}

/** Per-operation latency samples and their summaries (p50/p99/max, ops/s). */

/** What the report shows for one operation type. */
export interface OpSummary {
  op: string;
  count: number;
  /** count ÷ the wall time from the first request of this type starting to the last one ending. */
  opsPerSec: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Latencies of one operation type, kept in a growable Float64Array (no per-sample objects). */
class Series {
  private samples = new Float64Array(4096);
  count = 0;
  firstStart = Number.POSITIVE_INFINITY;
  lastEnd = 0;

  add(startMs: number, ms: number): void {
    if (this.count === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.count++] = ms;
    if (startMs < this.firstStart) this.firstStart = startMs;
    if (startMs + ms > this.lastEnd) this.lastEnd = startMs + ms;
  }

  summary(op: string): OpSummary {
    const sorted = this.samples.slice(0, this.count).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    const span = (this.lastEnd - this.firstStart) / 1000;
    return {
      op,
      count: this.count,
      opsPerSec: span > 0 ? this.count / span : 0,
      meanMs: this.count ? sum / this.count : 0,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    };
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/** Collects samples per operation type, in first-seen order. */
export class Recorder {
  private readonly series = new Map<string, Series>();

  record(op: string, startMs: number, ms: number): void {
    let s = this.series.get(op);
    if (!s) {
      s = new Series();
      this.series.set(op, s);
    }
    s.add(startMs, ms);
  }

  summaries(): OpSummary[] {
    return [...this.series].map(([op, s]) => s.summary(op));
  }
}

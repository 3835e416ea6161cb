import { performance } from 'node:perf_hooks';

const MAX_POSITIONS = 1024;
const TOTAL_TTL_MS = 1000;
const WALK_TOTAL_TTL_MS = 60_000;

/**
 * Where recently served list pages ended, so that the next page continues from there. An IdP's
 * import walks a list in pages (startIndex=1,101,201,… — Okta); with OFFSET every page re-skips
 * everything before it and the walk grows with the square of the directory. Here the page that
 * ended at offset N remembers its last id; the request for startIndex N+1 with the same list
 * (provider, filter, order) seeks past that id instead. RFC 7644 §3.4.2.4 lets results change
 * between page requests when resources change, so a continuation that skips a row deleted before
 * it (or shows one added before it) is as allowed as OFFSET shifting by one; with no writes both
 * give the same page. A bounded, least-recently-used map per process: a miss falls back to OFFSET.
 *
 * The list's total is counted again only after a local write, or when older than a second — or a
 * minute for a page that continues a walk: a walk reports the total it started with unless this
 * process wrote since, and counting (O(directory) even index-only: 0.3 s for 100,000 users on a busy
 * machine) happens about once per walk instead of once per page. Another instance's writes show in
 * totals within that second (a minute during a walk), as the same section allows.
 */
export class ListPositions {
  private readonly positions = new Map<string, string>();
  private readonly totals = new Map<string, { total: number; generation: number; at: number }>();
  private generation = 0;

  constructor(
    private readonly max = MAX_POSITIONS,
    private readonly totalTtlMs = TOTAL_TTL_MS,
    private readonly walkTotalTtlMs = WALK_TOTAL_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called after every committed write transaction of this process. */
  wrote(): void {
    this.generation++;
  }

  /** The id the page ending at `offset` of list `scope` ended with, if remembered. */
  after(scope: string, offset: number): string | undefined {
    return this.positions.get(`${scope}\u0000${offset}`);
  }

  /**
   * The remembered position of list `scope` closest before `offset` (at most `offset`), if any. A
   * page at a random deep offset seeks there and skips only the rest by OFFSET: after a walk every
   * page end is remembered, so it skips fewer than a page instead of everything before it.
   */
  nearest(scope: string, offset: number): { offset: number; id: string } | undefined {
    const prefix = `${scope}\u0000`;
    let best: { offset: number; id: string } | undefined;
    for (const [key, id] of this.positions) {
      if (!key.startsWith(prefix)) continue;
      const at = Number(key.slice(prefix.length));
      if (at <= offset && (best === undefined || at > best.offset)) best = { offset: at, id };
    }
    return best;
  }

  /** Remembers that the rows of list `scope` up to `offset` end with `id`. */
  remember(scope: string, offset: number, id: string): void {
    bounded(this.positions, this.max).set(`${scope}\u0000${offset}`, id);
  }

  /**
   * The total of list `scope`: remembered when fresh and no local write happened since, else counted.
   * `continuing`: the page continues a remembered position (a walk), so a total up to a minute old is fresh.
   */
  async total(scope: string, count: () => Promise<number>, continuing = false): Promise<number> {
    const t = this.totals.get(scope);
    const ttl = continuing ? this.walkTotalTtlMs : this.totalTtlMs;
    if (t && t.generation === this.generation && this.now() - t.at < ttl) return t.total;
    const generation = this.generation;
    const at = this.now();
    const total = await count();
    // Counted against the generation seen before the query: a write committed meanwhile makes it stale.
    bounded(this.totals, this.max).set(scope, { total, generation, at });
    return total;
  }
}

function bounded<V>(map: Map<string, V>, max: number): Map<string, V> {
  if (map.size >= max) map.delete(map.keys().next().value as string);
  return map;
}

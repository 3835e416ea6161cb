import { performance } from 'node:perf_hooks';

/**
 * The credential check of an authenticated request (SPEC C6), remembered between requests on
 * PostgreSQL, where a round trip alone costs more than the check's budget. Correctness rests on
 * invalidation, not on age: every change to a row the check reads (the session or API token, the
 * user's status, removal, username and organization, their role assignments) makes PostgreSQL
 * notify (migration 2026-12-05-0020), and a notification drops that user's entries here (a
 * provisioning provider's row is remembered the same way as the principal `provider/<id>`, named by
 * the triggers of migration 2026-12-05-0021 on any change to the provider or its tenant):
 *  - on this instance before the writing transaction's COMMIT returns (each pool connection
 *    listens on a channel of its own, and PostgreSQL delivers a session's own notifications
 *    before it reports the commit), so a revocation holds from the very next request;
 *  - on every other instance as soon as their listener reads it.
 * Whenever the listener is not connected the cache is off (nothing served, nothing stored). A
 * read that raced a notification about its user is not stored. Age and size are capped
 * only as a second line of defence.
 */

/** What may be remembered: the query's answer for one token hash, and whose it is. */
export interface CachedCredential<V> {
  tenantId: string;
  userId: string;
  value: V;
}

interface Entry {
  tenantId: string;
  userId: string;
  value: unknown;
  storedAt: number;
}

const userKey = (tenantId: string, userId: string) => `${tenantId} ${userId}`;

export interface CredentialCacheOptions {
  maxEntries?: number;
  maxAgeMs?: number;
  now?: () => number;
}

export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Counts invalidations; a read keeps its answer only if nothing about its user was heard since it began. */
  private seq = 0;
  private clearedAt = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private enabled = false;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** Counters for /metrics and tests. */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(opts: CredentialCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.maxAgeMs = opts.maxAgeMs ?? 60_000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Whether entries are served and stored (the listener is connected and listening). */
  get active(): boolean {
    return this.enabled;
  }

  /** Turns the cache on after the listener has subscribed; starts empty. */
  enable(): void {
    this.clear();
    this.enabled = true;
  }

  /** Turns the cache off (listener lost): nothing is served until it is back. */
  disable(): void {
    this.enabled = false;
    this.clear();
  }

  /** The remembered answer for `key`, or undefined (then read the database through `load`). */
  async read<V>(key: string, load: () => Promise<CachedCredential<V> | undefined>): Promise<V | undefined> {
    const hit = this.enabled ? this.entries.get(key) : undefined;
    if (hit && this.now() - hit.storedAt <= this.maxAgeMs) {
      this.stats.hits += 1;
      return hit.value as V;
    }
    if (hit) this.forget(key, hit);
    this.stats.misses += 1;
    const began = this.seq;
    const found = await load();
    // Only answers that name a credential are kept; unknown tokens are always read afresh.
    if (found && this.enabled && !this.heardSince(began, found)) this.store(key, found);
    return found?.value;
  }

  /** Drops every entry of one user (a notification named them). */
  invalidateUser(tenantId: string, userId: string): void {
    this.stats.invalidations += 1;
    const u = userKey(tenantId, userId);
    // Bounded: past the cap, forgetting who was invalidated when is replaced by "everyone, now".
    if (this.invalidatedAt.size >= this.maxEntries) this.clear();
    this.invalidatedAt.set(u, ++this.seq);
    const keys = this.byUser.get(u);
    if (!keys) return;
    for (const key of keys) this.entries.delete(key);
    this.byUser.delete(u);
  }

  /** Drops everything. */
  clear(): void {
    this.clearedAt = ++this.seq;
    this.invalidatedAt.clear();
    this.entries.clear();
    this.byUser.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether a change to this answer's user (or everything) was heard after `began`. */
  private heardSince(began: number, found: CachedCredential<unknown>): boolean {
    if (this.clearedAt > began) return true;
    return (this.invalidatedAt.get(userKey(found.tenantId, found.userId)) ?? 0) > began;
  }

  private store(key: string, found: CachedCredential<unknown>): void {
    const old = this.entries.get(key);
    if (old) this.forget(key, old);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.entries().next().value;
      if (oldest) this.forget(oldest[0], oldest[1]);
    }
    this.entries.set(key, { tenantId: found.tenantId, userId: found.userId, value: found.value, storedAt: this.now() });
    const u = userKey(found.tenantId, found.userId);
    let keys = this.byUser.get(u);
    if (!keys) this.byUser.set(u, (keys = new Set()));
    keys.add(key);
  }

  private forget(key: string, e: Entry): void {
    this.entries.delete(key);
    const u = userKey(e.tenantId, e.userId);
    const keys = this.byUser.get(u);
    keys?.delete(key);
    if (keys && keys.size === 0) this.byUser.delete(u);
  }
}

import pg from 'pg';
import type { CredentialCache } from './credential-cache.js';

/**
 * Keeps the credential cache (credential-cache.ts) in step with PostgreSQL. The triggers of
 * migration 2026-12-05-0020 notify two channels for every change a credential check could see:
 * `roster_credentials`, heard by one dedicated connection of every instance, and
 * `roster_credentials_<backend pid>`, heard only by the pool connection that made the change.
 * PostgreSQL sends a session the notifications of its own transaction before it reports the
 * COMMIT (protocol "Asynchronous Operations"), so this instance forgets the entry before the
 * writing request can answer; other instances forget it when their dedicated connection reads it.
 */

export const CREDENTIALS_CHANNEL = 'roster_credentials';
/** The channel only the connection with this backend pid listens on (names are lower case). */
export const ownCredentialsChannel = (pid: number): string => `roster_credentials_${pid}`;

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 30_000;

export class CredentialListener {
  private closed = false;
  private client: pg.Client | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** Backend pids of this instance's pool connections that listen on their own channel. */
  private readonly ownPids = new Set<number>();

  constructor(
    private readonly url: string,
    private readonly cache: CredentialCache,
    private readonly onError: (e: Error) => void = () => {},
  ) {}

  /** Makes every connection the pool opens listen on its own channel before it is first used. */
  attachPool(pool: pg.Pool): void {
    pool.on('connect', (client) => {
      client.on('notification', (n) => this.heard(n.payload));
      const pid = (client as unknown as { processID: number | null }).processID;
      if (pid === null) return this.cache.disable();
      client.on('end', () => this.ownPids.delete(pid));
      // Queued before any query of whoever asked the pool for this connection.
      client.query(`LISTEN ${ownCredentialsChannel(pid)}`).then(
        () => this.ownPids.add(pid),
        (e: unknown) => {
          // Without its own channel this connection's changes reach the cache through the dedicated
          // listener only, a moment after their commit (its pid stays out of ownPids, so they do).
          this.cache.clear();
          this.onError(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /** Connects the dedicated listener and keeps it connected until close(). */
  start(): void {
    this.loop ??= this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cache.disable();
    this.wake?.();
    await this.client?.end().catch(() => {});
    await this.loop;
  }

  private heard(payload: string | undefined): void {
    const [tenantId, userId, extra] = (payload ?? '').split(' ');
    if (tenantId && userId && extra === undefined) this.cache.invalidateUser(tenantId, userId);
    else this.cache.clear();
  }

  private async run(): Promise<void> {
    let retryMs = RETRY_MIN_MS;
    while (!this.closed) {
      const client = new pg.Client({ connectionString: this.url });
      this.client = client;
      const ended = new Promise<void>((resolve) => {
        client.on('end', resolve);
        client.on('error', (e) => {
          this.onError(e);
          resolve();
        });
      });
      // A change made through one of this instance's own listening connections was heard on that
      // connection before its commit returned; hearing it again later would only drop fresh entries.
      client.on('notification', (n) => {
        if (!this.ownPids.has(n.processId)) this.heard(n.payload);
      });
      try {
        await client.connect();
        // The listener alone never keeps the process alive (the pool's own connections decide that).
        (client as unknown as { unref(): void }).unref();
        await client.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
        // Only now can no change go unheard: start serving from an empty cache.
        if (!this.closed) this.cache.enable();
        retryMs = RETRY_MIN_MS;
        await ended;
      } catch (e) {
        if (!this.closed) this.onError(e instanceof Error ? e : new Error(String(e)));
      }
      this.cache.disable();
      await client.end().catch(() => {});
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, retryMs);
        t.unref();
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }
}

import { sql, type Kysely, type SqliteDatabase } from 'kysely';
import { runDirectly } from './prepared-query.js';
import type { Database } from './schema.js';

interface Pending<R> {
  fn: (trx: Kysely<Database>) => Promise<R>;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 64;

/**
 * Group commit for SQLite. SQLite runs one writer at a time anyway, and its COMMIT was the most
 * expensive statement of a SCIM create (bench). Transactions that arrive while another is
 * running are queued and run back to back inside ONE database transaction, each in its own
 * SAVEPOINT: a failing unit rolls back to its savepoint alone, as if it had its own transaction.
 * Nobody is answered before the shared COMMIT has succeeded, so durability and atomicity per unit
 * are unchanged; only the commit cost is shared.
 */
export class SqliteGroupCommit {
  private queue: Pending<unknown>[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** Told the number of units of each batch that committed (metrics). */
    private readonly onCommit?: (units: number) => void,
    /** The writer connection: the batch's prepared statements and savepoints run on it directly (prepared-query.ts). */
    private readonly writer?: SqliteDatabase,
  ) {}

  /** Runs `fn` atomically; resolves only after its writes are committed. */
  run<R>(fn: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ fn, resolve, reject } as Pending<unknown>);
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.runBatch();
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(): Promise<void> {
    const batch: Pending<unknown>[] = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        // The transaction holds the writer until it ends: nothing else uses it meanwhile.
        const writer = this.writer;
        if (writer) runDirectly(trx, () => writer);
        for (;;) {
          const item = this.queue.shift();
          if (!item) {
            // better-sqlite3 is synchronous: without a turn of the event loop no other request could
            // ever join. One turn lets requests already on the sockets queue their units first.
            if (batch.length >= MAX_BATCH) break;
            await new Promise<void>((resolve) => setImmediate(resolve));
            if (this.queue.length === 0) break;
            continue;
          }
          batch.push(item);
          outcomes.push(await this.runUnit(trx, item));
          if (batch.length >= MAX_BATCH) break;
        }
      });
    } catch (error) {
      // The shared COMMIT (or BEGIN) failed: nothing of this batch was written.
      for (const item of batch) item.reject(error);
      return;
    }
    this.onCommit?.(batch.length);
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o?.ok) item.resolve(o.value);
      else item.reject(o?.error);
    });
  }

  private async runUnit(
    trx: Kysely<Database>,
    item: Pending<unknown>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    await this.exec(trx, 'savepoint roster_unit');
    try {
      const value = await item.fn(trx);
      await this.exec(trx, 'release savepoint roster_unit');
      return { ok: true, value };
    } catch (error) {
      await this.exec(trx, 'rollback to savepoint roster_unit');
      await this.exec(trx, 'release savepoint roster_unit');
      return { ok: false, error };
    }
  }

  private async exec(trx: Kysely<Database>, statement: string): Promise<void> {
    if (this.writer) this.writer.prepare(statement).run([]);
    else await sql.raw(statement).execute(trx);
  }
}

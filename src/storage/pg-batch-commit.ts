import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

interface Unit {
  fn: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 32;

/**
 * Group commit for PostgreSQL, for units of work whose statements nobody waits for (a SCIM create
 * that assumed its reads, user-provisioning.ts). Units that arrive while `maxInFlight` batches are
 * running wait, then run one after the other in ONE transaction: their statements go out in one
 * write and one COMMIT (one WAL flush, one answer) serves them all, where each paid a transaction
 * of its own before (bench scim, initial sync: the machine's CPU is the limit, and BEGIN, COMMIT
 * and a round trip are a fixed cost per transaction on both sides).
 *
 * There are no savepoints (each would cost a subtransaction and a round trip): if anything in a
 * batch fails, nothing of it was committed, and each unit runs again in a transaction of its own
 * (`alone`), which gives each its own outcome. A unit must therefore be safe to run twice: nothing
 * it does outside the database may happen before its transaction commits.
 */
export class PgBatchCommit {
  private readonly queue: Unit[] = [];
  private running = 0;

  constructor(
    private readonly db: Kysely<Database>,
    /** Runs one unit in a transaction of its own. */
    private readonly alone: (fn: (trx: Kysely<Database>) => Promise<unknown>) => Promise<unknown>,
    private readonly maxInFlight: number,
    /** Told the number of units of each batch that committed together (metrics). */
    private readonly onCommit?: (units: number) => void,
  ) {}

  /** Runs `fn` atomically, maybe with others; resolves only after its writes are committed. */
  run<R>(fn: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  private async runBatch(batch: Unit[]): Promise<void> {
    if (batch.length > 1) {
      const values = await this.db
        .transaction()
        .execute(async (trx) => {
          const out: unknown[] = [];
          for (const unit of batch) out.push(await unit.fn(trx));
          return out;
        })
        .catch(() => undefined);
      if (values) {
        this.onCommit?.(batch.length);
        batch.forEach((unit, i) => unit.resolve(values[i]));
        return;
      }
    }
    // One unit, or a batch that failed and so committed nothing: each in a transaction of its own.
    await Promise.all(batch.map((unit) => this.alone(unit.fn).then(unit.resolve, unit.reject)));
  }
}

// How Roster talks to a PostgreSQL connection of its pool: fewer round trips and less server work
// per statement than pg's defaults, with the same results and the same transactions.
import pg from 'pg';
import { describedQuery } from './pg-described-query.js';
import { statementOf, type StatementInfo } from './prepared-query.js';

type Send = (...args: unknown[]) => Promise<unknown>;
type Lookup = (sqlText: string) => StatementInfo | undefined;

// What Kysely reads from an answer (postgres-driver.ts: command, rowCount, rows).
const BEGUN = { command: 'BEGIN', rowCount: null, rows: [], fields: [] };

// Failures of a statement reported by a later one (see tunePoolClient): not that later statement's own.
const reportedLater = new WeakSet<object>();

/**
 * True when `e` is the failure of an earlier statement whose answer nobody waited for, reported by
 * a later statement of the same transaction: a caller must not read it as the later statement's
 * own failure (a unique violation of its own insert, say).
 */
export function isReportedLater(e: unknown): boolean {
  return typeof e === 'object' && e !== null && reportedLater.has(e);
}

/** Settles with undefined when `p` succeeds, with its error when it fails (never rejects). */
const outcome = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e ?? new Error('statement failed'),
  );

/**
 * Sends the prepared-query templates (prepared-query.ts) as named statements: each connection
 * parses and plans one the first time only, then binds and executes it, where an unnamed statement
 * is parsed and planned again on every run (PostgreSQL "Extended Query" protocol). Other SQL as is.
 */
function namedSender(query: Send, lookup: Lookup): Send {
  return (...args) => {
    const [text, values] = args;
    const name = args.length <= 2 && typeof text === 'string' ? lookup(text)?.name : undefined;
    if (!name) return query(...args);
    // A Query built from the text, then named: a config object would be copied property by
    // property on every run (pg's normalizeQueryConfig), a cost the hot path does not need.
    return new Promise((resolve, reject) => {
      void query(describedQuery(name, text as string, values as unknown[], (e, r) => (e ? reject(e) : resolve(r))));
    });
  };
}

/** Runs `next` (already sent), but fails with `earlier`'s error, once `next` settled, if that failed. */
function after(earlier: Promise<unknown>, next: Promise<unknown>): Promise<unknown> {
  return earlier.then((e) => {
    if (e === undefined) return next;
    if (typeof e === 'object' && e !== null) reportedLater.add(e);
    return next.then(
      () => Promise.reject(e),
      () => Promise.reject(e),
    );
  });
}

// pg turns strings, numbers and nulls into protocol values without fail: a statement bound only to
// those can fail on the server alone, where a failure aborts the transaction (what `run` relies on).
const plain = (values: unknown): boolean =>
  Array.isArray(values) && values.every((v) => v === null || typeof v === 'string' || typeof v === 'number');

/** The socket under a pg client (pg's Connection keeps it as `stream`), if it can be corked. */
function socketOf(client: pg.PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection
    ?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function'
    ? (stream as { cork(): void; uncork(): void })
    : undefined;
}

/**
 * Sends everything a connection is given within one turn of the event loop in one write. pg writes
 * each query as soon as it is given, so a BEGIN and the statement behind it, or a write left in
 * flight and the COMMIT behind it, went out as two writes; on loopback a write costs the sender the
 * receiver's TCP processing and a wake-up of its process, the largest single cost of a SCIM request
 * on PostgreSQL (bench scim, --cpu-prof). The queued writes go out once the current callbacks and
 * their promise jobs have run (process.nextTick), before the event loop waits for I/O.
 */
function corkedPerTick(client: pg.PoolClient, query: Send): Send {
  let corked = false;
  let socket: ReturnType<typeof socketOf> | null = null;
  const uncork = (): void => {
    corked = false;
    socket?.uncork();
  };
  return (...args) => {
    if (socket === null) socket = socketOf(client);
    if (!corked && socket) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return query(...args);
  };
}

/**
 * Tunes a pool client (pool 'connect'). The pool runs in pg's pipeline mode, where a query is sent
 * without waiting for the one before; Kysely sends one at a time, so only these two cases overlap:
 * - BEGIN is answered at once and left in flight. A SELECT after it is sent right behind it, and
 *   its result is used only once BEGIN succeeded; anything else waits for BEGIN. A write thus never
 *   runs outside the transaction (if BEGIN failed, only a discarded read would have). The one
 *   exception is a SELECT whose result nobody reads, a check (below).
 * - Inside a transaction, a write whose result nobody reads (PreparedOptions.resultUnused) is
 *   answered at once and left in flight; the next statement, COMMIT included, is sent behind it and
 *   fails with the write's error if the write failed. A failed write aborts the transaction, so the
 *   statements behind it change nothing and COMMIT rolls back: the outcome is the one of failing
 *   at the write itself, reported one statement later.
 */
export function tunePoolClient(client: pg.PoolClient, lookup: Lookup = statementOf): void {
  const query = corkedPerTick(client, client.query.bind(client) as Send);
  const send = namedSender(query, lookup);
  let begun: Promise<unknown> | undefined;
  let written: Promise<unknown> | undefined;
  let inTransaction = false;
  const unanswered = (text: unknown, values: unknown): boolean =>
    inTransaction && typeof text === 'string' && lookup(text)?.resultUnused === true && plain(values);
  const run = (args: unknown[]): Promise<unknown> => {
    const [text, values] = args;
    if (unanswered(text, values)) {
      // Answered at once with no rows; the rows the server returns are added to that same array
      // when they arrive, before the transaction's next statement is answered (a count, say).
      const answer = { command: 'INSERT', rowCount: 0, rows: [] as unknown[], fields: [] };
      const w = outcome(
        send(...args).then((r) => {
          const rows = (r as { rows?: unknown[] } | undefined)?.rows;
          if (rows) for (const row of rows) answer.rows.push(row);
        }),
      );
      const before = written;
      written = before ? Promise.all([before, w]).then(([a, b]) => a ?? b) : w;
      return Promise.resolve(answer);
    }
    if (text === 'commit' || text === 'rollback') inTransaction = false;
    const pending = written;
    written = undefined;
    const result = send(...args);
    // A rollback already answers the failure; the write's error would only hide the first one.
    return pending && text !== 'rollback' ? after(pending, result) : result;
  };
  const tuned: Send = (...args) => {
    const [text, values] = args;
    if (text === 'begin' && args.length === 2 && Array.isArray(values) && values.length === 0) {
      begun = outcome(query('begin'));
      inTransaction = true;
      return Promise.resolve(BEGUN);
    }
    const pending = begun;
    if (pending === undefined) return run(args);
    begun = undefined;
    if (typeof text === 'string' && /^select\s/i.test(text)) {
      if (!unanswered(text, values)) return after(pending, run(args));
      // A check whose answer nobody waits for (a create that assumed instead of reading): it and the
      // writes behind it go out right behind BEGIN, and BEGIN's outcome is reported with theirs. The
      // server runs them in order, inside the transaction BEGIN opened: BEGIN on a connection the
      // pool handed out idle fails only with the connection, and then none of them runs either.
      const answer = run(args);
      const checked = written;
      written = checked ? Promise.all([pending, checked]).then(([a, b]) => a ?? b) : pending;
      return answer;
    }
    return pending.then((e) => (e === undefined ? run(args) : Promise.reject(e)));
  };
  client.query = tuned as typeof client.query;
}

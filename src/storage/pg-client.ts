// How Roster talks to a PostgreSQL connection of its pool: fewer round trips and less server work
// per statement than pg's defaults, with the same results.
import pg from 'pg';
import { statementNameOf } from './prepared-query.js';

type Send = (...args: unknown[]) => Promise<unknown>;

// What Kysely reads from the answer to BEGIN (postgres-driver.ts: command, rowCount, rows).
const BEGUN = { command: 'BEGIN', rowCount: null, rows: [], fields: [] };

/**
 * Sends the prepared-query templates (prepared-query.ts) as named statements: each connection
 * parses and plans one the first time only, then binds and executes it, where an unnamed statement
 * is parsed and planned again on every run (PostgreSQL "Extended Query" protocol). Other SQL as is.
 */
function namedSender(query: Send): Send {
  return (...args) => {
    const [text, values] = args;
    const name = args.length <= 2 && typeof text === 'string' ? statementNameOf(text) : undefined;
    if (!name) return query(...args);
    // A Query built from the text, then named: a config object would be copied property by
    // property on every run (pg's normalizeQueryConfig), a cost the hot path does not need.
    return new Promise((resolve, reject) => {
      const q = new pg.Query(text as string, values as unknown[], (e, r) => (e ? reject(e) : resolve(r)));
      (q as unknown as { name: string }).name = name;
      void query(q);
    });
  };
}

/**
 * Tunes a pool client (pool 'connect'): templates go as named statements, and a transaction's BEGIN
 * shares a round trip with its first statement when that statement is a read (a SELECT): BEGIN is
 * sent and answered at once, the read is pipelined behind it, and both results are awaited before
 * that read's result is used. A write never goes before BEGIN has succeeded, so if BEGIN ever
 * failed, nothing but a discarded read would have run outside the transaction.
 */
export function tunePoolClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Send;
  const send = namedSender(query);
  // A BEGIN in flight: settles with undefined, or with its error.
  let begun: Promise<unknown> | undefined;
  const tuned: Send = (...args) => {
    const [text, values] = args;
    if (text === 'begin' && args.length === 2 && Array.isArray(values) && values.length === 0) {
      begun = query('begin').then(
        () => undefined,
        (e: unknown) => e ?? new Error('BEGIN failed'),
      );
      return Promise.resolve(BEGUN);
    }
    const pending = begun;
    if (pending === undefined) return send(...args);
    begun = undefined;
    if (typeof text === 'string' && /^select\s/i.test(text)) {
      const read = send(...args);
      return pending.then((e) =>
        e === undefined
          ? read
          : read.then(
              () => Promise.reject(e),
              () => Promise.reject(e),
            ),
      );
    }
    return pending.then((e) => (e === undefined ? send(...args) : Promise.reject(e)));
  };
  client.query = tuned as typeof client.query;
}

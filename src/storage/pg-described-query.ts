// A named statement's result shape, learnt once per connection instead of on every run.
import pg from 'pg';

/** What pg's Result derives from a RowDescription: the fields and a parser per field. */
interface Shape {
  fields: unknown[];
  parsers: unknown[] | undefined;
  empty: Record<string, null> | null;
}

// pg's Query and Result, as far as this module touches them (pg 8: lib/query.js, lib/result.js).
interface ResultInternals {
  fields: unknown[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: Record<string, null> | null;
}
interface Connection {
  describe(msg: { type: 'P'; name: string }): void;
}
interface QueryInternals {
  name: string;
  _result: ResultInternals;
  _accumulateRows: boolean;
  _canceledDueToError: unknown;
  prepare(connection: Connection): void;
  handleReadyForQuery(connection: Connection): void;
}

// Per connection: a statement prepared on one connection is bound to that database's schema.
const shapes = new WeakMap<Connection, Map<string, Shape>>();

const QueryClass = pg.Query as unknown as new (
  text: string,
  values: unknown[],
  callback: (e: Error | null, r: unknown) => void,
) => QueryInternals;

/**
 * A named statement (pg-client.ts) whose Describe is sent on its first run on a connection only.
 * pg asks for the portal's RowDescription on every run and rebuilds the fields and a type parser
 * per column from it: for `select *` of a user, about fifty columns, even when no row comes back
 * (every GET filter miss of an initial sync). A prepared statement's result columns cannot change
 * while it exists (PostgreSQL refuses with "cached plan must not change result type"), so the
 * first run's description holds for the later ones (PostgreSQL protocol, Extended Query).
 */
export function describedQuery(
  name: string,
  text: string,
  values: unknown[],
  callback: (e: Error | null, r: unknown) => void,
): unknown {
  const q = new QueryClass(text, values, callback);
  q.name = name;
  let learning: Map<string, Shape> | undefined;
  const prepare = q.prepare.bind(q);
  q.prepare = (connection) => {
    let known = shapes.get(connection);
    if (!known) shapes.set(connection, (known = new Map()));
    const shape = known.get(name);
    if (!shape) {
      learning = known;
      prepare(connection);
      return;
    }
    Object.assign(q._result, {
      fields: shape.fields,
      _parsers: shape.parsers,
      _prebuiltEmptyResultObject: shape.empty,
    });
    q._accumulateRows = true;
    // pg's prepare, less the Describe: Bind, Execute and Sync go out as before.
    const own = Object.getOwnPropertyDescriptor(connection, 'describe');
    connection.describe = () => undefined;
    try {
      prepare(connection);
    } finally {
      if (own) Object.defineProperty(connection, 'describe', own);
      else delete (connection as Partial<Connection>).describe;
    }
  };
  const ready = q.handleReadyForQuery.bind(q);
  q.handleReadyForQuery = (connection) => {
    if (learning && !q._canceledDueToError) {
      const r = q._result;
      learning.set(name, { fields: r.fields, parsers: r._parsers, empty: r._prebuiltEmptyResultObject });
    }
    ready(connection);
  };
  return q;
}

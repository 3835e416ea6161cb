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

/** What one connection has learnt, and a view of it whose Describe sends nothing. */
interface Learnt {
  shapes: Map<string, Shape>;
  silent: Connection;
}

// Per connection: a statement prepared on one connection is bound to that database's schema.
const learnt = new WeakMap<Connection, Learnt>();

function learntOn(connection: Connection): Learnt {
  let l = learnt.get(connection);
  if (!l) {
    // Everything but Describe goes to the connection itself (its methods write nothing on `this`).
    const silent = Object.create(connection, { describe: { value: () => undefined } }) as Connection;
    learnt.set(connection, (l = { shapes: new Map(), silent }));
  }
  return l;
}

const QueryBase = pg.Query as unknown as new (
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
class DescribedQuery extends QueryBase {
  /** Where this run files the description it asked for (first run on a connection). */
  private learning: Map<string, Shape> | undefined;

  override prepare(connection: Connection): void {
    const { shapes, silent } = learntOn(connection);
    const shape = shapes.get(this.name);
    if (!shape) {
      this.learning = shapes;
      super.prepare(connection);
      return;
    }
    const r = this._result;
    r.fields = shape.fields;
    r._parsers = shape.parsers;
    r._prebuiltEmptyResultObject = shape.empty;
    this._accumulateRows = true;
    // pg's prepare, less the Describe: Parse (if needed), Bind, Execute and Sync go out as before.
    super.prepare(silent);
  }

  override handleReadyForQuery(connection: Connection): void {
    // Reached only when the statement succeeded: pg drops a failed query before ReadyForQuery.
    if (this.learning && !this._canceledDueToError) {
      const r = this._result;
      this.learning.set(this.name, { fields: r.fields, parsers: r._parsers, empty: r._prebuiltEmptyResultObject });
    }
    super.handleReadyForQuery(connection);
  }
}

/** A pg Query for the named statement `name`; see DescribedQuery. */
export function describedQuery(
  name: string,
  text: string,
  values: unknown[],
  callback: (e: Error | null, r: unknown) => void,
): unknown {
  const q = new DescribedQuery(text, values, callback);
  q.name = name;
  return q;
}

import { randomUUID } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely, SqliteDatabase } from 'kysely';
import type { Dialect } from './db.js';
import { nulRefusal } from './nul-guard.js';
import type { Database } from './schema.js';

// A string no caller ever binds (a random nonce): marks where argument i lands among the compiled parameters.
const NONCE = `roster-arg-${randomUUID()}:`;
const marker = (i: number): string => `${NONCE}${i}`;
const argIndex = (p: unknown): number =>
  typeof p === 'string' && p.startsWith(NONCE) ? Number(p.slice(NONCE.length)) : -1;

/** How a template's SQL is sent to PostgreSQL (pg-client.ts). */
export interface StatementInfo {
  /** The name it is prepared under on each connection. */
  name: string;
  /** Its result is never read (see PreparedOptions.resultUnused). */
  resultUnused: boolean;
}

// Ends the text of a template whose result nobody reads (PostgreSQL ignores the comment).
const UNANSWERED = '/* result unused */';

// PostgreSQL: the SQL text of every template and how it is sent. Templates are finite (one per
// statement, dialect and size), so this stays small.
const statements = new Map<string, StatementInfo>();

/** How a template's SQL is sent (PostgreSQL), or undefined for any other SQL. */
export function statementOf(sqlText: string): StatementInfo | undefined {
  return statements.get(sqlText);
}

/** Options of a prepared query. */
export interface PreparedOptions {
  /**
   * A statement whose result no caller reads (a write, or taking a lock): inside a transaction,
   * PostgreSQL may send it without waiting for its answer, which is checked before the
   * transaction's next statement (pg-client.ts). The server still runs them in order.
   */
  resultUnused?: boolean;
}

// SQLite: Kysely instances whose prepared statements run straight on their connection (runDirectly).
const direct = new WeakMap<Kysely<Database>, () => SqliteDatabase>();

/**
 * SQLite: prepared statements through `db` run on `connection` without Kysely's executor. better-sqlite3
 * is synchronous, so the executor's connection lock and its chain of promises (about ten per statement)
 * only cost CPU — more than the statement itself for the point lookups of a SCIM request (bench scim,
 * steady state). Only for a connection nothing holds across an await without `db` (a transaction's
 * own handle, or the reader, which never streams nor opens transactions) and with no query log.
 */
export function runDirectly(db: Kysely<Database>, connection: () => SqliteDatabase): void {
  direct.set(db, connection);
}

/** What Kysely's SQLite driver does with one statement: rows of a reader, nothing for a write. */
function runOn<R>(connection: SqliteDatabase, compiled: CompiledQuery, parameters: readonly unknown[]): R[] {
  // The same refusal as the nul guard every Kysely query passes (nul-guard.ts).
  const refused = nulRefusal(parameters);
  if (refused) throw refused;
  const stmt = connection.prepare(compiled.sql);
  if (stmt.reader) return stmt.all(parameters) as R[];
  stmt.run(parameters);
  return [];
}

interface Template {
  compiled: CompiledQuery;
  /** For each compiled parameter: the index of the argument it takes, or -1 for a constant. */
  slots: number[];
}

/**
 * A query built and compiled once per dialect, then re-run with new arguments. Kysely builds and
 * compiles every query from scratch; on the provisioning hot path (the same ten statements per
 * request) that cost more than running them (bench). `build` receives marker values in
 * place of the arguments, so it must pass each argument straight through as a bound value.
 */
export function preparedQuery<A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  opts: PreparedOptions = {},
) {
  const templates = new Map<Dialect, Template>();
  const template = (db: Kysely<Database>, dialect: Dialect, arity: number): Template => {
    let t = templates.get(dialect);
    if (!t) {
      const built = build(db, ...(Array.from({ length: arity }, (_, i) => marker(i)) as unknown as A)).compile();
      // PostgreSQL finds how to send a statement by its text (statementOf), and any other query of
      // the same text would be sent the same way: a statement nobody waits for gets a text of its
      // own, so that no caller that reads its answer (an ad-hoc query, or a template that reads the
      // result of the same SQL) is ever left without it.
      const unanswered = dialect === 'postgres' && opts.resultUnused === true;
      const compiled = unanswered ? { ...built, sql: `${built.sql} ${UNANSWERED}` } : built;
      const slots = compiled.parameters.map(argIndex);
      t = { compiled, slots };
      templates.set(dialect, t);
      if (dialect === 'postgres' && !statements.has(compiled.sql))
        statements.set(compiled.sql, { name: `roster_${statements.size + 1}`, resultUnused: unanswered });
    }
    return t;
  };
  return async (db: Kysely<Database>, dialect: Dialect, ...args: A): Promise<R[]> => {
    const { compiled, slots } = template(db, dialect, args.length);
    const parameters = slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : args[slot]));
    const connection = dialect === 'sqlite' ? direct.get(db) : undefined;
    if (connection) return runOn<R>(connection(), compiled, parameters);
    const result = await db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
    return result.rows;
  };
}

/** Like preparedQuery, but one template per `size` (e.g. the number of rows of a multi-row insert). */
export function preparedBySize<A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, size: number, ...args: A) => Compilable<R>,
  opts: PreparedOptions = {},
) {
  const bySize = new Map<number, ReturnType<typeof preparedQuery<A, R>>>();
  return (db: Kysely<Database>, dialect: Dialect, size: number, ...args: A): Promise<R[]> => {
    let q = bySize.get(size);
    if (!q) {
      q = preparedQuery<A, R>((d, ...a) => build(d, size, ...a), opts);
      bySize.set(size, q);
    }
    return q(db, dialect, ...args);
  };
}

/**
 * `ids` padded to the next power of two by repeating its last id, for statements over an id list
 * prepared with preparedBySize: at most ten templates per statement for lists up to CHUNK (500)
 * ids. An id twice in an IN list matches once. `ids` must not be empty.
 */
export function padded(ids: readonly string[]): string[] {
  let size = 1;
  while (size < ids.length) size *= 2;
  const out = ids.slice();
  const last = ids[ids.length - 1] as string;
  while (out.length < size) out.push(last);
  return out;
}

import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';
import { DomainError } from '../core/errors.js';

function holdsNul(parameters: readonly unknown[]): boolean {
  for (const p of parameters) if (typeof p === 'string' && p.includes('\u0000')) return true;
  return false;
}

/** The error a query with a NUL in a parameter fails with (see nulGuard), or undefined. */
export function nulRefusal(parameters: readonly unknown[]): DomainError | undefined {
  return holdsNul(parameters)
    ? new DomainError('input.invalid', { field: 'value', reason: 'text must not contain the NUL character (U+0000)' })
    : undefined;
}

/** Forwards everything to the real connection except queries, whose parameters are checked first. */
function guardConnection(conn: DatabaseConnection): DatabaseConnection {
  const execute = conn.executeQuery.bind(conn);
  // Kysely's query log (the `log` option) wraps executeQuery by assigning to the connection: the
  // wrapper is kept here and calls the guard, which calls the driver's own method (no loop).
  const assigned = new Map<PropertyKey, unknown>();
  return new Proxy(conn, {
    set(_target, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    get(target, prop) {
      if (assigned.size > 0 && assigned.has(prop)) return assigned.get(prop);
      if (prop === 'executeQuery') {
        return <R>(q: CompiledQuery): Promise<QueryResult<R>> => {
          const refused = nulRefusal(q.parameters);
          return refused ? Promise.reject(refused) : execute<R>(q);
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      // Bound to the real connection: drivers keep private state (#fields, symbols) on it.
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), so such a
 * value — a userName, a member id, an id in a URL, a filter literal — would be a 500. Every bound
 * parameter is checked before a query runs and the value refused as bad input instead, on both
 * dialects alike so that SQLite never stores what PostgreSQL would refuse (SPEC "Bad input").
 * Checking parameters (not the query tree) keeps this off the hot path.
 */
export function nulGuard(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = dialect.createDriver();
      const guarded = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const real = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const wrap = (c: DatabaseConnection): DatabaseConnection => {
        let g = guarded.get(c);
        if (!g) {
          g = guardConnection(c);
          guarded.set(c, g);
          real.set(g, c);
        }
        return g;
      };
      const unwrap = (c: DatabaseConnection): DatabaseConnection => real.get(c) ?? c;
      return {
        init: () => driver.init(),
        acquireConnection: async () => wrap(await driver.acquireConnection()),
        beginTransaction: (c, s) => driver.beginTransaction(unwrap(c), s),
        commitTransaction: (c) => driver.commitTransaction(unwrap(c)),
        rollbackTransaction: (c) => driver.rollbackTransaction(unwrap(c)),
        releaseConnection: (c) => driver.releaseConnection(unwrap(c)),
        destroy: () => driver.destroy(),
        ...(driver.savepoint
          ? {
              savepoint: (c: DatabaseConnection, n: string, f: Parameters<NonNullable<Driver['savepoint']>>[2]) =>
                driver.savepoint!(unwrap(c), n, f),
            }
          : {}),
        ...(driver.rollbackToSavepoint
          ? {
              rollbackToSavepoint: (
                c: DatabaseConnection,
                n: string,
                f: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2],
              ) => driver.rollbackToSavepoint!(unwrap(c), n, f),
            }
          : {}),
        ...(driver.releaseSavepoint
          ? {
              releaseSavepoint: (
                c: DatabaseConnection,
                n: string,
                f: Parameters<NonNullable<Driver['releaseSavepoint']>>[2],
              ) => driver.releaseSavepoint!(unwrap(c), n, f),
            }
          : {}),
      };
    },
  };
}

import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Row = Record<string, unknown>;
type MakeRow = ((values: unknown[]) => Row) & { width: number };

/**
 * Kysely's SQLite driver prepares every statement anew; preparing cost more than running for
 * Roster's short queries (bench: 14–17 % of server CPU). This keeps the most recent statements
 * prepared, keyed by SQL text. A statement still busy iterating is never handed out twice.
 *
 * Rows are read as arrays and turned into objects by a function compiled per statement (an object
 * literal with the result's column names): better-sqlite3 builds each row object key by key, and
 * for the 44 columns of a user that cost about three times as much as reading the row (bench scim:
 * a page of 100 users).
 */
export function cachingSqlite(db: BetterSqlite3.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, RowStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit && !hit.stmt.busy) {
        cache.delete(sql); // most recently used goes to the end
        cache.set(sql, hit);
        return hit;
      }
      const stmt = new RowStatement(db.prepare(sql));
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}

class RowStatement implements SqliteStatement {
  readonly reader: boolean;
  private make: MakeRow | undefined;

  constructor(readonly stmt: BetterSqlite3.Statement) {
    this.reader = stmt.reader;
    if (stmt.reader) stmt.raw(true);
  }

  all(parameters: readonly unknown[]): unknown[] {
    if (!this.reader) return this.stmt.all(parameters);
    const rows = this.stmt.all(parameters) as unknown[][];
    return rows.length === 0 ? rows : rows.map(this.maker(rows[0] as unknown[]));
  }

  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.stmt.run(parameters);
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    if (!this.reader) return yield* this.stmt.iterate(parameters);
    for (const values of this.stmt.iterate(parameters) as IterableIterator<unknown[]>) yield this.maker(values)(values);
  }

  /** The row builder; rebuilt when the result's width changes (a schema change re-expands `select *`). */
  private maker(sample: unknown[]): MakeRow {
    if (this.make?.width !== sample.length) this.make = compileRow(this.stmt.columns().map((c) => c.name));
    return this.make;
  }
}

function compileRow(names: readonly string[]): MakeRow {
  // Column names are quoted by JSON.stringify; a later duplicate wins, as in better-sqlite3's own objects.
  const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`;
  const make = new Function('v', body) as (values: unknown[]) => Row;
  return Object.assign(make, { width: names.length });
}

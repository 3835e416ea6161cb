// One comparison or presence test of the core query model as SQL that behaves the same on
// SQLite and PostgreSQL (RFC 7644 §3.4.2.2 operators; RFC 7643 §2.2 caseExact).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { CompareOp, Scalar } from '../../core/directory/query.js';
import type { Dialect } from '../db.js';
import { columnSql, type Column } from './predicate-columns.js';

type Sql = RawBuilder<SqlBool>;
type Operand = RawBuilder<unknown>;

/** A condition that always holds (a `const` predicate, an empty `and`). */
export const TRUE: Sql = sql<SqlBool>`1 = 1`;
/** A condition that never holds (a `const` predicate, an empty `or`). */
export const FALSE: Sql = sql<SqlBool>`1 = 0`;

const ORDERING = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * `column op value`. `eq null`/`ne null` test absence. `ne` also matches rows where the
 * attribute is absent (`col is null or col <> v`): RFC 7644 §3.4.2.2 defines ne as "not equal",
 * and an absent value is not equal to anything. Other comparisons with an absent value are
 * SQL null; callers negate with `not coalesce(…, false)` so `not` stays two-valued.
 */
export function compareSql(col: Column, op: CompareOp, value: Scalar, dialect: Dialect): Sql {
  if (col.absent) return absentCompare(op, value);
  const c = columnSql(col, dialect);
  if (value === null)
    return op === 'eq' ? sql<SqlBool>`${c} is null` : op === 'ne' ? sql<SqlBool>`${c} is not null` : FALSE;
  if (col.kind === 'boolean') {
    // Booleans are stored as 0/1 on both dialects (see the migration).
    const bit = value === true || value === 1 || value === 'true' ? 1 : 0;
    return op === 'eq'
      ? sql<SqlBool>`${c} = ${bit}`
      : op === 'ne'
        ? sql<SqlBool>`(${c} is null or ${c} <> ${bit})`
        : FALSE;
  }
  const v = String(value);
  if (col.kind !== 'ci-string') return exactSql(c, op, v, dialect);
  // caseExact false: compare lower-cased on both sides. A lowered column was lower-cased in JS,
  // so the value is too (and the index applies); otherwise the database lowers both sides with
  // Unicode case folding (`ciLower`), so that "Élodie" matches "élodie" on both databases.
  const left = col.lowered ? c : ciLower(c, dialect);
  const lower = (s: string): Operand =>
    col.lowered ? sql`${s.toLowerCase()}` : ciLower(sql`cast(${s} as text)`, dialect);
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${left} = ${lower(v)}`;
    case 'ne':
      return sql<SqlBool>`(${c} is null or ${left} <> ${lower(v)})`;
    case 'co':
      return likeSql(left, lower(`%${escapeLike(v)}%`));
    case 'sw':
      return likeSql(left, lower(`${escapeLike(v)}%`));
    case 'ew':
      return likeSql(left, lower(`%${escapeLike(v)}`));
    default:
      return orderingSql(left, op, lower(v), dialect);
  }
}

/** A comparison on a sub-field the collection does not store: the attribute is absent. */
function absentCompare(op: CompareOp, value: Scalar): Sql {
  if (value === null) return op === 'eq' ? TRUE : FALSE;
  return op === 'ne' ? TRUE : FALSE;
}

/**
 * Unicode lower-casing in SQL. SQLite's own lower() folds ASCII only, so every SQLite connection
 * has `roster_lower`, JavaScript's toLowerCase (db.ts) — the lowering of the stored `*_lower`
 * columns too; PostgreSQL's lower() follows the database's character type (Unicode under UTF-8).
 */
export function ciLower(x: Operand, dialect: Dialect): Operand {
  return dialect === 'sqlite' ? sql`roster_lower(${x})` : sql`lower(${x})`;
}

/** caseExact comparisons; LIKE is avoided because SQLite's LIKE ignores ASCII case. */
function exactSql(c: Operand, op: CompareOp, v: string, dialect: Dialect): Sql {
  // Characters, not UTF-16 units: substr/length/right count characters on both dialects.
  const n = Array.from(v).length;
  if ((op === 'co' || op === 'sw' || op === 'ew') && n === 0) return sql<SqlBool>`${c} is not null`;
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${c} = ${v}`;
    case 'ne':
      return sql<SqlBool>`(${c} is null or ${c} <> ${v})`;
    case 'co':
      return dialect === 'postgres' ? sql<SqlBool>`strpos(${c}, ${v}) > 0` : sql<SqlBool>`instr(${c}, ${v}) > 0`;
    case 'sw':
      return sql<SqlBool>`substr(${c}, 1, ${n}) = ${v}`;
    case 'ew':
      return dialect === 'postgres' ? sql<SqlBool>`right(${c}, ${n}) = ${v}` : sql<SqlBool>`substr(${c}, -${n}) = ${v}`;
    default:
      return orderingSql(c, op, sql`${v}`, dialect);
  }
}

// PostgreSQL orders text by the database collation, which may be linguistic; "C" gives code
// point order, the same as SQLite's default BINARY collation for UTF-8 text.
function orderingSql(left: Operand, op: 'gt' | 'ge' | 'lt' | 'le', right: Operand, dialect: Dialect): Sql {
  const collated = dialect === 'postgres' ? sql`${left} collate "C"` : left;
  return sql<SqlBool>`${collated} ${sql.raw(ORDERING[op])} ${right}`;
}

function likeSql(left: Operand, pattern: Operand): Sql {
  return sql<SqlBool>`${left} like ${pattern} escape '\\'`;
}

/** Escapes LIKE's wildcards so that `%` and `_` in a filter value match themselves. */
export function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** `column pr` (RFC 7644 §3.4.2.2): has a value that is not null and, for text, not empty. */
export function presentSql(col: Column, dialect: Dialect): Sql {
  if (col.absent) return FALSE;
  const c = columnSql(col, dialect);
  return col.kind === 'boolean' || col.kind === 'datetime'
    ? sql<SqlBool>`${c} is not null`
    : sql<SqlBool>`(${c} is not null and ${c} <> '')`;
}

// The sync log sorted by provider (SPEC C5 "sort by any column"): by the provider's name as the
// listing shows it — its current name, so a rename re-sorts at once — not by its id. The name is
// not stored on the log rows (that would rewrite every row of a provider on rename); instead the
// tenant's few providers are read and ranked here, and the listing is read as consecutive
// segments of the existing index (tenant_id, coalesce(provider_id, ''), at, id):
//   1. the rows no current provider names (provider deleted, or none): shown without a name, they
//      sort as '' — first ascending, last descending — ordered among themselves by provider id,
//      read as the id ranges between the current providers' ids;
//   2. each current provider's rows, providers ordered by lower-cased name (code point order, as
//      the other sorts compare), then id; within a provider by (date, id).
// Every segment is an index range seek, so a page costs a few seeks whatever its depth; the
// keyset position stays (provider key, date, id), exact across ties. A rename between two pages
// re-sorts the listing under the cursor, as any change of the sorted column would.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** One segment of the order: rows matching `where`, sorted by (key, at, id) when `keyed`, else by (at, id). */
export interface ProviderSegment {
  where: Expression<SqlBool>;
  keyed: boolean;
  /** Whether a row whose provider key is `key` belongs here. */
  holds(key: string): boolean;
}

/** Compares by Unicode code point, as SQLite's BINARY and PostgreSQL's "C" collation order UTF-8 text. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The segments in listing order for `order`, given the tenant's current providers and the SQL of
 * the provider key (`coalesce(provider_id, '')`, in the index's collation).
 */
export function providerSegments(
  providers: readonly { id: string; name: string }[],
  key: RawBuilder<string>,
  order: 'asc' | 'desc',
): ProviderSegment[] {
  const ids = providers.map((p) => p.id).sort(compareCodePoints);
  const unnamed: ProviderSegment[] = [];
  for (let i = 0; i <= ids.length; i += 1) {
    const low = i > 0 ? ids[i - 1] : undefined;
    const high = ids[i];
    const bounds: Expression<SqlBool>[] = [];
    if (low !== undefined) bounds.push(sql<SqlBool>`${key} > ${low}`);
    if (high !== undefined) bounds.push(sql<SqlBool>`${key} < ${high}`);
    unnamed.push({
      where: bounds.length ? sql<SqlBool>`${sql.join(bounds, sql` and `)}` : sql<SqlBool>`1 = 1`,
      keyed: true,
      holds: (k) =>
        (low === undefined || compareCodePoints(k, low) > 0) && (high === undefined || compareCodePoints(k, high) < 0),
    });
  }
  const named = [...providers]
    .sort((a, b) => compareCodePoints(a.name.toLowerCase(), b.name.toLowerCase()) || compareCodePoints(a.id, b.id))
    .map((p): ProviderSegment => ({ where: sql<SqlBool>`${key} = ${p.id}`, keyed: false, holds: (k) => k === p.id }));
  const all = [...unnamed, ...named];
  return order === 'asc' ? all : all.reverse();
}

import type { Predicate } from '../../core/directory/query.js';

/** An equality on a unique key found among a predicate's top-level conjuncts. */
export interface UniqueEquality<F extends string> {
  field: F;
  value: string;
  /** The predicate is this comparison and nothing else. */
  alone: boolean;
}

/**
 * Finds `field eq "value"` for one of `fields` among the top-level conjuncts of `p`. Such a filter
 * selects at most one row, so it is answered by a point lookup on the unique index instead of the
 * general list query — whose plan PostgreSQL may otherwise choose from stale statistics (bench,
 * With autovacuum off it walked the provider's whole index in `id` order to avoid a sort).
 */
export function uniqueEquality<F extends string, C extends string>(
  p: Predicate<F, C> | undefined,
  fields: readonly F[],
): UniqueEquality<F> | undefined {
  if (!p) return undefined;
  const match = (q: Predicate<F, C>): { field: F; value: string } | undefined =>
    q.kind === 'compare' && q.op === 'eq' && typeof q.value === 'string' && fields.includes(q.field)
      ? { field: q.field, value: q.value }
      : undefined;
  const direct = match(p);
  if (direct) return { ...direct, alone: true };
  if (p.kind !== 'and') return undefined;
  for (const item of p.items) {
    const found = match(item);
    if (found) return { ...found, alone: false };
  }
  return undefined;
}

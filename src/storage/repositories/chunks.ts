// SQLite caps bound parameters per statement: IN lists and multi-row inserts are cut well below it.

/** Rows per IN list or multi-row statement unless a caller needs fewer (wide rows). */
export const CHUNK = 500;

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

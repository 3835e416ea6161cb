/**
 * One page of a filtered list and the total. The rows are read first: when the first page is not
 * full it holds the whole result, and the COUNT — the dearer query on a large directory — is
 * skipped. This is the common case: IdPs look users up by a filter that matches 0 or 1 rows.
 */
export async function readPage<Row>(
  page: { offset: number; limit: number },
  count: () => Promise<number>,
  rows: (limit: number, offset: number) => Promise<Row[]>,
): Promise<{ total: number; rows: Row[] }> {
  if (page.limit <= 0) return { total: await count(), rows: [] };
  const found = await rows(page.limit, page.offset);
  if (page.offset === 0 && found.length < page.limit) return { total: found.length, rows: found };
  return { total: await count(), rows: found };
}

import type { TestServer } from './server.js';

/** A sync-log row as the API returns it (SyncLogEntryDto), computed from the table for expectations. */
export interface Entry {
  id: string;
  date: string;
  providerId: string | null;
  providerName: string | null;
  userId: string | null;
  username: string | null;
  changeType: string;
  attribute: string | null;
  oldValue: string | null;
  newValue: string | null;
  detail: string | null;
}

export const SORTS = ['date', 'provider', 'username', 'changeType', 'attribute', 'oldValue', 'newValue'] as const;
export type Sort = (typeof SORTS)[number];

// Few distinct values, so that every sort column has long runs of ties (also across page
// boundaries), absent values (null and '' sort alike, first), mixed case, LIKE wildcards, and
// non-ASCII letters (Élise and élise are one user to the username search: Unicode lower-casing).
const USERNAMES = [
  'Alice@x.com',
  'alice.b@x.com',
  'ALICE@y.com',
  'bob@x.com',
  'a_b@x.com',
  'axb@x.com',
  'Élise@x.com',
  'élise@x.com',
  null,
];
const CHANGES = [
  'Created',
  'Modified',
  'Modified',
  'Deactivated',
  'Removed',
  'Sync Failure',
  'Not in Role Mapping',
  'Blocked',
  'Reactivated',
];
const ATTRIBUTES = ['username', 'group', 'department', 'email', null];
const VALUES = ['Sales', 'sales', 'Engineering', '', null, 'Zeta', '+1 555 0100'];

/** Inserts `n` rows for `tenantId` straight into sync_log: deterministic, tie-heavy, across `providerIds` (and none). */
export async function seedSyncLog(
  s: TestServer,
  tenantId: string,
  providerIds: readonly (string | null)[],
  n: number,
  seed = 1,
): Promise<void> {
  const rows = [];
  for (let i = 0; i < n; i += 1) {
    const r = (i * 7919 + seed * 104729) >>> 0;
    rows.push({
      tenant_id: tenantId,
      provider_id: providerIds[r % providerIds.length] ?? null,
      // Ten distinct instants: most rows tie on the date too, so the id decides.
      at: new Date(Date.UTC(2026, 0, 1 + (r % 10), 8, 0, 0)).toISOString(),
      user_id: null,
      username: USERNAMES[(r >> 3) % USERNAMES.length] ?? null,
      username_lower: USERNAMES[(r >> 3) % USERNAMES.length]?.toLowerCase() ?? null,
      change_type: CHANGES[(r >> 5) % CHANGES.length] as string,
      attribute: ATTRIBUTES[(r >> 2) % ATTRIBUTES.length] ?? null,
      old_value: VALUES[(r >> 4) % VALUES.length] ?? null,
      new_value: VALUES[(r >> 6) % VALUES.length] ?? null,
      detail: i % 13 === 0 ? `detail, with "quotes"\nand a line break ${i}` : null,
    });
  }
  for (let i = 0; i < rows.length; i += 100)
    await s.roster.db.kysely
      .insertInto('sync_log')
      .values(rows.slice(i, i + 100))
      .execute();
}

/** Every row of the tenant, as the API shows it. */
export async function loadEntries(
  s: TestServer,
  tenantId: string,
  providerNames: ReadonlyMap<string, string>,
): Promise<Entry[]> {
  const rows = await s.roster.db.kysely.selectFrom('sync_log').selectAll().where('tenant_id', '=', tenantId).execute();
  return rows.map((r) => ({
    id: String(r.id),
    date: r.at,
    providerId: r.provider_id,
    providerName: r.provider_id === null ? null : (providerNames.get(r.provider_id) ?? null),
    userId: r.user_id,
    username: r.username,
    changeType: r.change_type,
    attribute: r.attribute,
    oldValue: r.old_value,
    newValue: r.new_value,
    detail: r.detail,
  }));
}

/** The documented sort key: absent values as '', usernames and provider names lower-cased (Unicode), compared by code point. */
export function sortKey(e: Entry, by: Sort): string {
  switch (by) {
    case 'date':
      return e.date;
    case 'provider':
      // By the name shown (lower-cased; none sorts as ''), then the provider id (NUL sorts first).
      return `${(e.providerName ?? '').toLowerCase()}\u0000${e.providerId ?? ''}`;
    case 'username':
      return (e.username ?? '').toLowerCase();
    case 'changeType':
      return e.changeType;
    case 'attribute':
      return e.attribute ?? '';
    case 'oldValue':
      return e.oldValue ?? '';
    case 'newValue':
      return e.newValue ?? '';
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The expected order: (key, date, id), all ascending or all descending. */
export function sorted(entries: readonly Entry[], by: Sort, order: 'asc' | 'desc'): Entry[] {
  const dir = order === 'asc' ? 1 : -1;
  return [...entries].sort(
    (a, b) => dir * (cmp(sortKey(a, by), sortKey(b, by)) || cmp(a.date, b.date) || Number(a.id) - Number(b.id)),
  );
}

/** Follows nextCursor to the end; asserts pages are full until the last and never empty. */
export async function fetchAll(s: TestServer, qs: string, limit: number): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await s.admin(
      'GET',
      `/sync-log?${qs}${qs ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`GET /sync-log?${qs} → ${res.status} ${res.text}`);
    const body = res.body as { entries: Entry[]; nextCursor: string | null };
    cursor = body.nextCursor;
    if (cursor !== null && body.entries.length !== limit)
      throw new Error(`a page before the last held ${body.entries.length} of ${limit}`);
    if (pages > 0 && body.entries.length === 0) throw new Error('an empty page after a cursor');
    entries.push(...body.entries);
    pages += 1;
    if (pages > 5000) throw new Error('paging does not end');
  } while (cursor !== null);
  return { entries, pages };
}

/** What a CSV cell holds for a value (formula-looking cells get a leading apostrophe). */
export const csvCell = (v: string | null): string => (v === null ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

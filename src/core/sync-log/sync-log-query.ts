import { err, ok, type Result } from '../result.js';
import { CHANGE_TYPES, type ChangeType, type SyncLogEntry } from './sync-log.js';

/**
 * Querying the sync log (SPEC C5: "query by date range, provider, user, change type; sort by
 * any column; page through millions of rows"). Pages are keyset pages: a position is the last
 * row's sort key, never an offset, so page 20,000 costs what page 1 costs.
 */

/**
 * The columns the log can be sorted by; each sort orders by (column, date, id). `provider` sorts by
 * the provider's current name as shown (case-insensitively; entries whose provider is gone or none
 * have no name and sort as ''), then by provider id.
 */
export const SYNC_LOG_SORTS = [
  'date',
  'provider',
  'username',
  'changeType',
  'attribute',
  'oldValue',
  'newValue',
] as const;
export type SyncLogSort = (typeof SYNC_LOG_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** Page sizes of the JSON API. */
export const SYNC_LOG_PAGE = { defaultSize: 50, maxSize: 1000 } as const;

/**
 * Which entries. `username` matches case-insensitively (Unicode lower-casing, as usernames are
 * compared everywhere), as a prefix (the console's search box) or exactly.
 */
export interface SyncLogFilter {
  /** Inclusive lower bound, ISO-8601 UTC as stored (`2026-11-23T09:00:00.000Z`). */
  from?: string;
  /** Exclusive upper bound, same form. */
  to?: string;
  providerId?: string;
  username?: { value: string; match: 'prefix' | 'exact' };
  /** Any of these (one or several). */
  changeTypes?: readonly ChangeType[];
  /** Exact attribute name as recorded (`username`, `group`, `department`, …). */
  attribute?: string;
}

export interface SyncLogQuery {
  filter: SyncLogFilter;
  sort: { by: SyncLogSort; order: SortOrder };
}

/**
 * Where a page ends: the last row's sort key (the value the database sorted by: for `username`
 * its lower-cased form, for `provider` the provider id; '' for an absent value), its date and its
 * id. Opaque to callers.
 */
export interface SyncLogPosition {
  sort: SyncLogSort;
  order: SortOrder;
  key: string;
  at: string;
  id: number;
}

/** A stored entry with its id (the stable tiebreak of every sort). */
export interface SyncLogRecord extends SyncLogEntry {
  id: number;
}

/** One page and where the next one starts (null when this was the last). */
export interface SyncLogPage<E = SyncLogRecord> {
  entries: E[];
  next: SyncLogPosition | null;
}

/** Query parameters as they arrive (strings, or repeated strings), before validation. */
export interface RawSyncLogQuery {
  from?: string;
  to?: string;
  providerId?: string;
  username?: string;
  usernameMatch?: string;
  changeType?: string | readonly string[];
  attribute?: string;
  sort?: string;
  order?: string;
  limit?: string;
}

/** Why a query was refused, naming the offending parameter. */
export interface QueryError {
  field: string;
  reason: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO-8601 date (`2026-11-23`, midnight UTC) or date-time with a zone (`…T09:30Z`,
 * `…T09:30:00.5+02:00`) as the stored form. `ceil` rounds sub-millisecond parts up (exclusive ends).
 */
export function parseIsoInstant(text: string, ceil = false): Result<string, string> {
  const m = ISO.exec(text);
  if (!m) return err('expected an ISO-8601 date (2026-11-23) or date-time with a time zone (2026-11-23T09:30:00Z)');
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m.slice(1) as string[];
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return err(`"${text}" is not a valid date`);
  }
  const digits = frac.padEnd(9, '0');
  let ms = Number(digits.slice(0, 3));
  if (ceil && Number(digits.slice(3)) > 0) ms += 1;
  const offsetMin =
    zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const instant = new Date(utc + ms - offsetMin * 60_000);
  if (Number.isNaN(instant.getTime()) || instant.getUTCFullYear() < 0 || instant.getUTCFullYear() > 9999)
    return err(`"${text}" is out of range`);
  return ok(instant.toISOString());
}

/** Shared with the audit log query (same filters, same refusals). */
export function oneOf<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): Result<T, QueryError> {
  if (value === undefined) return ok(fallback);
  if ((allowed as readonly string[]).includes(value)) return ok(value as T);
  return err({ field, reason: `"${value}" is not one of ${allowed.join(', ')}` });
}

/** `changeType=Created&changeType=Modified` or `changeType=Created,Modified`. */
function parseChangeTypes(raw: string | readonly string[] | undefined): Result<ChangeType[] | undefined, QueryError> {
  if (raw === undefined) return ok(undefined);
  const values = (typeof raw === 'string' ? [raw] : raw).flatMap((v) => v.split(',')).map((v) => v.trim());
  const out: ChangeType[] = [];
  for (const v of values) {
    const found = CHANGE_TYPES.find((c) => c === v);
    if (!found) return err({ field: 'changeType', reason: `"${v}" is not a change type (${CHANGE_TYPES.join(', ')})` });
    if (!out.includes(found)) out.push(found);
  }
  return ok(out);
}

function parseLimit(raw: string | undefined): Result<number, QueryError> {
  if (raw === undefined) return ok(SYNC_LOG_PAGE.defaultSize);
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > SYNC_LOG_PAGE.maxSize)
    return err({ field: 'limit', reason: `must be an integer from 1 to ${SYNC_LOG_PAGE.maxSize}` });
  return ok(n);
}

/** Shared with the audit log query (same filters, same refusals). */
export function parseRange(
  raw: Pick<RawSyncLogQuery, 'from' | 'to'>,
): Result<Pick<SyncLogFilter, 'from' | 'to'>, QueryError> {
  const out: Pick<SyncLogFilter, 'from' | 'to'> = {};
  for (const field of ['from', 'to'] as const) {
    const text = raw[field];
    if (text === undefined) continue;
    const r = parseIsoInstant(text, field === 'to');
    if (!r.ok) return err({ field, reason: r.error });
    out[field] = r.value;
  }
  if (out.from !== undefined && out.to !== undefined && out.from > out.to)
    return err({ field: 'to', reason: 'must not be before from' });
  return ok(out);
}

/** Shared with the audit log query (same filters, same refusals). */
export function nonEmpty(field: string, v: string | undefined): Result<string | undefined, QueryError> {
  if (v === undefined) return ok(undefined);
  if (v.length === 0 || v.length > 1000) return err({ field, reason: 'must be 1 to 1000 characters' });
  if (v.includes('\u0000')) return err({ field, reason: 'must not contain the NUL character (U+0000)' });
  return ok(v);
}

/** Validates a raw query (STYLE habit 3): every refusal names its parameter. */
export function parseSyncLogQuery(raw: RawSyncLogQuery): Result<{ query: SyncLogQuery; limit: number }, QueryError> {
  const range = parseRange(raw);
  if (!range.ok) return range;
  const changeTypes = parseChangeTypes(raw.changeType);
  if (!changeTypes.ok) return changeTypes;
  const by = oneOf('sort', raw.sort, SYNC_LOG_SORTS, 'date');
  if (!by.ok) return by;
  const order = oneOf<SortOrder>('order', raw.order, ['asc', 'desc'], 'desc');
  if (!order.ok) return order;
  const match = oneOf('usernameMatch', raw.usernameMatch, ['prefix', 'exact'], 'prefix');
  if (!match.ok) return match;
  const limit = parseLimit(raw.limit);
  if (!limit.ok) return limit;
  const strings: Partial<Record<'providerId' | 'username' | 'attribute', string>> = {};
  for (const field of ['providerId', 'username', 'attribute'] as const) {
    const r = nonEmpty(field, raw[field]);
    if (!r.ok) return r;
    if (r.value !== undefined) strings[field] = r.value;
  }
  const filter: SyncLogFilter = {
    ...range.value,
    ...(strings.providerId !== undefined ? { providerId: strings.providerId } : {}),
    ...(strings.username !== undefined ? { username: { value: strings.username, match: match.value } } : {}),
    ...(changeTypes.value ? { changeTypes: changeTypes.value } : {}),
    ...(strings.attribute !== undefined ? { attribute: strings.attribute } : {}),
  };
  return ok({ query: { filter, sort: { by: by.value, order: order.value } }, limit: limit.value });
}

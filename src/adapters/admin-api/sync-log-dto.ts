import { Type, type Static } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import { err, ok, type Result } from '../../core/result.js';
import { CHANGE_TYPES, type ChangeType } from '../../core/sync-log/sync-log.js';
import {
  SYNC_LOG_SORTS,
  type SortOrder,
  type SyncLogPosition,
  type SyncLogSort,
} from '../../core/sync-log/sync-log-query.js';
import type { SyncLogView } from '../../core/sync-log/sync-log-service.js';

/** Wire types of the sync-log API (SPEC C5) and their explicit mappers (STYLE habit 5). */

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const SyncLogEntryDto = Type.Object({
  id: Type.String({ description: 'Stable id of the entry (the last tiebreak of every sort)' }),
  date: Type.String({ description: 'When the change happened, ISO-8601 UTC' }),
  providerId: Nullable(Type.String()),
  providerName: Nullable(Type.String({ description: "The provider's current name; null once it is deleted" })),
  userId: Nullable(Type.String()),
  username: Nullable(Type.String({ description: 'The user impacted, as named at the time of the change' })),
  changeType: Type.Unsafe<ChangeType>(Type.String({ enum: [...CHANGE_TYPES] })),
  attribute: Nullable(Type.String()),
  oldValue: Nullable(Type.String()),
  newValue: Nullable(Type.String()),
  detail: Nullable(Type.String()),
});
export type SyncLogEntryDto = Static<typeof SyncLogEntryDto>;

export const SyncLogPageDto = Type.Object({
  entries: Type.Array(SyncLogEntryDto),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` with the same query for the next page; null on the last page',
  }),
});

export function toSyncLogEntryDto(e: SyncLogView): SyncLogEntryDto {
  return {
    id: String(e.id),
    date: e.at,
    providerId: e.providerId,
    providerName: e.providerName,
    userId: e.userId,
    username: e.username,
    changeType: e.changeType,
    attribute: e.attribute,
    oldValue: e.oldValue,
    newValue: e.newValue,
    detail: e.detail,
  };
}

/** The CSV export's header row; `toCsvRecord` fills the columns in this order. */
export const CSV_HEADER = [
  'Date',
  'Provider',
  'Username',
  'Change type',
  'Attribute',
  'Old value',
  'New value',
  'Detail',
] as const;

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection": = + - @ tab CR first) gets a
 * leading apostrophe. Usernames and values come from the identity provider, and administrators
 * open the export in Excel.
 */
export function neutraliseFormula(v: string | null): string {
  if (v === null) return '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function toCsvRecord(e: SyncLogView): string[] {
  return [
    e.at,
    e.providerName ?? e.providerId ?? '',
    e.username,
    e.changeType,
    e.attribute,
    e.oldValue,
    e.newValue,
    e.detail,
  ].map(neutraliseFormula);
}

/**
 * One chunk of the export as CSV text (csv-stringify's synchronous API), the header row first when
 * `header` (so an empty selection is the header alone). Every line ends with a line break, so
 * chunks concatenate into one CSV. A chunk becomes one string in one synchronous step, so its
 * records die young; streaming them record by record kept them alive across many event-loop turns
 * and V8 promoted them to old space (peak RSS 300 MB exporting 1,000,000 rows, bench/synclog).
 */
export function toCsvText(entries: readonly SyncLogView[], header: boolean): string {
  return stringify(entries.map(toCsvRecord), header ? { header: true, columns: [...CSV_HEADER] } : {});
}

/**
 * Cursors are opaque to clients: base64url of [version, sort, order, key, date, id]. They carry
 * the sort so that a cursor replayed with another sort is refused instead of skipping rows.
 */
const CURSOR_VERSION = 1;
const MAX_CURSOR_CHARS = 8192;

export function encodeCursor(p: SyncLogPosition): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, p.sort, p.order, p.key, p.at, p.id]), 'utf8').toString(
    'base64url',
  );
}

/** The position a cursor names, or why it is not one of ours. */
export function decodeCursor(text: string): Result<SyncLogPosition, string> {
  if (text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) return err('not a cursor returned by this API');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return err('not a cursor returned by this API');
  }
  if (!Array.isArray(v) || v.length !== 6) return err('not a cursor returned by this API');
  const [version, sort, order, key, at, id] = v as unknown[];
  if (version !== CURSOR_VERSION) return err('cursor from another version of the API; start again from the first page');
  if (!(SYNC_LOG_SORTS as readonly unknown[]).includes(sort) || (order !== 'asc' && order !== 'desc'))
    return err('not a cursor returned by this API');
  if (typeof key !== 'string' || typeof at !== 'string' || key.includes('\u0000') || at.includes('\u0000'))
    return err('not a cursor returned by this API');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return err('not a cursor returned by this API');
  return ok({ sort: sort as SyncLogSort, order: order as SortOrder, key, at, id });
}

import { api, ok } from './client';

export const CHANGE_TYPES = [
  'Created',
  'Modified',
  'Deactivated',
  'Removed',
  'Sync Failure',
  'Not in Role Mapping',
  'Blocked',
  'Reactivated',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

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

export interface SyncLogEntry {
  id: string;
  date: string;
  providerId: string | null;
  providerName: string | null;
  userId: string | null;
  username: string | null;
  changeType: ChangeType;
  attribute: string | null;
  oldValue: string | null;
  newValue: string | null;
  detail: string | null;
}

export interface SyncLogSelection {
  from?: string;
  to?: string;
  providerId?: string;
  username?: string;
  usernameMatch?: 'prefix' | 'exact';
  changeType?: ChangeType[];
  sort?: SyncLogSort;
  order?: 'asc' | 'desc';
}

function selectionParams(s: SyncLogSelection): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  return q;
}

export function listSyncLog(
  s: SyncLogSelection,
  cursor: string | undefined,
  limit = 100,
): Promise<{ entries: SyncLogEntry[]; nextCursor: string | null }> {
  const { changeType, ...rest } = s;
  const query = { ...rest, changeType: changeType?.length ? changeType.join(',') : undefined };
  return ok(api.GET('/api/v1/sync-log', { params: { query: { ...query, limit: String(limit), cursor } } })) as Promise<{
    entries: SyncLogEntry[];
    nextCursor: string | null;
  }>;
}

/** The streamed CSV export of the same selection (the browser downloads it; the session cookie goes along). */
export function syncLogCsvUrl(s: SyncLogSelection): string {
  return `/api/v1/sync-log.csv?${selectionParams(s).toString()}`;
}

export interface Activity {
  from: string;
  to: string;
  bucket: 'hour' | 'day';
  counts: { bucket: string; changeType: ChangeType; count: number }[];
}

export function getSyncLogActivity(s: { from?: string; to?: string; providerId?: string }): Promise<Activity> {
  return ok(api.GET('/api/v1/sync-log/activity', { params: { query: s } })) as Promise<Activity>;
}

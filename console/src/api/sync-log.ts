import { API_BASE, apiJson } from './http';

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
  const q = selectionParams(s);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return apiJson(`/sync-log?${q.toString()}`);
}

/** The streamed CSV export of the same selection (the browser downloads it; the session cookie goes along). */
export function syncLogCsvUrl(s: SyncLogSelection): string {
  return `${API_BASE}/sync-log.csv?${selectionParams(s).toString()}`;
}

export interface Activity {
  from: string;
  to: string;
  bucket: 'hour' | 'day';
  counts: { bucket: string; changeType: ChangeType; count: number }[];
}

export function getSyncLogActivity(s: { from?: string; to?: string; providerId?: string }): Promise<Activity> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v) q.set(k, v);
  return apiJson<Activity>(`/sync-log/activity?${q.toString()}`);
}

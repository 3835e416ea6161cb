/** The sync log's vocabulary (SPEC C5, seeds/002 "Sync Log"). */
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

/** One recorded change a provider caused. */
export interface SyncLogEntry {
  tenantId: string;
  providerId: string | null;
  at: string;
  userId: string | null;
  username: string | null;
  changeType: ChangeType;
  attribute: string | null;
  oldValue: string | null;
  newValue: string | null;
  detail: string | null;
}

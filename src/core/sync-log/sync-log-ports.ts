// The sync log's storage ports (SPEC C5): appended within a provisioning transaction, read by keyset.
import type { ActivityCount, ActivityQuery } from './sync-log-activity.js';
import type { SyncLogEntry } from './sync-log.js';
import type { SyncLogPage, SyncLogPosition, SyncLogQuery, SyncLogRecord } from './sync-log-query.js';

export interface SyncLogRepository {
  append(entries: readonly SyncLogEntry[]): Promise<void>;
  /**
   * append, then UserRepository.linkPendingManager for `link` (the caller holds its externalId's
   * lock), then one entry for each user linked: `link.entry` with that user's id and userName.
   * On PostgreSQL one statement whose answer nothing waits for: it goes out with the COMMIT.
   */
  appendLinkingReports(entries: readonly SyncLogEntry[], link: ReportLinking): Promise<void>;
}

/** What SyncLogRepository.appendLinkingReports links, and the entry it writes for each user linked. */
export interface ReportLinking {
  tenantId: string;
  providerId: string;
  externalId: string;
  managerId: string;
  at: string;
  entry: Omit<SyncLogEntry, 'userId' | 'username'>;
}

/** Reads the sync log by keyset (SPEC C5); every read names the tenant. */
export interface SyncLogReader {
  /** Up to `limit` entries in the query's order, after `after` when given. */
  page(tenantId: string, query: SyncLogQuery, limit: number, after?: SyncLogPosition): Promise<SyncLogPage>;
  /** The whole selection in order, `chunkSize` entries at a time (for streaming exports in constant memory). */
  chunks(tenantId: string, query: SyncLogQuery, chunkSize: number): AsyncIterable<SyncLogRecord[]>;
  /** Counts by UTC hour or day and change type within the query's range (SPEC C5 activity chart). */
  activity(tenantId: string, query: ActivityQuery): Promise<ActivityCount[]>;
}

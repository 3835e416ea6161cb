import type { Kysely } from 'kysely';
import type { ReportLinking, SyncLogRepository } from '../../core/ports.js';
import type { SyncLogEntry } from '../../core/sync-log/sync-log.js';
import type { Dialect } from '../db.js';
import type { Database, SyncLogTable } from '../schema.js';
import { appendLinkingReports, flatten, insertSyncLog, LINKING_KEYS, SYNC_LOG_COLUMNS } from './hot-queries.js';
import { linkPendingManager } from './user-provisioning-state.js';

const toSyncLogRow = (e: SyncLogEntry): Omit<SyncLogTable, 'id'> => ({
  tenant_id: e.tenantId,
  provider_id: e.providerId,
  at: e.at,
  user_id: e.userId,
  username: e.username,
  change_type: e.changeType,
  attribute: e.attribute,
  old_value: e.oldValue,
  new_value: e.newValue,
  detail: e.detail,
  username_lower: e.username?.toLowerCase() ?? null,
});

/** The sync log: append-only. */
export class KyselySyncLogRepository implements SyncLogRepository {
  private counted = 0;
  // PostgreSQL: the answers of appendLinkingReports, one row per sync-log row, filled in when they
  // arrive (pg-client.ts), which is before the transaction's COMMIT is answered.
  private readonly answers: unknown[][] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Rows this repository inserted: the store reports them once their transaction has committed. */
  get written(): number {
    return this.answers.reduce((n, rows) => n + rows.length, this.counted);
  }

  async append(entries: readonly SyncLogEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 200) {
      const rows = entries.slice(i, i + 200).map(toSyncLogRow);
      await insertSyncLog(this.db, this.dialect, rows.length, ...flatten(SYNC_LOG_COLUMNS, rows));
      this.counted += rows.length;
    }
  }

  async appendLinkingReports(entries: readonly SyncLogEntry[], link: ReportLinking): Promise<void> {
    const { tenantId, providerId, externalId, managerId, at } = link;
    if (this.dialect !== 'postgres') {
      const linked = await linkPendingManager(this.db, this.dialect, tenantId, providerId, externalId, managerId, at);
      const logged = linked.map((r) => ({ ...link.entry, userId: r.id, username: r.userName }));
      return this.append([...entries, ...logged]);
    }
    // The entries that fit one statement go with the linking; more (never seen) go first on their own.
    const tail = entries.length === 0 ? 0 : entries.length % 200 || 200;
    const last = entries.length - tail;
    await this.append(entries.slice(0, last));
    const rows = entries.slice(last).map(toSyncLogRow);
    const linking = { ...link.entry, at, tenantId, providerId, externalId, managerId };
    this.answers.push(
      await appendLinkingReports(
        this.db,
        this.dialect,
        rows.length,
        ...flatten(SYNC_LOG_COLUMNS, rows),
        ...LINKING_KEYS.map((k) => linking[k]),
      ),
    );
  }
}

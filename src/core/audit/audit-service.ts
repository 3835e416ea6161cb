import { readAccess } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../errors.js';
import type { Ids, Repositories, Store } from '../ports.js';
import type { AuditEntry, AuditPosition, AuditQuery, AuditReader, AuditRecord } from './audit-log.js';

// Rows per read of an export: the sync log's chunk size, for the same reasons (sync-log-service.ts).
import { EXPORT_CHUNK_ROWS } from '../sync-log/sync-log-service.js';

/** An event to record outside an administrative command (sign-in and the like): who, from where, what. */
export type AuditEvent = Omit<AuditEntry, 'id'>;

/**
 * The audit log (SPEC C5 "beyond", C6): read like the sync log (same filters, keyset cursors,
 * streamed CSV), by holders of identity_management.manage over all organizations. Administrative
 * commands write their entries themselves (core/auth/command.ts); `record` is the port for events
 * that are not one (sign-in, sign-out, failed attempts).
 */
export class AuditService {
  constructor(
    private readonly reader: AuditReader,
    private readonly store: Store,
    private readonly ids: Ids,
  ) {}

  /** Records an event, in `tx` when given (so it commits with the caller's writes), else on its own. */
  async record(event: AuditEvent, tx?: Repositories): Promise<void> {
    const entry: AuditEntry = { ...event, id: this.ids.newId() };
    if (tx) await tx.audit.append([entry]);
    else await this.store.transaction((t) => t.audit.append([entry]));
  }

  async page(
    actor: Principal,
    query: AuditQuery,
    limit: number,
    after?: AuditPosition,
  ): Promise<{ entries: AuditRecord[]; next: AuditPosition | null }> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    if (after && (after.order !== query.sort.order || after.sort !== query.sort.by))
      throw new DomainError('input.invalid', {
        field: 'cursor',
        reason: `the cursor belongs to a listing sorted by ${after.sort} ${after.order}, not ${query.sort.by} ${query.sort.order}`,
      });
    return this.reader.page(actor.tenantId, query, limit, after);
  }

  /** The whole selection, chunk by chunk (constant memory). */
  async *export(actor: Principal, query: AuditQuery, chunkRows = EXPORT_CHUNK_ROWS): AsyncGenerator<AuditRecord[]> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    yield* this.reader.chunks(actor.tenantId, query, chunkRows);
  }
}

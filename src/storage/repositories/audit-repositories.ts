import { sql, type Kysely, type SqlBool } from 'kysely';
import { chunks } from './chunks.js';
import type { AuditEntry, AuditPosition, AuditQuery, AuditReader, AuditRecord } from '../../core/audit/audit-log.js';
import type { AuditRepository } from '../../core/ports.js';
import type { Dialect } from '../db.js';
import type { AuditLogTable, Database } from '../schema.js';

/** The highest code point: `prefix + MAX` bounds every string that starts with `prefix`. */
const MAX_CODE_POINT = '\u{10FFFF}';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));

const toRecord = (r: AuditLogTable): AuditRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  at: r.at,
  actorUserId: r.actor_user_id,
  actorUsername: r.actor_username,
  credentialKind: r.credential_kind,
  credentialId: r.credential_id,
  ip: r.ip,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: parse(r.before),
  after: parse(r.after),
});

/** Appends audit entries inside the action's transaction (SPEC C6). */
export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    // 50 rows × 14 columns a statement: under SQLite's bound-parameter cap (a bulk upload audits thousands).
    for (const part of chunks(entries, 50)) await this.insert(part);
  }

  private async insert(entries: readonly AuditEntry[]): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values(
        entries.map((e) => ({
          tenant_id: e.tenantId,
          id: e.id,
          at: e.at,
          actor_user_id: e.actorUserId,
          actor_username: e.actorUsername,
          // Lower-cased in JavaScript (Unicode), as the sync log's usernames are (migration 0006).
          actor_username_lower: e.actorUsername === null ? null : e.actorUsername.toLowerCase(),
          credential_kind: e.credentialKind,
          credential_id: e.credentialId,
          ip: e.ip,
          action: e.action,
          target_type: e.targetType,
          target_id: e.targetId,
          before: json(e.before),
          after: json(e.after),
        })),
      )
      .execute();
  }
}

/** Keyset reads of the audit log by (at, id), never OFFSET (the sync log's paging, SPEC C5). */
export class KyselyAuditReader implements AuditReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async page(
    tenantId: string,
    query: AuditQuery,
    limit: number,
    after?: AuditPosition,
  ): Promise<{ entries: AuditRecord[]; next: AuditPosition | null }> {
    const rows = await this.rows(tenantId, query, limit + 1, after);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      entries: page.map(toRecord),
      next: more && last ? { order: query.order, at: last.at, id: last.id } : null,
    };
  }

  async *chunks(tenantId: string, query: AuditQuery, chunkSize: number): AsyncIterable<AuditRecord[]> {
    let after: AuditPosition | undefined;
    for (;;) {
      const rows = await this.rows(tenantId, query, chunkSize, after);
      if (rows.length === 0) return;
      yield rows.map(toRecord);
      const last = rows[rows.length - 1] as AuditLogTable;
      if (rows.length < chunkSize) return;
      after = { order: query.order, at: last.at, id: last.id };
    }
  }

  private async rows(tenantId: string, query: AuditQuery, limit: number, after?: AuditPosition) {
    const f = query.filter;
    const c = (col: string) => sql.ref(col);
    const collate = (col: string) => (this.dialect === 'postgres' ? sql`${c(col)} collate "C"` : c(col));
    let q = this.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<', f.to);
    if (f.username) {
      const v = f.username.value.toLowerCase();
      q =
        f.username.match === 'exact'
          ? q.where('actor_username_lower', '=', v)
          : q.where(
              sql<SqlBool>`${collate('actor_username_lower')} >= ${v} and ${collate('actor_username_lower')} < ${v + MAX_CODE_POINT}`,
            );
    }
    if (f.actions && f.actions.length > 0) q = q.where('action', 'in', [...f.actions]);
    if (f.targetId !== undefined) q = q.where('target_id', '=', f.targetId);
    const cmp = query.order === 'asc' ? sql.raw('>') : sql.raw('<');
    if (after)
      q = q.where(
        sql<SqlBool>`(${collate('at')} ${cmp} ${after.at} or (${collate('at')} = ${after.at} and ${collate('id')} ${cmp} ${after.id}))`,
      );
    return q
      .orderBy(collate('at') as never, query.order)
      .orderBy(collate('id') as never, query.order)
      .limit(limit)
      .execute();
  }
}

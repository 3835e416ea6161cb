import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { AuditPosition, AuditQuery, AuditReader, AuditRecord, AuditSort } from '../../core/audit/audit-log.js';
import type { Dialect } from '../db.js';
import type { AuditLogTable, Database } from '../schema.js';
import { toAuditRecord } from './audit-repositories.js';

type Row = AuditLogTable & { k: string };
type Builder = SelectQueryBuilder<Database, 'audit_log', Row>;

/**
 * Each sort's key: exactly the expression migration 0017 indexes as (tenant_id, key, at, id). Absent
 * values sort as ''; on PostgreSQL the "C" collation (code point order, as SQLite compares), so both
 * databases return the same order. Usernames compare by `actor_username_lower` (JavaScript-lowered).
 */
const KEYS: Record<Exclude<AuditSort, 'date'>, [sqlite: string, postgres: string]> = {
  username: [`coalesce(actor_username_lower, '')`, `coalesce(actor_username_lower, '') collate "C"`],
  action: ['action', 'action collate "C"'],
  target: [
    `coalesce(target_type, '') || ' ' || coalesce(target_id, '')`,
    `(coalesce(target_type, '') || ' ' || coalesce(target_id, '')) collate "C"`,
  ],
};

/** The highest code point: `prefix + MAX` bounds every string that starts with `prefix`. */
const MAX_CODE_POINT = '\u{10FFFF}';

/** Keyset reads of the audit log by (key, at, id), never OFFSET (the sync log's paging, SPEC C5). */
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
    const next =
      more && last ? { sort: query.sort.by, order: query.sort.order, key: last.k, at: last.at, id: last.id } : null;
    return { entries: page.map(toAuditRecord), next };
  }

  async *chunks(tenantId: string, query: AuditQuery, chunkSize: number): AsyncIterable<AuditRecord[]> {
    let after: AuditPosition | undefined;
    for (;;) {
      const page = await this.page(tenantId, query, chunkSize, after);
      if (page.entries.length > 0) yield page.entries;
      if (!page.next) return;
      after = page.next;
    }
  }

  private key(by: AuditSort): RawBuilder<string> {
    if (by === 'date') return sql<string>`''`;
    const [sqlite, postgres] = KEYS[by];
    return sql<string>`${sql.raw(this.dialect === 'postgres' ? postgres : sqlite)}`;
  }

  private async rows(tenantId: string, query: AuditQuery, limit: number, after?: AuditPosition): Promise<Row[]> {
    const keyed = query.sort.by !== 'date';
    const key = this.key(query.sort.by);
    const dir = sql.raw(query.sort.order);
    let q = this.db
      .selectFrom('audit_log')
      .selectAll()
      .select(key.as('k'))
      .where('tenant_id', '=', tenantId) as unknown as Builder;
    for (const condition of this.conditions(query)) q = q.where(condition);
    if (keyed) q = q.orderBy(sql`${key} ${dir}`);
    q = q.orderBy(sql`at ${dir}`).orderBy(sql`id ${dir}`);
    return seek(q, query.sort.order, keyed ? key : null, limit, after);
  }

  /** Each filter written against the indexed expressions, so the planner can use them. */
  private conditions(query: AuditQuery): Expression<SqlBool>[] {
    const f = query.filter;
    const out: Expression<SqlBool>[] = [];
    if (f.from !== undefined) out.push(sql<SqlBool>`at >= ${f.from}`);
    if (f.to !== undefined) out.push(sql<SqlBool>`at < ${f.to}`);
    if (f.username) {
      const user = this.key('username');
      const v = f.username.value.toLowerCase();
      out.push(
        f.username.match === 'exact'
          ? sql<SqlBool>`${user} = ${v}`
          : sql<SqlBool>`${user} >= ${v} and ${user} < ${v + MAX_CODE_POINT}`,
      );
    }
    if (f.actions && f.actions.length > 0) out.push(sql<SqlBool>`${this.key('action')} in (${sql.join(f.actions)})`);
    if (f.targetId !== undefined) out.push(sql<SqlBool>`target_id = ${f.targetId}`);
    return out;
  }
}

/**
 * Rows of `base` after `after`, read as consecutive index ranges of (key, at, id): the rest of the
 * last row's (key, at), then the rest of its key, then the keys beyond (without a key: the rest of
 * its instant, then the instants beyond). Plain equality-plus-inequality ranges, which both planners
 * turn into ordered index seeks (as the sync log's reader, sync-log-reader.ts).
 */
async function seek(
  base: Builder,
  order: 'asc' | 'desc',
  key: RawBuilder<string> | null,
  limit: number,
  after?: AuditPosition,
): Promise<Row[]> {
  if (!after) return base.limit(limit).execute();
  const cmp = sql.raw(order === 'asc' ? '>' : '<');
  const cols: [RawBuilder<unknown>, string][] = key === null ? [] : [[key, after.key]];
  cols.push([sql`at`, after.at], [sql`id`, after.id]);
  const out: Row[] = [];
  for (let j = cols.length - 1; j >= 0 && out.length < limit; j -= 1) {
    let q = base;
    for (const [col, value] of cols.slice(0, j)) q = q.where(sql<SqlBool>`${col} = ${value}`);
    const [col, value] = cols[j] as [RawBuilder<unknown>, string];
    out.push(
      ...(await q
        .where(sql<SqlBool>`${col} ${cmp} ${value}`)
        .limit(limit - out.length)
        .execute()),
    );
  }
  return out;
}

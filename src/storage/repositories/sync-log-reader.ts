import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { SyncLogReader } from '../../core/ports.js';
import type { ChangeType } from '../../core/sync-log/sync-log.js';
import { bucketStart, type ActivityCount, type ActivityQuery } from '../../core/sync-log/sync-log-activity.js';
import type {
  SyncLogFilter,
  SyncLogPage,
  SyncLogPosition,
  SyncLogQuery,
  SyncLogRecord,
  SyncLogSort,
} from '../../core/sync-log/sync-log-query.js';
import type { Dialect } from '../db.js';
import type { Database, SyncLogTable } from '../schema.js';
import { providerSegments, type ProviderSegment } from './sync-log-provider-order.js';

type Builder = SelectQueryBuilder<Database, 'sync_log', Row>;
type Row = Omit<SyncLogTable, 'id'> & { id: number | string; k: string };

/**
 * Each sort's key: exactly the expression migrations 0003 and 0006 index as (tenant_id, key, at, id).
 * Absent values sort as ''; on PostgreSQL comparisons use the "C" collation (code point order, as
 * SQLite compares), so both databases return the same order. Usernames compare by `username_lower`,
 * lower-cased in JavaScript when written (Unicode), and a searched username is lowered the same way.
 */
const KEYS: Record<Exclude<SyncLogSort, 'date'>, [sqlite: string, postgres: string]> = {
  provider: [`coalesce(provider_id, '')`, `coalesce(provider_id, '') collate "C"`],
  username: [`coalesce(username_lower, '')`, `coalesce(username_lower, '') collate "C"`],
  changeType: ['change_type', 'change_type collate "C"'],
  attribute: [`coalesce(attribute, '')`, `coalesce(attribute, '') collate "C"`],
  oldValue: [`coalesce(old_value, '')`, `coalesce(old_value, '') collate "C"`],
  newValue: [`coalesce(new_value, '')`, `coalesce(new_value, '') collate "C"`],
};

/** The highest code point: `prefix + MAX` bounds every string that starts with `prefix`. */
const MAX_CODE_POINT = '\u{10FFFF}';

const toRecord = (r: Row): SyncLogRecord => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  providerId: r.provider_id,
  at: r.at,
  userId: r.user_id,
  username: r.username,
  changeType: r.change_type as ChangeType,
  attribute: r.attribute,
  oldValue: r.old_value,
  newValue: r.new_value,
  detail: r.detail,
});

/** Keyset reads of the sync log (SPEC C5): never OFFSET, so a page costs the same at any depth. */
export class KyselySyncLogReader implements SyncLogReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * `at` is ISO-8601 UTC text on both databases, so its first 13 (hour) or 10 (day) characters are
   * the bucket; the range scan uses the (tenant_id, at, id) index of the date sort.
   */
  async activity(tenantId: string, q: ActivityQuery): Promise<ActivityCount[]> {
    const prefix = sql<string>`substr(at, 1, ${sql.lit(q.bucket === 'hour' ? 13 : 10)})`;
    let base = this.db
      .selectFrom('sync_log')
      .where('tenant_id', '=', tenantId)
      .where('at', '>=', q.from)
      .where('at', '<', q.to);
    if (q.providerId !== undefined) base = base.where('provider_id', '=', q.providerId);
    const rows = await base
      .select([prefix.as('b'), 'change_type', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy([prefix, 'change_type'])
      .orderBy('b')
      .execute();
    return rows.map((r) => ({
      bucket: bucketStart(r.b, q.bucket),
      changeType: r.change_type as ChangeType,
      count: Number(r.n),
    }));
  }

  async page(tenantId: string, query: SyncLogQuery, limit: number, after?: SyncLogPosition): Promise<SyncLogPage> {
    const rows = await this.rows(tenantId, query, limit + 1, after);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    const next =
      more && last
        ? { sort: query.sort.by, order: query.sort.order, key: last.k, at: last.at, id: Number(last.id) }
        : null;
    return { entries: page.map(toRecord), next };
  }

  async *chunks(tenantId: string, query: SyncLogQuery, chunkSize: number): AsyncIterable<SyncLogRecord[]> {
    let after: SyncLogPosition | undefined;
    for (;;) {
      const page = await this.page(tenantId, query, chunkSize, after);
      if (page.entries.length > 0) yield page.entries;
      if (!page.next) return;
      after = page.next;
    }
  }

  private key(by: SyncLogSort): RawBuilder<string> {
    if (by === 'date') return sql<string>`at`;
    const [sqlite, postgres] = KEYS[by];
    return sql<string>`${sql.raw(this.dialect === 'postgres' ? postgres : sqlite)}`;
  }

  private async rows(tenantId: string, query: SyncLogQuery, limit: number, after?: SyncLogPosition): Promise<Row[]> {
    const key = this.key(query.sort.by);
    if (query.sort.by === 'provider') return this.providerRows(tenantId, query, key, limit, after);
    const base = this.select(tenantId, query, key, query.sort.by !== 'date');
    return seek(base, query.sort.order, query.sort.by === 'date' ? null : key, limit, after);
  }

  /** By provider name: the segments of sync-log-provider-order.ts in turn, from the one holding `after`. */
  private async providerRows(
    tenantId: string,
    query: SyncLogQuery,
    key: RawBuilder<string>,
    limit: number,
    after?: SyncLogPosition,
  ): Promise<Row[]> {
    // One provider's rows are ordered by (at, id) alone: SQLite does not see that an ORDER BY on
    // the key its WHERE fixes is already the index order, and sorted every row of the provider.
    const byKey = this.select(tenantId, query, key, true);
    const byDate = this.select(tenantId, query, key, false);
    const providers = await this.db
      .selectFrom('providers')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const segments = providerSegments(providers, key, query.sort.order);
    const start = after
      ? Math.max(
          0,
          segments.findIndex((s) => s.holds(after.key)),
        )
      : 0;
    const only = query.filter.providerId;
    const out: Row[] = [];
    for (let i = start; i < segments.length && out.length < limit; i += 1) {
      const segment = segments[i] as ProviderSegment;
      // A provider filter selects one segment; the others would only be probed to find nothing.
      if (only !== undefined && !segment.holds(only)) continue;
      const from = i === start ? after : undefined;
      out.push(
        ...(await seek(
          (segment.keyed ? byKey : byDate).where(segment.where),
          query.sort.order,
          segment.keyed ? key : null,
          limit - out.length,
          from,
        )),
      );
    }
    return out;
  }

  private select(tenantId: string, query: SyncLogQuery, key: RawBuilder<string>, orderByKey: boolean): Builder {
    const dir = query.sort.order === 'asc' ? sql.raw('asc') : sql.raw('desc');
    let q = this.db
      .selectFrom('sync_log')
      .select([
        'id',
        'tenant_id',
        'provider_id',
        'at',
        'user_id',
        'username',
        'change_type',
        'attribute',
        'old_value',
        'new_value',
        'detail',
      ])
      .select(key.as('k'))
      .where('tenant_id', '=', tenantId) as unknown as Builder;
    for (const condition of this.conditions(query.filter)) q = q.where(condition);
    if (orderByKey) q = q.orderBy(sql`${key} ${dir}`);
    return q.orderBy(sql`at ${dir}`).orderBy(sql`id ${dir}`);
  }

  /** Each filter written against the indexed key expressions, so the planner can use them. */
  private conditions(f: SyncLogFilter): Expression<SqlBool>[] {
    const out: Expression<SqlBool>[] = [];
    if (f.from !== undefined) out.push(sql<SqlBool>`at >= ${f.from}`);
    if (f.to !== undefined) out.push(sql<SqlBool>`at < ${f.to}`);
    if (f.providerId !== undefined) out.push(sql<SqlBool>`${this.key('provider')} = ${f.providerId}`);
    if (f.changeTypes !== undefined) {
      out.push(
        f.changeTypes.length === 0
          ? sql<SqlBool>`1 = 0`
          : sql<SqlBool>`${this.key('changeType')} in (${sql.join(f.changeTypes)})`,
      );
    }
    if (f.attribute !== undefined) out.push(sql<SqlBool>`${this.key('attribute')} = ${f.attribute}`);
    if (f.username !== undefined) {
      const user = this.key('username');
      const v = f.username.value.toLowerCase();
      // A prefix is a range on the index: prefix ≤ key < prefix + U+10FFFF (byte order).
      out.push(
        f.username.match === 'exact'
          ? sql<SqlBool>`${user} = ${v}`
          : sql<SqlBool>`${user} >= ${v} and ${user} < ${v + MAX_CODE_POINT}`,
      );
    }
    return out;
  }
}

/**
 * Rows of `base` after `after`, read as consecutive index ranges of the sort (key, at, id): the rest
 * of the last row's (key, at), then the rest of its key, then the keys beyond; without a key (the
 * date sort, or one provider's rows) the rest of its instant, then the instants beyond. Each range
 * is a plain equality-plus-inequality that both planners turn into an ordered index seek. A row-value
 * `(key, at, id) > (…)` is not: SQLite does not seek an expression index with it, and PostgreSQL
 * misestimates it and chose a bitmap scan plus sort of every remaining row (80 ms a page at 200,000
 * rows, bench/synclog).
 */
async function seek(
  base: Builder,
  order: SyncLogQuery['sort']['order'],
  key: RawBuilder<string> | null,
  limit: number,
  after?: SyncLogPosition,
): Promise<Row[]> {
  if (!after) return base.limit(limit).execute();
  const cmp = order === 'asc' ? sql.raw('>') : sql.raw('<');
  const cols: [RawBuilder<unknown>, string | number][] = key === null ? [] : [[key, after.key]];
  cols.push([sql`at`, after.at], [sql`id`, after.id]);
  const out: Row[] = [];
  for (let j = cols.length - 1; j >= 0 && out.length < limit; j -= 1) {
    let q = base;
    for (const [col, value] of cols.slice(0, j)) q = q.where(sql<SqlBool>`${col} = ${value}`);
    const [col, value] = cols[j] as [RawBuilder<unknown>, string | number];
    out.push(
      ...(await q
        .where(sql<SqlBool>`${col} ${cmp} ${value}`)
        .limit(limit - out.length)
        .execute()),
    );
  }
  return out;
}

// A provider's view of its users as SCIM lists them (RFC 7644 §3.4.2): filtered in SQL, sorted,
// paged by startIndex/count, with a short path for a filter that names one user by a unique key.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Page, PageRequest, UserCollection, UserField } from '../../core/directory/query.js';
import type { UserPage as ListedUsers } from '../../core/ports.js';
import type { User } from '../../core/directory/user.js';
import type { Dialect } from '../db.js';
import type { Database, UsersTable } from '../schema.js';
import { padded } from '../prepared-query.js';
import { chunks } from './chunks.js';
import type { ListPositions } from './list-positions.js';
import { usersIn } from './page-queries.js';
import { readPage } from './paging.js';
import { userPredicateSql, userSortColumn } from './predicate-sql.js';
import { uniqueEquality, type UniqueEquality } from './unique-lookup.js';
import { toUser } from './user-mapper.js';
import { findUserRow, withValues } from './user-values.js';

type Base = SelectQueryBuilder<Database, 'users', object>;
type UserPage = PageRequest<UserField, UserCollection>;

/** Where a listing runs: the database, its dialect, and the remembered ends of recent pages. */
export interface ListContext {
  db: Kysely<Database>;
  dialect: Dialect;
  positions: ListPositions;
}

/** One page of the provider's live users matching the page's filter, and their total. */
export async function listProviderUsers(
  ctx: ListContext,
  tenantId: string,
  providerId: string,
  page: UserPage,
): Promise<ListedUsers> {
  // Built only where needed: an IdP's `userName eq` lookup never reaches SQL built from the filter.
  const filtered = (): Base => {
    const base = ctx.db
      .selectFrom('users')
      .where('users.tenant_id', '=', tenantId)
      .where('users.provider_id', '=', providerId)
      .where('users.removed_at', 'is', null);
    const filter = page.filter;
    return filter ? base.where((eb) => userPredicateSql(eb, filter, ctx.dialect)) : base;
  };
  const key = uniqueEquality(page.filter, ['userName', 'id'] as const);
  if (key) return byUniqueKey(ctx, filtered, tenantId, providerId, page, key);
  return sortedPage(ctx, filtered(), tenantId, providerId, page);
}

/** A filter naming one user by id or userName: that user looked up by its index, the rest of the filter in SQL. */
async function byUniqueKey(
  ctx: ListContext,
  filtered: () => Base,
  tenantId: string,
  providerId: string,
  page: UserPage,
  key: UniqueEquality<UserField>,
): Promise<ListedUsers> {
  const { db, dialect } = ctx;
  // The one user's groups come with it where that saves a round trip (PostgreSQL; see ports UserPage).
  const found =
    key.field === 'id'
      ? await findUserRow(db, dialect, tenantId, 'id', key.value, false, true)
      : await findUserRow(db, dialect, tenantId, 'userName', key.value.toLowerCase(), false, true);
  const candidate = found?.row;
  // The provider's own view only (SPEC C1); the rest of the filter, if any, still runs in SQL on that one row.
  let row = candidate && candidate.provider_id === providerId && candidate.removed_at === null ? candidate : undefined;
  if (row && !key.alone) row = await filtered().selectAll('users').where('users.id', '=', row.id).executeTakeFirst();
  const items = found && row && page.offset === 0 && page.limit > 0 ? [toUser(row, await found.values())] : [];
  const groups = items[0] && found?.groups ? new Map([[items[0].id, found.groups]]) : undefined;
  return { total: row ? 1 : 0, items, ...(groups ? { groups } : {}) };
}

/** Any other filter: ids sorted and paged first, then the full rows of that page. */
async function sortedPage(
  ctx: ListContext,
  base: Base,
  tenantId: string,
  providerId: string,
  page: UserPage,
): Promise<Page<User>> {
  // RFC 7644 §3.4.2.3: resources without the sortBy value come last ascending, first descending (PostgreSQL's default; SQLite needs saying).
  let ids = base.select('users.id');
  if (page.sort) {
    const dir = page.sort.direction;
    ids = ids.orderBy(userSortColumn(page.sort.field, ctx.dialect), (ob) =>
      dir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsFirst(),
    );
  }
  // Ties broken by id so that pages are stable whatever startIndex/count (Okta, research §2.4).
  ids = ids.orderBy('users.id');
  // A page that continues where a recent one ended seeks past its last id (list-positions.ts);
  // with a sortBy the key would be (value, id), so those pages skip by OFFSET.
  const scope = page.sort
    ? undefined
    : `users\u0000${tenantId}\u0000${providerId}\u0000${JSON.stringify(page.filter ?? null)}`;
  const after = scope !== undefined && page.offset > 0 ? ctx.positions.after(scope, page.offset) : undefined;
  const from =
    scope !== undefined && page.offset > 0 && after === undefined
      ? ctx.positions.nearest(scope, page.offset)
      : undefined;
  const count = async (): Promise<number> =>
    Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const { total, rows } = await readPage(
    page,
    () => (scope === undefined ? count() : ctx.positions.total(scope, count, after !== undefined)),
    async (limit, offset) => {
      // Ids first: unfiltered they come from users_provider_live alone, so skipped rows are never read.
      // A deep page with no exact position seeks to the nearest one before it and skips the rest.
      const seek = after !== undefined ? after : from?.id;
      const skip = after !== undefined ? 0 : offset - (from?.offset ?? 0);
      const found = await (seek !== undefined ? ids.where('users.id', '>', seek) : ids)
        .offset(skip)
        .limit(limit)
        .execute();
      const last = found[found.length - 1];
      if (scope !== undefined && last) ctx.positions.remember(scope, offset + found.length, last.id);
      return rowsInOrder(
        ctx.db,
        ctx.dialect,
        tenantId,
        found.map((r) => r.id),
      );
    },
  );
  return { total, items: await withValues(ctx.db, ctx.dialect, tenantId, rows) };
}

/** Full rows of `ids`, in that order. */
async function rowsInOrder(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  ids: readonly string[],
): Promise<UsersTable[]> {
  const byId = new Map<string, UsersTable>();
  for (const part of chunks(ids)) {
    const list = padded(part);
    for (const r of await usersIn(db, dialect, list.length, tenantId, ...list)) byId.set(r.id, r);
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

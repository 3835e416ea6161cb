import { sql, type Kysely, type SqlBool } from 'kysely';
import type { UserStatus } from '../../core/directory/user.js';
import type { UserSearchRepository, UserSearchFilter, UserSearchPosition, UserSummary } from '../../core/ports.js';
import type { Dialect } from '../db.js';
import type { Database } from '../schema.js';

/** The highest code point: `prefix + MAX` bounds every string that starts with `prefix`. */
const MAX_CODE_POINT = '\u{10FFFF}';

/**
 * The search prefix lowered exactly as user_name_lower is written (JS `toLowerCase()`, full Unicode;
 * see user-mapper.ts). Never SQL lower(): SQLite's folds ASCII only, so the two would disagree on
 * "É". The prefix is a key range, not LIKE, so `%`, `_` and `\` in it match themselves.
 */
const lowerAsStored = (s: string): string => s.toLowerCase();

interface Row {
  id: string;
  user_name: string;
  user_name_lower: string;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  org_id: string;
  provider_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

const toSummary = (r: Row): UserSummary => ({
  id: r.id,
  userName: r.user_name,
  displayName: r.display_name,
  givenName: r.given_name,
  familyName: r.family_name,
  email: r.email,
  orgId: r.org_id,
  providerId: r.provider_id,
  status: r.status as UserStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The admin API's user search (keyset on (user_name_lower, id), never OFFSET) and the few admin
 * writes the provisioning repositories do not offer. On PostgreSQL keys compare in the "C"
 * collation (byte order, as SQLite's BINARY; for UTF-8 that is code point order), so a prefix range
 * and the page order agree on both databases. The cursor carries a stored user_name_lower verbatim,
 * so it is compared as is, never lowered again.
 */
export class KyselyUserSearch implements UserSearchRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async searchUsers(
    tenantId: string,
    filter: UserSearchFilter,
    limit: number,
    after?: UserSearchPosition,
  ): Promise<{ users: UserSummary[]; next: UserSearchPosition | null }> {
    const key = this.dialect === 'postgres' ? sql<string>`user_name_lower collate "C"` : sql<string>`user_name_lower`;
    const idKey = this.dialect === 'postgres' ? sql<string>`id collate "C"` : sql<string>`id`;
    let q = this.db
      .selectFrom('users')
      .select([
        'id',
        'user_name',
        'user_name_lower',
        'display_name',
        'given_name',
        'family_name',
        'email',
        'org_id',
        'provider_id',
        'status',
        'created_at',
        'updated_at',
      ])
      .where('tenant_id', '=', tenantId);
    if (filter.userNamePrefix !== undefined && filter.userNamePrefix !== '') {
      const p = lowerAsStored(filter.userNamePrefix);
      q = q.where(sql<SqlBool>`${key} >= ${p} and ${key} < ${p + MAX_CODE_POINT}`);
    }
    if (filter.orgId !== undefined) q = q.where('org_id', '=', filter.orgId);
    const scope = filter.scope;
    if (scope) {
      // The caller's scope (SPEC C6): their organizations, or themselves; nothing when neither.
      const orgIds = scope.orgIds.length > 0 ? scope.orgIds : [''];
      const self = scope.userId ?? '';
      q = q.where((eb) => eb.or([eb('org_id', 'in', orgIds), eb('id', '=', self)]));
    }
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.providerId === 'local') q = q.where('provider_id', 'is', null);
    else if (filter.providerId !== undefined) q = q.where('provider_id', '=', filter.providerId);
    if (after)
      q = q.where(
        sql<SqlBool>`(${key} > ${after.userNameLower} or (${key} = ${after.userNameLower} and ${idKey} > ${after.id}))`,
      );
    const rows: Row[] = await q
      .orderBy(key)
      .orderBy(idKey)
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      users: page.map(toSummary),
      next: more && last ? { userNameLower: last.user_name_lower, id: last.id } : null,
    };
  }
}

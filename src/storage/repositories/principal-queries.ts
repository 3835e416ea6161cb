import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { CredentialUser } from '../../core/auth/principal.js';
import type { CredentialCache } from '../credential-cache.js';
import type { Dialect } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import type { ApiTokensTable, Database, SessionsTable } from '../schema.js';

/**
 * The credential check of every authenticated request (SPEC C6) as one prepared statement: the
 * session or API token found by its hash, with what a Principal needs of its user as they are now
 * (status, removal, username, organization, role ids) read by correlated sub-selects. Each
 * sub-select joins on the credential row's tenant_id, so it stays on that tenant's shard.
 * On PostgreSQL the answer is remembered until a change to any row it read is notified
 * (credential-cache.ts; the triggers of migration 2026-12-05-0020 watch exactly these columns).
 */

type Owner = 'sessions' | 'api_tokens';

/** The user columns and role ids a Principal is built from, beside the credential's own columns. */
interface UserColumns {
  u_status: string | null;
  u_removed_at: string | null;
  u_user_name: string | null;
  u_org_id: string | null;
  u_role_ids: string | null;
}

// Role ids are catalogue ids (kebab-case, no spaces): a space-separated aggregate is unambiguous.
const aggregate = (dialect: Dialect) =>
  dialect === 'postgres'
    ? sql<string | null>`string_agg("role_assignments"."role_id", ' ')`
    : sql<string | null>`group_concat("role_assignments"."role_id", ' ')`;

function userColumns(eb: ExpressionBuilder<Database, Owner>, owner: Owner, dialect: Dialect) {
  const user = () =>
    eb
      .selectFrom('users')
      .whereRef('users.tenant_id', '=', `${owner}.tenant_id`)
      .whereRef('users.id', '=', `${owner}.user_id`);
  return [
    user().select('users.status').as('u_status'),
    user().select('users.removed_at').as('u_removed_at'),
    user().select('users.user_name').as('u_user_name'),
    user().select('users.org_id').as('u_org_id'),
    eb
      .selectFrom('role_assignments')
      .select(aggregate(dialect).as('ids'))
      .whereRef('role_assignments.tenant_id', '=', `${owner}.tenant_id`)
      .whereRef('role_assignments.user_id', '=', `${owner}.user_id`)
      .as('u_role_ids'),
  ];
}

const sessionQueries = (dialect: Dialect) =>
  preparedQuery((db: Kysely<Database>, tokenHash: string) =>
    db
      .selectFrom('sessions')
      .selectAll('sessions')
      .select((eb) => userColumns(eb as ExpressionBuilder<Database, Owner>, 'sessions', dialect))
      .where('sessions.token_hash', '=', tokenHash),
  );

const apiTokenQueries = (dialect: Dialect) =>
  preparedQuery((db: Kysely<Database>, tokenHash: string) =>
    db
      .selectFrom('api_tokens')
      .selectAll('api_tokens')
      .select((eb) => userColumns(eb as ExpressionBuilder<Database, Owner>, 'api_tokens', dialect))
      .where('api_tokens.token_hash', '=', tokenHash),
  );

const sessionByDialect = { sqlite: sessionQueries('sqlite'), postgres: sessionQueries('postgres') };
const apiTokenByDialect = { sqlite: apiTokenQueries('sqlite'), postgres: apiTokenQueries('postgres') };

/** The credential's user, or null when the user row is gone. */
function toCredentialUser(r: UserColumns): CredentialUser | null {
  if (r.u_status === null || r.u_user_name === null) return null;
  return {
    status: r.u_status,
    removedAt: r.u_removed_at,
    userName: r.u_user_name,
    orgId: r.u_org_id,
    roleIds: r.u_role_ids ? r.u_role_ids.split(' ') : [],
  };
}

type Found<Row> = { row: Row; user: CredentialUser | null };

/** A credential row with its user: remembered under `key` (PostgreSQL) or one round trip. */
async function withUser<Row extends { tenant_id: string; user_id: string }>(
  query: () => Promise<unknown[]>,
  key: string,
  cache?: CredentialCache,
): Promise<Found<Row> | undefined> {
  const load = async () => {
    const [r] = await query();
    if (!r) return undefined;
    const row = r as Row;
    return { tenantId: row.tenant_id, userId: row.user_id, value: { row, user: toCredentialUser(r as UserColumns) } };
  };
  return cache ? cache.read(key, load) : (await load())?.value;
}

/** The session with this token hash and its user. */
export function sessionWithUser(
  db: Kysely<Database>,
  dialect: Dialect,
  tokenHash: string,
  cache?: CredentialCache,
): Promise<Found<SessionsTable> | undefined> {
  return withUser(() => sessionByDialect[dialect](db, dialect, tokenHash), `s ${tokenHash}`, cache);
}

/** The API token with this hash and its user. */
export function apiTokenWithUser(
  db: Kysely<Database>,
  dialect: Dialect,
  tokenHash: string,
  cache?: CredentialCache,
): Promise<Found<ApiTokensTable> | undefined> {
  return withUser(() => apiTokenByDialect[dialect](db, dialect, tokenHash), `t ${tokenHash}`, cache);
}

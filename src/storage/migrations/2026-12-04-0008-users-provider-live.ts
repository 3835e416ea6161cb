import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. A provider's live users (removed_at is null) in id order, readable from the index alone:
// a SCIM list page counts them and skips to its startIndex without reading a single table row
// (RFC 7644 §3.4.2.4 pages; Okta walks every user in pages of 100). users_provider_id lacks
// removed_at, so each count and each skipped row read the user's row: a page at 100,000 users
// cost seconds. SQLite uses a partial index for a query but reads the row for its WHERE column,
// so there removed_at is a key column (`removed_at is null` is an equality on it); PostgreSQL
// scans a partial index index-only.

export async function up(db: Kysely<unknown>): Promise<void> {
  const index = db.schema.createIndex('users_provider_live').on('users');
  if (isPostgres(db))
    await index.columns(['tenant_id', 'provider_id', 'id']).where(sql.ref('removed_at'), 'is', null).execute();
  else await index.columns(['tenant_id', 'provider_id', 'removed_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_provider_live').execute();
}

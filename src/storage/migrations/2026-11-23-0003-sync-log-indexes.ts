import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. Indexes for the sync-log queries (SPEC C5): each sortable or filterable
// column gets (tenant_id, key, at, id), so that "filter by X, newest first" and "sort by X" are
// both index range scans whose cost does not grow with the page number. The key is the exact
// expression the reader sorts by: absent values as '' (NULL would break keyset comparisons),
// usernames lower-cased; on PostgreSQL in the "C" collation, so that ordering and lower() are
// byte-wise and ASCII-only as on SQLite and results are identical on both databases. Dates
// already have (tenant_id, at, id). Old and new values are not indexed: every provisioning write
// pays for each index, and those sorts are rare (a filter narrows them first).

const KEYS: [name: string, sqlite: string, postgres: string][] = [
  ['sync_log_provider', `coalesce(provider_id, '')`, `coalesce(provider_id, '') collate "C"`],
  ['sync_log_username', `lower(coalesce(username, ''))`, `lower(coalesce(username, '') collate "C")`],
  ['sync_log_change_type', 'change_type', 'change_type collate "C"'],
  ['sync_log_attribute', `coalesce(attribute, '')`, `coalesce(attribute, '') collate "C"`],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  for (const [name, sqlite, postgres] of KEYS) {
    await db.schema
      .createIndex(name)
      .on('sync_log')
      .column('tenant_id')
      .expression(sql.raw(pg ? postgres : sqlite))
      .columns(['at', 'id'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of [...KEYS].reverse()) await db.schema.dropIndex(name).execute();
}

import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. The audit log sorts by the acting user, the action and the target as the sync log sorts
// by its columns (SPEC C5, C6): one index per sort key, (tenant_id, key, at, id), so the first page
// of any sort and every keyset page after it are index seeks on a large log. Absent values index as
// ''; on PostgreSQL the "C" collation (code point order, as SQLite compares).

const KEYS: [name: string, sqlite: string, postgres: string][] = [
  ['audit_log_sort_username', `coalesce(actor_username_lower, '')`, `coalesce(actor_username_lower, '') collate "C"`],
  ['audit_log_sort_action', 'action', 'action collate "C"'],
  [
    'audit_log_sort_target',
    `coalesce(target_type, '') || ' ' || coalesce(target_id, '')`,
    `(coalesce(target_type, '') || ' ' || coalesce(target_id, '')) collate "C"`,
  ],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  for (const [name, sqlite, postgres] of KEYS) {
    await db.schema
      .createIndex(name)
      .on('audit_log')
      .column('tenant_id')
      .expression(sql.raw(pg ? postgres : sqlite))
      .columns(['at', 'id'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of KEYS) await db.schema.dropIndex(name).execute();
}

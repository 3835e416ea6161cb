import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. The sync log's username search folds Unicode case, as the users table does: a stored
// `username_lower` (JavaScript toLowerCase, written by the application) replaces the index on
// lower(username), which folded ASCII only on SQLite and in PostgreSQL's "C" collation — so a
// search for "élodie" missed "ÉLODIE". Existing rows: SQL lower() for all, then JavaScript for
// the rows with any character outside printable ASCII. The key keeps (tenant_id, key, at, id)
// and, on PostgreSQL, the "C" collation (code point order, as SQLite compares).

const BATCH = 1000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('sync_log').addColumn('username_lower', 'text').execute();
  await sql`update sync_log set username_lower = lower(username) where username is not null`.execute(db);
  const nonAscii = pg ? sql`username ~ '[^ -~]'` : sql`username glob '*[^ -~]*'`;
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number | string; username: string }>`
      select id, username from sync_log where id > ${after} and username is not null and ${nonAscii} order by id limit ${BATCH}`.execute(
      db,
    );
    for (const r of rows)
      await sql`update sync_log set username_lower = ${r.username.toLowerCase()} where id = ${r.id}`.execute(db);
    const last = rows[rows.length - 1];
    if (!last) break;
    after = Number(last.id);
  }
  await db.schema.dropIndex('sync_log_username').execute();
  const key = pg ? `coalesce(username_lower, '') collate "C"` : `coalesce(username_lower, '')`;
  await db.schema
    .createIndex('sync_log_username')
    .on('sync_log')
    .column('tenant_id')
    .expression(sql.raw(key))
    .columns(['at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.dropIndex('sync_log_username').execute();
  const key = pg ? `lower(coalesce(username, '') collate "C")` : `lower(coalesce(username, ''))`;
  await db.schema
    .createIndex('sync_log_username')
    .on('sync_log')
    .column('tenant_id')
    .expression(sql.raw(key))
    .columns(['at', 'id'])
    .execute();
  await db.schema.alterTable('sync_log').dropColumn('username_lower').execute();
}

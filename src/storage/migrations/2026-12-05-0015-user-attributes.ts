import type { Kysely } from 'kysely';

// Frozen. Extension attributes of the SCIM attribute registry that have no column of their own
// (an administrator's custom field in the Roster extension) are kept in one JSON object per user,
// text on both dialects like `extra`, read with json_extract / ->> when a filter names them.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('attributes').execute();
}

import type { Kysely } from 'kysely';

// Frozen. Entra requires a group's displayName to be unique and matches groups on it (research
// §1.9): two groups of one provider with the same name would make its matching fail
// (DuplicateTargetEntries). Enforced per provider, case-insensitively, by the database.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('groups_name').execute();
  await db.schema
    .createIndex('groups_name_unique')
    .unique()
    .on('groups')
    .columns(['tenant_id', 'provider_id', 'display_name_lower'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('groups_name_unique').execute();
  await db.schema
    .createIndex('groups_name')
    .on('groups')
    .columns(['tenant_id', 'provider_id', 'display_name_lower'])
    .execute();
}

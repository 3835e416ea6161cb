import { sql, type Kysely } from 'kysely';

// Frozen. Two per-user columns of provisioning state (one file: the name this change was given).
// - `pending_manager` (SPEC C2 beyond): a `manager` the provider named before that user existed,
//   kept as sent and shown back on the SCIM resource; set only while `manager_id` is null. When a
//   user of the same provider arrives with that externalId, the creating request finds the users
//   waiting for it through `users_pending_manager` (tenant_id, provider_id, pending_manager), a
//   partial index holding only the few users with a pending reference.
// - `not_in_role_mapping` (SPEC C3): 1 while the last evaluation under a groups → roles mapping
//   found the user in no mapped group. "Not in Role Mapping" is logged when it goes from 0 to 1, so
//   a user gets one entry per entry into that state, however often Apply runs; O(1) per user, read
//   with the user row, and it survives restarts.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('pending_manager', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('not_in_role_mapping', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('users_pending_manager')
    .on('users')
    .columns(['tenant_id', 'provider_id', 'pending_manager'])
    .where(sql.ref('pending_manager'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_pending_manager').execute();
  for (const c of ['not_in_role_mapping', 'pending_manager'])
    await db.schema.alterTable('users').dropColumn(c).execute();
}

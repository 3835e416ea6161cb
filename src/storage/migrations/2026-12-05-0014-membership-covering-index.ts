import type { Kysely } from 'kysely';

// Frozen. A user's groups are read on every SCIM GET and PATCH of a user (the `groups` attribute,
// RFC 7643 §4.1.2). Since 0012 re-keyed group_members to (tenant_id, group_id, user_id), the
// primary key covers every column that read needs while (tenant_id, user_id) does not, and SQLite,
// without statistics, prefers the covering key with only `tenant_id = ?` usable: a scan of the
// tenant's memberships per user (bench scim at 5,000 users: 5 ms instead of 0.1 ms). An index on
// (tenant_id, user_id, group_id) is both selective and covering, on PostgreSQL an index-only scan,
// and makes the two-column index redundant.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('group_members_user_group')
    .on('group_members')
    .columns(['tenant_id', 'user_id', 'group_id'])
    .execute();
  await db.schema.dropIndex('group_members_user').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('group_members_user').on('group_members').columns(['tenant_id', 'user_id']).execute();
  await db.schema.dropIndex('group_members_user_group').execute();
}

import { sql, type Kysely } from 'kysely';

// Frozen. API tokens for automation (SPEC C6): the table is rebuilt with tenant_id first in its
// primary key and unique index (shardable by tenant), and gains an optional expiry, revocation
// and a last-used time. Authentication finds a token by its hash alone (the presented secret names
// no tenant), through a plain index. Existing tokens (the bootstrap administrator's) are kept.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens_v2')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addPrimaryKeyConstraint('api_tokens_pk', ['tenant_id', 'id'])
    .execute();
  await sql`insert into api_tokens_v2 (tenant_id, id, user_id, name, token_hash, created_at)
    select tenant_id, id, user_id, name, token_hash, created_at from api_tokens`.execute(db);
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.alterTable('api_tokens_v2').renameTo('api_tokens').execute();
  await db.schema
    .createIndex('api_tokens_tenant_hash')
    .on('api_tokens')
    .columns(['tenant_id', 'token_hash'])
    .unique()
    .execute();
  await db.schema.createIndex('api_tokens_hash').on('api_tokens').column('token_hash').execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['tenant_id', 'user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens_v1')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into api_tokens_v1 (id, tenant_id, user_id, name, token_hash, created_at)
    select id, tenant_id, user_id, name, token_hash, created_at from api_tokens where revoked_at is null`.execute(db);
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.alterTable('api_tokens_v1').renameTo('api_tokens').execute();
}

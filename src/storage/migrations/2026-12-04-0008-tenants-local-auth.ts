import { sql, type Kysely } from 'kysely';

// Frozen. Tenants get a slug (their sign-in address, SPEC C1) and local users a credential row
// (SPEC C6 local directory): an argon2id hash, failed attempts and lockout. Administrators' set-
// and reset-password links are one-time tokens stored hashed. tenant_id leads every key of the new
// tables so the schema stays shardable by tenant; the tenants table itself is the shard directory,
// so its slug is unique across tenants.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('slug', 'text').execute();
  // The first tenant (the embedded default) keeps the plain address under the slug "default".
  await sql`update tenants set slug = id`.execute(db);
  await sql`update tenants set slug = 'default' where id = (select id from tenants order by created_at, id limit 1)`.execute(
    db,
  );
  await db.schema.createIndex('tenants_slug').unique().on('tenants').column('slug').execute();

  await db.schema
    .createTable('local_credentials')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('password_hash', 'text')
    .addColumn('password_set_at', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_credentials_pk', ['tenant_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('password_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('password_tokens_pk', ['tenant_id', 'token_hash'])
    .execute();
  await db.schema.createIndex('password_tokens_user').on('password_tokens').columns(['tenant_id', 'user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_tokens').execute();
  await db.schema.dropTable('local_credentials').execute();
  await db.schema.dropIndex('tenants_slug').execute();
  await db.schema.alterTable('tenants').dropColumn('slug').execute();
}

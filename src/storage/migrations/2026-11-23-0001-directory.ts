import { type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen: never edit after it has shipped; add a new dated migration instead (STYLE habit 8).
// Booleans are integers 0/1 and timestamps ISO-8601 UTC text on both dialects, so that the
// same SQL works everywhere; repositories normalise them (STYLE habit 4).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('require_email_username', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('parent_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('default_roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cold_storage_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organizations_tenant_name')
    .unique()
    .on('organizations')
    .columns(['tenant_id', 'name_lower'])
    .execute();
  await db.schema.createIndex('organizations_parent').on('organizations').columns(['tenant_id', 'parent_id']).execute();

  // The roles catalogue is data (SPEC C1), shared by all tenants; seeded by the app at start.
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('limitations', 'text', (c) => c.notNull())
    .addColumn('deprecated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('auth_type', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('basic_username', 'text')
    .addColumn('basic_password_hash', 'text')
    .addColumn('deactivation_delay_seconds', 'integer', (c) => c.notNull().defaultTo(900))
    .addColumn('credential_rotated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('providers_tenant_name')
    .unique()
    .on('providers')
    .columns(['tenant_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('provider_id', 'text', (c) => c.references('providers.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scim_active', 'integer', (c) => c.notNull())
    .addColumn('manager_id', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_lower', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('display_name', 'text')
    .addColumn('nick_name', 'text')
    .addColumn('profile_url', 'text')
    .addColumn('title', 'text')
    .addColumn('user_type', 'text')
    .addColumn('preferred_language', 'text')
    .addColumn('locale', 'text')
    .addColumn('timezone', 'text')
    .addColumn('name_formatted', 'text')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('middle_name', 'text')
    .addColumn('honorific_prefix', 'text')
    .addColumn('honorific_suffix', 'text')
    .addColumn('email', 'text')
    .addColumn('employee_number', 'text')
    .addColumn('cost_center', 'text')
    .addColumn('organization', 'text')
    .addColumn('division', 'text')
    .addColumn('department', 'text')
    .addColumn('employee_type', 'text')
    .addColumn('org_name', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('country', 'text')
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('password_hash', 'text')
    .execute();
  // userName is unique per tenant, case-insensitively (SPEC C1).
  await db.schema
    .createIndex('users_tenant_username')
    .unique()
    .on('users')
    .columns(['tenant_id', 'user_name_lower'])
    .execute();
  await db.schema.createIndex('users_provider_id').on('users').columns(['tenant_id', 'provider_id', 'id']).execute();
  // externalId is indexed, not unique (research §6 C6).
  await db.schema.createIndex('users_external_id').on('users').columns(['tenant_id', 'external_id']).execute();
  await db.schema.createIndex('users_org').on('users').columns(['tenant_id', 'org_id']).execute();
  await db.schema.createIndex('users_manager').on('users').columns(['tenant_id', 'manager_id']).execute();

  // Rows of multi-valued attributes (emails, phoneNumbers, addresses, …), one row per value,
  // so that filters such as emails[type eq "work"].value eq "x" run as indexed SQL.
  await db.schema
    .createTable('user_values')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('attr', 'text', (c) => c.notNull())
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('value_lower', 'text')
    .addColumn('type', 'text')
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('display', 'text')
    .addColumn('formatted', 'text')
    .addColumn('street_address', 'text')
    .addColumn('locality', 'text')
    .addColumn('region', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addPrimaryKeyConstraint('user_values_pk', ['user_id', 'attr', 'ord'])
    .execute();
  await db.schema
    .createIndex('user_values_lookup')
    .on('user_values')
    .columns(['tenant_id', 'attr', 'value_lower'])
    .execute();

  await db.schema
    .createTable('role_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_assignments_pk', ['user_id', 'role_id'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('provider_id', 'text', (c) => c.notNull().references('providers.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_lower', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('groups_provider').on('groups').columns(['tenant_id', 'provider_id', 'id']).execute();
  await db.schema
    .createIndex('groups_name')
    .on('groups')
    .columns(['tenant_id', 'provider_id', 'display_name_lower'])
    .execute();
  await db.schema.createIndex('groups_external_id').on('groups').columns(['tenant_id', 'external_id']).execute();

  // One row per membership: a membership change touches only its rows (SPEC non-functional: O(change)).
  await db.schema
    .createTable('group_members')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').columns(['user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  const pg = isPostgres(db);
  await db.schema
    .createTable('sync_log')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('change_type', 'text', (c) => c.notNull())
    .addColumn('attribute', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('sync_log_tenant_at').on('sync_log').columns(['tenant_id', 'at', 'id']).execute();

  // Pending lifecycle actions (SPEC C4): rows with a due time, processed by a sweeper in jobs/.
  await db.schema
    .createTable('timers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_id', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('timers_user').on('timers').columns(['tenant_id', 'user_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'timers',
    'sync_log',
    'api_tokens',
    'group_members',
    'groups',
    'role_assignments',
    'user_values',
    'users',
    'providers',
    'roles',
    'organizations',
    'tenants',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}

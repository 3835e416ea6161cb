import { sql, type Kysely } from 'kysely';

// Frozen. The user lifecycle of SPEC C1/C4: devices and their backup archives,
// legal-hold matters with custodians, WHY a user is blocked, and the mass-deprovision guard of
// each provider. Booleans are 0/1 integers and timestamps ISO-8601 UTC text, as in 0001.

export async function up(db: Kysely<unknown>): Promise<void> {
  // A user's status (active/blocked/deactivated) is derived from these three columns
  // (core/lifecycle/user-state.ts): an admin block, a deactivation that is wanted but not done
  // yet ('pending' on a timer, 'held_legal' by a legal hold, 'held_guard' by the mass-deprovision
  // guard), and the moment the user was deactivated.
  await db.schema
    .alterTable('users')
    .addColumn('admin_blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('deactivation_state', 'text').execute();
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
  // Before this migration only a provider's deactivation blocked a user, always with a pending timer.
  await sql`update users set deactivation_state = 'pending' where status = 'blocked'`.execute(db);
  await sql`update users set deactivated_at = updated_at where status = 'deactivated'`.execute(db);

  // Mass-deprovision guard: more than guard_percent of the provider's users and at
  // least guard_min_users deactivated within guard_window_seconds holds further deactivations.
  await db.schema
    .alterTable('providers')
    .addColumn('guard_percent', 'integer', (c) => c.notNull().defaultTo(10))
    .execute();
  await db.schema
    .alterTable('providers')
    .addColumn('guard_min_users', 'integer', (c) => c.notNull().defaultTo(50))
    .execute();
  await db.schema
    .alterTable('providers')
    .addColumn('guard_window_seconds', 'integer', (c) => c.notNull().defaultTo(3600))
    .execute();
  await db.schema.alterTable('providers').addColumn('flagged_at', 'text').execute();

  // Purge timers of a single device's archives name the device; a user's purge timer has none.
  await db.schema.alterTable('timers').addColumn('device_id', 'text').execute();
  // The guard counts a provider's recent deactivation requests and lists its held ones.
  await db.schema
    .createIndex('timers_provider')
    .on('timers')
    .columns(['tenant_id', 'provider_id', 'kind', 'created_at'])
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('agent_version', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
    // The status a device deactivated together with its user returns to when the user is reactivated.
    .addColumn('restore_status', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('devices_user').on('devices').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('archives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('cold_storage_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('archives_user').on('archives').columns(['tenant_id', 'user_id', 'state']).execute();
  await db.schema.createIndex('archives_device').on('archives').columns(['device_id']).execute();

  await db.schema
    .createTable('legal_hold_matters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .execute();
  await db.schema
    .createIndex('legal_hold_matters_name')
    .unique()
    .on('legal_hold_matters')
    .columns(['tenant_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('legal_hold_custodians')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('legal_hold_matters.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('legal_hold_custodians_pk', ['matter_id', 'user_id'])
    .execute();
  // "Is this user on legal hold?" is asked before every deactivation (SPEC C4).
  await db.schema
    .createIndex('legal_hold_custodians_user')
    .on('legal_hold_custodians')
    .columns(['tenant_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['legal_hold_custodians', 'legal_hold_matters', 'archives', 'devices'])
    await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('timers_provider').execute();
  await db.schema.alterTable('timers').dropColumn('device_id').execute();
  for (const c of ['flagged_at', 'guard_window_seconds', 'guard_min_users', 'guard_percent'])
    await db.schema.alterTable('providers').dropColumn(c).execute();
  for (const c of ['deactivated_at', 'deactivation_state', 'admin_blocked'])
    await db.schema.alterTable('users').dropColumn(c).execute();
}

import type { Kysely } from 'kysely';

// Frozen. Multi-factor authentication for local users (SPEC C6):
// - mfa_factors: one TOTP factor per user. The secret is sealed (AES-256-GCM, README "MFA"), never
//   stored in clear; confirmed_at is null while an enrolment waits for its first code; last_step is
//   the last accepted TOTP time step (RFC 6238 §5.2: a code is never accepted twice).
// - mfa_recovery_codes: single-use recovery codes, SHA-256 hashed (they are high-entropy).
// - mfa_challenges: the sign-in step between the password and the session (mfaToken, hashed).
// - organizations.mfa_required: the organization's requirement; null inherits from the parent.
// Keys lead with tenant_id like every tenant table (migration 0012).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_factors')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'bigint')
    .addPrimaryKeyConstraint('mfa_factors_pk', ['tenant_id', 'user_id'])
    .addForeignKeyConstraint('mfa_factors_user', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['tenant_id', 'user_id', 'code_hash'])
    .addForeignKeyConstraint('mfa_recovery_codes_user', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createTable('mfa_challenges')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('mfa_challenges_pk', ['tenant_id', 'token_hash'])
    .addForeignKeyConstraint('mfa_challenges_user', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('mfa_challenges_user').on('mfa_challenges').columns(['tenant_id', 'user_id']).execute();
  await db.schema.alterTable('organizations').addColumn('mfa_required', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('mfa_required').execute();
  await db.schema.dropTable('mfa_challenges').execute();
  await db.schema.dropTable('mfa_recovery_codes').execute();
  await db.schema.dropTable('mfa_factors').execute();
}

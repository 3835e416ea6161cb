import type { Kysely } from 'kysely';

// Frozen. Each provider's organization mapping and role mapping (SPEC C3), one
// JSON document per setting on the provider row: a provisioning request already reads that row
// to authenticate, so the mapping comes with it at no extra query. The defaults are what every
// provider did before this migration: users land in the root organization, roles are manual.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('providers')
    .addColumn('org_mapping', 'text', (c) => c.notNull().defaultTo('{"method":"none"}'))
    .execute();
  await db.schema
    .alterTable('providers')
    .addColumn('role_mapping', 'text', (c) => c.notNull().defaultTo('{"method":"manual"}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ['role_mapping', 'org_mapping']) await db.schema.alterTable('providers').dropColumn(c).execute();
}

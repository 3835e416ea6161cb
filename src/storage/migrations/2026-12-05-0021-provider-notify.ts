import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. PostgreSQL only: the provider authentication of a provisioning request (SPEC C2) is
// remembered by each instance (credential-cache.ts) as the provider row joined with its tenant's,
// so every change to either must reach every instance. The triggers below notify through
// roster_credentials_notify (migration 2026-12-05-0020: the shared channel and the writing
// backend's own), naming the tenant and `provider/<id>`:
//  - providers: any update (credential rotation, mappings, delay, guard, flag) or deletion;
//  - tenants: any update or deletion, once for each of the tenant's providers.
// A new provider needs no notification: nothing can have been remembered about it. SQLite reads
// the provider on every request (another process may rotate it): no triggers.

const FUNCTION = sql`
create function roster_provider_changed() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'tenants' then
    perform roster_credentials_notify(p.tenant_id || ' provider/' || p.id) from providers p where p.tenant_id = old.id;
  else
    perform roster_credentials_notify(old.tenant_id || ' provider/' || old.id);
  end if;
  return null;
end
$$`;

const TRIGGERS: [name: string, table: string][] = [
  ['providers_credentials_changed', 'providers'],
  ['tenants_credentials_changed', 'tenants'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await FUNCTION.execute(db);
  for (const [name, table] of TRIGGERS) {
    const each = 'for each row execute function roster_provider_changed()';
    await sql.raw(`create trigger ${name} after update or delete on ${table} ${each}`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [name, table] of TRIGGERS) await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
  await sql`drop function roster_provider_changed()`.execute(db);
}

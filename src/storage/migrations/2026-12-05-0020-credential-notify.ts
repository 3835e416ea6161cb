import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. PostgreSQL only: the credential check of an authenticated request (SPEC C6) is
// remembered by each instance (credential-cache.ts), so every change to what it reads must reach
// every instance. Each trigger below notifies, naming the tenant and the user:
//  - sessions and api_tokens: any update (revocation, activity, expiry) or deletion;
//  - users: a change of status, removal, username or organization (the columns the check reads;
//    principal-queries.ts), or deletion;
//  - role_assignments: any row changed or removed, and rows added for a user with a session or token.
// On two channels: `roster_credentials` for every instance's listener, and one named after the
// writing backend's pid, which only that connection listens on, so the writer's own instance hears
// it before its COMMIT returns. A new user, session or token needs no notification: nothing can
// have been remembered about it. SQLite is one process and remembers nothing: no triggers.

const FUNCTION = sql`
create function roster_credentials_changed() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'users' then
    perform roster_credentials_notify(old.tenant_id || ' ' || old.id);
  elsif tg_op = 'INSERT' then
    -- A role granted to a user with no session and no API token concerns nothing remembered (every
    -- user a SCIM create makes, say): no notification, so such writes never queue on NOTIFY's commit
    -- lock. A sign-in racing the grant may be remembered without the new role for up to the cache's
    -- maximum age; only ever a grant late, never a removal.
    if exists (select 1 from sessions s where s.tenant_id = new.tenant_id and s.user_id = new.user_id)
       or exists (select 1 from api_tokens t where t.tenant_id = new.tenant_id and t.user_id = new.user_id) then
      perform roster_credentials_notify(new.tenant_id || ' ' || new.user_id);
    end if;
  else
    perform roster_credentials_notify(old.tenant_id || ' ' || old.user_id);
    if tg_op = 'UPDATE' then
      -- Rows never move between users today; should one, both users are concerned.
      if new.user_id <> old.user_id then
        perform roster_credentials_notify(new.tenant_id || ' ' || new.user_id);
      end if;
    end if;
  end if;
  return null;
end
$$`;

const NOTIFY = sql`
create function roster_credentials_notify(payload text) returns void language sql as $$
  select pg_notify('roster_credentials', payload), pg_notify('roster_credentials_' || pg_backend_pid(), payload)
$$`;

const USER_COLUMNS_CHANGED = `old.status is distinct from new.status or old.removed_at is distinct from new.removed_at
  or old.user_name is distinct from new.user_name or old.org_id is distinct from new.org_id`;

const TRIGGERS: [name: string, table: string, events: string, condition?: string][] = [
  ['sessions_credentials_changed', 'sessions', 'update or delete'],
  ['api_tokens_credentials_changed', 'api_tokens', 'update or delete'],
  ['role_assignments_credentials_changed', 'role_assignments', 'insert or update or delete'],
  ['users_credentials_deleted', 'users', 'delete'],
  ['users_credentials_changed', 'users', 'update of status, removed_at, user_name, org_id', USER_COLUMNS_CHANGED],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await NOTIFY.execute(db);
  await FUNCTION.execute(db);
  for (const [name, table, events, condition] of TRIGGERS) {
    const when = condition ? `when (${condition})` : '';
    await sql
      .raw(
        `create trigger ${name} after ${events} on ${table} for each row ${when} execute function roster_credentials_changed()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [name, table] of TRIGGERS) await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
  await sql`drop function roster_credentials_changed()`.execute(db);
  await sql`drop function roster_credentials_notify(text)`.execute(db);
}

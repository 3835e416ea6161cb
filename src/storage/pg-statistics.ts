import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

// Tables whose plans matter on the provisioning and lifecycle paths (the sweeper joins devices,
// archives and legal holds to users and timers).
const TABLES = [
  'users',
  'user_values',
  'groups',
  'group_members',
  'role_assignments',
  'sync_log',
  'timers',
  'devices',
  'archives',
  'legal_hold_custodians',
  'legal_hold_matters',
  'organizations',
];

/**
 * Keeps PostgreSQL's planner statistics fresh without relying on autovacuum (it is off on some
 * servers, this project's CI among them). Without statistics the planner took a provider's whole
 * index over the unique one during a 100,000-user initial sync, and every lookup grew O(n)
 * (bench). The check mirrors autovacuum's analyze threshold (50 rows + 10 % changed), so
 * where autovacuum does run this finds nothing to do.
 */
export async function refreshStatistics(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    select relname from pg_stat_user_tables
    where schemaname = current_schema() and relname in (${sql.join(TABLES)})
      and n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)`.execute(db);
  for (const r of rows) await sql`analyze ${sql.id(r.relname)}`.execute(db);
  return rows.map((r) => r.relname);
}

/** Runs refreshStatistics every `intervalMs` until the returned stop function is called. */
export function startStatisticsRefresh(
  db: Kysely<Database>,
  intervalMs: number,
  onError: (e: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshStatistics(db)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

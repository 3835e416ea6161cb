import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/2026-11-23-0001-directory.js';
import * as m0002 from './migrations/2026-11-23-0002-unique-group-names.js';
import * as m0003 from './migrations/2026-11-23-0003-sync-log-indexes.js';
import * as m0004 from './migrations/2026-11-23-0004-lifecycle.js';
import * as m0005 from './migrations/2026-11-23-0005-provider-mappings.js';
import * as m0006 from './migrations/2026-11-23-0006-sync-log-username-lower.js';
import * as m0007 from './migrations/2026-12-04-0007-pending-manager.js';
import * as m0008a from './migrations/2026-12-04-0008-tenants-local-auth.js';
import * as m0008b from './migrations/2026-12-04-0008-users-provider-live.js';
import * as m0009 from './migrations/2026-12-04-0009-sessions.js';
import * as m0010 from './migrations/2026-12-04-0010-api-tokens.js';
import * as m0011 from './migrations/2026-12-04-0011-audit-log.js';
import * as m0012 from './migrations/2026-12-04-0012-tenant-keys.js';
import * as m0013 from './migrations/2026-12-05-0013-mfa.js';
import * as m0014 from './migrations/2026-12-05-0014-membership-covering-index.js';
import * as m0015 from './migrations/2026-12-05-0015-user-attributes.js';
import * as m0017 from './migrations/2026-12-05-0017-audit-sort.js';
import * as m0020 from './migrations/2026-12-05-0020-credential-notify.js';
import * as m0021 from './migrations/2026-12-05-0021-provider-notify.js';
import * as m0022 from './migrations/2026-12-06-0022-unchanged-guard.js';

// Listed explicitly (not read from the file system) so that bundling and tsx behave the same.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23-0001-directory': m0001,
  '2026-11-23-0002-unique-group-names': m0002,
  '2026-11-23-0003-sync-log-indexes': m0003,
  '2026-11-23-0004-lifecycle': m0004,
  '2026-11-23-0005-provider-mappings': m0005,
  '2026-11-23-0006-sync-log-username-lower': m0006,
  '2026-12-04-0007-pending-manager': m0007,
  '2026-12-04-0008-tenants-local-auth': m0008a,
  '2026-12-04-0008-users-provider-live': m0008b,
  '2026-12-04-0009-sessions': m0009,
  '2026-12-04-0010-api-tokens': m0010,
  '2026-12-04-0011-audit-log': m0011,
  '2026-12-04-0012-tenant-keys': m0012,
  '2026-12-05-0013-mfa': m0013,
  '2026-12-05-0014-membership-covering-index': m0014,
  '2026-12-05-0015-user-attributes': m0015,
  '2026-12-05-0017-audit-sort': m0017,
  '2026-12-05-0020-credential-notify': m0020,
  '2026-12-05-0021-provider-notify': m0021,
  '2026-12-06-0022-unchanged-guard': m0022,
};

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

function check(result: MigrationResultSet): void {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
}

/** Applies every pending migration. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const result = await migrator(db).migrateToLatest();
  check(result);
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Migrates up or down to exactly the named migration (tests of one migration over existing rows). */
export async function migrateTo(db: Kysely<unknown>, name: string): Promise<void> {
  check(await migrator(db).migrateTo(name));
}

/** Reverts the most recent migration. */
export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  check(await migrator(db).migrateDown());
}

/** Reverts every migration. */
export async function migrateAllDown(db: Kysely<unknown>): Promise<void> {
  const m = migrator(db);
  for (;;) {
    const r = await m.migrateDown();
    check(r);
    if (!r.results || r.results.length === 0) return;
  }
}

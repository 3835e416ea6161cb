import type { Kysely } from 'kysely';
import type { Repositories, Store } from '../core/ports.js';
import type { Db, Dialect } from './db.js';
import type { Database } from './schema.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { KyselyOrganizationRepository, KyselyRoleRepository, KyselyTenantRepository } from './repositories/directory-repositories.js';
import { KyselyGroupRepository } from './repositories/group-repository.js';
import { KyselyApiTokenRepository, KyselyProviderRepository, KyselySyncLogRepository, KyselyTimerRepository } from './repositories/provisioning-repositories.js';
import { KyselyUserRepository } from './repositories/user-repository.js';

function repositories(db: Kysely<Database>, dialect: Dialect): Repositories {
  return {
    tenants: new KyselyTenantRepository(db),
    organizations: new KyselyOrganizationRepository(db, dialect),
    users: new KyselyUserRepository(db, dialect),
    groups: new KyselyGroupRepository(db, dialect),
    providers: new KyselyProviderRepository(db, dialect),
    roles: new KyselyRoleRepository(db, dialect),
    syncLog: new KyselySyncLogRepository(db, dialect),
    timers: new KyselyTimerRepository(db),
    apiTokens: new KyselyApiTokenRepository(db),
  };
}

/** The Kysely implementation of core's Store port. */
export function createStore(db: Db): Store {
  if (db.dialect === 'sqlite') {
    const group = new SqliteGroupCommit(db.kysely);
    return { repos: repositories(db.reader, db.dialect), transaction: (fn) => group.run((trx) => fn(repositories(trx, db.dialect))) };
  }
  return {
    repos: repositories(db.reader, db.dialect),
    transaction: (fn) => db.kysely.transaction().execute((trx) => fn(repositories(trx, db.dialect))),
  };
}

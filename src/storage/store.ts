import type { Kysely } from 'kysely';
import type { Repositories, Store, SyncLogReader } from '../core/ports.js';
import type { Db, Dialect } from './db.js';
import type { Database } from './schema.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import {
  KyselyOrganizationRepository,
  KyselyRoleRepository,
  KyselyTenantRepository,
} from './repositories/directory-repositories.js';
import {
  KyselyLocalCredentialRepository,
  KyselyPasswordTokenRepository,
  KyselySessionRepository,
} from './repositories/auth-repositories.js';
import { KyselyGroupRepository } from './repositories/group-repository.js';
import { KyselyArchiveRepository, KyselyDeviceRepository } from './repositories/device-repositories.js';
import { KyselyLegalHoldRepository } from './repositories/legal-hold-repository.js';
import {
  KyselyApiTokenRepository,
  KyselyProviderRepository,
  KyselySyncLogRepository,
} from './repositories/provisioning-repositories.js';
import { KyselySyncLogReader } from './repositories/sync-log-reader.js';
import { KyselyTimerRepository } from './repositories/timer-repository.js';
import { KyselyUserRepository } from './repositories/user-repository.js';
import { KyselyUserSearch } from './repositories/user-search.js';

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
    devices: new KyselyDeviceRepository(db),
    archives: new KyselyArchiveRepository(db),
    legalHolds: new KyselyLegalHoldRepository(db),
    userSearch: new KyselyUserSearch(db, dialect),
    credentials: new KyselyLocalCredentialRepository(db),
    passwordTokens: new KyselyPasswordTokenRepository(db),
    sessions: new KyselySessionRepository(db),
  };
}

/** The Store with the read-only query ports that never run inside a transaction. */
export interface StoreWithReaders extends Store {
  /** Keyset reads of the sync log (SPEC C5), on the reader connection. */
  readonly syncLogReader: SyncLogReader;
}

/** The Kysely implementation of core's Store port. */
export function createStore(db: Db): StoreWithReaders {
  const syncLogReader = new KyselySyncLogReader(db.reader, db.dialect);
  if (db.dialect === 'sqlite') {
    const group = new SqliteGroupCommit(db.kysely);
    return {
      repos: repositories(db.reader, db.dialect),
      syncLogReader,
      transaction: (fn) => group.run((trx) => fn(repositories(trx, db.dialect))),
    };
  }
  return {
    repos: repositories(db.reader, db.dialect),
    syncLogReader,
    transaction: (fn) => db.kysely.transaction().execute((trx) => fn(repositories(trx, db.dialect))),
  };
}

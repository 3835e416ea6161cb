import type { Kysely } from 'kysely';
import type { Repositories, Store, SyncLogReader } from '../core/ports.js';
import type { CredentialCache } from './credential-cache.js';
import type { Db, Dialect } from './db.js';
import type { Database } from './schema.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { PgBatchCommit } from './pg-batch-commit.js';
import { KyselyOrganizationRepository, KyselyTenantRepository } from './repositories/directory-repositories.js';
import { KyselyRoleRepository } from './repositories/role-repository.js';
import {
  KyselyLocalCredentialRepository,
  KyselyPasswordTokenRepository,
  KyselySessionRepository,
} from './repositories/auth-repositories.js';
import { KyselyMfaRepository } from './repositories/mfa-repository.js';
import { KyselyGroupRepository } from './repositories/group-repository.js';
import { KyselyArchiveRepository, KyselyDeviceRepository } from './repositories/device-repositories.js';
import { KyselyLegalHoldRepository } from './repositories/legal-hold-repository.js';
import { KyselyApiTokenRepository, KyselyProviderRepository } from './repositories/provisioning-repositories.js';
import { KyselySyncLogRepository } from './repositories/sync-log-repository.js';
import { KyselySyncLogReader } from './repositories/sync-log-reader.js';
import { KyselyTimerRepository } from './repositories/timer-repository.js';
import { KyselyUserRepository } from './repositories/user-repository.js';
import { KyselyUserSearch } from './repositories/user-search.js';
import { KyselyAuditReader } from './repositories/audit-reader.js';
import { KyselyAuditRepository } from './repositories/audit-repositories.js';
import { ListPositions } from './repositories/list-positions.js';
import type { AuditReader } from '../core/audit/audit-log.js';

/** What the store reports as it works (metrics); every method is optional to call sites. */
export interface StoreObserver {
  /** Sync-log rows of a transaction that committed. */
  syncLogRowsWritten(rows: number): void;
  /** SQLite: units of work that shared one group commit. */
  groupCommit(units: number): void;
  /** PostgreSQL: units of Store.batched that shared one transaction and commit. */
  batchCommit(units: number): void;
}

interface TxRepositories extends Repositories {
  users: KyselyUserRepository;
  syncLog: KyselySyncLogRepository;
}

function repositories(
  db: Kysely<Database>,
  dialect: Dialect,
  positions: ListPositions,
  cache?: CredentialCache,
): TxRepositories {
  return {
    tenants: new KyselyTenantRepository(db),
    organizations: new KyselyOrganizationRepository(db, dialect),
    users: new KyselyUserRepository(db, dialect, positions),
    groups: new KyselyGroupRepository(db, dialect),
    providers: new KyselyProviderRepository(db, dialect, cache),
    roles: new KyselyRoleRepository(db, dialect),
    syncLog: new KyselySyncLogRepository(db, dialect),
    timers: new KyselyTimerRepository(db),
    apiTokens: new KyselyApiTokenRepository(db, dialect, cache),
    audit: new KyselyAuditRepository(db),
    devices: new KyselyDeviceRepository(db),
    archives: new KyselyArchiveRepository(db),
    legalHolds: new KyselyLegalHoldRepository(db),
    userSearch: new KyselyUserSearch(db, dialect),
    credentials: new KyselyLocalCredentialRepository(db),
    passwordTokens: new KyselyPasswordTokenRepository(db),
    sessions: new KyselySessionRepository(db, dialect, cache),
    mfa: new KyselyMfaRepository(db),
  };
}

/** The Store with the read-only query ports that never run inside a transaction. */
export interface StoreWithReaders extends Store {
  /** Keyset reads of the sync log (SPEC C5), on the reader connection. */
  readonly syncLogReader: SyncLogReader;
  /** Keyset reads of the audit log, on the reader connection. */
  readonly auditReader: AuditReader;
}

/** The Kysely implementation of core's Store port. */
export function createStore(db: Db, observer?: StoreObserver): StoreWithReaders {
  const syncLogReader = new KyselySyncLogReader(db.reader, db.dialect);
  const auditReader = new KyselyAuditReader(db.reader, db.dialect);
  // Shared by every repository of this store: list pages remember where they ended (list-positions.ts),
  // and every committed write makes remembered totals stale.
  const positions = new ListPositions();
  // After a commit: remembered list totals are stale, and the transaction's sync-log rows count
  // (a rolled-back unit wrote none).
  const committed = <R>(run: (open: (trx: Kysely<Database>) => TxRepositories) => Promise<R>): Promise<R> => {
    let repos: TxRepositories | undefined;
    return run((trx) => (repos = repositories(trx, db.dialect, positions))).then(
      (r) => {
        positions.wrote();
        if (observer && repos && repos.syncLog.written > 0) observer.syncLogRowsWritten(repos.syncLog.written);
        return r;
      },
      // A user insert's unique violation may be reported by a later statement (UserRepository.insert).
      (e: unknown) => Promise.reject(repos ? repos.users.failure(e) : e),
    );
  };
  if (db.dialect === 'sqlite') {
    const group = new SqliteGroupCommit(db.kysely, observer && ((n) => observer.groupCommit(n)), db.sqliteWriter);
    const transaction: Store['transaction'] = (fn) => committed((open) => group.run((trx) => fn(open(trx))));
    return {
      repos: repositories(db.reader, db.dialect, positions),
      syncLogReader,
      auditReader,
      transaction,
      batched: transaction,
    };
  }
  const alone = <R>(fn: (trx: Kysely<Database>) => Promise<R>): Promise<R> => db.kysely.transaction().execute(fn);
  // A third of the pool at most: units queue behind running batches, which is what makes batches.
  const batch = new PgBatchCommit(
    db.kysely,
    alone,
    Math.max(1, Math.floor((db.poolSize ?? 10) / 3)),
    observer && ((n) => observer.batchCommit(n)),
  );
  return {
    repos: repositories(db.reader, db.dialect, positions, db.credentialCache),
    syncLogReader,
    auditReader,
    transaction: (fn) => committed((open) => alone((trx) => fn(open(trx)))),
    batched: (fn) => committed((open) => batch.run((trx) => fn(open(trx)))),
  };
}

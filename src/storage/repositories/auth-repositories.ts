import type { Kysely } from 'kysely';
import type { CredentialCache } from '../credential-cache.js';
import type {
  LocalCredential,
  LocalCredentialRepository,
  PasswordToken,
  PasswordTokenPurpose,
  PasswordTokenRepository,
  Session,
  SessionClient,
  SessionRepository,
} from '../../core/auth/auth-ports.js';
import type { Database, LocalCredentialsTable, PasswordTokensTable, SessionsTable } from '../schema.js';
import type { CredentialUser } from '../../core/auth/principal.js';
import type { Dialect } from '../db.js';
import { chunks } from './chunks.js';
import { preparedQuery } from '../prepared-query.js';
import { sessionWithUser } from './principal-queries.js';

const toCredential = (r: LocalCredentialsTable): LocalCredential => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  passwordHash: r.password_hash,
  passwordSetAt: r.password_set_at,
  failedAttempts: Number(r.failed_attempts),
  lockouts: Number(r.lockouts),
  lockedUntil: r.locked_until,
  updatedAt: r.updated_at,
});

const toCredentialRow = (c: LocalCredential): LocalCredentialsTable => ({
  tenant_id: c.tenantId,
  user_id: c.userId,
  password_hash: c.passwordHash,
  password_set_at: c.passwordSetAt,
  failed_attempts: c.failedAttempts,
  lockouts: c.lockouts,
  locked_until: c.lockedUntil,
  updated_at: c.updatedAt,
});

/** Local passwords and lockout state (SPEC C6). */
export class KyselyLocalCredentialRepository implements LocalCredentialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(tenantId: string, userId: string): Promise<LocalCredential | undefined> {
    const r = await this.db
      .selectFrom('local_credentials')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r ? toCredential(r) : undefined;
  }

  async save(c: LocalCredential): Promise<void> {
    const row = toCredentialRow(c);
    const { tenant_id: _t, user_id: _u, ...rest } = row;
    await this.db
      .insertInto('local_credentials')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(rest))
      .execute();
  }

  async insertMany(cs: readonly LocalCredential[]): Promise<void> {
    for (const part of chunks(cs, 100))
      await this.db.insertInto('local_credentials').values(part.map(toCredentialRow)).execute();
  }
}

const toToken = (r: PasswordTokensTable): PasswordToken => ({
  tenantId: r.tenant_id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  purpose: r.purpose as PasswordTokenPurpose,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

/** One-time set/reset-password links, stored hashed. */
export class KyselyPasswordTokenRepository implements PasswordTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(t: PasswordToken): Promise<void> {
    await this.db
      .insertInto('password_tokens')
      .values({
        tenant_id: t.tenantId,
        token_hash: t.tokenHash,
        user_id: t.userId,
        purpose: t.purpose,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        used_at: t.usedAt,
      })
      .execute();
  }

  async find(tenantId: string, tokenHash: string): Promise<PasswordToken | undefined> {
    const r = await this.db
      .selectFrom('password_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r ? toToken(r) : undefined;
  }

  async markUsed(tenantId: string, tokenHash: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('password_tokens')
      .set({ used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async retireAllOfUser(tenantId: string, userId: string, at: string): Promise<void> {
    await this.db
      .updateTable('password_tokens')
      .set({ used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }
}

const toSession = (r: SessionsTable): Session => ({
  tenantId: r.tenant_id,
  id: r.id,
  tokenHash: r.token_hash,
  csrfHash: r.csrf_hash,
  userId: r.user_id,
  client: r.client as SessionClient,
  method: r.method,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  idleExpiresAt: r.idle_expires_at,
  absoluteExpiresAt: r.absolute_expires_at,
  revokedAt: r.revoked_at,
});

/**
 * Revokes the live sessions of `userIds` (one tenant). The user repository calls it whenever it
 * writes a user who is no longer active, so every path that blocks or deactivates someone (an
 * administrator, a provider, the sweeper) ends their sessions (SPEC C6).
 */
/**
 * revokeSessionsOfUsers for one user whose count nobody reads (a user's deactivation written with
 * the rest of its transaction): on PostgreSQL it goes out with the statements behind it
 * (pg-client.ts).
 */
export const revokeSessionsOfUser = preparedQuery(
  (db: Kysely<Database>, at: string, tenantId: string, userId: string) =>
    db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null),
  { resultUnused: true },
);

export async function revokeSessionsOfUsers(
  db: Kysely<Database>,
  tenantId: string,
  userIds: readonly string[],
  at: string,
): Promise<number> {
  let n = 0;
  for (const part of chunks(userIds)) {
    const r = await db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', part)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

/** Sign-in sessions (SPEC C6). */
export class KyselySessionRepository implements SessionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    /** Only the store's non-transactional repositories remember checks; a transaction reads afresh. */
    private readonly cache?: CredentialCache,
  ) {}

  async insert(s: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        tenant_id: s.tenantId,
        id: s.id,
        token_hash: s.tokenHash,
        csrf_hash: s.csrfHash,
        user_id: s.userId,
        client: s.client,
        method: s.method,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        idle_expires_at: s.idleExpiresAt,
        absolute_expires_at: s.absoluteExpiresAt,
        revoked_at: s.revokedAt,
      })
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<Session | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? toSession(r) : undefined;
  }

  async findWithUserByTokenHash(
    tokenHash: string,
  ): Promise<{ session: Session; user: CredentialUser | null } | undefined> {
    const r = await sessionWithUser(this.db, this.dialect, tokenHash, this.cache);
    return r && { session: toSession(r.row), user: r.user };
  }

  async touch(tenantId: string, id: string, lastSeenAt: string, idleExpiresAt: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async revoke(tenantId: string, id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  revokeAllOfUser(tenantId: string, userId: string, at: string): Promise<number> {
    return revokeSessionsOfUsers(this.db, tenantId, [userId], at);
  }
}

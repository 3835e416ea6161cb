import { sql, type Kysely } from 'kysely';
import type { SessionClient } from '../../core/auth/auth-ports.js';
import type { MfaChallenge, MfaChallengePurpose, MfaFactor, MfaRepository } from '../../core/auth/mfa-ports.js';
import type { MfaChallengesTable, MfaFactorsTable } from '../mfa-schema.js';
import type { Database } from '../schema.js';

const toFactor = (r: MfaFactorsTable): MfaFactor => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  secretSealed: r.secret_sealed,
  createdAt: r.created_at,
  confirmedAt: r.confirmed_at,
  lastStep: r.last_step === null ? null : Number(r.last_step),
});

const toChallenge = (r: MfaChallengesTable): MfaChallenge => ({
  tenantId: r.tenant_id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  client: r.client as SessionClient,
  purpose: r.purpose as MfaChallengePurpose,
  failures: Number(r.failures),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

/** TOTP factors, recovery codes and sign-in challenges (SPEC C6); every query names the tenant. */
export class KyselyMfaRepository implements MfaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findFactor(tenantId: string, userId: string): Promise<MfaFactor | undefined> {
    const r = await this.db
      .selectFrom('mfa_factors')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r ? toFactor(r) : undefined;
  }

  async saveFactor(f: MfaFactor): Promise<void> {
    const row = {
      tenant_id: f.tenantId,
      user_id: f.userId,
      secret_sealed: f.secretSealed,
      created_at: f.createdAt,
      confirmed_at: f.confirmedAt,
      last_step: f.lastStep,
    };
    const { tenant_id: _t, user_id: _u, ...rest } = row;
    await this.db
      .insertInto('mfa_factors')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(rest))
      .execute();
  }

  async confirmFactor(tenantId: string, userId: string, at: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('mfa_factors')
      .set({ confirmed_at: at, last_step: step })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // A conditional update: of two requests with the same code, the second finds last_step already
  // at the step and changes nothing (PostgreSQL re-checks the condition after the first commits).
  async advanceStep(tenantId: string, userId: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('mfa_factors')
      .set({ last_step: step })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteFactor(tenantId: string, userId: string): Promise<boolean> {
    await this.db
      .deleteFrom('mfa_recovery_codes')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
    const r = await this.db
      .deleteFrom('mfa_factors')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async replaceRecoveryCodes(tenantId: string, userId: string, hashes: readonly string[], at: string): Promise<void> {
    await this.db
      .deleteFrom('mfa_recovery_codes')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
    if (hashes.length === 0) return;
    await this.db
      .insertInto('mfa_recovery_codes')
      .values(
        hashes.map((h) => ({ tenant_id: tenantId, user_id: userId, code_hash: h, created_at: at, used_at: null })),
      )
      .execute();
  }

  async useRecoveryCode(tenantId: string, userId: string, hash: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('mfa_recovery_codes')
      .set({ used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async countRecoveryCodesLeft(tenantId: string, userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('mfa_recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertChallenge(c: MfaChallenge): Promise<void> {
    await this.db
      .insertInto('mfa_challenges')
      .values({
        tenant_id: c.tenantId,
        token_hash: c.tokenHash,
        user_id: c.userId,
        client: c.client,
        purpose: c.purpose,
        failures: c.failures,
        created_at: c.createdAt,
        expires_at: c.expiresAt,
        used_at: c.usedAt,
      })
      .execute();
  }

  async findChallenge(tenantId: string, tokenHash: string): Promise<MfaChallenge | undefined> {
    const r = await this.db
      .selectFrom('mfa_challenges')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r ? toChallenge(r) : undefined;
  }

  async addChallengeFailure(tenantId: string, tokenHash: string): Promise<number> {
    const r = await this.db
      .updateTable('mfa_challenges')
      .set({ failures: sql<number>`failures + 1` })
      .where('tenant_id', '=', tenantId)
      .where('token_hash', '=', tokenHash)
      .returning('failures')
      .executeTakeFirst();
    return Number(r?.failures ?? 0);
  }

  async useChallenge(tenantId: string, tokenHash: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('mfa_challenges')
      .set({ used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async voidChallengesOfUser(tenantId: string, userId: string, at: string): Promise<void> {
    await this.db
      .updateTable('mfa_challenges')
      .set({ used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }
}

import type { Kysely } from 'kysely';
import type { CredentialCache } from '../credential-cache.js';
import { DomainError } from '../../core/errors.js';
import type { Tenant } from '../../core/directory/tenant.js';
import type { ApiToken, ApiTokenRepository, ListedApiToken, ProviderRepository } from '../../core/ports.js';
import type { Provider } from '../../core/provisioning/provider.js';
import type { ApiTokensTable, Database, ProvidersTable } from '../schema.js';
import type { Dialect } from '../db.js';
import type { CredentialUser } from '../../core/auth/principal.js';
import { isUniqueViolation } from './db-errors.js';
import { apiTokenWithUser } from './principal-queries.js';
import { providerWithTenant } from './hot-queries.js';
import { lockProviderForGuard, providerById } from './lock-queries.js';

const toProvider = (r: ProvidersTable): Provider => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  type: r.type as Provider['type'],
  authType: r.auth_type as Provider['authType'],
  tokenHash: r.token_hash,
  basicUsername: r.basic_username,
  basicPasswordHash: r.basic_password_hash,
  deactivationDelaySeconds: Number(r.deactivation_delay_seconds),
  guard: {
    percent: Number(r.guard_percent),
    minUsers: Number(r.guard_min_users),
    windowSeconds: Number(r.guard_window_seconds),
  },
  flaggedAt: r.flagged_at,
  orgMapping: JSON.parse(r.org_mapping) as Provider['orgMapping'],
  roleMapping: JSON.parse(r.role_mapping) as Provider['roleMapping'],
  credentialRotatedAt: r.credential_rotated_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toProviderRow = (p: Provider): ProvidersTable => ({
  id: p.id,
  tenant_id: p.tenantId,
  name: p.name,
  name_lower: p.name.toLowerCase(),
  type: p.type,
  auth_type: p.authType,
  token_hash: p.tokenHash,
  basic_username: p.basicUsername,
  basic_password_hash: p.basicPasswordHash,
  deactivation_delay_seconds: p.deactivationDelaySeconds,
  guard_percent: p.guard.percent,
  guard_min_users: p.guard.minUsers,
  guard_window_seconds: p.guard.windowSeconds,
  flagged_at: p.flaggedAt,
  org_mapping: JSON.stringify(p.orgMapping),
  role_mapping: JSON.stringify(p.roleMapping),
  credential_rotated_at: p.credentialRotatedAt,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});

/** Provisioning providers with hashed credentials. */
export class KyselyProviderRepository implements ProviderRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    /** Only the store's non-transactional repositories remember providers; a transaction reads afresh. */
    private readonly cache?: CredentialCache,
  ) {}

  async findById(tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<Provider | undefined> {
    const q = this.db.selectFrom('providers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
    // FOR UPDATE on PostgreSQL only: SQLite has no such clause and serialises writers anyway.
    const r = await (opts.forUpdate && this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
    return r ? toProvider(r) : undefined;
  }

  async lockForGuard(tenantId: string, id: string): Promise<() => Provider | undefined> {
    // SQLite: one writer at a time, so there is nothing to lock, and the answer is at hand.
    const rows = await (this.dialect === 'postgres' ? lockProviderForGuard : providerById)(
      this.db,
      this.dialect,
      tenantId,
      id,
    );
    return () => rows.map(toProvider)[0];
  }

  // Only provisioning authentication looks a provider up before knowing its tenant: the id comes from the URL.
  // PostgreSQL remembers the row (credential-cache.ts), forgotten on any change to the provider or its
  // tenant (migration 2026-12-05-0021); each caller gets objects of its own, built afresh.
  async findWithTenant(id: string): Promise<{ provider: Provider; tenant: Tenant } | undefined> {
    const load = async () => {
      const [row] = await providerWithTenant(this.db, this.dialect, id);
      return row && { tenantId: row.tenant_id, userId: `provider/${row.id}`, value: row };
    };
    const r = this.cache ? await this.cache.read(`p ${id}`, load) : (await load())?.value;
    if (!r) return undefined;
    return {
      provider: toProvider(r),
      tenant: {
        id: r.tenant_id,
        name: r.tenant_name,
        slug: r.tenant_slug ?? r.tenant_id,
        requireEmailUsername: Number(r.require_email_username) === 1,
        createdAt: r.tenant_created_at,
      },
    };
  }

  async list(tenantId: string): Promise<Provider[]> {
    return (
      await this.db
        .selectFrom('providers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('name_lower')
        .execute()
    ).map(toProvider);
  }

  async insert(p: Provider): Promise<void> {
    try {
      await this.db.insertInto('providers').values(toProviderRow(p)).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('provider.name_taken', { name: p.name });
      throw e;
    }
  }

  async update(p: Provider): Promise<void> {
    const { id, tenant_id, created_at, ...row } = toProviderRow(p);
    void created_at;
    try {
      await this.db.updateTable('providers').set(row).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('provider.name_taken', { name: p.name });
      throw e;
    }
  }

  async setFlaggedAt(tenantId: string, id: string, at: string | null): Promise<void> {
    await this.db
      .updateTable('providers')
      .set({ flagged_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('group_members')
      .where('tenant_id', '=', tenantId)
      .where('group_id', 'in', (eb) => eb.selectFrom('groups').select('id').where('provider_id', '=', id))
      .execute();
    await this.db.deleteFrom('groups').where('tenant_id', '=', tenantId).where('provider_id', '=', id).execute();
    await this.db.deleteFrom('providers').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
}

/** Admin API tokens, stored hashed (SPEC C6). */
export class KyselyApiTokenRepository implements ApiTokenRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    /** Only the store's non-transactional repositories remember checks; a transaction reads afresh. */
    private readonly cache?: CredentialCache,
  ) {}

  async insert(t: ApiToken): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        tenant_id: t.tenantId,
        id: t.id,
        user_id: t.userId,
        name: t.name,
        token_hash: t.tokenHash,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        revoked_at: t.revokedAt,
        last_used_at: t.lastUsedAt,
      })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<ApiToken | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? toApiToken(r) : undefined;
  }

  async findWithUserByHash(tokenHash: string): Promise<{ token: ApiToken; user: CredentialUser | null } | undefined> {
    const r = await apiTokenWithUser(this.db, this.dialect, tokenHash, this.cache);
    return r && { token: toApiToken(r.row), user: r.user };
  }

  async findById(tenantId: string, id: string): Promise<ApiToken | undefined> {
    const r = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toApiToken(r) : undefined;
  }

  async list(tenantId: string, userId?: string): Promise<ListedApiToken[]> {
    // One query: the owner's username joined within the tenant (users' keys include tenant_id).
    let q = this.db
      .selectFrom('api_tokens as t')
      .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 't.tenant_id').onRef('u.id', '=', 't.user_id'))
      .selectAll('t')
      .select('u.user_name as owner_user_name')
      .where('t.tenant_id', '=', tenantId);
    if (userId !== undefined) q = q.where('t.user_id', '=', userId);
    const rows = await q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').execute();
    return rows.map((r) => ({ ...toApiToken(r), userName: r.owner_user_name }));
  }

  async revoke(tenantId: string, id: string, at: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async touch(tenantId: string, id: string, at: string, unlessAfter: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', unlessAfter)]))
      .execute();
  }
}

const toApiToken = (r: ApiTokensTable): ApiToken => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  name: r.name,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

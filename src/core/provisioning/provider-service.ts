import { hashSecret, newSecret } from '../auth/credentials.js';
import { DomainError } from '../errors.js';
import { checkGuardThresholds, DEFAULT_GUARD, type GuardThresholds } from '../lifecycle/deprovision-guard-rule.js';
import type { Clock, Ids, Store } from '../ports.js';
import { readAccess, runCommand, type CommandContext } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';
import type { Provider, ProviderAuthType, ProviderType } from './provider.js';

/** A credential exactly as shown once to the administrator (SPEC C2). */
export type OneTimeCredential =
  { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

export interface ProviderInput {
  name: string;
  type: ProviderType;
  authType: ProviderAuthType;
  deactivationDelaySeconds?: number;
}

const DEFAULT_DELAY_SECONDS = 15 * 60; // SPEC C4: default deactivation delay 15 minutes.

/** What PATCH /providers/{id} may change at once (STYLE habit 11: one request, one command). */
export interface ProviderChanges {
  /** seeds/002 "Edit This Provider Name": unique in the tenant. */
  name?: string;
  deactivationDelaySeconds?: number;
  guard?: Partial<GuardThresholds>;
}

/**
 * Provisioning providers and their credentials: shown once, stored hashed, rotated at once. Every
 * command needs identity_management.manage over all organizations (SPEC C6: only Customer Cloud Admin).
 */
export class ProviderService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Creates a provider and returns its one-time credential. */
  async create(actor: Principal, input: ProviderInput): Promise<{ provider: Provider; credential: OneTimeCredential }> {
    const name = checkName(input.name);
    if (input.type !== 'scim' && input.type !== 'dirsync')
      throw new DomainError('input.invalid', { field: 'type', reason: 'type must be scim or dirsync' });
    // SPEC C9, seeds/002: a directory-sync provider gets API credentials, a username and password.
    if (input.type === 'dirsync' && input.authType !== 'basic')
      throw new DomainError('input.invalid', {
        field: 'authType',
        reason: 'a directory-sync provider authenticates with a username and password (basic)',
      });
    const delay = checkDelay(input.deactivationDelaySeconds ?? DEFAULT_DELAY_SECONDS);
    const tenantId = actor.tenantId;
    const now = this.clock.now().toISOString();
    const id = this.ids.newId();
    const base: Provider = {
      id,
      tenantId,
      name,
      type: input.type,
      authType: input.authType,
      tokenHash: null,
      basicUsername: null,
      basicPasswordHash: null,
      deactivationDelaySeconds: delay,
      guard: { ...DEFAULT_GUARD },
      flaggedAt: null,
      orgMapping: input.type === 'dirsync' ? { method: 'directorySync' } : { method: 'none' },
      roleMapping: { method: 'manual' },
      credentialRotatedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    const { provider, credential } = issue(base, now);
    await this.command(actor, async ({ tx, audit }) => {
      await tx.providers.insert(provider);
      await audit({ action: 'provider.create', targetType: 'provider', targetId: id, after: auditView(provider) });
    });
    return { provider, credential };
  }

  /** Issues a new credential; the old one stops working at once. */
  async rotate(actor: Principal, id: string): Promise<{ provider: Provider; credential: OneTimeCredential }> {
    return this.command(actor, async ({ tx, now, audit }) => {
      const current = await tx.providers.findById(actor.tenantId, id, { forUpdate: true });
      if (!current) throw new DomainError('provider.not_found', { id });
      const issued = issue(current, now);
      await tx.providers.update(issued.provider);
      await audit({ action: 'provider.rotate', targetType: 'provider', targetId: id });
      return issued;
    });
  }

  /**
   * Edits the name, the deactivation delay and the mass-deprovision guard together: all are validated
   * before any is written, so a refused delay leaves the guard as it was (STYLE habit 11).
   */
  async update(actor: Principal, id: string, changes: ProviderChanges): Promise<Provider> {
    const delay =
      changes.deactivationDelaySeconds === undefined ? undefined : checkDelay(changes.deactivationDelaySeconds);
    const name = changes.name === undefined ? undefined : checkName(changes.name);
    return this.command(actor, async ({ tx, now, audit }) => {
      const p = await tx.providers.findById(actor.tenantId, id, { forUpdate: true });
      if (!p) throw new DomainError('provider.not_found', { id });
      let guard = p.guard;
      if (changes.guard !== undefined) {
        const checked = checkGuardThresholds({ ...p.guard, ...changes.guard });
        if (!checked.ok)
          throw new DomainError('input.invalid', {
            field: `guard.${checked.error.field}`,
            reason: checked.error.reason,
          });
        guard = checked.value;
      }
      const next = {
        ...p,
        name: name ?? p.name,
        guard,
        deactivationDelaySeconds: delay ?? p.deactivationDelaySeconds,
        updatedAt: now,
      };
      await tx.providers.update(next);
      await audit({
        action: 'provider.update',
        targetType: 'provider',
        targetId: id,
        before: auditView(p),
        after: auditView(next),
      });
      return next;
    });
  }

  /**
   * Edits the deactivation delay (SPEC C4: editable, 0 allowed). Deactivations already
   * pending keep the due time they were given; the new delay applies to the provider's next ones.
   * With 0 the timer is due at once and the sweeper deactivates on its next pass (one code path for
   * the legal-hold and mass-deprovision checks; the user is blocked meanwhile, as always).
   */
  async setDeactivationDelay(actor: Principal, id: string, seconds: number): Promise<Provider> {
    return this.update(actor, id, { deactivationDelaySeconds: seconds });
  }

  /** Edits the mass-deprovision guard's thresholds; they apply to the provider's next deactivations. */
  async setGuard(actor: Principal, id: string, thresholds: GuardThresholds): Promise<Provider> {
    return this.update(actor, id, { guard: thresholds });
  }

  /** One provider of the tenant. */
  async get(actor: Principal, id: string): Promise<Provider> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    const p = await this.store.repos.providers.findById(actor.tenantId, id);
    if (!p) throw new DomainError('provider.not_found', { id });
    return p;
  }

  /** All providers of the tenant. */
  async list(actor: Principal): Promise<Provider[]> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    return this.store.repos.providers.list(actor.tenantId);
  }

  /**
   * The providers' names only, for whoever may read users: a user's owning provider is part of
   * what a user reader sees (the users list's Provider column), while the providers' settings and
   * credentials stay identity management's (SPEC C6).
   */
  async names(actor: Principal): Promise<{ id: string; name: string; type: Provider['type'] }[]> {
    readAccess(this.store, actor).require('users.read');
    const all = await this.store.repos.providers.list(actor.tenantId);
    return all.map((p) => ({ id: p.id, name: p.name, type: p.type }));
  }

  /**
   * Deletes a provider. Refused while it owns users unless the administrator hands them to
   * local management (SPEC C2: no user disappears silently with its provider).
   */
  async delete(actor: Principal, id: string, opts: { users?: 'local' } = {}): Promise<void> {
    await this.command(actor, async ({ tx, audit }) => {
      const tenantId = actor.tenantId;
      const p = await tx.providers.findById(tenantId, id);
      if (!p) throw new DomainError('provider.not_found', { id });
      const owned = await tx.users.countByProvider(tenantId, id);
      if (owned > 0 && opts.users !== 'local') throw new DomainError('provider.has_users', { id, users: owned });
      if (owned > 0) await tx.users.releaseProviderUsers(tenantId, id, this.clock.now().toISOString());
      await tx.providers.delete(tenantId, id);
      await audit({
        action: 'provider.delete',
        targetType: 'provider',
        targetId: id,
        before: auditView(p),
        after: { usersReleased: owned },
      });
    });
  }

  // identity_management.manage over every organization, checked before anything else.
  private command<T>(actor: Principal, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
    return runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, async (ctx) => {
      ctx.access.requireTenantWide('identity_management.manage');
      return fn(ctx);
    });
  }
}

/** A provider as the audit log records it: settings only, never a credential or its hash. */
function checkName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name === '' || name.length > 200)
    throw new DomainError('input.invalid', { field: 'name', reason: 'name must be 1–200 characters' });
  return name;
}

function auditView(p: Provider): Record<string, unknown> {
  return {
    name: p.name,
    type: p.type,
    authType: p.authType,
    deactivationDelaySeconds: p.deactivationDelaySeconds,
    guard: p.guard,
    orgMapping: p.orgMapping,
    roleMapping: p.roleMapping,
  };
}

const MAX_DELAY_SECONDS = 30 * 86_400;

function checkDelay(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_DELAY_SECONDS) {
    throw new DomainError('input.invalid', {
      field: 'deactivationDelaySeconds',
      reason: `must be an integer from 0 to ${MAX_DELAY_SECONDS} (30 days)`,
    });
  }
  return seconds;
}

function issue(p: Provider, now: string): { provider: Provider; credential: OneTimeCredential } {
  if (p.authType === 'bearer') {
    const token = newSecret('rst_scim');
    return {
      provider: {
        ...p,
        tokenHash: hashSecret(token),
        basicUsername: null,
        basicPasswordHash: null,
        credentialRotatedAt: now,
        updatedAt: now,
      },
      credential: { type: 'bearer', token },
    };
  }
  // The id's random tail: its head is a timestamp, shared by providers created in the same minute.
  const username = `${p.type === 'dirsync' ? 'dirsync' : 'scim'}-${p.id.replace(/-/g, '').slice(-12)}`;
  const password = newSecret('rst_pw');
  return {
    provider: {
      ...p,
      tokenHash: null,
      basicUsername: username,
      basicPasswordHash: hashSecret(password),
      credentialRotatedAt: now,
      updatedAt: now,
    },
    credential: { type: 'basic', username, password },
  };
}

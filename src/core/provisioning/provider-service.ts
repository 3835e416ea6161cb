import { hashSecret, newSecret } from '../auth/credentials.js';
import { DomainError } from '../errors.js';
import { checkGuardThresholds, DEFAULT_GUARD, type GuardThresholds } from '../lifecycle/deprovision-guard-rule.js';
import type { Clock, Ids, Store } from '../ports.js';
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

/** Provisioning providers and their credentials: shown once, stored hashed, rotated at once. */
export class ProviderService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Creates a provider and returns its one-time credential. */
  async create(tenantId: string, input: ProviderInput): Promise<{ provider: Provider; credential: OneTimeCredential }> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 200)
      throw new DomainError('input.invalid', { field: 'name', reason: 'name must be 1–200 characters' });
    if (input.type !== 'scim' && input.type !== 'dirsync')
      throw new DomainError('input.invalid', { field: 'type', reason: 'type must be scim or dirsync' });
    // SPEC C9, seeds/002: a directory-sync provider gets API credentials, a username and password.
    if (input.type === 'dirsync' && input.authType !== 'basic')
      throw new DomainError('input.invalid', {
        field: 'authType',
        reason: 'a directory-sync provider authenticates with a username and password (basic)',
      });
    const delay = checkDelay(input.deactivationDelaySeconds ?? DEFAULT_DELAY_SECONDS);
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
    await this.store.transaction((tx) => tx.providers.insert(provider));
    return { provider, credential };
  }

  /** Issues a new credential; the old one stops working at once. */
  async rotate(tenantId: string, id: string): Promise<{ provider: Provider; credential: OneTimeCredential }> {
    const current = await this.get(tenantId, id);
    const { provider, credential } = issue(current, this.clock.now().toISOString());
    await this.store.transaction((tx) => tx.providers.update(provider));
    return { provider, credential };
  }

  /**
   * Edits the deactivation delay (SPEC C4, issue 3: editable, 0 allowed). Deactivations already
   * pending keep the due time they were given; the new delay applies to the provider's next ones.
   * With 0 the timer is due at once and the sweeper deactivates on its next pass (one code path for
   * the legal-hold and mass-deprovision checks; the user is blocked meanwhile, as always).
   */
  async setDeactivationDelay(tenantId: string, id: string, seconds: number): Promise<Provider> {
    const delay = checkDelay(seconds);
    return this.store.transaction(async (tx) => {
      const p = await tx.providers.findById(tenantId, id, { forUpdate: true });
      if (!p) throw new DomainError('provider.not_found', { id });
      const next = { ...p, deactivationDelaySeconds: delay, updatedAt: this.clock.now().toISOString() };
      await tx.providers.update(next);
      return next;
    });
  }

  /** Edits the mass-deprovision guard's thresholds (issue 3 item 2); they apply to the provider's next deactivations. */
  async setGuard(tenantId: string, id: string, thresholds: GuardThresholds): Promise<Provider> {
    const checked = checkGuardThresholds(thresholds);
    if (!checked.ok)
      throw new DomainError('input.invalid', { field: `guard.${checked.error.field}`, reason: checked.error.reason });
    return this.store.transaction(async (tx) => {
      const p = await tx.providers.findById(tenantId, id, { forUpdate: true });
      if (!p) throw new DomainError('provider.not_found', { id });
      const next = { ...p, guard: checked.value, updatedAt: this.clock.now().toISOString() };
      await tx.providers.update(next);
      return next;
    });
  }

  /** One provider of the tenant. */
  async get(tenantId: string, id: string): Promise<Provider> {
    const p = await this.store.repos.providers.findById(tenantId, id);
    if (!p) throw new DomainError('provider.not_found', { id });
    return p;
  }

  /** All providers of the tenant. */
  async list(tenantId: string): Promise<Provider[]> {
    return this.store.repos.providers.list(tenantId);
  }

  /**
   * Deletes a provider. Refused while it owns users unless the administrator hands them to
   * local management (SPEC C2: no user disappears silently with its provider).
   */
  async delete(tenantId: string, id: string, opts: { users?: 'local' } = {}): Promise<void> {
    await this.store.transaction(async (tx) => {
      const p = await tx.providers.findById(tenantId, id);
      if (!p) throw new DomainError('provider.not_found', { id });
      const owned = await tx.users.countByProvider(tenantId, id);
      if (owned > 0 && opts.users !== 'local') throw new DomainError('provider.has_users', { id, users: owned });
      if (owned > 0) await tx.users.releaseProviderUsers(tenantId, id, this.clock.now().toISOString());
      await tx.providers.delete(tenantId, id);
    });
  }
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

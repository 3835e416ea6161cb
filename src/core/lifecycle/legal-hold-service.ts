import type { Custodian, LegalHoldMatter } from '../directory/legal-hold.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { deactivateNow, saveUser } from './deactivation.js';
import { LifecycleLog } from './lifecycle-log.js';

/**
 * Legal-hold matters and custodians (SPEC C1, C4): a custodian of an active matter is never
 * deactivated — a provider's deactivation blocks them instead ('held_legal') — and is deactivated
 * automatically when released (matter released or custodian removed) if the deactivation is still
 * wanted. While on hold, a deactivated custodian's archives are not purged either.
 */
export class LegalHoldService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Creates an active matter; names are unique per tenant, case-insensitively. */
  async createMatter(tenantId: string, name: string): Promise<LegalHoldMatter> {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed === '' || trimmed.length > 200)
      throw new DomainError('input.invalid', { field: 'name', reason: 'name must be 1–200 characters' });
    const matter: LegalHoldMatter = {
      id: this.ids.newId(),
      tenantId,
      name: trimmed,
      status: 'active',
      createdAt: this.clock.now().toISOString(),
      releasedAt: null,
    };
    await this.store.transaction((tx) => tx.legalHolds.insertMatter(matter));
    return matter;
  }

  /** The tenant's matters, by name. */
  async listMatters(tenantId: string): Promise<LegalHoldMatter[]> {
    return this.store.repos.legalHolds.listMatters(tenantId);
  }

  /** One matter with its custodians. */
  async getMatter(tenantId: string, matterId: string): Promise<{ matter: LegalHoldMatter; custodians: Custodian[] }> {
    const matter = await this.store.repos.legalHolds.findMatter(tenantId, matterId);
    if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
    return { matter, custodians: await this.store.repos.legalHolds.custodians(tenantId, matterId) };
  }

  /** The active matters a user is a custodian of (non-empty: on legal hold). */
  async holdsOf(tenantId: string, userId: string): Promise<LegalHoldMatter[]> {
    return this.store.repos.legalHolds.activeMattersOf(tenantId, userId);
  }

  /** Places a user on an active matter (idempotent). */
  async addCustodian(tenantId: string, matterId: string, userId: string): Promise<Custodian> {
    return this.store.transaction(async (tx) => {
      const matter = await this.activeMatter(tx, tenantId, matterId);
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId, field: 'userId' });
      const custodian: Custodian = { tenantId, matterId: matter.id, userId, addedAt: this.clock.now().toISOString() };
      await tx.legalHolds.addCustodian(custodian);
      return custodian;
    });
  }

  /** Takes a user off a matter; if that releases them from every hold, a held deactivation is carried out. */
  async removeCustodian(tenantId: string, matterId: string, userId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const matter = await tx.legalHolds.findMatter(tenantId, matterId);
      if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
      const now = this.clock.now().toISOString();
      if (await tx.legalHolds.removeCustodian(tenantId, matterId, userId))
        await this.released(tx, tenantId, userId, now);
    });
  }

  /** Releases a matter (idempotent); each custodian no longer on any hold is deactivated if a deactivation was held. */
  async releaseMatter(tenantId: string, matterId: string): Promise<LegalHoldMatter> {
    return this.store.transaction(async (tx) => {
      const matter = await tx.legalHolds.findMatter(tenantId, matterId);
      if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
      if (matter.status === 'released') return matter;
      const now = this.clock.now().toISOString();
      const next: LegalHoldMatter = { ...matter, status: 'released', releasedAt: now };
      await tx.legalHolds.updateMatter(next);
      for (const c of await tx.legalHolds.custodians(tenantId, matterId))
        await this.released(tx, tenantId, c.userId, now);
      return next;
    });
  }

  private async activeMatter(tx: Repositories, tenantId: string, matterId: string): Promise<LegalHoldMatter> {
    const matter = await tx.legalHolds.findMatter(tenantId, matterId);
    if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
    if (matter.status !== 'active') throw new DomainError('legal_hold.released', { id: matterId });
    return matter;
  }

  /** A user left a hold: act on what the hold kept back, unless another active matter still holds them. */
  private async released(tx: Repositories, tenantId: string, userId: string, now: string): Promise<void> {
    const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
    if (!user || (await tx.legalHolds.activeMattersOf(tenantId, userId)).length > 0) return;
    if (user.deactivationState === 'held_legal') {
      // The provider asked for this deactivation; the sync log files it under that provider.
      const log = new LifecycleLog(tenantId, user.providerId, now);
      const next = await saveUser(tx, await deactivateNow({ tx, ids: this.ids, now }, user), user, now);
      log.transition(user, next, 'Released from legal hold: the deactivation it held back is carried out');
      await tx.syncLog.append(log.entries);
    } else if (user.deactivatedAt !== null) {
      // Archives whose cold-storage period ended during the hold were kept; purge them now.
      await tx.timers.schedule({
        id: this.ids.newId(),
        tenantId,
        kind: 'archive.purge',
        userId,
        providerId: null,
        deviceId: null,
        dueAt: now,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
}

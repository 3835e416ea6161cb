import type { Custodian, LegalHoldMatter } from '../directory/legal-hold.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { readAccess, runCommand, type CommandContext } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';
import { deactivateNow, saveUser } from './deactivation.js';
import { LifecycleLog } from './lifecycle-log.js';

/**
 * Legal-hold matters and custodians (SPEC C1, C4): a custodian of an active matter is never
 * deactivated — a provider's deactivation blocks them instead ('held_legal') — and is deactivated
 * automatically when released (matter released or custodian removed) if the deactivation is still
 * wanted. While on hold, a deactivated custodian's archives are not purged either.
 * Every command needs legal_hold.manage; custodians must be within its scope (SPEC C6: an Org Legal
 * Admin places and lifts holds on users of their organization and its children only).
 */
export class LegalHoldService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Creates an active matter; names are unique per tenant, case-insensitively. */
  async createMatter(actor: Principal, name: string): Promise<LegalHoldMatter> {
    const tenantId = actor.tenantId;
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
    await runCommand(this.deps, actor, async ({ tx, access, audit }) => {
      access.require('legal_hold.manage');
      await tx.legalHolds.insertMatter(matter);
      await audit({ action: 'legal_hold.create', targetType: 'legal_hold', targetId: matter.id, after: matter });
    });
    return matter;
  }

  /** The tenant's matters, by name. */
  async listMatters(actor: Principal): Promise<LegalHoldMatter[]> {
    readAccess(this.store, actor).require('legal_hold.manage');
    return this.store.repos.legalHolds.listMatters(actor.tenantId);
  }

  /** One matter with its custodians. */
  async getMatter(actor: Principal, matterId: string): Promise<{ matter: LegalHoldMatter; custodians: Custodian[] }> {
    const access = readAccess(this.store, actor);
    const reach = await access.reach('legal_hold.manage');
    const repos = this.store.repos;
    const matter = await repos.legalHolds.findMatter(actor.tenantId, matterId);
    if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
    const all = await repos.legalHolds.custodians(actor.tenantId, matterId);
    if (reach.all) return { matter, custodians: all };
    // Custodians outside the caller's scope are not shown (their existence is not the caller's to know).
    const users = await Promise.all(all.map((c) => repos.users.findById(actor.tenantId, c.userId)));
    const custodians = all.filter((_c, i) => {
      const u = users[i];
      return u !== undefined && (reach.orgIds.has(u.orgId) || u.id === reach.selfUserId);
    });
    return { matter, custodians };
  }

  /** The active matters a user is a custodian of (non-empty: on legal hold). */
  async holdsOf(tenantId: string, userId: string): Promise<LegalHoldMatter[]> {
    return this.store.repos.legalHolds.activeMattersOf(tenantId, userId);
  }

  /** Places a user on an active matter (idempotent). */
  async addCustodian(actor: Principal, matterId: string, userId: string): Promise<Custodian> {
    return runCommand(this.deps, actor, async (ctx) => {
      const { tx, now } = ctx;
      const tenantId = actor.tenantId;
      ctx.access.require('legal_hold.manage');
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId, field: 'userId' });
      await ctx.access.overUser('legal_hold.manage', user);
      const matter = await this.activeMatter(tx, tenantId, matterId);
      const custodian: Custodian = { tenantId, matterId: matter.id, userId, addedAt: now };
      await tx.legalHolds.addCustodian(custodian);
      await ctx.audit({
        action: 'legal_hold.add_custodian',
        targetType: 'legal_hold',
        targetId: matterId,
        after: { userId },
      });
      return custodian;
    });
  }

  /** Takes a user off a matter; if that releases them from every hold, a held deactivation is carried out. */
  async removeCustodian(actor: Principal, matterId: string, userId: string): Promise<void> {
    await runCommand(this.deps, actor, async (ctx) => {
      const { tx, now } = ctx;
      const tenantId = actor.tenantId;
      ctx.access.require('legal_hold.manage');
      const matter = await tx.legalHolds.findMatter(tenantId, matterId);
      if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
      await custodianInScope(ctx, userId);
      if (await tx.legalHolds.removeCustodian(tenantId, matterId, userId)) {
        await this.released(tx, tenantId, userId, now);
        await ctx.audit({
          action: 'legal_hold.remove_custodian',
          targetType: 'legal_hold',
          targetId: matterId,
          before: { userId },
        });
      }
    });
  }

  /** Releases a matter (idempotent); each custodian no longer on any hold is deactivated if a deactivation was held. */
  async releaseMatter(actor: Principal, matterId: string): Promise<LegalHoldMatter> {
    return runCommand(this.deps, actor, async (ctx) => {
      const { tx, now } = ctx;
      const tenantId = actor.tenantId;
      ctx.access.require('legal_hold.manage');
      const matter = await tx.legalHolds.findMatter(tenantId, matterId);
      if (!matter) throw new DomainError('legal_hold.not_found', { id: matterId });
      if (matter.status === 'released') return matter;
      const custodians = await tx.legalHolds.custodians(tenantId, matterId);
      // Releasing lifts the hold of every custodian: each must be within the caller's scope.
      for (const c of custodians) await custodianInScope(ctx, c.userId);
      const next: LegalHoldMatter = { ...matter, status: 'released', releasedAt: now };
      await tx.legalHolds.updateMatter(next);
      for (const c of custodians) await this.released(tx, tenantId, c.userId, now);
      await ctx.audit({
        action: 'legal_hold.release',
        targetType: 'legal_hold',
        targetId: matterId,
        before: matter,
        after: next,
      });
      return next;
    });
  }

  private get deps() {
    return { store: this.store, clock: this.clock, ids: this.ids };
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

/** legal_hold.manage over a custodian who still exists (a removed user's hold can be lifted by any holder). */
async function custodianInScope(ctx: CommandContext, userId: string): Promise<void> {
  const user = await ctx.tx.users.findById(ctx.actor.tenantId, userId);
  if (user) await ctx.access.overUser('legal_hold.manage', user);
}

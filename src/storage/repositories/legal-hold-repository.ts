import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { Custodian, LegalHoldMatter } from '../../core/directory/legal-hold.js';
import type { LegalHoldRepository } from '../../core/ports.js';
import type { Database, LegalHoldMattersTable } from '../schema.js';
import { isUniqueViolation } from './db-errors.js';

const toMatter = (r: LegalHoldMattersTable): LegalHoldMatter => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  status: r.status as LegalHoldMatter['status'],
  createdAt: r.created_at,
  releasedAt: r.released_at,
});

/** Legal-hold matters (names unique per tenant, case-insensitively) and custodians (SPEC C1). */
export class KyselyLegalHoldRepository implements LegalHoldRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMatter(m: LegalHoldMatter): Promise<void> {
    try {
      await this.db
        .insertInto('legal_hold_matters')
        .values({
          id: m.id,
          tenant_id: m.tenantId,
          name: m.name,
          name_lower: m.name.toLowerCase(),
          status: m.status,
          created_at: m.createdAt,
          released_at: m.releasedAt,
        })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('legal_hold.name_taken', { name: m.name, field: 'name' });
      throw e;
    }
  }

  async findMatter(tenantId: string, id: string): Promise<LegalHoldMatter | undefined> {
    const r = await this.db
      .selectFrom('legal_hold_matters')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toMatter(r) : undefined;
  }

  async listMatters(tenantId: string): Promise<LegalHoldMatter[]> {
    return (
      await this.db
        .selectFrom('legal_hold_matters')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('name_lower')
        .execute()
    ).map(toMatter);
  }

  async updateMatter(m: LegalHoldMatter): Promise<void> {
    try {
      await this.db
        .updateTable('legal_hold_matters')
        .set({ name: m.name, name_lower: m.name.toLowerCase(), status: m.status, released_at: m.releasedAt })
        .where('tenant_id', '=', m.tenantId)
        .where('id', '=', m.id)
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('legal_hold.name_taken', { name: m.name, field: 'name' });
      throw e;
    }
  }

  async addCustodian(c: Custodian): Promise<boolean> {
    const r = await this.db
      .insertInto('legal_hold_custodians')
      .values({ tenant_id: c.tenantId, matter_id: c.matterId, user_id: c.userId, added_at: c.addedAt })
      .onConflict((oc) => oc.columns(['tenant_id', 'matter_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async removeCustodian(tenantId: string, matterId: string, userId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('legal_hold_custodians')
      .where('tenant_id', '=', tenantId)
      .where('matter_id', '=', matterId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async custodians(tenantId: string, matterId: string): Promise<Custodian[]> {
    const rows = await this.db
      .selectFrom('legal_hold_custodians')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('matter_id', '=', matterId)
      .orderBy('added_at')
      .orderBy('user_id')
      .execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, matterId: r.matter_id, userId: r.user_id, addedAt: r.added_at }));
  }

  async activeMattersOfUsers(tenantId: string, userIds: readonly string[]): Promise<Map<string, LegalHoldMatter[]>> {
    const out = new Map<string, LegalHoldMatter[]>();
    // The sweeper's batches stay far below SQLite's limit on bound parameters; cut longer lists anyway.
    for (let i = 0; i < userIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('legal_hold_custodians as c')
        .innerJoin('legal_hold_matters as m', (j) =>
          j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.matter_id'),
        )
        .selectAll('m')
        .select('c.user_id as custodian')
        .where('c.tenant_id', '=', tenantId)
        .where('c.user_id', 'in', userIds.slice(i, i + 500))
        .where('m.status', '=', 'active')
        .orderBy('m.name_lower')
        .execute();
      for (const { custodian, ...m } of rows) out.set(custodian, [...(out.get(custodian) ?? []), toMatter(m)]);
    }
    return out;
  }

  async activeMattersOf(tenantId: string, userId: string): Promise<LegalHoldMatter[]> {
    const rows = await this.db
      .selectFrom('legal_hold_custodians as c')
      .innerJoin('legal_hold_matters as m', (j) =>
        j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.matter_id'),
      )
      .selectAll('m')
      .where('c.tenant_id', '=', tenantId)
      .where('c.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .orderBy('m.name_lower')
      .execute();
    return rows.map(toMatter);
  }
}

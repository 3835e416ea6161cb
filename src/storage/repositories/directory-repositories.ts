import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { Organization } from '../../core/directory/organization.js';
import type { Tenant } from '../../core/directory/tenant.js';
import type { OrganizationRepository, TenantRepository } from '../../core/ports.js';
import type { Database, OrganizationsTable, TenantsTable } from '../schema.js';
import type { Dialect } from '../db.js';
import { isUniqueViolation } from './db-errors.js';
import { rootOrganization } from './hot-queries.js';

const toTenant = (r: TenantsTable): Tenant => ({
  id: r.id,
  name: r.name,
  slug: r.slug ?? r.id,
  requireEmailUsername: Number(r.require_email_username) === 1,
  createdAt: r.created_at,
});

/** Tenants. */
export class KyselyTenantRepository implements TenantRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findById(id: string): Promise<Tenant | undefined> {
    const r = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toTenant(r) : undefined;
  }

  async findFirst(): Promise<Tenant | undefined> {
    const r = await this.db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').executeTakeFirst();
    return r ? toTenant(r) : undefined;
  }

  async findBySlug(slug: string): Promise<Tenant | undefined> {
    const r = await this.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r ? toTenant(r) : undefined;
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toTenant);
  }

  async insert(t: Tenant): Promise<void> {
    try {
      await this.db
        .insertInto('tenants')
        .values({
          id: t.id,
          name: t.name,
          slug: t.slug,
          require_email_username: t.requireEmailUsername ? 1 : 0,
          created_at: t.createdAt,
        })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('tenant.slug_taken', { slug: t.slug });
      throw e;
    }
  }

  async updateSettings(id: string, settings: { requireEmailUsername: boolean }): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ require_email_username: settings.requireEmailUsername ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }
}

export const toOrg = (r: OrganizationsTable): Organization => ({
  id: r.id,
  tenantId: r.tenant_id,
  parentId: r.parent_id,
  name: r.name,
  status: r.status as Organization['status'],
  defaultRoles: JSON.parse(r.default_roles) as string[],
  coldStorageDays: Number(r.cold_storage_days),
  mfaRequired: r.mfa_required === null ? null : Number(r.mfa_required) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toOrgRow = (o: Organization): OrganizationsTable => ({
  id: o.id,
  tenant_id: o.tenantId,
  parent_id: o.parentId,
  name: o.name,
  name_lower: o.name.toLowerCase(),
  status: o.status,
  default_roles: JSON.stringify(o.defaultRoles),
  cold_storage_days: o.coldStorageDays,
  mfa_required: o.mfaRequired === null || o.mfaRequired === undefined ? null : o.mfaRequired ? 1 : 0,
  created_at: o.createdAt,
  updated_at: o.updatedAt,
});

/** Organizations; names are unique per tenant, case-insensitively (SPEC C1). */
export class KyselyOrganizationRepository implements OrganizationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async findById(tenantId: string, id: string): Promise<Organization | undefined> {
    const r = await this.db
      .selectFrom('organizations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toOrg(r) : undefined;
  }

  async findByName(tenantId: string, name: string): Promise<Organization | undefined> {
    const r = await this.db
      .selectFrom('organizations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('name_lower', '=', name.trim().toLowerCase())
      .executeTakeFirst();
    return r ? toOrg(r) : undefined;
  }

  async findRoot(tenantId: string): Promise<Organization | undefined> {
    const [r] = await rootOrganization(this.db, this.dialect, tenantId);
    return r ? toOrg(r) : undefined;
  }

  async list(tenantId: string): Promise<Organization[]> {
    return (
      await this.db
        .selectFrom('organizations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('name_lower')
        .execute()
    ).map(toOrg);
  }

  async insert(o: Organization): Promise<void> {
    try {
      await this.db.insertInto('organizations').values(toOrgRow(o)).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('organization.name_taken', { name: o.name });
      throw e;
    }
  }

  /**
   * INSERT … ON CONFLICT (tenant_id, name_lower) DO NOTHING, then SELECT. On PostgreSQL (READ
   * COMMITTED, store.ts) an insert conflicting with a concurrent, uncommitted one waits for it: if
   * it commits, nothing is inserted and the SELECT, a new statement with a new snapshot, sees its
   * row; if it rolls back, ours is inserted. SQLite serializes writers, so the same holds there.
   * Other unique violations (the id) still fail, as `insert` does.
   */
  async insertOrGetByName(o: Organization): Promise<{ org: Organization; created: boolean }> {
    const row = toOrgRow(o);
    try {
      const inserted = await this.db
        .insertInto('organizations')
        .values(row)
        .onConflict((oc) => oc.columns(['tenant_id', 'name_lower']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { org: o, created: true };
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('organization.name_taken', { name: o.name });
      throw e;
    }
    const r = await this.db
      .selectFrom('organizations')
      .selectAll()
      .where('tenant_id', '=', row.tenant_id)
      .where('name_lower', '=', row.name_lower)
      .executeTakeFirst();
    // Only if the conflicting row was deleted since: nothing sensible to return.
    if (!r) throw new DomainError('organization.name_taken', { name: o.name });
    return { org: toOrg(r), created: false };
  }

  async update(o: Organization): Promise<void> {
    const { id, tenant_id, created_at, ...row } = toOrgRow(o);
    void created_at;
    try {
      await this.db
        .updateTable('organizations')
        .set(row)
        .where('tenant_id', '=', tenant_id)
        .where('id', '=', id)
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('organization.name_taken', { name: o.name });
      throw e;
    }
  }

  async countChildren(tenantId: string, orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('parent_id', '=', orgId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async delete(tenantId: string, orgId: string): Promise<void> {
    await this.db.deleteFrom('organizations').where('tenant_id', '=', tenantId).where('id', '=', orgId).execute();
  }
}

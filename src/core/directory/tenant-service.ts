import type { IssuedPasswordLink, PasswordLinkService } from '../auth/password-link-service.js';
import { readAccess, runCommand } from '../auth/command.js';
import { operatorPrincipal, type Principal } from '../auth/principal.js';
import { auditEntry } from '../audit/audit-log.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Store } from '../ports.js';
import { checkUserName } from '../provisioning/user-input.js';
import { slugify, TENANT_SLUG_PATTERN, type Tenant, type TenantSettings } from './tenant.js';
import { localUser, rootOrganization } from './new-records.js';
import { emptyProfile } from './user.js';

/** The first administrator's roles: Customer Cloud Admin (SPEC C6) and the console sign-in of PROe User. */
const FIRST_ADMIN_ROLES = ['customer-cloud-admin', 'proe-user'];

/** What creating a tenant made; the link token is shown once. */
export interface CreatedTenant {
  tenant: Tenant;
  rootOrganizationId: string;
  admin: { id: string; userName: string };
  link: IssuedPasswordLink;
}

/** Tenants (SPEC C1): created and listed by the operator; their settings by their administrators. */
export class TenantService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly links: PasswordLinkService,
  ) {}

  /** A tenant with its root organization and first administrator, who gets a set-password link. */
  async create(input: { name: string; adminEmail: string; slug?: string }): Promise<CreatedTenant> {
    const name = input.name.trim();
    if (name === '') throw new DomainError('input.invalid', { field: 'name', reason: 'is required' });
    const slug = input.slug ?? slugify(name);
    if (!new RegExp(TENANT_SLUG_PATTERN).test(slug))
      throw new DomainError('input.invalid', {
        field: 'slug',
        reason: 'must be 2–63 lower-case letters, digits or inner hyphens',
      });
    const adminUserName = checkUserName(input.adminEmail, true);
    return this.store.transaction(async (tx) => {
      const now = this.clock.now().toISOString();
      const tenant: Tenant = { id: this.ids.newId(), name, slug, requireEmailUsername: true, createdAt: now };
      await tx.tenants.insert(tenant);
      const rootId = this.ids.newId();
      await tx.organizations.insert(rootOrganization(rootId, tenant.id, now));
      const admin = localUser(
        { id: this.ids.newId(), tenantId: tenant.id, orgId: rootId },
        { ...emptyProfile(adminUserName), displayName: 'Administrator' },
        now,
      );
      admin.profile.multi.emails = [{ value: adminUserName, type: 'work', primary: true, display: null }];
      await tx.users.insert(admin);
      await tx.roles.assign(tenant.id, admin.id, FIRST_ADMIN_ROLES, 'manual', now);
      const link = await this.links.issueIn(tx, tenant.id, admin.id, 'set');
      // In the new tenant's own log (its administrators read it): the operator made it (SPEC C6 audit log).
      const created = {
        action: 'tenant.create',
        targetType: 'tenant',
        targetId: tenant.id,
        after: { name, slug, rootOrganizationId: rootId, admin: { id: admin.id, userName: adminUserName } },
      };
      await tx.audit.append([auditEntry(this.ids.newId(), operatorPrincipal(tenant.id), now, created)]);
      return { tenant, rootOrganizationId: rootId, admin: { id: admin.id, userName: adminUserName }, link };
    });
  }

  list(): Promise<Tenant[]> {
    return this.store.repos.tenants.list();
  }

  /** The tenant a sign-in address names (`/t/{slug}`), or tenant.not_found. */
  async bySlug(slug: string): Promise<Tenant> {
    const t = await this.store.repos.tenants.findBySlug(slug);
    if (!t) throw new DomainError('tenant.not_found', { slug });
    return t;
  }

  async get(tenantId: string): Promise<Tenant> {
    const t = await this.store.repos.tenants.findById(tenantId);
    if (!t) throw new DomainError('tenant.not_found', { id: tenantId });
    return t;
  }

  /** The caller's tenant and its settings: an identity-management setting over the whole tenant (SPEC C6). */
  async settings(actor: Principal): Promise<Tenant> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    return this.get(actor.tenantId);
  }

  /** Changes the caller's tenant's settings; what is not given stays. */
  async updateSettings(actor: Principal, patch: Partial<TenantSettings>): Promise<Tenant> {
    return runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, async (c) => {
      c.access.requireTenantWide('identity_management.manage');
      const t = await c.tx.tenants.findById(actor.tenantId);
      if (!t) throw new DomainError('tenant.not_found', { id: actor.tenantId });
      const next = { requireEmailUsername: patch.requireEmailUsername ?? t.requireEmailUsername };
      await c.tx.tenants.updateSettings(actor.tenantId, next);
      await c.audit({
        action: 'tenant.update',
        targetType: 'tenant',
        targetId: t.id,
        before: { requireEmailUsername: t.requireEmailUsername },
        after: next,
      });
      return { ...t, ...next };
    });
  }
}

import { hashSecret, newSecret } from '../auth/credentials.js';
import type { Clock, Ids, Store } from '../ports.js';
import { ROLES_CATALOGUE } from './roles-catalogue.js';
import { DEFAULT_TENANT_SLUG } from './tenant.js';
import { localUser, rootOrganization } from './new-records.js';
import { emptyProfile } from './user.js';

export const BOOTSTRAP_ADMIN_USERNAME = 'admin@roster.local';

/** What first start created; the token is shown once and only its hash is kept. */
export interface BootstrapResult {
  tenantId: string;
  created: boolean;
  adminUserName?: string;
  adminToken?: string;
}

/**
 * Makes the store usable (SPEC C1, non-functional "set-up"): the roles catalogue, and on first
 * start the default tenant, its root organization and a bootstrap administrator with an API token.
 */
export async function bootstrap(store: Store, clock: Clock, ids: Ids): Promise<BootstrapResult> {
  return store.transaction(async (tx) => {
    await tx.roles.syncCatalogue(ROLES_CATALOGUE);
    const existing = (await tx.tenants.findBySlug(DEFAULT_TENANT_SLUG)) ?? (await tx.tenants.findFirst());
    if (existing) return { tenantId: existing.id, created: false };
    const now = clock.now().toISOString();
    const tenantId = ids.newId();
    await tx.tenants.insert({
      id: tenantId,
      name: 'Default tenant',
      slug: DEFAULT_TENANT_SLUG,
      requireEmailUsername: true,
      createdAt: now,
    });
    const rootId = ids.newId();
    await tx.organizations.insert(rootOrganization(rootId, tenantId, now));
    const admin = localUser(
      { id: ids.newId(), tenantId, orgId: rootId },
      { ...emptyProfile(BOOTSTRAP_ADMIN_USERNAME), displayName: 'Bootstrap administrator' },
      now,
    );
    await tx.users.insert(admin);
    await tx.roles.assign(tenantId, admin.id, ['customer-cloud-admin', 'proe-user'], 'manual', now);
    const token = newSecret('rst_adm');
    await tx.apiTokens.insert({
      id: ids.newId(),
      tenantId,
      userId: admin.id,
      name: 'bootstrap',
      tokenHash: hashSecret(token),
      createdAt: now,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });
    return { tenantId, created: true, adminUserName: BOOTSTRAP_ADMIN_USERNAME, adminToken: token };
  });
}

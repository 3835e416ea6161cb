import { DomainError } from '../errors.js';
import type { Store } from '../ports.js';
import type { ProvisioningContext } from '../provisioning/context.js';
import { verifySecret } from './credentials.js';

/** A credential as presented on a provisioning request. */
export type PresentedCredential =
  { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

/**
 * Authenticates a provisioning request for the provider named in its URL (SPEC C2). One
 * provider's credential never opens another provider's URL, and a rotated credential fails at once:
 * the secret is verified on every request, against the provider row read afresh (SQLite) or
 * remembered until any change to the provider or its tenant (PostgreSQL; storage credential-cache.ts).
 */
export class ProviderAuth {
  constructor(private readonly store: Store) {}

  /** The provisioning context, or an auth.unauthenticated error (same error whatever was wrong: no enumeration). */
  async authenticate(providerId: string, credential: PresentedCredential | undefined): Promise<ProvisioningContext> {
    const found = credential ? await this.store.repos.providers.findWithTenant(providerId) : undefined;
    if (!found || !credential || credential.type !== found.provider.authType)
      throw new DomainError('auth.unauthenticated', {});
    const { provider, tenant } = found;
    const ok =
      credential.type === 'bearer'
        ? verifySecret(credential.token, provider.tokenHash)
        : credential.username === provider.basicUsername &&
          verifySecret(credential.password, provider.basicPasswordHash);
    if (!ok) throw new DomainError('auth.unauthenticated', {});
    return { tenantId: provider.tenantId, tenant, provider };
  }
}

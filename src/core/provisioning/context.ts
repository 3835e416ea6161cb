import type { Provider } from './provider.js';

/** Who is provisioning: every provisioning call acts as exactly one provider of one tenant. */
export interface ProvisioningContext {
  tenantId: string;
  provider: Provider;
}

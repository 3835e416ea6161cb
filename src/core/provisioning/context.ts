import type { Tenant } from '../directory/tenant.js';
import type { Provider } from './provider.js';

/** Who is provisioning: every provisioning call acts as exactly one provider of one tenant. */
export interface ProvisioningContext {
  tenantId: string;
  /** The tenant's settings as read when the request was authenticated. */
  tenant: Tenant;
  provider: Provider;
}

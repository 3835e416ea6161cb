import { createLazyRoute } from '@tanstack/react-router';
import { ProvisioningPage } from './provisioning-page';

export const Route = createLazyRoute('/console/settings/identity/provisioning')({ component: ProvisioningPage });

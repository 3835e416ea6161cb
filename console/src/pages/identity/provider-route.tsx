import { createLazyRoute } from '@tanstack/react-router';
import { ProviderPage } from './provider-page';

export const Route = createLazyRoute('/console/settings/identity/provisioning/$providerId')({
  component: ProviderPage,
});

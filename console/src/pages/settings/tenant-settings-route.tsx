import { createLazyRoute } from '@tanstack/react-router';
import { TenantSettingsPage } from './tenant-settings-page';

export const Route = createLazyRoute('/console/settings/tenant')({ component: TenantSettingsPage });

import { createLazyRoute } from '@tanstack/react-router';
import { SyncLogPage } from './sync-log-page';

export const Route = createLazyRoute('/console/settings/identity/sync-log')({ component: SyncLogPage });

import { createLazyRoute } from '@tanstack/react-router';
import { AccountPage } from './account-page';

export const Route = createLazyRoute('/console/account')({ component: AccountPage });

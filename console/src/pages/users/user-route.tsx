import { createLazyRoute } from '@tanstack/react-router';
import { UserPage } from './user-page';

export const Route = createLazyRoute('/console/users/$userId')({ component: UserPage });

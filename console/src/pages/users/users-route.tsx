import { createLazyRoute } from '@tanstack/react-router';
import { UsersPage } from './users-page';

export const Route = createLazyRoute('/console/users')({ component: UsersPage });

import { createLazyRoute } from '@tanstack/react-router';
import { OrganizationsPage } from './organizations-page';

export const Route = createLazyRoute('/console/organizations')({ component: OrganizationsPage });

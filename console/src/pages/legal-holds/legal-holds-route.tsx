import { createLazyRoute } from '@tanstack/react-router';
import { LegalHoldsPage } from './legal-holds-page';

export const Route = createLazyRoute('/console/legal-holds')({ component: LegalHoldsPage });

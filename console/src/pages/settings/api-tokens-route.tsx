import { createLazyRoute } from '@tanstack/react-router';
import { ApiTokensPage } from './api-tokens-page';

export const Route = createLazyRoute('/console/settings/api-tokens')({ component: ApiTokensPage });

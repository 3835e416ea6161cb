import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { NotFoundPage } from '../pages/not-found/not-found-page';
import { getMe } from '../api/session';
import { ProblemError } from '../api/problem';
import { setUnauthenticatedHandler, TENANT_PREFIX } from '../api/http';
import { ConsoleLayout } from './layout';
import { queryClient } from './query-client';
import { parseSignInSearch, signInSearchFor } from './session-state';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: parseSignInSearch,
}).lazy(() => import('../pages/sign-in/sign-in-route').then((m) => m.Route));

const setPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/set-password' }).lazy(() =>
  import('../pages/set-password/set-password-route').then((m) => m.Route),
);

/** Screens behind sign-in share the console frame; without a session (401) the console starts at sign-in. */
const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'console',
  component: ConsoleLayout,
  beforeLoad: async ({ location }) => {
    try {
      await queryClient.ensureQueryData({ queryKey: ['me'], queryFn: () => getMe({ probe: true }) });
    } catch (e) {
      if (e instanceof ProblemError && e.status === 401)
        throw redirect({ to: '/sign-in', search: signInSearchFor(location.href) });
      throw e;
    }
  },
});

const homeRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/users' });
  },
});

const usersRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/users' }).lazy(() =>
  import('../pages/users/users-route').then((m) => m.Route),
);

const userRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/users/$userId' }).lazy(() =>
  import('../pages/users/user-route').then((m) => m.Route),
);

const organizationsRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/organizations' }).lazy(() =>
  import('../pages/organizations/organizations-route').then((m) => m.Route),
);

const provisioningRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/settings/identity/provisioning',
}).lazy(() => import('../pages/identity/provisioning-route').then((m) => m.Route));

const providerRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/settings/identity/provisioning/$providerId',
}).lazy(() => import('../pages/identity/provider-route').then((m) => m.Route));

const syncLogRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/settings/identity/sync-log' }).lazy(() =>
  import('../pages/sync-log/sync-log-route').then((m) => m.Route),
);

const accountRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/account' }).lazy(() =>
  import('../pages/account/account-route').then((m) => m.Route),
);

const legalHoldsRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/legal-holds' }).lazy(() =>
  import('../pages/legal-holds/legal-holds-route').then((m) => m.Route),
);

const auditLogRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/audit-log' }).lazy(() =>
  import('../pages/audit-log/audit-log-route').then((m) => m.Route),
);

const tenantSettingsRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/settings/tenant' }).lazy(() =>
  import('../pages/settings/tenant-settings-route').then((m) => m.Route),
);

const apiTokensRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/settings/api-tokens' }).lazy(() =>
  import('../pages/settings/api-tokens-route').then((m) => m.Route),
);

export const router = createRouter({
  routeTree: rootRoute.addChildren([
    signInRoute,
    setPasswordRoute,
    consoleRoute.addChildren([
      homeRoute,
      organizationsRoute,
      usersRoute,
      userRoute,
      provisioningRoute,
      providerRoute,
      syncLogRoute,
      legalHoldsRoute,
      accountRoute,
      auditLogRoute,
      tenantSettingsRoute,
      apiTokensRoute,
    ]),
  ]),
  basepath: TENANT_PREFIX || '/',
  defaultPreload: 'intent',
});

// A session that ends while the console is open (expired, revoked, signed out elsewhere): the
// next API call answers 401, and the visitor signs in again and comes back to where they were.
setUnauthenticatedHandler(() => {
  const here = router.latestLocation;
  if (here.pathname === '/sign-in' || here.pathname === '/set-password') return;
  void router.navigate({ to: '/sign-in', search: signInSearchFor(here.href), replace: true });
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

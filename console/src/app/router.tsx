import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { NotFoundPage } from '../pages/not-found/not-found-page';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in' }).lazy(() =>
  import('../pages/sign-in/sign-in-route').then((m) => m.Route),
);

// Until a session exists every console address starts at sign-in.
const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/sign-in' });
  },
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([signInRoute, homeRoute]),
  defaultPreload: 'intent',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

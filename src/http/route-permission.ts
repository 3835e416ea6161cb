import type { FastifyRequest } from 'fastify';
import { canUseConsole, holds } from '../core/auth/principal.js';
import type { Permission } from '../core/directory/roles-catalogue.js';
import { DomainError } from '../core/errors.js';
import { principalOf } from './authentication.js';

/**
 * What a route needs: a permission of the catalogue, or only the console (any console user); the
 * sign-in API's routes (adapters/admin-api/auth-routes.ts, outside the admin API's authenticated
 * scope) need `signed_in` (any session or API token, console or client app) or nothing (`public`).
 */
export type RoutePermission = Permission | 'console' | 'signed_in' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by every admin API route (SPEC C6); read by the permission hook, OpenAPI and tests. */
    permission?: RoutePermission;
  }
}

/**
 * Checks the route's declared permission before its handler runs: the caller must be allowed the
 * console (SPEC C6: PROe User or an admin role; a Desktop User is not) and hold the permission
 * somewhere (403 naming it). Where the permission applies (scope) is the service command's check.
 */
export async function routePermissionHook(req: FastifyRequest): Promise<void> {
  if (req.is404) return;
  const p = principalOf(req);
  const needed = req.routeOptions.config.permission;
  if (needed === undefined || needed === 'public' || needed === 'signed_in')
    throw new Error(`route ${req.routeOptions.url} declares no admin permission`);
  if (!canUseConsole(p)) throw new DomainError('auth.forbidden', { permission: 'console.sign_in' });
  if (needed !== 'console' && !holds(p, needed)) throw new DomainError('auth.forbidden', { permission: needed });
}

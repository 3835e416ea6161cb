import type { FastifyRequest } from 'fastify';
// Types only: req.cookies and reply.setCookie come from @fastify/cookie, registered by app.ts.
import type {} from '@fastify/cookie';
import type { ApiAuth, Principal } from '../core/auth/api-auth.js';
import type { SessionService } from '../core/auth/session-service.js';
import { DomainError } from '../core/errors.js';

/** The console's session cookie (HttpOnly) and the header that carries its CSRF token. */
export const SESSION_COOKIE = 'roster_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Session tokens start with this; any other bearer token is an API token. */
const SESSION_TOKEN_PREFIX = 'rst_ses_';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the admin API accepts (SPEC C6): an API token or a session, as bearer token or console cookie. */
export interface AdminAuthenticators {
  apiAuth: ApiAuth;
  sessions: SessionService;
}

/** The bearer token of the Authorization header, if any. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** The console session cookie, if any (parsed by @fastify/cookie). */
export function sessionCookie(req: FastifyRequest): string | undefined {
  const v = req.cookies[SESSION_COOKIE];
  return v ? v : undefined;
}

/**
 * The principal of an admin API request. A bearer token wins over the cookie: API tokens and the
 * client app's session tokens are sent explicitly, so they need no CSRF proof; the console's
 * cookie is sent by the browser on its own, so a state-changing request made with it must echo
 * the session's CSRF token in X-CSRF-Token (a synchronizer token bound to the session; a forged
 * cross-site form can neither read it nor set a custom header).
 */
export async function adminPrincipal(req: FastifyRequest, auth: AdminAuthenticators): Promise<Principal> {
  const bearer = bearerToken(req);
  if (bearer && !bearer.startsWith(SESSION_TOKEN_PREFIX)) return auth.apiAuth.authenticate(bearer);
  const token = bearer ?? sessionCookie(req);
  if (!token) throw new DomainError('auth.unauthenticated', {});
  const csrf = req.headers[CSRF_HEADER];
  return auth.sessions.authenticate({
    token,
    via: bearer ? 'bearer' : 'cookie',
    stateChanging: !SAFE_METHODS.has(req.method),
    csrfToken: typeof csrf === 'string' ? csrf : undefined,
  });
}

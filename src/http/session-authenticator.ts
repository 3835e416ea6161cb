import type { FastifyRequest } from 'fastify';
// Types only: req.cookies and reply.setCookie come from @fastify/cookie, registered by app.ts.
import type {} from '@fastify/cookie';
import type { SessionService } from '../core/auth/session-service.js';
import type { Authenticator } from './authentication.js';
import { bearerToken } from './authentication.js';

/** The console's session cookie (HttpOnly) and the header that echoes its CSRF token. */
export const SESSION_COOKIE = 'roster_session';
export const CSRF_HEADER = 'x-csrf-token';
/** The console's copy of its CSRF token: readable by its script (not HttpOnly), SameSite=Strict. */
export const CSRF_COOKIE = 'roster_csrf';
/** Session tokens carry this prefix (session-service.ts); other bearers are left to their own authenticator. */
const SESSION_TOKEN_PREFIX = 'rst_ses_';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The console session cookie, if any (parsed by @fastify/cookie). */
export function sessionCookie(req: FastifyRequest): string | undefined {
  const v = req.cookies[SESSION_COOKIE];
  return v ? v : undefined;
}

/** The session token a request presents: a `rst_ses_` bearer, else the console cookie. */
export function presentedSessionToken(req: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const bearer = bearerToken(req);
  if (bearer !== null) return bearer.startsWith(SESSION_TOKEN_PREFIX) ? { token: bearer, via: 'bearer' } : null;
  const cookie = sessionCookie(req);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Sign-in sessions (SPEC C6): the client app's `rst_ses_` bearer token, or the console's cookie.
 * Any other bearer token (an API token) is left to its authenticator, and a request carrying a
 * bearer never falls back to the cookie. The cookie is sent by the browser on its own, so a
 * state-changing request made with it must echo the session's CSRF token in X-CSRF-Token (a
 * synchronizer token bound to the session: a forged cross-site form can neither read it nor set
 * a custom header); explicitly sent bearers need no such proof.
 */
export function sessionAuthenticator(sessions: SessionService): Authenticator {
  return async (req) => {
    const presented = presentedSessionToken(req);
    if (!presented) return null;
    const csrf = req.headers[CSRF_HEADER];
    return sessions.authenticate({
      ...presented,
      stateChanging: !SAFE_METHODS.has(req.method),
      csrfToken: typeof csrf === 'string' ? csrf : undefined,
      ip: req.ip,
    });
  };
}

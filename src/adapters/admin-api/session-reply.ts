import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { SessionClient } from '../../core/auth/auth-ports.js';
import type { SignInComplete } from '../../core/auth/sign-in-service.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/session-authenticator.js';

export const Client = Type.Union([Type.Literal('console'), Type.Literal('app')], {
  description: 'console: session cookie + CSRF token; app: bearer session token',
});

/** The answer of the step that opens a session (password, or MFA after it). */
export const SessionDto = Type.Object({
  next: Type.Literal('session'),
  userId: Type.String(),
  client: Client,
  expiresAt: Type.String({ description: 'The absolute limit; idle sessions end earlier' }),
  csrfToken: Type.Optional(Type.String({ description: 'console: echo in X-CSRF-Token on state-changing requests' })),
  token: Type.Optional(Type.String({ description: 'app: send as Authorization: Bearer' })),
});

/**
 * Sends a new session (SPEC C6): the app gets its bearer token in the body; the console gets the
 * HttpOnly session cookie and, in `roster_csrf` (readable by the console's script, SameSite=Strict),
 * the CSRF token it echoes in X-CSRF-Token — also in the body, for clients that do not read cookies.
 */
export function sendSession(reply: FastifyReply, done: SignInComplete, client: SessionClient, secure: boolean) {
  const { session, token, csrfToken } = done.opened;
  reply.header('Cache-Control', 'no-store');
  const base = { next: 'session' as const, userId: done.userId, client, expiresAt: session.absoluteExpiresAt };
  if (client === 'app') return { ...base, token };
  const cookie = { secure, path: '/', expires: new Date(session.absoluteExpiresAt) };
  reply.setCookie(SESSION_COOKIE, token, { ...cookie, httpOnly: true, sameSite: 'lax' });
  if (csrfToken) reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookie, httpOnly: false, sameSite: 'strict' });
  return { ...base, csrfToken: csrfToken ?? undefined };
}

/** Sign-out: both console cookies go. */
export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

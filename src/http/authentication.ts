import type { FastifyRequest } from 'fastify';
import type { Principal } from '../core/auth/principal.js';
import { DomainError } from '../core/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, set by the authentication hook of the adapter that needs one. */
    principal: Principal | null;
  }
}

/**
 * One way of proving who is calling (API token, session cookie, session bearer, …): the principal,
 * or null when the request does not carry this kind of credential (the next authenticator tries).
 * A credential of its kind that is wrong, expired or revoked throws auth.unauthenticated.
 */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

/** The first authenticator that recognises the request's credential decides; none → 401. */
export function authenticationHook(authenticators: readonly Authenticator[]) {
  return async (req: FastifyRequest): Promise<void> => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(req);
      if (principal) {
        req.principal = principal;
        return;
      }
    }
    throw new DomainError('auth.unauthenticated', {});
  };
}

/** The authenticated caller (routes behind authenticationHook only). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('auth.unauthenticated', {});
  return req.principal;
}

/** The bearer credential of the Authorization header, if any. */
export function bearerToken(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../core/auth/api-auth.js';
import { DomainError } from '../../core/errors.js';

/** The authenticated caller of an admin API request (set by the plugin's onRequest hook). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('auth.unauthenticated', {});
  return req.principal;
}

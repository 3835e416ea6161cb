import type { ApiTokenService } from '../core/auth/api-token-service.js';
import type { Authenticator } from './authentication.js';
import { bearerToken } from './authentication.js';

// API token secrets carry a recognisable prefix (credentials.ts); other bearer credentials (a
// client-app session) are left to the authenticator that knows them.
const API_TOKEN_PREFIXES = ['rst_at_', 'rst_adm_'];

/** Authorization: Bearer <API token> (SPEC C6 "API tokens for automation"). */
export function apiTokenAuthenticator(tokens: ApiTokenService): Authenticator {
  return async (req) => {
    const secret = bearerToken(req);
    if (secret === null || !API_TOKEN_PREFIXES.some((p) => secret.startsWith(p))) return null;
    return tokens.authenticate(secret, req.ip);
  };
}

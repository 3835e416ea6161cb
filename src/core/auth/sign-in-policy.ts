import type { Permission } from '../directory/roles-catalogue.js';
import type { SessionClient } from './auth-ports.js';
import { canUseConsole, holds, type Principal } from './principal.js';

/** The permission a sign-in to `client` is reported as needing. */
export const SIGN_IN_PERMISSION: Record<SessionClient, Permission> = {
  console: 'console.sign_in',
  app: 'client.backup',
};

/**
 * Who may sign in where (SPEC C6): the client app needs the Desktop User permission (personal
 * backups, `client.backup`); the admin console the same rule as the admin API (principal.ts
 * canUseConsole: PROe User or an admin role).
 */
export function maySignIn(client: SessionClient, who: Principal): boolean {
  return client === 'app' ? holds(who, 'client.backup') : canUseConsole(who);
}

/**
 * How a user proves who they are. The sign-in method follows the user's organization's
 * authentication method, except users on a provider's local-users list, who always sign in
 * locally (SPEC C6). Organizations have no SAML method yet (SPEC C7 is a later step), so every
 * user signs in with a password today; `start` already answers with this choice.
 */
export type SignInMethod = { type: 'password' } | { type: 'saml'; providerId: string; displayName: string };

/**
 * The steps of one sign-in: start (username → method) → password → [mfa, when enrolled or
 * required] → session. Each step's outcome names the next; MFA (SPEC C6) adds a step between
 * the password and the session without changing the others.
 */
export type SignInStep = 'start' | 'password' | 'mfa' | 'session';

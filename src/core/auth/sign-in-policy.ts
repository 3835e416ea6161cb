import type { Permission } from '../directory/roles-catalogue.js';
import type { SessionClient } from './auth-ports.js';

/**
 * Who may sign in where (SPEC C6): the client app needs the Desktop User permission (personal
 * backups, `client.backup`); the admin console needs PROe User's `console.sign_in` or an admin role,
 * i.e. any permission beyond an end user's own backups and restores.
 */
const END_USER_PERMISSIONS: ReadonlySet<Permission> = new Set(['client.backup', 'client.web_restore']);

/** The permission a sign-in to `client` is reported as needing. */
export const SIGN_IN_PERMISSION: Record<SessionClient, Permission> = {
  console: 'console.sign_in',
  app: 'client.backup',
};

/** Whether a holder of `permissions` may sign in to `client`. */
export function maySignIn(client: SessionClient, permissions: ReadonlySet<Permission>): boolean {
  if (client === 'app') return permissions.has('client.backup');
  for (const p of permissions) if (!END_USER_PERMISSIONS.has(p)) return true;
  return false;
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

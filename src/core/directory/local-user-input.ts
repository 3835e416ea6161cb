import { checkPassword } from '../auth/password-policy.js';
import { isDomainError } from '../errors.js';
import { checkUserName } from '../provisioning/user-input.js';
import type { Organization } from './organization.js';
import { findRoleById, findRoleByName, type RoleDefinition } from './roles-catalogue.js';

/** A local user as an administrator or a CSV row describes them (SPEC C6 local directory). */
export interface LocalUserInput {
  userName: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Organization name; the root organization when absent. */
  organization?: string | null;
  /** Catalogue role ids or names; the organization's default roles when empty. */
  roles?: readonly string[];
  password?: string | null;
}

/** One problem with one input; `field` names the CSV column. */
export interface InputProblem {
  field: string;
  reason: string;
}

/** An input that passed every check, resolved against the tenant's organizations and the catalogue. */
export interface CheckedLocalUser {
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  org: Organization;
  roles: RoleDefinition[] | null;
  password: string | null;
}

/** What checking needs to know about the tenant. */
export interface LocalUserContext {
  requireEmailUsername: boolean;
  root: Organization;
  orgByName(name: string): Organization | undefined;
}

const blank = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v.trim() === '' ? null : v.trim();

function userNameProblem(userName: string, requireEmail: boolean): InputProblem | null {
  try {
    checkUserName(userName, requireEmail);
    return null;
  } catch (e) {
    if (isDomainError(e, 'user.username_required')) return { field: 'username', reason: 'is required' };
    if (isDomainError(e, 'user.username_not_email'))
      return { field: 'username', reason: 'must be an email address (tenant setting)' };
    throw e;
  }
}

/** Checks one input against the tenant's rules, the password policy and the catalogue; every problem is listed. */
export function checkLocalUser(
  input: LocalUserInput,
  ctx: LocalUserContext,
): { ok: true; value: CheckedLocalUser } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const userName = input.userName.trim();
  const nameProblem = userNameProblem(userName, ctx.requireEmailUsername);
  if (nameProblem) problems.push(nameProblem);
  const email = blank(input.email);
  if (email !== null && userNameProblem(email, true))
    problems.push({ field: 'email', reason: 'is not an email address' });
  const orgName = blank(input.organization);
  const org = orgName === null ? ctx.root : ctx.orgByName(orgName);
  if (!org) problems.push({ field: 'organization', reason: `no organization named "${orgName}"` });
  const roles: RoleDefinition[] = [];
  for (const r of input.roles ?? []) {
    const role = findRoleById(r.trim()) ?? findRoleByName(r);
    if (!role || role.deprecated) problems.push({ field: 'roles', reason: `unknown role "${r.trim()}"` });
    else roles.push(role);
  }
  const password =
    input.password === undefined || input.password === null || input.password === '' ? null : input.password;
  if (password !== null) {
    const check = checkPassword(password, userName);
    if (!check.ok) problems.push({ field: 'password', reason: check.reason });
  }
  if (problems.length > 0 || !org) return { ok: false, problems };
  return {
    ok: true,
    value: {
      userName,
      email,
      firstName: blank(input.firstName),
      lastName: blank(input.lastName),
      org,
      roles: roles.length > 0 ? roles : null,
      password,
    },
  };
}

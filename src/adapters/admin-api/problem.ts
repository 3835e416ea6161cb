import type { FastifyError, FastifyRequest } from 'fastify';
import type { DomainErrorCode } from '../../core/errors.js';
import { isDomainError } from '../../core/errors.js';

/** An RFC 9457 problem document; `code` is the stable machine-readable reason. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  [extra: string]: unknown;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json; charset=utf-8';

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

type Entry = [status: number, title: string, detail: (d: Readonly<Record<string, unknown>>) => string];

// Every domain error code, translated exactly once (STYLE habit 2).
const TABLE: Record<DomainErrorCode, Entry> = {
  'tenant.not_found': [404, 'Tenant not found', () => 'The tenant does not exist'],
  'tenant.slug_taken': [409, 'Tenant slug taken', (d) => `A tenant with the slug "${str(d.slug)}" already exists`],
  'organization.not_found': [
    404,
    'Organization not found',
    (d) => `Organization ${str(d.name ?? d.id)} does not exist`,
  ],
  'organization.name_taken': [
    409,
    'Organization name taken',
    (d) => `An organization named "${str(d.name)}" already exists (names are unique, case-insensitively)`,
  ],
  'organization.cycle': [
    409,
    'Move would create a cycle',
    () => 'An organization cannot be moved under itself or one of its descendants',
  ],
  'organization.root_immutable': [409, 'Root organization', () => 'The root organization cannot be moved or deleted'],
  'organization.in_use': [
    409,
    'Organization in use',
    (d) => `The organization is still referred to by ${str(d.reason)}`,
  ],
  'user.not_found': [404, 'User not found', (d) => `User ${str(d.id)} does not exist`],
  'user.username_taken': [
    409,
    'Username taken',
    (d) => `Username "${str(d.userName)}" is already taken by ${str(d.ownerKind)}`,
  ],
  'user.username_not_email': [
    400,
    'Username must be an email address',
    (d) => `Username "${str(d.userName)}" is not an email address`,
  ],
  'user.username_required': [400, 'Username required', () => 'A username is required'],
  'user.invalid_value': [400, 'Invalid value', (d) => `${str(d.attribute)}: ${str(d.reason)}`],
  'user.organization_managed': [
    409,
    'Organization managed by a provider',
    (d) =>
      `The organization of user ${str(d.userName ?? d.id)} comes from the ${str(d.method)} organization mapping of provider "${str(d.provider)}": ` +
      `the provider's next change would move them back. Change the mapping (or the attribute in the identity provider) instead`,
  ],
  'user.roles_managed': [
    409,
    'Roles managed by a provider',
    (d) =>
      d.roles === undefined
        ? `The roles of user ${str(d.userName ?? d.id)} come from the role mapping of provider ` +
          `"${str(d.provider)}": change the provider's role mapping (or set it to manual) instead`
        : `Provider "${str(d.provider)}" manages the role(s) ${str(d.roles)} of user ${str(d.userName ?? d.id)}: ` +
          `those change only through the directory sync tool; other roles can be set here`,
  ],
  'user.on_legal_hold': [
    409,
    'User on legal hold',
    (d) =>
      `User ${str(d.userName ?? d.id)} is a custodian of the active legal-hold matter(s) ${str(d.matters)} ` +
      `and cannot be deactivated: release the hold (or remove the custodian) first, or block the user instead`,
  ],
  'user.deactivated': [
    409,
    'User deactivated',
    (d) => `User ${str(d.userName ?? d.id)} is deactivated; reactivate the user first`,
  ],
  'device.not_found': [404, 'Device not found', (d) => `Device ${str(d.id)} does not exist`],
  'device.deactivated': [409, 'Device deactivated', (d) => `Device ${str(d.id)} is deactivated; reactivate it first`],
  'legal_hold.not_found': [404, 'Legal-hold matter not found', (d) => `Legal-hold matter ${str(d.id)} does not exist`],
  'legal_hold.name_taken': [
    409,
    'Legal-hold matter name taken',
    (d) => `A legal-hold matter named "${str(d.name)}" already exists (names are unique, case-insensitively)`,
  ],
  'legal_hold.released': [
    409,
    'Legal-hold matter released',
    (d) => `Legal-hold matter ${str(d.id)} is released; custodians can no longer be added`,
  ],
  'group.not_found': [404, 'Group not found', (d) => `Group ${str(d.id)} does not exist`],
  'group.name_taken': [
    409,
    'Group name taken',
    (d) => `A group named "${str(d.displayName)}" already exists for this provider`,
  ],
  'provider.not_found': [404, 'Provider not found', (d) => `Provider ${str(d.id)} does not exist`],
  'provider.name_taken': [409, 'Provider name taken', (d) => `A provider named "${str(d.name)}" already exists`],
  'provider.has_users': [
    409,
    'Provider still owns users',
    (d) =>
      `The provider owns ${str(d.users)} users; say what becomes of them (users=local hands them to local management)`,
  ],
  'precondition.failed': [412, 'Precondition failed', () => 'The resource has changed since it was read'],
  'api_token.not_found': [404, 'API token not found', (d) => `API token ${str(d.id)} does not exist`],
  'auth.unauthenticated': [
    401,
    'Unauthenticated',
    () =>
      'A valid credential is required (the session cookie, or Authorization: Bearer <API token or session token>); expired and revoked ones are refused',
  ],
  'auth.forbidden': [
    403,
    'Forbidden',
    (d) =>
      d.role !== undefined
        ? `You cannot give or take the role "${str(d.role)}": your roles do not grant its permission "${str(d.permission)}" at its scope`
        : d.scope !== undefined
          ? `Your roles do not grant the permission "${str(d.permission)}" over all organizations`
          : `Your roles do not grant the permission "${str(d.permission)}"`,
  ],
  // One answer for a wrong password, an unknown, blocked or deactivated user (SPEC C6: no enumeration).
  'auth.invalid_credentials': [401, 'Sign-in failed', () => 'The username or password is incorrect'],
  'auth.account_locked': [
    423,
    'Account locked',
    (d) => `Too many failed sign-ins: the account is locked until ${str(d.until)}`,
  ],
  'auth.sign_in_not_permitted': [
    403,
    'Sign-in not permitted',
    (d) => `Your roles do not allow signing in to the ${str(d.client)} (permission "${str(d.permission)}")`,
  ],
  'auth.csrf_failed': [
    403,
    'CSRF token missing or wrong',
    () => 'A request made with the session cookie must send the X-CSRF-Token header given at sign-in',
  ],
  'auth.reset_token_invalid': [
    400,
    'Link expired or already used',
    () => 'The password link is unknown, expired or already used; ask an administrator for a new one',
  ],
  'auth.mfa_code_invalid': [401, 'Wrong code', () => 'The authenticator or recovery code is wrong or already used'],
  'auth.mfa_token_invalid': [
    401,
    'Sign-in step expired',
    () => 'The MFA step is unknown, expired, already used or for another client: sign in again with the password',
  ],
  'mfa.already_enrolled': [409, 'MFA already enrolled', () => 'An authenticator is already enrolled; remove it first'],
  'mfa.not_enrolled': [409, 'MFA not enrolled', (d) => `User ${str(d.id)} has no authenticator enrolled`],
  'mfa.not_pending': [409, 'No enrolment pending', () => 'Start the enrolment first (POST /me/mfa/enrol)'],
  'mfa.code_invalid': [400, 'Wrong code', () => 'The authenticator code is wrong or already used'],
  'mfa.required': [
    409,
    'MFA required',
    () => 'Your organization requires MFA: the authenticator cannot be removed (an administrator can reset it)',
  ],
  // 409, not 503: the server works as configured and a retry will not help until the operator sets the key.
  'mfa.unavailable': [
    409,
    'MFA unavailable',
    () =>
      'MFA secrets cannot be sealed or opened on this server (ROSTER_MFA_KEY is not set, or it changed); ask the operator',
  ],
  'password.policy': [400, 'Password rejected', (d) => `The password ${str(d.reason)}`],
  'input.invalid': [400, 'Invalid input', (d) => `${str(d.field)}: ${str(d.reason)}`],
};

/** The HTTP status a domain error code answers with (OpenAPI lists them per route). */
export function problemStatus(code: DomainErrorCode): number {
  return TABLE[code][0];
}

/** Any error → a problem document; unknown errors are logged and answered with a generic 500. */
export function toProblem(error: unknown, req: FastifyRequest): Problem {
  if (isDomainError(error)) {
    const [status, title, detail] = TABLE[error.code];
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    const permission = error.code === 'auth.forbidden' ? str(error.details.permission) : undefined;
    return {
      type: `https://roster.dev/problems/${error.code}`,
      title,
      status,
      detail: detail(error.details),
      code: error.code,
      ...(field ? { field } : {}),
      ...(permission ? { permission } : {}),
    };
  }
  const fe = error as Partial<FastifyError> & {
    validation?: {
      instancePath?: string;
      message?: string;
      params?: { missingProperty?: string; additionalProperty?: string };
    }[];
  };
  if (fe.validation) {
    const v = fe.validation[0];
    const field =
      v?.params?.missingProperty ??
      v?.params?.additionalProperty ??
      v?.instancePath?.replace(/^\//, '').replace(/\//g, '.') ??
      '';
    return {
      type: 'https://roster.dev/problems/input.invalid',
      title: 'Invalid input',
      status: 400,
      detail: fe.message ?? 'Invalid input',
      code: 'input.invalid',
      ...(field ? { field } : {}),
    };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      type: 'about:blank',
      title: fe.code ?? 'Bad request',
      status: fe.statusCode,
      detail: fe.message ?? 'Bad request',
      code: fe.code ?? 'request.invalid',
    };
  }
  req.log.error({ err: error }, 'unhandled error in admin API request');
  return {
    type: 'about:blank',
    title: 'Internal error',
    status: 500,
    detail: `Internal error (request ${req.id})`,
    code: 'internal',
  };
}

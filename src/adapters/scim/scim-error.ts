import type { DomainError, DomainErrorCode } from '../../core/errors.js';

export const SCIM_ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** An error in the SCIM error schema (RFC 7644 §3.12). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimErrorType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  /**
   * The response body. `status` is a JSON string as RFC 7644 §3.12 says; Okta compares it as a
   * string and Entra's documented example is a string (research §6 C1).
   */
  toJSON(): Record<string, unknown> {
    return {
      schemas: [SCIM_ERROR_URN],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

// Every domain error code, translated exactly once (STYLE habit 2); a new code fails compilation here.
const TABLE: Record<DomainErrorCode, (d: Readonly<Record<string, unknown>>) => ScimError> = {
  'tenant.not_found': () => new ScimError(404, 'Tenant not found'),
  'organization.not_found': (d) =>
    new ScimError(400, `Organization ${str(d.name ?? d.id)} does not exist`, 'invalidValue'),
  'organization.name_taken': (d) =>
    new ScimError(409, `Organization name "${str(d.name)}" is already used`, 'uniqueness'),
  'organization.cycle': () => new ScimError(400, 'An organization cannot be moved under itself', 'invalidValue'),
  'organization.root_immutable': () =>
    new ScimError(400, 'The root organization cannot be changed this way', 'mutability'),
  'organization.in_use': () => new ScimError(409, 'Organization is in use'),
  'user.not_found': (d) => new ScimError(404, `User ${str(d.id)} not found`),
  'user.username_taken': (d) =>
    new ScimError(
      409,
      `userName "${str(d.userName)}" is already taken by ${d.ownerKind === 'local user' ? 'a local user (managed in Roster)' : str(d.ownerKind)}`,
      'uniqueness',
    ),
  'user.username_not_email': (d) =>
    new ScimError(400, `userName "${str(d.userName)}" must be an email address (tenant setting)`, 'invalidValue'),
  'user.username_required': () => new ScimError(400, 'userName is required', 'invalidValue'),
  'user.invalid_value': (d) =>
    new ScimError(400, `Invalid value for ${str(d.attribute)}: ${str(d.reason)}`, 'invalidValue'),
  // Lifecycle codes come from administrators' actions, never from a SCIM request; mapped for completeness.
  'user.organization_managed': (d) =>
    new ScimError(409, `The organization of user ${str(d.userName ?? d.id)} comes from provider ${str(d.provider)}`),
  'user.roles_managed': (d) =>
    new ScimError(409, `The roles of user ${str(d.userName ?? d.id)} come from provider ${str(d.provider)}`),
  'user.on_legal_hold': (d) =>
    new ScimError(
      409,
      `User ${str(d.userName ?? d.id)} is on legal hold (${str(d.matters)}) and cannot be deactivated`,
    ),
  'user.deactivated': (d) => new ScimError(409, `User ${str(d.userName ?? d.id)} is deactivated`),
  'device.not_found': (d) => new ScimError(404, `Device ${str(d.id)} not found`),
  'device.deactivated': (d) => new ScimError(409, `Device ${str(d.id)} is deactivated`),
  'legal_hold.not_found': (d) => new ScimError(404, `Legal-hold matter ${str(d.id)} not found`),
  'legal_hold.name_taken': (d) =>
    new ScimError(409, `A legal-hold matter named "${str(d.name)}" already exists`, 'uniqueness'),
  'legal_hold.released': (d) => new ScimError(409, `Legal-hold matter ${str(d.id)} is released`),
  'group.not_found': (d) => new ScimError(404, `Group ${str(d.id)} not found`),
  'group.name_taken': (d) =>
    new ScimError(
      409,
      `A group named "${str(d.displayName)}" already exists for this provider (group names are unique, case-insensitively)`,
      'uniqueness',
    ),
  'provider.not_found': () => new ScimError(404, 'Provider not found'),
  'provider.name_taken': () => new ScimError(409, 'Provider name taken', 'uniqueness'),
  'provider.has_users': () => new ScimError(409, 'Provider owns users'),
  'precondition.failed': (d) =>
    new ScimError(412, `Resource ${str(d.id)} has changed: its version no longer matches If-Match`),
  'api_token.not_found': () => new ScimError(404, 'Not found'),
  'auth.unauthenticated': () =>
    new ScimError(401, 'Authentication failed: a valid credential for this provider is required'),
  'auth.forbidden': () => new ScimError(403, 'Not allowed'),
  'tenant.slug_taken': () => new ScimError(409, 'Tenant slug taken', 'uniqueness'),
  'auth.invalid_credentials': () => new ScimError(401, 'Authentication failed'),
  'auth.account_locked': () => new ScimError(401, 'Authentication failed'),
  'auth.sign_in_not_permitted': () => new ScimError(403, 'Not allowed'),
  'auth.csrf_failed': () => new ScimError(403, 'Not allowed'),
  'auth.reset_token_invalid': () => new ScimError(400, 'Invalid token', 'invalidValue'),
  'auth.mfa_code_invalid': () => new ScimError(401, 'Authentication failed'),
  'auth.mfa_token_invalid': () => new ScimError(401, 'Authentication failed'),
  'mfa.already_enrolled': () => new ScimError(409, 'MFA already enrolled'),
  'mfa.not_enrolled': () => new ScimError(409, 'MFA not enrolled'),
  'mfa.not_pending': () => new ScimError(409, 'No MFA enrolment pending'),
  'mfa.code_invalid': () => new ScimError(400, 'Invalid code', 'invalidValue'),
  'mfa.required': () => new ScimError(409, 'MFA required'),
  'mfa.unavailable': () => new ScimError(409, 'MFA unavailable'),
  'password.policy': (d) => new ScimError(400, `password ${str(d.reason)}`, 'invalidValue'),
  'input.invalid': (d) => new ScimError(400, `${str(d.field)}: ${str(d.reason)}`, 'invalidValue'),
};

/** The SCIM error for a domain error. */
export function scimErrorFromDomain(e: DomainError): ScimError {
  return TABLE[e.code](e.details);
}

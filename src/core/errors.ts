/**
 * The domain error catalogue (STYLE habit 2). Each adapter maps every code exactly once;
 * adding a code here fails compilation until every adapter's table knows it.
 */
export const DOMAIN_ERROR_CODES = [
  'tenant.not_found',
  'tenant.slug_taken',
  'organization.not_found',
  'organization.name_taken',
  'organization.cycle',
  'organization.root_immutable',
  'organization.in_use',
  'user.not_found',
  'user.username_taken',
  'user.username_not_email',
  'user.username_required',
  'user.invalid_value',
  'user.on_legal_hold',
  'user.roles_managed',
  'user.organization_managed',
  'user.deactivated',
  'device.not_found',
  'device.deactivated',
  'legal_hold.not_found',
  'legal_hold.name_taken',
  'legal_hold.released',
  'group.not_found',
  'group.name_taken',
  'provider.not_found',
  'provider.name_taken',
  'provider.has_users',
  'precondition.failed',
  'auth.unauthenticated',
  'auth.forbidden',
  'auth.invalid_credentials',
  'auth.account_locked',
  'auth.sign_in_not_permitted',
  'auth.csrf_failed',
  'auth.reset_token_invalid',
  'password.policy',
  'input.invalid',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A failure the domain understands; `details` are safe to show to the caller. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly details: Readonly<Record<string, unknown>> = {},
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

/** True when `e` is a DomainError (optionally with the given code). */
export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}

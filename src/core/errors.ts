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
  'api_token.not_found',
  'auth.unauthenticated',
  'auth.forbidden',
  'auth.invalid_credentials',
  'auth.account_locked',
  'auth.sign_in_not_permitted',
  'auth.csrf_failed',
  'auth.reset_token_invalid',
  'auth.mfa_code_invalid',
  'auth.mfa_token_invalid',
  'mfa.already_enrolled',
  'mfa.not_enrolled',
  'mfa.not_pending',
  'mfa.code_invalid',
  'mfa.required',
  'mfa.unavailable',
  'password.policy',
  'input.invalid',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

type Field = { field?: string };
type Id = { id: string } & Field;

/**
 * The details each code carries (STYLE habit 2): what the adapters render. A missing or misnamed
 * detail is a compile error at the `new DomainError(…)` that forgets it.
 */
export type DomainErrorDetails = {
  'tenant.not_found': { id?: string; slug?: string };
  'tenant.slug_taken': { slug: string };
  'organization.not_found': Id | ({ name: string } & Field);
  'organization.name_taken': { name: string } & Field;
  'organization.cycle': { id: string; parentId: string };
  'organization.root_immutable': { id: string };
  'organization.in_use': { id: string; reason: string; users: number; children: number; mappings: string[] };
  'user.not_found': Id;
  'user.username_taken': { userName: string; owner: string; ownerKind: string } & Field;
  'user.username_not_email': { userName: string } & Field;
  'user.username_required': Field;
  'user.invalid_value': { attribute: string; reason: string } & Field;
  'user.on_legal_hold': { id: string; userName: string; matters: string; matterIds: string[] };
  'user.roles_managed': { id: string; userName: string; provider: string; roles?: string };
  'user.organization_managed': { id: string; userName: string; provider: string; method: string };
  'user.deactivated': { id: string; userName: string };
  'device.not_found': Id;
  'device.deactivated': { id: string };
  'legal_hold.not_found': { id: string };
  'legal_hold.name_taken': { name: string } & Field;
  'legal_hold.released': { id: string };
  'group.not_found': Id;
  'group.name_taken': { displayName: string } & Field;
  'provider.not_found': { id: string };
  'provider.name_taken': { name: string } & Field;
  'provider.has_users': { id: string; users: number };
  'precondition.failed': { id?: string; version?: number };
  'api_token.not_found': { id: string };
  'auth.unauthenticated': Record<string, never>;
  'auth.forbidden': { permission: string; role?: string; scope?: string };
  'auth.invalid_credentials': Record<string, never>;
  'auth.account_locked': { until: string | null };
  'auth.sign_in_not_permitted': { client: string; permission: string };
  'auth.csrf_failed': Record<string, never>;
  'auth.reset_token_invalid': Record<string, never>;
  'auth.mfa_code_invalid': Record<string, never>;
  'auth.mfa_token_invalid': Record<string, never>;
  'mfa.already_enrolled': Record<string, never>;
  'mfa.not_enrolled': { id: string };
  'mfa.not_pending': Record<string, never>;
  'mfa.code_invalid': Field;
  'mfa.required': Record<string, never>;
  'mfa.unavailable': Record<string, never>;
  'password.policy': { reason: string };
  'input.invalid': { field: string; reason: string };
};

/** A failure the domain understands; `details` are safe to show to the caller. */
export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: C,
    details: DomainErrorDetails[C],
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
    this.details = details;
  }
}

/** True when `e` is a DomainError (optionally with the given code). */
export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}

/**
 * A transaction assumed what a read would have given, to save a round trip, and the database found
 * it wrong (UserRepository.expectNewUserUnderRoot). Nothing of it was committed; its caller runs it
 * again with the read. Never reaches an adapter.
 */
export class StaleAssumption extends Error {
  constructor() {
    super('a value the transaction assumed has changed');
    this.name = 'StaleAssumption';
  }
}

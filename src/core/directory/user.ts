/** Directory users (SPEC C1): the profile a provider asserts plus Roster's own state. */

/** A value of a multi-valued attribute (emails, phoneNumbers, ims, photos, entitlements, roles, x509Certificates). */
export interface MultiValue {
  value: string | null;
  type: string | null;
  primary: boolean;
  display: string | null;
}

/** A postal address; `country` is always ISO 3166-1 alpha-2 or null (SPEC C2). */
export interface Address {
  type: string | null;
  primary: boolean;
  formatted: string | null;
  streetAddress: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface PersonName {
  formatted: string | null;
  givenName: string | null;
  familyName: string | null;
  middleName: string | null;
  honorificPrefix: string | null;
  honorificSuffix: string | null;
}

/** Multi-valued attributes kept as simple value lists. */
export const MULTI_VALUE_ATTRIBUTES = [
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'entitlements',
  'roles',
  'x509Certificates',
] as const;
export type MultiValueAttribute = (typeof MULTI_VALUE_ATTRIBUTES)[number];

/** Everything a provider can assert about a user. */
export interface UserProfile {
  userName: string;
  externalId: string | null;
  displayName: string | null;
  nickName: string | null;
  profileUrl: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  name: PersonName;
  multi: Record<MultiValueAttribute, MultiValue[]>;
  addresses: Address[];
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  employeeType: string | null;
  orgName: string | null;
  /** Extension attributes the SCIM registry keeps as JSON (no column of their own), by name; absent = null. */
  attributes: Record<string, string | null>;
  /** Attributes outside the known schemas, kept for custom-attribute organization mapping (SPEC C3). */
  extra: Record<string, unknown>;
}

/** Lifecycle state (SPEC C4); always derived from the lifecycle fields (core/lifecycle/user-state.ts). */
export type UserStatus = 'active' | 'blocked' | 'deactivated';

/**
 * A deactivation that is wanted but not carried out yet (SPEC C4): waiting for the
 * provider's delay ('pending'), held because the user is on legal hold ('held_legal'), or held by
 * the mass-deprovision guard until an administrator decides ('held_guard'). The user is blocked meanwhile.
 */
export type DeactivationState = 'pending' | 'held_legal' | 'held_guard';

/** A stored user. */
export interface User {
  id: string;
  tenantId: string;
  /** null = local user; otherwise the owning provisioning provider. */
  providerId: string | null;
  orgId: string;
  /** Derived from adminBlocked, deactivationState and deactivatedAt; stored for queries. */
  status: UserStatus;
  /** An administrator blocked the user (non-destructive; devices keep backing up). */
  adminBlocked: boolean;
  deactivationState: DeactivationState | null;
  /** When the user was deactivated; null while not deactivated. */
  deactivatedAt: string | null;
  /** What the provider last asserted for SCIM `active`. */
  scimActive: boolean;
  managerId: string | null;
  /**
   * A manager the provider named before that user existed, kept as sent (SPEC C2 beyond) and linked
   * when a user of the same provider arrives with that externalId; only while `managerId` is null.
   */
  pendingManager: string | null;
  /** The last role-mapping evaluation found the user in no mapped group (SPEC C3 "Not in Role Mapping"). */
  notInRoleMapping: boolean;
  /** Set when the provider DELETEd the user: hidden from the provider, nothing destroyed. */
  removedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  profile: UserProfile;
}

/** An empty profile for `userName`. */
export function emptyProfile(userName: string): UserProfile {
  return {
    userName,
    externalId: null,
    displayName: null,
    nickName: null,
    profileUrl: null,
    title: null,
    userType: null,
    preferredLanguage: null,
    locale: null,
    timezone: null,
    name: {
      formatted: null,
      givenName: null,
      familyName: null,
      middleName: null,
      honorificPrefix: null,
      honorificSuffix: null,
    },
    multi: { emails: [], phoneNumbers: [], ims: [], photos: [], entitlements: [], roles: [], x509Certificates: [] },
    addresses: [],
    employeeNumber: null,
    costCenter: null,
    organization: null,
    division: null,
    department: null,
    employeeType: null,
    orgName: null,
    attributes: {},
    extra: {},
  };
}

/** The user's contact email: the primary email, else the first, else the username (Entra sends UPN as both). */
export function primaryEmail(p: UserProfile): string | null {
  const emails = p.multi.emails;
  return (emails.find((e) => e.primary) ?? emails[0])?.value ?? null;
}

/** The address the profile's city/state/country come from: primary, else work, else first. */
export function primaryAddress(p: UserProfile): Address | undefined {
  return (
    p.addresses.find((a) => a.primary) ?? p.addresses.find((a) => a.type?.toLowerCase() === 'work') ?? p.addresses[0]
  );
}

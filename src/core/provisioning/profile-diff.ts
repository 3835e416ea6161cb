import { primaryAddress, primaryEmail, type UserProfile } from '../directory/user.js';

/** One attribute that differs between two profiles, in the sync log's vocabulary (SPEC C5). */
export interface AttributeChange {
  attribute: string;
  oldValue: string | null;
  newValue: string | null;
}

/** The profile flattened to the attribute names administrators see in the sync log. */
export function flattenProfile(p: UserProfile): Record<string, string | null> {
  const address = primaryAddress(p);
  const list = (v: unknown[]): string | null => (v.length ? JSON.stringify(v) : null);
  const flat: Record<string, string | null> = {
    username: p.userName,
    email: primaryEmail(p),
    firstName: p.name.givenName,
    lastName: p.name.familyName,
    middleName: p.name.middleName,
    formattedName: p.name.formatted,
    honorificPrefix: p.name.honorificPrefix,
    honorificSuffix: p.name.honorificSuffix,
    displayName: p.displayName,
    nickName: p.nickName,
    profileUrl: p.profileUrl,
    title: p.title,
    userType: p.userType,
    preferredLanguage: p.preferredLanguage,
    locale: p.locale,
    timezone: p.timezone,
    externalId: p.externalId,
    employeeNumber: p.employeeNumber,
    costCenter: p.costCenter,
    organization: p.organization,
    division: p.division,
    department: p.department,
    employeeType: p.employeeType,
    orgName: p.orgName,
    city: address?.locality ?? null,
    state: address?.region ?? null,
    country: address?.country ?? null,
    emails: list(p.multi.emails),
    phoneNumbers: list(p.multi.phoneNumbers),
    addresses: list(p.addresses),
    ims: list(p.multi.ims),
    photos: list(p.multi.photos),
    entitlements: list(p.multi.entitlements),
    roles: list(p.multi.roles),
    x509Certificates: list(p.multi.x509Certificates),
  };
  for (const [k, v] of Object.entries(p.extra))
    flat[`extra.${k}`] = v === null || v === undefined ? null : JSON.stringify(v);
  return flat;
}

/** Every attribute whose value differs, in a stable order. */
export function diffProfiles(before: UserProfile, after: UserProfile): AttributeChange[] {
  const a = flattenProfile(before);
  const b = flattenProfile(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changes: AttributeChange[] = [];
  for (const k of keys) {
    const oldValue = a[k] ?? null;
    const newValue = b[k] ?? null;
    if (oldValue !== newValue) changes.push({ attribute: k, oldValue, newValue });
  }
  return changes;
}

// Schema URNs the PATCH engine knows by name (RFC 7643 §8.7.1, plus Roster's own extension).

/** Core User schema (RFC 7643 §4.1). */
export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Core Group schema (RFC 7643 §4.2). */
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Roster's User extension (orgName, employeeType). */
export const ROSTER_USER_URN = 'urn:roster:params:scim:schemas:extension:roster:2.0:User';

/** Every URN above; used to split `URN:attr` paths and to canonicalise URN casing. */
export const KNOWN_SCHEMA_URNS: readonly string[] = [
  CORE_USER_URN,
  CORE_GROUP_URN,
  ENTERPRISE_USER_URN,
  ROSTER_USER_URN,
];

/** The canonical spelling of a known schema URN (compared case-insensitively), or undefined. */
export function canonicalSchemaUrn(urn: string): string | undefined {
  const lower = urn.toLowerCase();
  return KNOWN_SCHEMA_URNS.find((u) => u.toLowerCase() === lower);
}

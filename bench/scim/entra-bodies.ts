/** Request bodies shaped like Microsoft Entra ID's provisioning traffic (research §1.4, §1.7, §1.9). */

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const GIVEN = [
  'Joy',
  'Amir',
  'Li',
  'Sofia',
  'Jonas',
  'Aiko',
  'Mateo',
  'Priya',
  'Olga',
  'Kwame',
  'Emma',
  'Noah',
  'Fatima',
  'Lucas',
  'Mei',
  'Omar',
];
const FAMILY = [
  'Young',
  'Haddad',
  'Wang',
  'Rossi',
  'Berg',
  'Tanaka',
  'Garcia',
  'Patel',
  'Ivanova',
  'Mensah',
  'Smith',
  'Müller',
  'Khan',
  'Silva',
  'Chen',
  'Novak',
];
const TITLES = [
  'Engineer',
  'Account Executive',
  'Analyst',
  'Designer',
  'Support Specialist',
  'Product Manager',
  'Recruiter',
  'Accountant',
];
export const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Marketing', 'Support', 'Product', 'People', 'Legal'];
const OFFICES = [
  { locality: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' },
  { locality: 'Berlin', region: 'BE', postalCode: '10115', country: 'DE' },
  { locality: 'London', region: 'LDN', postalCode: 'EC1A 1BB', country: 'GB' },
  { locality: 'Tokyo', region: '13', postalCode: '100-0001', country: 'JP' },
  { locality: 'São Paulo', region: 'SP', postalCode: '01000-000', country: 'BR' },
];

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

/** The userName of bench user i: an e-mail address, as Entra maps userPrincipalName. */
export function userNameOf(i: number): string {
  return `${pick(GIVEN, i).toLowerCase()}.${pick(FAMILY, Math.floor(i / GIVEN.length)).toLowerCase()}.${i}@contoso.example`;
}

/** The displayName of bench group g. */
export function groupNameOf(g: number): string {
  return `${pick(DEPARTMENTS, g)} team ${g}`;
}

/** A deterministic UUID-shaped externalId (Entra sends the object id or mailNickname). */
function objectId(kind: number, i: number): string {
  const hex = (kind * 0x10000000 + i).toString(16).padStart(12, '0');
  return `0a21f0f2-8d2a-4f8e-bf98-${hex}`;
}

/** POST /Users body: core + enterprise extension, a work e-mail and a work address with country. */
export function userBody(i: number): Record<string, unknown> {
  const given = pick(GIVEN, i);
  const family = pick(FAMILY, Math.floor(i / GIVEN.length));
  const office = pick(OFFICES, i);
  const userName = userNameOf(i);
  return {
    schemas: [CORE_USER, ENTERPRISE_USER],
    externalId: objectId(1, i),
    userName,
    active: true,
    displayName: `${given} ${family}`,
    title: pick(TITLES, i),
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
    addresses: [{ type: 'work', primary: true, streetAddress: `${1 + (i % 400)} Main Street`, ...office }],
    [ENTERPRISE_USER]: { department: pick(DEPARTMENTS, i), employeeNumber: String(100000 + i) },
    roles: [],
  };
}

/** POST /Groups body: no members, Entra's extra ADSCIM schema URI and a client-sent meta (research §1.9). */
export function groupBody(g: number, displayName = groupNameOf(g)): Record<string, unknown> {
  return {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
    ],
    externalId: objectId(2, g),
    displayName,
    meta: { resourceType: 'Group' },
  };
}

/** PATCH /Groups/{id}: Entra's `Add` of several members in one operation. */
export function addMembersBody(userIds: readonly string[]): Record<string, unknown> {
  return {
    schemas: [PATCH_OP],
    Operations: [{ op: 'Add', path: 'members', value: userIds.map((value) => ({ value })) }],
  };
}

/** PATCH /Users/{id}: Entra's `Replace` of one attribute; `active` goes as the strings "True"/"False" (research §1.7). */
export function replaceBody(path: string, value: string): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path, value }] };
}

/** The SCIM filter query Entra sends to match a resource before creating it. */
export function filterQuery(attribute: string, value: string, extra = ''): string {
  return `?${extra}filter=${attribute}+eq+%22${encodeURIComponent(value)}%22`;
}

/** PATCH /Groups/{id}: Entra's `Remove` of one member, addressed by a value filter. */
export function removeMemberBody(userId: string): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `members[value eq "${userId}"]` }] };
}

import type { Config } from '../../config/config.js';
import { CORE_GROUP_URN, CORE_USER_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN } from './patch/schema-urns.js';
import type { JsonObject } from './patch/types.js';

/** /ServiceProviderConfig, /ResourceTypes and /Schemas: exactly what this server enforces (RFC 7643 §5–7). */

type Attr = JsonObject;
const attr = (
  name: string,
  o: Partial<{
    type: string;
    multiValued: boolean;
    required: boolean;
    caseExact: boolean;
    mutability: string;
    returned: string;
    uniqueness: string;
    description: string;
    subAttributes: Attr[];
    referenceTypes: string[];
    canonicalValues: string[];
  }> = {},
): Attr => ({
  name,
  type: o.type ?? 'string',
  multiValued: o.multiValued ?? false,
  description: o.description ?? name,
  required: o.required ?? false,
  caseExact: o.caseExact ?? false,
  mutability: o.mutability ?? 'readWrite',
  returned: o.returned ?? 'default',
  uniqueness: o.uniqueness ?? 'none',
  ...(o.subAttributes ? { subAttributes: o.subAttributes } : {}),
  ...(o.referenceTypes ? { referenceTypes: o.referenceTypes } : {}),
  ...(o.canonicalValues ? { canonicalValues: o.canonicalValues } : {}),
});

const multiSubs = (types: string[]): Attr[] => [
  attr('value'),
  attr('display'),
  attr('type', { canonicalValues: types }),
  attr('primary', { type: 'boolean' }),
];
const multi = (name: string, types: string[]): Attr =>
  attr(name, { type: 'complex', multiValued: true, subAttributes: multiSubs(types) });

const USER_ATTRIBUTES: Attr[] = [
  attr('userName', {
    required: true,
    uniqueness: 'server',
    description:
      'Unique identifier for the User; must be an email address unless the tenant allows otherwise. Unique per tenant, case-insensitive.',
  }),
  attr('externalId', {
    caseExact: true,
    description: 'Identifier assigned by the provisioning client. Indexed, not unique.',
  }),
  attr('name', {
    type: 'complex',
    subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map(
      (n) => attr(n),
    ),
  }),
  ...['displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'].map((n) => attr(n)),
  attr('profileUrl', { type: 'reference', referenceTypes: ['external'] }),
  attr('active', {
    type: 'boolean',
    description: "false blocks the user at once and deactivates after the provider's deactivation delay.",
  }),
  attr('password', {
    mutability: 'writeOnly',
    returned: 'never',
    description: 'Accepted and discarded: Roster never stores provider passwords.',
  }),
  multi('emails', ['work', 'home', 'other']),
  multi('phoneNumbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
  multi('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
  multi('photos', ['photo', 'thumbnail']),
  attr('addresses', {
    type: 'complex',
    multiValued: true,
    subAttributes: [
      ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode'].map((n) => attr(n)),
      attr('country', {
        description: 'ISO 3166-1 alpha-2; long English names are normalised, unknown values dropped.',
      }),
      attr('type', { canonicalValues: ['work', 'home', 'other'] }),
      attr('primary', { type: 'boolean' }),
    ],
  }),
  attr('groups', {
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      attr('value', { mutability: 'readOnly' }),
      attr('$ref', { type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly' }),
      attr('display', { mutability: 'readOnly' }),
      attr('type', { mutability: 'readOnly', canonicalValues: ['direct'] }),
    ],
  }),
  multi('entitlements', []),
  multi('roles', []),
  multi('x509Certificates', []),
];

const ENTERPRISE_ATTRIBUTES: Attr[] = [
  ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => attr(n)),
  attr('manager', {
    type: 'complex',
    description:
      'Accepted as a bare id, {value} or [{value,$ref}]. The value names a user of the same provider by id or by externalId; one that does not ' +
      'exist yet is kept as a pending reference (shown as sent, without $ref) and linked when a user of this provider arrives with that externalId.',
    subAttributes: [
      attr('value', { caseExact: true }),
      attr('$ref', { type: 'reference', referenceTypes: ['User'] }),
      attr('displayName', { mutability: 'readOnly' }),
    ],
  }),
];

const ROSTER_ATTRIBUTES: Attr[] = [
  attr('orgName', {
    description: 'Names the Roster organization (organization mapping by attribute). Also accepted as c42OrgName.',
  }),
  attr('employeeType'),
];

const GROUP_ATTRIBUTES: Attr[] = [
  attr('displayName', { required: true }),
  attr('externalId', { caseExact: true }),
  attr('members', {
    type: 'complex',
    multiValued: true,
    subAttributes: [
      attr('value', { caseExact: true, mutability: 'immutable' }),
      attr('$ref', { type: 'reference', referenceTypes: ['User'], mutability: 'immutable' }),
      attr('display', { mutability: 'readOnly' }),
      attr('type', { mutability: 'immutable', canonicalValues: ['User'] }),
    ],
  }),
];

function schema(id: string, name: string, description: string, attributes: Attr[], base: string): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
  };
}

/** Every schema this server serves. */
export function schemas(base: string): JsonObject[] {
  return [
    schema(CORE_USER_URN, 'User', 'User Account', USER_ATTRIBUTES, base),
    schema(ENTERPRISE_USER_URN, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES, base),
    schema(ROSTER_USER_URN, 'RosterUser', 'Roster User extension', ROSTER_ATTRIBUTES, base),
    schema(CORE_GROUP_URN, 'Group', 'Group', GROUP_ATTRIBUTES, base),
  ];
}

/** The User and Group resource types. */
export function resourceTypes(base: string): JsonObject[] {
  const rt = (id: string, endpoint: string, schemaUrn: string, extensions: JsonObject[]): JsonObject => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id,
    name: id,
    endpoint,
    description: id,
    schema: schemaUrn,
    schemaExtensions: extensions,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${id}` },
  });
  return [
    rt('User', '/Users', CORE_USER_URN, [
      { schema: ENTERPRISE_USER_URN, required: false },
      { schema: ROSTER_USER_URN, required: false },
    ]),
    rt('Group', '/Groups', CORE_GROUP_URN, []),
  ];
}

/** The service provider configuration (RFC 7643 §5). */
export function serviceProviderConfig(base: string, cfg: Config['scim']): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${base.replace(/\/scim\/.*$/, '')}/README.md`,
    patch: { supported: true },
    bulk: { supported: true, maxOperations: cfg.bulkMaxOperations, maxPayloadSize: cfg.bulkMaxPayloadBytes },
    filter: { supported: true, maxResults: cfg.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    // RFC 7643 names it `etag`; Microsoft's test suite looks for `eTag` (research §6 C2): serve both.
    etag: { supported: true },
    eTag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: "The provider's bearer token, shown once when the provider is created or its credential rotated.",
        primary: true,
      },
      { type: 'httpbasic', name: 'HTTP Basic', description: "The provider's service-account username and password." },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

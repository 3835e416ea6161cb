// The core User schema (RFC 7643 §4.1) as Roster serves and stores it.
import { attribute, stored, type AttributeSpec, type SchemaSpec } from './attribute-spec.js';

/** Core User schema URN (RFC 7643 §8.7.1). */
export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

// Sub-attributes of the standard multi-valued attributes (RFC 7643 §2.4), kept as user_values rows.
const valueSubs = (types: readonly string[]): AttributeSpec[] => [
  attribute('value', { storage: { in: 'column', column: 'value', lowerColumn: 'value_lower' } }),
  stored('display', 'display'),
  stored('type', 'type', { canonicalValues: [...types] }),
  attribute('primary', { type: 'boolean', storage: { in: 'column', column: 'is_primary' } }),
];
const multi = (name: string, types: readonly string[]): AttributeSpec =>
  attribute(name, { type: 'complex', multiValued: true, subAttributes: valueSubs(types), storage: { in: 'values' } });

const NAME = attribute('name', {
  type: 'complex',
  subAttributes: [
    stored('formatted', 'name_formatted', { logName: 'formattedName' }),
    stored('familyName', 'family_name', { logName: 'lastName' }),
    stored('givenName', 'given_name', { logName: 'firstName' }),
    stored('middleName', 'middle_name'),
    stored('honorificPrefix', 'honorific_prefix'),
    stored('honorificSuffix', 'honorific_suffix'),
  ],
});

const ADDRESSES = attribute('addresses', {
  type: 'complex',
  multiValued: true,
  storage: { in: 'values' },
  subAttributes: [
    stored('formatted', 'formatted'),
    stored('streetAddress', 'street_address'),
    stored('locality', 'locality'),
    stored('region', 'region'),
    stored('postalCode', 'postal_code'),
    stored('country', 'country', {
      description: 'ISO 3166-1 alpha-2; long English names are normalised, unknown values dropped.',
    }),
    stored('type', 'type', { canonicalValues: ['work', 'home', 'other'] }),
    attribute('primary', { type: 'boolean', storage: { in: 'column', column: 'is_primary' } }),
  ],
});

// RFC 7643 §4.1.2: groups is readOnly, kept as group membership; only value and display are filterable.
const GROUPS = attribute('groups', {
  type: 'complex',
  multiValued: true,
  mutability: 'readOnly',
  storage: { in: 'membership' },
  subAttributes: [
    attribute('value', { mutability: 'readOnly', storage: { in: 'membership' } }),
    attribute('$ref', {
      type: 'reference',
      referenceTypes: ['Group'],
      mutability: 'readOnly',
      filterable: false,
      storage: { in: 'membership' },
    }),
    attribute('display', { mutability: 'readOnly', storage: { in: 'membership' } }),
    attribute('type', {
      mutability: 'readOnly',
      canonicalValues: ['direct'],
      filterable: false,
      storage: { in: 'membership' },
    }),
  ],
});

/** The core User schema. */
export const CORE_USER_SCHEMA: SchemaSpec = {
  id: CORE_USER_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', {
      required: true,
      uniqueness: 'server',
      description:
        'Unique identifier for the User; must be an email address unless the tenant allows otherwise. Unique per tenant, case-insensitive.',
      storage: { in: 'column', column: 'user_name', lowerColumn: 'user_name_lower' },
      logName: 'username',
    }),
    stored('externalId', 'external_id', {
      caseExact: true,
      description: 'Identifier assigned by the provisioning client. Indexed, not unique.',
    }),
    NAME,
    stored('displayName', 'display_name'),
    stored('nickName', 'nick_name'),
    stored('title', 'title'),
    stored('userType', 'user_type'),
    stored('preferredLanguage', 'preferred_language'),
    stored('locale', 'locale'),
    stored('timezone', 'timezone'),
    stored('profileUrl', 'profile_url', { type: 'reference', referenceTypes: ['external'] }),
    attribute('active', {
      type: 'boolean',
      description: "false blocks the user at once and deactivates after the provider's deactivation delay.",
      storage: { in: 'state', column: 'scim_active' },
    }),
    // RFC 7643 §4.1.1: password is returned never and cannot be filtered on.
    attribute('password', {
      mutability: 'writeOnly',
      returned: 'never',
      description: 'Accepted and discarded: Roster never stores provider passwords.',
      filterable: false,
    }),
    multi('emails', ['work', 'home', 'other']),
    multi('phoneNumbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', ['photo', 'thumbnail']),
    ADDRESSES,
    GROUPS,
    multi('entitlements', []),
    multi('roles', []),
    multi('x509Certificates', []),
  ],
};

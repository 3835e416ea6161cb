// The core Group schema (RFC 7643 §4.2).
import { attribute, type SchemaSpec } from './attribute-spec.js';

/** Core Group schema URN (RFC 7643 §8.7.1). */
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// displayName compares on its lower-cased copy (caseExact false).
/** The core Group schema. */
export const CORE_GROUP_SCHEMA: SchemaSpec = {
  id: CORE_GROUP_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', {
      required: true,
      storage: { in: 'column', column: 'display_name', lowerColumn: 'display_name_lower' },
    }),
    attribute('externalId', { caseExact: true, storage: { in: 'column', column: 'external_id' } }),
    attribute('members', {
      type: 'complex',
      multiValued: true,
      storage: { in: 'membership' },
      subAttributes: [
        attribute('value', { caseExact: true, mutability: 'immutable', storage: { in: 'membership' } }),
        attribute('$ref', {
          type: 'reference',
          referenceTypes: ['User'],
          mutability: 'immutable',
          filterable: false,
          storage: { in: 'membership' },
        }),
        attribute('display', { mutability: 'readOnly', storage: { in: 'membership' } }),
        attribute('type', {
          mutability: 'immutable',
          canonicalValues: ['User'],
          filterable: false,
          storage: { in: 'membership' },
        }),
      ],
    }),
  ],
};

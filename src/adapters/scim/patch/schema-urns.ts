// Schema URNs the SCIM adapter knows by name: those of the attribute registry (RFC 7643 §8.7.1,
// plus Roster's own extension).
export {
  CORE_GROUP_URN,
  CORE_USER_URN,
  ENTERPRISE_USER_URN,
  KNOWN_SCHEMA_URNS,
  ROSTER_USER_URN,
  canonicalSchemaUrn,
} from '../../../core/scim-schema/registry.js';

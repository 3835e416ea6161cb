import type { Config } from '../../config/config.js';
import { RESOURCE_TYPES, SCHEMAS, type AttributeSpec } from '../../core/scim-schema/registry.js';
import type { JsonObject } from './patch/types.js';

/** /ServiceProviderConfig, /ResourceTypes and /Schemas: exactly what this server enforces (RFC 7643 §5–7). */

/** An attribute definition as RFC 7643 §7 serves it; Roster's own fields (storage, filterable, …) stay inside. */
function schemaAttribute(a: AttributeSpec): JsonObject {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(schemaAttribute) } : {}),
    ...(a.referenceTypes ? { referenceTypes: [...a.referenceTypes] } : {}),
    ...(a.canonicalValues ? { canonicalValues: [...a.canonicalValues] } : {}),
  };
}

/** Every schema this server serves, from the attribute registry. */
export function schemas(base: string): JsonObject[] {
  return SCHEMAS.map((s) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map(schemaAttribute),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  }));
}

/** The User and Group resource types. */
export function resourceTypes(base: string): JsonObject[] {
  return RESOURCE_TYPES.map((r) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: r.id,
    name: r.id,
    endpoint: r.endpoint,
    description: r.id,
    schema: r.schema.id,
    schemaExtensions: r.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${r.id}` },
  }));
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

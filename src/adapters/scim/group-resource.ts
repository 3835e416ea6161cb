import type { Group, GroupMember } from '../../core/directory/group.js';
import type { GroupInput } from '../../core/provisioning/group-provisioning.js';
import { CORE_GROUP_URN } from './patch/schema-urns.js';
import type { Json, JsonObject } from './patch/types.js';
import { ScimError } from './scim-error.js';
import { etagOf } from './etag.js';

/** The SCIM representation of a group (RFC 7643 §4.2); members omitted when not loaded. */
export function toScimGroup(g: Group, members: GroupMember[] | undefined, baseUrl: string): JsonObject {
  const out: JsonObject = { schemas: [CORE_GROUP_URN], id: g.id };
  if (g.externalId !== null) out.externalId = g.externalId;
  out.displayName = g.displayName;
  // Microsoft requires members: [] rather than absent for an empty group (research §6 C8).
  if (members)
    out.members = members.map((m) => ({
      value: m.userId,
      display: m.userName,
      $ref: `${baseUrl}/Users/${m.userId}`,
      type: 'User',
    }));
  out.meta = {
    resourceType: 'Group',
    created: g.createdAt,
    lastModified: g.updatedAt,
    location: `${baseUrl}/Groups/${g.id}`,
    version: etagOf(g.version),
  };
  return out;
}

/** Member ids from a `members` value: objects with `value`, or bare ids; `$ref: null` tolerated (Entra). */
export function memberIds(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map((m, i) => {
    if (typeof m === 'string' && m !== '') return m;
    if (m && typeof m === 'object' && !Array.isArray(m) && typeof m.value === 'string' && m.value !== '')
      return m.value;
    throw new ScimError(400, `members[${i}] must have a non-empty "value"`, 'invalidValue');
  });
}

/** A full SCIM Group body (POST, PUT) → the group's asserted state. Unknown schema URIs and client `meta` are ignored (research §1.9). */
export function fromScimGroup(body: unknown): GroupInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ScimError(400, 'The request body must be a SCIM Group object', 'invalidSyntax');
  const o = body as JsonObject;
  const key = (name: string): Json | undefined =>
    o[Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
  const displayName = key('displayName');
  if (typeof displayName !== 'string' || displayName.trim() === '')
    throw new ScimError(400, 'displayName is required and must be a non-empty string', 'invalidValue');
  const externalId = key('externalId');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string')
    throw new ScimError(400, 'externalId must be a string', 'invalidValue');
  return { displayName, externalId: externalId ?? null, members: memberIds(key('members')) };
}

import type { Json, JsonObject } from './patch/types.js';
import { ENTERPRISE_USER_URN, ROSTER_USER_URN } from './patch/schema-urns.js';

/** RFC 7643 §7 "returned": always present whatever attributes/excludedAttributes say. */
const ALWAYS = new Set(['id', 'schemas', 'meta']);
const EXTENSIONS = [ENTERPRISE_USER_URN, ROSTER_USER_URN];

export interface Projection {
  attributes?: string[];
  excluded?: string[];
}

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i;

/**
 * Parses `attributes`/`excludedAttributes`: comma-separated in a query (RFC 7644 §3.4.2.5), string
 * arrays in a POST /.search body (§3.4.3). A core-schema URN prefix is dropped so that `wants`
 * sees `urn:…:core:2.0:User:groups` as `groups`.
 */
export function parseProjection(attributes: unknown, excluded: unknown): Projection {
  const split = (v: unknown): string[] | undefined => {
    const items =
      typeof v === 'string'
        ? v.split(',')
        : Array.isArray(v)
          ? v.filter((s): s is string => typeof s === 'string')
          : [];
    const paths = items
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => s.replace(/\[.*\]$/, '').replace(CORE_PREFIX, ''));
    return paths.length ? paths : undefined;
  };
  const p: Projection = {};
  const a = split(attributes);
  const e = split(excluded);
  if (a) p.attributes = a;
  if (e) p.excluded = e;
  return p;
}

/** Whether a projection needs an attribute at all (so callers can skip loading it). */
export function wants(p: Projection, attr: string): boolean {
  const lower = attr.toLowerCase();
  if (p.attributes)
    return p.attributes.some((a) => a.toLowerCase() === lower || a.toLowerCase().startsWith(`${lower}.`));
  if (p.excluded) return !p.excluded.some((a) => a.toLowerCase() === lower);
  return true;
}

/** Splits `urn:…:User:department` / `name.givenName` into container, attribute and sub-attribute (lower-cased). */
function pathParts(path: string): { container?: string; attr: string; sub?: string } {
  const lower = path.toLowerCase();
  // A whole extension (`attributes=urn:…:enterprise:2.0:User`) is one top-level attribute.
  const whole = EXTENSIONS.find((u) => lower === u.toLowerCase());
  if (whole) return { attr: lower };
  const ext = EXTENSIONS.find((u) => lower.startsWith(`${u.toLowerCase()}:`));
  const rest = ext
    ? lower.slice(ext.length + 1)
    : lower.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, '');
  const [attr = '', sub] = rest.split('.', 2);
  return { ...(ext ? { container: ext } : {}), attr, ...(sub ? { sub } : {}) };
}

function pick(obj: JsonObject, parts: { attr: string; sub?: string }): [string, Json] | undefined {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === parts.attr);
  if (key === undefined) return undefined;
  const v = obj[key] as Json;
  if (!parts.sub) return [key, v];
  const sub = parts.sub;
  if (Array.isArray(v))
    return [
      key,
      v.map((e) =>
        e && typeof e === 'object' && !Array.isArray(e)
          ? Object.fromEntries(Object.entries(e).filter(([k]) => k.toLowerCase() === sub))
          : e,
      ),
    ];
  if (v && typeof v === 'object')
    return [key, Object.fromEntries(Object.entries(v).filter(([k]) => k.toLowerCase() === sub))];
  return undefined;
}

/** Applies the projection to a full resource. */
export function project(resource: JsonObject, p: Projection): JsonObject {
  if (p.attributes) {
    const out: JsonObject = {};
    for (const k of Object.keys(resource)) if (ALWAYS.has(k)) out[k] = resource[k] as Json;
    for (const path of p.attributes) {
      const parts = pathParts(path);
      const source = parts.container ? resource[parts.container] : resource;
      if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
      const found = pick(source, parts);
      if (!found) continue;
      const target = parts.container ? ((out[parts.container] ??= {}) as JsonObject) : out;
      const [key, value] = found;
      const prev = target[key];
      target[key] =
        prev &&
        typeof prev === 'object' &&
        !Array.isArray(prev) &&
        value &&
        typeof value === 'object' &&
        !Array.isArray(value)
          ? { ...prev, ...value }
          : value;
    }
    return out;
  }
  if (p.excluded) {
    // Copy on write: only the objects an exclusion changes are copied, never the whole resource.
    const out: JsonObject = { ...resource };
    for (const path of p.excluded) {
      const parts = pathParts(path);
      const found = parts.container ? out[parts.container] : out;
      if (!found || typeof found !== 'object' || Array.isArray(found) || ALWAYS.has(parts.attr)) continue;
      const container: JsonObject = parts.container ? { ...found } : found;
      if (parts.container) out[parts.container] = container;
      const key = Object.keys(container).find((k) => k.toLowerCase() === parts.attr);
      if (key === undefined) continue;
      const v = container[key];
      if (!parts.sub) delete container[key];
      else if (v && typeof v === 'object' && !Array.isArray(v))
        container[key] = Object.fromEntries(Object.entries(v).filter(([sk]) => sk.toLowerCase() !== parts.sub));
    }
    return out;
  }
  return resource;
}

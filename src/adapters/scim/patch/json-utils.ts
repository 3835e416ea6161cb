// Small JSON helpers: type guards, deep equality and case-insensitive key lookup.
import type { Json, JsonObject } from './types.js';

/** True when `v` is a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `v` is a JSON value (what `JSON.parse` can produce). */
export function isJson(v: unknown): v is Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  if (typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every(isJson);
}

/** Structural equality of two JSON values (object key order ignored). */
export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/**
 * The key of `obj` equal to `name` ignoring case (exact match preferred), or undefined.
 * Attribute names are case-insensitive (RFC 7643 §2.1), and Entra sends `.Value`.
 */
export function findKeyCI(obj: object, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** The value under `name` ignoring case, or undefined. */
export function getCI(obj: Record<string, unknown>, name: string): unknown {
  const key = findKeyCI(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** A shallow copy of `obj` without `key`. */
export function omitKey(obj: JsonObject, key: string): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));
}

/** Compares two JSON scalars the way SCIM compares caseExact=false strings (RFC 7643 §2.2). */
export function sameScalarCI(a: Json | undefined, b: Json | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

// Constructors for Result values, so call sites stay one line.
import type { PatchError, ScimType } from './types.js';

/** A successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed result carrying a 400 SCIM error (RFC 7644 §3.12). */
export function fail(scimType: ScimType, detail: string): { ok: false; error: PatchError } {
  return { ok: false, error: { status: 400, scimType, detail } };
}

/** The success value of an engine step that only mutates its draft. */
export const DONE: { ok: true; value: undefined } = ok(undefined);

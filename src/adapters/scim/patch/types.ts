// Shared types of the SCIM PATCH engine (RFC 7644 §3.5.2). Pure data; no I/O.

/** The `scimType` values a SCIM 400 error may carry (RFC 7644 §3.12, Table 9). */
export type ScimType =
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'mutability'
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'sensitive';

/** A PATCH failure; every PATCH error is a 400 with a `scimType` (RFC 7644 §3.5.2, §3.12). */
export interface PatchError {
  status: 400;
  scimType: ScimType;
  detail: string;
}

/** A parser/engine outcome: a value, or a typed error (STYLE habit 3). */
export type Result<T, E = PatchError> = { ok: true; value: T } | { ok: false; error: E };

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A JSON object. */
export type JsonObject = { [k: string]: Json };

/** The three PATCH operations, lower-cased (RFC 7644 §3.5.2; Entra sends `Add`/`Replace`/`Remove`). */
export type PatchOpName = 'add' | 'replace' | 'remove';

/** One validated PatchOp operation; `path` absent means "the resource itself". */
export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: Json;
}

/**
 * What a group PATCH changes, computed without the current member list so that the
 * cost is O(change). `replaceMembers`, when present, is the complete new member set and
 * `addMembers`/`removeMembers` are then empty.
 */
export interface GroupPatchPlan {
  displayName?: string;
  externalId?: string | null;
  addMembers: string[];
  removeMembers: string[];
  replaceMembers?: string[];
}

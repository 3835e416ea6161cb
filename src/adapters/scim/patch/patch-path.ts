// Parses a PATCH "path" (RFC 7644 §3.5.2, ABNF of Figure 1 and §3.10):
//   PATH = attrPath / valuePath [subAttr];  attrPath = [URI ":"] ATTRNAME *1subAttr
// The value filter goes through core's one filter entry point, never split by hand.
import {
  MAX_PATH_LENGTH,
  containsValuePath,
  parseFilterSyntax,
  type FilterNode,
} from '../../../core/scim-schema/filter-syntax.js';
import { closingBracket } from '../../../core/scim-schema/quoted-text.js';
import { fail, ok } from './result.js';
import { KNOWN_SCHEMA_URNS } from './schema-urns.js';
import type { Result } from './types.js';

/** A parsed PATCH path; names are as written (callers canonicalise them against a schema). */
export interface PatchPath {
  /** The schema URN prefix, if the path was fully qualified. */
  readonly schema?: string;
  /** The attribute; absent when the path is a bare schema URN (the whole extension). */
  readonly attr?: string;
  /** The value-selection filter inside `[...]`, relative to the attribute's values. */
  readonly filter?: FilterNode;
  /** The sub-attribute after `.`. */
  readonly subAttr?: string;
}

// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1); plus "$ref".
const ATTR_NAME = /^(?:\$ref|[A-Za-z][\w-]*)/;

/** Parses a PATCH path into schema, attribute, value filter and sub-attribute. */
export function parsePatchPath(text: string): Result<PatchPath> {
  if (text.length > MAX_PATH_LENGTH) return fail('invalidPath', `path is longer than ${MAX_PATH_LENGTH} characters`);
  const path = text.trim();
  if (path === '') return fail('invalidPath', 'path is empty');
  if (!/^urn:/i.test(path)) return parseAttrPath(path, undefined, text);
  const split = splitUrn(path);
  if (split === undefined) return fail('invalidPath', `path "${text}" has no attribute after its schema URN`);
  if (split.rest === undefined) return ok({ schema: split.schema });
  return parseAttrPath(split.rest, split.schema, text);
}

// A URN-prefixed path: the URN ends at the last ":" before any "[" (the URN itself holds
// dots, as in "2.0", so "." cannot split it). A known URN may also be followed by "." —
// the legacy Entra customappsso job used dotted extension names (research §1.1).
function splitUrn(path: string): { schema: string; rest?: string } | undefined {
  const lower = path.toLowerCase();
  for (const urn of KNOWN_SCHEMA_URNS) {
    if (lower === urn.toLowerCase()) return { schema: path };
    const sep = lower.charAt(urn.length);
    if (lower.startsWith(urn.toLowerCase()) && (sep === ':' || sep === '.')) {
      return { schema: path.slice(0, urn.length), rest: path.slice(urn.length + 1) };
    }
  }
  const bracket = path.indexOf('[');
  const head = bracket < 0 ? path : path.slice(0, bracket);
  const colon = head.lastIndexOf(':');
  // A URN naming a resource type (…:2.0:User) with nothing after it is a whole extension.
  if (bracket < 0 && /:(User|Group)$/i.test(path)) return { schema: path };
  if (colon <= 'urn:'.length - 1 || colon === head.length - 1) return undefined;
  return { schema: path.slice(0, colon), rest: path.slice(colon + 1) };
}

function parseAttrPath(rest: string, schema: string | undefined, original: string): Result<PatchPath> {
  const name = ATTR_NAME.exec(rest);
  if (name === null) return fail('invalidPath', `path "${original}" does not start with an attribute name`);
  const attr = name[0];
  let pos = attr.length;
  let filter: FilterNode | undefined;
  if (rest.charAt(pos) === '[') {
    const close = closingBracket(rest, pos);
    if (close < 0) return fail('invalidPath', `path "${original}" has an unterminated "["`);
    const parsed = parseValueFilter(rest.slice(pos + 1, close), original);
    if (!parsed.ok) return parsed;
    filter = parsed.value;
    pos = close + 1;
  }
  let subAttr: string | undefined;
  if (rest.charAt(pos) === '.') {
    const sub = ATTR_NAME.exec(rest.slice(pos + 1));
    if (sub === null) return fail('invalidPath', `path "${original}" has an invalid sub-attribute`);
    subAttr = sub[0];
    pos += 1 + subAttr.length;
  }
  if (pos !== rest.length) return fail('invalidPath', `path "${original}" is malformed near "${rest.slice(pos)}"`);
  return ok({
    ...(schema === undefined ? {} : { schema }),
    attr,
    ...(filter ? { filter } : {}),
    ...(subAttr ? { subAttr } : {}),
  });
}

function parseValueFilter(text: string, original: string): Result<FilterNode> {
  const parsed = parseFilterSyntax(text);
  if (!parsed.ok) return fail('invalidFilter', `path "${original}" has an invalid filter: ${parsed.error.detail}`);
  // RFC 7644 §3.4.2.2: a valFilter may not itself contain a value path.
  if (containsValuePath(parsed.value)) return fail('invalidFilter', `path "${original}" nests "[...]" inside a filter`);
  return ok(parsed.value);
}

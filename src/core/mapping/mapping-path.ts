// SPEC C3 method 3 "Custom attribute": the administrator names any SCIM attribute of the user
// (seeds/002 and seeds/004: "e.g. an office attribute"; SPEC C3: `addresses[type eq "work"].locality`).
// The path follows RFC 7644 §3.10 attribute notation (`[URN ":"] attr ["." subAttr]`) with a
// value filter for multi-valued attributes (RFC 7644 §3.4.2.2, `attr[filter].subAttr`).
// Attribute names are case-insensitive (RFC 7643 §2.1). The value filter goes through the one
// filter entry point (scim-schema/filter-syntax.ts), never split by hand (STYLE.md).
import { closingBracket } from '../scim-schema/quoted-text.js';
import { MAX_PATH_LENGTH, parseFilterSyntax, type FilterNode as Filter } from '../scim-schema/filter-syntax.js';
import {
  PROFILE_ATTRIBUTES,
  PROFILE_COLLECTIONS,
  type ProfileAttribute,
  type ProfileCollection,
} from '../scim-schema/profile-attributes.js';
import { CORE_USER_URN, ENTERPRISE_USER_URN, USER_RESOURCE, schemasOf } from '../scim-schema/registry.js';
import { relativeAttr } from '../scim-schema/value-match.js';
import { err, ok, type Result } from '../result.js';

/** A validated mapping path: which part of the profile it reads (names canonicalised). */
export type MappingPath =
  /** a single-valued attribute of the registry (`department`, `name.familyName`) */
  | { source: 'attribute'; text: string; attribute: ProfileAttribute }
  /** a sub-attribute of the selected value of a multi-valued attribute (`addresses[type eq "work"].locality`) */
  | { source: 'values'; text: string; attr: string; filter: Filter | null; sub: string }
  /** An attribute outside the known schemas, read from `profile.extra`; schema null = unqualified. */
  | { source: 'extra'; text: string; schema: string | null; attr: string; filter: Filter | null; sub: string | null };

/** Why a path was refused; `detail` is shown to the administrator (admin API 400). */
export interface MappingPathError {
  detail: string;
}

const USER_SCHEMA_URNS = schemasOf(USER_RESOURCE).map((s) => s.id);

// What the registry offers per schema URN: single-valued attributes by name (aliases included:
// c42OrgName), single-valued complex attributes by name with their sub-attributes, and
// multi-valued attributes kept as values (core only), all keyed lower-cased (RFC 7643 §2.1).
const byLower = <T>(entries: (readonly [string, T])[]): Map<string, T> =>
  new Map(entries.map(([k, v]) => [k.toLowerCase(), v]));
const namesOf = (a: ProfileAttribute) => [a.spec.name, ...(a.spec.aliases ?? [])];
const FIELDS = new Map(
  USER_SCHEMA_URNS.map((urn) => [
    urn,
    byLower(
      PROFILE_ATTRIBUTES.filter((a) => a.schema.id === urn && a.parent === undefined).flatMap((a) =>
        namesOf(a).map((n) => [n, a] as const),
      ),
    ),
  ]),
);
const COMPLEX = new Map(
  USER_SCHEMA_URNS.map((urn) => {
    const subs = PROFILE_ATTRIBUTES.filter((a) => a.schema.id === urn && a.parent !== undefined);
    const parents = [...new Set(subs.map((a) => a.parent as string))];
    return [
      urn,
      byLower(
        parents.map((p) => [p, byLower(subs.filter((a) => a.parent === p).map((a) => [a.spec.name, a]))] as const),
      ),
    ];
  }),
);
const COLLECTIONS = byLower<ProfileCollection>(PROFILE_COLLECTIONS.map((c) => [c.spec.name, c]));

// Attributes that exist but can never name an organization, with the reason shown to the administrator.
const NOT_MAPPABLE = new Map<string, string>([
  ['id', 'is assigned by Roster, not by the provider'],
  ['meta', 'is resource metadata kept by Roster'],
  ['schemas', 'lists schema URNs, not a user attribute value'],
  ['password', 'is write-only and never stored'],
  ['active', 'is the account status, not an organization'],
  ['groups', 'is group membership; use the SCIM groups mapping method instead'],
  ['manager', 'is a reference to another user, not an organization'],
]);

// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1).
const ATTR_NAME = /^[A-Za-z][\w-]*/;

interface Lexed {
  schema: string | null;
  attr: string;
  filter: Filter | null;
  sub: string | null;
}

/** Parses and validates an organization-mapping attribute path (SPEC C3 "Custom attribute"). */
export function parseMappingPath(path: string): Result<MappingPath, MappingPathError> {
  const text = typeof path === 'string' ? path.trim() : '';
  if (text === '') return fail('the attribute path is empty');
  if (text.length > MAX_PATH_LENGTH) return fail(`the attribute path is longer than ${MAX_PATH_LENGTH} characters`);
  const lexed = lex(text);
  if (!lexed.ok) return lexed;
  return resolve(text, lexed.value);
}

const fail = (detail: string): { ok: false; error: MappingPathError } => err({ detail });

// Splits `[URN ":"] attr [ "[" filter "]" ] [ "." sub ]`.
function lex(text: string): Result<Lexed, MappingPathError> {
  const split = splitSchema(text);
  if (!split.ok) return split;
  const { schema, rest } = split.value;
  const name = ATTR_NAME.exec(rest);
  if (name === null) return fail(`"${text}" does not start with an attribute name`);
  const attr = name[0];
  let pos = attr.length;
  let filter: Filter | null = null;
  if (rest.charAt(pos) === '[') {
    const close = closingBracket(rest, pos);
    if (close < 0) return fail(`"${text}" has an unterminated "["`);
    const parsed = parseValueFilter(rest.slice(pos + 1, close), text);
    if (!parsed.ok) return parsed;
    filter = parsed.value;
    pos = close + 1;
  }
  let sub: string | null = null;
  if (rest.charAt(pos) === '.') {
    const subName = ATTR_NAME.exec(rest.slice(pos + 1));
    if (subName === null) return fail(`"${text}" has an invalid sub-attribute after "."`);
    sub = subName[0];
    pos += 1 + sub.length;
  }
  if (pos !== rest.length) return fail(`"${text}" is malformed near "${rest.slice(pos)}"`);
  return ok({ schema, attr, filter, sub });
}

// A URN-qualified path: a known URN is matched as a prefix (its "2.0" holds a dot); any other
// URN ends at the last ":" before "[" (e.g. `urn:…:CustomExtensionName:2.0:User:CustomAttribute`).
function splitSchema(text: string): Result<{ schema: string | null; rest: string }, MappingPathError> {
  if (!/^urn:/i.test(text)) return ok({ schema: null, rest: text });
  const lower = text.toLowerCase();
  for (const urn of USER_SCHEMA_URNS) {
    // "." after a known URN: the dotted form of Entra's legacy customappsso attribute names.
    const sep = lower.charAt(urn.length);
    if (lower.startsWith(urn.toLowerCase()) && (sep === ':' || sep === '.'))
      return ok({ schema: urn, rest: text.slice(urn.length + 1) });
  }
  const bracket = text.indexOf('[');
  const head = bracket < 0 ? text : text.slice(0, bracket);
  const colon = head.lastIndexOf(':');
  const isBareSchema = bracket < 0 && /:(User|[\d.]+)$/i.test(text);
  if (isBareSchema || colon === head.length - 1 || colon < 'urn:x:'.length) {
    return fail(`"${text}" names a schema, not an attribute: add ":" and the attribute name`);
  }
  return ok({ schema: text.slice(0, colon), rest: text.slice(colon + 1) });
}

function parseValueFilter(inner: string, text: string): Result<Filter, MappingPathError> {
  if (inner.trim() === '') return fail(`"${text}" has an empty filter "[]"`);
  const parsed = parseFilterSyntax(inner);
  if (!parsed.ok) return fail(`"${text}" has an invalid filter: ${parsed.error.detail}`);
  const filter = parsed.value;
  // RFC 7644 §3.4.2.2: a value filter may not itself contain a value path.
  if (filterAttrPaths(filter) === null) return fail(`"${text}" nests "[...]" inside a filter`);
  return ok(filter);
}

/** Every attribute path a filter compares, or null when it nests a value path. */
export function filterAttrPaths(f: Filter): string[] | null {
  switch (f.op) {
    case '[]':
      return null;
    case 'and':
    case 'or': {
      const parts = f.filters.map(filterAttrPaths);
      return parts.some((p) => p === null) ? null : (parts.flat() as string[]);
    }
    case 'not':
      return filterAttrPaths(f.filter);
    default:
      return [f.attrPath];
  }
}

// Maps the lexed path onto the profile: known schemas are checked, anything else is `extra`.
function resolve(text: string, p: Lexed): Result<MappingPath, MappingPathError> {
  const lower = p.attr.toLowerCase();
  const reason = NOT_MAPPABLE.get(lower);
  const isOwnSchema = p.schema === null || p.schema === CORE_USER_URN || p.schema === ENTERPRISE_USER_URN;
  if (reason !== undefined && isOwnSchema) return fail(`"${p.attr}" cannot be mapped to an organization: it ${reason}`);
  const schemas = p.schema === null ? USER_SCHEMA_URNS : USER_SCHEMA_URNS.filter((u) => u === p.schema);
  for (const schema of schemas) {
    const known = resolveKnown(text, schema, lower, p);
    if (known !== undefined) return known;
  }
  if (p.schema !== null && schemas.length > 0) return fail(`"${p.attr}" is not an attribute of the schema ${p.schema}`);
  return ok({ source: 'extra', text, schema: p.schema, attr: p.attr, filter: p.filter, sub: p.sub });
}

function resolveKnown(
  text: string,
  schema: string,
  lower: string,
  p: Lexed,
): Result<MappingPath, MappingPathError> | undefined {
  const attribute = FIELDS.get(schema)?.get(lower);
  if (attribute !== undefined) {
    if (p.filter !== null) return fail(`"${p.attr}" is single-valued; it takes no "[...]" filter`);
    if (p.sub !== null) return fail(`"${p.attr}" has no sub-attribute "${p.sub}"`);
    return ok({ source: 'attribute', text, attribute });
  }
  const complex = COMPLEX.get(schema)?.get(lower);
  if (complex !== undefined) {
    const name = [...complex.values()][0]?.parent ?? p.attr;
    if (p.filter !== null) return fail(`"${name}" is single-valued; it takes no "[...]" filter`);
    const sub = p.sub === null ? undefined : complex.get(p.sub.toLowerCase());
    const subs = [...complex.values()].map((a) => a.spec.name);
    if (sub === undefined)
      return fail(`"${name}" needs one of the sub-attributes ${subs.join(', ')} (e.g. ${name}.${subs[0]})`);
    return ok({ source: 'attribute', text, attribute: sub });
  }
  const collection = schema === CORE_USER_URN ? COLLECTIONS.get(lower) : undefined;
  if (collection === undefined) return undefined;
  const attr = collection.spec.name;
  const subs = byLower(collection.subs.map((s) => [s.name, s.name] as const));
  const checked = checkElementPath(attr, p, subs, subs.get('value'));
  return checked.ok ? ok({ source: 'values', text, attr, filter: p.filter, sub: checked.value }) : checked;
}

// A multi-valued attribute: the filter may only name its sub-attributes; the sub-attribute
// must be one of them (simple multi-valued attributes default to `value`, RFC 7644 §3.5.2).
function checkElementPath<S extends string>(
  attr: string,
  p: Lexed,
  subs: Map<string, S>,
  fallback: S | undefined,
): Result<S, MappingPathError> {
  const names = [...subs.values()].join(', ');
  for (const used of p.filter === null ? [] : (filterAttrPaths(p.filter) ?? [])) {
    if (!subs.has(relativeAttr(used, attr).toLowerCase()))
      return fail(`the filter of "${attr}" names "${used}", which is not one of ${names}`);
  }
  const sub = p.sub === null ? fallback : subs.get(p.sub.toLowerCase());
  if (sub === undefined)
    return fail(
      p.sub === null
        ? `"${attr}" needs a sub-attribute, e.g. ${attr}[type eq "work"].locality`
        : `"${attr}" has no sub-attribute "${p.sub}" (one of ${names})`,
    );
  return ok(sub);
}

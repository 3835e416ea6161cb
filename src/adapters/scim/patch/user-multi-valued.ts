// PATCH of multi-valued attributes such as emails, phoneNumbers, addresses and roles
// (RFC 7644 §3.5.2.1–§3.5.2.3; RFC 7643 §2.4). Pure: takes the current values, returns new ones.
import type { FilterNode as Filter } from '../../../core/scim-schema/filter-syntax.js';
import { normaliseElement, normaliseElements, toBoolean } from './coerce-values.js';
import { deepEqual, isJsonObject, omitKey, sameScalarCI } from './json-utils.js';
import { fail, ok } from './result.js';
import { isBooleanSubAttr, type AttrDef } from './user-schema.js';
import { filterTemplate, matchesFilter } from './value-filter.js';
import type { Json, JsonObject, PatchOpName, Result } from './types.js';

/** A multi-valued target: attribute, optional value filter, optional canonical sub-attribute. */
export interface MultiTarget {
  readonly name: string;
  readonly def: AttrDef | undefined;
  readonly filter?: Filter;
  readonly subAttr?: string;
}

/** Applies one operation to a multi-valued attribute's values; an empty result means "unassigned". */
export function patchMultiValued(
  current: readonly Json[],
  op: PatchOpName,
  t: MultiTarget,
  value: Json | undefined,
): Result<Json[]> {
  if (t.filter === undefined && t.subAttr === undefined) return patchWhole(current, op, t, value);
  const matched = current.flatMap((el, i) =>
    t.filter === undefined || matchesFilter(el, t.filter, t.name) ? [i] : [],
  );
  if (op === 'remove') return ok(removeMatched(current, matched, t.subAttr));
  if (value === undefined || value === null) return ok(removeMatched(current, matched, t.subAttr));
  return t.subAttr === undefined
    ? setMatched(current, matched, op, t, value)
    : setSubOfMatched(current, matched, t, t.subAttr, value);
}

function patchWhole(
  current: readonly Json[],
  op: PatchOpName,
  t: MultiTarget,
  value: Json | undefined,
): Result<Json[]> {
  if (op === 'remove') {
    // RFC 7644 §3.5.2.2: no filter removes all values. Entra's legacy form adds a `value`
    // array naming the values to remove (research §1.9), which we honour.
    return value === undefined || value === null ? ok([]) : removeByValues(current, t, value);
  }
  const incoming = normaliseElements(t.def, value ?? null, t.name);
  if (!incoming.ok) return incoming;
  // RFC 7644 §3.5.2.3: replace without a filter replaces all values; add appends (§3.5.2.1).
  if (op === 'replace') return ok(withSinglePrimary(incoming.value, lastPrimaryIndex(incoming.value)));
  return ok(addValues(current, incoming.value));
}

// RFC 7644 §3.5.2.1: added values are merged with existing ones. A value equal to an
// existing one (same value and type, compared case-insensitively) updates it in place.
function addValues(current: readonly Json[], incoming: readonly Json[]): Json[] {
  const out = [...current];
  let primary = -1;
  for (const item of incoming) {
    const same = out.findIndex((el) => sameIdentity(el, item));
    const index = same >= 0 ? same : out.length;
    if (same >= 0) out[same] = isJsonObject(out[same]) && isJsonObject(item) ? { ...out[same], ...item } : item;
    else if (!out.some((el) => deepEqual(el, item))) out.push(item);
    else continue;
    if (isJsonObject(item) && item['primary'] === true) primary = index;
  }
  return withSinglePrimary(out, primary);
}

function sameIdentity(a: Json, b: Json): boolean {
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  if (a['value'] === undefined || b['value'] === undefined) return false;
  return sameScalarCI(a['value'], b['value']) && sameScalarCI(a['type'], b['type']);
}

function removeByValues(current: readonly Json[], t: MultiTarget, value: Json): Result<Json[]> {
  const doomed = normaliseElements(t.def, value, t.name);
  if (!doomed.ok) return doomed;
  const matches = (el: Json, d: Json): boolean => {
    const dv = isJsonObject(d) ? d['value'] : d;
    const ev = isJsonObject(el) ? el['value'] : el;
    return dv === undefined ? deepEqual(el, d) : sameScalarCI(ev, dv);
  };
  return ok(current.filter((el) => !doomed.value.some((d) => matches(el, d))));
}

// Removing what a filter does not match is a no-op, not noTarget: Entra retries
// removals, and the end state the client asked for already holds (idempotent).
function removeMatched(current: readonly Json[], matched: readonly number[], sub: string | undefined): Json[] {
  if (sub === undefined) return current.filter((_, i) => !matched.includes(i));
  return current.map((el, i) => {
    return matched.includes(i) && isJsonObject(el) ? omitKey(el, sub) : el;
  });
}

function setMatched(
  current: readonly Json[],
  matched: readonly number[],
  op: PatchOpName,
  t: MultiTarget,
  value: Json,
): Result<Json[]> {
  const element = normaliseElement(t.def, value, t.name);
  if (!element.ok) return element;
  if (!isJsonObject(element.value)) return fail('invalidValue', `"${t.name}" value must be an object`);
  const incoming = element.value;
  if (matched.length === 0) return upsert(current, t, incoming);
  const template = t.filter === undefined ? {} : (filterTemplate(t.filter, t.name) ?? {});
  // RFC 7644 §3.5.2.3: matching values are replaced (keeping the attributes the filter
  // pinned, e.g. type); add merges into them instead.
  const out = current.map((el, i) => {
    if (!matched.includes(i)) return el;
    return op === 'replace' || !isJsonObject(el) ? { ...template, ...incoming } : { ...el, ...incoming };
  });
  return ok(withSinglePrimary(out, incoming['primary'] === true ? (matched.at(-1) ?? -1) : -1));
}

function setSubOfMatched(
  current: readonly Json[],
  matched: readonly number[],
  t: MultiTarget,
  sub: string,
  raw: Json,
): Result<Json[]> {
  let value = raw;
  if (isBooleanSubAttr(sub)) {
    const b = toBoolean(raw, `${t.name}.${sub}`);
    if (!b.ok) return b;
    value = b.value;
  }
  if (matched.length === 0) return upsert(current, t, { [sub]: value });
  const out = current.map((el, i) => {
    if (!matched.includes(i)) return el;
    return isJsonObject(el) ? { ...el, [sub]: value } : { value: el, [sub]: value };
  });
  return ok(withSinglePrimary(out, sub === 'primary' && value === true ? (matched.at(-1) ?? -1) : -1));
}

// Strict RFC 7644 §3.5.2.3 answers noTarget when a filtered replace matches nothing. Entra
// sends `Replace emails[type eq "work"].value` to users with no work email, and IdP-tolerant
// servers create `{ type: "work", value }` instead (research §6 C11); so do we, but only
// when the filter is `eq`/`and` and so says exactly what to create.
function upsert(current: readonly Json[], t: MultiTarget, incoming: JsonObject): Result<Json[]> {
  const template = t.filter === undefined ? {} : filterTemplate(t.filter, t.name);
  if (template === undefined) return fail('noTarget', `no "${t.name}" value matches the path filter`);
  const created = normaliseElement(t.def, { ...template, ...incoming }, t.name);
  if (!created.ok) return created;
  const out = [...current, created.value];
  return ok(
    withSinglePrimary(out, isJsonObject(created.value) && created.value['primary'] === true ? out.length - 1 : -1),
  );
}

function lastPrimaryIndex(values: readonly Json[]): number {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (isJsonObject(v) && v['primary'] === true) return i;
  }
  return -1;
}

// RFC 7643 §2.4: "primary" true MUST appear no more than once; the newest one wins.
function withSinglePrimary(values: Json[], winner: number): Json[] {
  if (winner < 0) return values;
  return values.map((v, i) =>
    i !== winner && isJsonObject(v) && v['primary'] === true ? { ...v, primary: false } : v,
  );
}

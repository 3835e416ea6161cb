// Applies PATCH operations to a SCIM User in its wire shape (RFC 7644 §3.5.2): core
// attributes at top level, each extension under its schema URN. Pure; never mutates input.
import { deepEqual, isJsonObject } from './json-utils.js';
import { parsePatchPath, type PatchPath } from './patch-path.js';
import { readSlot, writeSlot } from './resource-draft.js';
import { DONE, fail, ok } from './result.js';
import { CORE_USER_URN, canonicalSchemaUrn } from './schema-urns.js';
import { patchMultiValued } from './user-multi-valued.js';
import { canonicalSubAttr, resolveContainer, resolveUserSlot, type AttrSlot } from './user-schema.js';
import { patchComplex, patchManager, patchSimple } from './user-single-valued.js';
import type { Json, JsonObject, PatchOpName, PatchOperation, Result } from './types.js';

// "explicit": the operation's own path. "pathless": a key of a path-less value object,
// where clients echo read-only attributes they did not mean to change (research §2.7, §6 C9).
type Mode = 'explicit' | 'pathless';
type Step = Result<undefined>;

/** Applies `ops` in order to a copy of `resource`; the first failing operation fails the whole PATCH (RFC 7644 §3.5.2). */
export function applyUserPatch(resource: JsonObject, ops: readonly PatchOperation[]): Result<JsonObject> {
  const draft = structuredClone(resource);
  for (const [index, op] of ops.entries()) {
    const step = applyOperation(draft, op);
    if (!step.ok) return fail(step.error.scimType, `Operations[${String(index)}]: ${step.error.detail}`);
  }
  return ok(draft);
}

function applyOperation(draft: JsonObject, op: PatchOperation): Step {
  if (op.path === undefined) {
    if (op.op === 'remove') return fail('noTarget', '"remove" requires a "path"'); // RFC 7644 §3.5.2.2
    if (!isJsonObject(op.value)) return fail('invalidValue', `"${op.op}" without "path" requires an object "value"`);
    return applyAttributes(draft, op.op, undefined, op.value, 'pathless');
  }
  const path = parsePatchPath(op.path);
  if (!path.ok) return path;
  return applyPath(draft, op.op, path.value, op.value, 'explicit');
}

// A path-less value (or a whole-extension value) is a set of attributes. Entra's
// aadOptscim062020 form uses attribute *paths* as keys ("name.givenName",
// "urn:…:enterprise:2.0:User:employeeNumber"), so each key is parsed as a path.
function applyAttributes(
  draft: JsonObject,
  op: PatchOpName,
  schema: string | undefined,
  value: JsonObject,
  mode: Mode,
): Step {
  for (const [key, item] of Object.entries(value)) {
    const parsed = parsePatchPath(key);
    if (!parsed.ok) return fail(parsed.error.scimType, `value key: ${parsed.error.detail}`);
    const path = schema !== undefined && parsed.value.schema === undefined ? { ...parsed.value, schema } : parsed.value;
    const step = applyPath(draft, op, path, item, mode);
    if (!step.ok) return step;
  }
  return DONE;
}

function applyPath(draft: JsonObject, op: PatchOpName, path: PatchPath, value: Json | undefined, mode: Mode): Step {
  if (path.attr === undefined) return applyWholeSchema(draft, op, path.schema ?? '', value, mode);
  const slot = resolveUserSlot(draft, path.schema, path.attr);
  const current = readSlot(draft, slot);
  const guard = checkMutability(slot, path, current, value, mode);
  if (!guard.ok || guard.value === 'skip') return guard.ok ? DONE : guard;
  const next = nextValue(slot, path, current, op, value);
  if (!next.ok) return next;
  writeSlot(draft, slot, next.value);
  return DONE;
}

// A path that is only a schema URN addresses the whole extension (or, for the core
// User URN, the resource itself); its value is a set of attributes in that schema.
function applyWholeSchema(
  draft: JsonObject,
  op: PatchOpName,
  schema: string,
  value: Json | undefined,
  mode: Mode,
): Step {
  const known = canonicalSchemaUrn(schema);
  if (known !== undefined && known !== CORE_USER_URN && !known.endsWith(':User')) {
    return fail('invalidPath', `"${schema}" is not a User schema`);
  }
  const container = resolveContainer(draft, schema);
  if (op === 'remove' || value === null || value === undefined) {
    if (container === undefined) return fail('invalidPath', 'the User resource itself cannot be removed');
    Reflect.deleteProperty(draft, container);
    return DONE;
  }
  if (!isJsonObject(value)) return fail('invalidValue', `value for "${schema}" must be an object`);
  return applyAttributes(draft, op, container ?? CORE_USER_URN, value, mode);
}

// RFC 7644 §3.5.2: a client MUST NOT modify readOnly attributes (id, meta, groups) →
// 400 mutability. In a path-less value, clients echo them: `meta` and `schemas` are
// ignored, and `id`/`groups` are ignored when unchanged (Okta sends the same id, §6 C9).
function checkMutability(
  slot: AttrSlot,
  path: PatchPath,
  current: Json | undefined,
  value: Json | undefined,
  mode: Mode,
): Result<'apply' | 'skip'> {
  const kind = slot.def?.kind;
  if (kind === 'ignored') return ok('skip');
  if (kind !== 'readOnly') return ok('apply');
  const whole = path.filter === undefined && path.subAttr === undefined;
  if (mode === 'pathless' && slot.name === 'meta') return ok('skip');
  if (mode === 'pathless' && whole && unchanged(slot.name, current, value)) return ok('skip');
  return fail('mutability', `"${slot.name}" is read-only`);
}

function unchanged(name: string, current: Json | undefined, value: Json | undefined): boolean {
  if (name === 'groups') return deepEqual(current ?? [], value ?? []);
  return value !== undefined && deepEqual(current, value);
}

function nextValue(
  slot: AttrSlot,
  path: PatchPath,
  current: Json | undefined,
  op: PatchOpName,
  value: Json | undefined,
): Result<Json | undefined> {
  const { def, name } = slot;
  const sub = path.subAttr === undefined ? undefined : canonicalSubAttr(def, path.subAttr);
  if (path.subAttr !== undefined && sub === undefined)
    return fail('invalidPath', `"${name}" has no sub-attribute "${path.subAttr}"`);
  if (def?.kind === 'manager') {
    if (path.filter !== undefined) return fail('invalidPath', '"manager" is single-valued; it cannot take a filter');
    return patchManager(current, op, sub, value);
  }
  if (def?.kind === 'multi' || (def === undefined && (path.filter !== undefined || Array.isArray(current)))) {
    const values = Array.isArray(current) ? current : current === undefined || current === null ? [] : [current];
    const next = patchMultiValued(
      values,
      op,
      { name, def, ...(path.filter ? { filter: path.filter } : {}), ...(sub ? { subAttr: sub } : {}) },
      value,
    );
    return next.ok ? ok(next.value.length === 0 ? undefined : next.value) : next;
  }
  // RFC 7644 §3.5.2: a value filter only applies to multi-valued attributes.
  if (path.filter !== undefined) return fail('invalidPath', `"${name}" is not multi-valued; it cannot take a filter`);
  if (def?.kind === 'complex' || (def === undefined && sub !== undefined))
    return patchComplex(def, name, current, op, sub, value);
  if (sub !== undefined) return fail('invalidPath', `"${name}" has no sub-attributes`);
  return patchSimple(def, name, op, value);
}

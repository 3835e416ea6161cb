// Turns Group PATCH operations into a change plan (RFC 7644 §3.5.2; research §1.9, §2.7)
// without reading the current member list: membership work stays O(change), not O(group).
import type { FilterNode as Filter } from '../../../core/scim-schema/filter-syntax.js';
import { getCI, isJsonObject } from './json-utils.js';
import { parsePatchPath, type PatchPath } from './patch-path.js';
import { DONE, fail, ok } from './result.js';
import { CORE_GROUP_URN } from './schema-urns.js';
import type { GroupPatchPlan, Json, JsonObject, PatchOpName, PatchOperation, Result } from './types.js';

/** The group attributes a plan needs; members are deliberately absent. */
export interface GroupPatchTarget {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
}

type Mode = 'explicit' | 'pathless';
type Step = Result<undefined>;

// Membership changes compose in operation order. Invariant: when `replace` is set,
// `add` and `remove` are empty, because the replacement set already says everything.
interface PlanState {
  displayName?: string;
  externalId?: string | null;
  add: Set<string>;
  remove: Set<string>;
  replace?: Set<string>;
}

/** Plans a group PATCH: attribute changes that differ from `current`, plus member ids to add, remove or replace. */
export function planGroupPatch(current: GroupPatchTarget, ops: readonly PatchOperation[]): Result<GroupPatchPlan> {
  const state: PlanState = { add: new Set(), remove: new Set() };
  for (const [index, op] of ops.entries()) {
    const step = planOperation(state, current, op);
    if (!step.ok) return fail(step.error.scimType, `Operations[${String(index)}]: ${step.error.detail}`);
  }
  return ok(toPlan(state, current));
}

/**
 * The plan of a PATCH whose operations name no attribute of the group but its members, made before
 * the group is read (such a plan does not depend on it); undefined for any other PATCH. Planned
 * against two groups that differ in every attribute a plan compares: an operation naming one would
 * show in the plan for at least one of them.
 */
export function planMembersPatch(id: string, ops: readonly PatchOperation[]): GroupPatchPlan | undefined {
  const plans = [
    planGroupPatch({ id, displayName: 'a', externalId: null }, ops),
    planGroupPatch({ id, displayName: 'b', externalId: 'b' }, ops),
  ];
  for (const p of plans)
    if (!p.ok || p.value.displayName !== undefined || p.value.externalId !== undefined || p.value.replaceMembers)
      return undefined;
  return plans[0]?.ok ? plans[0].value : undefined;
}

function toPlan(state: PlanState, current: GroupPatchTarget): GroupPatchPlan {
  // Unchanged values are dropped: Okta re-sends the name with every membership PATCH (research §2.7).
  const plan: GroupPatchPlan = { addMembers: [...state.add], removeMembers: [...state.remove] };
  if (state.displayName !== undefined && state.displayName !== current.displayName)
    plan.displayName = state.displayName;
  if (state.externalId !== undefined && state.externalId !== current.externalId) plan.externalId = state.externalId;
  if (state.replace !== undefined) plan.replaceMembers = [...state.replace];
  return plan;
}

function planOperation(state: PlanState, current: GroupPatchTarget, op: PatchOperation): Step {
  if (op.path === undefined) {
    if (op.op === 'remove') return fail('noTarget', '"remove" requires a "path"'); // RFC 7644 §3.5.2.2
    if (!isJsonObject(op.value)) return fail('invalidValue', `"${op.op}" without "path" requires an object "value"`);
    return planAttributes(state, current, op.op, op.value);
  }
  const path = parsePatchPath(op.path);
  if (!path.ok) return path;
  return planPath(state, current, op.op, path.value, op.value, 'explicit');
}

// Okta renames with a path-less replace of `{ id, displayName }` (research §2.7).
function planAttributes(state: PlanState, current: GroupPatchTarget, op: PatchOpName, value: JsonObject): Step {
  for (const [key, item] of Object.entries(value)) {
    const path = parsePatchPath(key);
    if (!path.ok) return fail(path.error.scimType, `value key: ${path.error.detail}`);
    const step = planPath(state, current, op, path.value, item, 'pathless');
    if (!step.ok) return step;
  }
  return DONE;
}

function planPath(
  state: PlanState,
  current: GroupPatchTarget,
  op: PatchOpName,
  path: PatchPath,
  value: Json | undefined,
  mode: Mode,
): Step {
  if (path.schema !== undefined && path.schema.toLowerCase() !== CORE_GROUP_URN.toLowerCase()) {
    return fail('invalidPath', `Group has no schema "${path.schema}"`);
  }
  if (path.attr === undefined) {
    if (op === 'remove' || !isJsonObject(value))
      return fail('invalidPath', 'the Group resource itself cannot be the target');
    return planAttributes(state, current, op, value);
  }
  const attr = path.attr.toLowerCase();
  const whole = path.filter === undefined && path.subAttr === undefined;
  switch (attr) {
    case 'members':
      return planMembers(state, op, path, value);
    case 'schemas':
      return DONE; // server-managed; clients echo it
    case 'meta':
      // RFC 7644 §3.5.2: readOnly. Echoed in path-less values, so ignored there.
      return mode === 'pathless' ? DONE : fail('mutability', '"meta" is read-only');
    case 'id':
      // Okta's rename carries the group's own id (research §6 C9): equal is tolerated.
      return mode === 'pathless' && whole && value === current.id ? DONE : fail('mutability', '"id" is read-only');
  }
  if (!whole) return fail('invalidPath', `"${path.attr}" takes no filter or sub-attribute`);
  if (attr === 'displayname') return planDisplayName(state, op, value);
  if (attr === 'externalid') return planExternalId(state, op, value);
  return fail('invalidPath', `Group has no attribute "${path.attr}"`);
}

function planDisplayName(state: PlanState, op: PatchOpName, value: Json | undefined): Step {
  // RFC 7643 §4.2: displayName is required, so it cannot be removed or nulled.
  if (op === 'remove' || value === null || value === undefined)
    return fail('invalidValue', '"displayName" is required');
  if (typeof value !== 'string' || value.trim() === '')
    return fail('invalidValue', '"displayName" must be a non-empty string');
  state.displayName = value;
  return DONE;
}

function planExternalId(state: PlanState, op: PatchOpName, value: Json | undefined): Step {
  if (op === 'remove' || value === null || value === undefined || value === '') {
    state.externalId = null;
    return DONE;
  }
  if (typeof value !== 'string') return fail('invalidValue', '"externalId" must be a string');
  state.externalId = value;
  return DONE;
}

function planMembers(state: PlanState, op: PatchOpName, path: PatchPath, value: Json | undefined): Step {
  if (path.subAttr !== undefined) return fail('invalidPath', 'member sub-attributes cannot be patched');
  if (path.filter !== undefined) {
    // RFC 7644 §3.5.2.2 (Entra with aadOptscim062020, Okta): remove `members[value eq "id"]`.
    if (op !== 'remove') return fail('invalidPath', 'a "members" filter is supported only by "remove"');
    const ids = idsFromFilter(path.filter);
    if (!ids.ok) return ids;
    removeIds(state, ids.value);
    return DONE;
  }
  if (op === 'remove' || op === 'replace') {
    // RFC 7644 §3.5.2.2: remove without filter removes all members; replace null likewise.
    if (value === undefined || value === null) return replaceIds(state, []);
  }
  const ids = memberIds(value ?? null);
  if (!ids.ok) return ids;
  // remove + value array is Entra's legacy member removal (research §1.9).
  if (op === 'remove') removeIds(state, ids.value);
  else if (op === 'replace') replaceIds(state, ids.value);
  else addIds(state, ids.value);
  return DONE;
}

// Member values: `{ value, display?, $ref?: null | string, type? }`, one object, or a bare
// id string (Microsoft's tests send one, research §6 C5). Extra keys are ignored.
function memberIds(value: Json): Result<string[]> {
  const items = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const item of items) {
    const id = typeof item === 'string' ? item : isJsonObject(item) ? getCI(item, 'value') : undefined;
    if (typeof id !== 'string' || id.trim() === '')
      return fail('invalidValue', 'each member needs a non-empty "value" (the member id)');
    ids.push(id);
  }
  return ok(ids);
}

// Only `value eq "id"`, alone or joined by `or`, names members without reading the group.
function idsFromFilter(filter: Filter): Result<string[]> {
  if (filter.op === 'or') {
    const ids: string[] = [];
    for (const f of filter.filters) {
      const part = idsFromFilter(f);
      if (!part.ok) return part;
      ids.push(...part.value);
    }
    return ok(ids);
  }
  const attr = 'attrPath' in filter ? filter.attrPath.toLowerCase() : '';
  if (
    filter.op === 'eq' &&
    (attr === 'value' || attr === 'members.value') &&
    typeof filter.compValue === 'string' &&
    filter.compValue !== ''
  ) {
    return ok([filter.compValue]);
  }
  return fail('invalidFilter', 'a "members" filter must be `value eq "<id>"`, optionally joined with "or"');
}

function addIds(state: PlanState, ids: readonly string[]): void {
  for (const id of ids) {
    if (state.replace !== undefined) state.replace.add(id);
    else {
      state.remove.delete(id);
      state.add.add(id);
    }
  }
}

function removeIds(state: PlanState, ids: readonly string[]): void {
  for (const id of ids) {
    if (state.replace !== undefined) state.replace.delete(id);
    else {
      state.add.delete(id);
      state.remove.add(id);
    }
  }
}

function replaceIds(state: PlanState, ids: readonly string[]): Step {
  state.replace = new Set(ids);
  state.add.clear();
  state.remove.clear();
  return DONE;
}

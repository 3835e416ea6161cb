// Reads and writes one attribute of a resource draft, top level or inside an extension object.
import { isJsonObject, omitKey } from './json-utils.js';
import type { AttrSlot } from './user-schema.js';
import type { Json, JsonObject } from './types.js';

/** The attribute's current value, or undefined when unassigned. */
export function readSlot(draft: JsonObject, slot: AttrSlot): Json | undefined {
  const holder = slot.container === undefined ? draft : draft[slot.container];
  return isJsonObject(holder) ? holder[slot.name] : undefined;
}

/**
 * Sets the attribute, or removes it when `value` is undefined. An extension object is
 * created on first write and dropped once empty, so no `{}` shells are left behind.
 */
export function writeSlot(draft: JsonObject, slot: AttrSlot, value: Json | undefined): void {
  if (slot.container === undefined) {
    if (value === undefined) Reflect.deleteProperty(draft, slot.name);
    else draft[slot.name] = value;
    return;
  }
  const existing = draft[slot.container];
  if (value === undefined && !isJsonObject(existing)) return;
  const base: JsonObject = isJsonObject(existing) ? existing : {};
  const holder = value === undefined ? omitKey(base, slot.name) : { ...base, [slot.name]: value };
  if (Object.keys(holder).length === 0) Reflect.deleteProperty(draft, slot.container);
  else draft[slot.container] = holder;
}

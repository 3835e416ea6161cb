// Bounds on the shape of JSON a SCIM client may send and Roster may store (SPEC "Bad input").
// Every walk over request JSON (PATCH value checks, Bulk bulkId resolution, projection, the
// response serialiser, structuredClone) is recursive; a body nested a few thousand levels deep
// overflowed the stack in each of them. Bodies are therefore checked once, iteratively, when they
// are parsed, and custom attributes (the only free-form JSON that is stored) more tightly.

/**
 * The deepest nesting a request body may have. A SCIM User is at most 4 levels deep (an
 * extension block holding `manager`), a PatchOp or BulkRequest wrapper adds 3 to 4; 64 leaves
 * room for custom attributes inside a Bulk PATCH and still keeps every recursive walk shallow.
 */
export const MAX_BODY_DEPTH = 64;

/** The deepest nesting one stored custom attribute may have (RFC 7643 complex attributes are 2). */
export const MAX_CUSTOM_ATTRIBUTE_DEPTH = 10;

/** The most a user's custom attributes may take together, as JSON text. */
export const MAX_CUSTOM_ATTRIBUTES_BYTES = 64 * 1024;

interface Frame {
  value: unknown;
  depth: number;
  key: string;
  parent: Frame | undefined;
}

/**
 * The path (`Operations[0].value.office`) of the first place where `value` nests deeper than
 * `maxDepth` objects and arrays, or undefined when it does not. Iterative: safe on any depth.
 */
export function tooDeepAt(value: unknown, maxDepth: number, rootKey = ''): string | undefined {
  const stack: Frame[] = [{ value, depth: 0, key: rootKey, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (typeof frame.value !== 'object' || frame.value === null) continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth) return pathOf(frame);
    if (Array.isArray(frame.value)) {
      frame.value.forEach((v: unknown, i) => stack.push({ value: v, depth, key: `[${i}]`, parent: frame }));
    } else {
      for (const [k, v] of Object.entries(frame.value))
        stack.push({ value: v, depth, key: frame.parent || frame.key ? `.${k}` : k, parent: frame });
    }
  }
  return undefined;
}

// The first few segments name the attribute; a path thousands of segments long helps no one.
function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f !== undefined; f = f.parent) keys.push(f.key);
  keys.reverse();
  const shown = keys.slice(0, 8).join('');
  return keys.length > 8 ? `${shown}…` : shown;
}

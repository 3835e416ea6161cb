// Generators for what a hostile or broken SCIM client sends: filter texts (every operator,
// and/or/not in every position, value paths, escapes, unicode, very long and deeply nested),
// PATCH bodies, Bulk requests and nested JSON. Valid shapes and broken ones are mixed on purpose.
import fc from 'fast-check';

export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const COMPARE = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

const caseVariants = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(word, word.toUpperCase(), word.charAt(0).toUpperCase() + word.slice(1));

const attrPath = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'userName',
      'title',
      'displayName',
      'externalId',
      'id',
      'active',
      'emails',
      'emails.value',
      'emails.type',
      'emails.primary',
      'name.givenName',
      'name',
      'meta.created',
      'meta.lastModified',
      'meta.resourceType',
      'schemas',
      'groups',
      'groups.value',
      'members',
      'members.value',
      'members.display',
      'addresses.locality',
      'password',
      'manager',
      `${ENTERPRISE}:department`,
      'urn:ietf:params:scim:schemas:core:2.0:User:userName',
      'value',
      'type',
      'display',
      'primary',
    ),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z$_0-9][\w.:$%/-]{0,24}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'not',
      'and',
      'or',
      'pr',
      'eq',
    ),
  },
);

const operator = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...COMPARE).chain(caseVariants) },
  { weight: 1, arbitrary: fc.constantFrom('xx', 'pr', 'not', '=', '==', 'constructor', '') },
);

const unicodeText = fc.string({ unit: 'binary', maxLength: 40 });
const value = fc.oneof(
  { weight: 6, arbitrary: unicodeText.map((s) => JSON.stringify(s)) },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: fc.constantFrom('a', '"', '\\', '\n', ' ', ']', ')', 'u', '0', 'é', '\u2028'), maxLength: 30 })
      .map((s) => `"${s}"`),
  },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'true',
      'false',
      'null',
      'True',
      '"True"',
      '"2026-11-23T09:00:00Z"',
      '"2026-13-45"',
      '-5',
      '1e999',
      'jyoung',
    ),
  },
  { weight: 1, arbitrary: fc.nat(40).map((n) => `"${'\n'.repeat(n)}\\\n"`) },
);

/** A filter text from the RFC grammar, with broken pieces mixed in. */
export const filterText: fc.Arbitrary<string> = fc.letrec<{ expr: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    { weight: 5, arbitrary: fc.tuple(attrPath, operator, value).map(([a, o, v]) => `${a} ${o} ${v}`) },
    { weight: 2, arbitrary: attrPath.map((a) => `${a} pr`) },
    { weight: 2, arbitrary: fc.tuple(attrPath, tie('expr')).map(([a, f]) => `${a}[${f}]`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(attrPath, tie('expr'), attrPath, operator, value)
        .map(([a, f, s, o, v]) => `${a}[${f}].${s} ${o} ${v}`),
    },
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: tie('leaf') },
    {
      weight: 2,
      arbitrary: fc
        .tuple(tie('expr'), fc.constantFrom('and', 'or', 'AND', 'Or', 'not', 'and not'), tie('expr'))
        .map(([l, o, r]) => `${l} ${o} ${r}`),
    },
    { weight: 1, arbitrary: tie('expr').map((f) => `not (${f})`) },
    { weight: 1, arbitrary: tie('expr').map((f) => `not ${f}`) },
    { weight: 1, arbitrary: tie('expr').map((f) => `(${f})`) },
  ),
})).expr;

/** Valid and broken filters, mutated, and pathological in length and depth. */
export const anyFilter: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: filterText },
  {
    weight: 3,
    arbitrary: fc
      .tuple(filterText, fc.nat(), fc.constantFrom('(', ')', '[', ']', '"', '\\', ' not ', '\n', '.', 'é', '\u0000'))
      .map(([f, i, c]) => f.slice(0, i % (f.length + 1)) + c + f.slice(i % (f.length + 1))),
  },
  { weight: 1, arbitrary: fc.nat(3000).map((n) => `${'('.repeat(n)}userName pr${')'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.nat(3000).map((n) => `${'not '.repeat(n)}userName pr`) },
  { weight: 1, arbitrary: fc.nat(1200).map((n) => Array.from({ length: n + 1 }, () => 'title pr').join(' and ')) },
  { weight: 1, arbitrary: fc.nat(2000).map((n) => `emails${'['.repeat(n)}value pr${']'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.nat(6000).map((n) => `userName eq "${'x'.repeat(n)}"`) },
  { weight: 1, arbitrary: fc.nat(6000).map((n) => `userName eq ${'1'.repeat(n)}x`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** How deep and of what kind a nested JSON value is; built by `buildNested` (fast-check never prints the value). */
export const nestedShape = (maxDepth: number): fc.Arbitrary<{ depth: number; kind: 'object' | 'array' | 'mixed' }> =>
  fc.record({
    depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: maxDepth })),
    kind: fc.constantFrom('object', 'array', 'mixed'),
  });

/** JSON nested `depth` levels deep, as objects, arrays or both. */
export function buildNested(shape: { depth: number; kind: 'object' | 'array' | 'mixed' }): unknown {
  return JSON.parse(nestedText(shape));
}

/** The JSON text of buildNested: deep values are sent as text, since JSON.stringify overflows on them. */
export function nestedText({ depth, kind }: { depth: number; kind: 'object' | 'array' | 'mixed' }): string {
  const open: string[] = [];
  for (let i = 0; i < depth; i++) open.push(kind === 'object' || (kind === 'mixed' && i % 2 === 0) ? '{"a":' : '[');
  const close = open.map((o) => (o === '[' ? ']' : '}')).reverse();
  return `${open.join('')}"leaf"${close.join('')}`;
}

const jsonValue = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'True',
      'False',
      '',
      'x@example.com',
      'bulkId:b1',
      [{ value: 'v', type: 'work', primary: 'True' }],
      { value: null },
    ),
  },
  { weight: 1, arbitrary: nestedShape(12).map(buildNested) },
);

const patchPath = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'title',
      'displayName',
      'emails',
      'emails[type eq "work"].value',
      'emails[type eq "work"]',
      'name.givenName',
      'name',
      'active',
      'userName',
      'externalId',
      `${ENTERPRISE}:department`,
      `${ENTERPRISE}:manager`,
      'phoneNumbers[type eq "work"].value',
      'addresses[type eq "work"].locality',
      'members',
      'displayName',
      'office',
      'urn:example:ext:2.0:User:office',
      'urn:foo',
      'urn:foo:',
      'emails[]',
      'emails[type eq "work"',
      'groups',
      'id',
      'meta.created',
      'schemas',
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('emails', 'members', 'addresses', 'phoneNumbers', 'groups', 'title'),
        anyFilter,
        fc.constantFrom('', '.value', '.type', '.display', '.x'),
      )
      .map(([a, f, s]) => `${a}[${f}]${s}`),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);

const patchOperation = fc.record(
  {
    op: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('add', 'replace', 'remove').chain(caseVariants) },
      { weight: 1, arbitrary: fc.constantFrom('move', 42, null) },
    ),
    path: fc.oneof({ weight: 12, arbitrary: patchPath }, { weight: 1, arbitrary: fc.constantFrom(null, '', 7) }),
    value: fc.oneof(
      { weight: 4, arbitrary: jsonValue },
      { weight: 2, arbitrary: fc.dictionary(patchPath, jsonValue, { maxKeys: 3 }) },
    ),
  },
  { requiredKeys: ['op'] },
);

/** A PATCH body: usually a PatchOp, sometimes not. */
export const patchBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(patchOperation, { minLength: 1, maxLength: 4 })
      .map((Operations) => ({ schemas: [PATCH_OP_URN], Operations })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      schemas: fc.constantFrom([], ['x'], null),
      Operations: fc.array(patchOperation, { maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** A user body for POST or PUT, with a unique-ish userName and bulkId references. */
export const userBody = (tag: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      userName: fc.oneof(
        fc.uuid().map((u) => `${tag}-${u}@example.com`),
        fc.constantFrom('', 42, null),
      ),
      title: fc.oneof(unicodeText, fc.constantFrom(7, true, ['x'])),
      emails: fc.constantFrom([{ value: 'a@example.com', type: 'work', primary: true }], 'x', [{ value: 'bulkId:b2' }]),
      [ENTERPRISE]: fc.record(
        { manager: fc.constantFrom('bulkId:b1', 'bulkId:b2', 'bulkId:nope', { value: 'bulkId:b3' }, 'no-such-user') },
        { requiredKeys: [] },
      ),
      office: jsonValue,
    },
    { requiredKeys: ['userName'] },
  );

const groupBody = fc.record({
  displayName: fc.oneof(
    fc.uuid().map((u) => `fuzz-group-${u}`),
    fc.constantFrom('', null),
  ),
  members: fc.array(
    fc.record({
      value: fc.constantFrom(
        'bulkId:b1',
        'bulkId:b2',
        'bulkId:b3',
        'bulkId:missing',
        'not-a-user',
        '00000000-0000-7000-8000-000000000000',
      ),
    }),
    { maxLength: 3 },
  ),
});

const bulkOperation = (scratchUserId: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      method: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE').chain(caseVariants) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'HEAD', 3) },
      ),
      path: fc.oneof(
        {
          weight: 12,
          arbitrary: fc.constantFrom(
            '/Users',
            '/Groups',
            '/Users/bulkId:b1',
            '/Users/bulkId:b2',
            '/Groups/bulkId:b3',
            '/Groups/bulkId:missing',
            '/Users/00000000-0000-7000-8000-000000000000',
            `/Users/${scratchUserId}`,
          ),
        },
        { weight: 1, arbitrary: fc.constantFrom('/Users/a/b', '/Nope', '') },
      ),
      bulkId: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('b1', 'b2', 'b3') },
        { weight: 1, arbitrary: fc.constantFrom('', 5) },
      ),
      data: fc.oneof(userBody('bulk'), groupBody, patchBody, jsonValue),
      version: fc.constantFrom('W/"1"', 'W/"999"', 'garbage'),
    },
    { requiredKeys: ['method', 'path'] },
  );

/** A Bulk request: references, forward references and cycles between bulkIds, unknown ids. */
export const bulkBody = (scratchUserId: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        {
          schemas: fc.constant([BULK_URN]),
          Operations: fc.array(bulkOperation(scratchUserId), { minLength: 1, maxLength: 5 }),
          failOnErrors: fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(undefined, 1, 2) },
            { weight: 1, arbitrary: fc.constantFrom(0, 'x') },
          ),
        },
        { requiredKeys: ['schemas', 'Operations'] },
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

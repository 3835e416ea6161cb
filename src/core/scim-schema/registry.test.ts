import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyProfile } from '../directory/user.js';
import { PROFILE_ATTRIBUTES, PROFILE_COLLECTIONS, profileValue, setProfileValue } from './profile-attributes.js';
import { SCHEMAS, canonicalSchemaUrn, findAttribute } from './registry.js';

describe('SCIM attribute registry', () => {
  test('names are unique within each schema and each complex attribute, aliases included', () => {
    for (const schema of SCHEMAS) {
      const level = (names: string[]) => assert.equal(new Set(names).size, names.length, `${schema.id}: ${names}`);
      level(schema.attributes.flatMap((a) => [a.name, ...(a.aliases ?? [])].map((n) => n.toLowerCase())));
      for (const a of schema.attributes) level((a.subAttributes ?? []).map((s) => s.name.toLowerCase()));
    }
  });

  test('every column-stored profile attribute is a field of the profile, read and written by its path', () => {
    const p = emptyProfile('u@example.com');
    for (const a of PROFILE_ATTRIBUTES.filter((x) => x.spec.storage.in === 'column')) {
      const holder = (a.parent === undefined ? p : p[a.parent as keyof typeof p]) as Record<string, unknown>;
      assert.ok(Object.hasOwn(holder, a.spec.name), a.path);
      setProfileValue(p, a, `v:${a.path}`);
      assert.equal(profileValue(p, a), `v:${a.path}`);
    }
    assert.equal(p.name.givenName, 'v:name.givenName');
    assert.equal(p.orgName, 'v:orgName');
  });

  test('multi-valued attributes kept as rows are the profile collections', () => {
    const p = emptyProfile('u@example.com');
    const names = PROFILE_COLLECTIONS.map((c) => c.spec.name);
    assert.deepEqual(new Set(names), new Set([...Object.keys(p.multi), 'addresses']));
  });

  test('lookups are case-insensitive and know aliases', () => {
    const roster = SCHEMAS.find((s) => s.name === 'RosterUser');
    assert.equal(findAttribute(roster?.attributes ?? [], 'C42ORGNAME')?.name, 'orgName');
    assert.equal(
      canonicalSchemaUrn('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER'),
      'urn:ietf:params:scim:schemas:core:2.0:User',
    );
    assert.equal(canonicalSchemaUrn('urn:example:other'), undefined);
  });
});

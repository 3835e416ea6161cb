import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import ts from 'typescript';
import type { AttributeSpec } from '../core/scim-schema/attribute-spec.js';
import { GROUP_RESOURCE, USER_RESOURCE, schemasOf, type ResourceTypeSpec } from '../core/scim-schema/registry.js';

// Storage agrees with the SCIM attribute registry: every column the registry says an attribute
// is kept in is a column of the table type in schema.ts (which the migrations create; the
// migrations test checks those on both databases).

/** The property names of each interface in schema.ts. */
function tableColumns(): Map<string, Set<string>> {
  const file = new URL('./schema.ts', import.meta.url);
  const source = ts.createSourceFile('schema.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out = new Map<string, Set<string>>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const names = node.members.flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : []));
    out.set(node.name.text, new Set(names));
  });
  return out;
}

/** [attribute path, column] for every column an attribute of `r` names, on the resource's table or user_values. */
function registryColumns(r: ResourceTypeSpec): { own: [string, string][]; values: [string, string][] } {
  const own: [string, string][] = [];
  const values: [string, string][] = [];
  const columns = (a: AttributeSpec): string[] => {
    const s = a.storage;
    if (s.in === 'column') return [s.column, ...(s.lowerColumn ? [s.lowerColumn] : [])];
    if (s.in === 'state') return [s.column, ...(s.orElse ? [s.orElse] : [])];
    if (s.in === 'json') return ['attributes'];
    return [];
  };
  const walk = (a: AttributeSpec, prefix: string): void => {
    const path = `${prefix}${a.name}`;
    const target = a.multiValued ? values : own;
    for (const c of columns(a)) own.push([path, c]);
    for (const s of a.subAttributes ?? []) {
      if (a.multiValued && a.storage.in === 'values') for (const c of columns(s)) target.push([`${path}.${s.name}`, c]);
      else if (!a.multiValued) walk(s, `${path}.`);
    }
  };
  for (const a of [...r.common, ...schemasOf(r).flatMap((s) => s.attributes)]) walk(a, '');
  return { own, values };
}

describe('storage schema agrees with the SCIM attribute registry', () => {
  const tables = tableColumns();
  const cases: [ResourceTypeSpec, string][] = [
    [USER_RESOURCE, 'UsersTable'],
    [GROUP_RESOURCE, 'GroupsTable'],
  ];
  for (const [resource, table] of cases) {
    test(`${resource.id} attributes kept in columns are columns of ${table}`, () => {
      const { own, values } = registryColumns(resource);
      assert.ok(own.length > 0);
      for (const [path, column] of own) assert.ok(tables.get(table)?.has(column), `${path} → ${table}.${column}`);
      for (const [path, column] of values)
        assert.ok(tables.get('UserValuesTable')?.has(column), `${path} → UserValuesTable.${column}`);
    });
  }

  test('the checker sees a column that does not exist', () => {
    assert.equal(tables.get('UsersTable')?.has('no_such_column'), false);
    assert.equal(tables.get('UsersTable')?.has('user_name'), true);
  });
});

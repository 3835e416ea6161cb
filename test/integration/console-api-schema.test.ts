import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { API_SCHEMA_FILE, renderApiTypes } from '../../src/cli/api-types.js';

// The console talks to the admin API through types generated from its OpenAPI document (STYLE
// layout): a route whose schema changed without `npm run gen:api` fails here, not in the browser.
test('console/src/api/schema.d.ts matches the OpenAPI document of the current routes', async () => {
  const committed = await readFile(API_SCHEMA_FILE, 'utf8');
  const current = await renderApiTypes();
  assert.ok(current.includes("'/api/v1/users/{id}'"), 'the generated types describe the admin API');
  assert.ok(committed === current, 'console/src/api/schema.d.ts is stale: run `npm run gen:api` and commit it');
});

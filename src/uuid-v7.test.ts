import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuidV7 } from './uuid-v7.js';

test('uuidV7 has the RFC 9562 layout, sorts by time and does not repeat', () => {
  const a = uuidV7(Date.parse('2026-11-23T00:00:00Z'));
  const b = uuidV7(Date.parse('2026-11-23T00:00:00.001Z'));
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(a < b, 'a later id sorts after an earlier one');
  assert.equal(a.slice(0, 13).replace('-', ''), Date.parse('2026-11-23T00:00:00Z').toString(16).padStart(12, '0'));
  const many = new Set(Array.from({ length: 5000 }, () => uuidV7()));
  assert.equal(many.size, 5000);
});

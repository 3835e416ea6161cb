import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListPositions } from './list-positions.js';

test('nearest: the remembered position of the same list closest before the offset', () => {
  const p = new ListPositions();
  p.remember('a', 100, 'id-100');
  p.remember('a', 200, 'id-200');
  p.remember('a', 300, 'id-300');
  p.remember('a\u0000x', 250, 'other-list');
  p.remember('b', 260, 'other-list');
  assert.deepEqual(p.nearest('a', 250), { offset: 200, id: 'id-200' });
  assert.deepEqual(p.nearest('a', 300), { offset: 300, id: 'id-300' });
  assert.deepEqual(p.nearest('a', 5000), { offset: 300, id: 'id-300' });
  assert.equal(p.nearest('a', 99), undefined, 'nothing remembered before it: skip from the start');
  assert.equal(p.nearest('c', 500), undefined);
});

test('nearest forgets positions the bounded map dropped', () => {
  const p = new ListPositions(2);
  p.remember('a', 100, 'id-100');
  p.remember('a', 200, 'id-200');
  p.remember('a', 300, 'id-300');
  assert.equal(p.nearest('a', 150), undefined);
  assert.deepEqual(p.nearest('a', 250), { offset: 200, id: 'id-200' });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword } from './password-policy.js';

test('password policy: length, username, common passwords', () => {
  const table: [password: string, userName: string, expected: string | null][] = [
    ['short-one', 'ann@example.com', 'must be at least 12 characters long'],
    ['ééééééééééé', 'ann@example.com', 'must be at least 12 characters long'], // 11 characters, 22 bytes
    ['x'.repeat(257), 'ann@example.com', 'must be at most 256 characters'],
    ['Ann.Example@Example.COM', 'ann.example@example.com', 'must not be the username'],
    ['ann.longname', 'ann.longname@example.com', 'must not be the username'],
    ['qwerty123456', 'ann@example.com', 'is one of the most common passwords'],
    ['QWERTY123456', 'ann@example.com', 'is one of the most common passwords'],
    ['plum-Orchard-42-kites', 'ann@example.com', null],
    ['twelve-chars', 'ann@example.com', null],
  ];
  for (const [password, userName, expected] of table) {
    const r = checkPassword(password, userName);
    assert.deepEqual(r, expected === null ? { ok: true } : { ok: false, reason: expected }, password);
  }
});

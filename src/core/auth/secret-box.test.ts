import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SecretBox } from './secret-box.js';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('JBSWY3DPEHPK3PXP', 'mfa:t1:u1');

  test('opens what it sealed, under the same context; each seal differs', () => {
    assert.equal(box.open(sealed, 'mfa:t1:u1'), 'JBSWY3DPEHPK3PXP');
    assert.notEqual(box.seal('JBSWY3DPEHPK3PXP', 'mfa:t1:u1'), sealed, 'a fresh IV per seal');
    assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
  });

  const refusals: [string, () => string][] = [
    ['another context (a row copied to another user)', () => box.open(sealed, 'mfa:t1:u2')],
    ['another key', () => new SecretBox(randomBytes(32)).open(sealed, 'mfa:t1:u1')],
    [
      'an altered ciphertext',
      () => box.open(`${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'BB' : 'AA'}`, 'mfa:t1:u1'),
    ],
    ['not a sealed value', () => box.open('JBSWY3DPEHPK3PXP', 'mfa:t1:u1')],
  ];
  for (const [name, open] of refusals) test(`refuses ${name}`, () => assert.throws(open));

  test('needs a 32-byte key', () => assert.throws(() => new SecretBox(randomBytes(16))));
});

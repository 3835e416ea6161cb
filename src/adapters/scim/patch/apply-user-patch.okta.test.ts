// Okta request bodies, copied from research doc §2.5–§2.7 and §2.10 (source S18).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { patchBody, patchError, patchOk, sampleUser } from './test-support.js';

describe('Okta user PATCH', () => {
  test('deactivate: path-less replace { active: false } (§2.6)', () => {
    const user = patchOk(sampleUser(), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    assert.equal(user['active'], false);
    assert.equal(user['userName'], 'jyoung@contoso.com');
  });

  test('reactivate: path-less replace { active: true } (§2.6, inferred)', () => {
    const user = patchOk({ ...sampleUser(), active: false }, patchBody({ op: 'replace', value: { active: true } }));
    assert.equal(user['active'], true);
  });

  test('password sync: path-less replace { password } is passed through for the caller', () => {
    const user = patchOk(sampleUser(), patchBody({ op: 'replace', value: { password: 'n3w-Secret' } }));
    assert.equal(user['password'], 'n3w-Secret');
  });

  test('path-less value echoing id (same), meta and schemas is accepted (§2.10)', () => {
    const start = sampleUser();
    const user = patchOk(
      start,
      patchBody({
        op: 'replace',
        value: {
          id: '2819c223-7f76-453a-919d-413861904646',
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          meta: { resourceType: 'User' },
          groups: [],
          displayName: 'Joy Y.',
        },
      }),
    );
    assert.equal(user['displayName'], 'Joy Y.');
    assert.deepEqual(user['meta'], start['meta']);
    assert.deepEqual(user['schemas'], start['schemas']);
    assert.equal(user['groups'], undefined);
  });

  test('path-less value with a different id → mutability', () => {
    const err = patchError(sampleUser(), patchBody({ op: 'replace', value: { id: 'someone-else', displayName: 'x' } }));
    assert.equal(err.scimType, 'mutability');
  });

  test('path-less value with different groups → mutability', () => {
    const err = patchError(sampleUser(), patchBody({ op: 'replace', value: { groups: [{ value: 'g1' }] } }));
    assert.equal(err.scimType, 'mutability');
  });

  test('path-less complex name is merged, not replaced (RFC 7644 §3.5.2.3)', () => {
    const user = patchOk(
      sampleUser(),
      patchBody({ op: 'replace', value: { name: { givenName: 'Another', middleName: 'Excited' } } }),
    );
    assert.deepEqual(user['name'], {
      formatted: 'Joy Young',
      familyName: 'Young',
      givenName: 'Another',
      middleName: 'Excited',
    });
  });

  test('path-less emails replace the whole array', () => {
    const user = patchOk(
      sampleUser(),
      patchBody({
        op: 'replace',
        value: {
          emails: [{ primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' }],
        },
      }),
    );
    assert.deepEqual(user['emails'], [
      { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
    ]);
  });
});

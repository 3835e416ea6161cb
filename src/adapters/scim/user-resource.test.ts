// The SCIM User mapper: wire ⇄ domain (RFC 7643 §4.1, §4.3), with the shapes real IdPs send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { User } from '../../core/directory/user.js';
import { CORE_USER_URN, ENTERPRISE_USER_URN } from './patch/schema-urns.js';
import { fromScimUser, toScimUser } from './user-resource.js';

const BASE = 'https://roster.test/scim/p1/v2';
const CUSTOM_URN = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';

function stored(body: unknown): User {
  const input = fromScimUser(body);
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: 'u1',
    tenantId: 't1',
    providerId: 'p1',
    orgId: 'o1',
    status: 'active',
    adminBlocked: false,
    deactivationState: null,
    deactivatedAt: null,
    scimActive: input.active ?? true,
    managerId: null,
    pendingManager: null,
    notInRoleMapping: false,
    removedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    profile: input.profile,
  };
}

describe('toScimUser', () => {
  test('lists a custom extension in schemas even though Entra did not (RFC 7643 §3; research §1.4, S6)', () => {
    const out = toScimUser(
      {
        user: stored({ schemas: [CORE_USER_URN], userName: 'a@b.com', [CUSTOM_URN]: { CustomAttribute: 'x' } }),
        groups: [],
      },
      BASE,
    );
    assert.deepEqual(out.schemas, [CORE_USER_URN, CUSTOM_URN]);
    assert.deepEqual(out[CUSTOM_URN], { CustomAttribute: 'x' });
  });

  test('a custom top-level attribute that is not an extension block adds no schema', () => {
    const out = toScimUser(
      { user: stored({ userName: 'a@b.com', costCentreCode: 'X1', [`${CUSTOM_URN}:flat`]: 'v' }), groups: [] },
      BASE,
    );
    assert.deepEqual(out.schemas, [CORE_USER_URN]);
    assert.equal(out.costCentreCode, 'X1');
  });

  test("Entra's malformed enterprise URN (…enterprise:2.0User) is neither stored nor listed (research §1.4 Example 2)", () => {
    const out = toScimUser(
      {
        user: stored({
          schemas: [CORE_USER_URN, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
          userName: 'a@b.com',
          department: null,
          manager: null,
        }),
        groups: [],
      },
      BASE,
    );
    assert.deepEqual(out.schemas, [CORE_USER_URN]);
    assert.ok(!(ENTERPRISE_USER_URN in out));
  });
});

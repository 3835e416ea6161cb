import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { CORE_USER_URN } from '../helpers/scim-assert.js';
import { type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// SPEC C3: an organization named by `orgName` is created under the root when missing. Concurrent
// requests naming the same new organization must all succeed and share one organization (on
// PostgreSQL the losers of the insert used to get a unique violation, i.e. a SCIM 409).

const CONCURRENCY = 8;
const ROUNDS = 5;

for (const dialect of DIALECTS) {
  describe(`concurrent creation of an organization by name on ${dialect}`, () => {
    let s: TestServer;
    let p: ScimClient;

    before(async () => {
      s = await startServer(dialect);
      p = await s.scimProvider({ name: 'Entra' });
      const unmapped = await s.admin('POST', '/organizations', { name: 'Unmapped' });
      assert.equal(unmapped.status, 201, unmapped.text);
      const res = await s.admin('PUT', `/providers/${p.providerId}/mapping`, {
        organization: { method: 'orgName', unmappedOrgId: unmapped.body.id },
        roles: { method: 'manual' },
      });
      assert.equal(res.status, 200, res.text);
    });
    after(async () => s.close());

    test(`${CONCURRENCY} concurrent SCIM creates naming one new organization: all 201, one organization, one "Created" entry`, async () => {
      const db = s.roster.db.kysely;
      for (let round = 0; round < ROUNDS; round += 1) {
        const name = `Race ${round}`;
        // Spellings that all name the same organization (trimmed, case-insensitive).
        const spellings = [name, name.toUpperCase(), ` ${name.toLowerCase()} `];
        const results = await Promise.all(
          Array.from({ length: CONCURRENCY }, (_, i) =>
            p.req('POST', '/Users', {
              schemas: [CORE_USER_URN],
              userName: `race.${round}.${i}@example.com`,
              orgName: spellings[i % spellings.length],
            }),
          ),
        );
        for (const r of results) assert.equal(r.status, 201, r.text);

        const orgs = await db
          .selectFrom('organizations')
          .select(['id', 'parent_id'])
          .where('name_lower', '=', name.toLowerCase())
          .execute();
        assert.equal(orgs.length, 1, `one organization named ${name}`);
        const orgId = orgs[0]?.id;
        const users = await db
          .selectFrom('users')
          .select(['org_id'])
          .where(
            'id',
            'in',
            results.map((r) => r.body.id as string),
          )
          .execute();
        assert.equal(users.length, CONCURRENCY);
        assert.ok(
          users.every((u) => u.org_id === orgId),
          'every user is in the one organization',
        );

        const created = await db
          .selectFrom('sync_log')
          .select(['new_value'])
          .where('change_type', '=', 'Created')
          .where('attribute', '=', 'organization')
          .execute();
        assert.equal(
          created.filter((e) => (e.new_value ?? '').trim().toLowerCase() === name.toLowerCase()).length,
          1,
          `one "Created" organization entry for ${name}`,
        );
        const moved = await db
          .selectFrom('sync_log')
          .select(['user_id'])
          .where('change_type', '=', 'Modified')
          .where('attribute', '=', 'organization')
          .where(
            'user_id',
            'in',
            results.map((r) => r.body.id as string),
          )
          .execute();
        assert.equal(moved.length, CONCURRENCY, "each user's move is logged");
      }
    });

    test(`${CONCURRENCY} concurrent admin creates of one organization name: one 201, the others a clean 409`, async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const name = `Admin race ${round}`;
        const results = await Promise.all(
          Array.from({ length: CONCURRENCY }, (_, i) =>
            s.admin('POST', '/organizations', { name: i % 2 === 0 ? name : name.toUpperCase() }),
          ),
        );
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(
          statuses,
          [201, ...Array<number>(CONCURRENCY - 1).fill(409)],
          JSON.stringify(results.map((r) => r.body)),
        );
        for (const r of results.filter((x) => x.status === 409)) {
          assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
          assert.equal(r.body.code, 'organization.name_taken', r.text);
        }
        const orgs = await s.roster.db.kysely
          .selectFrom('organizations')
          .select('id')
          .where('name_lower', '=', name.toLowerCase())
          .execute();
        assert.equal(orgs.length, 1);
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { CORE_USER_URN, createUser, email, listOf, patchOp, scim, syncLogOf } from '../helpers/scim-assert.js';
import { type ScimClient, type TestServer, startServer } from '../helpers/server.js';

// An administrator's custom field added to the Roster extension in the attribute registry
// (core/scim-schema/roster-user-schema.ts) and nowhere else: served in /Schemas, accepted on POST,
// patched, filtered in the database, read back and logged, like the attributes the RFC defines.
const ROSTER_URN = 'urn:roster:params:scim:schemas:extension:roster:2.0:User';

for (const dialect of DIALECTS) {
  describe(`a custom Roster extension attribute (costCenterCode) on ${dialect}`, () => {
    let s: TestServer;
    let p: ScimClient;
    before(async () => {
      s = await startServer(dialect);
      p = await s.scimProvider({ name: 'Okta' });
    });
    after(async () => s.close());

    const filter = async (f: string) =>
      listOf(await p.req('GET', `/Users?filter=${encodeURIComponent(f)}`))
        .Resources.map((r) => r.id)
        .sort();

    test('/Schemas lists it as a readWrite string of the Roster extension', async () => {
      const schema = scim(await p.req('GET', `/Schemas/${ROSTER_URN}`), 200);
      const attr = schema.attributes.find((a: { name: string }) => a.name === 'costCenterCode');
      assert.deepEqual(
        [attr?.type, attr?.multiValued, attr?.mutability, attr?.returned, attr?.caseExact],
        ['string', false, 'readWrite', 'default', false],
      );
    });

    test('POST, GET, PATCH, filter eq and pr, sort, and the sync log', async () => {
      const a = await createUser(p, {
        schemas: [CORE_USER_URN, ROSTER_URN],
        [ROSTER_URN]: { costCenterCode: 'CC-100' },
      });
      assert.equal(a[ROSTER_URN]?.costCenterCode, 'CC-100');
      assert.ok(a.schemas.includes(ROSTER_URN));
      const b = await createUser(p, { [ROSTER_URN]: { costCenterCode: 'cc-200' }, userName: email('b') });
      const c = await createUser(p);
      assert.equal(c[ROSTER_URN], undefined, 'absent when not set');

      assert.equal(scim(await p.req('GET', `/Users/${a.id}`), 200)[ROSTER_URN].costCenterCode, 'CC-100');

      // caseExact false (RFC 7643 §2.2): compared case-insensitively; URN-qualified or not.
      assert.deepEqual(await filter('costCenterCode eq "cc-100"'), [a.id]);
      assert.deepEqual(await filter(`${ROSTER_URN}:costCenterCode eq "CC-200"`), [b.id]);
      assert.deepEqual(await filter('costCenterCode pr'), [a.id, b.id].sort());
      assert.deepEqual(await filter('not (costCenterCode pr)').then((ids) => ids.includes(c.id)), true);

      const patched = scim(
        await p.req(
          'PATCH',
          `/Users/${c.id}`,
          patchOp({ op: 'add', path: `${ROSTER_URN}:costCenterCode`, value: 'CC-300' }),
        ),
        200,
      );
      assert.equal(patched[ROSTER_URN].costCenterCode, 'CC-300');
      // Entra's path-less form: an object of paths.
      scim(
        await p.req(
          'PATCH',
          `/Users/${a.id}`,
          patchOp({ op: 'Replace', value: { [`${ROSTER_URN}:costCenterCode`]: 'CC-101' } }),
        ),
        200,
      );
      assert.deepEqual(await filter('costCenterCode eq "CC-101"'), [a.id]);
      assert.deepEqual(await filter('costCenterCode eq "CC-100"'), []);
      assert.deepEqual(await filter('costCenterCode eq "cc-300"'), [c.id]);

      const sorted = listOf(
        await p.req('GET', '/Users?filter=costCenterCode%20pr&sortBy=costCenterCode&sortOrder=descending'),
      );
      assert.deepEqual(
        sorted.Resources.map((r) => r[ROSTER_URN].costCenterCode),
        ['CC-300', 'cc-200', 'CC-101'],
      );

      scim(
        await p.req('PATCH', `/Users/${b.id}`, patchOp({ op: 'remove', path: `${ROSTER_URN}:costCenterCode` })),
        200,
      );
      const read = scim(await p.req('GET', `/Users/${b.id}`), 200);
      assert.equal(read[ROSTER_URN]?.costCenterCode, undefined);
      assert.deepEqual(await filter('costCenterCode pr'), [a.id, c.id].sort());

      const logged = (await syncLogOf(s, a.id)).filter((e) => e.attribute === 'costCenterCode');
      assert.deepEqual(
        logged.map((e) => [e.old_value, e.new_value]),
        [['CC-100', 'CC-101']],
      );
    });

    test('a value that is not a string is 400 invalidValue, and nothing is written', async () => {
      const res = await p.req('POST', '/Users', {
        schemas: [CORE_USER_URN, ROSTER_URN],
        userName: email('bad'),
        [ROSTER_URN]: { costCenterCode: { nested: true } },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.scimType, 'invalidValue');
    });
  });
}

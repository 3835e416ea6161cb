// Okta conformance: replays, step by step, what Okta's SCIM 2.0 client sends (research
// idp-scim-behaviour.md §2, literal bodies), including Okta's "SCIM 2.0 SPEC Test" suite
// (§2.8), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { http, startServer, type ScimClient, type TestServer } from '../helpers/server.js';
import { CORE_GROUP_URN, CORE_USER_URN, listOf, noContent, patchOp, scim, scimError } from '../helpers/scim-assert.js';

// What Okta's clients send (research §2.1, §2.3, §2.8).
const OKTA_CLIENT = {
  'user-agent': 'Okta SCIM Client 1.0.0',
  accept: 'application/scim+json',
  'accept-charset': 'utf-8',
};
const SPEC_TEST = {
  accept: 'application/scim+json',
  'content-type': 'application/scim+json; charset=utf-8',
  'accept-charset': 'utf-8',
  'user-agent': 'OKTA SCIM Integration',
};
const SPEC_TEST_POST = {
  ...SPEC_TEST,
  'content-type': 'application/json',
  accept: 'application/scim+json; charset=utf-8',
};

/** Okta percent-encodes filters with %20 (research §2.3). */
const enc = (text: string): string => encodeURIComponent(text);

for (const dialect of DIALECTS) {
  describe(`Okta conformance on ${dialect}`, () => {
    let server: TestServer;
    let okta: ScimClient;

    /** The Okta create body of research §2.3 for a given userName. */
    const oktaUser = (userName: string, given = 'Test', family = 'User') => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      name: { givenName: given, familyName: family },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: `${given} ${family}`,
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    });

    async function createUser(userName = `${randomUUID()}@okta.local`): Promise<string> {
      return scim(await okta.req('POST', '/Users', oktaUser(userName), OKTA_CLIENT), 201).id;
    }
    const getUser = async (id: string) => scim(await okta.req('GET', `/Users/${id}`, undefined, OKTA_CLIENT), 200);

    before(async () => {
      server = await startServer(dialect);
      okta = await server.scimProvider({ name: 'Okta' });
      // Okta's SPEC test needs at least one user in the server beforehand (research §2.8, S21).
      for (let i = 0; i < 3; i++) await createUser(`existing.${i}@okta.local`);
    });
    after(async () => {
      await server?.close();
    });

    test('"Test Connector Configuration": GET /Users?startIndex=1&count=2 and /Groups?startIndex=1&count=100 (§2.2)', async () => {
      const users = listOf(await okta.req('GET', '/Users?startIndex=1&count=2', undefined, OKTA_CLIENT));
      assert.equal(users.startIndex, 1);
      assert.equal(users.itemsPerPage, 2);
      assert.ok(users.totalResults >= 3);
      assert.equal(users.Resources.length, 2);
      const groups = listOf(await okta.req('GET', '/Groups?startIndex=1&count=100', undefined, OKTA_CLIENT));
      assert.equal(groups.startIndex, 1);
    });

    test('create flow: %20-encoded filter with startIndex/count, then POST with password and groups: [] (§2.3)', async () => {
      const userName = 'test.user@okta.local';
      const none = listOf(
        await okta.req(
          'GET',
          `/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100`,
          undefined,
          OKTA_CLIENT,
        ),
      );
      assert.equal(none.totalResults, 0);
      assert.deepEqual(none.Resources, []);

      const res = await okta.req(
        'POST',
        '/Users',
        `{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "test.user@okta.local",
    "name": {
        "givenName": "Test",
        "familyName": "User"
    },
    "emails": [{
        "primary": true,
        "value": "test.user@okta.local",
        "type": "work"
    }],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": true
}`,
        { ...OKTA_CLIENT, 'content-type': 'application/json' },
      );
      const created = scim(res, 201);
      assert.equal(typeof created.id, 'string');
      assert.equal(created.meta.resourceType, 'User');
      assert.equal(created.userName, userName);
      assert.equal(created.externalId, '00ujl29u0le5T6Aj10h7');
      assert.deepEqual(created.name, { givenName: 'Test', familyName: 'User' });
      assert.equal(created.locale, 'en-US');
      assert.deepEqual(created.groups, [], 'groups is read-only: what Okta sent is ignored');
      // RFC 7643 §4.1.1: password is returned "never"; it is not even kept.
      assert.ok(!('password' in created));
      assert.ok(!res.text.includes('1mz050nq'));
      const got = await okta.req('GET', `/Users/${created.id}`, undefined, OKTA_CLIENT);
      assert.ok(!('password' in scim(got, 200)) && !got.text.includes('1mz050nq'));

      const db = server.roster.db.kysely;
      const row = await db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(row.password_hash, null);
      assert.ok(!JSON.stringify(row).includes('1mz050nq'), 'no column of the user row holds the password');
      const values = await db.selectFrom('user_values').selectAll().where('user_id', '=', created.id).execute();
      assert.ok(!JSON.stringify(values).includes('1mz050nq'));
      const log = await db.selectFrom('sync_log').selectAll().where('user_id', '=', created.id).execute();
      assert.ok(log.length > 0 && !JSON.stringify(log).includes('1mz050nq'), 'the sync log has no trace of it either');

      const found = listOf(
        await okta.req(
          'GET',
          `/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100`,
          undefined,
          OKTA_CLIENT,
        ),
      );
      assert.deepEqual(
        found.Resources.map((u) => u.id),
        [created.id],
      );
      // Okta's duplicate handling wants a 409 with a SCIM Error body to stop the job (§2.3).
      scimError(await okta.req('POST', '/Users', oktaUser(userName), OKTA_CLIENT), 409, 'uniqueness');
    });

    test('SPEC Test steps 1–12 (§2.8)', async () => {
      const suffix = randomUUID().slice(0, 8);
      const randomGivenName = `Given${suffix}`;
      const randomFamilyName = `Family${suffix}`;
      const randomUsername = `spec.${suffix}@example.com`;
      const randomEmail = `random.${suffix}@example.com`;
      const invalidUserEmail = `invalid.${suffix}@example.com`;
      const get = (path: string, headers: Record<string, string> = SPEC_TEST) =>
        http('GET', `${okta.baseUrl}${path}`, undefined, { authorization: okta.authorization, ...headers });

      // 1. Required: Test Users endpoint
      const s1 = listOf(await get('/Users?count=1&startIndex=1'));
      assert.equal(s1.Resources.length, 1);
      const first = s1.Resources[0];
      for (const v of [first.id, first.name.familyName, first.name.givenName, first.userName, first.emails[0].value])
        assert.ok(v, 'not empty');
      assert.equal(typeof first.active, 'boolean');
      const isvUserId: string = first.id;
      // 2. Required: Get Users/{{id}}
      const s2 = scim(await get(`/Users/${isvUserId}`), 200);
      assert.equal(s2.id, isvUserId);
      for (const v of [s2.name.familyName, s2.name.givenName, s2.userName, s2.emails[0].value]) assert.ok(v);
      // 3. Required: Test invalid User by username
      assert.equal(listOf(await get(`/Users?filter=${enc(`userName eq "${invalidUserEmail}"`)}`)).totalResults, 0);
      // 4. Required: Test invalid User by ID
      scimError(await get('/Users/010101001010101011001010101011'), 404);
      // 5. Required: Make sure random user doesn't exist
      assert.equal(listOf(await get(`/Users?filter=${enc(`userName eq "${randomEmail}"`)}`)).totalResults, 0);
      // 6. Required: Create Okta user with realistic values
      // Okta's test body byte for byte, laid out over several lines.
      const body =
        `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"${randomUsername}",` +
        `"name":{"givenName":"${randomGivenName}","familyName":"${randomFamilyName}"},` +
        `"emails":[{"primary":true,"value":"${randomEmail}","type":"work"}],` +
        `"displayName":"${randomGivenName} ${randomFamilyName}","active":true}`;
      const post = () =>
        http('POST', `${okta.baseUrl}/Users`, body, { authorization: okta.authorization, ...SPEC_TEST_POST });
      const s6 = scim(await post(), 201);
      assert.equal(s6.active, true);
      assert.ok(s6.id);
      assert.equal(s6.name.familyName, randomFamilyName);
      assert.equal(s6.name.givenName, randomGivenName);
      assert.equal(s6.userName, randomUsername);
      assert.ok(s6.schemas.includes(CORE_USER_URN));
      assert.equal(s6.emails[0].value, randomEmail);
      const idUserOne: string = s6.id;
      // 7. Required: Verify that user was created
      const s7 = scim(await get(`/Users/${idUserOne}`), 200);
      assert.deepEqual(
        [s7.userName, s7.name.familyName, s7.name.givenName],
        [randomUsername, randomFamilyName, randomGivenName],
      );
      // 8. Required: Expect failure when recreating user with same values
      const s8 = scimError(await post(), 409, 'uniqueness');
      assert.match(s8.detail, new RegExp(randomUsername.replace(/\./g, '\\.')));
      // 9. Required: Username Case Sensitivity Check (intent: userName matches case-insensitively)
      const caps = `/Users?filter=${enc(`userName eq "${randomUsername.toUpperCase()}"`)}`;
      assert.deepEqual(
        listOf(await get(caps)).Resources.map((u) => u.id),
        [idUserOne],
      );
      // 10. Optional: Verify Groups endpoint (response time < 600 ms)
      const t0 = performance.now();
      const s10 = listOf(await get('/Groups'));
      assert.ok(performance.now() - t0 < 600);
      assert.ok(Array.isArray(s10.Resources));
      // 11. Required: Check status 401
      const s11 = scimError(
        await http('GET', `${okta.baseUrl}${caps}`, undefined, { ...SPEC_TEST, authorization: 'non-token' }),
        401,
      );
      assert.equal(s11.status, '401');
      // 12. Required: Check status 404
      assert.equal(scimError(await get('/Users/00919288221112222'), 404).status, '404');
    });

    test('PUT full replace echoing id, meta, groups and emails[].display → 200, changes applied, omitted attributes cleared (§2.5)', async () => {
      const id = await createUser();
      const gid = scim(
        await okta.req(
          'POST',
          '/Groups',
          { schemas: [CORE_GROUP_URN], displayName: `PUT ${randomUUID()}`, members: [{ value: id }] },
          OKTA_CLIENT,
        ),
        201,
      ).id;
      const before = await getUser(id);
      assert.deepEqual(
        before.groups.map((g: { value: string }) => g.value),
        [gid],
      );
      assert.equal(before.displayName, 'Test User');
      assert.equal(before.locale, 'en-US');
      const userName = before.userName as string;
      const res = await okta.req(
        'PUT',
        `/Users/${id}`,
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id,
          userName,
          name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
          emails: [{ primary: true, value: userName, type: 'work', display: userName }],
          active: true,
          groups: [],
          meta: { resourceType: 'User' },
        },
        { ...OKTA_CLIENT, 'content-type': 'application/scim+json; charset=utf-8' },
      );
      const put = scim(res, 200);
      assert.equal(put.id, id);
      assert.deepEqual(put.name, { givenName: 'Another', middleName: 'Excited', familyName: 'User' });
      assert.deepEqual(put.emails, [{ primary: true, value: userName, type: 'work', display: userName }]);
      assert.equal(put.active, true);
      // RFC 7644 §3.5.1 lets omitted attributes be cleared, and Microsoft's tests expect it (research §6 C7).
      for (const k of ['displayName', 'locale', 'externalId'])
        assert.ok(!(k in put), `${k} was omitted, so it is cleared`);
      // groups is read-only (RFC 7643 §4.1.2): the echoed `groups: []` leaves memberships alone.
      assert.deepEqual(
        put.groups.map((g: { value: string }) => g.value),
        [gid],
      );
      assert.deepEqual(await getUser(id), put);
    });

    test('AIW PUT: GET, change, PUT back everything the server returned; deprovision is a PUT with active false (§2.5, firezone capture)', async () => {
      const id = await createUser();
      const current = await getUser(id);
      const echoed = { ...current, name: { ...current.name, givenName: 'Changed', middleName: '' }, title: 'Manager' };
      const put = scim(await okta.req('PUT', `/Users/${id}`, echoed, OKTA_CLIENT), 200);
      assert.equal(put.name.givenName, 'Changed');
      assert.equal(put.title, 'Manager');
      assert.equal(put.meta.created, current.meta.created);
      const off = scim(await okta.req('PUT', `/Users/${id}`, { ...put, active: false }, OKTA_CLIENT), 200);
      assert.equal(off.active, false);
      assert.equal((await getUser(id)).active, false, 'deactivated users stay readable (§2.10)');
    });

    test('deactivate with a path-less replace of {active:false}, reactivate with {active:true} (§2.6)', async () => {
      const userName = `${randomUUID()}@okta.local`;
      const id = await createUser(userName);
      const deactivate = await okta.req(
        'PATCH',
        `/Users/${id}`,
        `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{ "op": "replace", "value": { "active": false } }] }`,
        OKTA_CLIENT,
      );
      assert.equal(scim(deactivate, 200).active, false);
      const off = await getUser(id);
      assert.equal(off.active, false);
      assert.equal(off.userName, userName, 'nothing else changed');
      assert.equal(off.name.givenName, 'Test');
      const listed = listOf(
        await okta.req(
          'GET',
          `/Users?filter=${enc(`userName eq "${userName}"`)}&startIndex=1&count=100`,
          undefined,
          OKTA_CLIENT,
        ),
      );
      assert.deepEqual(
        listed.Resources.map((u) => [u.id, u.active]),
        [[id, false]],
      );

      scim(
        await okta.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: true } }), OKTA_CLIENT),
        200,
      );
      assert.equal((await getUser(id)).active, true);
    });

    test('password sync by PATCH (path-less and with a path) → 200; the password is neither returned nor stored (§2.5, RFC 7643 §4.1.1)', async () => {
      const id = await createUser();
      for (const op of [
        { op: 'replace', value: { password: 'Sync-Secret-1' } },
        { op: 'replace', path: 'password', value: 'Sync-Secret-2' },
      ]) {
        const res = await okta.req('PATCH', `/Users/${id}`, patchOp(op), OKTA_CLIENT);
        assert.ok(!('password' in scim(res, 200)) && !res.text.includes('Sync-Secret'));
      }
      const db = server.roster.db.kysely;
      const traces = [
        await db.selectFrom('users').selectAll().where('id', '=', id).execute(),
        await db.selectFrom('user_values').selectAll().where('user_id', '=', id).execute(),
        await db.selectFrom('sync_log').selectAll().where('user_id', '=', id).execute(),
      ];
      assert.ok(!JSON.stringify(traces).includes('Sync-Secret'));
      // RFC 7643 §4.1.1: password is returned "never", so it cannot be filtered on either.
      scimError(
        await okta.req('GET', `/Users?filter=${enc('password eq "Sync-Secret-2"')}`, undefined, OKTA_CLIENT),
        400,
        'invalidFilter',
      );
    });

    test('group push: create, rename with the id in the value, remove+add in one PATCH, replace all, PUT, DELETE (§2.7)', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const filter = '/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100';
      assert.equal(listOf(await okta.req('GET', filter, undefined, OKTA_CLIENT)).totalResults, 0);

      const created = scim(
        await okta.req(
          'POST',
          '/Groups',
          { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Test SCIMv2', members: [] },
          OKTA_CLIENT,
        ),
        201,
      );
      assert.ok(created.id);
      assert.equal(created.displayName, 'Test SCIMv2');
      assert.deepEqual(created.members, []);
      assert.equal(created.meta.resourceType, 'Group');
      assert.deepEqual(created.schemas, [CORE_GROUP_URN]);
      const gid: string = created.id;
      assert.deepEqual(
        listOf(await okta.req('GET', filter, undefined, OKTA_CLIENT)).Resources.map((g) => g.id),
        [gid],
      );
      assert.equal(scim(await okta.req('GET', `/Groups/${gid}`, undefined, OKTA_CLIENT), 200).id, gid);
      const members = async (): Promise<string[]> =>
        (scim(await okta.req('GET', `/Groups/${gid}`, undefined, OKTA_CLIENT), 200).members as { value: string }[])
          .map((m) => m.value)
          .sort();

      // The rename PATCH carries the group's own id (research §6 C9); Okta accepts 204.
      const rename = (name: string) =>
        okta.req(
          'PATCH',
          `/Groups/${gid}`,
          {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', value: { id: gid, displayName: name } }],
          },
          OKTA_CLIENT,
        );
      noContent(await rename('Test SCIMv2'));
      noContent(await rename('Test SCIMv2 renamed'));
      assert.equal(
        scim(await okta.req('GET', `/Groups/${gid}`, undefined, OKTA_CLIENT), 200).displayName,
        'Test SCIMv2 renamed',
      );
      // Any other id is still a read-only violation.
      scimError(
        await okta.req(
          'PATCH',
          `/Groups/${gid}`,
          patchOp({ op: 'replace', value: { id: randomUUID(), displayName: 'x' } }),
          OKTA_CLIENT,
        ),
        400,
        'mutability',
      );

      noContent(
        await okta.req(
          'PATCH',
          `/Groups/${gid}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: b, display: 'test.user@okta.local' }] }),
          OKTA_CLIENT,
        ),
      );
      assert.deepEqual(await members(), [b]);
      noContent(
        await okta.req(
          'PATCH',
          `/Groups/${gid}`,
          {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [
              { op: 'remove', path: `members[value eq "${b}"]` },
              { op: 'add', path: 'members', value: [{ value: a, display: 'test.user@okta.local' }] },
            ],
          },
          OKTA_CLIENT,
        ),
      );
      assert.deepEqual(await members(), [a]);

      noContent(
        await okta.req(
          'PATCH',
          `/Groups/${gid}`,
          {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [
              {
                op: 'replace',
                path: 'members',
                value: [
                  { value: a, display: 'test.user@okta.local' },
                  { value: b, display: 'test.user@okta.local' },
                ],
              },
            ],
          },
          OKTA_CLIENT,
        ),
      );
      assert.deepEqual(await members(), [a, b].sort());
      noContent(
        await okta.req(
          'PATCH',
          `/Groups/${gid}`,
          patchOp({ op: 'replace', path: 'members', value: [{ value: b }] }),
          OKTA_CLIENT,
        ),
      );
      assert.deepEqual(await members(), [b]);

      // AIW apps: PUT with no id in the body.
      const put = scim(
        await okta.req(
          'PUT',
          `/Groups/${gid}`,
          {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
            displayName: 'Test SCIMv2',
            members: [{ value: a, display: 'test.user@okta.local' }],
          },
          OKTA_CLIENT,
        ),
        200,
      );
      assert.equal(put.id, gid);
      assert.equal(put.displayName, 'Test SCIMv2');
      assert.deepEqual(
        put.members.map((m: { value: string }) => m.value),
        [a],
      );
      assert.deepEqual(await members(), [a]);
      assert.deepEqual(
        (await getUser(a)).groups.map((g: { value: string }) => g.value),
        [gid],
      );
      assert.deepEqual((await getUser(b)).groups, []);

      noContent(await okta.req('DELETE', `/Groups/${gid}`, undefined, OKTA_CLIENT));
      scimError(await okta.req('GET', `/Groups/${gid}`, undefined, OKTA_CLIENT), 404);
    });

    test('import: paging with count=2 gives the same stable order as one page of 100 (§2.4)', async () => {
      for (let i = 0; i < 4; i++) await createUser();
      for (let i = 0; i < 5; i++)
        scim(
          await okta.req(
            'POST',
            '/Groups',
            { schemas: [CORE_GROUP_URN], displayName: `Import ${i}`, members: [] },
            OKTA_CLIENT,
          ),
          201,
        );
      for (const resource of ['Users', 'Groups']) {
        const all = listOf(await okta.req('GET', `/${resource}?startIndex=1&count=100`, undefined, OKTA_CLIENT));
        assert.equal(all.totalResults, all.Resources.length);
        assert.ok(all.totalResults >= 5);
        const paged: string[] = [];
        for (let start = 1; start <= all.totalResults; start += 2) {
          const page = listOf(
            await okta.req('GET', `/${resource}?startIndex=${start}&count=2`, undefined, OKTA_CLIENT),
          );
          assert.equal(page.startIndex, start);
          assert.equal(page.totalResults, all.totalResults);
          assert.equal(page.itemsPerPage, Math.min(2, all.totalResults - start + 1));
          paged.push(...page.Resources.map((r) => r.id as string));
        }
        assert.deepEqual(
          paged,
          all.Resources.map((r) => r.id),
          `${resource}: pages concatenate to the full list`,
        );
        assert.equal(new Set(paged).size, paged.length, `${resource}: no id twice`);
        const again = listOf(await okta.req('GET', `/${resource}?startIndex=1&count=100`, undefined, OKTA_CLIENT));
        assert.deepEqual(
          again.Resources.map((r) => r.id),
          paged,
          `${resource}: the order is repeatable`,
        );
        // Past the end: an empty page, still a ListResponse.
        const beyond = listOf(
          await okta.req('GET', `/${resource}?startIndex=${all.totalResults + 1}&count=2`, undefined, OKTA_CLIENT),
        );
        assert.deepEqual(beyond.Resources, []);
      }
    });
  });
}

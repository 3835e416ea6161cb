// Issue 2 "Bad input": every case gets a clear SCIM error (Error schema, scimType,
// application/scim+json), never a 500, and never a partial write — checked in the tables,
// on a real server, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import {
  scimError,
  assertUnchanged,
  CORE_USER_URN,
  createGroup,
  createUser,
  email,
  patchOp,
  snapshot,
} from '../helpers/scim-assert.js';
import { http, startServer, type ScimClient, type TestServer } from '../helpers/server.js';

// Small limits make the limit cases cheap (config.ts documents each variable).
const ENV = {
  ROSTER_SCIM_MAX_RESULTS: '5',
  ROSTER_MAX_BODY_BYTES: '2048',
  ROSTER_BULK_MAX_OPERATIONS: '3',
  ROSTER_BULK_MAX_PAYLOAD_BYTES: '4096',
};
const BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

for (const dialect of DIALECTS) {
  describe(`SCIM bad input (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;
    let user: any;
    let group: any;

    before(async () => {
      server = await startServer(dialect, ENV);
      scim = await server.scimProvider();
      user = await createUser(scim, { name: { givenName: 'Ada', familyName: 'Lovelace' } });
      group = await createGroup(scim, 'Bad input group', [user.id]);
    });
    after(async () => {
      await server?.close();
    });

    test('malformed JSON → 400 invalidSyntax, on POST, PUT and PATCH', async () => {
      const s = await snapshot(server);
      scimError(await scim.req('POST', '/Users', '{"userName": "x@example.com",'), 400, 'invalidSyntax');
      scimError(await scim.req('PUT', `/Users/${user.id}`, '{not json'), 400, 'invalidSyntax');
      scimError(await scim.req('PATCH', `/Groups/${group.id}`, '[{"op":'), 400, 'invalidSyntax');
      // Okta sends application/json: the same parser and the same error apply.
      scimError(await scim.req('POST', '/Users', '{', { 'content-type': 'application/json' }), 400, 'invalidSyntax');
      await assertUnchanged(server, s);
    });

    test('missing or empty userName → 400 invalidValue, no user row', async () => {
      const s = await snapshot(server);
      scimError(
        await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], name: { givenName: 'No' } }),
        400,
        'invalidValue',
      );
      scimError(await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: '   ' }), 400, 'invalidValue');
      scimError(
        await scim.req('PUT', `/Users/${user.id}`, { schemas: [CORE_USER_URN], displayName: 'no userName' }),
        400,
        'invalidValue',
      );
      // A body that is not an object at all is a syntax error, not a 500.
      scimError(await scim.req('POST', '/Users', '[1,2]'), 400);
      await assertUnchanged(server, s);
    });

    test('an unknown attribute in a filter → 400 invalidFilter', async () => {
      scimError(
        await scim.req('GET', `/Users?filter=${encodeURIComponent('noSuchAttribute eq "x"')}`),
        400,
        'invalidFilter',
      );
      scimError(await scim.req('GET', `/Groups?filter=${encodeURIComponent('userName eq "x"')}`), 400, 'invalidFilter');
      scimError(
        await scim.req('POST', '/Users/.search', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
          filter: 'bogus.sub pr',
        }),
        400,
        'invalidFilter',
      );
      // Unparseable filter text is invalidFilter too.
      scimError(await scim.req('GET', `/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter');
    });

    test('PATCH of id or meta → 400 mutability, nothing written', async () => {
      const s = await snapshot(server);
      scimError(
        await scim.req('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'id', value: 'another-id' })),
        400,
        'mutability',
      );
      scimError(
        await scim.req(
          'PATCH',
          `/Users/${user.id}`,
          patchOp({ op: 'replace', path: 'meta', value: { created: '2000-01-01T00:00:00Z' } }),
        ),
        400,
        'mutability',
      );
      // A valid operation before the read-only one must not be applied either.
      scimError(
        await scim.req(
          'PATCH',
          `/Users/${user.id}`,
          patchOp(
            { op: 'replace', path: 'name.givenName', value: 'Changed' },
            { op: 'replace', path: 'id', value: 'x' },
          ),
        ),
        400,
        'mutability',
      );
      scimError(
        await scim.req(
          'PATCH',
          `/Groups/${group.id}`,
          patchOp({ op: 'replace', path: 'displayName', value: 'Renamed' }, { op: 'replace', path: 'id', value: 'x' }),
        ),
        400,
        'mutability',
      );
      await assertUnchanged(server, s);
      const got = await scim.req('GET', `/Users/${user.id}`);
      assert.equal(got.body.name.givenName, 'Ada');
    });

    test('a bad PATCH path → 400 invalidPath; a pathless remove → 400 noTarget', async () => {
      const s = await snapshot(server);
      scimError(
        await scim.req(
          'PATCH',
          `/Users/${user.id}`,
          patchOp({ op: 'replace', path: 'emails[type eq "work"', value: 'x@example.com' }),
        ),
        400,
        'invalidPath',
      );
      scimError(
        await scim.req('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'name.noSuchPart', value: 'x' })),
        400,
        'invalidPath',
      );
      scimError(await scim.req('PATCH', `/Users/${user.id}`, patchOp({ op: 'remove' })), 400, 'noTarget');
      scimError(await scim.req('PATCH', `/Groups/${group.id}`, patchOp({ op: 'remove' })), 400, 'noTarget');
      scimError(
        await scim.req(
          'PATCH',
          `/Groups/${group.id}`,
          patchOp({ op: 'add', path: 'members[value eq "x"]', value: [{ value: user.id }] }),
        ),
        400,
        'invalidPath',
      );
      await assertUnchanged(server, s);
    });

    test('negative count → treated as 0: 200, Resources [], totalResults still right', async () => {
      const p = await server.scimProvider();
      for (let i = 0; i < 3; i += 1) await createUser(p);
      const res = await p.req('GET', '/Users?count=-5');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.Resources, []);
      assert.equal(res.body.totalResults, 3);
      assert.equal(res.body.itemsPerPage, 0);
      const zero = await p.req('GET', '/Groups?count=0');
      assert.equal(zero.status, 200);
      assert.deepEqual(zero.body.Resources, []);
    });

    test('count above the maximum → clamped to filter.maxResults of /ServiceProviderConfig', async () => {
      const spc = await scim.req('GET', '/ServiceProviderConfig');
      assert.equal(spc.status, 200);
      assert.equal(spc.body.filter.maxResults, 5);
      const p = await server.scimProvider();
      for (let i = 0; i < 7; i += 1) await createUser(p);
      const res = await p.req('GET', '/Users?count=1000&startIndex=1');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.Resources.length, 5);
      assert.equal(res.body.itemsPerPage, 5);
      assert.equal(res.body.totalResults, 7);
      // Without count the default page is clamped as well.
      assert.equal((await p.req('GET', '/Users')).body.Resources.length, 5);
      // The rest is reachable by startIndex.
      const rest = await p.req('GET', '/Users?count=1000&startIndex=6');
      assert.equal(rest.body.Resources.length, 2);
    });

    test('a NUL character anywhere (PostgreSQL text cannot hold it) → 400, never a 500', async () => {
      const s = await snapshot(server);
      const nul = 'a\u0000b';
      const bad = [
        await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: `x${nul}@example.com` }),
        await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: email('nul'), displayName: nul }),
        await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: email('nul'), manager: nul }),
        await scim.req('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: nul })),
        await scim.req('POST', '/Groups', { displayName: nul }),
        await scim.req(
          'PATCH',
          `/Groups/${group.id}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: nul }] }),
        ),
        await scim.req('GET', '/Users/a%00b'),
        await scim.req('DELETE', '/Groups/a%00b'),
        await scim.req('GET', `/Users?filter=${encodeURIComponent('id eq "a\\u0000b"')}`),
      ];
      for (const res of bad) scimError(res, 400);
      await assertUnchanged(server, s);
    });

    test('a startIndex past any bigint → 200 with an empty page, not a 500', async () => {
      const res = await scim.req('GET', '/Users?startIndex=99999999999999999999&sortBy=userName');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.Resources, []);
      assert.ok(res.body.totalResults >= 1);
      assert.equal((await scim.req('GET', '/Groups?startIndex=99999999999999999999')).status, 200);
    });

    test('a body over the size limit → 413, no user row', async () => {
      const s = await snapshot(server);
      const big = { schemas: [CORE_USER_URN], userName: email('big'), displayName: 'x'.repeat(3000) };
      scimError(await scim.req('POST', '/Users', big), 413);
      scimError(
        await scim.req(
          'PATCH',
          `/Users/${user.id}`,
          patchOp({ op: 'replace', path: 'displayName', value: 'y'.repeat(3000) }),
        ),
        413,
      );
      await assertUnchanged(server, s);
    });

    test('wrong credentials → 401 with a SCIM error body, nothing written', async () => {
      const other = await server.scimProvider();
      const s = await snapshot(server);
      const body = { schemas: [CORE_USER_URN], userName: email('intruder') };
      scimError(await http('POST', `${scim.baseUrl}/Users`, body, { authorization: 'Bearer not-a-token' }), 401);
      scimError(await http('GET', `${scim.baseUrl}/Users`), 401);
      scimError(await http('GET', `${scim.baseUrl}/Users`, undefined, { authorization: 'Negotiate abc' }), 401);
      // Provider A's valid token on provider B's URL.
      scimError(await http('POST', `${other.baseUrl}/Users`, body, { authorization: scim.authorization }), 401);
      scimError(
        await http('GET', `${other.baseUrl}/Users/${user.id}`, undefined, { authorization: scim.authorization }),
        401,
      );
      // An unknown provider id is the same 401, not a 404 (no enumeration).
      scimError(
        await http('GET', `${server.url}/scim/no-such-provider/v2/Users`, undefined, {
          authorization: scim.authorization,
        }),
        401,
      );
      await assertUnchanged(server, s);
    });

    test('basic auth with a wrong password → 401; the right one works', async () => {
      const basic = await server.scimProvider({ authType: 'basic' });
      assert.equal((await basic.req('GET', '/Users')).status, 200);
      const [user0] = Buffer.from(basic.authorization.slice(6), 'base64').toString('utf8').split(':');
      const wrong = `Basic ${Buffer.from(`${user0}:wrong-password`).toString('base64')}`;
      scimError(await http('GET', `${basic.baseUrl}/Users`, undefined, { authorization: wrong }), 401);
      // A basic credential presented as a bearer token does not open it either.
      scimError(
        await http('GET', `${basic.baseUrl}/Users`, undefined, {
          authorization: `Bearer ${basic.authorization.slice(6)}`,
        }),
        401,
      );
    });

    test('a rotated credential → 401 at once; the new one works', async () => {
      const p = await server.scimProvider();
      assert.equal((await p.req('GET', '/Users')).status, 200);
      const rotated = await server.admin('POST', `/providers/${p.providerId}/rotate`);
      assert.equal(rotated.status, 200, rotated.text);
      scimError(await p.req('GET', '/Users'), 401);
      const fresh = await http('GET', `${p.baseUrl}/Users`, undefined, {
        authorization: `Bearer ${rotated.body.credential.token}`,
      });
      assert.equal(fresh.status, 200, fresh.text);
    });

    test('an unknown id → 404 with the SCIM error body, for every method', async () => {
      const s = await snapshot(server);
      const missing = '00000000-0000-0000-0000-000000000000';
      scimError(await scim.req('GET', `/Users/${missing}`), 404);
      scimError(await scim.req('PUT', `/Users/${missing}`, { schemas: [CORE_USER_URN], userName: email() }), 404);
      scimError(
        await scim.req('PATCH', `/Users/${missing}`, patchOp({ op: 'replace', path: 'displayName', value: 'x' })),
        404,
      );
      scimError(await scim.req('DELETE', `/Users/${missing}`), 404);
      scimError(await scim.req('GET', `/Groups/${missing}`), 404);
      scimError(
        await scim.req(
          'PATCH',
          `/Groups/${missing}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: user.id }] }),
        ),
        404,
      );
      scimError(await scim.req('DELETE', `/Groups/${missing}`), 404);
      scimError(await scim.req('GET', '/NoSuchEndpoint'), 404);
      await assertUnchanged(server, s);
    });

    test('Bulk over maxOperations → 413 tooMany, no operation applied', async () => {
      const s = await snapshot(server);
      const ops = [1, 2, 3, 4].map((i) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `b${i}`,
        data: { schemas: [CORE_USER_URN], userName: email('bulk') },
      }));
      scimError(await scim.req('POST', '/Bulk', { schemas: [BULK_URN], Operations: ops }), 413, 'tooMany');
      await assertUnchanged(server, s);
      // At the limit it runs.
      const ok = await scim.req('POST', '/Bulk', { schemas: [BULK_URN], Operations: ops.slice(0, 3) });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(
        ok.body.Operations.map((o: any) => o.status),
        ['201', '201', '201'],
      );
    });

    test('Bulk over maxPayloadSize → 413, nothing written', async () => {
      const s = await snapshot(server);
      const op = {
        method: 'POST',
        path: '/Users',
        bulkId: 'big',
        data: { schemas: [CORE_USER_URN], userName: email('bulkbig'), displayName: 'z'.repeat(5000) },
      };
      scimError(await scim.req('POST', '/Bulk', { schemas: [BULK_URN], Operations: [op] }), 413);
      await assertUnchanged(server, s);
      // Bulk has its own payload limit, above the single-request one: ~3,000 bytes in three operations pass.
      const mid = [1, 2, 3].map((i) => ({
        ...op,
        bulkId: `mid${i}`,
        data: { ...op.data, userName: email('bulkmid'), displayName: 'z'.repeat(900) },
      }));
      const ok = await scim.req('POST', '/Bulk', { schemas: [BULK_URN], Operations: mid });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(
        ok.body.Operations.map((o: any) => o.status),
        ['201', '201', '201'],
        ok.text,
      );
    });
  });
}

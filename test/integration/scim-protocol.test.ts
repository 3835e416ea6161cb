// SCIM protocol features on a real server, on both databases (STYLE habit 9): discovery
// endpoints that state what is enforced (RFC 7643 §5–7), /Bulk (RFC 7644 §3.7), ETags
// (RFC 7644 §3.14) and the request media types clients really send. Lists, sorting, paging and
// attribute projection are in scim-protocol-lists.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import {
  CORE_USER_URN,
  ENTERPRISE_URN,
  scimError,
  assertUnchanged,
  email,
  patchOp,
  snapshot,
} from '../helpers/scim-assert.js';
import { startServer, type HttpResult, type ScimClient, type TestServer } from '../helpers/server.js';

const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
// Not the defaults, so that the discovery output is seen to follow the configuration.
const ENV = { ROSTER_BULK_MAX_OPERATIONS: '20', ROSTER_BULK_MAX_PAYLOAD_BYTES: '65536', ROSTER_SCIM_MAX_RESULTS: '50' };

/** Paths of every null in a JSON value: Entra rejects discovery documents containing nulls. */
function nullsIn(v: unknown, at = '$'): string[] {
  if (v === null) return [at];
  if (Array.isArray(v)) return v.flatMap((e, i) => nullsIn(e, `${at}[${i}]`));
  if (typeof v === 'object') return Object.entries(v as object).flatMap(([k, e]) => nullsIn(e, `${at}.${k}`));
  return [];
}

function assertScimJson(res: HttpResult, status: number): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/scim\+json/);
  assert.deepEqual(nullsIn(res.body), [], 'no null values');
}

const userBody = (extra: Record<string, unknown> = {}) => ({
  schemas: [CORE_USER_URN],
  userName: email('proto'),
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  ...extra,
});
const bulk = (Operations: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  schemas: [BULK_REQUEST],
  Operations,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`SCIM protocol on ${dialect}`, () => {
    let server: TestServer;
    let scim: ScimClient;
    before(async () => {
      server = await startServer(dialect, ENV);
      scim = await server.scimProvider();
    });
    after(async () => server?.close());

    describe('discovery (RFC 7643 §5–7, RFC 7644 §4)', () => {
      test('ServiceProviderConfig states exactly what is enforced, with the configured limits', async () => {
        const res = await scim.req('GET', '/ServiceProviderConfig');
        assertScimJson(res, 200);
        const c = res.body;
        assert.deepEqual(c.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
        assert.deepEqual(c.patch, { supported: true });
        assert.deepEqual(c.bulk, { supported: true, maxOperations: 20, maxPayloadSize: 65536 });
        assert.deepEqual(c.filter, { supported: true, maxResults: 50 });
        assert.deepEqual(c.sort, { supported: true });
        assert.deepEqual(c.etag, { supported: true });
        assert.deepEqual(c.changePassword, { supported: false });
        assert.ok(Array.isArray(c.authenticationSchemes) && c.authenticationSchemes.length > 0);
        assert.equal(c.meta.resourceType, 'ServiceProviderConfig');
      });

      test('the announced bulk limits are the enforced ones: 413 tooMany above either', async () => {
        const op = (i: number) => ({ method: 'POST', path: '/Users', bulkId: `b${i}`, data: userBody() });
        const before = await snapshot(server);
        scimError(await scim.req('POST', '/Bulk', bulk(Array.from({ length: 21 }, (_, i) => op(i)))), 413, 'tooMany');
        const padding = 'x'.repeat(70_000);
        scimError(
          await scim.req('POST', '/Bulk', bulk([{ ...op(0), data: userBody({ nickName: padding }) }])),
          413,
          'tooMany',
        );
        await assertUnchanged(server, before);
      });

      test('ResourceTypes is a ListResponse; /ResourceTypes/User is the resource itself', async () => {
        const res = await scim.req('GET', '/ResourceTypes');
        assertScimJson(res, 200);
        assert.deepEqual(res.body.schemas, [LIST_URN]);
        assert.equal(res.body.totalResults, res.body.Resources.length);
        assert.equal(res.body.itemsPerPage, res.body.Resources.length);
        assert.equal(res.body.startIndex, 1);
        const byId = new Map<string, any>(res.body.Resources.map((r: any) => [r.id, r]));
        assert.deepEqual([...byId.keys()].sort(), ['Group', 'User']);
        const user = await scim.req('GET', '/ResourceTypes/User');
        assertScimJson(user, 200);
        assert.deepEqual(user.body, byId.get('User'));
        assert.equal(user.body.endpoint, '/Users');
        assert.equal(user.body.schema, CORE_USER_URN);
        assert.ok(user.body.schemaExtensions.some((e: any) => e.schema === ENTERPRISE_URN && e.required === false));
        assert.equal(byId.get('Group').schema, GROUP_URN);
        scimError(await scim.req('GET', '/ResourceTypes/Device'), 404);
      });

      test('Schemas is a ListResponse; /Schemas/{urn} says userName is unique and password never returned', async () => {
        const res = await scim.req('GET', '/Schemas');
        assertScimJson(res, 200);
        assert.deepEqual(res.body.schemas, [LIST_URN]);
        assert.equal(res.body.totalResults, res.body.Resources.length);
        const ids = res.body.Resources.map((s: any) => s.id);
        for (const urn of [CORE_USER_URN, ENTERPRISE_URN, GROUP_URN]) assert.ok(ids.includes(urn), urn);
        const user = await scim.req('GET', `/Schemas/${CORE_USER_URN}`);
        assertScimJson(user, 200);
        assert.equal(user.body.id, CORE_USER_URN);
        const attr = (name: string) => user.body.attributes.find((a: any) => a.name === name);
        assert.equal(attr('userName').uniqueness, 'server');
        assert.equal(attr('userName').required, true);
        assert.equal(attr('password').returned, 'never');
        assert.equal(attr('password').mutability, 'writeOnly');
        assert.equal(attr('groups').mutability, 'readOnly');
        const group = await scim.req('GET', `/Schemas/${GROUP_URN}`);
        assertScimJson(group, 200);
        assert.ok(group.body.attributes.some((a: any) => a.name === 'members'));
        scimError(await scim.req('GET', '/Schemas/urn:example:unknown'), 404);
      });
    });

    describe('media types', () => {
      for (const type of ['application/json', 'application/scim+json; charset=utf-8']) {
        test(`a POST and a PATCH sent as ${type} work and are answered as application/scim+json`, async () => {
          const created = await scim.req('POST', '/Users', userBody(), { 'content-type': type });
          assertScimJson(created, 201);
          const patched = await scim.req(
            'PATCH',
            `/Users/${created.body.id}`,
            patchOp({ op: 'replace', path: 'title', value: 'Countess' }),
            { 'content-type': type },
          );
          assertScimJson(patched, 200);
          assert.equal(patched.body.title, 'Countess');
        });
      }
    });

    describe('ETags (RFC 7644 §3.14)', () => {
      test('ETag equals meta.version on POST, GET, PUT and PATCH, and every change makes a new one', async () => {
        const created = await scim.req('POST', '/Users', userBody());
        const seen = [created.headers.get('etag')];
        assert.ok(seen[0]);
        assert.equal(created.body.meta.version, seen[0]);
        const id = created.body.id;
        const got = await scim.req('GET', `/Users/${id}`);
        assert.equal(got.headers.get('etag'), seen[0]);
        assert.equal(got.body.meta.version, seen[0]);
        const put = await scim.req(
          'PUT',
          `/Users/${id}`,
          { ...created.body, title: 'Analyst' },
          { 'if-match': seen.at(-1) as string },
        );
        assert.equal(put.status, 200, put.text);
        assert.equal(put.body.meta.version, put.headers.get('etag'));
        assert.ok(!seen.includes(put.body.meta.version), 'PUT changes the version');
        seen.push(put.body.meta.version);
        const patched = await scim.req(
          'PATCH',
          `/Users/${id}`,
          patchOp({ op: 'replace', path: 'title', value: 'Engineer' }),
          { 'if-match': seen.at(-1) as string },
        );
        assert.equal(patched.status, 200, patched.text);
        assert.equal(patched.body.meta.version, patched.headers.get('etag'));
        assert.ok(!seen.includes(patched.body.meta.version), 'PATCH changes the version');
        assert.equal((await scim.req('GET', `/Users/${id}`)).headers.get('etag'), patched.body.meta.version);
      });

      test('a stale If-Match is 412 in the SCIM error schema and changes nothing; the current one succeeds', async () => {
        const created = await scim.req('POST', '/Users', userBody({ title: 'Before' }));
        const id = created.body.id;
        const stale = created.headers.get('etag') as string;
        const now = (
          await scim.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'Current' }))
        ).headers.get('etag') as string;
        const before = await snapshot(server);
        scimError(
          await scim.req('PUT', `/Users/${id}`, { ...created.body, title: 'Lost' }, { 'if-match': stale }),
          412,
        );
        scimError(
          await scim.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'Lost' }), {
            'if-match': stale,
          }),
          412,
        );
        scimError(await scim.req('DELETE', `/Users/${id}`, undefined, { 'if-match': stale }), 412);
        scimError(
          await scim.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'Lost' }), {
            'if-match': 'W/"not-a-version"',
          }),
          412,
        );
        await assertUnchanged(server, before);
        assert.equal((await scim.req('GET', `/Users/${id}`)).body.title, 'Current');
        assert.equal((await scim.req('DELETE', `/Users/${id}`, undefined, { 'if-match': now })).status, 204);
        scimError(await scim.req('GET', `/Users/${id}`), 404);
      });

      test('If-None-Match with the current ETag is 304 without a body; with an old one the resource', async () => {
        const created = await scim.req('POST', '/Users', userBody());
        const id = created.body.id;
        const first = created.headers.get('etag') as string;
        const notModified = await scim.req('GET', `/Users/${id}`, undefined, { 'if-none-match': first });
        assert.equal(notModified.status, 304);
        assert.equal(notModified.text, '');
        await scim.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'Changed' }));
        const changed = await scim.req('GET', `/Users/${id}`, undefined, { 'if-none-match': first });
        assert.equal(changed.status, 200);
        assert.equal(changed.body.title, 'Changed');
      });

      test('a PUT that changes nothing keeps the version (user and group)', async () => {
        const created = await scim.req(
          'POST',
          '/Users',
          userBody({ emails: [{ value: 'ada@example.com', type: 'work', primary: true }] }),
        );
        const again = await scim.req('PUT', `/Users/${created.body.id}`, created.body);
        assert.equal(again.status, 200, again.text);
        assert.equal(again.headers.get('etag'), created.headers.get('etag'));
        assert.equal(again.body.meta.lastModified, created.body.meta.lastModified);
        const group = await scim.req('POST', '/Groups', {
          schemas: [GROUP_URN],
          displayName: `Same ${email()}`,
          members: [{ value: created.body.id }],
        });
        const groupAgain = await scim.req('PUT', `/Groups/${group.body.id}`, group.body);
        assert.equal(groupAgain.status, 200, groupAgain.text);
        assert.equal(groupAgain.headers.get('etag'), group.headers.get('etag'));
      });

      test('groups: a member PATCH answers 204 with the new ETag; a stale If-Match is 412 and changes no member', async () => {
        const [a, b] = [await scim.req('POST', '/Users', userBody()), await scim.req('POST', '/Users', userBody())];
        const group = await scim.req('POST', '/Groups', {
          schemas: [GROUP_URN],
          displayName: `Team ${email()}`,
          members: [{ value: a.body.id }],
        });
        const v1 = group.headers.get('etag') as string;
        assert.equal(group.body.meta.version, v1);
        const added = await scim.req(
          'PATCH',
          `/Groups/${group.body.id}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: b.body.id }] }),
          { 'if-match': v1 },
        );
        assert.equal(added.status, 204, added.text);
        const v2 = added.headers.get('etag');
        assert.ok(v2 && v2 !== v1);
        assert.equal((await scim.req('GET', `/Groups/${group.body.id}`)).body.meta.version, v2);
        const before = await snapshot(server);
        scimError(
          await scim.req('PATCH', `/Groups/${group.body.id}`, patchOp({ op: 'remove', path: 'members' }), {
            'if-match': v1,
          }),
          412,
        );
        await assertUnchanged(server, before);
        assert.equal(
          (await scim.req('GET', `/Groups/${group.body.id}`, undefined, { 'if-none-match': v2 })).status,
          304,
        );
      });
    });

    describe('/Bulk (RFC 7644 §3.7)', () => {
      test('bulkId references link new resources, in data and in a later PATCH path', async () => {
        const [u1, u2] = [userBody(), userBody()];
        const displayName = `Bulk team ${email()}`;
        const res = await scim.req(
          'POST',
          '/Bulk',
          bulk([
            { method: 'POST', path: '/Users', bulkId: 'u1', data: u1 },
            {
              method: 'POST',
              path: '/Groups',
              bulkId: 'g1',
              data: { schemas: [GROUP_URN], displayName, members: [{ value: 'bulkId:u1' }] },
            },
            { method: 'POST', path: '/Users', bulkId: 'u2', data: u2 },
            {
              method: 'PATCH',
              path: '/Groups/bulkId:g1',
              data: patchOp({ op: 'add', path: 'members', value: [{ value: 'bulkId:u2' }] }),
            },
          ]),
        );
        assertScimJson(res, 200);
        assert.deepEqual(res.body.schemas, [BULK_RESPONSE]);
        const ops = res.body.Operations;
        assert.deepEqual(
          ops.map((o: any) => [o.method, o.bulkId, o.status]),
          [
            ['POST', 'u1', '201'],
            ['POST', 'g1', '201'],
            ['POST', 'u2', '201'],
            ['PATCH', undefined, '204'],
          ],
        );
        const user1 = await scim.req('GET', new URL(ops[0].location).pathname.replace(/^.*\/v2/, ''));
        assert.equal(user1.body.userName, u1.userName);
        assert.equal(ops[0].version, user1.body.meta.version);
        const group = await scim.req('GET', new URL(ops[1].location).pathname.replace(/^.*\/v2/, ''));
        assert.equal(group.body.displayName, displayName);
        assert.equal(ops[3].location, ops[1].location, 'a PATCH answers with the resolved location');
        assert.equal(ops[3].version, group.body.meta.version);
        const user2Id = ops[2].location.split('/').pop();
        assert.deepEqual(group.body.members.map((m: any) => m.value).sort(), [user1.body.id, user2Id].sort());
        assert.deepEqual(
          user1.body.groups.map((g: any) => g.value),
          [group.body.id],
        );
      });

      test('an unresolvable bulkId fails that operation only; the others proceed', async () => {
        const displayName = `Orphan ${email()}`;
        const good = userBody();
        const res = await scim.req(
          'POST',
          '/Bulk',
          bulk([
            {
              method: 'POST',
              path: '/Groups',
              bulkId: 'g',
              data: { schemas: [GROUP_URN], displayName, members: [{ value: 'bulkId:nobody' }] },
            },
            { method: 'POST', path: '/Users', bulkId: 'ok', data: good },
            {
              method: 'PATCH',
              path: '/Users/bulkId:nobody',
              data: patchOp({ op: 'replace', path: 'title', value: 'x' }),
            },
          ]),
        );
        assertScimJson(res, 200);
        const [bad, ok, badPatch] = res.body.Operations;
        assert.equal(bad.status, '409');
        assert.equal(bad.location, undefined, 'a failed POST has no location');
        scimError(
          {
            status: 409,
            headers: new Headers({ 'content-type': 'application/scim+json' }),
            body: bad.response,
            text: '',
          },
          409,
          'invalidValue',
        );
        assert.equal(ok.status, '201');
        assert.equal(badPatch.status, '409');
        assert.equal(badPatch.response.status, '409');
        assert.equal(
          (await scim.req('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`)).body
            .totalResults,
          0,
        );
        assert.equal(
          (await scim.req('GET', `/Users?filter=${encodeURIComponent(`userName eq "${good.userName}"`)}`)).body
            .totalResults,
          1,
        );
      });

      test('failOnErrors: 1 stops after the first error; later operations are absent and not applied', async () => {
        const later = userBody();
        const res = await scim.req(
          'POST',
          '/Bulk',
          bulk(
            [
              { method: 'POST', path: '/Users', bulkId: 'a', data: userBody() },
              { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [CORE_USER_URN] } },
              { method: 'POST', path: '/Users', bulkId: 'later', data: later },
            ],
            { failOnErrors: 1 },
          ),
        );
        assertScimJson(res, 200);
        assert.deepEqual(
          res.body.Operations.map((o: any) => [o.bulkId, o.status]),
          [
            ['a', '201'],
            ['bad', '400'],
          ],
        );
        assert.equal(res.body.Operations[1].response.scimType, 'invalidValue');
        assert.equal(
          (await scim.req('GET', `/Users?filter=${encodeURIComponent(`userName eq "${later.userName}"`)}`)).body
            .totalResults,
          0,
        );
      });

      test('version is If-Match per operation: 412 on a stale one, and the answer carries the new version', async () => {
        const created = await scim.req('POST', '/Users', userBody({ title: 'v1' }));
        const id = created.body.id;
        const stale = created.headers.get('etag') as string;
        const current = (
          await scim.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'v2' }))
        ).headers.get('etag') as string;
        const res = await scim.req(
          'POST',
          '/Bulk',
          bulk([
            { method: 'PUT', path: `/Users/${id}`, version: stale, data: { ...created.body, title: 'lost' } },
            {
              method: 'PATCH',
              path: `/Users/${id}`,
              version: current,
              data: patchOp({ op: 'replace', path: 'title', value: 'v3' }),
            },
          ]),
        );
        assertScimJson(res, 200);
        const [put, patch] = res.body.Operations;
        assert.equal(put.status, '412');
        assert.equal(put.response.status, '412');
        assert.equal(put.location, created.body.meta.location);
        assert.equal(patch.status, '200');
        const after = await scim.req('GET', `/Users/${id}`);
        assert.equal(after.body.title, 'v3');
        assert.equal(patch.version, after.body.meta.version);
        assert.notEqual(patch.version, current);
      });
    });
  });
}

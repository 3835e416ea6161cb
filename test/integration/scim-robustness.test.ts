// Regression tests for the SCIM robustness faults: each exact input a hostile or broken client
// sent, on a real server on SQLite and PostgreSQL. A request must answer with a SCIM error,
// never a 5xx, never block the event loop (measured with monitorEventLoopDelay in this process,
// which hosts the server), and never leave a stored user that later reads or writes choke on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { LoopMonitor } from '../helpers/event-loop.js';
import { rawRequest } from '../helpers/raw-http.js';
import { CORE_USER_URN, listOf, patchOp, scim as scimOk, scimError } from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const BLOCK_LIMIT_MS = 100;
// The exact path of the report: a quoted run of 30 newlines, a backslash and a newline.
const BACKTRACKING_PATH = `emails[value eq "${'\n'.repeat(30)}\\\n"]`;

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

for (const dialect of DIALECTS) {
  describe(`SCIM robustness regressions (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;
    let userId: string;
    let groupId: string;
    const loop = new LoopMonitor();

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider();
      const user = scimOk(
        await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: 'ada@example.com', title: 'Countess' }),
        201,
      );
      userId = user.id;
      const group = scimOk(
        await scim.req('POST', '/Groups', { displayName: 'Robust', members: [{ value: userId }] }),
        201,
      );
      groupId = group.id;
      // Warm the paths measured below: first-call compilation is not what the limit is about.
      for (let i = 0; i < 3; i++) {
        await scim.req('PATCH', `/Users/${userId}`, patchOp({ op: 'remove', path: 'emails[value eq "x"]' }));
        await scim.req('GET', `/Users?filter=${encodeURIComponent('userName eq "x"')}`);
        await scim.req('POST', '/Users/.search', { filter: 'userName eq "x"' });
        await scim.req('PATCH', `/Groups/${groupId}`, patchOp({ op: 'remove', path: 'members[value eq "x"]' }));
      }
    });
    after(async () => {
      loop.stop();
      await server?.close();
    });

    test('a PATCH path whose filter literal made the tokenizer backtrack answers 400 at once', async () => {
      const body = patchOp({ op: 'remove', path: BACKTRACKING_PATH });
      const { result, maxDelayMs } = await loop.repeatable(
        () => scim.req('PATCH', `/Users/${userId}`, body),
        BLOCK_LIMIT_MS,
      );
      scimError(result, 400, 'invalidFilter');
      assert.ok(maxDelayMs < BLOCK_LIMIT_MS, `the event loop was blocked for ${maxDelayMs} ms`);
    });

    test('the same literal in a GET filter, a /.search body, a group PATCH and a Bulk PATCH', async () => {
      const filter = BACKTRACKING_PATH;
      const { result, maxDelayMs } = await loop.repeatable(
        async () => [
          await scim.req('GET', `/Users?filter=${encodeURIComponent(filter)}`),
          await scim.req('POST', '/Users/.search', { filter }),
          await scim.req(
            'PATCH',
            `/Groups/${groupId}`,
            patchOp({ op: 'remove', path: `members[value eq "${'\n'.repeat(30)}\\\n"]` }),
          ),
          await scim.req('POST', '/Bulk', {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
            Operations: [{ method: 'PATCH', path: `/Users/${userId}`, data: patchOp({ op: 'remove', path: filter }) }],
          }),
        ],
        BLOCK_LIMIT_MS,
      );
      for (const res of result.slice(0, 3)) scimError(res, 400, 'invalidFilter');
      const bulk = scimOk(result[3] as never, 200);
      assert.equal(bulk.Operations[0].status, '400');
      assert.equal(bulk.Operations[0].response.scimType, 'invalidFilter');
      assert.ok(maxDelayMs < BLOCK_LIMIT_MS, `the event loop was blocked for ${maxDelayMs} ms`);
    });

    test('an organization-mapping path with that literal is a 400 problem at once', async () => {
      const org = await server.admin('POST', '/organizations', { name: 'Unmapped' });
      assert.equal(org.status, 201, org.text);
      const { result, maxDelayMs } = await loop.repeatable(
        () =>
          server.admin('PUT', `/providers/${scim.providerId}/mapping`, {
            organization: {
              method: 'attribute',
              path: `addresses[type eq "${'\n'.repeat(30)}\\\n"].locality`,
              unmappedOrgId: org.body.id,
            },
            roles: { method: 'manual' },
          }),
        BLOCK_LIMIT_MS,
      );
      assert.equal(result.status, 400, result.text);
      assert.match(result.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(result.body.field, 'organization.path');
      assert.ok(maxDelayMs < BLOCK_LIMIT_MS, `the event loop was blocked for ${maxDelayMs} ms`);
    });

    test('an infix "not" is 400 invalidFilter on /Users, /Groups, /.search and in PATCH value filters', async () => {
      const filter = 'userName pr not title pr';
      scimError(await scim.req('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
      scimError(
        await scim.req('GET', `/Groups?filter=${encodeURIComponent('displayName pr not externalId pr')}`),
        400,
        'invalidFilter',
      );
      scimError(await scim.req('POST', '/Users/.search', { filter }), 400, 'invalidFilter');
      scimError(
        await scim.req('POST', '/Groups/.search', { filter: 'displayName pr not id pr' }),
        400,
        'invalidFilter',
      );
      const path = 'members[value pr not value pr]';
      scimError(await scim.req('PATCH', `/Groups/${groupId}`, patchOp({ op: 'remove', path })), 400, 'invalidFilter');
      scimError(
        await scim.req('PATCH', `/Users/${userId}`, patchOp({ op: 'remove', path: 'emails[value pr not value pr]' })),
        400,
        'invalidFilter',
      );
    });

    test('a NUL character in a filter literal is 400 invalidFilter wherever a filter is read', async () => {
      // The 100,000-case fuzz run's counterexample (seed 20261204): invalidValue came back instead.
      const filter = 'userName pr or not (emails.value ew "a\u0000b")';
      scimError(await scim.req('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
      scimError(
        await scim.req('GET', `/Groups?filter=${encodeURIComponent('displayName eq "\u0000"')}`),
        400,
        'invalidFilter',
      );
      scimError(await scim.req('POST', '/Users/.search', { filter }), 400, 'invalidFilter');
      // The same character written as a JSON escape inside the filter's string literal.
      const escaped = String.raw`userName eq "a\u0000b"`;
      scimError(await scim.req('GET', `/Users?filter=${encodeURIComponent(escaped)}`), 400, 'invalidFilter');
      const path = 'emails[value eq "x\u0000"]';
      scimError(await scim.req('PATCH', `/Users/${userId}`, patchOp({ op: 'remove', path })), 400, 'invalidFilter');
      scimError(
        await scim.req('PATCH', `/Groups/${groupId}`, patchOp({ op: 'remove', path: 'members[value eq "\u0000"]' })),
        400,
        'invalidFilter',
      );
    });

    test('a custom attribute nested 3,000 deep is 400 invalidValue naming it; nothing is stored', async () => {
      const res = await scim.req('POST', '/Users', {
        schemas: [CORE_USER_URN],
        userName: 'deep@example.com',
        office: nested(3000),
      });
      const body = scimError(res, 400, 'invalidValue');
      assert.match(body.detail, /"office/);
      scimOk(await scim.req('GET', `/Users?filter=${encodeURIComponent('userName eq "deep@example.com"')}`), 200);
      assert.equal(
        listOf(await scim.req('GET', `/Users?filter=${encodeURIComponent('userName eq "deep@example.com"')}`))
          .totalResults,
        0,
      );
    });

    test('a custom attribute just past the stored limit is refused too; one within it round-trips', async () => {
      const tooDeep = await scim.req('POST', '/Users', { userName: 'eleven@example.com', office: nested(11) });
      assert.match(scimError(tooDeep, 400, 'invalidValue').detail, /Custom attribute "office" nests more than 10/);
      const ok = scimOk(await scim.req('POST', '/Users', { userName: 'ten@example.com', office: nested(10) }), 201);
      assert.deepEqual(ok.office, nested(10));
      const patched = scimOk(
        await scim.req('PATCH', `/Users/${ok.id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })),
        200,
      );
      assert.deepEqual(patched.office, nested(10));
      const page = listOf(await scim.req('GET', '/Users?excludedAttributes=emails,office&count=100'));
      assert.ok(page.Resources.some((u: any) => u.id === ok.id && u.office === undefined));
    });

    test('a PATCH adding a value nested 3,000 deep is 400 invalidValue; the user still reads and patches', async () => {
      const deep = await scim.req(
        'PATCH',
        `/Users/${userId}`,
        patchOp({ op: 'add', path: 'office', value: nested(3000) }),
      );
      assert.match(scimError(deep, 400, 'invalidValue').detail, /Operations\[0\]\.value/);
      const pathless = await scim.req(
        'PATCH',
        `/Users/${userId}`,
        patchOp({ op: 'add', value: { office: nested(40) } }),
      );
      assert.match(scimError(pathless, 400, 'invalidValue').detail, /office/);
      scimOk(
        await scim.req('PATCH', `/Users/${userId}`, patchOp({ op: 'replace', path: 'title', value: 'Lady' })),
        200,
      );
      listOf(await scim.req('GET', '/Users?excludedAttributes=emails'));
    });

    test('Bulk data nested 3,000 deep is 400 invalidValue for the whole request', async () => {
      const res = await scim.req('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'b1', data: { userName: 'b@example.com', x: nested(3000) } },
        ],
      });
      assert.match(scimError(res, 400, 'invalidValue').detail, /Operations\[0\]\.data\.x/);
    });

    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      test(`a body sent as ${type} is 415 in the SCIM error format, and nothing is created`, async () => {
        const body = JSON.stringify({ schemas: [CORE_USER_URN], userName: 'csrf@example.com' });
        scimError(await scim.req('POST', '/Users', body, { 'content-type': type }), 415);
        scimError(
          await scim.req(
            'PATCH',
            `/Users/${userId}`,
            JSON.stringify(patchOp({ op: 'replace', path: 'title', value: 'x' })),
            {
              'content-type': type,
            },
          ),
          415,
        );
        const found = listOf(
          await scim.req('GET', `/Users?filter=${encodeURIComponent('userName eq "csrf@example.com"')}`),
        );
        assert.equal(found.totalResults, 0);
      });
    }

    test('application/scim+json and application/json with charset parameters are accepted', async () => {
      for (const [i, type] of ['application/scim+json; charset=utf-8', 'application/json;charset=UTF-8'].entries())
        scimOk(await scim.req('POST', '/Users', { userName: `ct${i}@example.com` }, { 'content-type': type }), 201);
    });

    test('a client that writes a whole 5 MB body before reading gets the 413, 20 times out of 20', async () => {
      const { pathname, host } = new URL(scim.baseUrl);
      const body = Buffer.alloc(5 * 1024 * 1024, 'a');
      for (let i = 0; i < 20; i++) {
        const head =
          `POST ${pathname}/Users HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${scim.authorization}\r\n` +
          `Content-Type: application/scim+json\r\nContent-Length: ${body.length}\r\n\r\n`;
        const res = await rawRequest(scim.baseUrl, head, body);
        assert.equal(res.status, 413, `attempt ${i + 1}: ${res.text}`);
        assert.equal(res.body?.schemas?.[0], 'urn:ietf:params:scim:api:messages:2.0:Error');
      }
    });

    test('headers too large are 431 in the SCIM format on SCIM paths and problem+json elsewhere', async () => {
      const { pathname, host } = new URL(scim.baseUrl);
      const big = `X-Big: ${'b'.repeat(20_000)}\r\n`;
      const onScim = await rawRequest(scim.baseUrl, `GET ${pathname}/Users HTTP/1.1\r\nHost: ${host}\r\n${big}\r\n`);
      assert.equal(onScim.status, 431);
      assert.match(onScim.headers['content-type'] ?? '', /^application\/scim\+json/);
      assert.equal(onScim.body.status, '431');
      const onApi = await rawRequest(server.url, `GET /api/v1/users HTTP/1.1\r\nHost: ${host}\r\n${big}\r\n`);
      assert.equal(onApi.status, 431);
      assert.match(onApi.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.equal(onApi.body.status, 431);
    });

    test('bad URL bytes are 400 in each format', async () => {
      const { pathname, host } = new URL(scim.baseUrl);
      const control = await rawRequest(scim.baseUrl, `GET ${pathname}/Users/\x01x HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      assert.equal(control.status, 400);
      assert.match(control.headers['content-type'] ?? '', /^application\/scim\+json/);
      const percent = await rawRequest(
        scim.baseUrl,
        `GET ${pathname}/Users/%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      );
      assert.ok(percent.status === 400 || percent.status === 404, percent.text);
      assert.match(percent.headers['content-type'] ?? '', /^application\/scim\+json/);
      const api = await rawRequest(server.url, `GET /api/v1/\x01 HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      assert.equal(api.status, 400);
      assert.match(api.headers['content-type'] ?? '', /^application\/problem\+json/);
    });

    test('an unusual Expect header is 417 in each format', async () => {
      const { pathname, host } = new URL(scim.baseUrl);
      const onScim = await rawRequest(
        scim.baseUrl,
        `GET ${pathname}/Users HTTP/1.1\r\nHost: ${host}\r\nExpect: 200-ok\r\nAuthorization: ${scim.authorization}\r\n\r\n`,
      );
      assert.equal(onScim.status, 417);
      assert.equal(onScim.body.schemas[0], 'urn:ietf:params:scim:api:messages:2.0:Error');
      const onApi = await rawRequest(server.url, `GET /api/v1/users HTTP/1.1\r\nHost: ${host}\r\nExpect: x\r\n\r\n`);
      assert.equal(onApi.status, 417);
      assert.match(onApi.headers['content-type'] ?? '', /^application\/problem\+json/);
    });
  });
}

// Property-based tests of the SCIM server as a hostile or broken client meets it: generated
// filters, PATCH bodies, Bulk requests and nested JSON against a real Roster on SQLite and
// PostgreSQL. Seeded and bounded in CI; `npm run fuzz -- --runs N [--seed S]` runs longer.
// fast-check's failure message carries the seed and the path that replay the failing case.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/databases.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';
import { anyFilter, BULK_URN, bulkBody, nestedShape, nestedText, patchBody, PATCH_OP_URN } from './arbitraries.js';
import { checkAnswer, checkScimError, FUZZ, LoopGuard, Tally, type Expectation } from './harness.js';

const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
// Share of FUZZ.runs each property gets (per database); filters are cheap reads, Bulk is dearest.
const WEIGHTS = { filters: 0.45, patch: 0.25, bulk: 0.12, nested: 0.18 };
const runsOf = (p: keyof typeof WEIGHTS): number =>
  Math.max(10, Math.round((FUZZ.runs * WEIGHTS[p]) / DIALECTS.length));

const FILTER_ANSWER: Expectation = { statuses: [200, 400], scimTypes: ['invalidFilter'] };
// A filter too long for a request line (Node's 16 KiB header limit) is refused before routing.
const GET_FILTER_ANSWER: Expectation = { statuses: [200, 400, 431], scimTypes: ['invalidFilter', undefined] };
const PATCH_ANSWER: Expectation = {
  statuses: [200, 204, 400, 409],
  scimTypes: ['invalidSyntax', 'invalidPath', 'invalidValue', 'invalidFilter', 'noTarget', 'mutability', 'uniqueness'],
};
const BULK_ANSWER: Expectation = {
  statuses: [200, 400, 413],
  scimTypes: ['invalidSyntax', 'invalidValue', 'invalidPath', 'tooMany'],
};
const BULK_OPERATION_SCIM_TYPES = [undefined, ...PATCH_ANSWER.scimTypes];
const WRITE_ANSWER: Expectation = {
  statuses: [200, 201, 400, 409],
  scimTypes: ['invalidValue', 'uniqueness', 'invalidSyntax'],
};

const wellFormed = (s: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const settings = (runs: number) => ({ numRuns: runs, seed: FUZZ.seed, endOnFailure: true, includeErrorInReport: true });

for (const dialect of DIALECTS) {
  describe(`SCIM properties (${dialect}, seed ${FUZZ.seed})`, () => {
    let server: TestServer;
    let scim: ScimClient;
    let scratchUser: string;
    let scratchGroup: string;
    let bulkScratchUser: string;
    const known: { id: string; body: unknown }[] = [];
    const guard = new LoopGuard();
    const tally = new Tally();

    const send = async (target: string, method: string, path: string, body?: unknown) => {
      const res = await guard.send(() => scim.req(method, path, body), `${method} ${path.slice(0, 120)}`);
      tally.add(target, res);
      return res;
    };

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider();
      // Users no generated request may change: filters read them, nothing writes them.
      for (const name of ['ada', 'grace', 'edsger']) {
        const res = await scim.req('POST', '/Users', {
          schemas: [CORE_USER_URN],
          userName: `${name}@example.com`,
          title: `Known ${name}`,
          emails: [{ value: `${name}@example.com`, type: 'work', primary: true }],
          office: { floor: 3, tags: ['a', '"quoted"\\'] },
        });
        assert.equal(res.status, 201, res.text);
        known.push({ id: res.body.id, body: res.body });
      }
      const scratch = async (userName: string) => (await scim.req('POST', '/Users', { userName })).body.id as string;
      scratchUser = await scratch('scratch@example.com');
      bulkScratchUser = await scratch('bulk-scratch@example.com');
      scratchGroup = (await scim.req('POST', '/Groups', { displayName: 'Scratch', members: [{ value: scratchUser }] }))
        .body.id;
      // Warm every path once: first-call compilation is not what the block limit is about.
      await scim.req('GET', '/Users?filter=userName%20pr');
      await scim.req('PATCH', `/Users/${scratchUser}`, {
        schemas: [PATCH_OP_URN],
        Operations: [{ op: 'add', path: 'title', value: 'w' }],
      });
      await scim.req('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [],
      });
    });

    after(async () => {
      guard.stop();
      // The run's numbers, printed as the test's diagnostics (the fuzz report quotes them).
      console.log(
        `${dialect}: ${tally.total()} requests, worst event-loop block ${guard.worstMs.toFixed(1)} ms, ${guard.retried} re-sent\n${tally.summary()}`,
      );
      await server?.close();
    });

    test(`filters: GET /Users, GET /Groups, POST /.search and PATCH value filters (${runsOf('filters')} cases)`, async () => {
      await fc.assert(
        fc.asyncProperty(anyFilter, fc.nat(4), async (filter, where) => {
          // A lone surrogate cannot be put in a URL at all (URIError in the client): such filters go by POST.
          const q = wellFormed(filter) ? `?filter=${encodeURIComponent(filter)}` : undefined;
          if (where === 0 && q)
            checkAnswer(await send('GET /Users filter', 'GET', `/Users${q}`), GET_FILTER_ANSWER, filter);
          if (where === 1 && q)
            checkAnswer(await send('GET /Groups filter', 'GET', `/Groups${q}`), GET_FILTER_ANSWER, filter);
          if (where === 2 || (where < 2 && !q))
            checkAnswer(await send('POST /.search', 'POST', '/Users/.search', { filter }), FILTER_ANSWER, filter);
          const op = { op: 'remove', path: where === 3 ? `emails[${filter}]` : `members[${filter}]` };
          if (where >= 3) {
            const path = where === 3 ? `/Users/${scratchUser}` : `/Groups/${scratchGroup}`;
            checkAnswer(
              await send('PATCH value filter', 'PATCH', path, { schemas: [PATCH_OP_URN], Operations: [op] }),
              PATCH_ANSWER,
              op.path,
            );
          }
        }),
        settings(runsOf('filters')),
      );
    });

    test(`PATCH bodies on a user and a group (${runsOf('patch')} cases)`, async () => {
      await fc.assert(
        fc.asyncProperty(patchBody, fc.boolean(), async (body, onGroup) => {
          const path = onGroup ? `/Groups/${scratchGroup}` : `/Users/${scratchUser}`;
          checkAnswer(
            await send(onGroup ? 'PATCH group' : 'PATCH user', 'PATCH', path, body),
            PATCH_ANSWER,
            JSON.stringify(body).slice(0, 300),
          );
        }),
        settings(runsOf('patch')),
      );
    });

    test(`Bulk requests: bulkId references, cycles, unknown ids (${runsOf('bulk')} cases)`, async () => {
      await fc.assert(
        fc.asyncProperty(bulkBody(bulkScratchUser), async (body) => {
          const what = JSON.stringify(body).slice(0, 300);
          const res = await send('Bulk', 'POST', '/Bulk', body);
          checkAnswer(res, BULK_ANSWER, what);
          for (const op of res.status === 200 ? res.body.Operations : []) {
            const status = Number(op.status);
            assert.ok(status < 500, `${what}: an operation answered ${op.status}: ${JSON.stringify(op.response)}`);
            if (status >= 400) checkScimError(op.response, status, BULK_OPERATION_SCIM_TYPES, what);
          }
        }),
        settings(runsOf('bulk')),
      );
    });

    test(`nested JSON in POST, PUT, PATCH and Bulk; what is stored still reads and patches (${runsOf('nested')} cases)`, async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(nestedShape(5000), fc.nat(3), async (shape, where) => {
          n += 1;
          const value = nestedText(shape);
          const user = (userName: string) =>
            `{"schemas":["${CORE_USER_URN}"],"userName":"${userName}","office":${value}}`;
          const fresh = user(`nested-${dialect}-${n}@example.com`);
          const res =
            where === 0
              ? await send('nested POST', 'POST', '/Users', fresh)
              : where === 1
                ? await send('nested PUT', 'PUT', `/Users/${scratchUser}`, user('scratch@example.com'))
                : where === 2
                  ? await send(
                      'nested PATCH',
                      'PATCH',
                      `/Users/${scratchUser}`,
                      `{"schemas":["${PATCH_OP_URN}"],"Operations":[{"op":"add","path":"office","value":${value}}]}`,
                    )
                  : await send(
                      'nested Bulk',
                      'POST',
                      '/Bulk',
                      `{"schemas":["${BULK_URN}"],"Operations":[{"method":"POST","path":"/Users","bulkId":"n","data":${fresh}}]}`,
                    );
          checkAnswer(res, WRITE_ANSWER, `${shape.kind} nested ${shape.depth} deep, ${where}`);
          // A 409 is a re-sent POST (LoopGuard) meeting its own first copy; a 400 must name the attribute.
          if (res.status === 400) assert.match(res.body.detail, /office|Operations\[0\]/);
          // Whatever was accepted must still read, list with excludedAttributes and patch.
          const id = where === 0 && res.status === 201 ? res.body.id : scratchUser;
          checkAnswer(await send('read back', 'GET', `/Users/${id}`), { statuses: [200], scimTypes: [] }, 'read back');
          const retitle = { schemas: [PATCH_OP_URN], Operations: [{ op: 'replace', path: 'title', value: `t${n}` }] };
          checkAnswer(
            await send('patch back', 'PATCH', `/Users/${id}`, retitle),
            { statuses: [200], scimTypes: [] },
            'patch back',
          );
          if (n % 10 === 0)
            checkAnswer(
              await send('list back', 'GET', '/Users?excludedAttributes=emails&count=50'),
              { statuses: [200], scimTypes: [] },
              'list',
            );
        }),
        settings(runsOf('nested')),
      );
    });

    test('the known users are intact afterwards', async () => {
      for (const { id, body } of known) {
        const res = await scim.req('GET', `/Users/${id}`);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, body);
      }
      assert.equal((await scim.req('GET', '/Users?filter=title%20sw%20%22Known%22')).body.totalResults, known.length);
    });
  });
}

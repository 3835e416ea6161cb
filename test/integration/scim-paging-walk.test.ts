// Walking /Users in pages (RFC 7644 §3.4.2.4) as Okta's import does (startIndex=1,1+n,…): a page
// that continues where the previous one ended seeks past its last user instead of re-skipping
// the directory. Results may change between pages when users change (the same section); these
// tests pin down what a walk still guarantees, on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { CORE_USER_URN } from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const USERS = 60;
const PAGE = 7;

for (const dialect of DIALECTS) {
  describe(`SCIM page walk on ${dialect}`, () => {
    let server: TestServer;
    let scim: ScimClient;
    const created: string[] = [];

    const create = async (name: string): Promise<string> => {
      const res = await scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: `${name}@example.com` });
      assert.equal(res.status, 201, res.text);
      return res.body.id as string;
    };
    const page = async (startIndex: number, count = PAGE, extra = '') => {
      const res = await scim.req('GET', `/Users?startIndex=${startIndex}&count=${count}${extra}`);
      assert.equal(res.status, 200, res.text);
      return res.body as { totalResults: number; startIndex: number; Resources: { id: string }[] };
    };
    /** Every page from startIndex 1 on; `between` runs after each page. */
    const walk = async (between: (pageNo: number) => Promise<void> = async () => {}) => {
      const seen: string[] = [];
      for (let start = 1, n = 0; ; start += PAGE, n++) {
        const p = await page(start);
        assert.equal(p.startIndex, start);
        seen.push(...p.Resources.map((r) => r.id));
        if (p.Resources.length < PAGE) return seen;
        await between(n);
      }
    };

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider();
      for (let i = 0; i < USERS; i++) created.push(await create(`walker${String(i).padStart(3, '0')}`));
    });
    after(async () => server?.close());

    test('without writes a walk and pages at any offset give the same users in the same order', async () => {
      const seen = await walk();
      assert.equal(seen.length, USERS);
      assert.deepEqual([...seen].sort(), [...created].sort());
      for (const start of [1, 2, 8, 29, 53, 60]) {
        const p = await page(start);
        assert.equal(p.totalResults, USERS);
        assert.deepEqual(
          p.Resources.map((r) => r.id),
          seen.slice(start - 1, start - 1 + PAGE),
          `page at ${start}`,
        );
      }
      // The same walk again (remembered positions) and with a filter (its own positions).
      assert.deepEqual(await walk(), seen);
      const active = await page(1, 100, '&filter=active+eq+true');
      assert.deepEqual(
        active.Resources.map((r) => r.id),
        seen,
      );
    });

    test('users deleted behind the walk never make it skip a user, and the total follows every write', async () => {
      const before = await walk();
      const deleted: string[] = [];
      const added: string[] = [];
      const seen = await walk(async (n) => {
        // Delete one user already read and add one: with OFFSET the next page would skip a user.
        const gone = before[n * PAGE] as string;
        const del = await scim.req('DELETE', `/Users/${gone}`);
        assert.equal(del.status, 204, del.text);
        deleted.push(gone);
        added.push(await create(`late${n}`));
        const p = await page(1, 1);
        assert.equal(p.totalResults, USERS - deleted.length + added.length, 'totalResults counts the writes');
      });
      assert.equal(new Set(seen).size, seen.length, 'no user twice');
      for (const id of before)
        if (!deleted.includes(id)) assert.ok(seen.includes(id), `user ${id}, present all along, was seen`);
    });
  });
}

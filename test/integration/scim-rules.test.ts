import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { scimError, assertUnchanged, PATCH_OP_URN, snapshot } from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_URN], Operations });

for (const dialect of DIALECTS) {
  describe(`SCIM rules on ${dialect}`, () => {
    let s: TestServer;
    let p: ScimClient;
    before(async () => {
      s = await startServer(dialect, { ROSTER_MAX_BODY_BYTES: '2048' });
      p = await s.scimProvider();
    });
    after(async () => s.close());

    test('group displayName is unique per provider, case-insensitively (Entra matches groups on it)', async () => {
      const a = await p.req('POST', '/Groups', { displayName: 'Engineering' });
      assert.equal(a.status, 201);
      const first = await snapshot(s);
      scimError(await p.req('POST', '/Groups', { displayName: 'engineering' }), 409, 'uniqueness');
      await assertUnchanged(s, first);
      const b = await p.req('POST', '/Groups', { displayName: 'Sales' });
      assert.equal(b.status, 201);
      const mid = await snapshot(s);
      scimError(
        await p.req(
          'PATCH',
          `/Groups/${b.body.id}`,
          patch({ op: 'replace', path: 'displayName', value: 'ENGINEERING' }),
        ),
        409,
        'uniqueness',
      );
      scimError(await p.req('PUT', `/Groups/${b.body.id}`, { displayName: 'Engineering' }), 409, 'uniqueness');
      await assertUnchanged(s, mid);
      const other = await s.scimProvider();
      assert.equal(
        (await other.req('POST', '/Groups', { displayName: 'Engineering' })).status,
        201,
        'another provider may use the name',
      );
    });

    test('a PUT or PATCH that leaves `active` out never reactivates (or deactivates) anyone', async () => {
      const u = await p.req('POST', '/Users', { userName: 'quiet@example.com', active: false });
      assert.equal(u.body.active, false);
      const put = await p.req('PUT', `/Users/${u.body.id}`, { userName: 'quiet@example.com', title: 'Analyst' });
      assert.equal(put.status, 200);
      assert.equal(put.body.active, false);
      assert.equal(put.body.title, 'Analyst');
      const removed = await p.req('PATCH', `/Users/${u.body.id}`, patch({ op: 'remove', path: 'active' }));
      assert.equal(removed.status, 200);
      assert.equal(removed.body.active, false);
      const row = await s.roster.db.kysely
        .selectFrom('users')
        .select(['status', 'scim_active'])
        .where('id', '=', u.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'blocked');
      assert.equal(Number(row.scim_active), 0);
      const active = await p.req('POST', '/Users', { userName: 'loud@example.com' });
      assert.equal(active.body.active, true, 'a new user without `active` is active');
      const keep = await p.req('PUT', `/Users/${active.body.id}`, { userName: 'loud@example.com' });
      assert.equal(keep.body.active, true);
    });

    test('sorting puts users without the value last ascending, first descending', async () => {
      const q = new Client(p);
      await q.user('sort.b@example.com', 'Beta');
      await q.user('sort.none@example.com');
      await q.user('sort.a@example.com', 'Alpha');
      const filter = 'filter=userName+sw+%22sort.%22';
      const asc = await p.req('GET', `/Users?${filter}&sortBy=name.familyName`);
      assert.deepEqual(
        asc.body.Resources.map((r: any) => r.userName),
        ['sort.a@example.com', 'sort.b@example.com', 'sort.none@example.com'],
      );
      const desc = await p.req('GET', `/Users?${filter}&sortBy=name.familyName&sortOrder=descending`);
      assert.deepEqual(
        desc.body.Resources.map((r: any) => r.userName),
        ['sort.none@example.com', 'sort.b@example.com', 'sort.a@example.com'],
      );
    });

    test('router-level errors still answer in the SCIM error schema', async () => {
      const long = await p.req('GET', `/Users/${'x'.repeat(600)}`);
      assert.ok(long.status === 414 || long.status === 404, `status ${long.status}`);
      scimError(long, long.status);
    });

    test('absurd paging values are bounded, not echoed or passed to SQL', async () => {
      const res = await p.req('GET', '/Users?startIndex=1e20&count=1e20');
      assert.equal(res.status, 200);
      assert.equal(res.body.startIndex, 2 ** 31 - 1);
      assert.deepEqual(res.body.Resources, []);
    });

    test('an oversized body is 413 in the SCIM error schema; tooMany is kept for Bulk', async () => {
      const big = { userName: 'big@example.com', displayName: 'x'.repeat(4096) };
      const res = await p.req('POST', '/Users', big);
      scimError(res, 413);
      assert.equal(res.body.scimType, undefined);
    });
  });
}

class Client {
  constructor(private readonly p: ScimClient) {}
  async user(userName: string, familyName?: string): Promise<void> {
    const res = await this.p.req('POST', '/Users', { userName, ...(familyName ? { name: { familyName } } : {}) });
    assert.equal(res.status, 201, res.text);
  }
}

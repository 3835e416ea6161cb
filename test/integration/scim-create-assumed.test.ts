// SPEC C2, C3: a SCIM create lands in the tenant's root organization with its default roles, revives
// a user its provider had removed and refuses a user name someone else holds. On PostgreSQL a create
// after the first assumes the root it read before and a free user name, and goes out in one write
// (user-provisioning.ts); these outcomes must not change when the assumption is wrong, e.g. when
// another instance changed the root's default roles meanwhile.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { userBody, userNameOf } from '../../bench/scim/entra-bodies.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { http, startServer, type ScimClient, type TestServer } from '../helpers/server.js';

for (const dialect of DIALECTS) {
  describe(`SCIM create after another (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;
    let other: ScimClient;
    let n = 100;

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider();
      other = await server.scimProvider();
      // The root is read once: every create below comes after one.
      assert.equal((await scim.req('POST', '/Users', userBody(n++))).status, 201);
    });
    after(async () => {
      await server?.close();
    });

    const db = () => server.roster.db.kysely;
    const rolesOf = async (userId: string) =>
      (await db().selectFrom('role_assignments').select('role_id').where('user_id', '=', userId).execute())
        .map((r) => r.role_id)
        .sort();
    const logOf = (userName: string) =>
      db()
        .selectFrom('sync_log')
        .select(['change_type', 'attribute'])
        .where('username_lower', '=', userName.toLowerCase())
        .orderBy('id')
        .execute();

    test("the root's default roles changed behind this instance's back: the next user gets the new ones", async () => {
      const root = await db()
        .selectFrom('organizations')
        .selectAll()
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      const before = await scim.req('POST', '/Users', userBody(n++));
      assert.deepEqual(await rolesOf(before.body.id), JSON.parse(root.default_roles).sort());
      // As another instance's admin request would: nothing in this process hears of it.
      const changed = ['desktop-user', 'org-help-desk'];
      await db()
        .updateTable('organizations')
        .set({ default_roles: JSON.stringify(changed) })
        .where('id', '=', root.id)
        .execute();
      const res = await scim.req('POST', '/Users', userBody(n++));
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(await rolesOf(res.body.id), changed);
      const again = await scim.req('POST', '/Users', userBody(n++));
      assert.deepEqual(await rolesOf(again.body.id), changed);
      await db()
        .updateTable('organizations')
        .set({ default_roles: root.default_roles })
        .where('id', '=', root.id)
        .execute();
    });

    test('a user its provider removed is revived by a create of the same name, and logged once', async () => {
      const body = userBody(n++);
      const made = await scim.req('POST', '/Users', body);
      assert.equal(made.status, 201, made.text);
      assert.equal((await scim.req('DELETE', `/Users/${made.body.id}`)).status, 204);
      const revived = await scim.req('POST', '/Users', body);
      assert.equal(revived.status, 201, revived.text);
      assert.equal(revived.body.id, made.body.id);
      // Exactly what one revival logs, whether or not a first attempt assumed the name free.
      const types = (await logOf(body.userName as string)).map((e) => e.change_type);
      assert.deepEqual(types, ['Created', 'Removed', 'Blocked', 'Created', 'Reactivated']);
      assert.equal(
        (
          await db()
            .selectFrom('users')
            .select('id')
            .where('user_name_lower', '=', (body.userName as string).toLowerCase())
            .execute()
        ).length,
        1,
      );
    });

    test('creates at once, some of them reviving removed users: each gets its own outcome, logged once', async () => {
      const gone = Array.from({ length: 4 }, () => userBody(n++));
      const removed: string[] = [];
      for (const body of gone) {
        const made = await scim.req('POST', '/Users', body);
        assert.equal((await scim.req('DELETE', `/Users/${made.body.id}`)).status, 204);
        removed.push(made.body.id as string);
      }
      const fresh = Array.from({ length: 20 }, () => userBody(n++));
      // All at once, the revivals among the new: on PostgreSQL they share commits, and a revival
      // fails the assumption of the batch it is in.
      const bodies = fresh.flatMap((b, i) => (i % 5 === 4 ? [b, gone[(i - 4) / 5] as typeof b] : [b]));
      const results = await Promise.all(bodies.map((b) => scim.req('POST', '/Users', b)));
      assert.deepEqual(
        results.map((r) => r.status),
        results.map(() => 201),
        results.map((r) => r.text).join('\n'),
      );
      const ids = new Map(results.map((r) => [String(r.body.userName).toLowerCase(), r.body.id as string]));
      gone.forEach((b, i) => assert.equal(ids.get((b.userName as string).toLowerCase()), removed[i]));
      for (const b of bodies) {
        const name = (b.userName as string).toLowerCase();
        const rows = await db().selectFrom('users').select('id').where('user_name_lower', '=', name).execute();
        assert.equal(rows.length, 1, name);
      }
      for (const b of fresh)
        assert.deepEqual(
          (await logOf(b.userName as string)).map((e) => e.change_type),
          ['Created'],
        );
    });

    test("a name another provider's user holds is refused (409) as before, and nothing is written", async () => {
      const i = n++;
      const held = await other.req('POST', '/Users', userBody(i));
      assert.equal(held.status, 201, held.text);
      const logBefore = await logOf(userNameOf(i));
      const res = await scim.req('POST', '/Users', userBody(i));
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.scimType, 'uniqueness');
      assert.deepEqual(await logOf(userNameOf(i)), logBefore);
    });
  });
}

/** A loopback TCP relay to PostgreSQL that counts the chunks Roster sends while `counting`. */
async function relay(target: URL): Promise<{ port: number; sent: () => number; close: () => Promise<void> }> {
  let chunks = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (d) => {
      chunks++;
      upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sent: () => chunks,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('PostgreSQL: a create after another goes out in one write', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof relay>>;
  let server: TestServer;
  let scim: ScimClient;

  before(async () => {
    database = await createTestDatabase('postgres');
    const url = new URL(database.url);
    proxy = await relay(new URL(database.url));
    url.host = `127.0.0.1:${proxy.port}`;
    server = await startServer('postgres', { DATABASE_URL: url.toString() });
    scim = await server.scimProvider();
  });
  after(async () => {
    await server?.close();
    await proxy?.close();
    await database?.drop();
  });

  test('creates at once share commits, and every one of them is there afterwards', async () => {
    const metric = async () => {
      const text = (await http('GET', `${server.url}/metrics`)).text;
      return Number(/^roster_pg_commit_batch_units_sum (\d+)/m.exec(text)?.[1] ?? 'NaN');
    };
    const before = await metric();
    const bodies = Array.from({ length: 24 }, (_, i) => userBody(1000 + i));
    const results = await Promise.all(bodies.map((b) => scim.req('POST', '/Users', b)));
    assert.deepEqual(
      results.map((r) => r.status),
      bodies.map(() => 201),
    );
    // At most a third of the pool runs batches; the rest queue and go together.
    assert.ok((await metric()) - before >= 2, 'no two creates shared a commit');
    for (const r of results) assert.equal((await scim.req('GET', `/Users/${r.body.id}`)).status, 200);
  });

  test('each create after the first is one write to the database', async () => {
    const sent = async (i: number) => {
      const before = proxy.sent();
      const res = await scim.req('POST', '/Users', userBody(i));
      assert.equal(res.status, 201, res.text);
      return proxy.sent() - before;
    };
    await sent(1); // the first of the tenant reads the root
    for (let i = 2; i <= 4; i++) assert.equal(await sent(i), 1, `create ${i}`);
  });
});

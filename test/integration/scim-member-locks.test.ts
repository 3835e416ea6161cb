// SPEC non-functional (one request, one transaction; concurrent changes lose nothing): a PATCH that
// adds or removes one member of a group locks the group only at its last write, and never holds a
// membership row while it waits for a change that locked the group first, so the two kinds of
// membership change cannot deadlock each other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { DIALECTS } from '../helpers/databases.js';
import { createGroup, createUser, patchOp } from '../helpers/scim-assert.js';
import { startServer, type HttpResult, type ScimClient, type TestServer } from '../helpers/server.js';

const addMember = (id: string) => ({ op: 'add', path: 'members', value: [{ value: id }] });
const addMembers = (ids: readonly string[]) => ({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) });
const removeMember = (id: string) => ({ op: 'remove', path: `members[value eq "${id}"]` });

async function createUsers(client: ScimClient, n: number): Promise<string[]> {
  const made = await Promise.all(Array.from({ length: n }, () => createUser(client)));
  return made.map((u) => u.id as string);
}

const statuses = (results: HttpResult[]) => results.map((r) => r.status);

for (const dialect of DIALECTS) {
  describe(`SCIM member changes and group locks (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider();
    });
    after(async () => {
      await server?.close();
    });

    test('one-member PATCHes racing many-member and If-Match PATCHes of the same members: none fails, none is lost', async () => {
      for (let round = 0; round < 4; round++) {
        const users = await createUsers(scim, 8);
        const g = await createGroup(scim, `Lock race ${round} ${users[0]}`);
        const etag = (await scim.req('GET', `/Groups/${g.id}`)).headers.get('etag') as string;
        // The single adds and the many-member add write the same membership rows, in either order.
        const single = users.map((id) => scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMember(id))));
        const many = scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMembers([...users].reverse())));
        const guarded = scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMember(users[3] as string)), {
          'if-match': etag,
        });
        const results = await Promise.all([...single, many]);
        assert.deepEqual(statuses(results), [...users.map(() => 204), 204], results.map((r) => r.text).join('\n'));
        // The If-Match PATCH either ran first (204) or found the group changed (412); never anything else.
        const g412 = await guarded;
        assert.ok([204, 412].includes(g412.status), g412.text);
        const got = await scim.req('GET', `/Groups/${g.id}`);
        assert.deepEqual((got.body.members as { value: string }[]).map((m) => m.value).sort(), [...users].sort());
        // Each PATCH that changed the group answered the version it made: no two the same.
        // Each PATCH answered the version it made, or the one it found when it changed nothing: every
        // version from the first change to the last was answered by the PATCH that made it.
        const final = Number(/\d+/.exec(got.headers.get('etag') ?? '')?.[0]);
        const answered = new Set(
          [...results, g412]
            .filter((r) => r.status === 204)
            .map((r) => Number(/\d+/.exec(r.headers.get('etag') ?? '')?.[0])),
        );
        for (let v = 2; v <= final; v++) assert.ok(answered.has(v), `version ${v} of ${final} was answered by nobody`);

        const removals = users.map((id) => scim.req('PATCH', `/Groups/${g.id}`, patchOp(removeMember(id))));
        const replace = scim.req('PATCH', `/Groups/${g.id}`, patchOp({ op: 'replace', path: 'members', value: [] }));
        const gone = await Promise.all([...removals, replace]);
        assert.deepEqual(statuses(gone), [...users.map(() => 204), 204], gone.map((r) => r.text).join('\n'));
        const empty = await scim.req('GET', `/Groups/${g.id}`);
        assert.deepEqual(empty.body.members ?? [], []);
      }
    });

    if (dialect !== 'postgres') return;

    describe('where a one-member change waits (PostgreSQL)', () => {
      let admin: pg.Client;
      before(async () => {
        admin = new pg.Client({ connectionString: server.databaseUrl });
        await admin.connect();
      });
      after(async () => {
        await admin?.query('rollback').catch(() => undefined);
        await admin?.end();
      });

      /**
       * Holds the group with `lock` while `patch` runs; once the PATCH waits for it, tells whether its
       * transaction had already written memberships then (it holds a lock on group_members from the
       * moment its membership statement started), and releases the group.
       */
      async function wroteBeforeWaiting(groupId: string, lock: string, patch: () => Promise<HttpResult>) {
        await admin.query('begin');
        await admin.query(`select 1 from groups where id = $1 ${lock}`, [groupId]);
        const res = patch();
        let waiter: number | undefined;
        for (let i = 0; i < 200 && waiter === undefined; i++) {
          const rows = await admin.query<{ pid: number }>(
            `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
          waiter = rows.rows[0]?.pid;
          if (waiter === undefined) await new Promise((r) => setTimeout(r, 25));
        }
        assert.ok(waiter !== undefined, 'the PATCH never waited for the group');
        const held = await admin.query<{ n: number }>(
          `select count(*)::int as n from pg_locks where pid = $1 and relation = 'group_members'::regclass`,
          [waiter],
        );
        await admin.query('commit');
        return { wrote: (held.rows[0]?.n ?? 0) > 0, res: await res };
      }

      /** A one-member add to a new group while `lock` holds the group elsewhere. */
      async function addOneWhileHeld(lock: string) {
        const [u] = await createUsers(scim, 1);
        const g = await createGroup(scim, `Held ${lock} ${u}`);
        return wroteBeforeWaiting(g.id as string, lock, () =>
          scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMember(u as string))),
        );
      }

      test('held FOR NO KEY UPDATE elsewhere, the change has written its membership and waits at the touch', async () => {
        const { wrote, res } = await addOneWhileHeld('for no key update');
        assert.equal(wrote, true);
        assert.equal(res.status, 204, res.text);
        assert.equal(res.headers.get('etag'), 'W/"2"');
      });

      test('held FOR UPDATE elsewhere (a change that locked the group first), it waits before writing any membership', async () => {
        const { wrote, res } = await addOneWhileHeld('for update');
        assert.equal(wrote, false);
        assert.equal(res.status, 204, res.text);
      });

      test('a many-member change locks the group FOR UPDATE before writing, so one-member changes wait for it', async () => {
        const us = await createUsers(scim, 2);
        const g = await createGroup(scim, `Update first ${us[0]}`);
        const { wrote, res } = await wroteBeforeWaiting(g.id as string, 'for key share', () =>
          scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMembers(us))),
        );
        assert.equal(wrote, false);
        assert.equal(res.status, 204, res.text);
      });
    });
  });
}

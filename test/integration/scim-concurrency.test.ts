// Issue 2 §11 and SPEC non-functional: concurrent membership PATCHes on one group lose nothing
// and end consistent, and a membership change touches only the changed rows (O(change)), on
// SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import {
  assertUnchanged,
  CORE_USER_URN,
  createGroup,
  createUser,
  email,
  patchOp,
  snapshot,
} from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

/** Creates `n` users, a few requests at a time. */
async function createUsers(client: ScimClient, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => createUser(client)));
    ids.push(...batch.map((u) => u.id as string));
  }
  return ids;
}

const addMember = (id: string) => ({ op: 'add', path: 'members', value: [{ value: id }] });
const removeMember = (id: string) => ({ op: 'remove', path: `members[value eq "${id}"]` });

for (const dialect of DIALECTS) {
  describe(`SCIM concurrency (${dialect})`, () => {
    let server: TestServer;
    let scim: ScimClient;
    let users: string[];

    const memberRows = (groupId: string) =>
      server.roster.db.kysely
        .selectFrom('group_members')
        .select(['user_id', 'created_at'])
        .where('group_id', '=', groupId)
        .orderBy('user_id')
        .execute();
    const groupLog = (name: string) =>
      server.roster.db.kysely
        .selectFrom('sync_log')
        .select(['user_id', 'old_value', 'new_value'])
        .where('attribute', '=', 'group')
        .where((eb) => eb.or([eb('old_value', '=', name), eb('new_value', '=', name)]))
        .where('change_type', '=', 'Modified')
        .orderBy('id')
        .execute();
    const scimMembers = async (groupId: string): Promise<string[]> => {
      const res = await scim.req('GET', `/Groups/${groupId}`);
      assert.equal(res.status, 200, res.text);
      return (res.body.members ?? []).map((m: any) => m.value as string).sort();
    };

    before(async () => {
      server = await startServer(dialect);
      scim = await server.scimProvider();
      users = await createUsers(scim, 20);
    });
    after(async () => {
      await server?.close();
    });

    test('20 concurrent add-member PATCHes on one group lose nothing', async () => {
      const g = await createGroup(scim, 'Concurrent adds');
      const results = await Promise.all(
        users.map((id) => scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMember(id)))),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        users.map(() => 204),
        results.map((r) => r.text).join('\n'),
      );
      assert.deepEqual(await scimMembers(g.id), [...users].sort());
      assert.equal((await memberRows(g.id)).length, 20);
      // Each PATCH bumped the version exactly once: none was lost or overwritten.
      const row = await server.roster.db.kysely
        .selectFrom('groups')
        .select('version')
        .where('id', '=', g.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.version), 21);
      assert.equal((await groupLog('Concurrent adds')).length, 20);
    });

    test('20 concurrent PATCHes adding and removing overlapping members end consistent', async () => {
      // Adds target users 10..19, removes target 0..9 (the initial members); each target is hit by
      // two or three PATCHes at once. Whatever the order, the result is exactly users 10..19.
      const initial = users.slice(0, 10);
      const g = await createGroup(scim, 'Overlapping', initial);
      const results = await Promise.all(
        users.map((_, i) =>
          scim.req(
            'PATCH',
            `/Groups/${g.id}`,
            patchOp(
              removeMember(users[i % 10] as string),
              addMember(users[10 + (i % 10)] as string),
              addMember(users[10 + ((i + 1) % 10)] as string),
            ),
          ),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        users.map(() => 204),
        results.map((r) => r.text).join('\n'),
      );
      const expected = users.slice(10).sort();
      assert.deepEqual(await scimMembers(g.id), expected);
      assert.deepEqual(
        (await memberRows(g.id)).map((r) => r.user_id),
        expected,
      );
      // Each real change is logged exactly once, duplicates not at all.
      const log = await groupLog('Overlapping');
      assert.deepEqual(
        log
          .filter((e) => e.new_value === 'Overlapping')
          .map((e) => e.user_id)
          .sort(),
        [...initial, ...expected].sort(),
      );
      assert.deepEqual(
        log
          .filter((e) => e.old_value === 'Overlapping')
          .map((e) => e.user_id)
          .sort(),
        [...initial].sort(),
      );
    });

    test('racing adds and removes of the same members: stored state, GET and the log agree', async () => {
      const pool = users.slice(0, 5);
      const g = await createGroup(scim, 'Racing');
      // PATCH i adds pool[i % 5] and removes pool[(i + 1) % 5]: the outcome depends on the order.
      const results = await Promise.all(
        users.map((_, i) =>
          scim.req(
            'PATCH',
            `/Groups/${g.id}`,
            patchOp(addMember(pool[i % 5] as string), removeMember(pool[(i + 1) % 5] as string)),
          ),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        users.map(() => 204),
      );
      const stored = (await memberRows(g.id)).map((r) => r.user_id);
      assert.deepEqual(await scimMembers(g.id), stored);
      // Replaying the logged adds and removes in order gives exactly the stored membership.
      const replay = new Set<string>();
      for (const e of await groupLog('Racing')) {
        if (e.new_value === 'Racing') {
          assert.ok(!replay.has(e.user_id as string), 'an add is logged only when the member was absent');
          replay.add(e.user_id as string);
        } else {
          assert.ok(replay.delete(e.user_id as string), 'a remove is logged only when the member was present');
        }
      }
      assert.deepEqual([...replay].sort(), stored);
    });

    test('concurrent POSTs of one userName create exactly one user', async () => {
      const userName = email('race');
      const results = await Promise.all(
        Array.from({ length: 10 }, () => scim.req('POST', '/Users', { schemas: [CORE_USER_URN], userName })),
      );
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [201, ...Array(9).fill(409)], results.map((r) => r.text).join('\n'));
      for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.scimType, 'uniqueness');
      const rows = await server.roster.db.kysely
        .selectFrom('users')
        .select('id')
        .where('user_name_lower', '=', userName.toLowerCase())
        .execute();
      assert.equal(rows.length, 1);
      const created = await server.roster.db.kysely
        .selectFrom('sync_log')
        .select('id')
        .where('username', '=', userName)
        .where('change_type', '=', 'Created')
        .execute();
      assert.equal(created.length, 1);
    });

    test("a members-only PATCH refused (no such group, another provider's, stale If-Match) writes nothing", async () => {
      const other = await server.scimProvider();
      const theirUser = await createUser(other);
      const theirs = await createGroup(other, `Theirs ${email()}`, [theirUser.id as string]);
      const mine = await createGroup(scim, `Refusals ${email()}`, [users[0] as string]);
      const current = (await scim.req('GET', `/Groups/${mine.id}`)).headers.get('etag') as string;
      const [member, outsider] = [users[0] as string, users[1] as string];
      const before = await snapshot(server);
      const cases: [string, unknown, Record<string, string>, number][] = [
        [`/Groups/${randomUUID()}`, patchOp(addMember(outsider)), {}, 404],
        [`/Groups/${randomUUID()}`, patchOp(removeMember(member)), {}, 404],
        // Statements that would change the other provider's group if the refusal did not undo them.
        [`/Groups/${theirs.id}`, patchOp(addMember(outsider)), {}, 404],
        [`/Groups/${theirs.id}`, patchOp(removeMember(theirUser.id as string)), {}, 404],
        [`/Groups/${mine.id}`, patchOp(addMember(outsider)), { 'if-match': 'W/"999"' }, 412],
        [`/Groups/${mine.id}`, patchOp(removeMember(member)), { 'if-match': 'W/"999"' }, 412],
      ];
      for (const [path, body, headers, status] of cases) {
        const res = await scim.req('PATCH', path, body, headers);
        assert.equal(res.status, status, `${path} ${JSON.stringify(body)}: ${res.text}`);
        assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      }
      await assertUnchanged(server, before);
      const ok = await scim.req('PATCH', `/Groups/${mine.id}`, patchOp(addMember(outsider)), { 'if-match': current });
      assert.equal(ok.status, 204, ok.text);
      assert.deepEqual(await scimMembers(mine.id), [member, outsider].sort());
      assert.notEqual(ok.headers.get('etag'), current);
    });

    test('member PATCHes racing a rename of the group: every change kept, one version each', async () => {
      const g = await createGroup(scim, `Race ${email()}`);
      const renamed = `Renamed ${email()}`;
      const adds = users.slice(0, 10).map((id) => scim.req('PATCH', `/Groups/${g.id}`, patchOp(addMember(id))));
      const rename = scim.req(
        'PATCH',
        `/Groups/${g.id}`,
        patchOp({ op: 'replace', path: 'displayName', value: renamed }),
      );
      const results = await Promise.all([...adds, rename]);
      assert.deepEqual(
        results.map((r) => r.status),
        results.map(() => 204),
        results.map((r) => r.text).join('\n'),
      );
      const got = await scim.req('GET', `/Groups/${g.id}`);
      assert.equal(got.body.displayName, renamed);
      assert.deepEqual(await scimMembers(g.id), users.slice(0, 10).sort());
      assert.equal(got.body.meta.version, 'W/"12"');
      assert.equal(new Set(results.map((r) => r.headers.get('etag'))).size, 11, 'each PATCH answered its own version');
    });

    test('a membership PATCH on a large group touches only the changed rows', async () => {
      const big = await createUsers(scim, 200);
      const g = await createGroup(scim, 'Large group', big.slice(0, 199));
      const before = new Map((await memberRows(g.id)).map((r) => [r.user_id, r.created_at]));
      assert.equal(before.size, 199);
      const usersBefore = await server.roster.db.kysely
        .selectFrom('users')
        .select(['id', 'version', 'updated_at'])
        .where('id', 'in', big)
        .orderBy('id')
        .execute();
      const logBefore = (await groupLog('Large group')).length;
      server.clock.advance(60_000);
      const later = server.clock.now().toISOString();
      const res = await scim.req(
        'PATCH',
        `/Groups/${g.id}`,
        patchOp(addMember(big[199] as string), removeMember(big[0] as string)),
      );
      assert.equal(res.status, 204, res.text);
      const after = await memberRows(g.id);
      assert.equal(after.length, 199);
      for (const r of after) {
        if (r.user_id === big[199]) assert.equal(r.created_at, later);
        else assert.equal(r.created_at, before.get(r.user_id), 'an unchanged membership row is never rewritten');
      }
      assert.ok(!after.some((r) => r.user_id === big[0]));
      // The member users themselves are not touched, and exactly two changes are logged.
      assert.deepEqual(
        await server.roster.db.kysely
          .selectFrom('users')
          .select(['id', 'version', 'updated_at'])
          .where('id', 'in', big)
          .orderBy('id')
          .execute(),
        usersBefore,
      );
      assert.equal((await groupLog('Large group')).length, logBefore + 2);
      // A PUT replacing the members with a one-member difference rewrites only that difference too.
      server.clock.advance(60_000);
      const members = after
        .map((r) => r.user_id)
        .filter((id) => id !== big[1])
        .concat(big[0] as string);
      const put = await scim.req('PUT', `/Groups/${g.id}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Large group',
        members: members.map((value) => ({ value })),
      });
      assert.equal(put.status, 200, put.text);
      const afterPut = await memberRows(g.id);
      assert.equal(afterPut.length, 199);
      const prior = new Map(after.map((r) => [r.user_id, r.created_at]));
      for (const r of afterPut) if (r.user_id !== big[0]) assert.equal(r.created_at, prior.get(r.user_id));
      assert.equal(afterPut.find((r) => r.user_id === big[0])?.created_at, server.clock.now().toISOString());
    });
  });
}

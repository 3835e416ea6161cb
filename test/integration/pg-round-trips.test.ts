// The PostgreSQL client's round-trip savings (src/storage/pg-client.ts) keep each request one
// transaction: a sync-log write that fails on the server, reported only with the COMMIT sent
// behind it, still fails the request and leaves nothing of it behind (STYLE habit 11).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { userBody, userNameOf, filterQuery, replaceBody } from '../../bench/scim/entra-bodies.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

describe('PostgreSQL: a write nothing waits for still decides its whole request', () => {
  let server: TestServer;
  let scim: ScimClient;
  let admin: pg.Client;

  before(async () => {
    server = await startServer('postgres');
    scim = await server.scimProvider();
    admin = new pg.Client({ connectionString: server.databaseUrl });
    await admin.connect();
    // The server refuses sync-log rows about one user name: an error raised inside the transaction.
    await admin.query(`create function refuse_log() returns trigger language plpgsql as $$
      begin
        if new.username_lower like 'refused.%' then raise exception 'sync log refused'; end if;
        return new;
      end $$`);
    await admin.query(`create trigger refuse_log before insert on sync_log for each row execute function refuse_log()`);
  });
  after(async () => {
    await admin?.end();
    await server?.close();
  });

  test('POST /Users: 500, and no user, value or role row was committed', async () => {
    const body = { ...userBody(7), userName: 'refused.7@contoso.example', emails: [] };
    const res = await scim.req('POST', '/Users', body);
    assert.equal(res.status, 500, res.text);
    const rows = await admin.query(
      `select count(*)::int as n from users where user_name_lower = 'refused.7@contoso.example'`,
    );
    assert.equal(rows.rows[0].n, 0);
    const search = await scim.req('GET', `/Users${filterQuery('userName', 'refused.7@contoso.example')}`);
    assert.equal(search.body.totalResults, 0);
  });

  test('PATCH /Users: 500, and the user keeps its old title and version', async () => {
    const created = await scim.req('POST', '/Users', userBody(8));
    assert.equal(created.status, 201, created.text);
    // Renamed behind Roster's back so that the PATCH's sync-log row is refused.
    const id = created.body.id as string;
    const rename = `update users set user_name = 'refused.8@contoso.example', user_name_lower = 'refused.8@contoso.example' where id = $1`;
    await admin.query(rename, [id]);
    const state = `select title, version, updated_at from users where id = $1`;
    const before = (await admin.query(state, [id])).rows[0];
    const res = await scim.req('PATCH', `/Users/${id}`, replaceBody('title', 'Never'));
    assert.equal(res.status, 500, res.text);
    assert.deepEqual((await admin.query(state, [id])).rows[0], before);
  });

  test('POST /Users whose userName is claimed while it runs: 409 uniqueness, reported by the COMMIT', async () => {
    // The insert goes out with the COMMIT behind it, so its unique violation is reported by the
    // COMMIT; it must still be the SCIM uniqueness error, and nothing of the request is left.
    const holder = await scim.req('POST', '/Users', userBody(40));
    assert.equal(holder.status, 201, holder.text);
    const claimed = 'claimed.41@contoso.example';
    const other = new pg.Client({ connectionString: server.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      // Uncommitted: the POST's lookup does not see it, its insert waits for it on the unique index.
      await other.query(`update users set user_name = $1, user_name_lower = $1 where id = $2`, [
        claimed,
        holder.body.id,
      ]);
      const post = scim.req('POST', '/Users', { ...userBody(41), userName: claimed });
      const waiting = async (): Promise<boolean> =>
        (
          await admin.query(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        ).rows[0].n > 0;
      for (let i = 0; i < 200 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(await waiting(), 'the insert waits for the uncommitted claim');
      await other.query('commit');
      const res = await post;
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.scimType, 'uniqueness');
      assert.match(res.body.detail, /claimed\.41@contoso\.example/);
      const logged = await admin.query(
        `select count(*)::int as n from sync_log where user_id <> $1 and username_lower = $2`,
        [holder.body.id, claimed],
      );
      assert.equal(logged.rows[0].n, 0);
      const users = await admin.query(`select count(*)::int as n from users where user_name_lower = $1`, [claimed]);
      assert.equal(users.rows[0].n, 1);
    } finally {
      await other.end();
    }
  });

  test('the connections stay usable: the next requests succeed', async () => {
    for (let i = 10; i < 30; i++) {
      const res = await scim.req('POST', '/Users', userBody(i));
      assert.equal(res.status, 201, res.text);
    }
    const found = await scim.req('GET', `/Users${filterQuery('userName', userNameOf(12))}`);
    assert.equal(found.body.totalResults, 1);
  });
});

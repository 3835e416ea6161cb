// SPEC C6 on PostgreSQL: each instance remembers session and API-token checks between requests,
// and a change to anything such a check reads holds from the very next request on the instance
// that made it, and within moments on every other instance. Two Roster instances share one
// database; each case warms both caches (proven by hit counts), changes one thing, then asks
// again: the writing instance at once, the other until it agrees (a few milliseconds here). Changes
// made straight in SQL, by no Roster at all, are heard the same way (the triggers, not the code
// paths, notify). Without its listener an instance remembers nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { holds, operatorPrincipal, type Principal } from '../../src/core/auth/principal.js';
import { startTwoInstances, until, type TwoInstances } from '../helpers/two-instances.js';

const PASSWORD = 'plum-Orchard-42-kites';

type Outcome = Principal | 'unauthenticated';
const outcome = (p: Promise<Principal>): Promise<Outcome> =>
  p.catch((e: unknown) => {
    if ((e as { code?: string }).code === 'auth.unauthenticated') return 'unauthenticated' as const;
    throw e;
  });

interface Person {
  userId: string;
  userName: string;
  orgId: string | null;
  session: string;
  apiToken: string;
  apiTokenId: string;
}

describe('credential checks remembered on PostgreSQL, two instances', () => {
  let instances: TwoInstances | undefined;
  let url: string;
  let a: Roster;
  let b: Roster;
  let sql: pg.Client;
  let n = 0;
  const op = () => operatorPrincipal(a.bootstrap.tenantId);
  const session = (r: Roster, token: string) =>
    outcome(
      r.services.sessions.authenticate({ token, via: 'bearer', stateChanging: false, csrfToken: undefined, ip: null }),
    );
  const apiToken = (r: Roster, secret: string) => outcome(r.services.apiTokens.authenticate(secret, null));
  const hits = (r: Roster) => r.db.credentialCache?.stats.hits ?? -1;

  async function person(): Promise<Person> {
    n += 1;
    const userName = `cached.${n}@example.test`;
    const { user } = await a.services.localUsers.create(op(), {
      userName,
      roles: ['customer-cloud-admin', 'desktop-user'],
      password: PASSWORD,
    });
    const signed = await a.services.signIn.password(a.bootstrap.tenantId, {
      userName,
      password: PASSWORD,
      client: 'app',
      ip: null,
    });
    assert.equal(signed.next, 'session');
    const issued = await a.services.apiTokens.create(op(), { name: `t${n}`, userId: user.id });
    return {
      userId: user.id,
      userName,
      orgId: user.orgId,
      session: signed.next === 'session' ? signed.opened.token : '',
      apiToken: issued.secret,
      apiTokenId: issued.token.id,
    };
  }

  /**
   * Both instances answer both credentials from memory. Until the notifications of the person's
   * creation and of the API token's first use (it records the time, which drops the user's
   * entries) have been heard, a check may read afresh; then both checks are hits.
   */
  async function warm(p: Person): Promise<void> {
    for (const r of [a, b]) {
      await until('both checks are answered from memory', async () => {
        const before = hits(r);
        assert.notEqual(await session(r, p.session), 'unauthenticated');
        assert.notEqual(await apiToken(r, p.apiToken), 'unauthenticated');
        return hits(r) === before + 2;
      });
    }
  }

  before(async () => {
    instances = await startTwoInstances();
    ({ a, b, sql, url } = instances);
  });
  after(async () => instances?.close());

  type Check = (r: Roster, p: Person) => Promise<boolean>;
  const cases: [name: string, change: (p: Person) => Promise<unknown>, seen: Check][] = [
    [
      'roles replaced: the session loses users.read',
      (p) => a.services.userAdmin.setRoles(op(), p.userId, ['desktop-user']),
      async (r, p) => {
        const s = await session(r, p.session);
        return s !== 'unauthenticated' && !holds(s, 'users.read');
      },
    ],
    [
      'moved to another organization: the API token acts in the new one',
      async (p) => {
        const org = await a.services.organizations.create(op(), { name: `Moved ${p.userId}` });
        await a.services.userAdmin.moveToOrganization(op(), p.userId, org.id);
        return org.id;
      },
      async (r, p) => {
        const t = await apiToken(r, p.apiToken);
        return t !== 'unauthenticated' && t.orgId !== p.orgId;
      },
    ],
    [
      'blocked: neither credential works',
      (p) => a.services.lifecycle.block(op(), p.userId),
      async (r, p) =>
        (await session(r, p.session)) === 'unauthenticated' && (await apiToken(r, p.apiToken)) === 'unauthenticated',
    ],
    [
      'deactivated: neither credential works',
      (p) => a.services.lifecycle.deactivate(op(), p.userId),
      async (r, p) =>
        (await session(r, p.session)) === 'unauthenticated' && (await apiToken(r, p.apiToken)) === 'unauthenticated',
    ],
    [
      'signed out: the session is gone, the API token still works',
      (p) => a.services.sessions.signOut(p.session),
      async (r, p) =>
        (await session(r, p.session)) === 'unauthenticated' && (await apiToken(r, p.apiToken)) !== 'unauthenticated',
    ],
    [
      'API token revoked: the token is gone, the session still works',
      (p) => a.services.apiTokens.revoke(op(), p.apiTokenId),
      async (r, p) =>
        (await apiToken(r, p.apiToken)) === 'unauthenticated' && (await session(r, p.session)) !== 'unauthenticated',
    ],
  ];

  for (const [name, change, seen] of cases) {
    test(`${name} — at once on the writing instance, within moments on the other`, async () => {
      const p = await person();
      await warm(p);
      assert.equal(await seen(a, p), false, 'not yet changed');
      await change(p);
      assert.equal(await seen(a, p), true, 'the writing instance sees the change on the very next check');
      await until('the other instance sees the change', () => seen(b, p));
    });
  }

  const direct: [name: string, statement: (p: Person) => [string, unknown[]], seen: Check][] = [
    [
      'a role removed in SQL',
      (p) => [`delete from role_assignments where user_id = $1 and role_id = 'customer-cloud-admin'`, [p.userId]],
      async (r, p) => {
        const s = await session(r, p.session);
        return s !== 'unauthenticated' && !holds(s, 'users.read');
      },
    ],
    [
      'a role granted in SQL',
      (p) => [
        `insert into role_assignments (tenant_id, user_id, role_id, source, created_at)
         select tenant_id, id, 'alert-emails', 'manual', '2026-01-01T00:00:00.000Z' from users where id = $1`,
        [p.userId],
      ],
      async (r, p) => {
        const s = await session(r, p.session);
        return s !== 'unauthenticated' && s.grants.some((g) => g.roleId === 'alert-emails');
      },
    ],
    [
      'a username changed in SQL',
      (p) => [`update users set user_name = 'renamed.' || user_name where id = $1`, [p.userId]],
      async (r, p) => {
        const t = await apiToken(r, p.apiToken);
        return t !== 'unauthenticated' && t.userName === `renamed.${p.userName}`;
      },
    ],
    [
      'a session revoked in SQL',
      (p) => [`update sessions set revoked_at = '2026-01-01T00:00:00.000Z' where user_id = $1`, [p.userId]],
      async (r, p) => (await session(r, p.session)) === 'unauthenticated',
    ],
    [
      'a user removed in SQL',
      (p) => [`update users set removed_at = '2026-01-01T00:00:00.000Z' where id = $1`, [p.userId]],
      async (r, p) => (await apiToken(r, p.apiToken)) === 'unauthenticated',
    ],
  ];

  for (const [name, statement, seen] of direct) {
    test(`${name} (no Roster involved) — heard by both instances`, async () => {
      const p = await person();
      await warm(p);
      assert.equal(await seen(a, p), false);
      assert.equal(await seen(b, p), false);
      const [text, values] = statement(p);
      const r = await sql.query(text, values);
      assert.ok((r.rowCount ?? 0) > 0);
      await until('instance a sees it', () => seen(a, p));
      await until('instance b sees it', () => seen(b, p));
    });
  }

  test('creating a user with roles, signing in and issuing a token notify nobody; changing them does', async () => {
    const heard: string[] = [];
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    try {
      listener.on('notification', (m) => heard.push(m.payload ?? ''));
      await listener.query('LISTEN roster_credentials');
      const p = await person();
      // The listener's backend delivers every notification committed so far before it answers.
      await listener.query('select 1');
      assert.deepEqual(heard, [], 'nothing anyone could have remembered changed');
      await a.services.userAdmin.setRoles(op(), p.userId, ['desktop-user']);
      await until('the role change is heard', () => heard.length > 0);
      assert.ok(heard.every((h) => h === `${a.bootstrap.tenantId} ${p.userId}`));
    } finally {
      await listener.end();
    }
  });

  test('an unrelated change to a user (title) keeps the remembered check', async () => {
    const p = await person();
    await warm(p);
    await sql.query(`update users set title = 'Engineer' where id = $1`, [p.userId]);
    const before = hits(a);
    assert.notEqual(await session(a, p.session), 'unauthenticated');
    assert.equal(hits(a), before + 1);
  });

  test('without its listener an instance remembers nothing, and resumes once it is back', async () => {
    const p = await person();
    await warm(p);
    const killed = await sql.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN roster_credentials'`,
    );
    assert.equal(killed.rowCount, 2, "both instances' listeners");
    // The loss is noticed at once (the connection ends) and the cache is off until the listener is back.
    await until('a notices', () => a.db.credentialCache?.active === false, 2000).catch(() => {});
    const h = hits(a);
    if (!a.db.credentialCache?.active) {
      assert.notEqual(await session(a, p.session), 'unauthenticated');
      assert.equal(hits(a), h, 'off: read from the database');
    }
    await until('both listeners are back', () => !!a.db.credentialCache?.active && !!b.db.credentialCache?.active);
    await sql.query(`update users set status = 'blocked' where id = $1`, [p.userId]);
    await until('a sees the block', async () => (await session(a, p.session)) === 'unauthenticated');
    await until('b sees the block', async () => (await session(b, p.session)) === 'unauthenticated');
  });

  test('ROSTER_CREDENTIAL_CACHE=off remembers nothing', async () => {
    const c = await createRoster(
      loadConfig({ DATABASE_URL: url, ROSTER_SWEEP_INTERVAL_MS: '0', ROSTER_CREDENTIAL_CACHE: 'off' }),
    );
    try {
      assert.equal(c.db.credentialCache, undefined);
      const p = await person();
      assert.notEqual(await session(c, p.session), 'unauthenticated');
    } finally {
      await c.close();
    }
  });
});

// SPEC C2 on PostgreSQL: each instance remembers the provider (and its tenant) a provisioning
// request authenticates against, and any change to either holds from the very next request on the
// instance that made it, and within moments on every other instance. Two Roster instances share one
// database; each case warms both (proven by hit counts), changes one thing, then asks again: the
// writing instance at once, the other until it agrees. Changes made straight in SQL, by no Roster,
// are heard the same way (the triggers notify). Without its listener an instance remembers nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Roster } from '../../src/app.js';
import { operatorPrincipal } from '../../src/core/auth/principal.js';
import type { ProvisioningContext } from '../../src/core/provisioning/context.js';
import { startTwoInstances, until, type TwoInstances } from '../helpers/two-instances.js';

interface Scim {
  id: string;
  token: string;
}

describe('provider authentication remembered on PostgreSQL, two instances', () => {
  let instances: TwoInstances | undefined;
  let a: Roster;
  let b: Roster;
  let sql: pg.Client;
  let n = 0;
  const op = () => operatorPrincipal(a.bootstrap.tenantId);
  const auth = (r: Roster, p: Scim, token = p.token): Promise<ProvisioningContext | 'unauthenticated'> =>
    r.services.providerAuth.authenticate(p.id, { type: 'bearer', token }).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'auth.unauthenticated') return 'unauthenticated' as const;
      throw e;
    });
  const hits = (r: Roster) => r.db.credentialCache?.stats.hits ?? -1;

  async function provider(): Promise<Scim> {
    n += 1;
    const { provider: p, credential } = await a.services.providers.create(op(), {
      name: `Cached ${n}`,
      type: 'scim',
      authType: 'bearer',
    });
    assert.equal(credential.type, 'bearer');
    return { id: p.id, token: credential.type === 'bearer' ? credential.token : '' };
  }

  /** Both instances answer from memory (a creation notifies nothing, so the second read is a hit). */
  async function warm(p: Scim): Promise<void> {
    for (const r of [a, b]) {
      await until('the provider is answered from memory', async () => {
        const before = hits(r);
        assert.notEqual(await auth(r, p), 'unauthenticated');
        return hits(r) === before + 1;
      });
    }
  }

  before(async () => {
    instances = await startTwoInstances();
    ({ a, b, sql } = instances);
  });
  after(async () => instances?.close());

  type Seen = (r: Roster, p: Scim) => Promise<boolean>;
  const delayIs =
    (seconds: number): Seen =>
    async (r, p) => {
      const c = await auth(r, p);
      return c !== 'unauthenticated' && c.provider.deactivationDelaySeconds === seconds;
    };
  const emailUsernames =
    (on: boolean): Seen =>
    async (r, p) => {
      const c = await auth(r, p);
      return c !== 'unauthenticated' && c.tenant.requireEmailUsername === on;
    };
  let rotated = '';
  let flipped = false;
  const cases: [name: string, change: (p: Scim) => Promise<unknown>, seen: Seen][] = [
    [
      'credential rotated: the old token is refused, the new one accepted',
      async (p) => {
        const { credential } = await a.services.providers.rotate(op(), p.id);
        rotated = credential.type === 'bearer' ? credential.token : '';
      },
      async (r, p) => (await auth(r, p)) === 'unauthenticated' && (await auth(r, p, rotated)) !== 'unauthenticated',
    ],
    [
      'provider deleted: refused',
      (p) => a.services.providers.delete(op(), p.id),
      async (r, p) => (await auth(r, p)) === 'unauthenticated',
    ],
    ['deactivation delay changed', (p) => a.services.providers.setDeactivationDelay(op(), p.id, 7), delayIs(7)],
    [
      'tenant setting changed: whether usernames must be email addresses',
      async (p) => {
        const c = await auth(a, p);
        assert.notEqual(c, 'unauthenticated');
        flipped = c !== 'unauthenticated' && !c.tenant.requireEmailUsername;
        await a.services.tenants.updateSettings(op(), { requireEmailUsername: flipped });
      },
      (r, p) => emailUsernames(flipped)(r, p),
    ],
  ];

  for (const [name, change, seen] of cases) {
    test(`${name} — at once on the writing instance, within moments on the other`, async () => {
      const p = await provider();
      await warm(p);
      assert.equal(await seen(a, p), false, 'not yet changed');
      await change(p);
      assert.equal(await seen(a, p), true, 'the writing instance sees the change on the very next request');
      await until('the other instance sees the change', () => seen(b, p));
    });
  }

  const direct: [name: string, statement: (p: Scim) => [string, unknown[]], seen: Seen][] = [
    [
      'the token hash replaced in SQL',
      (p) => [`update providers set token_hash = 'replaced' where id = $1`, [p.id]],
      async (r, p) => (await auth(r, p)) === 'unauthenticated',
    ],
    [
      'the role mapping replaced in SQL',
      (p) => [`update providers set role_mapping = '{"method":"groups","groups":[]}' where id = $1`, [p.id]],
      async (r, p) => {
        const c = await auth(r, p);
        return c !== 'unauthenticated' && c.provider.roleMapping.method === 'groups';
      },
    ],
    [
      'the provider deleted in SQL',
      (p) => [`delete from providers where id = $1`, [p.id]],
      async (r, p) => (await auth(r, p)) === 'unauthenticated',
    ],
    [
      // Runs after the case above: the setting is `flipped` now, and switches back.
      'the tenant setting switched back in SQL',
      (p) => [
        `update tenants set require_email_username = $2 where id = (select tenant_id from providers where id = $1)`,
        [p.id, flipped ? 0 : 1],
      ],
      (r, p) => emailUsernames(!flipped)(r, p),
    ],
  ];

  for (const [name, statement, seen] of direct) {
    test(`${name} (no Roster involved) — heard by both instances`, async () => {
      const p = await provider();
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

  test('a wrong secret is refused even when the provider is remembered', async () => {
    const p = await provider();
    await warm(p);
    const before = hits(a);
    assert.equal(await auth(a, p, `${p.token}x`), 'unauthenticated');
    assert.equal(hits(a), before + 1, 'the row came from memory, the secret was still checked');
  });

  test('without its listener an instance remembers no provider, and resumes once it is back', async () => {
    const p = await provider();
    await warm(p);
    const killed = await sql.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN roster_credentials'`,
    );
    assert.equal(killed.rowCount, 2, "both instances' listeners");
    await until('a notices', () => a.db.credentialCache?.active === false, 2000).catch(() => {});
    const h = hits(a);
    if (!a.db.credentialCache?.active) {
      assert.notEqual(await auth(a, p), 'unauthenticated');
      assert.equal(hits(a), h, 'off: read from the database');
    }
    await until('both listeners are back', () => !!a.db.credentialCache?.active && !!b.db.credentialCache?.active);
    await warm(p);
    await sql.query(`delete from providers where id = $1`, [p.id]);
    await until('a sees the deletion', async () => (await auth(a, p)) === 'unauthenticated');
    await until('b sees the deletion', async () => (await auth(b, p)) === 'unauthenticated');
  });
});

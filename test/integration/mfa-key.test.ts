import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { openRoster, type OpenedRoster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { operatorPrincipal, principalForUser } from '../../src/core/auth/principal.js';
import { isDomainError } from '../../src/core/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { totpAt } from '../helpers/mfa.js';
import { FakeClock } from '../helpers/server.js';
import { GOOD_PASSWORD } from '../helpers/sign-in.js';

// SPEC C6, README "MFA": on SQLite without ROSTER_MFA_KEY the sealing key is generated once into a
// file beside the database, so an enrolment survives a restart; a different key cannot open it.

let db: TestDatabase;
const clock = new FakeClock();
const open = (env: Record<string, string> = {}) =>
  openRoster(loadConfig({ DATABASE_URL: db.url, ROSTER_SWEEP_INTERVAL_MS: '0', ...env }), { clock });
const signIn = (r: OpenedRoster) =>
  r.services.signIn.password(r.bootstrap.tenantId, {
    userName: 'kept@example.com',
    password: GOOD_PASSWORD,
    client: 'app',
    ip: null,
  });

before(async () => {
  db = await createTestDatabase('sqlite');
});
after(async () => db.drop());

test('an enrolment outlives a restart with the key file; another key answers mfa.unavailable', async () => {
  const first = await open();
  let secret: string;
  try {
    const operator = operatorPrincipal(first.bootstrap.tenantId);
    const { user } = await first.services.localUsers.create(operator, {
      userName: 'kept@example.com',
      roles: ['desktop-user'],
      password: GOOD_PASSWORD,
    });
    const me = await principalForUser(first.services.store.repos, user.tenantId, user.id, operator.credential, null);
    assert.ok(me);
    secret = (await first.services.mfa.beginEnrol(me)).secret;
    await first.services.mfa.confirmEnrol(me, await totpAt(secret, clock.now()));
  } finally {
    await first.db.close();
  }
  clock.advance(60_000);

  const second = await open();
  try {
    const step = await signIn(second);
    assert.equal(step.next, 'mfa');
    const mfaToken = 'mfaToken' in step ? step.mfaToken : '';
    const code = await totpAt(secret, clock.now());
    const done = await second.services.mfaSignIn.verify(second.bootstrap.tenantId, {
      mfaToken,
      client: 'app',
      ip: null,
      proof: { code },
    });
    assert.equal(done.next, 'session');
  } finally {
    await second.db.close();
  }
  clock.advance(60_000);

  const rekeyed = await open({ ROSTER_MFA_KEY: randomBytes(32).toString('base64') });
  try {
    const step = await signIn(rekeyed);
    const mfaToken = 'mfaToken' in step ? step.mfaToken : '';
    await assert.rejects(
      rekeyed.services.mfaSignIn.verify(rekeyed.bootstrap.tenantId, {
        mfaToken,
        client: 'app',
        ip: null,
        proof: { code: await totpAt(secret, clock.now()) },
      }),
      (e) => isDomainError(e, 'mfa.unavailable'),
    );
  } finally {
    await rekeyed.db.close();
  }
});

test('ROSTER_MFA_KEY must be 32 bytes of base64', () => {
  assert.throws(() => loadConfig({ ROSTER_MFA_KEY: randomBytes(16).toString('base64') }), /ROSTER_MFA_KEY/);
  assert.throws(() => loadConfig({ ROSTER_MFA_KEY: 'not base64 at all!' }), /ROSTER_MFA_KEY/);
});

// Issue 2 §7, SPEC C1/C2: the user rules of the SCIM server — email userNames, tenant-wide
// case-insensitive uniqueness, per-provider ownership, the three schemas, country and manager
// handling, password and externalId — on a real server, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import {
  scimError,
  assertUnchanged,
  CORE_USER_URN,
  createUser,
  email,
  ENTERPRISE_URN,
  patchOp,
  snapshot,
  syncLogOf,
  userRow,
} from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';

const ROSTER_URN = 'urn:roster:params:scim:schemas:extension:roster:2.0:User';
const q = (filter: string): string => `/Users?filter=${encodeURIComponent(filter)}`;

for (const dialect of DIALECTS) {
  describe(`SCIM user rules (${dialect})`, () => {
    let server: TestServer;
    let a: ScimClient;
    let b: ScimClient;

    before(async () => {
      server = await startServer(dialect);
      a = await server.scimProvider({ name: 'Okta Prod' });
      b = await server.scimProvider({ name: 'Entra West' });
    });
    after(async () => {
      await server?.close();
    });

    test('userName must be an email address: 400 invalidValue saying so', async () => {
      const s = await snapshot(server);
      for (const userName of ['jdoe', 'jdoe@', '@example.com', 'j doe@example.com', 'jdoe@localhost']) {
        const res = await a.req('POST', '/Users', { schemas: [CORE_USER_URN], userName });
        scimError(res, 400, 'invalidValue');
        assert.match(res.body.detail, /email/i);
      }
      await assertUnchanged(server, s);
    });

    test('userName is unique per tenant, case-insensitively', async () => {
      const name = email('Mixed.Case');
      const first = await createUser(a, { userName: name });
      const s = await snapshot(server);
      scimError(
        await a.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: name.toUpperCase() }),
        409,
        'uniqueness',
      );
      await assertUnchanged(server, s);
      // Renaming another user onto it is refused too.
      const other = await createUser(a);
      const s2 = await snapshot(server);
      scimError(
        await a.req(
          'PATCH',
          `/Users/${other.id}`,
          patchOp({ op: 'replace', path: 'userName', value: name.toLowerCase() }),
        ),
        409,
        'uniqueness',
      );
      await assertUnchanged(server, s2);
      const rows = await server.roster.db.kysely
        .selectFrom('users')
        .select('id')
        .where('user_name_lower', '=', name.toLowerCase())
        .execute();
      assert.deepEqual(
        rows.map((r) => r.id),
        [first.id],
      );
    });

    test('a provider sees and changes only its own users', async () => {
      const mine = await createUser(a, { name: { givenName: 'Own' }, externalId: 'iso-ext' });
      const s = await snapshot(server);
      scimError(await b.req('GET', `/Users/${mine.id}`), 404);
      scimError(
        await b.req('PUT', `/Users/${mine.id}`, {
          schemas: [CORE_USER_URN],
          userName: mine.userName,
          name: { givenName: 'Stolen' },
        }),
        404,
      );
      scimError(
        await b.req('PATCH', `/Users/${mine.id}`, patchOp({ op: 'replace', path: 'name.givenName', value: 'Stolen' })),
        404,
      );
      scimError(await b.req('DELETE', `/Users/${mine.id}`), 404);
      await assertUnchanged(server, s);
      for (const f of [
        `userName eq "${mine.userName}"`,
        `id eq "${mine.id}"`,
        'externalId eq "iso-ext"',
        'userName pr',
      ]) {
        const res = await b.req('GET', q(f));
        assert.equal(res.status, 200, res.text);
        assert.ok(
          res.body.Resources.every((u: any) => u.id !== mine.id),
          `B must not see A's user via ${f}`,
        );
      }
      const all = await b.req('GET', '/Users?count=1000');
      assert.ok(all.body.Resources.every((u: any) => u.id !== mine.id));
      assert.equal((await a.req('GET', `/Users/${mine.id}`)).body.name.givenName, 'Own');
    });

    test('POST for a userName held by a local user → 409 uniqueness naming the owner', async () => {
      const s = await snapshot(server);
      const res = await a.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: 'Admin@Roster.Local' });
      scimError(res, 409, 'uniqueness');
      assert.match(res.body.detail, /local user/i);
      await assertUnchanged(server, s);
    });

    test('POST for a userName held by another provider → 409 uniqueness naming that provider', async () => {
      const held = await createUser(a);
      const s = await snapshot(server);
      const res = await b.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: held.userName.toUpperCase() });
      scimError(res, 409, 'uniqueness');
      assert.match(res.body.detail, /Okta Prod/);
      await assertUnchanged(server, s);
    });

    test('core, enterprise and Roster extension attributes round-trip', async () => {
      const body = {
        schemas: [CORE_USER_URN, ENTERPRISE_URN, ROSTER_URN],
        userName: email('full'),
        externalId: 'ext-full',
        displayName: 'Grace Hopper',
        nickName: 'Amazing Grace',
        title: 'Rear Admiral',
        userType: 'Employee',
        preferredLanguage: 'en-US',
        locale: 'en-US',
        timezone: 'America/New_York',
        profileUrl: 'https://example.com/grace',
        name: {
          givenName: 'Grace',
          familyName: 'Hopper',
          middleName: 'Brewster',
          formatted: 'Grace B. Hopper',
          honorificPrefix: 'Dr.',
        },
        emails: [
          { value: 'grace@example.com', type: 'work', primary: true },
          { value: 'g@home.example', type: 'home' },
        ],
        phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
        addresses: [
          {
            type: 'work',
            primary: true,
            streetAddress: '1 Navy Way',
            locality: 'Arlington',
            region: 'VA',
            postalCode: '22201',
            country: 'US',
          },
        ],
        [ENTERPRISE_URN]: {
          employeeNumber: '42',
          costCenter: 'CC-7',
          organization: 'Navy',
          division: 'Computing',
          department: 'COBOL',
        },
        [ROSTER_URN]: { orgName: 'Engineering', employeeType: 'Officer' },
      };
      const res = await a.req('POST', '/Users', body);
      assert.equal(res.status, 201, res.text);
      const got = (await a.req('GET', `/Users/${res.body.id}`)).body;
      for (const k of [
        'userName',
        'externalId',
        'displayName',
        'nickName',
        'title',
        'userType',
        'preferredLanguage',
        'locale',
        'timezone',
        'profileUrl',
      ] as const)
        assert.equal(got[k], body[k], k);
      assert.deepEqual(got.name, body.name);
      assert.deepEqual(got.emails, body.emails);
      assert.deepEqual(got.phoneNumbers, body.phoneNumbers);
      assert.deepEqual(got.addresses, body.addresses);
      assert.deepEqual(got[ENTERPRISE_URN], body[ENTERPRISE_URN]);
      assert.deepEqual(got[ROSTER_URN], body[ROSTER_URN]);
      assert.equal(got.active, true);
      const row = await userRow(server, res.body.id);
      assert.equal(row?.org_name, 'Engineering');
      assert.equal(row?.employee_type, 'Officer');
      assert.equal(row?.department, 'COBOL');
      assert.equal(row?.email, 'grace@example.com');
      assert.equal(row?.country, 'US');
      assert.equal(row?.city, 'Arlington');
    });

    test('the legacy c42OrgName is accepted as orgName', async () => {
      const u = await createUser(a, {
        schemas: [CORE_USER_URN, ROSTER_URN],
        [ROSTER_URN]: { c42OrgName: 'Legacy Org', employeeType: 'Contractor' },
      });
      assert.equal(u[ROSTER_URN].orgName, 'Legacy Org');
      assert.equal((await userRow(server, u.id))?.org_name, 'Legacy Org');
      const top = await createUser(a, { c42OrgName: 'Top Level Org' });
      assert.equal((await userRow(server, top.id))?.org_name, 'Top Level Org');
      const patched = await a.req(
        'PATCH',
        `/Users/${u.id}`,
        patchOp({ op: 'replace', path: `${ROSTER_URN}:orgName`, value: 'Patched Org' }),
      );
      assert.equal(patched.status, 200, patched.text);
      assert.equal((await userRow(server, u.id))?.org_name, 'Patched Org');
    });

    test('country: alpha-2 stored; long names normalised with a Modified entry; unknown dropped with a Sync Failure', async () => {
      const cases: [sent: string, stored: string | null][] = [
        ['DE', 'DE'],
        ['fr', 'FR'],
        ['Germany', 'DE'],
        ['united kingdom', 'GB'],
        ['Atlantis', null],
      ];
      for (const [sent, stored] of cases) {
        const u = await createUser(a, {
          title: 'kept',
          addresses: [{ type: 'work', locality: 'Somewhere', country: sent }],
        });
        const row = await userRow(server, u.id);
        assert.equal(row?.country, stored, sent);
        assert.equal(row?.title, 'kept');
        assert.equal(row?.city, 'Somewhere');
        assert.equal(u.addresses[0].country, stored ?? undefined, sent);
        const log = await syncLogOf(server, u.id);
        const country = log.filter((e) => e.attribute === 'country');
        if (stored === null) {
          assert.deepEqual(
            country.map((e) => [e.change_type, e.new_value]),
            [['Sync Failure', sent]],
          );
          assert.match(country[0]?.detail ?? '', /Atlantis/);
        } else if (stored !== sent) {
          assert.deepEqual(
            country.map((e) => [e.change_type, e.old_value, e.new_value]),
            [['Modified', sent, stored]],
          );
        } else {
          assert.deepEqual(country, []);
        }
      }
    });

    test('manager as a bare id, {value} or [{value,$ref}], on manager or the enterprise path', async () => {
      const boss = await createUser(a, { displayName: 'Boss' });
      const ref = `${a.baseUrl}/Users/${boss.id}`;
      const bodies = [
        { [ENTERPRISE_URN]: { manager: boss.id } },
        { [ENTERPRISE_URN]: { manager: { value: boss.id } } },
        { [ENTERPRISE_URN]: { manager: [{ value: boss.id, $ref: ref }] } },
        { manager: boss.id },
        { manager: { value: boss.id } },
        { manager: [{ value: boss.id, $ref: ref }] },
      ];
      for (const body of bodies) {
        const u = await createUser(a, body);
        assert.equal(u[ENTERPRISE_URN]?.manager?.value, boss.id, JSON.stringify(body));
        assert.equal((await userRow(server, u.id))?.manager_id, boss.id);
      }
      const u = await createUser(a);
      const patches = [
        { op: 'replace', path: `${ENTERPRISE_URN}:manager`, value: boss.id },
        { op: 'replace', path: 'manager', value: { value: boss.id } },
        { op: 'add', path: `${ENTERPRISE_URN}:manager`, value: [{ value: boss.id, $ref: ref }] },
      ];
      for (const op of patches) {
        await server.roster.db.kysely.updateTable('users').set({ manager_id: null }).where('id', '=', u.id).execute();
        const res = await a.req('PATCH', `/Users/${u.id}`, patchOp(op));
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body[ENTERPRISE_URN]?.manager?.value, boss.id, JSON.stringify(op));
        assert.equal((await userRow(server, u.id))?.manager_id, boss.id);
      }
    });

    test('an unknown manager is kept pending as sent (SPEC C2 beyond), not a Sync Failure, and the rest applies', async () => {
      const foreign = await createUser(b);
      for (const managerId of ['no-such-user', foreign.id]) {
        const u = await createUser(a, {
          title: 'Analyst',
          [ENTERPRISE_URN]: { department: 'Ops', manager: { value: managerId } },
        });
        assert.equal(u.title, 'Analyst');
        assert.equal(u[ENTERPRISE_URN].department, 'Ops');
        assert.deepEqual(u[ENTERPRISE_URN].manager, { value: managerId }, "another provider's user is not visible");
        const row = await userRow(server, u.id);
        assert.deepEqual([row?.manager_id, row?.pending_manager], [null, managerId]);
        const log = await syncLogOf(server, u.id);
        assert.equal(log.filter((e) => e.change_type === 'Sync Failure').length, 0);
        assert.deepEqual(
          log.filter((e) => e.attribute === 'manager').map((e) => [e.change_type, e.old_value, e.new_value]),
          [['Modified', null, managerId]],
        );
        // Sending it again with another change: applied, and the pending manager is no new change.
        const res = await a.req(
          'PATCH',
          `/Users/${u.id}`,
          patchOp(
            { op: 'replace', path: 'title', value: 'Lead' },
            { op: 'replace', path: 'manager', value: managerId },
          ),
        );
        assert.equal(res.status, 200, res.text);
        assert.equal((await userRow(server, u.id))?.title, 'Lead');
        assert.equal((await syncLogOf(server, u.id)).filter((e) => e.attribute === 'manager').length, 1);
      }
    });

    test('password is accepted, never stored nor returned', async () => {
      const secret = 'Sup3r-Secret-Passw0rd!';
      const res = await a.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: email('pw'), password: secret });
      assert.equal(res.status, 201, res.text);
      assert.ok(!res.text.includes(secret));
      assert.equal(res.body.password, undefined);
      const patched = await a.req(
        'PATCH',
        `/Users/${res.body.id}`,
        patchOp({ op: 'replace', path: 'password', value: `${secret}2` }),
      );
      assert.equal(patched.status, 200, patched.text);
      const put = await a.req('PUT', `/Users/${res.body.id}`, {
        schemas: [CORE_USER_URN],
        userName: res.body.userName,
        password: `${secret}3`,
      });
      assert.equal(put.status, 200, put.text);
      for (const r of [
        patched,
        put,
        await a.req('GET', `/Users/${res.body.id}`),
        await a.req('GET', q(`userName eq "${res.body.userName}"`)),
      ])
        assert.ok(!r.text.includes(secret), r.text);
      const row = await userRow(server, res.body.id);
      assert.equal(row?.password_hash, null);
      assert.ok(!JSON.stringify(row).includes(secret));
      const logged = await syncLogOf(server, res.body.id);
      assert.ok(!JSON.stringify(logged).includes(secret));
    });

    test('externalId is not unique, and is filterable', async () => {
      const ext = `ext-${Date.now()}`;
      const one = await createUser(a, { externalId: ext });
      const two = await createUser(a, { externalId: ext });
      const res = await a.req('GET', q(`externalId eq "${ext}"`));
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.Resources.map((u: any) => u.id).sort(), [one.id, two.id].sort());
      assert.equal(res.body.totalResults, 2);
    });
  });
}

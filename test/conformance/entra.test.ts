// Microsoft Entra ID conformance: replays, step by step, what Entra's provisioning service
// really sends (research idp-scim-behaviour.md §1, literal bodies), on SQLite and PostgreSQL.
// Where the doc's userName is not an email ("Test_User_…"), an email-shaped one is used,
// because Roster requires email userNames by default (issue 2 §7); the rejection itself is
// tested separately.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';
import {
  CORE_GROUP_URN,
  CORE_USER_URN,
  ENTERPRISE_URN,
  listOf,
  noContent,
  patchOp,
  scim,
  scimError,
} from '../helpers/scim-assert.js';

const ADSCIM_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** A query string encoded the way Entra sends it: form encoding, `+` for spaces (research §1.2). */
const q = (params: Record<string, string>): string => `?${new URLSearchParams(params).toString()}`;

for (const dialect of DIALECTS) {
  describe(`Entra ID conformance on ${dialect}`, () => {
    let server: TestServer;
    let entra: ScimClient;

    before(async () => {
      server = await startServer(dialect);
      entra = await server.scimProvider({ name: 'Microsoft Entra ID' });
    });
    after(async () => {
      await server?.close();
    });

    /** Creates a user with the current doc's body shape and returns its id. */
    async function createUser(
      userName = `${randomUUID()}@testuser.com`,
      extra: Record<string, unknown> = {},
    ): Promise<string> {
      const body = scim(
        await entra.req('POST', '/Users', {
          schemas: [CORE_USER_URN, ENTERPRISE_URN],
          externalId: randomUUID(),
          userName,
          active: true,
          emails: [{ primary: true, type: 'work', value: userName }],
          meta: { resourceType: 'User' },
          name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
          roles: [],
          ...extra,
        }),
        201,
      );
      return body.id;
    }

    const getUser = async (id: string) => scim(await entra.req('GET', `/Users/${id}`), 200);
    const userRow = (id: string) =>
      server.roster.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const pendingDeactivations = (id: string) =>
      server.roster.db.kysely
        .selectFrom('timers')
        .selectAll()
        .where('user_id', '=', id)
        .where('kind', '=', 'user.deactivate')
        .where('status', '=', 'pending')
        .execute();

    test('Test Connection: a filter on a random GUID userName, `+` for spaces, answers 200 with Resources: [] (§1.2)', async () => {
      const guid = randomUUID();
      const res = await entra.req('GET', `/Users?filter=userName+eq+%22${guid}%22`);
      const body = listOf(res);
      assert.equal(body.totalResults, 0);
      assert.equal(body.startIndex, 1);
      assert.deepEqual(body.Resources, []);
      assert.match(res.text, /"Resources":\[\]/, 'Resources is serialised as [] (never null)');

      const groups = listOf(
        await entra.req('GET', `/Groups?excludedAttributes=members&filter=displayName+eq+%22${randomUUID()}%22`),
      );
      assert.equal(groups.totalResults, 0);
      assert.deepEqual(groups.Resources, []);
    });

    test('create flow, current doc body: GET by userName (no match) then POST → 201 (§1.4)', async () => {
      const userName = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee@testuser.com';
      const none = listOf(await entra.req('GET', `/Users${q({ filter: `userName eq "${userName}"` })}`));
      assert.equal(none.totalResults, 0);
      assert.deepEqual(none.Resources, []);

      const res = await entra.req(
        'POST',
        '/Users',
        {
          schemas: [
            'urn:ietf:params:scim:schemas:core:2.0:User',
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
          ],
          externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
          userName,
          active: true,
          emails: [
            { primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' },
          ],
          meta: { resourceType: 'User' },
          name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
          roles: [],
        },
        { 'content-type': 'application/scim+json' },
      );
      const created = scim(res, 201);
      assert.ok(created.schemas.includes(CORE_USER_URN));
      assert.equal(typeof created.id, 'string');
      assert.equal(created.externalId, '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef');
      assert.equal(created.userName, userName);
      assert.deepEqual(created.name, {
        formatted: 'givenName familyName',
        familyName: 'familyName',
        givenName: 'givenName',
      });
      assert.equal(created.active, true);
      assert.deepEqual(created.emails, [
        { primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' },
      ]);
      assert.equal(created.meta.resourceType, 'User');
      assert.ok(
        !Number.isNaN(Date.parse(created.meta.created)) && !Number.isNaN(Date.parse(created.meta.lastModified)),
      );
      assert.equal(res.headers.get('location'), created.meta.location);
      assert.ok(!('roles' in created), 'an empty roles list is not stored as a value');

      // Entra caches the id after matching again (§1.3).
      const found = listOf(await entra.req('GET', `/Users${q({ filter: `userName eq "${userName}"` })}`));
      assert.equal(found.totalResults, 1);
      assert.equal(found.Resources[0].id, created.id);
      assert.deepEqual(await getUser(created.id), created);

      // Matching on the documented uniqueness path emails[type eq "work"].value (§1.3).
      const byEmail = listOf(
        await entra.req(
          'GET',
          `/Users${q({ filter: 'emails[type eq "work"].value eq "test_user_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"' })}`,
        ),
      );
      assert.deepEqual(
        byEmail.Resources.map((u) => u.id),
        [created.id],
      );
    });

    test('create flow, older Example 2 body: malformed enterprise URN, top-level department/manager, nulls → 201 (§1.4)', async () => {
      const res = await entra.req(
        'POST',
        '/Users',
        `{
   "schemas":
   [
     "urn:ietf:params:scim:schemas:core:2.0:User",
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
   "externalId":"jyoung",
   "userName":"jyoung@testuser.com",
   "active":true,
   "addresses":null,
   "displayName":"Joy Young",
   "emails": [
     {
       "type":"work",
       "value":"jyoung@Contoso.com",
       "primary":true}],
   "meta": {
     "resourceType":"User"},
    "name":{
     "familyName":"Young",
     "givenName":"Joy"},
   "phoneNumbers":null,
   "preferredLanguage":null,
   "title":null,
   "department":null,
   "manager":null}`,
        { 'content-type': 'application/scim+json' },
      );
      const created = scim(res, 201);
      assert.equal(created.userName, 'jyoung@testuser.com');
      assert.equal(created.externalId, 'jyoung');
      assert.equal(created.displayName, 'Joy Young');
      assert.deepEqual(created.name, { familyName: 'Young', givenName: 'Joy' });
      assert.deepEqual(created.emails, [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }]);
      assert.equal(created.active, true);
      // Nulls are "not provided": nothing is stored for them, and nothing leaks back.
      for (const k of [
        'addresses',
        'phoneNumbers',
        'preferredLanguage',
        'title',
        'department',
        'manager',
        ENTERPRISE_URN,
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0User',
      ]) {
        assert.ok(!(k in created), `${k} must not be in the response`);
      }
      assert.deepEqual(created.schemas, [CORE_USER_URN]);

      // Legacy doc query by externalId with an unquoted value (§1.4, research §6 C4).
      const legacy = listOf(await entra.req('GET', '/Users?filter=externalId eq jyoung'));
      assert.deepEqual(
        legacy.Resources.map((u) => u.id),
        [created.id],
      );
      // Observed legacy form: quoted, `+` for spaces.
      const quoted = listOf(await entra.req('GET', '/Users?filter=externalId+eq+"jyoung"'));
      assert.deepEqual(
        quoted.Resources.map((u) => u.id),
        [created.id],
      );
    });

    test('a userName that is not an email is refused with 400 invalidValue and nothing is created (tenant setting)', async () => {
      const userName = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
      const body = scimError(
        await entra.req('POST', '/Users', {
          schemas: [CORE_USER_URN, ENTERPRISE_URN],
          externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
          userName,
          active: true,
          emails: [
            { primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' },
          ],
          meta: { resourceType: 'User' },
          name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
          roles: [],
        }),
        400,
        'invalidValue',
      );
      assert.match(body.detail, /email/i);
      const none = listOf(await entra.req('GET', `/Users${q({ filter: `userName eq "${userName}"` })}`));
      assert.equal(none.totalResults, 0);
    });

    test('POST with active as the string "True" and roles as Entra maps them → active true, roles kept (§1.4, §1.7)', async () => {
      const userName = `${randomUUID()}@testuser.com`;
      const created = scim(
        await entra.req('POST', '/Users', {
          schemas: [CORE_USER_URN],
          userName,
          active: 'True',
          name: { givenName: 'Str', familyName: 'Active' },
          roles: [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }],
        }),
        201,
      );
      assert.equal(created.active, true);
      assert.deepEqual(created.roles, [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }]);
    });

    test('PATCH accepts Replace/Add/Remove in any casing (§1.6)', async () => {
      const id = await createUser();
      const newName = `${randomUUID()}@testuser.com`;
      // Single-valued replace, doc example shape.
      const replaced = scim(
        await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'userName', value: newName })),
        200,
      );
      assert.equal(replaced.userName, newName);
      // Adding a single-valued string, unflagged and flagged (compliance doc).
      assert.equal(
        scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Add', path: 'nickName', value: 'Babs' })), 200)
          .nickName,
        'Babs',
      );
      assert.equal(
        scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'add', path: 'title', value: 'Engineer' })), 200)
          .title,
        'Engineer',
      );
      assert.equal(
        scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'REPLACE', path: 'title', value: 'Lead' })), 200)
          .title,
        'Lead',
      );
      const removed = scim(
        await entra.req(
          'PATCH',
          `/Users/${id}`,
          patchOp({ op: 'Remove', path: 'nickName' }, { op: 'remove', path: 'title' }),
        ),
        200,
      );
      assert.ok(!('nickName' in removed) && !('title' in removed));
      const stored = await getUser(id);
      assert.equal(stored.userName, newName);
      assert.ok(!('nickName' in stored) && !('title' in stored));
    });

    test('disable with active "False", re-enable with "True"; inactive users stay visible to GET and filters (§1.3, §1.7)', async () => {
      const userName = `${randomUUID()}@testuser.com`;
      const id = await createUser(userName);
      const disabled = scim(
        await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' })),
        200,
      );
      assert.equal(disabled.active, false);
      assert.equal((await getUser(id)).active, false);
      const byName = listOf(await entra.req('GET', `/Users${q({ filter: `userName eq "${userName}"` })}`));
      assert.deepEqual(
        byName.Resources.map((u) => [u.id, u.active]),
        [[id, false]],
      );
      const inactive = listOf(await entra.req('GET', `/Users${q({ filter: 'active eq false' })}`));
      assert.ok(inactive.Resources.some((u) => u.id === id));

      // Issue 2 §9: the user is blocked at once and a deactivation is pending.
      assert.equal((await userRow(id)).status, 'blocked');
      assert.equal((await pendingDeactivations(id)).length, 1);

      assert.equal(
        scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'active', value: 'True' })), 200)
          .active,
        true,
      );
      assert.equal((await getUser(id)).active, true);
      assert.equal((await userRow(id)).status, 'active');
      assert.equal((await pendingDeactivations(id)).length, 0, 're-enabling cancels the pending deactivation');
      // The current doc's "Disable User" body: Operations first, a real boolean.
      const docBody = {
        Operations: [{ op: 'Replace', path: 'active', value: false }],
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      };
      assert.equal(scim(await entra.req('PATCH', `/Users/${id}`, docBody), 200).active, false);
      // Flagged (aadOptscim062020) form, lower-case op.
      assert.equal(
        scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'active', value: true })), 200)
          .active,
        true,
      );
    });

    test('update flow: Replace emails[type eq "work"].value and name.familyName (§1.6 doc example)', async () => {
      const id = await createUser();
      const body = scim(
        await entra.req('PATCH', `/Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
            { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
          ],
        }),
        200,
      );
      assert.deepEqual(body.emails, [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }]);
      assert.equal(body.name.familyName, 'updatedFamilyName');
      assert.equal(body.name.givenName, 'givenName');
      const stored = await getUser(id);
      assert.deepEqual(stored.emails, body.emails);
      assert.deepEqual(stored.name, body.name);

      // A user with no work email gets one (the tolerant upsert, research §6 C11).
      const bare = scim(
        await entra.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: `${randomUUID()}@testuser.com` }),
        201,
      );
      const upserted = scim(
        await entra.req(
          'PATCH',
          `/Users/${bare.id}`,
          patchOp({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' }),
        ),
        200,
      );
      assert.deepEqual(upserted.emails, [{ type: 'work', value: 'new@contoso.com' }]);
    });

    test('replacing several attributes, unflagged (one op per path) and flagged (path-less, keys are paths) (§1.6)', async () => {
      const id = await createUser();
      scim(
        await entra.req('PATCH', `/Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'Replace', path: 'displayName', value: 'Pvlo' },
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
            { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
            { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
            { op: 'Replace', path: 'externalId', value: 'Eqpj' },
            {
              op: 'Replace',
              path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
              value: 'Eqpj',
            },
          ],
        }),
        200,
      );
      let u = await getUser(id);
      assert.equal(u.displayName, 'Pvlo');
      assert.deepEqual(u.emails, [{ primary: true, type: 'work', value: 'TestBcwqnm@test.microsoft.com' }]);
      assert.equal(u.name.givenName, 'Gtfd');
      assert.equal(u.name.familyName, 'Pkqf');
      assert.equal(u.externalId, 'Eqpj');
      assert.equal(u[ENTERPRISE_URN].employeeNumber, 'Eqpj');
      assert.ok(u.schemas.includes(ENTERPRISE_URN));

      scim(
        await entra.req('PATCH', `/Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
            {
              op: 'replace',
              value: {
                displayName: 'Bjfe',
                'name.givenName': 'Kkom',
                'name.familyName': 'Unua',
                'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
              },
            },
          ],
        }),
        200,
      );
      u = await getUser(id);
      assert.equal(u.displayName, 'Bjfe');
      assert.deepEqual(u.emails, [{ primary: true, type: 'work', value: 'TestMhvaes@test.microsoft.com' }]);
      assert.deepEqual(u.name, { formatted: 'givenName familyName', givenName: 'Kkom', familyName: 'Unua' });
      assert.equal(u.externalId, 'Eqpj', 'attributes not named are unchanged');
      assert.equal(u[ENTERPRISE_URN].employeeNumber, 'Aklq');

      // Issue 2 §10: each change is in the sync log with its old and new value.
      const modified = await server.roster.db.kysely
        .selectFrom('sync_log')
        .select(['attribute', 'old_value', 'new_value'])
        .where('user_id', '=', id)
        .where('change_type', '=', 'Modified')
        .execute();
      for (const [attribute, oldValue, newValue] of [
        ['displayName', 'Pvlo', 'Bjfe'],
        ['firstName', 'Gtfd', 'Kkom'],
        ['lastName', 'Pkqf', 'Unua'],
        ['employeeNumber', 'Eqpj', 'Aklq'],
      ]) {
        assert.ok(
          modified.some((r) => r.attribute === attribute && r.old_value === oldValue && r.new_value === newValue),
          `Modified ${attribute} ${oldValue} → ${newValue}`,
        );
      }
    });

    test("manager as [{$ref,value}] on manager, a bare id and {value} on the full enterprise path; Entra's check query (§1.6)", async () => {
      const boss = await createUser();
      const boss2 = await createUser();
      const id = await createUser();
      const ref = (mgr: string) => ({ value: mgr, $ref: `${entra.baseUrl}/Users/${mgr}` });

      // Doc Example 5.
      const ex5 = scim(
        await entra.req(
          'PATCH',
          `/Users/${id}`,
          {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [
              { op: 'Add', path: 'manager', value: [{ $ref: `http://example.test/scim/Users/${boss}`, value: boss }] },
            ],
          },
          { 'content-type': 'application/scim+json' },
        ),
        200,
      );
      assert.deepEqual(ex5[ENTERPRISE_URN].manager, ref(boss));
      assert.deepEqual((await getUser(id))[ENTERPRISE_URN].manager, ref(boss));

      // Entra checks the current value before updating: `and`, unquoted values, only id returned (research S11).
      const check = listOf(await entra.req('GET', `/Users?filter=id+eq+${id}+and+manager+eq+${boss}&attributes=id`));
      assert.equal(check.totalResults, 1);
      assert.equal(check.Resources[0].id, id);
      assert.ok(
        !('userName' in check.Resources[0]) && !(ENTERPRISE_URN in check.Resources[0]),
        'attributes=id returns only id (plus schemas/meta)',
      );
      const miss = listOf(await entra.req('GET', `/Users?filter=id+eq+${id}+and+manager+eq+${boss2}&attributes=id`));
      assert.equal(miss.totalResults, 0);

      // Observed current traffic: bare id on the full enterprise path (SCIM-SDK #686).
      scim(
        await entra.req(
          'PATCH',
          `/Users/${id}`,
          patchOp({
            op: 'add',
            path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
            value: boss2,
          }),
        ),
        200,
      );
      assert.deepEqual((await getUser(id))[ENTERPRISE_URN].manager, ref(boss2));
      // Every other shape on either path (research §1.6: "a bare string, {value}, and [{$ref,value}]").
      const shapes = [
        (m: string) => m,
        (m: string) => ({ value: m }),
        (m: string) => [{ $ref: `${entra.baseUrl}/Users/${m}`, value: m }],
      ];
      let next = boss;
      for (const path of ['manager', `${ENTERPRISE_URN}:manager`]) {
        for (const shape of shapes) {
          scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path, value: shape(next) })), 200);
          assert.deepEqual(
            (await getUser(id))[ENTERPRISE_URN].manager,
            ref(next),
            `${path} ← ${JSON.stringify(shape(next))}`,
          );
          next = next === boss ? boss2 : boss;
        }
      }
      // Removing the manager clears it.
      const cleared = scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Remove', path: 'manager' })), 200);
      assert.ok(!(ENTERPRISE_URN in cleared));

      // Manager inside a POST body as a plain string (directory-scimple #1242).
      const withMgr = scim(
        await entra.req('POST', '/Users', {
          schemas: [CORE_USER_URN, ENTERPRISE_URN],
          userName: `${randomUUID()}@testuser.com`,
          [ENTERPRISE_URN]: { manager: boss },
        }),
        201,
      );
      assert.deepEqual(withMgr[ENTERPRISE_URN].manager, ref(boss));
    });

    test('an unknown manager: 200, the rest of the PATCH applies, and it is kept pending as sent (SPEC C2 beyond)', async () => {
      const boss = await createUser();
      const id = await createUser();
      scim(await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Add', path: 'manager', value: boss })), 200);
      const ghost = randomUUID();
      const body = scim(
        await entra.req(
          'PATCH',
          `/Users/${id}`,
          patchOp(
            { op: 'Replace', path: 'displayName', value: 'Still Applied' },
            { op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: ghost },
            { op: 'Replace', path: 'title', value: 'Also Applied' },
          ),
        ),
        200,
      );
      assert.equal(body.displayName, 'Still Applied');
      assert.equal(body.title, 'Also Applied');
      const stored = await getUser(id);
      assert.equal(stored.displayName, 'Still Applied');
      assert.equal(stored.title, 'Also Applied');
      assert.deepEqual(stored[ENTERPRISE_URN].manager, { value: ghost }, 'shown as sent, without $ref');
      // Entra's check before updating a reference finds what it sent, so it does not send it again.
      const check = listOf(await entra.req('GET', `/Users?filter=id+eq+${id}+and+manager+eq+${ghost}&attributes=id`));
      assert.equal(check.totalResults, 1);

      const rows = await server.roster.db.kysely
        .selectFrom('sync_log')
        .selectAll()
        .where('provider_id', '=', entra.providerId)
        .where('user_id', '=', id)
        .where('attribute', '=', 'manager')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.change_type, r.old_value, r.new_value]),
        [
          ['Modified', null, boss],
          ['Modified', boss, ghost],
        ],
      );
      assert.ok(rows[1]?.detail?.includes('pending'));
    });

    test('roles: Add with JSON-encoded string values, and Assertive replace (§1.6, S6)', async () => {
      const id = await createUser();
      const encoded = '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}';
      const added = scim(
        await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Add', path: 'roles', value: [{ value: encoded }] })),
        200,
      );
      assert.deepEqual(added.roles, [{ value: encoded }]);
      assert.deepEqual((await getUser(id)).roles, [{ value: encoded }]);

      scim(
        await entra.req(
          'PATCH',
          `/Users/${id}`,
          patchOp({
            op: 'replace',
            path: 'roles',
            value: [
              { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' },
              { primary: true, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' },
            ],
          }),
        ),
        200,
      );
      assert.deepEqual((await getUser(id)).roles, [
        { type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' },
        { primary: true, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' },
      ]);
    });

    test('custom extension attributes: a block whose URN is not in schemas, then PATCH on the full attribute path (§1.4, S6)', async () => {
      const custom = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
      const created = scim(
        await entra.req('POST', '/Users', {
          schemas: [CORE_USER_URN, ENTERPRISE_URN],
          userName: `${randomUUID()}@testuser.com`,
          [custom]: { CustomAttribute: 'First' },
        }),
        201,
      );
      assert.deepEqual(created[custom], { CustomAttribute: 'First' });
      assert.ok(
        created.schemas.includes(custom),
        'the response lists the schema of every attribute it carries (RFC 7643 §3)',
      );
      scim(
        await entra.req(
          'PATCH',
          `/Users/${created.id}`,
          patchOp({ op: 'Replace', path: `${custom}:CustomAttribute`, value: 'Second' }),
        ),
        200,
      );
      assert.deepEqual((await getUser(created.id))[custom], { CustomAttribute: 'Second' });
      scim(
        await entra.req(
          'PATCH',
          `/Users/${created.id}`,
          patchOp({ op: 'replace', value: { [`${custom}:CustomAttribute`]: 'Third' } }),
        ),
        200,
      );
      assert.deepEqual((await getUser(created.id))[custom], { CustomAttribute: 'Third' });
    });

    test('groups: ADSCIM schema URI and client meta on POST, excludedAttributes=members, rename, $ref: null, both removal forms, DELETE (§1.9)', async () => {
      const [u1, u2, u3] = [await createUser(), await createUser(), await createUser()];
      const create = await entra.req('POST', '/Groups', {
        schemas: [
          'urn:ietf:params:scim:schemas:core:2.0:Group',
          'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
        ],
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'displayName',
        meta: { resourceType: 'Group' },
      });
      const group = scim(create, 201);
      assert.deepEqual(group.schemas, [CORE_GROUP_URN]);
      assert.ok(!group.schemas.includes(ADSCIM_GROUP_URN));
      assert.equal(group.externalId, '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159');
      assert.equal(group.displayName, 'displayName');
      assert.deepEqual(group.members, []);
      assert.equal(group.meta.resourceType, 'Group');
      assert.ok(group.meta.created);
      const gid: string = group.id;

      const noMembers = scim(await entra.req('GET', `/Groups/${gid}?excludedAttributes=members`), 200);
      assert.ok(!('members' in noMembers));
      assert.equal(noMembers.displayName, 'displayName');
      const listed = listOf(
        await entra.req(
          'GET',
          `/Groups${q({ excludedAttributes: 'members', filter: 'displayName eq "displayName"' })}`,
        ),
      );
      assert.equal(listed.totalResults, 1);
      assert.equal(listed.Resources[0].id, gid);
      assert.ok(
        !('members' in listed.Resources[0]),
        'members must not come back (…MultipleEntriesInResponse otherwise)',
      );

      const newName = '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName';
      noContent(
        await entra.req('PATCH', `/Groups/${gid}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Replace', path: 'displayName', value: newName }],
        }),
      );
      assert.equal(scim(await entra.req('GET', `/Groups/${gid}`), 200).displayName, newName);

      const members = async (): Promise<string[]> =>
        (scim(await entra.req('GET', `/Groups/${gid}`), 200).members as { value: string }[]).map((m) => m.value).sort();

      noContent(
        await entra.req('PATCH', `/Groups/${gid}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: u1 }] }],
        }),
      );
      assert.deepEqual(await members(), [u1]);
      // Default mode: Remove with a value array (not RFC).
      noContent(
        await entra.req('PATCH', `/Groups/${gid}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] }],
        }),
      );
      assert.deepEqual(await members(), []);
      const emptied = scim(await entra.req('GET', `/Groups/${gid}`), 200);
      assert.deepEqual(emptied.members, [], 'an emptied group answers members: [] (research §6 C8)');

      // Several members in one Add (gallery checklist).
      noContent(
        await entra.req(
          'PATCH',
          `/Groups/${gid}`,
          patchOp({
            op: 'Add',
            path: 'members',
            value: [
              { $ref: null, value: u1 },
              { $ref: null, value: u2 },
              { $ref: null, value: u3 },
            ],
          }),
        ),
      );
      assert.deepEqual(await members(), [u1, u2, u3].sort());
      // Compliance doc, unflagged: value array without $ref.
      noContent(
        await entra.req('PATCH', `/Groups/${gid}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Remove', path: 'members', value: [{ value: u2 }] }],
        }),
      );
      assert.deepEqual(await members(), [u1, u3].sort());
      // Flagged: an RFC value filter.
      noContent(
        await entra.req('PATCH', `/Groups/${gid}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'remove', path: `members[value eq "${u3}"]` }],
        }),
      );
      assert.deepEqual(await members(), [u1]);

      // The users see their group.
      const user = await getUser(u1);
      assert.deepEqual(
        user.groups.map((g: { value: string }) => g.value),
        [gid],
      );

      noContent(await entra.req('DELETE', `/Groups/${gid}`));
      scimError(await entra.req('GET', `/Groups/${gid}`), 404);
      assert.equal((await getUser(u1)).groups.length, 0, 'deleting a group keeps its users');
    });

    test('DELETE a user → 204, then GET → 404 with the SCIM error body, and filters no longer find it (§1.5, §1.8)', async () => {
      const userName = `${randomUUID()}@testuser.com`;
      const id = await createUser(userName);
      noContent(await entra.req('DELETE', `/Users/${id}`));
      const body = scimError(await entra.req('GET', `/Users/${id}`), 404);
      assert.equal(body.status, '404');
      assert.equal(
        listOf(await entra.req('GET', `/Users${q({ filter: `userName eq "${userName}"` })}`)).totalResults,
        0,
      );
      // Issue 2 §9: hidden from the provider, blocked, but nothing destroyed.
      const row = await userRow(id);
      assert.notEqual(row.removed_at, null);
      assert.equal(row.status, 'blocked');
      assert.equal(row.user_name, userName);
      // A cached id that is gone answers 404 to PATCH as well (InvalidAnchor, §1.3).
      scimError(
        await entra.req('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' })),
        404,
      );
    });

    test('lower-case resource paths, trailing slashes and /serviceConfiguration are routed (§1.1, research §6 C2)', async () => {
      const userName = `${randomUUID()}@testuser.com`;
      const id = await createUser(userName);
      const lower = listOf(await entra.req('GET', `/users${q({ filter: `userName eq "${userName}"` })}`));
      assert.deepEqual(
        lower.Resources.map((u) => u.id),
        [id],
      );
      const slash = listOf(await entra.req('GET', `/Users/${q({ filter: `userName eq "${userName}"` })}`));
      assert.deepEqual(
        slash.Resources.map((u) => u.id),
        [id],
      );
      assert.equal(scim(await entra.req('GET', `/users/${id}`), 200).id, id);
      listOf(await entra.req('GET', '/groups'));
      const spc = scim(await entra.req('GET', '/serviceConfiguration'), 200);
      assert.ok(spc.schemas.includes('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'));
      assert.equal(spc.patch.supported, true);
      assert.deepEqual(scim(await entra.req('GET', '/ServiceProviderConfig'), 200), spc);
    });
  });
}

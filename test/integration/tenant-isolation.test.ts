import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { operatorPrincipal } from '../../src/core/auth/principal.js';
import { DIALECTS } from '../helpers/databases.js';
import { insertUser, tokenFor } from '../helpers/principals.js';
import { http, startServer, type TestServer } from '../helpers/server.js';

// SPEC C1 "nothing crosses tenants", issue 14 item 8: every route of the server's route table (not
// a hand-written list) is called with tenant A's credentials about tenant B's objects, with a valid
// body built from the route's own schema; nothing of B may be read or changed. Tenant B is written
// with the lowest-level means there is (the repositories), as no tenant API exists here.

interface TenantB {
  tenantId: string;
  ids: Record<string, string>;
  token: string;
  scimAuthorization: string;
}

async function createTenantB(s: TestServer): Promise<TenantB> {
  const tenantId = crypto.randomUUID();
  const rootId = crypto.randomUUID();
  const now = s.clock.now().toISOString();
  await s.roster.services.store.transaction(async (tx) => {
    await tx.tenants.insert({
      id: tenantId,
      name: 'Tenant B',
      slug: 'tenant-b',
      requireEmailUsername: true,
      createdAt: now,
    });
    await tx.organizations.insert({
      id: rootId,
      tenantId,
      parentId: null,
      name: 'B root',
      status: 'active',
      defaultRoles: ['desktop-user'],
      coldStorageDays: 30,
      createdAt: now,
      updatedAt: now,
    });
  });
  const admin = await insertUser(s.roster, {
    tenantId,
    userName: 'admin@tenant-b.example',
    orgId: rootId,
    roleIds: ['customer-cloud-admin', 'cross-org-legal-admin'],
  });
  const token = await tokenFor(s.roster, admin);
  const b = (method: string, path: string, body?: unknown) =>
    http(method, `${s.url}/api/v1${path}`, body, {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    });
  const org = (await b('POST', '/organizations', { name: 'B child' })).body;
  const user = await insertUser(s.roster, { tenantId, userName: 'alice@tenant-b.example', orgId: org.id });
  const device = (await b('POST', `/users/${user.id}/devices`, { name: 'B laptop', os: 'Linux' })).body;
  const matter = (await b('POST', '/legal-holds', { name: 'B matter' })).body;
  const provider = (await b('POST', '/providers', { name: 'B provider' })).body;
  const apiToken = (await s.roster.services.apiTokens.list(operatorPrincipal(tenantId)))[0];
  assert.ok(org.id && device.id && matter.id && provider.provider.id && apiToken);
  return {
    tenantId,
    token,
    scimAuthorization: `Bearer ${provider.credential.token}`,
    ids: {
      organizations: org.id,
      users: user.id,
      devices: device.id,
      'legal-holds': matter.id,
      providers: provider.provider.id,
      'api-tokens': apiToken.id,
    },
  };
}

/** Everything tenant B's administrator can read, to compare before and after. */
async function snapshot(s: TestServer, b: TenantB): Promise<string> {
  const paths = [
    '/organizations',
    '/users?limit=500',
    `/users/${b.ids.users}`,
    '/legal-holds',
    `/legal-holds/${b.ids['legal-holds']}`,
    `/providers/${b.ids.providers}`,
    `/providers/${b.ids.providers}/mapping`,
  ];
  const out: unknown[] = [];
  for (const p of paths) {
    const res = await http('GET', `${s.url}/api/v1${p}`, undefined, { authorization: `Bearer ${b.token}` });
    assert.equal(res.status, 200, `${p}: ${res.text}`);
    out.push(res.body);
  }
  return JSON.stringify(out);
}

/** A valid body for the route (its schema's defaults), every id field pointing at tenant B. */
function bodyFor(schema: unknown, b: TenantB, n: number): unknown {
  if (schema === undefined) return undefined;
  const target: Record<string, unknown> = {
    orgId: b.ids.organizations,
    parentId: b.ids.organizations,
    unmappedOrgId: b.ids.organizations,
    userId: b.ids.users,
    userIds: [b.ids.users],
    name: `Isolation ${n}`,
  };
  const fill = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fill);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k in target ? target[k] : fill(x)]));
  };
  return fill(Value.Create(schema as TSchema));
}

for (const dialect of DIALECTS) {
  describe(`tenant isolation over the whole route table on ${dialect}`, () => {
    let s: TestServer;
    let b: TenantB;
    before(async () => {
      s = await startServer(dialect);
      b = await createTenantB(s);
    });
    after(async () => s.close());

    test("tenant A's API token reads and changes nothing of tenant B on any admin route", async () => {
      const before = await snapshot(s, b);
      const routes = s.roster.app.routeTable.filter(
        (r) => r.url.startsWith('/api/v1/') && !r.url.endsWith('openapi.json'),
      );
      assert.ok(routes.length > 30);
      const markers = Object.values(b.ids);
      let n = 0;
      for (const r of routes) {
        n += 1;
        const kind = r.url.split('/')[3] ?? '';
        const path = r.url.replace(':id', b.ids[kind] ?? b.ids.users ?? '').replace(':userId', b.ids.users ?? '');
        const body = bodyFor(r.body, b, n);
        const res = await http(r.method, `${s.url}${path}`, body, {
          authorization: `Bearer ${s.adminToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        });
        assert.ok(res.status < 500, `${r.method} ${path} → ${res.status} ${res.text}`);
        if (r.url.includes(':')) assert.ok(res.status >= 400, `${r.method} ${path} → ${res.status} ${res.text}`);
        if (res.status < 400)
          for (const id of markers) assert.ok(!res.text.includes(id), `${r.method} ${path} shows B's ${id}`);
      }
      assert.equal(await snapshot(s, b), before, "tenant B's data is unchanged");
    });

    test("tenant A's SCIM credential is refused at tenant B's provider on every SCIM route, and B's at A's", async () => {
      const a = await s.scimProvider({ name: 'A provider' });
      const before = await snapshot(s, b);
      const routes = s.roster.app.routeTable.filter((r) => r.url.startsWith('/scim/'));
      assert.ok(routes.length > 10);
      for (const r of routes) {
        for (const [providerId, authorization] of [
          [b.ids.providers, a.authorization],
          [a.providerId, b.scimAuthorization],
        ] as const) {
          const path = r.url.replace(':providerId', providerId ?? '').replace(/:\w+/g, b.ids.users ?? '');
          const body = ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined;
          const res = await http(r.method, `${s.url}${path}`, body, { authorization });
          assert.equal(res.status, 401, `${r.method} ${path} → ${res.status} ${res.text}`);
        }
      }
      assert.equal(await snapshot(s, b), before);
    });
  });
}

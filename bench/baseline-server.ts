/**
 * Baseline for the SCIM benchmark: bare Fastify + better-sqlite3 doing the storage work of the
 * benchmark's traffic without any SCIM logic (no schema mapping, no PATCH engine, no filter
 * parser, no Kysely): the same rows written and read as Roster (bench/baseline-store.ts), answered
 * as plain JSON of the same shape. Roster ÷ this = the cost of Roster's layers.
 * Run by `npm run bench -- scim` as a child process (env PORT, DATABASE_URL, BASELINE_TOKEN).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import {
  createGroup,
  createUser,
  db,
  groupById,
  groupByName,
  patchGroup,
  patchUser,
  userById,
  userByName,
  usersPage,
  type Body,
  type FullUser,
} from './baseline-store.js';

const list = (total: number, startIndex: number, resources: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: total,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

const userOut = ({ row: u, values, groups }: FullUser) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  id: u.id,
  externalId: u.external_id,
  userName: u.user_name,
  name: { givenName: u.given_name, familyName: u.family_name },
  displayName: u.display_name,
  title: u.title,
  active: u.active === 1,
  emails: values
    .filter((v) => v.attr === 'emails')
    .map((v) => ({ value: v.value, type: v.type, primary: !!v.is_primary })),
  addresses: values
    .filter((v) => v.attr === 'addresses')
    .map((v) => ({
      type: v.type,
      primary: !!v.is_primary,
      streetAddress: v.street_address,
      locality: v.locality,
      region: v.region,
      postalCode: v.postal_code,
      country: v.country,
    })),
  groups: groups.map((g) => ({ value: g.id, display: g.display_name })),
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    department: u.department,
    employeeNumber: u.employee_number,
  },
  meta: { resourceType: 'User', created: u.created_at, lastModified: u.updated_at, version: `W/"${u.version}"` },
});
const eqValue = (filter: unknown, attr: string): string | undefined =>
  new RegExp(`^${attr} eq "(.*)"$`, 'i').exec(String(filter ?? ''))?.[1];
const int = (v: unknown, fallback: number): number => (v === undefined ? fallback : Math.trunc(Number(v)) || fallback);

const token = `Bearer ${process.env.BASELINE_TOKEN ?? ''}`;
const app = Fastify({ logger: false });
app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (_req, body, done) => {
  try {
    done(null, JSON.parse(body as string));
  } catch (e) {
    done(e as Error, undefined);
  }
});
app.get('/health', async () => ({ status: 'ok' }));

/** The SCIM /Users routes the bench calls. */
function registerUserRoutes(scim: FastifyInstance): void {
  scim.get('/Users', async (req) => {
    const query = req.query as Body;
    if (query.filter !== undefined) {
      const name = eqValue(query.filter, 'userName');
      const u = name === undefined ? undefined : userByName(name);
      return list(u ? 1 : 0, 1, u ? [userOut(u)] : []);
    }
    const startIndex = Math.max(1, int(query.startIndex, 1));
    const page = usersPage(startIndex - 1, Math.min(200, Math.max(0, int(query.count, 100))));
    return list(page.total, startIndex, page.users.map(userOut));
  });
  scim.get<{ Params: { id: string } }>('/Users/:id', async (req, reply) => {
    const u = userById(req.params.id);
    return u ? userOut(u) : reply.code(404).send({ status: '404' });
  });
  scim.post('/Users', async (req, reply) => {
    try {
      const id = createUser(req.body as Body);
      return reply.code(201).send(userOut(userById(id) as FullUser));
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT'))
        return reply.code(409).send({ status: '409', scimType: 'uniqueness' });
      throw e;
    }
  });
  scim.patch<{ Params: { id: string } }>('/Users/:id', async (req, reply) => {
    const u = patchUser(req.params.id, ((req.body as Body).Operations ?? []) as Body[]);
    return u ? userOut(u) : reply.code(404).send({ status: '404' });
  });
}

/** The SCIM /Groups routes the bench calls. */
function registerGroupRoutes(scim: FastifyInstance): void {
  scim.get('/Groups', async (req) => {
    const name = eqValue((req.query as Body).filter, 'displayName');
    const g = name === undefined ? undefined : groupByName(name);
    return list(
      g ? 1 : 0,
      1,
      g ? [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: g.id, displayName: g.display_name }] : [],
    );
  });
  scim.get<{ Params: { id: string } }>('/Groups/:id', async (req, reply) => {
    const g = groupById(req.params.id);
    if (!g) return reply.code(404).send({ status: '404' });
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: g.id,
      displayName: g.display_name,
      externalId: g.external_id,
      members: g.members.map((m) => ({ value: m.id, display: m.user_name, type: 'User' })),
    };
  });
  scim.post('/Groups', async (req, reply) => {
    const id = createGroup(req.body as Body);
    return reply.code(201).send({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id,
      displayName: (req.body as Body).displayName,
      members: [],
    });
  });
  scim.patch<{ Params: { id: string } }>('/Groups/:id', async (req, reply) =>
    patchGroup(req.params.id, ((req.body as Body).Operations ?? []) as Body[])
      ? reply.code(204).send()
      : reply.code(404).send({ status: '404' }),
  );
}

app.register(
  async (scim) => {
    scim.addHook('onRequest', async (req, reply) => {
      if (req.headers.authorization !== token) return reply.code(401).send({ status: '401' });
    });
    registerUserRoutes(scim);
    registerGroupRoutes(scim);
  },
  { prefix: '/scim/:providerId/v2' },
);

app.listen({ port: Number(process.env.PORT ?? 8090), host: process.env.HOST ?? '127.0.0.1' }).catch((e: unknown) => {
  process.stderr.write(`baseline server failed: ${String(e)}\n`);
  process.exit(1);
});
for (const s of ['SIGINT', 'SIGTERM'] as const)
  process.once(
    s,
    () =>
      void app.close().then(() => {
        db.close();
        process.exit(0);
      }),
  );

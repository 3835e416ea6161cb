/**
 * Baseline for the SCIM benchmark: bare Fastify + better-sqlite3 doing the storage work of
 * Entra's sync without any SCIM logic (no schema mapping, no PATCH engine, no filter parser,
 * no Kysely): an indexed select for GET by filter, a user row + a sync-log row per POST,
 * membership rows + sync-log rows per group PATCH. Roster ÷ this = the cost of Roster's layers.
 * Run by `npm run bench -- scim-baseline` as a child process (env PORT, DATABASE_URL, BASELINE_TOKEN).
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const db = new Database(process.env.DATABASE_URL ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.exec(`
  create table users (id text primary key, user_name text not null, user_name_lower text not null unique, external_id text,
    display_name text, given_name text, family_name text, email text, title text, department text, country text,
    active integer not null, version integer not null, created_at text not null, updated_at text not null);
  create table groups (id text primary key, display_name text not null, display_name_lower text not null unique, external_id text,
    version integer not null, created_at text not null, updated_at text not null);
  create table group_members (group_id text not null references groups(id) on delete cascade, user_id text not null references users(id) on delete cascade,
    created_at text not null, primary key (group_id, user_id));
  create index group_members_user on group_members(user_id);
  create table sync_log (id integer primary key autoincrement, at text not null, user_id text, username text, change_type text not null,
    attribute text, old_value text, new_value text);
`);

const q = {
  userByName: db.prepare('select id, user_name, active from users where user_name_lower = ?'),
  userById: db.prepare<[string], { id: string; user_name: string; active: number }>(
    'select id, user_name, active from users where id = ?',
  ),
  insertUser: db.prepare(
    `insert into users values (@id, @userName, @lower, @externalId, @displayName, @given, @family, @email, @title, @department, @country, 1, 1, @now, @now)`,
  ),
  setTitle: db.prepare('update users set title = ?, version = version + 1, updated_at = ? where id = ?'),
  setActive: db.prepare('update users set active = ?, version = version + 1, updated_at = ? where id = ?'),
  groupByName: db.prepare('select id, display_name from groups where display_name_lower = ?'),
  groupById: db.prepare('select id from groups where id = ?'),
  insertGroup: db.prepare('insert into groups values (?, ?, ?, ?, 1, ?, ?)'),
  touchGroup: db.prepare('update groups set version = version + 1, updated_at = ? where id = ?'),
  addMember: db.prepare('insert or ignore into group_members values (?, ?, ?)'),
  log: db.prepare(
    'insert into sync_log (at, user_id, username, change_type, attribute, old_value, new_value) values (?, ?, ?, ?, ?, ?, ?)',
  ),
};

type Body = Record<string, any>;
const list = (resources: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: resources.length,
  startIndex: 1,
  itemsPerPage: resources.length,
  Resources: resources,
});
const userOut = (u: { id: string; user_name: string; active: number }) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: u.id,
  userName: u.user_name,
  active: u.active === 1,
  meta: { resourceType: 'User' },
});
const eqValue = (filter: unknown, attr: string): string | undefined =>
  new RegExp(`^${attr} eq "(.*)"$`, 'i').exec(String(filter ?? ''))?.[1];

const createUser = db.transaction((b: Body) => {
  const now = new Date().toISOString();
  const id = randomUUID();
  const ent = (b['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] ?? {}) as Body;
  q.insertUser.run({
    id,
    userName: b.userName,
    lower: String(b.userName).toLowerCase(),
    externalId: b.externalId ?? null,
    displayName: b.displayName ?? null,
    given: b.name?.givenName ?? null,
    family: b.name?.familyName ?? null,
    email: b.emails?.[0]?.value ?? null,
    title: b.title ?? null,
    department: ent.department ?? null,
    country: b.addresses?.[0]?.country ?? null,
    now,
  });
  q.log.run(now, id, b.userName, 'Created', 'username', null, b.userName);
  return id;
});

const patchUser = db.transaction((id: string, ops: Body[]) => {
  const now = new Date().toISOString();
  const user = q.userById.get(id);
  if (!user) return undefined;
  for (const op of ops) {
    if (op.path === 'title') q.setTitle.run(String(op.value), now, id);
    else if (op.path === 'active') q.setActive.run(String(op.value).toLowerCase() === 'true' ? 1 : 0, now, id);
    q.log.run(now, id, user.user_name, 'Modified', op.path, null, String(op.value));
  }
  return q.userById.get(id);
});

const createGroup = db.transaction((b: Body) => {
  const now = new Date().toISOString();
  const id = randomUUID();
  q.insertGroup.run(id, b.displayName, String(b.displayName).toLowerCase(), b.externalId ?? null, now, now);
  q.log.run(now, null, null, 'Created', 'group', null, b.displayName);
  return id;
});

const patchGroup = db.transaction((id: string, ops: Body[]) => {
  const now = new Date().toISOString();
  if (!q.groupById.get(id)) return false;
  for (const op of ops) {
    if (String(op.op).toLowerCase() !== 'add' || op.path !== 'members') continue;
    for (const m of op.value as Body[]) {
      if (q.addMember.run(id, m.value, now).changes) q.log.run(now, m.value, null, 'Modified', 'group', null, id);
    }
  }
  q.touchGroup.run(now, id);
  return true;
});

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
app.register(
  async (scim) => {
    scim.addHook('onRequest', async (req, reply) => {
      if (req.headers.authorization !== token) return reply.code(401).send({ status: '401' });
    });
    scim.get('/Users', async (req) => {
      const name = eqValue((req.query as Body).filter, 'userName');
      const u =
        name === undefined
          ? undefined
          : (q.userByName.get(name.toLowerCase()) as { id: string; user_name: string; active: number } | undefined);
      return list(u ? [userOut(u)] : []);
    });
    scim.post('/Users', async (req, reply) => {
      try {
        const id = createUser(req.body as Body);
        return reply.code(201).send(userOut({ id, user_name: (req.body as Body).userName, active: 1 }));
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
    scim.get('/Groups', async (req) => {
      const name = eqValue((req.query as Body).filter, 'displayName');
      const g =
        name === undefined
          ? undefined
          : (q.groupByName.get(name.toLowerCase()) as { id: string; display_name: string } | undefined);
      return list(
        g ? [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: g.id, displayName: g.display_name }] : [],
      );
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

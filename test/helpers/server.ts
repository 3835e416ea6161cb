import { createServer, type AddressInfo } from 'node:net';
import { createRoster, type Roster } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Clock } from '../../src/core/ports.js';
import type { Dialect } from '../../src/storage/db.js';
import { createTestDatabase } from './databases.js';

/** A fake clock tests move forward instead of sleeping (STYLE habit 7). */
export class FakeClock implements Clock {
  constructor(private t = Date.parse('2026-11-23T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** A real Roster on a free loopback port with its own database. */
export interface TestServer {
  roster: Roster;
  url: string;
  dialect: Dialect;
  /** The server's database (for the operator CLI run beside it). */
  databaseUrl: string;
  adminToken: string;
  clock: FakeClock;
  /** A request with the admin token. */
  admin(method: string, path: string, body?: unknown): Promise<HttpResult>;
  /** Creates a SCIM provider and returns a client for its base URL. */
  scimProvider(opts?: {
    name?: string;
    type?: 'scim' | 'dirsync';
    authType?: 'bearer' | 'basic';
    deactivationDelaySeconds?: number;
  }): Promise<ScimClient>;
  close(): Promise<void>;
}

export interface ScimClient {
  providerId: string;
  baseUrl: string;
  authorization: string;
  /** A request to the provider's SCIM base URL; `path` starts with '/'. Body objects are JSON-encoded; strings are sent as is. */
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult>;
}

/** Sends one HTTP request and parses a JSON body when there is one. */
export async function http(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/scim+json';
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/**
 * A free loopback port, held until `release()`: while held, no other socket (an outgoing database
 * connection picking an ephemeral port, another test's server) can take it. Release it just
 * before listening on it; the remaining window is one event-loop turn.
 */
async function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return { port, release: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

/** Starts Roster on 127.0.0.1 with a fresh database of `dialect`. */
export async function startServer(
  dialect: Dialect,
  env: Record<string, string> = {},
  opts: { onQuery?: (sql: string) => void } = {},
): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const clock = new FakeClock();
  const reserved = await reservePort();
  const port = reserved.port;
  const url = `http://127.0.0.1:${port}`;
  let roster: Roster;
  try {
    const config = loadConfig({
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      ROSTER_PUBLIC_URL: url,
      ...env,
    });
    roster = await createRoster(config, { clock, ...opts });
  } catch (e) {
    await reserved.release();
    throw e;
  }
  const adminToken = roster.bootstrap.adminToken;
  if (!adminToken) throw new Error('a fresh database must print a bootstrap token');
  await reserved.release();
  await roster.app.listen({ port, host: '127.0.0.1' });
  const admin = (method: string, path: string, body?: unknown): Promise<HttpResult> =>
    http(method, `${url}/api/v1${path}`, body, {
      authorization: `Bearer ${adminToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    });
  let n = 0;
  return {
    roster,
    url,
    dialect,
    databaseUrl: database.url,
    adminToken,
    clock,
    admin,
    async scimProvider(opts = {}) {
      n += 1;
      const type = opts.type ?? 'scim';
      const res = await admin('POST', '/providers', {
        name: opts.name ?? `Provider ${n}`,
        type,
        authType: opts.authType ?? (type === 'dirsync' ? 'basic' : 'bearer'),
        ...(opts.deactivationDelaySeconds !== undefined
          ? { deactivationDelaySeconds: opts.deactivationDelaySeconds }
          : {}),
      });
      if (res.status !== 201) throw new Error(`provider create failed: ${res.status} ${res.text}`);
      const cred = res.body.credential;
      const authorization =
        cred.type === 'bearer'
          ? `Bearer ${cred.token}`
          : `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      const baseUrl: string = res.body.provider.scimBaseUrl;
      return {
        providerId: res.body.provider.id,
        baseUrl,
        authorization,
        req: (method, path, body, headers = {}) =>
          http(method, `${baseUrl}${path}`, body, { authorization, ...headers }),
      };
    },
    async close() {
      await roster.close();
      await database.drop();
    },
  };
}

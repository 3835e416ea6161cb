import type { HttpResult, TestServer } from './server.js';
import { http } from './server.js';

/** A password that passes the policy (12+ characters, not common, not the username). */
export const GOOD_PASSWORD = 'plum-Orchard-42-kites';

/** Creates a local user through the admin API; returns the new user's id. */
export async function createLocalUser(
  s: TestServer,
  username: string,
  opts: { roles?: string[]; password?: string; organization?: string } = {},
): Promise<string> {
  const res = await s.admin('POST', '/users', {
    username,
    email: username.includes('@') ? username : undefined,
    firstName: 'Test',
    lastName: 'User',
    roles: opts.roles ?? ['desktop-user'],
    ...(opts.organization ? { organization: opts.organization } : {}),
    password: opts.password ?? GOOD_PASSWORD,
  });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${res.text}`);
  return res.body.user.id as string;
}

const json = { 'content-type': 'application/json' };

/** POST {base}/api/v1/auth/{step}; `prefix` is '' for the default tenant or '/t/{slug}'. */
export function authCall(s: TestServer, step: string, body: unknown, prefix = ''): Promise<HttpResult> {
  return http('POST', `${s.url}${prefix}/api/v1/auth/${step}`, body, json);
}

/** A console session: its cookie header value and CSRF token. */
export interface ConsoleSession {
  cookie: string;
  csrfToken: string;
}

/** Signs in to the console; throws unless it worked. */
export async function consoleSignIn(s: TestServer, username: string, password = GOOD_PASSWORD, prefix = '') {
  const res = await authCall(s, 'password', { username, password, client: 'console' }, prefix);
  if (res.status !== 200) throw new Error(`console sign-in failed: ${res.status} ${res.text}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { cookie, csrfToken: res.body.csrfToken as string, setCookie };
}

/** Signs in to the client app; returns the bearer session token. */
export async function appSignIn(s: TestServer, username: string, password = GOOD_PASSWORD, prefix = '') {
  const res = await authCall(s, 'password', { username, password, client: 'app' }, prefix);
  if (res.status !== 200) throw new Error(`app sign-in failed: ${res.status} ${res.text}`);
  return res.body.token as string;
}

/** An admin API request with a console cookie (and the CSRF header when `csrf` is given). */
export function withCookie(
  s: TestServer,
  method: string,
  path: string,
  cookie: string,
  csrf?: string,
  body?: unknown,
): Promise<HttpResult> {
  return http(method, `${s.url}/api/v1${path}`, body, {
    cookie,
    ...(csrf ? { 'x-csrf-token': csrf } : {}),
    ...(body !== undefined ? json : {}),
  });
}

/** An admin API request with a bearer token (API token or app session). */
export function withBearer(s: TestServer, method: string, path: string, token: string, body?: unknown) {
  return http(method, `${s.url}/api/v1${path}`, body, {
    authorization: `Bearer ${token}`,
    ...(body !== undefined ? json : {}),
  });
}

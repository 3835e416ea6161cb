import { ProblemError, toProblemError } from './problem';

/** Where the admin API lives: same origin as the console, so the session cookie goes with every call. */
export const API_BASE = '/api/v1';

/**
 * The tenant whose console this is: a non-default tenant's console is served under `/t/{slug}`
 * (SPEC C1 tenant address), and sign-in must name that tenant, so the sign-in API is called under
 * the same prefix. The admin API needs no prefix: the session itself belongs to one tenant.
 */
export const TENANT_PREFIX = /^\/t\/[a-z0-9-]+(?=\/|$)/.exec(window.location.pathname)?.[0] ?? '';

const CSRF_COOKIE = 'roster_csrf';
const CSRF_HEADER = 'x-csrf-token';

/** The session's CSRF token, from the `roster_csrf` cookie the sign-in set beside the session cookie. */
export function csrfToken(): string | undefined {
  const m = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return m ? decodeURIComponent(m.slice(CSRF_COOKIE.length + 1)) : undefined;
}

let onUnauthenticated: (() => void) | null = null;

/** Registers what happens when the API says the session is gone (expired, revoked, signed out elsewhere). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Only "no valid credential" means the session ended; a wrong password or code is 401 too. */
export function noticeSessionEnd(problem: ProblemError): void {
  if (problem.status === 401 && problem.code === 'auth.unauthenticated') onUnauthenticated?.();
}

export interface ApiOptions {
  /** The caller handles a missing session itself (the session probe before the console opens). */
  probe?: boolean;
}

/** Fetches an admin API path; state-changing calls carry the CSRF token; failures throw ProblemError. */
export async function apiFetch(path: string, init: RequestInit = {}, opts: ApiOptions = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json, application/problem+json');
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers.set(CSRF_HEADER, token);
  }
  if (init.body !== undefined && typeof init.body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  // The sign-in API is the tenant's own address; the rest of the admin API is shared.
  const base = path.startsWith('/auth/') ? `${TENANT_PREFIX}${API_BASE}` : API_BASE;
  const res = await fetch(`${base}${path}`, { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) {
    const problem = await toProblemError(res);
    if (!opts.probe) noticeSessionEnd(problem);
    throw problem;
  }
  return res;
}

/** GETs or sends JSON and parses the JSON answer (204 → undefined). */
export async function apiJson<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
  opts: ApiOptions = {},
): Promise<T> {
  const { json, ...rest } = init;
  const res = await apiFetch(path, json === undefined ? rest : { ...rest, body: JSON.stringify(json) }, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export { ProblemError };

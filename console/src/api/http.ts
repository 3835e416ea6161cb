import { ProblemError, toProblemError } from './problem';

/** Where the admin API lives: same origin as the console, so the session cookie goes with every call. */
export const API_BASE = '/api/v1';

const CSRF_COOKIE = 'roster_csrf';
const CSRF_HEADER = 'x-csrf-token';

function csrfToken(): string | undefined {
  const m = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return m ? decodeURIComponent(m.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** Fetches an admin API path; state-changing calls carry the CSRF token; failures throw ProblemError. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json, application/problem+json');
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers.set(CSRF_HEADER, token);
  }
  if (init.body !== undefined && typeof init.body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const res = await fetch(`${API_BASE}${path}`, { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) throw await toProblemError(res);
  return res;
}

/** GETs or sends JSON and parses the JSON answer (204 → undefined). */
export async function apiJson<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const res = await apiFetch(path, json === undefined ? rest : { ...rest, body: JSON.stringify(json) });
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export { ProblemError };

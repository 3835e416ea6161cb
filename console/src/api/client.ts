import createClient from 'openapi-fetch';
import { API_BASE, apiFetch } from './http';
import type { paths } from './schema';

/**
 * openapi-fetch hands each typed request to the console's one fetch path (http.ts), so typed calls
 * get the same session cookie, CSRF header and problem+json errors (ProblemError: screens show its
 * title and detail, RFC 9457) as every other call. Paths in schema.d.ts carry the `/api/v1` prefix.
 */
async function viaApiFetch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_BASE) ? url.pathname.slice(API_BASE.length) : url.pathname;
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  return apiFetch(`${path}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: text === '' ? undefined : text,
    signal: request.signal,
  });
}

/** The typed admin API client: paths and bodies checked against schema.d.ts (generated from the OpenAPI document). */
export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: viaApiFetch });

/** The success body of a call (failures have already thrown); 204 gives undefined. */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}

/** The JSON body type of a path's method and status, from the generated schema. */
export type Body<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer J } }
      ? J
      : never
    : never
  : never;

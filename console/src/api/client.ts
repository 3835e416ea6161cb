import createClient, { type Middleware } from 'openapi-fetch';
import { csrfToken, noticeSessionEnd } from './http';
import { toProblemError } from './problem';
import type { paths } from './schema';

const CSRF_HEADER = 'x-csrf-token';

// The session cookie goes with every call; state-changing ones carry the CSRF token; a failed call
// throws the problem+json as a ProblemError, so screens show its title and detail (RFC 9457).
const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json, application/problem+json');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const token = csrfToken();
      if (token) request.headers.set(CSRF_HEADER, token);
    }
    return request;
  },
  async onResponse({ response }) {
    if (!response.ok) {
      const problem = await toProblemError(response.clone());
      noticeSessionEnd(problem);
      throw problem;
    }
    return undefined;
  },
};

/** The typed admin API client: paths and bodies checked against schema.d.ts (generated from the OpenAPI document). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

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

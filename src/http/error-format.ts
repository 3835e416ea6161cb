// The one place that decides which error format a request gets (SPEC "Bad input": the SCIM
// error schema on SCIM endpoints, application/problem+json elsewhere). Used for the errors that
// no adapter sees: those Node or Fastify raise before routing (a bad URL, headers too large, an
// unknown Expect). The adapters render their own bodies; composition roots pass the renderers in.

/** The two error formats Roster speaks. */
export type ErrorFormat = 'scim' | 'problem';

/** An error body in one format. */
export interface RenderedError {
  mediaType: string;
  body: unknown;
}

/** How each format renders a status and a detail. */
export type ErrorRenderers = Readonly<Record<ErrorFormat, (status: number, detail: string) => RenderedError>>;

// Routes are case-insensitive (SCIM tooling sends `/users`), so the prefix is too.
const SCIM_PATH = /^\/scim\//i;

/** The error format for a request target (path and query as sent). */
export function errorFormatFor(url: string): ErrorFormat {
  return SCIM_PATH.test(url) ? 'scim' : 'problem';
}

/** The error for `url` rendered in its format. */
export function renderError(renderers: ErrorRenderers, url: string, status: number, detail: string): RenderedError {
  return renderers[errorFormatFor(url)](status, detail);
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

/** A complete HTTP/1.1 response (status line, headers, body) for writing to a raw socket. */
export function rawHttpResponse(status: number, rendered: RenderedError): string {
  const body = JSON.stringify(rendered.body);
  return [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
    `Content-Type: ${rendered.mediaType}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

// Transport-level errors, answered in the format error-format.ts chooses for the request target:
// what Node's HTTP parser refuses (headers too large, bytes that are not HTTP), an Expect header
// other than 100-continue, and a body left unread by an early error (413, 415), which must be
// read before the connection closes or the client sees a reset instead of the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { rawHttpResponse, renderError, type ErrorRenderers } from './error-format.js';

/** The most of an unread body Roster reads and discards so that an early error reaches the client. */
export const MAX_DRAIN_BYTES = 32 * 1024 * 1024;
/** How long Roster waits for the rest of an unread body before closing the connection. */
export const DRAIN_TIMEOUT_MS = 10_000;

// The request target from the bytes Node had read when its parser failed (`GET /scim/… HTTP/1.1`).
function targetOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return '/';
  const line = rawPacket.subarray(0, 8192).toString('latin1').split('\r\n', 1)[0] ?? '';
  return line.split(' ')[1] ?? '/';
}

const CLIENT_ERRORS: Readonly<Record<string, [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are larger than this server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request was not received in time'],
};

/** Fastify's clientErrorHandler: a parser error answered in the request's error format. */
export function clientErrorHandler(renderers: ErrorRenderers) {
  return (err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex): void => {
    // A reset connection has no one to answer (Node's http documentation, event 'clientError').
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, detail] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'The request is not valid HTTP'];
    if (!socket.writable) return void socket.destroy();
    const rendered = renderError(renderers, targetOf(err.rawPacket), status, detail);
    socket.end(rawHttpResponse(status, rendered), () => socket.destroy());
  };
}

/** Node's 'checkExpectation' listener: RFC 9110 §10.1.1 answers an unknown expectation with 417. */
export function expectationHandler(renderers: ErrorRenderers) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const detail = `Expect: ${String(req.headers.expect)} is not supported; only 100-continue is`;
    const rendered = renderError(renderers, req.url ?? '/', 417, detail);
    // A client that sent an expectation waits for this answer before sending a body (RFC 9110 §10.1.1).
    res.writeHead(417, { 'content-type': rendered.mediaType, connection: 'close' });
    res.end(JSON.stringify(rendered.body));
  };
}

/**
 * Calls `done` once the rest of `req`'s body has been read and discarded (at most
 * MAX_DRAIN_BYTES, for at most DRAIN_TIMEOUT_MS; past either the connection is dropped).
 */
export function drainThen(req: IncomingMessage, done: () => void): void {
  if (req.readableEnded || req.destroyed) return done();
  let bytes = 0;
  let finished = false;
  const timer = setTimeout(() => req.destroy(), DRAIN_TIMEOUT_MS);
  timer.unref();
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    req.off('data', onData);
    done();
  };
  const onData = (chunk: Buffer): void => {
    bytes += chunk.length;
    if (bytes > MAX_DRAIN_BYTES) req.destroy();
  };
  req.on('data', onData);
  req.once('end', finish);
  req.once('close', finish);
  req.resume();
}

/** drainThen as a promise, for Fastify's async onSend hook. */
export function drained(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => drainThen(req, resolve));
}

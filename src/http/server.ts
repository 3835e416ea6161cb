import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { renderError, type ErrorRenderers } from './error-format.js';
import { registerMetrics, type RosterMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { genReqId, requestIdHeader } from './request-id.js';
import { clientErrorHandler, drained, expectationHandler } from './transport-errors.js';

/** What the bare server needs besides the config: the log, the metrics and the error renderers. */
export interface ServerOptions {
  logger: Logger | boolean;
  metrics?: RosterMetrics;
  /** How errors no adapter sees are rendered (http/error-format.ts picks the format per URL). */
  transportErrors: ErrorRenderers;
}

/**
 * The Fastify server every adapter is registered on, before any adapter: routing and parsing
 * options, metrics, request ids, the OpenAPI collector, transport-level errors and /health.
 */
export async function createServer(config: Config, opts: ServerOptions): Promise<FastifyInstance> {
  const { logger, metrics, transportErrors } = opts;
  const app = Fastify({
    loggerInstance: typeof logger === 'object' ? logger : undefined,
    logger: typeof logger === 'boolean' ? logger : undefined,
    // SCIM tooling sends lower-case resource paths and trailing slashes (SPEC C2): route them as their RFC names.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 500 },
    // Errors raised before routing (an over-long id, a bad URL) answer in each adapter's format too.
    frameworkErrors: (
      error: { statusCode?: number; message: string },
      req: { url: string },
      reply: { code(n: number): { type(t: string): { send(b: unknown): void } } },
    ) => {
      const status = error.statusCode ?? 400;
      const rendered = renderError(transportErrors, req.url, status, error.message);
      reply.code(status).type(rendered.mediaType).send(rendered.body);
    },
    // …and so do requests Node's HTTP parser refuses (headers too large, bytes that are not HTTP).
    clientErrorHandler: clientErrorHandler(transportErrors),
    bodyLimit: config.scim.maxBodyBytes,
    genReqId,
    // Unknown properties are an error the caller should hear about, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Per-request lines would dominate the log during a 100,000-user sync; errors are logged by the adapters.
    logController: new LogController({ disableRequestLogging: true }),
  } as never) as unknown as FastifyInstance;
  // First, so that every route after it is measured.
  if (metrics) registerMetrics(app, metrics, config.metricsToken ? { token: config.metricsToken } : {});
  requestIdHeader(app);
  await registerOpenApi(app, { version: '1', serverUrl: config.publicUrl });
  transportHooks(app, transportErrors);
  return app;
}

/** Expect: headers, early errors under a body still being written, and the health probe. */
function transportHooks(app: FastifyInstance, transportErrors: ErrorRenderers): void {
  app.server.on('checkExpectation', expectationHandler(transportErrors));
  // An error answered before the body was read (413, 415) waits for the rest of the body, so
  // that closing the connection does not reset it under a client still writing.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode >= 400 && !req.raw.readableEnded) void drained(req.raw).then(() => done(null, payload));
    else done(null, payload);
  });
  app.get('/health', async () => ({ status: 'ok' }));
  // Bulk runs its operations through app.inject(), whose module Fastify loads synchronously on
  // first use: load it at start-up rather than inside the first Bulk request.
  app.addHook('onListen', async () => {
    await app.inject({ method: 'GET', url: '/health' });
  });
}

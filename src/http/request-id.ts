import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Request ids: a new UUID per request, logged with every error and returned as X-Request-Id. */
export const genReqId = (): string => randomUUID();

/** Adds the X-Request-Id header to every reply (the id an operator finds in the log). */
export function requestIdHeader(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every reply, and a promise per reply is CPU (bench scim).
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('X-Request-Id', req.id);
    done(null, payload);
  });
}

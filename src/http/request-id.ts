import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Request ids: a new UUID per request, logged with every error and returned as X-Request-Id. */
export const genReqId = (): string => randomUUID();

/** Adds the X-Request-Id header to every reply (the id an operator finds in the log). */
export function requestIdHeader(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
  });
}

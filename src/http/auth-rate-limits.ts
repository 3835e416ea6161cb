import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';

/** Requests per minute on the sign-in endpoints (SPEC C6 lockout's companion); from Config. */
export interface AuthRateLimitSettings {
  perIpPerMinute: number;
  perUsernamePerMinute: number;
}

/** The limits a sign-in route applies: per client address, and also per (tenant, username). */
export interface AuthRateLimits {
  perIp: preHandlerAsyncHookHandler;
  perIpAndUsername: preHandlerAsyncHookHandler;
}

const WINDOW_MS = 60_000;

const usernameOf = (body: unknown): string => {
  const v = (body as { username?: unknown } | null)?.username;
  return typeof v === 'string' ? v.trim().toLowerCase() : '';
};

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/** 429 in the adapter's own error format: a FastifyError-shaped error its error handler translates. */
function tooMany(reply: FastifyReply, ttlSeconds: number): Error {
  reply.header('Retry-After', String(ttlSeconds));
  return Object.assign(new Error(`Too many sign-in requests; retry in ${ttlSeconds} s`), {
    statusCode: 429,
    code: 'auth.rate_limited',
  });
}

/** A preHandler that counts the request against every check and refuses it when any is exceeded. */
function limiter(checks: Check[]): preHandlerAsyncHookHandler {
  return async function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
    for (const check of checks) {
      const r = await check(req);
      if (!r.isAllowed && r.isExceeded) throw tooMany(reply, r.ttlInSeconds);
    }
  };
}

/**
 * Registers @fastify/rate-limit (not globally) and builds the sign-in limits once, so that the
 * default tenant's address and `/t/{slug}` share the same counters. The per-username key includes
 * the address's tenant slug and is read from the parsed body, hence preHandler hooks. Both
 * counters are checked explicitly (the plugin's own route hooks run only the first limit per request).
 */
export async function authRateLimits(app: FastifyInstance, s: AuthRateLimitSettings): Promise<AuthRateLimits> {
  await app.register(rateLimit, { global: false });
  const perIp = app.createRateLimit({
    max: s.perIpPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (req) => `ip:${req.ip}`,
  });
  const perUsername = app.createRateLimit({
    max: s.perUsernamePerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (req) => {
      const slug = (req.params as { tenant?: string } | undefined)?.tenant ?? '';
      return `user:${slug}:${usernameOf(req.body)}`;
    },
  });
  return { perIp: limiter([perIp]), perIpAndUsername: limiter([perIp, perUsername]) };
}

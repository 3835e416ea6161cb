import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';

/** Requests per minute on the sign-in endpoints (SPEC C6 lockout's companion); from Config. */
export interface AuthRateLimitSettings {
  perIpPerMinute: number;
  perUsernamePerMinute: number;
}

/** The two limits every sign-in route applies: one per client address, one per (tenant, username). */
export interface AuthRateLimits {
  perIp: preHandlerAsyncHookHandler;
  perUsername: preHandlerAsyncHookHandler;
}

const usernameOf = (body: unknown): string => {
  const v = (body as { username?: unknown } | null)?.username;
  return typeof v === 'string' ? v.trim().toLowerCase() : '';
};

/**
 * Registers @fastify/rate-limit (not globally) and builds the sign-in limits once, so that the
 * default tenant's address and `/t/{slug}` share the same counters. The per-username key includes
 * the address's tenant slug; it is read from the parsed body, hence preHandler hooks.
 */
export async function authRateLimits(app: FastifyInstance, s: AuthRateLimitSettings): Promise<AuthRateLimits> {
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    // A FastifyError-shaped error, so each adapter's error handler answers 429 in its own format.
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`Too many sign-in requests; retry in ${ctx.after}`), {
        statusCode: ctx.statusCode,
        code: 'auth.rate_limited',
      }),
  });
  const make = (max: number, key: (req: Parameters<preHandlerAsyncHookHandler>[0]) => string) =>
    app.rateLimit({ max, timeWindow: 60_000, keyGenerator: key }) as unknown as preHandlerAsyncHookHandler;
  return {
    perIp: make(s.perIpPerMinute, (req) => `ip:${req.ip}`),
    perUsername: make(s.perUsernamePerMinute, (req) => {
      const slug = (req.params as { tenant?: string } | undefined)?.tenant ?? '';
      return `user:${slug}:${usernameOf(req.body)}`;
    }),
  };
}

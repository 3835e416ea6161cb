import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the console never answers: they belong to the APIs, whose 404s stay in their own format. */
const API_PREFIXES = ['/api/', '/scim/', '/health', '/metrics'];

// The console is a single-page app (SPEC C10): its screens are client-side routes, so any other
// GET for an HTML page gets index.html. CSP keeps the page to its own scripts; the admin API is
// same-origin, so connect-src 'self' suffices.
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' " +
    "data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Roster</title></head>
<body><main><h1>The console is not built</h1><p>Run <code>npm run build:console</code> (npm start does it when needed) and reload.</p></main></body></html>`;

/** Serves the built admin console (console/dist) at `/`, with the single-page fallback (SPEC C10). */
export async function consolePlugin(app: FastifyInstance, opts: { dir: string }): Promise<void> {
  const indexPath = join(opts.dir, 'index.html');
  const built = existsSync(indexPath);
  if (built) {
    // Only the assets folder: Vite names these by content hash, so they never change under one name.
    await app.register(fastifyStatic, {
      root: join(opts.dir, 'assets'),
      prefix: '/assets/',
      // Files are found once at start (no wildcard route), so unknown paths reach the fallback below.
      wildcard: false,
      index: false,
      maxAge: '365d',
      immutable: true,
    });
  }
  // Read once: a rebuilt console is served after a restart, like any other code change.
  const page = built ? readFileSync(indexPath, 'utf8') : NOT_BUILT;
  const sendPage = (reply: FastifyReply): FastifyReply =>
    reply
      .code(built ? 200 : 503)
      .headers(HTML_HEADERS)
      .send(page);
  app.get('/', (_req, reply) => sendPage(reply));
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '';
    const wantsPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !API_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p)) &&
      !/\.[a-z0-9]+$/i.test(path);
    if (wantsPage) return sendPage(reply);
    return reply
      .code(404)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        detail: `No resource at ${path}`,
        code: 'route.not_found',
      });
  });
}

import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One HTTP exchange: status, body text and the client-side latency. */
export interface Reply {
  status: number;
  text: string;
  /** performance.now() when the request was started. */
  startMs: number;
  ms: number;
}

/** A request answered with a status the bench did not expect: the run stops and prints the body. */
export class UnexpectedStatusError extends Error {
  constructor(method: string, path: string, expected: number, reply: Reply) {
    super(
      `${method} ${path} answered ${reply.status}, expected ${expected}. Body:\n${reply.text.slice(0, 2000) || '(empty)'}`,
    );
  }
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * A keep-alive HTTP/1.1 client on node:http (undici is not installed here). One socket per
 * concurrent client, reused for every request, so connection set-up never shows in latencies.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;
  private readonly prefix: string;

  constructor(
    baseUrl: string,
    private readonly authorization: string,
    maxSockets: number,
    private readonly mediaType = 'application/scim+json',
  ) {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:') throw new Error(`the bench speaks plain http only, got ${baseUrl}`);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.prefix = u.pathname.replace(/\/+$/, '');
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** Sends one request; `body` is already serialised JSON. */
  send(method: string, path: string, body?: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { authorization: this.authorization, accept: this.mediaType };
      if (body !== undefined) {
        headers['content-type'] = `${this.mediaType}; charset=utf-8`;
        headers['content-length'] = Buffer.byteLength(body);
      }
      const startMs = performance.now();
      const req = http.request(
        { host: this.host, port: this.port, method, path: this.prefix + path, agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text =
              chunks.length === 0
                ? ''
                : chunks.length === 1
                  ? (chunks[0] as Buffer).toString('utf8')
                  : Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, text, startMs, ms: performance.now() - startMs });
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
      );
      req.on('error', (e) =>
        reject(new Error(`${method} ${this.prefix}${path}: ${e.message} (is the server still running?)`)),
      );
      req.end(body);
    });
  }

  /** Sends and fails fast unless the answer has the expected status. */
  async expect(method: string, path: string, expected: number, body?: unknown): Promise<Reply> {
    const reply = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (reply.status !== expected) throw new UnexpectedStatusError(method, this.prefix + path, expected, reply);
    return reply;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `id` of a created resource, read from its JSON body. */
export function idOf(reply: Reply, what: string): string {
  const id = (JSON.parse(reply.text) as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '')
    throw new Error(`${what}: the 201 body has no id:\n${reply.text.slice(0, 2000)}`);
  return id;
}

// Raw HTTP/1.1 over a loopback socket, for what fetch cannot send: a whole body written before
// the answer is read, headers beyond Node's limit, bytes that are not a valid request line.
import { connect } from 'node:net';

/** The parsed answer to a raw request. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/** Writes `head` and then `body` completely, and only then reads the whole answer. */
export async function rawRequest(url: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.pause();
  const chunks: Buffer[] = [];
  let failure: Error | undefined;
  socket.on('error', (e) => (failure = e));
  await new Promise<void>((resolve) => socket.write(head, () => resolve()));
  for (let off = 0; off < body.length && !failure; off += 64 * 1024)
    await new Promise<void>((resolve) => socket.write(body.subarray(off, off + 64 * 1024), () => resolve()));
  await new Promise<void>((resolve) => {
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('close', () => resolve());
    socket.resume();
  });
  if (failure && chunks.length === 0) throw failure;
  return parseAnswer(Buffer.concat(chunks).toString('utf8'));
}

function parseAnswer(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let text = raw.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') text = unchunk(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body, text };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { cleanupAll, interrupted, onCleanup } from './cleanup.js';

/** A server started as a child process, so that it never shares an event loop with the load generator. */
export interface ServerProcess {
  pid: number;
  port: number;
  /** Resolves with the first stdout match of `re` (e.g. the bootstrap token line). */
  waitForStdout(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Peak resident set size (VmHWM) in kB, from /proc; null where /proc is absent. */
  peakRssKb(): number | null;
  /** CPU time the server has used so far (user + system, all its threads), in ms (cpu-probe.ts). */
  cpuMs(): Promise<number>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const TAIL_CHARS = 8000;
const CPU_PROBE = fileURLToPath(new URL('./cpu-probe.ts', import.meta.url));

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Waits until the server's stdout (the tail kept so far) matches `re`; rejects after the timeout. */
function stdoutWaiter(
  script: string,
  watchers: Set<() => void>,
  out: () => string,
  err: () => string,
): (re: RegExp, timeoutMs?: number) => Promise<RegExpExecArray> {
  return (re, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = re.exec(out());
        if (m) {
          watchers.delete(onData);
          clearTimeout(timer);
          resolve(m);
        }
        return m !== null;
      };
      const onData = (): void => void check();
      const timer = setTimeout(() => {
        watchers.delete(onData);
        reject(
          new Error(
            `${script} printed nothing matching ${re} within ${timeoutMs / 1000} s.\n--- stdout ---\n${out()}\n--- stderr ---\n${err()}`,
          ),
        );
      }, timeoutMs);
      if (!check()) watchers.add(onData);
    });
}

/** Starts `node --import tsx <script>` in `cwd` with extra env (given the chosen port), and waits for GET /health. */
export async function startServer(
  script: string,
  cwd: string,
  env: (port: number) => Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server without touching the bench.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', '--import', CPU_PROBE, script], {
    cwd,
    env: { ...process.env, ...env(port), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.channel?.unref();
  let out = '';
  let err = '';
  let stopping = false;
  const watchers = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out = (out + s).slice(-TAIL_CHARS);
    for (const w of watchers) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err = (err + s).slice(-TAIL_CHARS);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    // A terminal's Ctrl-C reaches the child too; the bench's own SIGINT handler is cleaning up then.
    if (stopping || interrupted()) return;
    process.stderr.write(
      `\nThe server (${script}) exited unexpectedly (code ${code}, signal ${signal}).\n--- stdout tail ---\n${out}\n--- stderr tail ---\n${err}\n`,
    );
    void cleanupAll().finally(() => process.exit(1));
  });
  const release = onCleanup({ sync: () => killNow(child) });

  const waitForStdout = stdoutWaiter(
    script,
    watchers,
    () => out,
    () => err,
  );

  await waitForHealth(port, 60_000, () => `--- stdout ---\n${out}\n--- stderr ---\n${err}`);
  return {
    pid: child.pid ?? -1,
    port,
    waitForStdout,
    peakRssKb: () => peakRssKb(child.pid),
    cpuMs: () => cpuMsOf(child),
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => killNow(child), 5000);
        await exited;
        clearTimeout(t);
      }
      await release();
    },
  };
}

let cpuRequests = 0;

/** Asks the server's cpu-probe for its CPU time; rejects after 10 s without an answer. */
function cpuMsOf(child: ChildProcess): Promise<number> {
  const id = ++cpuRequests;
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      const r = m as { type?: string; id?: number; micros?: number };
      if (r.type !== 'cpu-usage' || r.id !== id) return;
      done();
      resolve((r.micros ?? Number.NaN) / 1000);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the server (pid ${child.pid}) did not report its CPU time within 10 s`));
    }, 10_000);
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu-usage', id });
  });
}

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function peakRssKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function waitForHealth(port: number, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`the server did not answer GET /health with 200 within ${timeoutMs / 1000} s\n${logs()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

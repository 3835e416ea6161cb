import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Checkpoints the SQLite WAL from a worker thread with its own connection, so that writing WAL
// frames back into the database file never runs on the event loop. With SQLite's automatic
// checkpoint, the commit that crossed the threshold copied ~40 MiB and stalled every request for up
// to 140 ms; those commits were 44 % of all commit time in the SCIM initial sync (bench/scim). A
// PASSIVE checkpoint never blocks the writer or readers: it copies what no reader still needs, and
// the next write transaction restarts the WAL from its start once all of it is copied. The writer
// keeps a far higher automatic threshold as a safety net (db.ts).

/** The worker's code: plain JavaScript, evaluated as CommonJS (no TypeScript loader in the worker). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let timer;
const tick = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String(e && e.message || e) });
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
timer = setTimeout(tick, workerData.intervalMs);
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection; resolves when it has exited. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** How often the worker checkpoints what the WAL holds (default 500 ms). */
  intervalMs?: number;
  /** Told about a failed checkpoint (a busy database is retried on the next tick). */
  onError?: (message: string) => void;
}

/** Starts the background checkpointer for the WAL of `file` (an existing database in WAL mode). */
export function startCheckpointer(file: string, opts: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // The worker only runs a pragma: a small heap keeps its isolate's share of RSS small.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: opts.intervalMs ?? 500 },
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, codeRangeSizeMb: 8 },
  });
  // Never keeps a process (a CLI command, a test) alive on its own.
  worker.unref();
  worker.on('message', (m: { type: string; message?: string }) => {
    if (m.type === 'error') opts.onError?.(m.message ?? 'checkpoint failed');
  });
  worker.on('error', (e) => opts.onError?.(e.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        // Referenced again while stopping: an unreferenced worker's exit would not keep the event
        // loop alive, and a caller awaiting close() at the end of a process would never resume.
        worker.ref();
        worker.postMessage('stop');
        // The worker exits once its connection is closed; a stuck one is terminated.
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 2000)));
        if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

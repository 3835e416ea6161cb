/**
 * Cleanup on every way out: normal end, error, SIGINT/SIGTERM. Async steps (dropping a
 * PostgreSQL database) run before a signal exit; sync steps (killing a child server, deleting a
 * temp SQLite file) also run from process 'exit', so nothing outlives the bench.
 */

type Step = { sync?: () => void; async?: () => Promise<void> };

const steps = new Set<Step>();
let installed = false;
let signalled = false;

/** True once SIGINT/SIGTERM arrived: errors from then on are the stop itself, not findings. */
export function interrupted(): boolean {
  return signalled;
}

/** Registers a cleanup step; the returned function runs it now (once) and unregisters it. */
export function onCleanup(step: Step): () => Promise<void> {
  install();
  steps.add(step);
  return async () => {
    if (!steps.delete(step)) return;
    step.sync?.();
    await step.async?.();
  };
}

/** Runs every registered step, newest first, ignoring failures (best effort). */
export async function cleanupAll(): Promise<void> {
  for (const step of [...steps].reverse()) {
    steps.delete(step);
    try {
      step.sync?.();
      await step.async?.();
    } catch (e) {
      process.stderr.write(`cleanup: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const step of steps) {
      try {
        step.sync?.();
      } catch {
        // exiting anyway
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      signalled = true;
      process.stderr.write(`\n${signal}: stopping the server and removing the bench database…\n`);
      const hardStop = setTimeout(() => process.exit(130), 10_000);
      hardStop.unref();
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

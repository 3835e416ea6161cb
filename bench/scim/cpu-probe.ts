/**
 * Preloaded into each benchmarked server (`--import`, after tsx) by server-process.ts: answers the
 * load generator's `cpu-usage` messages over the IPC channel with this process's CPU time
 * (process.cpuUsage: user + system, all threads, µs). The servers themselves stay unchanged, and
 * Roster and the baseline are measured the same way. CPU time per request is what a shared,
 * loaded machine does not distort the way it distorts wall-clock time.
 */
interface CpuRequest {
  type: 'cpu-usage';
  id: number;
}

const isRequest = (m: unknown): m is CpuRequest => (m as CpuRequest | null)?.type === 'cpu-usage';

if (process.send) {
  process.on('message', (m: unknown) => {
    if (!isRequest(m)) return;
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu-usage', id: m.id, micros: user + system });
  });
  // The channel must not keep a server alive that would otherwise exit.
  process.channel?.unref();
}

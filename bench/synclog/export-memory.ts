// The sync-log CSV export's memory (the export streams, so it must stay flat): measured on a fresh server
// process from /proc, so that the peak is the export's and not that of the queries before it.
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchDatabase } from '../scim/databases.js';
import { startServer } from '../scim/server-process.js';
import { timeExport, type ExportTiming } from './measure.js';

const log = (s: string): void => void process.stderr.write(`${s}\n`);

/**
 * The export server's memory (Linux /proc), in MB. The target is the export's: peak RSS while it
 * streams, read from VmHWM reset to the current RSS just before it starts, so that neither the
 * startup peak (tsx compiling the sources) nor anything before counts, and nothing of the export
 * is missed between samples. `rssBeforeExportMB` is the idle server the export starts from.
 */
export interface ServerMemory {
  /** VmHWM once the fresh server answers /health: startup's peak. */
  startupPeakRssMB: number | null;
  /** VmRSS just before the export. */
  rssBeforeExportMB: number | null;
  /** VmHWM after the export, reset before it: the export's peak (null when the reset failed). */
  peakRssDuringExportMB: number | null;
  /** VmHWM over the server's whole life (startup included). */
  peakRssMB: number | null;
  peakResetBeforeExport: boolean;
  nodeArgs: string;
}

const mb = (kb: number | null): number | null => (kb === null ? null : Math.round(kb / 102.4) / 10);

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), null off Linux. */
function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Resets the process's VmHWM to its current RSS (Linux ≥ 4.0; the bench owns the child). */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The streamed CSV export of every row, timed on a fresh server, and that server's memory around it. */
export async function exportOnFreshServer(
  db: BenchDatabase,
  token: string,
  repoRoot: string,
): Promise<{ exported: ExportTiming; server: ServerMemory }> {
  const server = await startServer('src/main.ts', repoRoot, (port) => ({
    DATABASE_URL: db.url,
    ROSTER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
  }));
  try {
    const startupPeak = server.peakRssKb();
    const rssBefore = procStatusKb(server.pid, 'VmRSS');
    const reset = resetPeak(server.pid);
    log('  exporting every row as CSV (fresh server)…');
    const exported = await timeExport(server.port, `Bearer ${token}`, '/api/v1/sync-log.csv');
    const peakAfter = server.peakRssKb();
    const lifetimePeak = peakAfter === null ? null : Math.max(peakAfter, startupPeak ?? 0);
    const memory: ServerMemory = {
      startupPeakRssMB: mb(startupPeak),
      rssBeforeExportMB: mb(rssBefore),
      peakRssDuringExportMB: reset ? mb(peakAfter) : null,
      peakRssMB: mb(lifetimePeak),
      peakResetBeforeExport: reset,
      nodeArgs: process.env.BENCH_SERVER_NODE_ARGS ?? '',
    };
    return { exported, server: memory };
  } finally {
    await server.stop();
  }
}

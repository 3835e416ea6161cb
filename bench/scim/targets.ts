import { randomBytes } from 'node:crypto';
import { createBenchDatabase, type BenchDatabase, type DbKind } from './databases.js';
import { HttpClient } from './http-client.js';
import { startServer, type ServerProcess } from './server-process.js';
import { runWorkload, type WorkloadParams, type WorkloadResult } from './workload.js';

/** What was measured against one server on one database. */
export interface RunResult {
  /** `roster-sqlite`, `roster-postgres` or `baseline-sqlite`. */
  target: string;
  db: DbKind;
  startedAt: string;
  workload: WorkloadResult;
  server: { peakRssMB: number | null; databaseMB: number | null };
}

interface Started {
  server: ServerProcess;
  scimBaseUrl: string;
  authorization: string;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const mb = (bytes: number | null): number | null => (bytes === null ? null : Math.round((bytes / 1048576) * 10) / 10);

/** Runs the workload against a server started by `start`, then stops it and drops the database. */
async function measure(
  target: string,
  kind: DbKind,
  params: WorkloadParams,
  start: (db: BenchDatabase) => Promise<Started>,
): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  log(
    `\n== ${target}: ${params.users.toLocaleString('en-US')} users, ${params.groups.toLocaleString('en-US')} groups, concurrency ${params.concurrency}`,
  );
  const db = await createBenchDatabase(kind);
  let started: Started | undefined;
  let client: HttpClient | undefined;
  try {
    started = await start(db);
    log(`  server pid ${started.server.pid} on port ${started.server.port}, SCIM base ${started.scimBaseUrl}`);
    client = new HttpClient(started.scimBaseUrl, started.authorization, params.concurrency);
    const server = started.server;
    const workload = await runWorkload(client, params, () => server.cpuMs());
    const rssKb = started.server.peakRssKb();
    await started.server.stop();
    const size = await db.sizeBytes();
    return {
      target,
      db: kind,
      startedAt,
      workload,
      server: { peakRssMB: rssKb === null ? null : Math.round(rssKb / 102.4) / 10, databaseMB: mb(size) },
    };
  } finally {
    client?.close();
    await started?.server.stop();
    await db.drop();
  }
}

/** Roster itself (`node --import tsx src/main.ts`), with a SCIM provider created over the admin API. */
export function runRoster(kind: DbKind, params: WorkloadParams, repoRoot: string): Promise<RunResult> {
  return measure(`roster-${kind}`, kind, params, async (db) => {
    const server = await startServer('src/main.ts', repoRoot, (port) => ({
      DATABASE_URL: db.url,
      ROSTER_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
    }));
    // main.ts prints the bootstrap admin token once, on stdout, for a new directory.
    const m = await server.waitForStdout(/Admin API token[^:]*:\s*(\S+)/);
    const admin = new HttpClient(`http://127.0.0.1:${server.port}/api/v1`, `Bearer ${m[1]}`, 1, 'application/json');
    try {
      const reply = await admin.expect('POST', '/providers', 201, {
        name: 'Entra ID (bench)',
        type: 'scim',
        authType: 'bearer',
      });
      const body = JSON.parse(reply.text) as {
        provider: { scimBaseUrl: string };
        credential: { type: string; token?: string };
      };
      if (body.credential.type !== 'bearer' || !body.credential.token)
        throw new Error(`POST /api/v1/providers gave no bearer token:\n${reply.text}`);
      return { server, scimBaseUrl: body.provider.scimBaseUrl, authorization: `Bearer ${body.credential.token}` };
    } finally {
      admin.close();
    }
  });
}

/** The bare Fastify + better-sqlite3 server in bench/baseline-server.ts: same storage work, no SCIM logic. */
export function runBaseline(params: WorkloadParams, repoRoot: string): Promise<RunResult> {
  const token = randomBytes(24).toString('base64url');
  return measure('baseline-sqlite', 'sqlite', params, async (db) => {
    const server = await startServer('bench/baseline-server.ts', repoRoot, () => ({
      DATABASE_URL: db.url,
      BASELINE_TOKEN: token,
    }));
    return {
      server,
      scimBaseUrl: `http://127.0.0.1:${server.port}/scim/baseline/v2`,
      authorization: `Bearer ${token}`,
    };
  });
}

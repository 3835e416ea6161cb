import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HttpClient } from '../scim/http-client.js';

/** Latency of one query's first page (or of one page deep in the log), over repeated runs. */
export interface QueryTiming {
  name: string;
  path: string;
  rows: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Paging through a whole selection by cursor: the cost of page 1 against the cost of the last pages. */
export interface WalkTiming {
  name: string;
  pageSize: number;
  pages: number;
  rows: number;
  seconds: number;
  firstPageMs: number;
  lastTenPagesMeanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The cursor of the page starting about `rows - pageSize` rows in (for a deep limit-50 page). */
  deepCursor: string | null;
}

export interface ExportTiming {
  rows: number;
  bytes: number;
  seconds: number;
  firstByteMs: number;
  /** GET /health, sent every 100 ms during the export: does the export starve other requests? */
  healthDuringExport: { count: number; p50Ms: number; maxMs: number };
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const round = (x: number): number => Math.round(x * 100) / 100;

/** Runs GET `path` `warmup + runs` times, one at a time; times the last `runs`. */
export async function timeQuery(
  client: HttpClient,
  name: string,
  path: string,
  runs = 25,
  warmup = 3,
): Promise<QueryTiming> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < warmup + runs; i += 1) {
    const r = await client.expect('GET', path, 200);
    rows = (JSON.parse(r.text) as { entries: unknown[] }).entries.length;
    if (i >= warmup) samples.push(r.ms);
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    path,
    rows,
    runs,
    p50Ms: round(quantile(samples, 0.5)),
    p95Ms: round(quantile(samples, 0.95)),
    maxMs: round(samples[samples.length - 1] ?? Number.NaN),
  };
}

/** Follows nextCursor from the first page to the last, timing every page. */
export async function walk(client: HttpClient, name: string, query: string, pageSize: number): Promise<WalkTiming> {
  const samples: number[] = [];
  let cursor: string | null = null;
  let prevCursor: string | null = null;
  let rows = 0;
  const t0 = performance.now();
  do {
    const r = await client.expect(
      'GET',
      `/sync-log?${query}&limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`,
      200,
    );
    const body = JSON.parse(r.text) as { entries: unknown[]; nextCursor: string | null };
    samples.push(r.ms);
    rows += body.entries.length;
    if (body.nextCursor) prevCursor = body.nextCursor;
    cursor = body.nextCursor;
  } while (cursor);
  const seconds = (performance.now() - t0) / 1000;
  const last = samples.slice(-10);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    pageSize,
    pages: samples.length,
    rows,
    seconds: round(seconds),
    firstPageMs: round(samples[0] ?? Number.NaN),
    lastTenPagesMeanMs: round(last.reduce((a, b) => a + b, 0) / Math.max(1, last.length)),
    p50Ms: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    deepCursor: prevCursor,
  };
}

function health(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      })
      .on('error', reject);
  });
}

/** Downloads the CSV export while probing GET /health; nothing of the body is kept. */
export async function timeExport(port: number, authorization: string, path: string): Promise<ExportTiming> {
  let done = false;
  const samples: number[] = [];
  const probe = (async () => {
    while (!done) {
      samples.push(await health(port));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const e = await download(port, authorization, path);
    done = true;
    await probe;
    samples.sort((a, b) => a - b);
    return {
      ...e,
      healthDuringExport: {
        count: samples.length,
        p50Ms: round(quantile(samples, 0.5)),
        maxMs: round(samples[samples.length - 1] ?? Number.NaN),
      },
    };
  } finally {
    done = true;
  }
}

function download(
  port: number,
  authorization: string,
  path: string,
): Promise<Omit<ExportTiming, 'healthDuringExport'>> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    let lines = 0;
    const req = http.get({ host: '127.0.0.1', port, path, headers: { authorization }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${path} answered ${res.statusCode}`));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
      });
      res.on('error', reject);
      // Seeded details hold no line breaks: one line per entry plus the header.
      res.on('end', () =>
        resolve({
          rows: lines - 1,
          bytes,
          seconds: round((performance.now() - t0) / 1000),
          firstByteMs: round(firstByteMs),
        }),
      );
    });
    req.on('error', reject);
  });
}

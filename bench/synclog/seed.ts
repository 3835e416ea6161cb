import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database, SyncLogTable } from '../../src/storage/schema.js';

/** What the seeded log looks like, for the queries that probe it. */
export interface SeedPlan {
  rows: number;
  otherTenantRows: number;
  users: number;
  /** A username prefix that selects 10 users (about 10 × rows ÷ users entries). */
  usernamePrefix: string;
}

type Insert = Omit<SyncLogTable, 'id'>;

// A provisioning log's shape: mostly attribute changes, a few lifecycle events, entries of one
// call sharing one timestamp, append-only (ids grow with time).
const CHANGES: [type: string, weight: number][] = [
  ['Modified', 70],
  ['Created', 8],
  ['Sync Failure', 5],
  ['Deactivated', 4],
  ['Blocked', 4],
  ['Not in Role Mapping', 4],
  ['Reactivated', 3],
  ['Removed', 2],
];
const MODIFIED_ATTRIBUTES = [
  'department',
  'title',
  'email',
  'displayName',
  'organization',
  'role',
  'group',
  'manager',
  'lastName',
  'city',
];
const CHANGE_WHEEL = CHANGES.flatMap(([t, w]) => Array<string>(w).fill(t));
const YEAR_MS = 365 * 24 * 3600 * 1000;
const BATCH_ROWS = 500; // 11 columns × 500 = 5,500 parameters per statement (SQLite allows 32,766)
const TX_ROWS = 20_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same log. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Users named user00000@example.com …, every tenth capitalised (the filter is case-insensitive). */
export const benchUsername = (n: number): string =>
  `${n % 10 === 0 ? 'User' : 'user'}${String(n).padStart(5, '0')}@example.com`;

function* generate(
  tenantId: string,
  providerIds: readonly string[],
  rows: number,
  users: number,
  seed: number,
): Generator<Insert> {
  const random = rng(seed);
  const start = Date.parse('2025-11-23T00:00:00.000Z');
  let at = '';
  for (let i = 0; i < rows; i += 1) {
    // About 8 entries per provisioning call share one timestamp.
    if (i % 8 === 0) at = new Date(start + Math.floor((i / rows) * YEAR_MS)).toISOString();
    const change = CHANGE_WHEEL[Math.floor(random() * CHANGE_WHEEL.length)] as string;
    const attribute =
      change === 'Modified' || change === 'Sync Failure'
        ? (MODIFIED_ATTRIBUTES[Math.floor(random() * MODIFIED_ATTRIBUTES.length)] as string)
        : change === 'Created'
          ? 'username'
          : change === 'Not in Role Mapping'
            ? 'role'
            : null;
    const user = Math.floor(random() * users);
    const hasValues = attribute !== null && attribute !== 'username';
    yield {
      tenant_id: tenantId,
      provider_id: random() < 0.7 ? (providerIds[0] ?? null) : (providerIds[1] ?? null),
      at,
      user_id: `u-${user}`,
      username: benchUsername(user),
      username_lower: benchUsername(user).toLowerCase(),
      change_type: change,
      attribute,
      old_value: hasValues && random() < 0.9 ? `${attribute} ${Math.floor(random() * 500)}` : null,
      new_value: hasValues
        ? `${attribute} ${Math.floor(random() * 500)}`
        : attribute === 'username'
          ? benchUsername(user)
          : null,
      detail: random() < 0.05 ? `Change applied by the provider's incremental sync (entry ${i})` : null,
    };
  }
}

async function insertAll(
  db: Kysely<Database>,
  rows: Iterable<Insert>,
  onProgress: (n: number) => void,
): Promise<number> {
  let total = 0;
  let batch: Insert[] = [];
  let tx: Insert[][] = [];
  const flushTx = async (): Promise<void> => {
    const work = tx;
    tx = [];
    await db.transaction().execute(async (trx) => {
      for (const b of work) await trx.insertInto('sync_log').values(b).execute();
    });
    onProgress(total);
  };
  for (const r of rows) {
    batch.push(r);
    total += 1;
    if (batch.length === BATCH_ROWS) {
      tx.push(batch);
      batch = [];
      if (tx.length * BATCH_ROWS >= TX_ROWS) await flushTx();
    }
  }
  if (batch.length) tx.push(batch);
  if (tx.length) await flushTx();
  return total;
}

/** Seeds the tenant's log (and another tenant's, so that every query must scope by tenant); returns seconds taken. */
export async function seedSyncLog(
  db: Kysely<Database>,
  tenantId: string,
  providerIds: readonly string[],
  plan: SeedPlan,
  log: (s: string) => void,
): Promise<number> {
  const t0 = performance.now();
  let last = 0;
  const progress = (n: number): void => {
    if (n - last >= 200_000) {
      last = n;
      log(`  seeded ${n.toLocaleString('en-US')} rows (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  };
  await insertAll(db, generate(tenantId, providerIds, plan.rows, plan.users, 42), progress);
  last = 0;
  await insertAll(
    db,
    generate('bench-other-tenant', ['other-provider'], plan.otherTenantRows, plan.users, 7),
    () => undefined,
  );
  return (performance.now() - t0) / 1000;
}

// What the lifecycle sweep left in the database, counted there rather than taken from the
// sweeper's own report, and the check that every user, device and archive went through it.
import type { Kysely } from 'kysely';
import type { SweepResult } from '../../src/jobs/timer-sweeper.js';
import type { Database } from '../../src/storage/schema.js';
import type { DbKind } from '../scim/databases.js';
import type { LifecycleResult } from './sweep-report.js';

/** Verification against the database, not the sweeper's own counts. */
export async function countOutcome(
  k: Kysely<Database>,
  tenantId: string,
  providerId: string,
): Promise<LifecycleResult['verified']> {
  const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }): Promise<number> =>
    Number((await q.executeTakeFirstOrThrow()).n);
  return {
    deactivatedUsers: await count(
      k
        .selectFrom('users')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .where('status', '=', 'deactivated'),
    ),
    deactivatedLogRows: await count(
      k
        .selectFrom('sync_log')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .where('change_type', '=', 'Deactivated'),
    ),
    devicesDeactivated: await count(
      k
        .selectFrom('devices')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'deactivated'),
    ),
    archivesInColdStorage: await count(
      k
        .selectFrom('archives')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('state', '!=', 'active'),
    ),
    purgeTimersPending: await count(
      k
        .selectFrom('timers')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('kind', '=', 'archive.purge')
        .where('status', '=', 'pending'),
    ),
  };
}

/** Throws unless every user, device and archive went through deactivation. */
export function check(kind: DbKind, users: number, result: SweepResult, verified: LifecycleResult['verified']): void {
  const problems: string[] = [];
  if (result.done !== users)
    problems.push(`sweeper reported ${result.done} done (expected ${users}); result ${JSON.stringify(result)}`);
  if (verified.deactivatedUsers !== users)
    problems.push(`${verified.deactivatedUsers} users are 'deactivated' (expected ${users})`);
  if (verified.deactivatedLogRows !== users)
    problems.push(`${verified.deactivatedLogRows} 'Deactivated' sync-log rows (expected ${users})`);
  if (verified.devicesDeactivated !== users)
    problems.push(`${verified.devicesDeactivated} devices deactivated (expected ${users})`);
  if (verified.archivesInColdStorage !== users)
    problems.push(`${verified.archivesInColdStorage} archives left 'active' state (expected ${users} in cold storage)`);
  if (problems.length > 0) throw new Error(`lifecycle verification failed on ${kind}:\n  - ${problems.join('\n  - ')}`);
}

import { operatorPrincipal } from '../../src/core/auth/principal.js';
/**
 * `npm run bench -- lifecycle --apply [--db sqlite|postgres|both] [--users N] [--groups G]` (issue 3
 * "Speed": "with 100,000 users and 1,000 groups, Apply organization and role settings completes in
 * under 20 s on SQLite"). Seeds N provider users in the root organization (as provisioned before a
 * mapping existed: each with the root's default role and an `orgName` among 200 names) and G groups
 * with every user in one group, by bulk SQL — the seeding is setup, not measured. Then sets an
 * orgName organization mapping and a groups → roles mapping, and times Apply as a dry run and for
 * real (in-process, through the service the admin API calls), verifying the result in the database.
 */
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { createRoster, type Roster, type Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { emptyProfile, type User } from '../../src/core/directory/user.js';
import { toUserRow } from '../../src/storage/repositories/user-mapper.js';
import type { Database } from '../../src/storage/schema.js';
import { createBenchDatabase, type DbKind } from '../scim/databases.js';

const ORG_NAMES = 200;
export const APPLY_TARGET_SECONDS = 20;

export interface ApplyBenchResult {
  kind: DbKind;
  users: number;
  groups: number;
  seedSeconds: number;
  dryRunSeconds: number;
  applySeconds: number;
  secondApplySeconds: number;
  usersChanged: number;
  verified: { usersInMappedOrgs: number; organizationsCreated: number; mappedRoleRows: number };
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

async function inChunks<T>(rows: readonly T[], size: number, fn: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

type Seeding = { tenantId: string; providerId: string; rootId: string; at: string };

/** The provider user number `i`, in the root; every tenth has no orgName (→ the unmapped organization). */
function benchUserRow(i: number, { tenantId, providerId, rootId, at }: Seeding) {
  const profile = {
    ...emptyProfile(`bench${i}@example.com`),
    orgName: i % 10 === 0 ? null : `Bench org ${i % ORG_NAMES}`,
  };
  const u: User = {
    id: `bench-user-${String(i).padStart(7, '0')}`,
    tenantId,
    providerId,
    orgId: rootId,
    status: 'active',
    adminBlocked: false,
    deactivationState: null,
    deactivatedAt: null,
    scimActive: true,
    managerId: null,
    pendingManager: null,
    notInRoleMapping: false,
    removedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    profile,
  };
  return toUserRow(u);
}

/**
 * Bulk SQL seeding (setup, not measured): `groups` groups, `users` provider users in the root with
 * its default role, each in one group, nine in ten with an orgName among ORG_NAMES. Returns the
 * group ids and how many distinct orgNames the users carry.
 */
async function seedDirectory(
  k: Kysely<Database>,
  seeding: Seeding,
  users: number,
  groups: number,
): Promise<{ groupIds: string[]; orgNames: number }> {
  const { tenantId, providerId, at } = seeding;
  const groupIds = Array.from({ length: groups }, (_, i) => `bench-group-${String(i).padStart(5, '0')}`);
  await inChunks(groupIds, 500, (part) =>
    k
      .insertInto('groups')
      .values(
        part.map((id) => ({
          id,
          tenant_id: tenantId,
          provider_id: providerId,
          display_name: id,
          display_name_lower: id,
          external_id: null,
          version: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute(),
  );
  const userRows = Array.from({ length: users }, (_, i) => benchUserRow(i, seeding));
  const userIds = userRows.map((r) => r.id);
  await inChunks(userRows, 200, (part) => k.insertInto('users').values(part).execute());
  const members = userIds.map((user_id, i) => ({
    tenant_id: tenantId,
    group_id: groupIds[i % groups] as string,
    user_id,
    created_at: at,
  }));
  await inChunks(members, 1000, (part) => k.insertInto('group_members').values(part).execute());
  await inChunks(userIds, 1000, (part) =>
    k
      .insertInto('role_assignments')
      .values(
        part.map((user_id) => ({
          tenant_id: tenantId,
          user_id,
          role_id: 'desktop-user',
          source: 'default',
          created_at: at,
        })),
      )
      .execute(),
  );
  const orgNames = new Set(userRows.map((r) => r.org_name).filter((n) => n !== null)).size;
  return { groupIds, orgNames };
}

/** What Apply left in the database: users out of the root, orgName organizations, mapped role rows. */
async function countResults(
  k: Kysely<Database>,
  tenantId: string,
  providerId: string,
  rootId: string,
): Promise<ApplyBenchResult['verified']> {
  const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }): Promise<number> =>
    Number((await q.executeTakeFirstOrThrow()).n);
  return {
    usersInMappedOrgs: await count(
      k
        .selectFrom('users')
        .select((e) => e.fn.countAll().as('n'))
        .where('provider_id', '=', providerId)
        .where('org_id', '!=', rootId),
    ),
    organizationsCreated: await count(
      k
        .selectFrom('organizations')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('name_lower', 'like', 'bench org %'),
    ),
    mappedRoleRows: await count(
      k
        .selectFrom('role_assignments')
        .select((e) => e.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('source', '=', 'mapping'),
    ),
  };
}

/** orgName organization mapping; half the groups map to a role, members of the other half are "Not in Role Mapping". */
async function mapHalfTheGroups(
  services: Services,
  tenantId: string,
  providerId: string,
  unmappedOrgId: string,
  groupIds: readonly string[],
): Promise<void> {
  await services.mappings.set(operatorPrincipal(tenantId), providerId, {
    organization: { method: 'orgName', unmappedOrgId },
    roles: {
      method: 'groups',
      groups: groupIds.filter((_, i) => i % 2 === 0).map((groupId) => ({ groupId, roleIds: ['cross-org-manager'] })),
    },
  });
}

type ApplyRun = { seconds: number; changed: number; evaluated: number };
type ApplyRuns = { dry: ApplyRun; real: ApplyRun; again: ApplyRun };

/** Apply timed as a dry run, for real, and once more (which must change nothing). */
async function timeApply(services: Services, tenantId: string, providerId: string): Promise<ApplyRuns> {
  const timed = async (dryRun: boolean): Promise<ApplyRun> => {
    const t0 = performance.now();
    const r = await services.mappingApply.apply(operatorPrincipal(tenantId), providerId, { dryRun });
    return { seconds: (performance.now() - t0) / 1000, changed: r.usersChanged, evaluated: r.usersEvaluated };
  };
  const dry = await timed(true);
  log(`  dry run: ${dry.seconds.toFixed(2)} s, ${dry.changed} of ${dry.evaluated} would change`);
  const real = await timed(false);
  log(`  apply:   ${real.seconds.toFixed(2)} s, ${real.changed} changed`);
  const again = await timed(false);
  log(`  second apply: ${again.seconds.toFixed(2)} s, ${again.changed} changed`);
  return { dry, real, again };
}

/** Throws unless every user changed once and the database shows it. */
function check(
  kind: DbKind,
  users: number,
  orgNames: number,
  runs: ApplyRuns,
  verified: ApplyBenchResult['verified'],
): void {
  const { dry, real, again } = runs;
  const problems: string[] = [];
  if (dry.changed !== users || real.changed !== users)
    problems.push(`expected ${users} changes, got dry ${dry.changed}, real ${real.changed}`);
  if (again.changed !== 0) problems.push(`a second apply changed ${again.changed}`);
  if (verified.usersInMappedOrgs !== users)
    problems.push(`${verified.usersInMappedOrgs} users moved out of the root (expected ${users})`);
  if (verified.organizationsCreated !== orgNames)
    problems.push(`${verified.organizationsCreated} organizations created (expected ${orgNames})`);
  if (problems.length > 0) throw new Error(`apply verification failed on ${kind}:\n  - ${problems.join('\n  - ')}`);
}

/** Seeds, runs and verifies one database. */
export async function runApplyBench(kind: DbKind, users: number, groups: number): Promise<ApplyBenchResult> {
  log(
    `\n== apply organization and role settings on ${kind}: ${users.toLocaleString('en-US')} users, ${groups.toLocaleString('en-US')} groups`,
  );
  const database = await createBenchDatabase(kind);
  let roster: Roster | undefined;
  try {
    const config = loadConfig({
      DATABASE_URL: database.url,
      ROSTER_SWEEP_INTERVAL_MS: '0',
      ROSTER_PG_ANALYZE_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    });
    roster = await createRoster(config);
    const { services, db } = roster;
    const k = db.kysely;
    const tenantId = roster.bootstrap.tenantId;
    const root = await services.store.repos.organizations.findRoot(tenantId);
    if (!root) throw new Error('no root organization');
    const unmapped = await services.organizations.create(operatorPrincipal(tenantId), { name: 'Unmapped' });
    const { provider } = await services.providers.create(operatorPrincipal(tenantId), {
      name: 'Bench apply',
      type: 'scim',
      authType: 'bearer',
    });
    const at = new Date().toISOString();

    const seedStart = performance.now();
    const { groupIds, orgNames } = await seedDirectory(
      k,
      { tenantId, providerId: provider.id, rootId: root.id, at },
      users,
      groups,
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`  seeded in ${seedSeconds.toFixed(1)} s`);

    await mapHalfTheGroups(services, tenantId, provider.id, unmapped.id, groupIds);
    const { dry, real, again } = await timeApply(services, tenantId, provider.id);
    const verified = await countResults(k, tenantId, provider.id, root.id);
    check(kind, users, orgNames, { dry, real, again }, verified);
    return {
      kind,
      users,
      groups,
      seedSeconds,
      dryRunSeconds: dry.seconds,
      applySeconds: real.seconds,
      secondApplySeconds: again.seconds,
      usersChanged: real.changed,
      verified,
    };
  } finally {
    await roster?.close();
    await database.drop();
  }
}

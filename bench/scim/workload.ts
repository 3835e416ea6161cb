import { performance } from 'node:perf_hooks';
import { addMembersBody, filterQuery, groupBody, groupNameOf, userBody, userNameOf } from './entra-bodies.js';
import { batchOf, planGroups, type GroupPlan } from './group-plan.js';
import { idOf, type HttpClient, type Reply } from './http-client.js';
import { runDeepPages, runWalk } from './paging.js';
import { expectHits, log, runPool } from './pool.js';
import { Recorder, type OpSummary } from './stats.js';
import { runSteady, type SteadyState } from './steady.js';
import { runVerification } from './verify.js';

/** Sizes of one run. */
export interface WorkloadParams {
  users: number;
  groups: number;
  concurrency: number;
  /** Requests in the steady-state mix (a member add+remove pair counts as one). */
  steady: number;
  /** Pages read at random deep offsets. */
  deepPages: number;
}

/** One timed phase: its wall time, the server's CPU time (when measured) and the requests it sent. */
export interface PhaseResult {
  phase: PhaseName;
  seconds: number;
  requests: number;
  cpuMs?: number;
}

export type PhaseName = 'initial sync' | 'groups + fill' | 'steady state' | 'page walk' | 'deep pages' | 'verification';

export interface WorkloadResult {
  plan: GroupPlan;
  phases: PhaseResult[];
  operations: OpSummary[];
}

/** Operation names: the report and the baseline comparison key on them. */
export const OP = {
  getUserMiss: 'GET /Users?filter=userName eq (no match)',
  postUser: 'POST /Users',
  getGroupMiss: 'GET /Groups?filter=displayName eq (no match)',
  postGroup: 'POST /Groups',
  addBatch: 'PATCH /Groups add ≤100 members',
  getUserHit: 'steady: GET /Users?filter=userName eq (match)',
  patchUser: 'steady: PATCH /Users (title or active)',
  memberLargest: 'steady: PATCH member add/remove, largest group',
  memberSmallest: 'steady: PATCH member add/remove, 5-member group',
  walkPage: 'walk: GET /Users page of 100 (sequential)',
  deepPage: 'GET /Users page of 100 at a random offset',
  verifyUser: 'verify: GET /Users/{id}',
  verifyGroup: 'verify: GET /Groups/{id}',
} as const;

export type Note = (op: string, r: Reply) => void;

/** Every phase against one SCIM base URL; each phase checks the answers it gets. `cpuMs` reads the server's CPU time. */
export async function runWorkload(
  client: HttpClient,
  p: WorkloadParams,
  cpuMs?: () => Promise<number>,
): Promise<WorkloadResult> {
  const rec = new Recorder();
  const note: Note = (op, r) => rec.record(op, r.startMs, r.ms);
  const plan = planGroups(p.users, p.groups);
  const userIds = new Array<string>(p.users);
  const groupIds = new Array<string>(p.groups);
  const phases: PhaseResult[] = [];
  const timed = async (phase: PhaseName, run: () => Promise<number>): Promise<void> => {
    log(`  phase: ${phase}`);
    const cpu0 = await cpuMs?.();
    const t0 = performance.now();
    const requests = await run();
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = await cpuMs?.();
    phases.push({
      phase,
      seconds,
      requests,
      ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMs: cpu1 - cpu0 } : {}),
    });
  };

  await timed('initial sync', async () => {
    await initialSync(client, p, userIds, note);
    return 2 * p.users;
  });
  await timed('groups + fill', async () => {
    await groupsAndFill(client, p, plan, userIds, groupIds, note);
    return 2 * p.groups + plan.patches;
  });
  const state: SteadyState = { expected: new Map() };
  await timed('steady state', () => runSteady(client, p, plan, userIds, groupIds, state, note));
  const order: string[] = [];
  await timed('page walk', () => runWalk(client, p.users, order, note));
  await timed('deep pages', () => runDeepPages(client, p, order, note));
  await timed('verification', () => runVerification(client, p, plan, userIds, groupIds, state, note));
  return { plan, phases, operations: rec.summaries() };
}

/** Entra's initial sync: look the user up by userName (no match), then create it. */
async function initialSync(client: HttpClient, p: WorkloadParams, userIds: string[], note: Note): Promise<void> {
  await runPool('users', p.users, p.concurrency, async (i) => {
    const get = await client.expect('GET', `/Users${filterQuery('userName', userNameOf(i))}`, 200);
    expectHits(get, 0, 'GET /Users before POST');
    note(OP.getUserMiss, get);
    const post = await client.expect('POST', '/Users', 201, userBody(i));
    note(OP.postUser, post);
    userIds[i] = idOf(post, 'POST /Users');
  });
}

/** Groups looked up, created and filled with PATCH adds of ≤100 members, one group's batches in order. */
async function groupsAndFill(
  client: HttpClient,
  p: WorkloadParams,
  plan: GroupPlan,
  userIds: string[],
  groupIds: string[],
  note: Note,
): Promise<void> {
  await runPool('groups', p.groups, p.concurrency, async (k) => {
    const get = await client.expect(
      'GET',
      `/Groups${filterQuery('displayName', groupNameOf(k), 'excludedAttributes=members&')}`,
      200,
    );
    expectHits(get, 0, 'GET /Groups before POST');
    note(OP.getGroupMiss, get);
    const post = await client.expect('POST', '/Groups', 201, groupBody(k));
    note(OP.postGroup, post);
    const id = idOf(post, 'POST /Groups');
    groupIds[k] = id;
    for (let j = 0; j * plan.batch < (plan.sizes[k] ?? 0); j++) {
      const members = batchOf(plan, p.users, k, j).map((u) => userIds[u] as string);
      note(OP.addBatch, await client.expect('PATCH', `/Groups/${id}`, 204, addMembersBody(members)));
    }
  });
}

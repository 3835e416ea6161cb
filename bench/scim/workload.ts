import { performance } from 'node:perf_hooks';
import {
  addMembersBody,
  filterQuery,
  groupBody,
  groupNameOf,
  replaceBody,
  userBody,
  userNameOf,
} from './entra-bodies.js';
import { batchOf, planGroups, type GroupPlan } from './group-plan.js';
import { idOf, type HttpClient, type Reply } from './http-client.js';
import { Recorder, type OpSummary } from './stats.js';

/** Sizes of one run. */
export interface WorkloadParams {
  users: number;
  groups: number;
  concurrency: number;
  /** Requests per operation type in the PATCH round (user PATCHes and matching GETs). */
  patches: number;
  /** Single-member adds measured on the largest group, and as many on empty groups. */
  memberAdds: number;
}

export interface WorkloadResult {
  plan: GroupPlan;
  phases: { usersSeconds: number; groupsSeconds: number; initialSyncSeconds: number; patchRoundSeconds: number };
  operations: OpSummary[];
}

/** Operation names: the report and the baseline comparison key on them. */
export const OP = {
  getUserMiss: 'GET /Users?filter=userName eq (no match)',
  postUser: 'POST /Users',
  getGroupMiss: 'GET /Groups?filter=displayName eq (no match)',
  postGroup: 'POST /Groups',
  addBatch: 'PATCH /Groups add ≤100 members',
  getUserHit: 'GET /Users?filter=userName eq (match)',
  getUserHitSerial: 'GET /Users?filter=userName eq (match, 1 client)',
  title: 'PATCH /Users replace title',
  deactivate: 'PATCH /Users active "False"',
  reactivate: 'PATCH /Users active "True"',
  addLargest: 'PATCH /Groups add 1 member → largest group',
  addEmpty: 'PATCH /Groups add 1 member → empty group',
} as const;

const log = (s: string): void => void process.stderr.write(`${s}\n`);

/** Runs task(0…count-1) on `concurrency` workers; the first failure stops them all and is rethrown. Returns seconds. */
async function runPool(
  label: string,
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const ticker = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    log(
      `    ${label}: ${done.toLocaleString('en-US')}/${count.toLocaleString('en-US')} after ${s.toFixed(0)} s (${(done / s).toFixed(0)}/s)`,
    );
  }, 10_000);
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < count) {
      const i = next++;
      try {
        await task(i);
        done++;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  } finally {
    clearInterval(ticker);
  }
  if (failure !== undefined) throw failure.error;
  const seconds = (performance.now() - t0) / 1000;
  log(`  ${label}: ${count.toLocaleString('en-US')} in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Entra reads the ListResponse; anything but the expected number of hits means the bench measures the wrong thing. */
function expectHits(reply: Reply, hits: number, what: string): void {
  const m = /"totalResults"\s*:\s*(\d+)/.exec(reply.text);
  if (!m || Number(m[1]) !== hits)
    throw new Error(`${what}: expected totalResults ${hits}, got:\n${reply.text.slice(0, 2000)}`);
}

/** Entra's initial sync, then a round of incremental PATCHes, against one SCIM base URL. */
export async function runWorkload(client: HttpClient, p: WorkloadParams): Promise<WorkloadResult> {
  const rec = new Recorder();
  const plan = planGroups(p.users, p.groups);
  const userIds = new Array<string>(p.users);
  const groupIds = new Array<string>(p.groups);
  const note = (op: string, r: Reply): void => rec.record(op, r.startMs, r.ms);

  log(`  phase 1: ${p.users.toLocaleString('en-US')} users (GET by userName, then POST)`);
  const usersSeconds = await runPool('users', p.users, p.concurrency, async (i) => {
    const get = await client.expect('GET', `/Users${filterQuery('userName', userNameOf(i))}`, 200);
    expectHits(get, 0, 'GET /Users before POST');
    note(OP.getUserMiss, get);
    const post = await client.expect('POST', '/Users', 201, userBody(i));
    note(OP.postUser, post);
    userIds[i] = idOf(post, 'POST /Users');
  });
  expectHits(
    await client.expect('GET', `/Users${filterQuery('userName', userNameOf(0))}`, 200),
    1,
    'GET /Users after the sync',
  );

  log(
    `  phase 2: ${p.groups.toLocaleString('en-US')} groups, ${plan.memberships.toLocaleString('en-US')} memberships in ${plan.patches.toLocaleString('en-US')} PATCHes (largest group ${plan.largest.toLocaleString('en-US')})`,
  );
  const groupsSeconds = await runPool('groups', p.groups, p.concurrency, async (k) => {
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
    // One group's batches go one after another, as a per-object sync does; groups run in parallel.
    for (let j = 0; j * plan.batch < (plan.sizes[k] ?? 0); j++) {
      const members = batchOf(plan, p.users, k, j).map((u) => userIds[u] as string);
      note(OP.addBatch, await client.expect('PATCH', `/Groups/${id}`, 204, addMembersBody(members)));
    }
  });
  expectHits(
    await client.expect(
      'GET',
      `/Groups${filterQuery('displayName', groupNameOf(0), 'excludedAttributes=members&')}`,
      200,
    ),
    1,
    'GET /Groups after the sync',
  );

  const patchStart = performance.now();
  const n = Math.min(p.patches, p.users);
  const userAt = (i: number): number => Math.floor((i * p.users) / n);
  log(`  phase 3: PATCH round (${n.toLocaleString('en-US')} of each user operation)`);
  await runPool('GET by userName (match)', n, p.concurrency, async (i) => {
    const get = await client.expect('GET', `/Users${filterQuery('userName', userNameOf(userAt(i)))}`, 200);
    expectHits(get, 1, 'GET /Users of a provisioned user');
    note(OP.getUserHit, get);
  });
  // The same lookups from one client: the server's own latency, without queueing behind the other clients.
  await runPool('GET by userName (match), one client', n, 1, async (i) => {
    const get = await client.expect('GET', `/Users${filterQuery('userName', userNameOf(userAt(n - 1 - i)))}`, 200);
    expectHits(get, 1, 'GET /Users of a provisioned user');
    note(OP.getUserHitSerial, get);
  });
  await runPool('replace title', n, p.concurrency, async (i) =>
    note(
      OP.title,
      await client.expect('PATCH', `/Users/${userIds[userAt(i)]}`, 200, replaceBody('title', `Senior engineer ${i}`)),
    ),
  );
  await runPool('active False', n, p.concurrency, async (i) =>
    note(
      OP.deactivate,
      await client.expect('PATCH', `/Users/${userIds[userAt(i)]}`, 200, replaceBody('active', 'False')),
    ),
  );
  await runPool('active True', n, p.concurrency, async (i) =>
    note(
      OP.reactivate,
      await client.expect('PATCH', `/Users/${userIds[userAt(i)]}`, 200, replaceBody('active', 'True')),
    ),
  );
  await memberAdds(client, p, plan, userIds, groupIds[0] as string, note);
  const patchRoundSeconds = (performance.now() - patchStart) / 1000;

  return {
    plan,
    phases: { usersSeconds, groupsSeconds, initialSyncSeconds: usersSeconds + groupsSeconds, patchRoundSeconds },
    operations: rec.summaries(),
  };
}

/**
 * Single-member adds to the largest group and to fresh empty groups, alternating, one request
 * at a time: the comparison is about the cost of the change, not about queueing (SPEC: O(change)).
 */
async function memberAdds(
  client: HttpClient,
  p: WorkloadParams,
  plan: GroupPlan,
  userIds: string[],
  largestId: string,
  note: (op: string, r: Reply) => void,
): Promise<void> {
  const m = Math.min(p.memberAdds, p.users - plan.largest);
  const empty: string[] = new Array<string>(m);
  await runPool('create empty groups', m, p.concurrency, async (i) => {
    empty[i] = idOf(
      await client.expect('POST', '/Groups', 201, groupBody(p.groups + i, `Empty group ${i}`)),
      'POST /Groups',
    );
  });
  await runPool(`add 1 member, largest vs empty group (sequential, ${m} each)`, m, 1, async (i) => {
    note(
      OP.addLargest,
      await client.expect('PATCH', `/Groups/${largestId}`, 204, addMembersBody([userIds[plan.largest + i] as string])),
    );
    note(OP.addEmpty, await client.expect('PATCH', `/Groups/${empty[i]}`, 204, addMembersBody([userIds[i] as string])));
  });
}

import { addMembersBody, filterQuery, removeMemberBody, replaceBody, userNameOf } from './entra-bodies.js';
import { inGroup, type GroupPlan } from './group-plan.js';
import type { HttpClient } from './http-client.js';
import { check, expectHits, runPool } from './pool.js';
import { OP, type Note, type WorkloadParams } from './workload.js';

/** What the steady state changed, for the verification phase: user index → the last value written. */
export interface SteadyState {
  expected: Map<number, { title?: string; active?: boolean }>;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The steady-state mix of an IdP's incremental cycles: GET by userName (match) 50 %, PATCH of a
 * user 20 % (title, or active "False"), and a member add then remove 30 %, alternating between the
 * largest group and the 5-member one. Every PATCHed user is a different one, so the last value
 * written is known without ordering requests across clients. Returns the number of requests.
 */
export async function runSteady(
  client: HttpClient,
  p: WorkloadParams,
  plan: GroupPlan,
  userIds: string[],
  groupIds: string[],
  state: SteadyState,
  note: Note,
): Promise<number> {
  const stride = gcd(7927, p.users) === 1 ? 7927 : 1;
  const smallest = p.groups - 1;
  let patches = 0;
  let pairs = 0;
  let requests = 0;
  // Users added and removed again: never members of either group, so a remove restores the planned state.
  const outsiders: number[] = [];
  for (let u = plan.largest; u < p.users && outsiders.length < 100_000; u++)
    if (!inGroup(plan, p.users, smallest, u)) outsiders.push(u);
  if (outsiders.length === 0) throw new Error('no user outside the largest and the smallest group: add users');
  await runPool('steady state', p.steady, p.concurrency, async (i) => {
    const kind = (i * 7) % 10;
    if (kind < 5) {
      const u = (i * 7919 + 13) % p.users;
      const get = await client.expect('GET', `/Users${filterQuery('userName', userNameOf(u))}`, 200);
      expectHits(get, 1, 'GET /Users of a provisioned user');
      check(get.text.includes(`"id":"${userIds[u]}"`), `GET by userName of user ${u} answers its id`, get);
      note(OP.getUserHit, get);
      requests++;
    } else if (kind < 7) {
      const k = patches++;
      if (k >= p.users) throw new Error('more steady-state PATCHes than users: lower --steady');
      const u = (k * stride) % p.users;
      const title = `Steady title ${k}`;
      const body = k % 2 === 0 ? replaceBody('title', title) : replaceBody('active', 'False');
      const r = await client.expect('PATCH', `/Users/${userIds[u]}`, 200, body);
      const ok = k % 2 === 0 ? r.text.includes(`"title":"${title}"`) : /"active":false/.test(r.text);
      check(ok, `PATCH /Users answers the changed user ${u}`, r);
      state.expected.set(u, k % 2 === 0 ? { title } : { active: false });
      note(OP.patchUser, r);
      requests++;
    } else {
      const m = pairs++;
      const largest = m % 2 === 0;
      const u = outsiders[Math.floor(m / 2) % outsiders.length] as number;
      const group = groupIds[largest ? 0 : smallest] as string;
      const op = largest ? OP.memberLargest : OP.memberSmallest;
      note(op, await client.expect('PATCH', `/Groups/${group}`, 204, addMembersBody([userIds[u] as string])));
      note(op, await client.expect('PATCH', `/Groups/${group}`, 204, removeMemberBody(userIds[u] as string)));
      requests += 2;
    }
  });
  return requests;
}

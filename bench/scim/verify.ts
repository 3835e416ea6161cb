import type { GroupPlan } from './group-plan.js';
import type { HttpClient } from './http-client.js';
import { check, runPool } from './pool.js';
import type { SteadyState } from './steady.js';
import { OP, type Note, type WorkloadParams } from './workload.js';

/**
 * Every user the steady state changed reads back with the last value written, and the largest and
 * the 5-member group hold exactly their planned members again (each add was followed by a remove).
 */
export async function runVerification(
  client: HttpClient,
  p: WorkloadParams,
  plan: GroupPlan,
  userIds: string[],
  groupIds: string[],
  state: SteadyState,
  note: Note,
): Promise<number> {
  const changed = [...state.expected];
  await runPool('verify users', changed.length, p.concurrency, async (i) => {
    const [u, want] = changed[i] as [number, { title?: string; active?: boolean }];
    const r = await client.expect('GET', `/Users/${userIds[u]}`, 200);
    note(OP.verifyUser, r);
    const body = JSON.parse(r.text) as { id: string; title?: string; active?: boolean };
    check(body.id === userIds[u], `GET /Users/{id} of user ${u}: its id`, r);
    if (want.title !== undefined) check(body.title === want.title, `user ${u}: title "${want.title}"`, r);
    if (want.active !== undefined) check(body.active === want.active, `user ${u}: active ${want.active}`, r);
  });
  const groups = [0, p.groups - 1];
  await runPool('verify groups', groups.length, p.concurrency, async (i) => {
    const k = groups[i] as number;
    const r = await client.expect('GET', `/Groups/${groupIds[k]}`, 200);
    note(OP.verifyGroup, r);
    const members = (JSON.parse(r.text) as { members?: { value: string }[] }).members ?? [];
    check(members.length === plan.sizes[k], `group ${k}: ${plan.sizes[k]} members after the steady state`, r);
  });
  return changed.length + groups.length;
}

/**
 * Which users belong to which group. Sizes are Zipf-like (size_k = largest / (k+1)^0.8), so
 * group 0 has `largest` members and the tail has a few dozen: with 1,000 groups and a
 * 10,000-member largest group that is about 155,000 memberships. Members of group k are a
 * contiguous run of user indices starting at its offset; group 0 holds users 0…largest-1, so
 * users from `largest` on are free to be added to it one by one in the PATCH round.
 */
export interface GroupPlan {
  sizes: number[];
  offsets: number[];
  largest: number;
  memberships: number;
  /** PATCH requests needed to add every membership in batches of `batch`. */
  patches: number;
  batch: number;
}

const SKEW = 0.8;
const SMALLEST = 5;

/** Plans group sizes for `users` users and `groups` groups. */
export function planGroups(users: number, groups: number, maxLargest = 10_000, batch = 100): GroupPlan {
  // Keep half of the users outside the largest group, for the single-member adds.
  const largest = Math.max(1, Math.min(maxLargest, Math.floor(users / 2)));
  const sizes: number[] = [];
  const offsets: number[] = [];
  for (let k = 0; k < groups; k++) {
    sizes.push(Math.max(1, Math.round(largest / (k + 1) ** SKEW)));
    offsets.push(k === 0 ? 0 : (k * 7919) % users);
  }
  // The last group is the small one of the steady state's membership changes (5 members vs the largest).
  if (groups > 1) sizes[groups - 1] = Math.min(SMALLEST, sizes[groups - 1] ?? SMALLEST);
  const memberships = sizes.reduce((a, b) => a + b, 0);
  const patches = sizes.reduce((a, s) => a + Math.ceil(s / batch), 0);
  return { sizes, offsets, largest, memberships, patches, batch };
}

/** Whether user u is planned into group k. */
export function inGroup(plan: GroupPlan, users: number, k: number, u: number): boolean {
  return (u - (plan.offsets[k] ?? 0) + users) % users < (plan.sizes[k] ?? 0);
}

/** The user indices of group k's j-th batch. */
export function batchOf(plan: GroupPlan, users: number, k: number, j: number): number[] {
  const size = plan.sizes[k] ?? 0;
  const offset = plan.offsets[k] ?? 0;
  const out: number[] = [];
  for (let m = j * plan.batch; m < Math.min(size, (j + 1) * plan.batch); m++) out.push((offset + m) % users);
  return out;
}

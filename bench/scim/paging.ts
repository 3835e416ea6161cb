import type { HttpClient, Reply } from './http-client.js';
import { check, prng, runPool } from './pool.js';
import { OP, type Note, type WorkloadParams } from './workload.js';

const PAGE = 100;

interface ListPage {
  totalResults: number;
  startIndex: number;
  Resources: { id: string }[];
}

const parsePage = (r: Reply): ListPage => JSON.parse(r.text) as ListPage;

/**
 * Okta's import: every user in pages of 100 (startIndex=1,101,201,…), one request after another.
 * `order` receives the ids in page order; every user must appear exactly once.
 */
export async function runWalk(client: HttpClient, users: number, order: string[], note: Note): Promise<number> {
  const pages = Math.ceil(users / PAGE);
  const seen = new Set<string>();
  await runPool('page walk', pages, 1, async (i) => {
    const startIndex = 1 + i * PAGE;
    const r = await client.expect('GET', `/Users?startIndex=${startIndex}&count=${PAGE}`, 200);
    note(OP.walkPage, r);
    const page = parsePage(r);
    check(page.totalResults === users, `walk page ${startIndex}: totalResults ${users}`, r);
    check(page.startIndex === startIndex, `walk page ${startIndex}: startIndex echoed`, r);
    check(page.Resources.length === Math.min(PAGE, users - i * PAGE), `walk page ${startIndex}: page size`, r);
    for (const u of page.Resources) {
      check(!seen.has(u.id), `walk page ${startIndex}: user ${u.id} not seen before`, r);
      seen.add(u.id);
      order.push(u.id);
    }
  });
  if (seen.size !== users) throw new Error(`wrong answer: the walk saw ${seen.size} users, not ${users}`);
  return pages;
}

/** Pages at random offsets over the whole directory; each must be the walk's slice at that offset. */
export async function runDeepPages(
  client: HttpClient,
  p: WorkloadParams,
  order: readonly string[],
  note: Note,
): Promise<number> {
  const random = prng(15);
  const starts = Array.from({ length: p.deepPages }, () => 1 + Math.floor(random() * Math.max(1, p.users - PAGE)));
  await runPool('deep pages', starts.length, p.concurrency, async (i) => {
    const startIndex = starts[i] as number;
    const r = await client.expect('GET', `/Users?startIndex=${startIndex}&count=${PAGE}`, 200);
    note(OP.deepPage, r);
    const page = parsePage(r);
    const want = order.slice(startIndex - 1, startIndex - 1 + PAGE);
    check(page.totalResults === p.users, `page at ${startIndex}: totalResults`, r);
    check(
      page.Resources.length === want.length && page.Resources.every((u, j) => u.id === want[j]),
      `page at ${startIndex}: the users the walk found there`,
      r,
    );
  });
  return starts.length;
}

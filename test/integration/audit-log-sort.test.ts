import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEntry } from '../../src/core/audit/audit-log.js';
import { DIALECTS } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Entries far in the future, so `from` selects exactly them (the server's own set-up writes entries
// too). Many share a key and an instant, so only the id can order them: a page boundary inside such
// a tie shows whether the cursors are exact.
const AT = ['2030-01-01T00:00:00.000Z', '2030-01-01T00:00:01.000Z', '2030-01-02T00:00:00.000Z'];
const ACTORS = ['amy', 'Bob', null, 'Émile', 'bob'];
const ACTIONS = ['user.block', 'organization.update', 'auth.sign_in'];
const TARGETS: [string | null, string | null][] = [
  ['user', 'u-2'],
  ['user', 'u-1'],
  [null, null],
  ['organization', 'o-1'],
];

const SORT_KEYS = {
  date: () => '',
  username: (e: AuditEntry) => (e.actorUsername ?? '').toLowerCase(),
  action: (e: AuditEntry) => e.action,
  target: (e: AuditEntry) => `${e.targetType ?? ''} ${e.targetId ?? ''}`,
} as const;
type Sort = keyof typeof SORT_KEYS;

/** Code-point order of strings (what both databases compare by: SQLite's default, PostgreSQL "C"). */
function cmpText(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) as number);
  const y = [...b].map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

function expected(entries: AuditEntry[], sort: Sort, order: 'asc' | 'desc'): string[] {
  const key = SORT_KEYS[sort];
  const sorted = [...entries].sort((a, b) => cmpText(key(a), key(b)) || cmpText(a.at, b.at) || cmpText(a.id, b.id));
  if (order === 'desc') sorted.reverse();
  return sorted.map((e) => e.id);
}

for (const dialect of DIALECTS) {
  describe(`audit log sorting on ${dialect}`, () => {
    let s: TestServer;
    const entries: AuditEntry[] = [];
    before(async () => {
      s = await startServer(dialect);
      const tenantId = s.roster.bootstrap.tenantId;
      for (let i = 0; i < 24; i += 1) {
        const [targetType, targetId] = TARGETS[i % TARGETS.length] as [string | null, string | null];
        entries.push({
          id: `e-${String((i * 7) % 24).padStart(2, '0')}`,
          tenantId,
          at: AT[i % AT.length] as string,
          actorUserId: null,
          actorUsername: ACTORS[i % ACTORS.length] ?? null,
          credentialKind: 'api_token',
          credentialId: null,
          ip: null,
          action: ACTIONS[i % ACTIONS.length] as string,
          targetType,
          targetId,
          before: null,
          after: null,
        });
      }
      await s.roster.services.store.transaction((tx) => tx.audit.append(entries));
    });
    after(async () => s.close());

    for (const sort of Object.keys(SORT_KEYS) as Sort[]) {
      for (const order of ['asc', 'desc'] as const) {
        test(`sort=${sort}&order=${order}: pages of 5 (ties cut by id) and the CSV give the exact order`, async () => {
          const want = expected(entries, sort, order);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const q = `/audit-log?from=2030-01-01&sort=${sort}&order=${order}&limit=5`;
            const page = await s.admin('GET', cursor ? `${q}&cursor=${cursor}` : q);
            assert.equal(page.status, 200, page.text);
            seen.push(...page.body.entries.map((e: { id: string }) => e.id));
            cursor = page.body.nextCursor;
          } while (cursor !== null);
          assert.deepEqual(seen, want);
          const csv = await s.admin('GET', `/audit-log.csv?from=2030-01-01&sort=${sort}&order=${order}`);
          assert.equal(csv.status, 200, csv.text);
          const byId = new Map(entries.map((e) => [e.id, e]));
          const rows = csv.text.trim().split('\n').slice(1);
          assert.deepEqual(
            rows.map((r) => r.split(',')[4]),
            want.map((id) => byId.get(id)?.action),
          );
        });
      }
    }

    test('a bad sort, or a cursor of another sort, is a 400 problem+json naming the parameter', async () => {
      const bad = await s.admin('GET', '/audit-log?sort=ip');
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const badCsv = await s.admin('GET', '/audit-log.csv?sort=nope');
      assert.equal(badCsv.status, 400, badCsv.text);
      assert.match(badCsv.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const first = await s.admin('GET', '/audit-log?from=2030-01-01&sort=action&limit=3');
      const mixed = await s.admin(
        'GET',
        `/audit-log?from=2030-01-01&sort=target&limit=3&cursor=${first.body.nextCursor}`,
      );
      assert.equal(mixed.status, 400, mixed.text);
      assert.equal(mixed.body.field, 'cursor');
    });
  });
}

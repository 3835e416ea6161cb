import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { isReportedLater, tunePoolClient } from './pg-client.js';

const LOG_INSERT = 'insert into log values ($1)';

/**
 * A stand-in pool client: records what is sent; BEGIN and the log insert (a result-unused
 * template) settle when the test says so, everything else at once.
 */
function fakeClient(): {
  client: pg.PoolClient;
  sent: string[];
  settleBegin: (error?: Error) => void;
  settleInsert: (error?: Error, rows?: unknown[]) => void;
} {
  const sent: string[] = [];
  const settle: Record<string, (error?: Error, rows?: unknown[]) => void> = {};
  const client = {
    query: (q: string | { text: string }) => {
      const text = typeof q === 'string' ? q : q.text;
      sent.push(text);
      if (text !== 'begin' && text !== LOG_INSERT)
        return Promise.resolve({ command: 'SELECT', rowCount: 1, rows: [{ text }] });
      return new Promise((resolve, reject) => {
        settle[text] = (error, rows = []) =>
          error ? reject(error) : resolve({ command: 'X', rowCount: rows.length, rows });
      });
    },
  };
  // The log insert is sent as a named pg Query; the stand-in answers it through the Query's callback.
  const lookup = (text: string) => (text === LOG_INSERT ? { name: 'log', resultUnused: true } : undefined);
  const original = client.query;
  client.query = ((q: string | { text: string; callback?: (e?: Error, r?: unknown) => void }) => {
    const p = original(q);
    if (typeof q === 'string' || !q.callback) return p;
    // Like pg: a submitted Query answers through its callback, and query() returns the Query itself.
    p.then(
      (r) => q.callback?.(undefined, r),
      (e: Error) => q.callback?.(e),
    );
    return q;
  }) as typeof client.query;
  tunePoolClient(client as unknown as pg.PoolClient, lookup);
  return {
    client: client as unknown as pg.PoolClient,
    sent,
    settleBegin: (e) => settle.begin?.(e),
    settleInsert: (e, rows) => settle[LOG_INSERT]?.(e, rows),
  };
}

const run = (c: pg.PoolClient, text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> =>
  (c.query as unknown as (t: string, v: unknown[]) => Promise<{ rows: unknown[] }>)(text, values);

test("a transaction's first read is sent behind BEGIN, before BEGIN is answered", async () => {
  const { client, sent, settleBegin } = fakeClient();
  await run(client, 'begin');
  const read = run(client, 'select 1');
  assert.deepEqual(sent, ['begin', 'select 1'], 'one round trip for both');
  settleBegin();
  assert.deepEqual((await read).rows, [{ text: 'select 1' }]);
  await run(client, 'commit');
  assert.deepEqual(sent, ['begin', 'select 1', 'commit']);
});

test('a write waits for BEGIN to succeed, and is never sent when BEGIN fails', async () => {
  const { client, sent, settleBegin } = fakeClient();
  await run(client, 'begin');
  const write = run(client, 'update t set x = 1');
  assert.deepEqual(sent, ['begin'], 'the write waits');
  settleBegin(new Error('connection lost'));
  await assert.rejects(write, /connection lost/);
  assert.deepEqual(sent, ['begin']);
});

test('a failed BEGIN fails the read pipelined behind it, whose result is discarded', async () => {
  const { client, settleBegin } = fakeClient();
  await run(client, 'begin');
  const read = run(client, 'select 1');
  settleBegin(new Error('connection lost'));
  await assert.rejects(read, /connection lost/);
});

test('in a transaction, a result-unused write goes out with the next statement, which reports its failure', async () => {
  const { client, sent, settleBegin, settleInsert } = fakeClient();
  const begin = run(client, 'begin');
  settleBegin();
  await begin;
  await run(client, LOG_INSERT, ['entry']);
  const commit = run(client, 'commit');
  assert.deepEqual(sent, ['begin', LOG_INSERT, 'commit'], 'COMMIT sent before the insert is answered');
  settleInsert(new Error('insert failed'));
  const failure = await commit.then(
    () => assert.fail('COMMIT succeeded'),
    (e: unknown) => e,
  );
  assert.match(String(failure), /insert failed/);
  assert.equal(isReportedLater(failure), true, "the insert's failure, not the COMMIT's own");
});

test('a result-unused write that succeeds lets COMMIT answer; outside a transaction it is awaited', async () => {
  const { client, sent, settleBegin, settleInsert } = fakeClient();
  const begin = run(client, 'begin');
  settleBegin();
  await begin;
  const written = await run(client, LOG_INSERT, ['entry']);
  assert.deepEqual(written.rows, [], 'answered at once, with no rows yet');
  const commit = run(client, 'commit');
  settleInsert(undefined, [{ n: 1 }, { n: 1 }]);
  assert.deepEqual((await commit).rows, [{ text: 'commit' }]);
  assert.deepEqual(written.rows, [{ n: 1 }, { n: 1 }], "its rows, once COMMIT answered: the server's");
  const alone = run(client, LOG_INSERT, ['entry']);
  let answered = false;
  void alone.then(
    () => (answered = true),
    () => undefined,
  );
  await new Promise((r) => setImmediate(r));
  assert.equal(answered, false, 'not answered before the server');
  settleInsert(new Error('insert failed'));
  await assert.rejects(alone, /insert failed/);
  assert.deepEqual(sent, ['begin', LOG_INSERT, 'commit', LOG_INSERT]);
});

test('a result-unused write bound to anything but strings, numbers and nulls is awaited', async () => {
  const { client, settleBegin, settleInsert } = fakeClient();
  const begin = run(client, 'begin');
  settleBegin();
  await begin;
  const write = run(client, LOG_INSERT, [{ json: true }]);
  await new Promise((r) => setImmediate(r));
  settleInsert(new Error('insert failed'));
  await assert.rejects(write, /insert failed/);
});

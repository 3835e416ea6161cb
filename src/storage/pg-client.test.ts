import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { tunePoolClient } from './pg-client.js';

/** A stand-in pool client: records what is sent; BEGIN settles when the test says so. */
function fakeClient(): { client: pg.PoolClient; sent: string[]; settleBegin: (error?: Error) => void } {
  const sent: string[] = [];
  let settle: (error?: Error) => void = () => undefined;
  const client = {
    query: (text: string) => {
      sent.push(text);
      if (text !== 'begin') return Promise.resolve({ command: 'SELECT', rowCount: 1, rows: [{ text }] });
      return new Promise((resolve, reject) => {
        settle = (error) => (error ? reject(error) : resolve({ command: 'BEGIN', rowCount: null, rows: [] }));
      });
    },
  };
  tunePoolClient(client as unknown as pg.PoolClient);
  return { client: client as unknown as pg.PoolClient, sent, settleBegin: (e) => settle(e) };
}

const run = (c: pg.PoolClient, text: string): Promise<{ rows: unknown[] }> =>
  (c.query as unknown as (t: string, v: unknown[]) => Promise<{ rows: unknown[] }>)(text, []);

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

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';

const run = promisify(execFile);

for (const dialect of DIALECTS) {
  describe(`roster tenant and user commands on ${dialect}`, () => {
    let db: TestDatabase;
    let dir: string;
    const roster = async (...args: string[]) =>
      run(process.execPath, ['bin/roster.js', ...args], {
        env: { ...process.env, DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://roster.example.com' },
      });
    before(async () => {
      db = await createTestDatabase(dialect);
      dir = await mkdtemp(join(tmpdir(), 'roster-cli-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    });

    test('tenant create prints the address and a one-time set-password link; tenant list shows both tenants', async () => {
      const created = JSON.parse(
        (await roster('tenant', 'create', '--name', 'Acme Corp.', '--admin', 'boss@acme.test', '--json')).stdout,
      );
      assert.equal(created.slug, 'acme-corp');
      assert.equal(created.address, 'https://roster.example.com/t/acme-corp');
      assert.equal(created.admin.userName, 'boss@acme.test');
      assert.match(
        created.passwordLink.url,
        /^https:\/\/roster\.example\.com\/t\/acme-corp\/set-password#token=rst_pwl_/,
      );
      const list = JSON.parse((await roster('tenant', 'list', '--json')).stdout);
      assert.deepEqual(
        list.map((t: any) => [t.slug, t.address]),
        [
          ['default', 'https://roster.example.com'],
          ['acme-corp', 'https://roster.example.com/t/acme-corp'],
        ],
      );
      await assert.rejects(
        roster('tenant', 'create', '--name', 'Acme corp', '--admin', 'x@acme.test'),
        (e: any) => /tenant\.slug_taken/.test(e.stderr) && e.code === 1,
      );
      await assert.rejects(roster('tenant', 'create', '--name', 'Bad', '--admin', 'not-an-email'), (e: any) =>
        /user\.username_not_email/.test(e.stderr),
      );
    });

    test('tenant settings changes "username must be an email address" of the named tenant only', async () => {
      const off = JSON.parse(
        (await roster('tenant', 'settings', '--tenant', 'acme-corp', '--require-email-username', 'false', '--json'))
          .stdout,
      );
      assert.equal(off.requireEmailUsername, false);
      const dflt = JSON.parse((await roster('tenant', 'settings', '--json')).stdout);
      assert.equal(dflt.requireEmailUsername, true);
      const plain = JSON.parse((await roster('user', 'create', 'plainname', '--tenant', 'acme-corp', '--json')).stdout);
      assert.equal(plain.userName, 'plainname');
      assert.equal(plain.passwordLink.purpose, 'set');
    });

    test('user import: dry run, then the good rows; bad rows by line number and exit code 2', async () => {
      const file = join(dir, 'users.csv');
      await writeFile(
        file,
        [
          'Username,Email,First Name,Last Name,Organization,Roles',
          'a@acme.test,a@acme.test,A,A,,Desktop User',
          'b@acme.test,b@acme.test,B,B,Nowhere,desktop-user',
          'c@acme.test,c@acme.test,C,C,,desktop-user',
        ].join('\n'),
      );
      const dry = await roster('user', 'import', file, '--tenant', 'acme-corp', '--dry-run', '--json').catch((e) => e);
      assert.equal(dry.code, 2);
      const report = JSON.parse(dry.stdout);
      assert.deepEqual([report.dryRun, report.created], [true, 2]);
      assert.deepEqual(
        report.rejected.map((r: any) => [r.line, r.problems[0].field]),
        [[3, 'organization']],
      );
      const real = await roster('user', 'import', file, '--tenant', 'acme-corp').catch((e) => e);
      assert.match(real.stdout, /^Created 2 user\(s\); 1 line\(s\) rejected/m);
      assert.match(real.stdout, /^3\s+b@acme\.test\s+organization no organization named "Nowhere"/m);
      const again = JSON.parse(
        (await roster('user', 'import', file, '--tenant', 'acme-corp', '--json').catch((e) => e)).stdout,
      );
      assert.equal(again.created, 0, 'the users exist now');
      const reset = JSON.parse(
        (await roster('user', 'reset-password', 'A@acme.test', '--tenant', 'acme-corp', '--json')).stdout,
      );
      assert.equal(reset.purpose, 'reset');
      assert.match(reset.url, /\/t\/acme-corp\/set-password#token=rst_pwl_/);
    });
  });
}

import { readFile } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { parseUserCsv } from '../adapters/admin-api/user-csv.js';
import type { ImportProgress } from '../core/directory/local-user-service.js';
import { passwordLinkUrl } from '../http/tenant-address.js';
import { printJson, printTable } from './output.js';
import { withServices } from './services.js';
import { tenantOf } from './tenant-commands.js';

const LABEL: Record<Parameters<ImportProgress>[0], string> = {
  check: 'checking',
  hash: 'hashing ',
  write: 'writing ',
};

/** A progress bar on a terminal for uploads of more than a few hundred rows; nothing otherwise. */
function progressBar(rows: number): { onProgress?: ImportProgress; stop(): void } {
  if (!process.stderr.isTTY || rows < 500) return { stop: () => undefined };
  const bar = new SingleBar(
    { format: '{phase} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    onProgress: (p, done, total) => {
      if (phase !== p) {
        if (phase) bar.stop();
        bar.start(total, 0, { phase: LABEL[p] });
        phase = p;
      }
      bar.update(done, { phase: LABEL[p] });
    },
    stop: () => bar.stop(),
  };
}

/** `roster user create|import|reset-password|mfa-reset` (SPEC C6 local directory, MFA). */
export function userCommands(program: Command): void {
  const user = program.command('user').description('local users');
  createCommand(user);
  importCommand(user);
  resetPasswordCommand(user);
  mfaResetCommand(user);
}

/** `roster user create`: one local user, with a set-password link. */
function createCommand(user: Command): void {
  user
    .command('create <username>')
    .option('--tenant <slug>', 'the tenant (default: the default tenant)')
    .option('--email <email>')
    .option('--first-name <name>')
    .option('--last-name <name>')
    .option('--org <name>', 'organization name (default: the root)')
    .option('--roles <ids>', "role ids or names separated by commas (default: the organization's default roles)")
    .option('--json', 'JSON output')
    .action(
      (
        username: string,
        o: {
          tenant?: string;
          email?: string;
          firstName?: string;
          lastName?: string;
          org?: string;
          roles?: string;
          json?: boolean;
        },
      ) =>
        withServices(async (s, operator, config) => {
          const { tenant: t, actor } = await tenantOf(s, operator, o.tenant);
          const { user: u, link } = await s.localUsers.create(actor, {
            userName: username,
            email: o.email ?? null,
            firstName: o.firstName ?? null,
            lastName: o.lastName ?? null,
            organization: o.org ?? null,
            roles: (o.roles ?? '').split(',').filter((r) => r.trim() !== ''),
          });
          const url = link ? passwordLinkUrl(config.publicUrl, t.slug, link.token) : null;
          if (o.json)
            return printJson({ id: u.id, userName: u.profile.userName, passwordLink: link && { ...link, url } });
          process.stdout.write(`Created ${u.profile.userName} (${u.id})\n  set-password link (shown once): ${url}\n`);
        }),
    );
}

/** `roster user import`: bulk upload from CSV, every bad row reported by line number. */
function importCommand(user: Command): void {
  user
    .command('import <file>')
    .description(
      'bulk upload: username, email, first name, last name, organization, roles[, password] (CSV with a header line)',
    )
    .option('--tenant <slug>', 'the tenant (default: the default tenant)')
    .option('--dry-run', 'check every row and report; create nothing')
    .option('--json', 'JSON output')
    .action((file: string, o: { tenant?: string; dryRun?: boolean; json?: boolean }) =>
      withServices(async (s, operator) => {
        const { actor } = await tenantOf(s, operator, o.tenant);
        const parsed = parseUserCsv(await readFile(file, 'utf8'));
        if (!parsed.ok) throw new Error(`${file}: ${parsed.reason}`);
        const bar = progressBar(parsed.rows.length);
        const report = await s.localUsers
          .import(actor, parsed.rows, {
            dryRun: Boolean(o.dryRun),
            ...(bar.onProgress ? { onProgress: bar.onProgress } : {}),
          })
          .finally(() => bar.stop());
        const rejected = [...parsed.rejected, ...report.rejected].sort((a, b) => a.line - b.line);
        if (o.json) printJson({ ...report, rows: report.rows + parsed.rejected.length, rejected });
        else {
          process.stdout.write(
            `${report.dryRun ? 'Dry run: would create' : 'Created'} ${report.created} user(s); ${rejected.length} line(s) rejected\n`,
          );
          printTable(
            rejected.map((r) => ({
              line: r.line,
              username: r.userName,
              problems: r.problems.map((p) => `${p.field} ${p.reason}`).join('; '),
            })),
            ['line', 'username', 'problems'],
          );
        }
        if (rejected.length > 0) process.exitCode = 2;
      }),
    );
}

/** `roster user reset-password`: a one-time reset link. */
function resetPasswordCommand(user: Command): void {
  user
    .command('reset-password <username>')
    .description('issue a one-time reset link; the old password and every session end at once')
    .option('--tenant <slug>', 'the tenant (default: the default tenant)')
    .option('--json', 'JSON output')
    .action((username: string, o: { tenant?: string; json?: boolean }) =>
      withServices(async (s, operator, config) => {
        const { tenant: t, actor } = await tenantOf(s, operator, o.tenant);
        const u = await s.localUsers.byUserName(t.id, username);
        const link = await s.passwordLinks.issueReset(actor, u.id);
        const url = passwordLinkUrl(config.publicUrl, t.slug, link.token);
        if (o.json) return printJson({ ...link, url });
        process.stdout.write(`Reset link for ${username} (shown once, expires ${link.expiresAt}):\n  ${url}\n`);
      }),
    );
}

/** `roster user mfa-reset`: removes the user's authenticator. */
function mfaResetCommand(user: Command): void {
  user
    .command('mfa-reset <username>')
    .description("remove the user's authenticator and recovery codes; their sessions end at once")
    .option('--tenant <slug>', 'the tenant (default: the default tenant)')
    .option('--json', 'JSON output')
    .action((username: string, o: { tenant?: string; json?: boolean }) =>
      withServices(async (s, operator) => {
        const { tenant: t, actor } = await tenantOf(s, operator, o.tenant);
        const u = await s.localUsers.byUserName(t.id, username);
        await s.mfa.reset(actor, u.id);
        if (o.json) return printJson({ userId: u.id, userName: username, mfa: { enrolled: false } });
        process.stdout.write(`MFA reset for ${username}: enrol again at the next sign-in\n`);
      }),
    );
}

import { InvalidArgumentError, type Command } from 'commander';
import type { ApiToken } from '../core/ports.js';
import { withServices } from './services.js';
import { printJson, printTable } from './output.js';

const row = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  userId: t.userId,
  created: t.createdAt,
  expires: t.expiresAt ?? '',
  revoked: t.revokedAt ?? '',
  lastUsed: t.lastUsedAt ?? '',
});

/** `roster token …`: API tokens for automation (SPEC C6), through the same service as the admin API. */
export function tokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for automation');
  token
    .command('create')
    .requiredOption('--user <username>', 'the user the token acts as (it carries their permissions)')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires <date-time>', 'ISO-8601 expiry (default: none)')
    .option('--json', 'JSON output')
    .action((o: { user: string; name: string; expires?: string; json?: boolean }) =>
      withServices(async (s, operator) => {
        if (o.expires !== undefined && Number.isNaN(Date.parse(o.expires)))
          throw new InvalidArgumentError('--expires must be an ISO-8601 date-time');
        const { token: t, secret } = await s.apiTokens.create(operator, {
          name: o.name,
          userName: o.user,
          ...(o.expires !== undefined ? { expiresAt: o.expires } : {}),
        });
        if (o.json) return printJson({ ...row(t), secret });
        process.stdout.write(
          `API token ${t.name} (${t.id}) for ${o.user}\n  Secret: ${secret}\n  (shown once: Roster keeps only a hash)\n`,
        );
      }),
    );
  token
    .command('list')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) =>
      withServices(async (s, operator) => {
        const rows = (await s.apiTokens.list(operator)).map(row);
        if (o.json) printJson(rows);
        else printTable(rows, ['id', 'name', 'userId', 'created', 'expires', 'revoked', 'lastUsed']);
      }),
    );
  token
    .command('revoke <id>')
    .option('--json', 'JSON output')
    .action((id: string, o: { json?: boolean }) =>
      withServices(async (s, operator) => {
        const t = await s.apiTokens.revoke(operator, id);
        if (o.json) printJson(row(t));
        else process.stdout.write(`Revoked API token ${t.name} (${t.id})\n`);
      }),
    );
}

import { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { isDomainError } from '../core/errors.js';
import { serve } from '../main.js';
import { openDatabase } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrator.js';
import { orgCommands } from './org-commands.js';
import { printJson } from './output.js';
import { providerCommands } from './provider-commands.js';
import { tenantCommands } from './tenant-commands.js';
import { tokenCommands } from './token-commands.js';
import { userCommands } from './user-commands.js';

/** The operator CLI: works on the configured database directly. */
export function buildCli(): Command {
  const program = new Command('roster').description('Roster operator CLI').showHelpAfterError();
  program
    .command('serve')
    .description('serve Roster (same as npm start)')
    .action(() => serve());
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig(process.env);
      const db = openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(db.kysely as never);
        if (o.json) printJson({ applied });
        else process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      } finally {
        await db.close();
      }
    });

  orgCommands(program);
  providerCommands(program);
  tokenCommands(program);
  tenantCommands(program);
  userCommands(program);
  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    const msg = isDomainError(e)
      ? `${e.code} ${JSON.stringify(e.details)}`
      : e instanceof Error
        ? e.message
        : String(e);
    process.stderr.write(`roster: ${msg}\n`);
    process.exit(1);
  });

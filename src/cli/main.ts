import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import { Command, InvalidArgumentError } from 'commander';
import { MappingSettingsDto } from '../adapters/admin-api/provider-mapping-dto.js';
import { loadConfig, type Config } from '../config/config.js';
import type { OrganizationNode } from '../core/directory/organization.js';
import { isDomainError } from '../core/errors.js';
import type { MappingSettingsInput } from '../core/provisioning/provider-mapping-service.js';
import type { OneTimeCredential } from '../core/provisioning/provider-service.js';
import type { Provider } from '../core/provisioning/provider.js';
import { serve } from '../main.js';
import { openDatabase } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrator.js';
import { printJson, printTable } from './output.js';
import { withServices } from './services.js';
import { tenantCommands } from './tenant-commands.js';
import { tokenCommands } from './token-commands.js';
import { userCommands } from './user-commands.js';

const scimUrl = (config: Config, id: string): string => `${config.publicUrl}/scim/${id}/v2`;

function providerView(p: Provider, config: Config, credential?: OneTimeCredential): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    authType: p.authType,
    scimBaseUrl: scimUrl(config, p.id),
    deactivationDelaySeconds: p.deactivationDelaySeconds,
    ...(credential ? { credential, notice: 'The credential is shown once; only its hash is stored.' } : {}),
  };
}

function printProvider(view: Record<string, unknown>, json: boolean): void {
  if (json) return printJson(view);
  const cred = view.credential as OneTimeCredential | undefined;
  process.stdout.write(
    `Provider ${String(view.name)}\n  id:            ${String(view.id)}\n  SCIM base URL: ` +
      `${String(view.scimBaseUrl)}\n  Deactivation delay: ${String(view.deactivationDelaySeconds)} s\n`,
  );
  if (cred?.type === 'bearer') process.stdout.write(`  Bearer token:  ${cred.token}\n`);
  if (cred?.type === 'basic')
    process.stdout.write(`  Username:      ${cred.username}\n  Password:      ${cred.password}\n`);
  if (cred) process.stdout.write('  (shown once: Roster keeps only a hash; store it in your identity provider now)\n');
}

function flatten(nodes: OrganizationNode[], depth = 0, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  for (const n of nodes) {
    out.push({ name: `${'  '.repeat(depth)}${n.name}`, id: n.id, status: n.status });
    flatten(n.children, depth + 1, out);
  }
  return out;
}

/** The text of a file, or of standard input for `-`. */
async function readText(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A mapping document, checked against the admin API's schema; what it names is checked by the service. */
function mappingDocument(text: string): MappingSettingsInput {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(`the mapping is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Value.Check(MappingSettingsDto, doc)) {
    const first = Value.Errors(MappingSettingsDto, doc).First();
    throw new InvalidArgumentError(
      `the mapping must be {"organization": {"method": …}, "roles": {"method": …}} as ` +
        `the admin API takes it${first ? `: ${first.path || '/'} ${first.message}` : ''}`,
    );
  }
  return { organization: doc.organization, roles: doc.roles };
}

const seconds = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of seconds >= 0');
  return n;
};

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

  const org = program.command('org').description('organizations');
  org
    .command('create <name>')
    .option('--parent <name>', 'parent organization name (default: the root)')
    .option('--json', 'JSON output')
    .action((name: string, o: { parent?: string; json?: boolean }) =>
      withServices(async (s, operator) => {
        const parentId = o.parent ? (await s.organizations.findByName(operator, o.parent)).id : null;
        const created = await s.organizations.create(operator, { name, parentId });
        if (o.json) printJson({ id: created.id, name: created.name, parentId: created.parentId });
        else process.stdout.write(`Created organization ${created.name} (${created.id})\n`);
      }),
    );
  org
    .command('list')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) =>
      withServices(async (s, operator) => {
        const tree = await s.organizations.tree(operator);
        if (o.json) printJson(tree);
        else printTable(flatten(tree), ['name', 'id', 'status']);
      }),
    );

  const provider = program.command('provider').description('provisioning providers');
  provider
    .command('create')
    .requiredOption('--name <name>', 'display name')
    .option('--type <type>', 'scim, or dirsync for the directory sync tool', 'scim')
    .option('--auth <auth>', 'bearer or basic (default: bearer for scim; dirsync allows only basic)')
    .option('--delay <seconds>', 'deactivation delay in seconds (default 900)', seconds)
    .option('--json', 'JSON output')
    .action((o: { name: string; type: string; auth?: string; delay?: number; json?: boolean }) =>
      withServices(async (s, operator, config) => {
        if (o.type !== 'scim' && o.type !== 'dirsync') throw new InvalidArgumentError('--type must be scim or dirsync');
        const auth = o.auth ?? (o.type === 'dirsync' ? 'basic' : 'bearer');
        if (auth !== 'bearer' && auth !== 'basic') throw new InvalidArgumentError('--auth must be bearer or basic');
        const { provider: p, credential } = await s.providers.create(operator, {
          name: o.name,
          type: o.type,
          authType: auth,
          ...(o.delay !== undefined ? { deactivationDelaySeconds: o.delay } : {}),
        });
        printProvider(providerView(p, config, credential), Boolean(o.json));
      }),
    );
  provider
    .command('rotate <id>')
    .description('issue a new credential; the old one stops working at once')
    .option('--json', 'JSON output')
    .action((id: string, o: { json?: boolean }) =>
      withServices(async (s, operator, config) => {
        const { provider: p, credential } = await s.providers.rotate(operator, id);
        printProvider(providerView(p, config, credential), Boolean(o.json));
      }),
    );
  provider
    .command('set-delay <id> <seconds>')
    .description("deactivation delay for the provider's deactivations (SPEC C4; 0 = deactivate at the next sweep)")
    .option('--json', 'JSON output')
    .action((id: string, secs: string, o: { json?: boolean }) =>
      withServices(async (s, operator, config) => {
        const p = await s.providers.setDeactivationDelay(operator, id, seconds(secs));
        printProvider(providerView(p, config), Boolean(o.json));
      }),
    );
  provider
    .command('mapping <id>')
    .description('show the organization and role mapping (SPEC C3), or replace it with --set')
    .option(
      '--set <file>',
      'a JSON document {"organization": {...}, "roles": {...}} as the admin API takes it; - reads standard input',
    )
    .action((id: string, o: { set?: string }) =>
      withServices(async (s, operator) => {
        const settings =
          o.set === undefined
            ? await s.mappings.get(operator, id)
            : await s.mappings.set(operator, id, mappingDocument(await readText(o.set)));
        printJson({ organization: settings.orgMapping, roles: settings.roleMapping });
      }),
    );
  provider
    .command('managed-roles <id> [roleIds...]')
    .description('directory-sync provider: the roles the tool may add and remove (none: roles are managed manually)')
    .action((id: string, roleIds: string[]) =>
      withServices(async (s, operator) => {
        const current = await s.mappings.get(operator, id);
        const settings = await s.mappings.set(operator, id, {
          organization: current.orgMapping,
          roles: roleIds.length > 0 ? { method: 'managed', roleIds } : { method: 'manual' },
        });
        printJson({ organization: settings.orgMapping, roles: settings.roleMapping });
      }),
    );
  provider
    .command('apply <id>')
    .description('Apply organization and role settings: re-evaluate every user of the provider')
    .option('--dry-run', 'report what would change; change nothing')
    .option('--json', 'JSON output')
    .action((id: string, o: { dryRun?: boolean; json?: boolean }) =>
      withServices(async (s, operator) => {
        const result = await s.mappingApply.apply(operator, id, { dryRun: Boolean(o.dryRun) });
        if (o.json) return printJson(result);
        process.stdout.write(
          `${result.dryRun ? 'Dry run: would change' : 'Changed'} ${result.usersChanged} of ` +
            `${result.usersEvaluated} users${result.truncated ? ` (first ${result.changes.length} listed)` : ''}\n`,
        );
        printTable(
          result.changes.map((c) => ({
            user: c.userName,
            organization: c.organization ? `${c.organization.from.name} → ${c.organization.to.name}` : '',
            added: c.rolesAdded.join(','),
            removed: c.rolesRemoved.join(','),
          })),
          ['user', 'organization', 'added', 'removed'],
        );
      }),
    );
  provider
    .command('list')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) =>
      withServices(async (s, operator, config) => {
        const rows = (await s.providers.list(operator)).map((p) => providerView(p, config));
        if (o.json) printJson(rows);
        else printTable(rows, ['name', 'id', 'type', 'authType', 'scimBaseUrl']);
      }),
    );
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

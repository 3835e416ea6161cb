import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config/config.js';
import type { OneTimeCredential } from '../core/provisioning/provider-service.js';
import type { Provider } from '../core/provisioning/provider.js';
import { printJson, printTable } from './output.js';
import { providerMappingCommands } from './provider-mapping-commands.js';
import { withServices } from './services.js';

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

const seconds = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of seconds >= 0');
  return n;
};

/** `roster provider …`: providers, their credentials and deactivation delay (SPEC C2, C4), and their mapping. */
export function providerCommands(program: Command): void {
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
    .command('list')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) =>
      withServices(async (s, operator, config) => {
        const rows = (await s.providers.list(operator)).map((p) => providerView(p, config));
        if (o.json) printJson(rows);
        else printTable(rows, ['name', 'id', 'type', 'authType', 'scimBaseUrl']);
      }),
    );
  providerMappingCommands(provider);
}

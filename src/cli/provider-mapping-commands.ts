import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import { InvalidArgumentError, type Command } from 'commander';
import { MappingSettingsDto } from '../adapters/admin-api/provider-mapping-dto.js';
import type { MappingSettingsInput } from '../core/provisioning/provider-mapping-service.js';
import { printJson, printTable } from './output.js';
import { withServices } from './services.js';

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

/** `roster provider mapping|managed-roles|apply`: a provider's organization and role mapping (SPEC C3). */
export function providerMappingCommands(provider: Command): void {
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
}

import type { Command } from 'commander';
import type { OrganizationNode } from '../core/directory/organization.js';
import { printJson, printTable } from './output.js';
import { withServices } from './services.js';

function flatten(nodes: OrganizationNode[], depth = 0, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  for (const n of nodes) {
    out.push({ name: `${'  '.repeat(depth)}${n.name}`, id: n.id, status: n.status });
    flatten(n.children, depth + 1, out);
  }
  return out;
}

/** `roster org create|list`: the organization tree (SPEC C1). */
export function orgCommands(program: Command): void {
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
}

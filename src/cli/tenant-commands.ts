import { InvalidArgumentError, type Command } from 'commander';
import type { Services } from '../app.js';
import type { Config } from '../config/config.js';
import { operatorPrincipal, type Principal } from '../core/auth/principal.js';
import type { Tenant } from '../core/directory/tenant.js';
import { passwordLinkUrl, tenantBaseUrl } from '../http/tenant-address.js';
import { printJson, printTable } from './output.js';
import { withServices } from './services.js';

/**
 * The tenant an operator command names with --tenant SLUG, else the default tenant (the one
 * `operator` acts in), and the operator's principal in it.
 */
export async function tenantOf(
  s: Services,
  operator: Principal,
  slug: string | undefined,
): Promise<{ tenant: Tenant; actor: Principal }> {
  const tenant = slug === undefined ? await s.tenants.get(operator.tenantId) : await s.tenants.bySlug(slug);
  return { tenant, actor: tenant.id === operator.tenantId ? operator : operatorPrincipal(tenant.id) };
}

const view = (t: Tenant, config: Config) => ({
  id: t.id,
  name: t.name,
  slug: t.slug,
  address: tenantBaseUrl(config.publicUrl, t.slug),
  requireEmailUsername: t.requireEmailUsername,
  createdAt: t.createdAt,
});

const bool = (v: string): boolean => {
  if (v === 'true' || v === 'on') return true;
  if (v === 'false' || v === 'off') return false;
  throw new InvalidArgumentError('must be true or false');
};

/** `roster tenant create|list|settings` (SPEC C1). */
export function tenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('tenants (customer environments)');
  tenant
    .command('create')
    .description('create a tenant with its root organization and first administrator (Customer Cloud Admin)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--admin <email>', "the first administrator's username (an email address)")
    .option('--slug <slug>', 'address /t/{slug}; default: derived from the name')
    .option('--json', 'JSON output')
    .action((o: { name: string; admin: string; slug?: string; json?: boolean }) =>
      withServices(async (s, _operator, config) => {
        const c = await s.tenants.create({ name: o.name, adminEmail: o.admin, ...(o.slug ? { slug: o.slug } : {}) });
        const link = {
          token: c.link.token,
          url: passwordLinkUrl(config.publicUrl, c.tenant.slug, c.link.token),
          expiresAt: c.link.expiresAt,
        };
        if (o.json) return printJson({ ...view(c.tenant, config), admin: c.admin, passwordLink: link });
        process.stdout.write(
          `Created tenant ${c.tenant.name} (${c.tenant.id})\n  address:  ${view(c.tenant, config).address}\n  admin: ` +
            `   ${c.admin.userName}\n  set-password link (shown once, expires ${link.expiresAt}):\n    ${link.url}\n`,
        );
      }),
    );
  tenant
    .command('list')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) =>
      withServices(async (s, _operator, config) => {
        const rows = (await s.tenants.list()).map((t) => view(t, config));
        if (o.json) printJson(rows);
        else printTable(rows, ['slug', 'name', 'id', 'address', 'requireEmailUsername']);
      }),
    );
  tenant
    .command('settings')
    .description("show a tenant's settings, or change them")
    .option('--tenant <slug>', 'the tenant (default: the default tenant)')
    .option('--require-email-username <bool>', 'usernames must be email addresses (true/false)', bool)
    .option('--json', 'JSON output')
    .action((o: { tenant?: string; requireEmailUsername?: boolean; json?: boolean }) =>
      withServices(async (s, operator, config) => {
        const { tenant, actor } = await tenantOf(s, operator, o.tenant);
        let t = tenant;
        if (o.requireEmailUsername !== undefined)
          t = await s.tenants.updateSettings(actor, { requireEmailUsername: o.requireEmailUsername });
        if (o.json) printJson(view(t, config));
        else printTable([view(t, config)], ['slug', 'name', 'requireEmailUsername']);
      }),
    );
}

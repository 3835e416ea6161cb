import { openRoster, type Services } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import { operatorPrincipal, type Principal } from '../core/auth/principal.js';

/**
 * Runs `fn` with the services main.ts builds (app.ts openRoster: migrated, bootstrapped), as the
 * operator: a principal with every permission over the default tenant, so every command is
 * checked and audited as the admin API's are. Then closes the database.
 */
export async function withServices<T>(
  fn: (s: Services, operator: Principal, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env);
  const { db, services, bootstrap: boot } = await openRoster(config);
  try {
    if (boot.created)
      process.stderr.write(
        `Initialised a new directory. Bootstrap admin ${boot.adminUserName}; admin API token (shown once): ${boot.adminToken}\n`,
      );
    return await fn(services, operatorPrincipal(boot.tenantId), config);
  } finally {
    await db.close();
  }
}

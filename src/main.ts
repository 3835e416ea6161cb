import pino from 'pino';
import { createRoster } from './app.js';
import { loadConfig } from './config/config.js';

/** Reads the environment once, builds Roster, listens (STYLE layout). */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const logger = pino({ level: config.logLevel });
  const roster = await createRoster(config, { logger });
  if (roster.bootstrap.created) {
    // Shown exactly once: only the hash is stored.
    process.stdout.write(
      `\nRoster initialised a new directory.\n  Bootstrap administrator: ${roster.bootstrap.adminUserName}\n ` +
        ` Admin API token (shown once, store it now): ${roster.bootstrap.adminToken}\n\n`,
    );
  }
  await roster.app.listen({ port: config.port, host: config.host });
  logger.info({ url: config.publicUrl, database: roster.db.dialect }, 'Roster is listening');
  const stop = async (): Promise<void> => {
    await roster.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((e: unknown) => {
    process.stderr.write(`Roster failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}

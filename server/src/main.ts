/**
 * Start-up only: configuration → database (embedded or DATABASE_URL, migrated) → demo brokerage
 * on a first start with an empty embedded database → HTTP server. Ctrl-C stops the server and
 * shuts the embedded PostgreSQL down cleanly.
 */
import { buildApp } from './app.js';
import { config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { ensureStaffCohorts } from './modules/attribution/attribution.service.js';
import { demoLoadInterrupted, isEmptyDatabase, seedDemo } from './modules/demo/seed.js';

async function main(): Promise<void> {
  const cfg = config();
  const log = (m: string) => console.log(m);
  log(`QuanCRM starting (${cfg.DATABASE_URL ? 'external PostgreSQL from DATABASE_URL' : `embedded PostgreSQL in ${cfg.dataDir}`}) …`);
  const db: Database = await openDatabase(cfg, { log });
  let demoLogins: Array<{ username: string; password: string; role: string; who: string }> = [];
  try {
    if (db.embedded && cfg.CRM_DEMO === 'on' && (await isEmptyDatabase(db.pool))) {
      demoLogins = await seedDemo(db.pool, {
        dataDir: cfg.dataDir, customers: cfg.CRM_DEMO_CUSTOMERS, days: cfg.CRM_DEMO_DAYS, log,
      });
    } else if (await demoLoadInterrupted(db.pool)) {
      log(`warning: the demo brokerage did not finish loading at an earlier start; to rebuild it, stop QuanCRM, delete ${cfg.dataDir} and start again.`);
    }
  } catch (err) {
    await db.close();
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}\nThe demo brokerage could not be built. Stop QuanCRM, delete ${cfg.dataDir} and start again.`,
    );
  }
  await ensureStaffCohorts(db.pool, log);
  const app = await buildApp({ pool: db.pool, log: { level: cfg.LOG_LEVEL } });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping …`);
    await app.close().catch(() => undefined);
    await db.close();
    log('Stopped.');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  const url = `http://localhost:${cfg.PORT}/`;
  log(`\nQuanCRM is running at ${url}  (API: ${url}api, OpenAPI: ${url}api/openapi.json)`);
  if (demoLogins.length) {
    log('\nDemo logins (演示账号):');
    for (const l of demoLogins) log(`  ${l.username.padEnd(12)} ${l.password.padEnd(14)} ${l.role.padEnd(15)} ${l.who}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

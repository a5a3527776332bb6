/**
 * Start-up only: configuration → database (embedded or DATABASE_URL, migrated) → HTTP server,
 * listening at once → in the background, the demo brokerage on a first start with an empty
 * embedded database (or the rebuild of one an earlier start left unfinished), while the API
 * answers 503 with its progress (modules/startup). Ctrl-C stops the build (the generator child,
 * the statement running: its transaction rolls back), the server and the embedded PostgreSQL
 * cleanly, and exits 0.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from './app.js';
import { config, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { LOCKS } from './db/locks.js';
import { migrate } from './db/migrate.js';
import { openReadPool } from './db/read-replica.js';
import { ensureStaffCohorts } from './modules/attribution/attribution.service.js';
import { recoverInterruptedImports } from './modules/extract/import-runs.js';
import { checkAutovacuum } from './modules/housekeeping/vacuum.service.js';
import { ensureLabels } from './modules/labels/labels.service.js';
import {
  demoChurnModelPending, demoLoadInterrupted, DemoBuildStopped, isEmptyDatabase, onlyUnfinishedDemo, restoreDurability, seedDemo, analyzeDemo, trainDemoChurnModel, trainDemoTargetModels,
  wipeUnfinishedDemo,
  type DemoLogin,
} from './modules/demo/seed.js';
import { startOutreachDelivery, type OutreachDelivery } from './modules/outreach/delivery/delivery.start.js';
import { warmTargetScoresLater } from './modules/products/targets.scores.js';
import { guardPool } from './modules/startup/startup.pool.js';
import { StartupState } from './modules/startup/startup.state.js';

const log = (m: string) => console.log(m);

async function main(): Promise<void> {
  const cfg = config();
  const startup = new StartupState();
  const stopSignal = new AbortController();
  let opening: Promise<Database | undefined> = Promise.resolve(undefined);
  let app: FastifyInstance | undefined = undefined; // set once listening; stop() closes it
  let building: Promise<unknown> = Promise.resolve();
  let cancelRunning = async () => {};
  let delivery: OutreachDelivery | undefined = undefined; // the outreach sender, the embedded SMTP server and SMS gateway
  let readPool: pg.Pool | undefined = undefined; // DATABASE_READ_URL's
  let stopping = false;

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping …`);
    stopSignal.abort();
    // cancel the build's statements until it has given up (a client between two statements has nothing to cancel yet)
    let settled = false;
    const buildSettled = building.then(() => (settled = true), () => (settled = true));
    while (!settled) {
      await cancelRunning();
      await Promise.race([buildSettled, new Promise((resolve) => setTimeout(resolve, 250))]);
    }
    await delivery?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await readPool?.end().catch(() => undefined);
    const db = await opening.catch(() => undefined);
    await db?.close();
    if (!startup.ready && startup.progress().daysTotal > 0) {
      log('The demo brokerage was not finished; it will be built again at the next start.');
    }
    log('Stopped.');
    process.exit(0);
  };
  // A repeated signal must not end the stopping process: under `npm start`, tsx relays the
  // terminal's Ctrl-C that already reached this process group. (tsx's own listener in this process
  // tells its parent that the signal arrived; removing it makes tsx SIGKILL this process.)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));

  log(`QuanCRM starting (${cfg.DATABASE_URL ? 'external PostgreSQL from DATABASE_URL' : `embedded PostgreSQL in ${cfg.dataDir}`}) …`);
  // Answer at once: creating, starting and migrating the embedded database takes seconds (tens on a
  // busy machine). Until the database is open, an app without the modules' routes (and jobs) serves
  // the web UI and /api/status, and the gate answers every other API request 503 (stage PREPARING);
  // its pool is never used.
  const unopened = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/not-open-yet', max: 1 });
  app = await buildApp({ pool: unopened, log: { level: cfg.LOG_LEVEL }, startup, gateOnly: true });
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  const url = `http://localhost:${cfg.PORT}/`;
  log(`\nQuanCRM is running at ${url}  (API: ${url}api, OpenAPI: ${url}api/openapi.json)`);

  // while stopping, PostgreSQL ending idle connections is expected, not worth a line
  opening = openDatabase(cfg, { log: (m) => (stopping && m.startsWith('database connection error') ? undefined : log(m)) });
  const db = await opening;
  if (!db || stopping) return; // a signal during the open: stop() closes what was opened
  await recoverInterruptedImports(db.pool, log);
  await checkAutovacuum(db.pool, log);
  const guard = guardPool(db.pool, (err) => {
    if (!stopping) log(`database connection error: ${err.message}`);
  });
  cancelRunning = () => guard.cancelRunning();

  // the app on the open database takes over the port (a request in the moment between is refused; the web UI retries)
  // reports and heavy lists on a streaming replica while it has every imported day (db/read-replica.ts)
  if (cfg.DATABASE_READ_URL) {
    readPool = await openReadPool(cfg.DATABASE_READ_URL, { log });
    log('Reports and lists read the replica named by DATABASE_READ_URL while it has every imported day.');
  }
  const served = await buildApp({ pool: db.pool, readPool, log: { level: cfg.LOG_LEVEL }, startup });
  await app.close();
  await unopened.end();
  app = served;
  await app.listen({ port: cfg.PORT, host: cfg.HOST });

  const built = prepare(db, cfg, startup, stopSignal.signal);
  building = built;
  try {
    const logins = await built;
    // outreach delivery: the embedded SMTP server and SMS gateway (unless SMTP_URL / SMS_URL) and the pg-boss sender,
    // started before READY so that the demo logins follow the ready status at once
    delivery = await startOutreachDelivery(db.pool, cfg, { log }).catch((err: unknown) => {
      log(`warning: outreach delivery did not start (no e-mail or SMS will be sent): ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    startup.enter('READY');
    if (logins.length) {
      log(`\nThe demo brokerage is ready at ${url}\nDemo logins (演示账号):`);
      for (const l of logins) log(`  ${l.username.padEnd(12)} ${l.password.padEnd(14)} ${l.role.padEnd(15)} ${l.who}`);
    }
    // the demo's churn model, trained while the demo is already in use (a stop cancels it; the next start trains again)
    if (db.embedded && (await demoChurnModelPending(db.pool))) {
      // full statistics first (the build sampled few rows: seed.ts BUILD_SETTINGS), then the models
      const training = analyzeDemo(db.pool, log).then(() => (stopping ? undefined : trainDemoChurnModel(db.pool, log))).catch((err: unknown) => {
        if (!stopping) log(`warning: the demo's churn model was not trained: ${err instanceof Error ? err.message : String(err)}`);
      }).then(() => (stopping ? undefined : trainDemoTargetModels(db.pool, log))).catch((err: unknown) => {
        if (!stopping) log(`warning: the demo's target-customer models were not trained (the 目标客户 tab trains them when first opened): ${err instanceof Error ? err.message : String(err)}`);
      }).then(() => (stopping ? undefined : warmTargetScoresLater(db.pool, log)));
      building = training;
    }
  } catch (err) {
    if (stopping || err instanceof DemoBuildStopped) return; // stop() finishes
    stopping = true;
    stopSignal.abort();
    const demo = startup.progress().daysTotal > 0 ? '; the demo brokerage will be built again at the next start' : '';
    console.error(`${err instanceof Error ? err.message : String(err)}\nQuanCRM could not finish starting${demo}.`);
    await app.close().catch(() => undefined);
    await db.close();
    process.exit(1);
  }
}

/**
 * The start-up work behind the gate: the demo brokerage on a first start (rebuilt when an earlier
 * start left it unfinished), then the staff cohorts an upgrade may need and the customers' labels
 * a crash or an upgrade left empty. Returns the demo logins
 * to print, if a demo was built.
 */
async function prepare(db: Database, cfg: Config, startup: StartupState, signal: AbortSignal): Promise<DemoLogin[]> {
  // one process at a time (two servers on one database): a second one waits here until the first has
  // built the demo, and then finds nothing to do, instead of taking the build for an interrupted one
  const lock = await db.pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [LOCKS.startup]);
    return await prepareLocked(db, cfg, startup, signal);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [LOCKS.startup]).then(() => lock.release(), (err: Error) => lock.release(err));
  }
}

async function prepareLocked(db: Database, cfg: Config, startup: StartupState, signal: AbortSignal): Promise<DemoLogin[]> {
  let logins: DemoLogin[] = [];
  const seed = () =>
    seedDemo(db.pool, {
      dataDir: cfg.dataDir, customers: cfg.CRM_DEMO_CUSTOMERS, days: cfg.CRM_DEMO_DAYS, log, progress: startup, signal, ownCluster: db.embedded,
    });
  const demoWanted = db.embedded && cfg.CRM_DEMO === 'on';
  if (await demoLoadInterrupted(db.pool)) {
    if (demoWanted && (await onlyUnfinishedDemo(db.pool))) {
      log('The demo brokerage did not finish loading at an earlier start: building it again …');
      await wipeUnfinishedDemo(db.pool);
      await migrate(db.pool, log);
      logins = await seed();
    } else {
      // the interrupted build may have left its embedded cluster without full-page writes
      if (db.embedded) await restoreDurability(db.pool);
      log(`warning: the demo brokerage did not finish loading at an earlier start, and the database holds other data; to rebuild it, stop QuanCRM, delete ${cfg.dataDir} and start again.`);
    }
  } else if (demoWanted && (await isEmptyDatabase(db.pool))) {
    logins = await seed();
  }
  await ensureStaffCohorts(db.pool, log);
  await ensureLabels(db.pool, log); // unlogged: empty after a crash or the upgrade that made them (migration 0035)
  return logins;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

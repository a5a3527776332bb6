/**
 * The database the reports benchmark measures: the demo brokerage at a chosen scale, built once
 * through the first-start loader (modules/demo/seed.ts: generator child process, pipelined
 * importDay with deferred derivation, month summaries, importOrg, demo logins) and kept as a named
 * database beside the one DATABASE_URL names (default postgres://postgres@127.0.0.1:5432). A
 * settings row `bench-reports` written last says the build finished; without it the database is
 * dropped and built again. Each use migrates it (so later migrations, such as report indexes, apply).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';
import { databaseUrl, onServer } from '../../server/src/db/server-admin.js';
import { ensureStaffCohorts } from '../../server/src/modules/attribution/attribution.service.js';
import { seedDemo } from '../../server/src/modules/demo/seed.js';

export const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');

export interface BuildInfo {
  customers: number;
  days: number;
  buildSeconds: number;
  builtAt: string;
}

export interface ReportsDb {
  pool: pg.Pool;
  url: string;
  name: string;
  info: BuildInfo;
}

export async function reportsDb(opts: { customers: number; days: number; log: (m: string) => void }): Promise<ReportsDb> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `quancrm_bench_reports_${opts.customers}x${opts.days}`;
  const url = databaseUrl(adminUrl, name);
  const probe = new pg.Client({ connectionString: adminUrl });
  await probe.connect();
  const exists = (await probe.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  await probe.end();

  let info: BuildInfo | undefined;
  if (exists) {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    try {
      const { rows } = await pool.query<{ value: BuildInfo }>(`select value from settings where key = 'bench-reports'`);
      info = rows[0]?.value;
    } catch {
      info = undefined;
    } finally {
      await pool.end();
    }
  }
  if (!info) {
    opts.log(`building ${name} (${opts.customers.toLocaleString('en-US')} customers × ${opts.days} trading days) through the demo loader …`);
    await onServer(adminUrl, `drop database if exists ${name} with (force)`, `create database ${name}`);
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const dataDir = path.join(OUT, name);
    try {
      const started = Date.now();
      await migrate(pool);
      await seedDemo(pool, { dataDir, customers: opts.customers, days: opts.days, log: opts.log });
      // what autovacuum would do by itself a little later: statistics and visibility maps for the fresh tables
      await pool.query('vacuum analyze');
      info = { customers: opts.customers, days: opts.days, buildSeconds: Math.round((Date.now() - started) / 1000), builtAt: new Date().toISOString() };
      await pool.query(`insert into settings (key, value, updated_by) values ('bench-reports', $1, 'bench')`, [JSON.stringify(info)]);
      opts.log(`  built in ${info.buildSeconds} s`);
    } finally {
      await pool.end();
      // the generated extract files are not needed once imported (they are large at full scale)
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool, opts.log);
  // a database built before a migration that needs figures derived (0012: staff figures by opening month)
  if (await ensureStaffCohorts(pool, opts.log)) await pool.query('vacuum analyze sum_staff_cohort_monthly, sum_guaranteed_daily, sum_staff_daily, sum_staff_monthly');
  return { pool, url, name, info };
}

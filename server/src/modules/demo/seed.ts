/**
 * The demo brokerage on a first start: the generator runs in a child process and writes day
 * folders (manifest last) while this process imports each finished day, so both cores work;
 * then the org CSVs are loaded and demo logins created for real staff members of the demo.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { createUser } from '../auth/auth.service.js';
import { importDay } from '../extract/extract.service.js';
import { deriveDeferredAccounts, deriveDeferredDay, deriveDeferredMonth, tuneTransaction } from '../figures/figures.service.js';
import { deriveIntelligence, trainChurnAndDerive } from '../intelligence/intelligence.derive.js';
import { importOrg } from '../org/org.service.js';
import { FAMILIES } from '../products/targets.sql.js';
import { lockFamilyTraining, trainTargetModel, type CutoffCache, type Family } from '../products/targets.train.js';
import { adoptDemoContacts, DEMO_HISTORY_USER, loadDemoContacts, loadDemoProspects } from './demo-contacts.js';
import { seedDemoTraining } from '../training/training.demo.js';
import { DEMO_FACTS, demoPeople, type DemoPerson } from './demo-facts.js';
import { customerSpaceDemoLogins } from '../customer-space/customer-space.service.js';
import { addTiming, profiled, profileLines, profiling } from '../../lib/profile.js';

export const DEMO_PASSWORD = 'demo2026';

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  who: string;
}

/** The stages a demo build reports (the start-up progress, modules/startup). */
export interface DemoBuildProgress {
  enter(stage: 'GENERATING' | 'ORG' | 'LOGINS', daysTotal?: number): void;
  dayImported(): void;
}

/** The build stopped because the process is stopping (Ctrl-C): not a failure. */
export class DemoBuildStopped extends Error {
  constructor() {
    super('the demo build was stopped');
    this.name = 'DemoBuildStopped';
  }
}

/** The demo of an earlier first start that did not finish (the process stopped or failed while loading). */
export async function demoLoadInterrupted(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ status: string }>(`select value->>'status' as status from settings where key = 'demo'`);
  return rows[0]?.status === 'loading';
}

/** True when nothing was ever loaded: no trading day, customer, staff member or user. */
export async function isEmptyDatabase(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ any: boolean }>(
    // system logins (users.system, e.g. a migration's customer-space recorder) are schema, not data
    `select exists(select 1 from trading_days) or exists(select 1 from customers) or exists(select 1 from staff) or exists(select 1 from users where not system) as any`,
  );
  return !rows[0]?.any;
}

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'crm.ts');

async function completedDays(extractDir: string): Promise<string[]> {
  if (!existsSync(extractDir)) return [];
  const names = (await fs.readdir(extractDir)).filter((n) => /^\d{8}$/.test(n)).sort();
  return names.filter((n) => existsSync(path.join(extractDir, n, 'manifest.json')));
}

/**
 * Whether an unfinished demo build may be wiped: nothing in the database comes from anyone but the
 * demo build (no user but the disabled one that recorded the demo's contacts, since the logins
 * commit with the 'ready' status; every import run is the demo's own).
 */
export async function onlyUnfinishedDemo(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ other: boolean }>(
    `select exists(select 1 from users where username <> $1 and not system) or exists(select 1 from import_runs where started_by <> 'startup:demo') as other`,
    [DEMO_HISTORY_USER],
  );
  return !rows[0]?.other;
}

/**
 * Empties the database of an unfinished demo build: every table, partition, function and the
 * extension in the public schema go, to be created again by the migrations (the caller runs them).
 * Only for a database that `onlyUnfinishedDemo` cleared.
 */
export async function wipeUnfinishedDemo(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('drop schema public cascade');
    await client.query('create schema public');
  });
}

export interface SeedOptions {
  dataDir: string;
  customers: number;
  days: number;
  log: (m: string) => void;
  /** stage and day counts for the start-up progress */
  progress?: DemoBuildProgress;
  /** aborted when the process stops: the generator is killed and seedDemo rejects with DemoBuildStopped */
  signal?: AbortSignal;
  /**
   * The database is the first start's own embedded cluster (main.ts), which nothing else uses: the
   * build may then write no full-page images (relaxDurability). Never for a shared server (the benchmarks).
   */
  ownCluster?: boolean;
}

/**
 * What the first start's embedded cluster runs with while it loads the demo (ALTER SYSTEM, reloaded):
 * - no full-page images (full_page_writes = off): with the data checksums of PostgreSQL 18 every page
 *   first written or hinted after a checkpoint went to the WAL whole — 1.9 of the build's 8.9 GB of WAL
 *   (decisions.md "Demo build: no full-page images while it loads"). A crash mid-build can then tear a
 *   page, but an unfinished demo is wiped and built again at the next start (main.ts);
 * - statistics from 3,000 sampled rows instead of 30,000 (default_statistics_target = 10): autovacuum
 *   analyzes each growing partition again every minute or so, and its analyses of the 70-column daily
 *   summaries were a fifth of the build's PostgreSQL CPU (performance.md "Part D"); the build's
 *   statements need only the day's and the key's estimates. analyzeDemo gives every table its full
 *   statistics once the demo is ready.
 * restoreDurability puts both back before the demo is marked ready.
 */
const BUILD_SETTINGS: Readonly<Record<string, string>> = { full_page_writes: 'off', default_statistics_target: '10' };

async function relaxDurability(pool: pg.Pool): Promise<void> {
  for (const [name, value] of Object.entries(BUILD_SETTINGS)) await pool.query(`alter system set ${name} = ${value}`);
  await pool.query(`select pg_reload_conf()`);
}

/**
 * Puts the build's settings back (a no-op when the cluster's own configuration does not set them) and,
 * when full_page_writes was off, takes a checkpoint that began with it on: every page written while it
 * was off is then on disk, and every change after that checkpoint logs its page whole again, as before
 * the build. Called at the end of the demo build, and at a start that finds an interrupted build it
 * will not rebuild.
 */
export async function restoreDurability(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    `select distinct name from pg_file_settings where name = any($1::text[]) and sourcefile like '%postgresql.auto.conf'`, [Object.keys(BUILD_SETTINGS)]);
  if (!rows.length) return;
  for (const { name } of rows) await pool.query(`alter system reset ${name}`);
  await pool.query(`select pg_reload_conf()`);
  if (!rows.some((r) => r.name === 'full_page_writes')) return;
  // the checkpointer takes the reloaded setting at its next loop: checkpoint until one began with it on
  for (let attempt = 0; attempt < 50; attempt++) {
    await pool.query('checkpoint');
    const { rows: done } = await pool.query<{ on: boolean }>(`select full_page_writes as on from pg_control_checkpoint()`);
    if (done[0]?.on) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('full_page_writes did not come back on after the demo build (pg_control_checkpoint)');
}

/**
 * Full statistics for every table of the demo, once it is ready (the build sampled few rows:
 * BUILD_SETTINGS), before its models are trained: the plans of the pages and of the training read them.
 */
export async function analyzeDemo(pool: pg.Pool, log: (m: string) => void): Promise<void> {
  const started = Date.now();
  await pool.query('analyze');
  log(`  analyzed the demo's tables in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function seedDemo(pool: pg.Pool, opts: SeedOptions): Promise<DemoLogin[]> {
  const started = Date.now();
  const out = path.join(opts.dataDir, 'demo');
  await pool.query(`insert into settings (key, value, updated_by) values ('demo', '{"status":"loading"}', 'startup')
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
  await fs.rm(out, { recursive: true, force: true });
  if (opts.ownCluster) await relaxDurability(pool);
  opts.log(`First start: building the demo brokerage (${opts.customers.toLocaleString('en-US')} customers, ${opts.days} trading days) in ${out} …`);
  opts.progress?.enter('GENERATING', opts.days);

  const generator = startGenerator(out, opts.customers, opts.days);
  const stopGenerator = () => generator.stop();
  opts.signal?.addEventListener('abort', stopGenerator, { once: true });
  try {
    await importDemoDays(pool, path.join(out, 'extract'), generator, { ...opts, started });
  } finally {
    opts.signal?.removeEventListener('abort', stopGenerator);
    generator.stop();
  }
  stopIfAborted(opts.signal);

  opts.progress?.enter('ORG');
  const orgStarted = Date.now();
  // the org import also derives the staff figures (attribution) of every imported day, in the same transaction
  const org = await importOrg(pool, path.join(out, 'org'), { startedBy: 'startup:demo' });
  stopIfAborted(opts.signal);
  if (org.status !== 'SUCCEEDED') {
    throw new Error(`The demo org files were refused:\n  ${org.problems.slice(0, 5).map((p) => `${p.file}:${p.line}:${p.column} ${p.reason}`).join('\n  ')}`);
  }
  opts.log(`  loaded teams, staff and relationships, and derived the staff figures, in ${((Date.now() - orgStarted) / 1000).toFixed(1)} s`);
  // 接触记录 and 潜在客户 (approved appointments): not in the extract; loaded once the staff and relationships are in
  const contactsStarted = Date.now();
  const service = await inTransaction(pool, async (client) => ({
    contacts: await loadDemoContacts(client, path.join(out, 'contacts.csv')),
    prospects: await loadDemoProspects(client, path.join(out, 'prospects.csv')),
  }));
  // fresh statistics for what was just loaded: the plans below (training, scoring, labels) read them
  await pool.query('analyze contacts, prospects, relationships, staff');
  stopIfAborted(opts.signal);
  opts.log(`  loaded ${service.contacts.toLocaleString('en-US')} contact records and ${service.prospects} appointments in ${((Date.now() - contactsStarted) / 1000).toFixed(1)} s`);
  // 客户洞察 of the latest day, once the relationships (the labels' serving staff) are in
  const intelStarted = Date.now();
  await inTransaction(pool, (client) => deriveIntelligence(client));
  opts.log(`  derived the customers' intelligence of the latest day in ${((Date.now() - intelStarted) / 1000).toFixed(1)} s`);
  // durable again before anyone can use the demo
  if (opts.ownCluster) await restoreDurability(pool);
  opts.progress?.enter('LOGINS');
  // the logins and the 'ready' status commit together: users exist only in a finished demo
  const logins = await createDemoLogins(pool, async (client) => {
    // the churn model is trained after (trainDemoChurnModel): until then the experience rules score
    await client.query(`update settings set value = '{"status":"ready","churnModel":"pending"}', updated_at = now() where key = 'demo'`);
  });
  opts.log(`Demo brokerage ready in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (profiling()) opts.log(`  where the build's time went (CRM_PROFILE):\n    ${profileLines().join('\n    ')}`);
  return logins;
}

/** Whether the demo's churn model is still to be trained (seedDemo left it pending; a stop during the training leaves it so). */
export async function demoChurnModelPending(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ pending: boolean }>(`select value->>'churnModel' = 'pending' as pending from settings where key = 'demo'`);
  return rows[0]?.pending === true;
}

/**
 * The demo's churn model, trained in the background once the demo is ready (a training over its
 * 120 days takes ~20 s, which the newcomer need not wait for: meanwhile the experience rules
 * score, as in any deployment before its first training). Under the importer's lock, in one
 * transaction with the re-scoring of the latest day (the model's reasons, CHURN_RISK, the crossing
 * alerts), the labels and the groups, and the demo's own threshold; a stop rolls it back and the
 * next start trains again.
 */
export async function trainDemoChurnModel(pool: pg.Pool, log: (m: string) => void): Promise<void> {
  const started = Date.now();
  const churn = await inTransaction(pool, async (client) => {
    await tuneTransaction(client);
    // the demo brokerage's own 潜在流失 threshold for its model's probabilities (系统设置 → 流失预警): at its
    // churn rate (~1 % of customers in 40 trading days) a probability of 0.1 is about nine times the base
    // rate, and lists ~1 % of the customers — the default 0.5 would list a dozen (decisions.md). Set first,
    // within the same transaction, so that the derivation after the training reads it; rolled back with it
    // when no model is kept: the experience rules keep the default 0.5, since at 0.1 a customer never
    // contacted would be at risk on that rule alone
    const threshold = (value: string) => client.query(
      `update settings set value = jsonb_set(value, '{threshold}', to_jsonb($1::text)), updated_at = now(), updated_by = 'startup:demo' where key = 'churn'`, [value]);
    const { rows } = await client.query<{ threshold: string }>(`select value->>'threshold' as threshold from settings where key = 'churn'`);
    await threshold('0.1');
    const result = await trainChurnAndDerive(client, 'startup:demo');
    if (result.noModelReason) await threshold(rows[0]!.threshold);
    await client.query(`update settings set value = value - 'churnModel', updated_at = now() where key = 'demo'`);
    return result;
  });
  log(churn.noModelReason
    ? `  no churn model for the demo: ${churn.noModelReason} (${churn.metrics.days} trading days); the experience rules score`
    : `  trained the demo's churn model in ${((Date.now() - started) / 1000).toFixed(1)} s: out-of-time AUC ${churn.metrics.auc} (rules alone ${churn.metrics.rulesAuc}), ` +
      `top 10 % precision ${churn.metrics.precisionAtTop10}, lift ${churn.metrics.liftAtTop10}`);
}

/**
 * The demo's target-customer models (目标客户挖掘), one per product family, trained in the background
 * after the churn model so that a newcomer's first 目标客户 tab answers at once instead of training
 * lazily inside the request. Nothing when a model is already stored (a later start, a request was
 * first). Each family in its own transaction, under the lock a lazy request takes too.
 */
export async function trainDemoTargetModels(pool: pg.Pool, log: (m: string) => void): Promise<void> {
  if ((await pool.query('select 1 from product_target_models limit 1')).rowCount) return;
  const started = Date.now();
  const families = (await pool.query<Family>(FAMILIES)).rows;
  const cache: CutoffCache = new Map(); // the cut-off days' features, read once for every family
  let models = 0;
  for (const family of families) {
    const trained = await inTransaction(pool, async (client) => {
      await tuneTransaction(client);
      await lockFamilyTraining(client, family);
      return trainTargetModel(client, family, { by: 'startup:demo', cache });
    });
    if (!trained.noModelReason) models++;
  }
  log(`  trained the demo's target-customer models in ${((Date.now() - started) / 1000).toFixed(1)} s: ${models} of ${families.length} product families`);
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DemoBuildStopped();
}

interface Generator {
  /** the exit code once the child has exited */
  exitCode(): number | undefined;
  stderr(): string;
  stop(): void;
}

/** `crm demo` in a child process (the second core), writing day folders, each manifest last. */
function startGenerator(out: string, customers: number, days: number): Generator {
  const child = fork(CLI, ['demo', '--customers', String(customers), '--days', String(days), '--out', out], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let childErr = '';
  let exitCode: number | undefined;
  child.stderr?.on('data', (d: Buffer) => {
    childErr = (childErr + d.toString()).slice(-4000);
  });
  child.on('exit', (code) => {
    exitCode = code ?? 1;
  });
  child.on('error', (err) => {
    childErr += `\n${err.message}`;
    exitCode ??= 1;
  });
  return {
    exitCode: () => exitCode,
    stderr: () => childErr,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/**
 * Imports each day folder the generator finishes, in date order. A pipeline on four connections:
 * while one imports day N + 2, another derives day N + 1's per-account figures (they depend on no
 * other day) and the third day N's per-customer figures and alerts (each needs the day before). The
 * first import of a month waits for every derivation before it, since it creates the month's
 * partitions (which locks out every reader of those tables); once it has, the finished month's
 * summary is derived on the fourth connection (after the month before's: its running totals) while
 * the new month's days are imported and derived — no longer on the per-customer chain, which the
 * import waits for at most two days behind.
 */
async function importDemoDays(
  pool: pg.Pool,
  extractDir: string,
  generator: Generator,
  opts: SeedOptions & { started: number },
): Promise<void> {
  const imported = new Set<string>();
  let rows = 0;
  const stage = new Stages();
  let accounts: Promise<void> = Promise.resolve(); // the account stage of the newest imported day
  let customers: Promise<void> = Promise.resolve(); // the customer stage of the newest imported day
  let previousCustomers: Promise<void> = Promise.resolve(); // … and of the day before (the import waits for it: at most two days ahead)
  let months: Promise<void> = Promise.resolve(); // the summary of the newest finished month
  let lastMonth = '';
  const monthOf = (name: string) => `${name.slice(0, 4)}-${name.slice(4, 6)}-01`;
  const settled = () => Promise.all([accounts, customers, months]).then(() => undefined);
  // a month's summary once its last day's customer figures are in, after the month before's (its running totals)
  const monthStage = (month: string) => stage.after([months, customers], 'demo: month stage (deriveDeferredMonth)', () => deriveDeferredMonth(pool, month));
  try {
    for (;;) {
      const done = generator.exitCode() !== undefined;
      const ready = (await completedDays(extractDir)).filter((d) => !imported.has(d));
      for (const name of ready) {
        stopIfAborted(opts.signal);
        stage.rethrow();
        // the month before is complete: its summary is computed once rather than day by day, after this import
        const finishedMonth = monthOf(name) !== lastMonth ? lastMonth : '';
        if (monthOf(name) !== lastMonth) await profiled('demo: import waits for the month\'s derivations', settled);
        lastMonth = monthOf(name);
        await profiled('demo: import waits for the customer stage of the day before', () => previousCustomers);
        const r = await profiled('demo: importDay', () => importDay(pool, path.join(extractDir, name), { startedBy: 'startup:demo', deferDerivation: true, trusted: true }));
        for (const [phase, ms] of Object.entries(r.phasesMs)) addTiming(`demo: importDay ${phase}`, ms);
        stopIfAborted(opts.signal);
        if (r.status !== 'SUCCEEDED') {
          const first = r.problems.slice(0, 5).map((p) => `${p.file}:${p.line ?? ''}:${p.column ?? ''} ${p.reason}`).join('\n  ');
          throw new Error(`The demo day ${name} was refused by the importer:\n  ${first}`);
        }
        if (finishedMonth) months = monthStage(finishedMonth);
        const day = r.tradeDate!;
        accounts = stage.after([accounts], 'demo: accounts stage (deriveDeferredAccounts)', () => deriveDeferredAccounts(pool, day));
        previousCustomers = customers;
        customers = stage.after([customers, accounts], 'demo: customer stage, day (deriveDeferredDay)',
          () => deriveDeferredDay(pool, day, { month: false, staff: false }));
        imported.add(name);
        opts.progress?.dayImported();
        rows += r.rows;
        if (imported.size % 10 === 0 || imported.size === opts.days) {
          opts.log(`  imported ${imported.size}/${opts.days} days (${r.tradeDate}), ${rows.toLocaleString('en-US')} rows, ${((Date.now() - opts.started) / 1000).toFixed(0)} s`);
        }
      }
      stopIfAborted(opts.signal);
      if (done && ready.length === 0) break;
      if (!ready.length) await profiled('demo: import waits for the generator', () => new Promise((r) => setTimeout(r, 200)));
    }
    if (lastMonth) months = monthStage(lastMonth);
    await settled();
  } finally {
    // a failed or stopped build still waits for the derivations in flight (rolled back when cancelled)
    await Promise.allSettled([accounts, customers, months]);
  }
  stopIfAborted(opts.signal);
  const exitCode = generator.exitCode();
  if (exitCode !== 0) throw new Error(`The demo generator failed (exit ${exitCode}):\n${generator.stderr()}`);
}

/**
 * The stages of the day pipeline: each runs after the stages it needs, on a connection of its own.
 * A failed stage fails every stage after it; the import loop learns of the first failure before its
 * next day (rethrow) rather than at the end. No stage is left an unhandled rejection meanwhile.
 */
class Stages {
  private failure: { error: unknown } | undefined;

  after(before: readonly Promise<void>[], name: string, run: () => Promise<void>): Promise<void> {
    const stage = Promise.all(before).then(() => profiled(name, run));
    stage.catch((error: unknown) => {
      this.failure ??= { error };
    });
    return stage;
  }

  rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

interface Person {
  staff_no: string;
  name: string;
  branch_code: string;
  team_code: string | null;
}

/** What each demo role is called in the start-up listing (the staff member's name and number follow). */
const ROLE_WORDS: Readonly<Record<DemoPerson['role'], string>> = {
  ADMIN: '系统管理员 administrator',
  HQ: '总部 headquarters',
  COMPLIANCE: '合规 compliance (sees personal information)',
  BRANCH_MANAGER: '营业部经理',
  TEAM_LEAD: '团队长',
  BROKER: '经纪人',
  SERVICE: '客服',
};

/**
 * The demo logins of DEMO_FACTS (demo-facts.ts: the same staff numbers for every seed and size,
 * as the README lists them), each linked to its staff member of the loaded organisation.
 */
async function demoLoginsWanted(pool: pg.Pool): Promise<Array<{ username: string; role: string; staff?: Person; who: string }>> {
  const people = demoPeople();
  const staffNos = people.flatMap((p) => (p.staffNo ? [p.staffNo] : []));
  const { rows } = await pool.query<Person>(`select staff_no, name, branch_code, team_code from staff where staff_no = any($1::text[]) and status = 'ACTIVE'`, [staffNos]);
  const staff = new Map(rows.map((r) => [r.staff_no, r]));
  return people.map((p) => {
    if (p.staffNo === null) return { username: p.username, role: p.role, who: ROLE_WORDS[p.role] };
    const s = staff.get(p.staffNo);
    if (!s) throw new Error(`the demo has no active staff member ${p.staffNo} for the ${p.username} login`);
    const where = p.role === 'BRANCH_MANAGER' ? `, ${s.branch_code}` : p.role === 'TEAM_LEAD' ? `, ${s.team_code ?? ''}` : '';
    return { username: p.username, role: p.role, staff: s, who: `${ROLE_WORDS[p.role]} ${s.name} (${s.staff_no}${where})` };
  });
}

/** Creates the demo logins in one transaction, with `alsoInTransaction` (the 'ready' status) committed beside them. */
export async function createDemoLogins(pool: pg.Pool, alsoInTransaction?: (client: pg.PoolClient) => Promise<void>): Promise<DemoLogin[]> {
  const wanted = await demoLoginsWanted(pool);
  await inTransaction(pool, async (client) => {
    for (const w of wanted) {
      await createUser(client, { username: w.username, password: DEMO_PASSWORD, role: w.role, staffNo: w.staff?.staff_no, displayName: w.staff?.name ?? w.who });
    }
    // each login linked to a staff member takes over that member's contact records and follow-ups
    await adoptDemoContacts(client);
    // 培训考试: courses, a bank, exams and attempts, head office's
    const [headOffice] = (await client.query<{ id: string }>(`select id::text from users where role = 'HQ' and not system order by id limit 1`)).rows;
    if (headOffice) await seedDemoTraining(client, headOffice.id);
    // the call-center agents' extensions (呼叫中心坐席)
    for (const p of demoPeople().filter((person) => person.extension)) {
      await client.query(`insert into cti_agents (extension, user_id) select $1, id from users where username = $2`, [p.extension, p.username]);
    }
    await alsoInTransaction?.(client);
  });
  // 客户专属空间 (/my): two demo customers sign in with their mobile and the SMS code of the embedded gateway
  const customers = await customerSpaceDemoLogins(pool, [DEMO_FACTS.customers.wealthy, DEMO_FACTS.customers.split]);
  return [
    ...wanted.map((w) => ({ username: w.username, password: DEMO_PASSWORD, role: w.role, who: w.who })),
    ...customers.map((c) => ({ username: c.mobile, password: '短信验证码', role: 'CUSTOMER (/my)', who: `客户 ${c.name} (${c.customerNo})，验证码见 系统管理 → 邮件与短信收件箱` })),
  ];
}

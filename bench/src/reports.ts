/**
 * `npm run bench -- reports [--customers 100000] [--days 250] [--runs 20] [--raw-runs 3] [--only id,id]
 *   [--scopes branch,HQ] [--no-raw] [--no-duckdb] [--no-xlsx] [--build-only]`
 *
 * On the demo brokerage at the chosen scale (built once through the demo loader and kept: see
 * reports-db.ts), in one run:
 *   - every report through the HTTP API over a real socket on 127.0.0.1 (login cookie, scope, validation,
 *     SQL, rounding, JSON, the whole answer received)
 *     as a branch manager (branch scope) and as headquarters, N runs after a warm-up, p50/p95;
 *   - the same answer by one SQL query straight over the raw facts (reports-raw.ts), timed, and
 *     compared with the report's rows (shown values; a mismatch is reported loudly);
 *   - the same raw-facts query on DuckDB over the same tables exported to Parquet, timed;
 *   - the Excel export of customer-assets at headquarters scope (every customer, ~100,000 rows)
 *     streamed over HTTP to a file in a child process, with its peak RSS, once as is and once with
 *     the Node heap capped at 96 MB; the file is read back and checked against the JSON report.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp } from '../../server/src/app.js';
import { addMonths, monthBounds } from '../../server/src/lib/dates.js';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/seed.js';
import { REPORTS } from '../../server/src/modules/reports/reports.registry.js';
import { reportJsonRows } from '../../server/src/modules/reports/reports.service.js';
import { showValue, type Shown } from '../../server/src/modules/reports/reports.rules.js';
import { duckDbOverParquet, type DuckRunner } from './reports-duckdb.js';
import { branchScope, POSTGRES, RAW, type RawParams } from './reports-raw.js';
import { OUT, reportsDb } from './reports-db.js';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}
function argText(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

const log = (m: string) => console.error(m);

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function timed<T>(n: number, fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms: ms.sort((a, b) => a - b), last: last as T };
}

// ---------------------------------------------------------------- parameters from the data

interface Case {
  id: string;
  params: RawParams;
}


export async function casesFor(pool: pg.Pool, branch: string): Promise<{ cases: Case[]; lastDay: string }> {
  const { rows } = await pool.query<{ first: string; last: string }>(`select min(trade_date) as first, max(trade_date) as last from trading_days`);
  const first = rows[0]!.first;
  const lastDay = rows[0]!.last;
  // the last (up to) three calendar months before the last day's month that the data covers whole
  // (a month counts only when the data starts in an earlier month): a quarter when there is one
  const months: string[] = [];
  while (months.length < 3) {
    const m = addMonths(months[0] ?? lastDay.slice(0, 7), -1);
    if (first.slice(0, 7) >= m) break;
    months.unshift(m);
  }
  // a database of a few days (the scale bench: 1,000,000 customers × 5 days) has no whole month: its last month, as far as the data goes
  const partial = !months.length;
  if (partial) months.push(lastDay.slice(0, 7));
  const monthFrom = months[0]!;
  const monthTo = months[months.length - 1]!;
  const from = partial ? first : `${monthFrom}-01`;
  const to = partial ? lastDay : monthBounds(monthTo).last;
  return {
    lastDay,
    cases: [
      { id: 'customer-assets', params: { openFrom: '1990-01-01', openTo: lastDay, from, to } },
      { id: 'commission-rate', params: { monthFrom, monthTo } },
      { id: 'asset-extremes', params: { from, to } },
      { id: 'trading-stats', params: { monthFrom, monthTo, groupBy: 'branch' } },
      { id: 'customer-ranking', params: { from, to, by: 'netCommission', limit: 100 } },
      { id: 'tier-distribution', params: { date: lastDay } },
      { id: 'asset-trend', params: { months: 6 } },
      { id: 'staff-monthly', params: { month: monthTo } },
      { id: 'team-marketing', params: { branch, openFrom: `${lastDay.slice(0, 4)}-01-01`, openTo: lastDay, monthFrom, monthTo } },
      { id: 'relationship-assets', params: { date: lastDay } },
    ],
  };
}

// ---------------------------------------------------------------- comparing answers

type Row = Record<string, Shown>;

interface Comparison {
  apiRows: number;
  rawRows: number;
  exact: number;
  /** Values that differ by one unit of the shown last place (the summaries store 6 decimals). */
  lastPlace: number;
  mismatches: string[];
}

function compareRows(id: string, api: Row[], raw: Row[]): Comparison {
  const columns = REPORTS.get(id)!.columns;
  const out: Comparison = { apiRows: api.length, rawRows: raw.length, exact: 0, lastPlace: 0, mismatches: [] };
  if (api.length !== raw.length) out.mismatches.push(`row count: report ${api.length}, raw facts ${raw.length}`);
  const n = Math.min(api.length, raw.length);
  for (let i = 0; i < n && out.mismatches.length < 10; i++) {
    for (const c of columns) {
      const a = api[i]![c.key] ?? null;
      const b = raw[i]![c.key] ?? null;
      if (a === b) {
        out.exact++;
        continue;
      }
      const unit = c.kind === 'money' || c.kind === 'count' ? 0.01 : c.kind === 'rate' ? 0.000001 : 0;
      if (unit && a !== null && b !== null && Math.abs(Number(a) - Number(b)) <= unit * 1.000001) {
        out.lastPlace++;
        continue;
      }
      out.mismatches.push(`row ${i} ${c.key}: report ${JSON.stringify(a)}, raw facts ${JSON.stringify(b)} (${JSON.stringify(api[i])})`);
    }
  }
  return out;
}

function shownRows(id: string, rows: Record<string, unknown>[]): Row[] {
  const columns = REPORTS.get(id)!.columns;
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, showValue(c.kind, r[c.key])])));
}

// ---------------------------------------------------------------- the run

interface Scope {
  name: 'branch' | 'HQ';
  username: string;
  branch: string | null;
  cookie: string;
  user: { role: string; staffNo: string | null };
}

async function login(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'crm_session');
  if (!c) throw new Error(`login ${username}: no session cookie`);
  return `crm_session=${c.value}`;
}

export const query = (params: RawParams) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

interface Measured {
  id: string;
  scope: string;
  rows: number;
  p50: number;
  p95: number;
  /** The report's SQL alone (reportJsonRows: the same snapshot, settings, text and values), without HTTP, session and validation. */
  sql: { p50: number; p95: number };
  raw?: { p50: number; cmp: Comparison };
  duck?: { p50: number; rows: number };
}

export async function run(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const days = arg(argv, '--days', 250);
  const runs = arg(argv, '--runs', 20);
  const rawRuns = arg(argv, '--raw-runs', 3);
  const only = argText(argv, '--only')?.split(',');
  const scopeNames = argText(argv, '--scopes')?.split(',');
  if (argv.includes('--xlsx-child')) return xlsxChild(argv);

  const db = await reportsDb({ customers, days, log });
  if (argv.includes('--build-only')) {
    await db.pool.end();
    return;
  }
  const pool = db.pool;
  const manager = (
    await pool.query<{ branch_code: string; staff_no: string }>(
      `select s.branch_code, s.staff_no from users u join staff s on s.staff_no = u.staff_no where u.username = 'manager'`,
    )
  ).rows[0];
  if (!manager) throw new Error('no demo branch manager');
  const { cases, lastDay } = await casesFor(pool, manager.branch_code);
  const tiers = (await pool.query<{ value: { name: string; min: string }[] }>(`select value from settings where key = 'tiers'`)).rows[0]!.value;
  // the business day after the last trading day, 10:00 in Shanghai
  const now = new Date(new Date(`${lastDay}T02:00:00Z`).getTime() + 86_400_000);
  const app = await buildApp({ pool, now: () => now });
  // the API is timed over real HTTP on 127.0.0.1 (keep-alive), as a browser or another system calls it:
  // app.inject simulates the socket in JavaScript and adds ~90 ms to a 4.5 MB answer that a socket sends in ~15 ms
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const scopes: Scope[] = [
    {
      name: 'branch', username: 'manager', branch: manager.branch_code, cookie: await login(app, 'manager'),
      user: { role: 'BRANCH_MANAGER', staffNo: manager.staff_no },
    },
    { name: 'HQ', username: 'headoffice', branch: null, cookie: await login(app, 'headoffice'), user: { role: 'HQ', staffNo: null } },
  ];

  let duck: DuckRunner | undefined;
  if (!argv.includes('--no-duckdb') && !argv.includes('--no-raw')) {
    duck = await duckDbOverParquet(pool, path.join(OUT, `${db.name}-parquet`), log);
  }

  const results: Measured[] = [];
  let hqCustomerAssets: Row[] = [];
  // branch scope first (the bar is set there), then headquarters
  for (const scope of scopes) {
    if (scopeNames && !scopeNames.includes(scope.name)) continue;
    for (const c of cases) {
      if (only && !only.includes(c.id)) continue;
      const url = `/api/reports/${c.id}?${query(c.params)}`;
      const call = async () => {
        const res = await fetch(base + url, { headers: { cookie: scope.cookie } });
        const bytes = Buffer.from(await res.arrayBuffer()); // the whole answer received, not parsed (a client's own work)
        if (res.status !== 200) throw new Error(`${url} as ${scope.username}: ${res.status} ${bytes.toString('utf8', 0, 500)}`);
        return bytes;
      };
      await call(); // warm-up
      await call();
      const t = await timed(runs, call);
      const body = JSON.parse(t.last.toString('utf8')) as { rows: Row[] };
      // the database's part of the call: the same snapshot, settings and SQL (rows rendered as JSON there)
      const report = REPORTS.get(c.id)!;
      const prepared = { report, ...report.prepare({ user: scope.user, asOf: lastDay }, Object.fromEntries(new URLSearchParams(query(c.params)))) };
      await reportJsonRows(pool, prepared);
      const sqlOnly = await timed(Math.min(runs, 10), () => reportJsonRows(pool, prepared));
      const m: Measured = {
        id: c.id, scope: scope.name, rows: body.rows.length, p50: percentile(t.ms, 50), p95: percentile(t.ms, 95),
        sql: { p50: percentile(sqlOnly.ms, 50), p95: percentile(sqlOnly.ms, 95) },
      };
      if (c.id === 'customer-assets' && scope.name === 'HQ') hqCustomerAssets = body.rows;
      log(`${c.id} @ ${scope.name}: ${m.rows} rows, p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms; SQL alone p50 ${m.sql.p50.toFixed(1)} ms, p95 ${m.sql.p95.toFixed(1)} ms`);

      if (!argv.includes('--no-raw')) {
        const sql = RAW[c.id]!(c.params, branchScope(scope.branch), POSTGRES, tiers);
        if (rawRuns > 1) await pool.query(sql); // warm-up (with one run, the run alone: the facts were just read by the export)
        const r = await timed(rawRuns, () => pool.query<Record<string, unknown>>(sql));
        const cmp = compareRows(c.id, body.rows, shownRows(c.id, r.last.rows));
        m.raw = { p50: percentile(r.ms, 50), cmp };
        log(`  raw facts: p50 ${m.raw.p50.toFixed(1)} ms; ${cmp.exact} values equal, ${cmp.lastPlace} within the last shown place`);
        if (cmp.mismatches.length) {
          log(`  !!! MISMATCH between the report and the raw facts (${c.id} @ ${scope.name}):\n    ${cmp.mismatches.join('\n    ')}`);
        }
        if (duck) {
          const dsql = RAW[c.id]!(c.params, branchScope(scope.branch), duck.dialect, tiers);
          if (rawRuns > 1) await duck.query(dsql);
          const d = await timed(rawRuns, () => duck!.query(dsql));
          m.duck = { p50: percentile(d.ms, 50), rows: d.last };
          log(`  DuckDB: p50 ${m.duck.p50.toFixed(1)} ms, ${d.last} rows${d.last !== body.rows.length ? ' !!! ROW COUNT DIFFERS' : ''}`);
        }
      }
      results.push(m);
    }
  }

  let xlsx: string[] = [];
  if (!argv.includes('--no-xlsx')) {
    const ca = cases.find((c) => c.id === 'customer-assets')!;
    if (!hqCustomerAssets.length) {
      const res = await app.inject({ method: 'GET', url: `/api/reports/customer-assets?${query(ca.params)}`, headers: { cookie: scopes[1]!.cookie } });
      hqCustomerAssets = res.json<{ rows: Row[] }>().rows;
    }
    xlsx = await excelExport(app, scopes[1]!, `/api/reports/customer-assets?${query(ca.params)}&format=xlsx`, hqCustomerAssets, customers, days);
  }
  await app.close();
  await duck?.close();

  const sizes = await tableSizes(pool);
  await pool.end();
  console.log(report({ db: db.name, info: db.info, runs, rawRuns, results, sizes, xlsx, cases, branch: manager.branch_code }));
}

// ---------------------------------------------------------------- the Excel export, in a child process

interface ChildResult {
  rows: number;
  bytes: number;
  ms: number;
  peakRssMb: number;
  startRssMb: number;
  heapLimitMb: number;
}

/** Runs the export in a child process (so its RSS is the export's alone), as is and with the heap capped. */
async function excelExport(app: FastifyInstance, hq: Scope, url: string, json: Row[], customers: number, days: number): Promise<string[]> {
  const file = path.join(OUT, `customer-assets-${customers}x${days}.xlsx`);
  const runChild = (cap?: number) =>
    new Promise<ChildResult>((resolve, reject) => {
      const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run.ts');
      const execArgv = ['--import', 'tsx', ...(cap ? [`--max-old-space-size=${cap}`] : [])];
      const child = spawn(process.execPath, [...execArgv, script, 'reports', '--xlsx-child', '--customers', String(customers), '--days', String(days),
        '--url', url, '--cookie', hq.cookie, '--file', file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : reject(new Error(`xlsx child exited ${code}: ${out}`))));
    });
  void app;
  const free = await runChild();
  log(`xlsx export: ${free.rows} rows, ${(free.bytes / 2 ** 20).toFixed(1)} MB in ${(free.ms / 1000).toFixed(1)} s, peak RSS ${free.peakRssMb.toFixed(0)} MB (start ${free.startRssMb.toFixed(0)})`);
  const capped = await runChild(96);
  log(`xlsx export, heap capped at 96 MB: ${capped.rows} rows in ${(capped.ms / 1000).toFixed(1)} s, peak RSS ${capped.peakRssMb.toFixed(0)} MB (start ${capped.startRssMb.toFixed(0)})`);

  // read the file back and check it against the JSON report
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0]!;
  const header = 5; // title, parameters, time, blank, column titles
  const dataRows = sheet.rowCount - header;
  const columns = REPORTS.get('customer-assets')!.columns;
  const problems: string[] = [];
  if (dataRows !== json.length) problems.push(`rows: file ${dataRows}, JSON ${json.length}`);
  const picks = [0, 1, Math.floor(json.length / 2), json.length - 1].filter((i) => i >= 0 && i < json.length);
  for (const i of picks) {
    const row = sheet.getRow(header + 1 + i);
    columns.forEach((c, k) => {
      const cell = row.getCell(k + 1).value;
      const want = json[i]![c.key];
      const same = typeof cell === 'number' ? Math.abs(cell - Number(want)) < 1e-9 : String(cell) === String(want);
      if (!same) problems.push(`row ${i} ${c.key}: file ${JSON.stringify(cell)}, JSON ${JSON.stringify(want)}`);
    });
  }
  const total = (key: string) => json.reduce((s, r) => s + Number(r[key]), 0);
  let fileAssetSum = 0;
  for (let i = 0; i < dataRows; i++) fileAssetSum += Number(sheet.getRow(header + 1 + i).getCell(5).value);
  if (Math.abs(fileAssetSum - total('assetSum')) > 1) problems.push(`Σ assetSum: file ${fileAssetSum}, JSON ${total('assetSum')}`);
  if (problems.length) log(`!!! the xlsx file does not match the JSON report:\n  ${problems.join('\n  ')}`);
  else log(`xlsx read back with exceljs: ${dataRows} rows, rows ${picks.join(', ')} and Σ assetSum equal to the JSON report`);
  return [
    `| export | rows | file | time | peak RSS (at start) |`,
    `|---|---:|---:|---:|---:|`,
    `| customer-assets, HQ, xlsx over HTTP | ${free.rows.toLocaleString('en-US')} | ${(free.bytes / 2 ** 20).toFixed(1)} MB | ${(free.ms / 1000).toFixed(1)} s | ${free.peakRssMb.toFixed(0)} MB (${free.startRssMb.toFixed(0)} MB) |`,
    `| the same, Node heap capped (--max-old-space-size=96) | ${capped.rows.toLocaleString('en-US')} | ${(capped.bytes / 2 ** 20).toFixed(1)} MB | ${(capped.ms / 1000).toFixed(1)} s | ${capped.peakRssMb.toFixed(0)} MB (${capped.startRssMb.toFixed(0)} MB) |`,
    '',
    problems.length
      ? `**The file read back does not match the JSON report:** ${problems.join('; ')}`
      : `Read back with exceljs: ${dataRows.toLocaleString('en-US')} data rows (= the JSON report's), the first, second, middle and last rows equal the JSON rows cell by cell, and Σ of the asset-sum column equals the JSON's.`,
  ];
}

/** The child: builds the app on the kept database, listens on 127.0.0.1, streams the export to a file over HTTP. */
async function xlsxChild(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const days = arg(argv, '--days', 250);
  const url = argText(argv, '--url')!;
  const cookie = argText(argv, '--cookie')!;
  const file = argText(argv, '--file')!;
  const db = await reportsDb({ customers, days, log: () => undefined });
  const { rows } = await db.pool.query<{ max: string }>(`select max(trade_date) as max from trading_days`);
  const now = new Date(new Date(`${rows[0]!.max}T02:00:00Z`).getTime() + 86_400_000);
  const app = await buildApp({ pool: db.pool, now: () => now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, headers: { cookie } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`export: HTTP ${res.statusCode}`));
        pipeline(res, createWriteStream(file)).then(resolve, reject);
      })
      .on('error', reject);
  });
  const ms = performance.now() - t;
  clearInterval(timer);
  const audit = await db.pool.query<{ rows: string }>(
    `select detail->>'rows' as rows from audit_log where action = 'report.export' order by id desc limit 1`,
  );
  const bytes = (await fs.stat(file)).size;
  await app.close();
  await db.pool.end();
  const heapLimitMb = (await import('node:v8')).getHeapStatistics().heap_size_limit / 2 ** 20;
  const result: ChildResult = { rows: Number(audit.rows[0]?.rows), bytes, ms, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20, startRssMb: startRss / 2 ** 20, heapLimitMb };
  console.log(JSON.stringify(result));
}

// ---------------------------------------------------------------- sizes and the Markdown

async function tableSizes(pool: pg.Pool): Promise<{ table: string; rows: number; mb: number }[]> {
  const { rows } = await pool.query<{ table: string; rows: string; bytes: string }>(
    `select p.relname as table,
            coalesce((select sum(c.reltuples) from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = p.oid), p.reltuples)::bigint as rows,
            (coalesce((select sum(pg_total_relation_size(i.inhrelid)) from pg_inherits i where i.inhparent = p.oid), 0) + pg_total_relation_size(p.oid))::bigint as bytes
       from pg_class p join pg_namespace n on n.oid = p.relnamespace
      where n.nspname = 'public' and p.relkind in ('r', 'p') and not p.relispartition
        and (p.relname like 'fact\\_%' or p.relname like 'sum\\_%' or p.relname in ('customers', 'fund_accounts', 'relationships', 'staff', 'trading_days'))
      order by bytes desc`,
  );
  const total = await pool.query<{ bytes: string }>(`select pg_database_size(current_database()) as bytes`);
  return [
    ...rows.map((r) => ({ table: r.table, rows: Number(r.rows), mb: Number(r.bytes) / 2 ** 20 })),
    { table: '(whole database)', rows: NaN, mb: Number(total.rows[0]!.bytes) / 2 ** 20 },
  ];
}

function report(x: {
  db: string;
  info: { customers: number; days: number; buildSeconds: number; builtAt: string };
  runs: number;
  rawRuns: number;
  results: Measured[];
  sizes: { table: string; rows: number; mb: number }[];
  xlsx: string[];
  cases: Case[];
  branch: string;
}): string {
  const f = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  const lines = [
    `### Reports benchmark — ${x.info.customers.toLocaleString('en-US')} customers × ${x.info.days} trading days, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; database \`${x.db}\`, built in ${Math.round(x.info.buildSeconds / 60)} min (${x.info.buildSeconds} s) through the demo loader.`,
    '',
    '| table | rows (estimate) | size incl. indexes |',
    '|---|---:|---:|',
    ...x.sizes.map((s) => `| ${s.table} | ${Number.isNaN(s.rows) ? '' : s.rows.toLocaleString('en-US')} | ${s.mb >= 1024 ? `${(s.mb / 1024).toFixed(2)} GB` : `${s.mb.toFixed(0)} MB`} |`),
    '',
    `Parameters: ${x.cases.map((c) => `${c.id} ${query(c.params)}`).join('; ')}. Branch scope = the demo's \`manager\` login (branch ${x.branch}); HQ = \`headoffice\`.`,
    '',
    `| report | scope | rows | API p50 | API p95 | its SQL alone p50 / p95 | raw facts (PostgreSQL) | DuckDB (Parquet) | raw ÷ API p50 | DuckDB ÷ API p50 | same answer |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...x.results.map((m) => {
      const cmp = m.raw?.cmp;
      const same = !cmp ? '—' : cmp.mismatches.length ? `**NO**: ${cmp.mismatches[0]}` : cmp.lastPlace ? `yes (${cmp.lastPlace} values ±1 in the last shown place)` : 'yes';
      return `| ${m.id} | ${m.scope} | ${m.rows.toLocaleString('en-US')} | ${f(m.p50)} | ${f(m.p95)} | ${f(m.sql.p50)} / ${f(m.sql.p95)} | ${f(m.raw?.p50)} | ${f(m.duck?.p50)} | ${m.raw ? `${(m.raw.p50 / m.p50).toFixed(1)}×` : '—'} | ${m.duck ? `${(m.duck.p50 / m.p50).toFixed(2)}×` : '—'} | ${same} |`;
    }),
    '',
    `API: ${x.runs} runs after two warm-up calls, over HTTP on 127.0.0.1 with keep-alive (login cookie, scope, validation, SQL, rounding, JSON, the whole answer received). Raw facts and DuckDB: ${x.rawRuns > 1 ? `median of ${x.rawRuns} runs after a warm-up` : 'one run each (no warm-up)'}.`,
    '',
    ...x.xlsx,
  ];
  return lines.join('\n');
}

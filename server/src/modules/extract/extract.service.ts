/**
 * The end-of-day importer (extract-format.md): one day folder at a time, atomically.
 *
 *   1. manifest: format, date, encoding, the files listed vs the files present;
 *   2. every file streams through COPY into a temporary all-text staging table (checksum and
 *      row count taken on the way), so memory stays flat however large the day;
 *   3. validation: every row's formats and row rules while it streams (row-validator.ts, on
 *      Node's core while PostgreSQL copies), then set-based SQL for repeated keys and unknown
 *      references (problems carry file, line, column, reason; the first 100 are kept);
 *   4. if anything is wrong, the transaction rolls back and only the FAILED run is recorded;
 *      otherwise reference upserts, the day's facts (replacing a re-delivered day) and every
 *      derived figure (figures/figures.service.ts) commit together, with the SUCCEEDED run and
 *      its audit row.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { LOCKS } from '../../db/locks.js';
import { writeAudit } from '../audit/audit.service.js';
import { decodeText } from '../../lib/text-encoding.js';
import { parseCsvLine, readFirstLine } from './csv-header.js';
import { EncodingCheck } from './encoding-check.js';
import { openImportRun, recoverInterruptedImports, type OpenRun } from './import-runs.js';
import { RowValidator } from './row-validator.js';
import { assetRowBreach, tradeDateBreaches, type AssetRowCounts, type DayRuleBreach } from './extract.rules.js';
import { businessDate } from '../../lib/dates.js';
import { loadTradingCalendar } from '../calendar/calendar.service.js';
import { FILE_BY_NAME, FILES, stagingTable, type FileName, type FileSpec } from './extract.spec.js';
import {
  FACT_INSERT_SQL, FACT_TABLES, PARTITIONED_TABLES, UPSERT_SQL, duplicateKeysSql, ident, stagingDdl, unknownReferencesSql,
} from './extract.sql.js';
import { rederiveStaffFiguresSince } from '../attribution/attribution.service.js';
import { matchApprovedAppointments } from '../workflows/operations/appointments.js';
import { deriveImportedDay, tuneBulkTransaction, tuneTransaction } from '../figures/figures.service.js';
import { deriveIntelligence } from '../intelligence/intelligence.derive.js';
import { deriveAlerts } from '../monitoring/monitoring.service.js';
import { profiled } from '../../lib/profile.js';

export const MAX_LISTED_PROBLEMS = 100;
/** importChecks.minAssetRowsPercent when the setting is absent (migration 0016 stores it). */
const DEFAULT_MIN_ASSET_ROWS_PERCENT = 50;

export interface Problem {
  file: string;
  line?: number;
  column?: string;
  reason: string;
}

export interface FileRecord {
  rows: number;
  sha256: string;
  bytes: number;
}

export interface DayResult {
  folder: string;
  tradeDate: string | null;
  status: 'SUCCEEDED' | 'FAILED';
  runId: string;
  replaced: boolean;
  files: Record<string, FileRecord>;
  rows: number;
  problems: Problem[];
  problemCount: number;
  warnings: string[];
  rederivedDays: string[];
  durationMs: number;
  /** Where the time went: staging (COPY with the row checks), checks in SQL (keys, references), writing, deriving. */
  phasesMs: { stage: number; check: number; write: number; derive: number };
}

export interface ImportOptions {
  startedBy: string;
  /**
   * Import a day the plausibility rules would refuse (extract.rules.ts): a future day, a day the
   * trading calendar says is closed, a day with far fewer asset rows than the day before. The
   * breaches become warnings. Never forces an empty day, a wrong encoding or a bad row.
   */
  force?: boolean;
  /** "Today" (YYYY-MM-DD) for the future-day rule; default the business date now (Asia/Shanghai). Tests pin it. */
  today?: string;
  /** Bulk loading only: write the day now, derive its figures later with deriveDeferredAccounts() and deriveDeferredDay(); commits without waiting for the WAL flush (tuneBulkTransaction). */
  deferDerivation?: boolean;
  /**
   * Bulk loading of QuanCRM's own generated demo only (the first start): the files are still hashed,
   * counted and written as always, but the row, key, reference, rate and row-count checks are
   * skipped — the generator's output is proven to pass all of them by its tests
   * (demo/generator.test.ts imports a generated demo through every check). Never for a delivered extract.
   */
  trusted?: boolean;
  onDay?: (result: DayResult, index: number, total: number) => void;
}

export interface ImportSummary {
  days: DayResult[];
  notAttempted: string[];
  skipped: string[];
  ok: boolean;
}

const manifestSchema = z.object({
  format: z.string(),
  trade_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  encoding: z.enum(['utf-8', 'gbk']),
  files: z.record(z.string(), z.object({ rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hex digits') })),
});
type Manifest = z.infer<typeof manifestSchema>;

/** Problems of one day, counted in full but listed only up to MAX_LISTED_PROBLEMS. */
class ProblemList {
  readonly items: Problem[] = [];
  count = 0;
  add(p: Problem, total = 1): void {
    this.count += total;
    if (this.items.length < MAX_LISTED_PROBLEMS) this.items.push(p);
  }
  get room(): number {
    return Math.max(1, MAX_LISTED_PROBLEMS - this.items.length);
  }
}

/** Imports `dir`: one day folder (it has manifest.json) or every day folder under it, in date order. */
export async function importPath(pool: pg.Pool, dir: string, opts: ImportOptions): Promise<ImportSummary> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${dir}: no such folder`);
  if (existsSync(path.join(root, 'manifest.json')) || !(await hasDayFolders(root))) {
    const result = await importDay(pool, root, opts);
    opts.onDay?.(result, 0, 1);
    return { days: [result], notAttempted: [], skipped: [], ok: result.status === 'SUCCEEDED' };
  }
  const entries = (await fs.readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const complete = entries.filter((name) => existsSync(path.join(root, name, 'manifest.json')));
  const skipped = entries.filter((name) => !complete.includes(name));
  const days: DayResult[] = [];
  for (let i = 0; i < complete.length; i++) {
    const result = await importDay(pool, path.join(root, complete[i]!), opts);
    days.push(result);
    opts.onDay?.(result, i, complete.length);
    if (result.status === 'FAILED') {
      return { days, notAttempted: complete.slice(i + 1), skipped, ok: false };
    }
  }
  return { days, notAttempted: [], skipped, ok: true };
}

async function hasDayFolders(root: string): Promise<boolean> {
  const entries = await fs.readdir(root, { withFileTypes: true });
  return entries.some((e) => e.isDirectory() && existsSync(path.join(root, e.name, 'manifest.json')));
}

/** The trade date a folder's manifest names, when it is readable and names a calendar date (readManifest checks the rest). */
async function manifestTradeDate(folder: string): Promise<string | undefined> {
  try {
    const json: unknown = JSON.parse(await fs.readFile(path.join(folder, 'manifest.json'), 'utf8'));
    const day = typeof json === 'object' && json !== null && 'trade_date' in json ? json.trade_date : undefined;
    return typeof day === 'string' && isCalendarDate(day) ? day : undefined;
  } catch {
    return undefined;
  }
}

async function readManifest(folder: string, problems: ProblemList): Promise<Manifest | null> {
  const file = path.join(folder, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    problems.add({ file: 'manifest.json', reason: 'missing: the day is complete only when manifest.json exists' });
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.add({ file: 'manifest.json', reason: `not valid JSON: ${(err as Error).message}` });
    return null;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.add({ file: 'manifest.json', column: issue.path.join('.') || undefined, reason: issue.message });
    return null;
  }
  const m = parsed.data;
  if (m.format !== 'quancrm-extract/1') problems.add({ file: 'manifest.json', column: 'format', reason: `unknown format '${m.format}' (expected quancrm-extract/1)` });
  if (!isCalendarDate(m.trade_date)) problems.add({ file: 'manifest.json', column: 'trade_date', reason: `not a valid date: ${m.trade_date}` });
  const base = path.basename(folder);
  if (/^\d{8}$/.test(base) && base !== m.trade_date.replace(/-/g, '')) {
    problems.add({ file: 'manifest.json', column: 'trade_date', reason: `trade_date ${m.trade_date} does not match the folder name ${base}` });
  }
  return problems.count ? null : m;
}

/** Files listed vs present: unknown, missing, unlisted and required files. */
async function checkFileList(folder: string, manifest: Manifest, problems: ProblemList): Promise<FileSpec[]> {
  const present = (await fs.readdir(folder)).filter((f) => f !== 'manifest.json');
  const listed = Object.keys(manifest.files);
  for (const name of listed) {
    if (!FILE_BY_NAME.has(name)) problems.add({ file: name, reason: 'listed in manifest.json but not a file of quancrm-extract/1' });
    else if (!present.includes(name)) problems.add({ file: name, reason: 'listed in manifest.json but missing from the folder' });
  }
  for (const name of present) {
    if (!listed.includes(name)) problems.add({ file: name, reason: 'present in the folder but not listed in manifest.json' });
  }
  for (const spec of FILES) {
    if (spec.required && !listed.includes(spec.name)) problems.add({ file: spec.name, reason: 'required file is not listed in manifest.json' });
  }
  return FILES.filter((spec) => listed.includes(spec.name) && present.includes(spec.name));
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The line and column a COPY error points at ("COPY stg_x, line 5, column cash: …"). */
function copyErrorPosition(err: unknown): { line?: number; column?: string } {
  const where = (err as { where?: string }).where ?? '';
  const line = /line (\d+)/.exec(where)?.[1];
  const column = /column ([A-Za-z0-9_]+)/.exec(where)?.[1];
  return { line: line ? Number(line) : undefined, column };
}

/** Streams one file into its staging table. Returns its record, or null when it could not be staged. */
async function stageFile(
  client: pg.PoolClient, folder: string, spec: FileSpec, manifest: Manifest, problems: ProblemList, warnings: string[], trusted = false,
): Promise<FileRecord | null> {
  const file = path.join(folder, spec.name);
  const listed = manifest.files[spec.name]!;
  const headerBytes = await readFirstLine(file);
  if (headerBytes.length === 0) {
    problems.add({ file: spec.name, line: 1, reason: 'the header line is missing (empty file)' });
    return null;
  }
  let header: string[];
  try {
    header = parseCsvLine(decodeText(headerBytes, manifest.encoding));
  } catch (err) {
    problems.add({ file: spec.name, line: 1, reason: (err as Error).message });
    return null;
  }
  const expected = new Set(spec.columns.map((c) => c.name));
  const seen = new Set<string>();
  let headerOk = true;
  const staged = header.map((name, i) => {
    if (seen.has(name)) {
      problems.add({ file: spec.name, line: 1, column: name, reason: 'column appears twice in the header' });
      headerOk = false;
    }
    seen.add(name);
    return expected.has(name) ? name : `extra_${i + 1}`;
  });
  const extras = header.filter((name) => !expected.has(name));
  if (extras.length) warnings.push(`${spec.name}: extra columns ignored: ${extras.join(', ')}`);
  for (const col of spec.columns) {
    if (!seen.has(col.name) && !col.mayBeAbsent) {
      problems.add({ file: spec.name, line: 1, column: col.name, reason: 'required column is missing from the header' });
      headerOk = false;
    }
  }
  if (!headerOk) return null;

  // a column that may be absent and is: staged empty, as if every row left it empty
  const absent = spec.columns.filter((c) => c.mayBeAbsent && !seen.has(c.name)).map((c) => c.name);
  await client.query(stagingDdl(spec, staged, absent));
  const hash = createHash('sha256');
  let bytes = 0;
  // Node checks every row while PostgreSQL parses the same bytes for COPY: two cores at work.
  const validator = new RowValidator(spec, header, (p) => problems.add({ file: spec.name, ...p }));
  const decoder = new TextDecoder(manifest.encoding === 'gbk' ? 'gbk' : 'utf-8');
  const encodingCheck = new EncodingCheck();
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (trusted) return done(null, chunk);
      encodingCheck.push(chunk);
      done(null, chunk);
      validator.push(decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      if (trusted) return done();
      encodingCheck.end();
      validator.push(decoder.decode());
      validator.end();
      done();
    },
  });
  // the file in another encoding than declared: one clear problem instead of mojibake or COPY's message
  const wrongEncoding = (): boolean => {
    const mismatch = encodingCheck.mismatch(manifest.encoding);
    if (mismatch) problems.add({ file: spec.name, line: mismatch.line, column: 'encoding', reason: mismatch.reason });
    return mismatch !== null;
  };
  const encoding = manifest.encoding === 'gbk' ? 'GBK' : 'UTF8';
  await client.query('savepoint stage');
  const copy = client.query(
    copyFrom(`copy ${stagingTable(spec.name)} (${staged.map(ident).join(', ')}) from stdin with (format csv, header true, encoding '${encoding}')`),
  );
  try {
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), tap, copy);
  } catch (err) {
    await client.query('rollback to savepoint stage');
    if (!wrongEncoding()) {
      const pos = copyErrorPosition(err);
      problems.add({ file: spec.name, line: pos.line, column: pos.column, reason: (err as Error).message });
    }
    const whole = await hashFile(file);
    if (whole.sha256 !== listed.sha256.toLowerCase()) {
      problems.add({ file: spec.name, reason: `sha256 ${whole.sha256} differs from manifest.json (${listed.sha256})` });
    }
    return null;
  }
  await client.query('release savepoint stage');
  wrongEncoding();
  const record: FileRecord = { rows: Number(copy.rowCount), sha256: hash.digest('hex'), bytes };
  if (record.sha256 !== listed.sha256.toLowerCase()) {
    problems.add({ file: spec.name, reason: `sha256 ${record.sha256} differs from manifest.json (${listed.sha256})` });
  }
  if (record.rows !== listed.rows) {
    problems.add({ file: spec.name, reason: `${record.rows} data rows, but manifest.json says ${listed.rows}` });
  }
  return record;
}

/** The checks that need the whole file or the database: repeated keys and unknown references. */
async function validateStaged(client: pg.PoolClient, spec: FileSpec, staged: ReadonlySet<FileName>, problems: ProblemList): Promise<void> {
  const { rows: dups } = await client.query<{ line: string; first_line: string; key: string; total: string }>(duplicateKeysSql(spec, problems.room));
  dups.forEach((d, i) =>
    problems.add(
      { file: spec.name, line: Number(d.line), column: spec.key.join('+'), reason: `key ${d.key} repeats the row at line ${d.first_line}` },
      i === 0 ? Number(d.total) - dups.length + 1 : 1,
    ),
  );
  for (let r = 0; r < spec.references.length; r++) {
    const ref = spec.references[r]!;
    const { rows: unknown } = await client.query<{ line: string; value: string; total: string }>(unknownReferencesSql(spec, r, staged, problems.room));
    unknown.forEach((u, i) =>
      problems.add(
        { file: spec.name, line: Number(u.line), column: ref.columns.join('+'), reason: `unknown ${ref.what} ${u.value}` },
        i === 0 ? Number(u.total) - unknown.length + 1 : 1,
      ),
    );
  }
}

/** A currency used that day with no rate in that day's fx_rates.csv nor any earlier day. */
async function checkRates(client: pg.PoolClient, day: string, staged: ReadonlySet<FileName>, problems: ProblemList): Promise<void> {
  const accounts = `(select fund_account, currency from fund_accounts where currency <> 'CNY'${
    staged.has('fund_accounts.csv') ? ` union all select fund_account, currency from stg_fund_accounts where currency <> 'CNY'` : ''
  })`;
  const uses: string[] = [];
  if (staged.has('assets.csv')) uses.push(`select 'assets.csv' as file, min(s.line_no) as line, s.currency from stg_assets s group by s.currency`);
  if (staged.has('fund_flows.csv')) uses.push(`select 'fund_flows.csv', min(s.line_no), s.currency from stg_fund_flows s group by s.currency`);
  for (const f of ['trades.csv', 'product_trades.csv', 'product_holdings.csv'] as const) {
    if (staged.has(f)) uses.push(`select '${f}', min(s.line_no), a.currency from ${stagingTable(f)} s join ${accounts} a on a.fund_account = s.fund_account group by a.currency`);
  }
  if (!uses.length) return;
  const known = staged.has('fx_rates.csv') ? `union select currency from stg_fx_rates` : '';
  const { rows } = await client.query<{ file: string; line: string; currency: string }>(
    `with used as (${uses.join(' union all ')})
     select file, line + 1 as line, currency from used
     where currency in ('USD', 'HKD')
       and currency not in (select currency from fx_rates where trade_date <= $1::date ${known})
     order by file, line`,
    [day],
  );
  for (const r of rows) {
    problems.add({ file: r.file, line: Number(r.line), column: 'currency', reason: `no ${r.currency} rate to CNY in fx_rates.csv of this day or any earlier day` });
  }
}

/** The counts the asset-row rule compares: open fund accounts that day, and the previous imported day's asset rows. */
async function assetRowCounts(client: pg.PoolClient, day: string, staged: ReadonlySet<FileName>, rows: number): Promise<AssetRowCounts> {
  const accounts = staged.has('fund_accounts.csv')
    ? `select s.open_date::date as open_date, nullif(s.close_date, '')::date as close_date from stg_fund_accounts s
       union all
       select f.open_date, f.close_date from fund_accounts f where not exists (select 1 from stg_fund_accounts s where s.fund_account = f.fund_account)`
    : `select open_date, close_date from fund_accounts`;
  const { rows: counts } = await client.query<{ open_accounts: string; previous_day: string | null; previous_rows: string | null; min_percent: string | null }>(
    `with prev as (select max(trade_date) as day from trading_days where trade_date < $1::date)
     select (select count(*) from (${accounts}) a where a.open_date <= $1::date and (a.close_date is null or a.close_date > $1::date)) as open_accounts,
       prev.day as previous_day,
       (select count(*) from fact_assets f where f.trade_date = prev.day) as previous_rows,
       (select value->>'minAssetRowsPercent' from settings where key = 'importChecks') as min_percent
     from prev`,
    [day],
  );
  const c = counts[0]!;
  return {
    rows,
    openAccounts: Number(c.open_accounts),
    previous: c.previous_day ? { day: c.previous_day, rows: Number(c.previous_rows) } : null,
    minPercent: c.min_percent === null ? DEFAULT_MIN_ASSET_ROWS_PERCENT : Number(c.min_percent),
  };
}

/** Writes the validated day: references, facts and its trading day. */
async function writeDay(client: pg.PoolClient, day: string, specs: FileSpec[], runId: string, replaced: boolean): Promise<void> {
  const names = new Set(specs.map((s) => s.name));
  for (const spec of specs) {
    if (spec.name === 'fx_rates.csv') continue;
    const sql = UPSERT_SQL[spec.name];
    if (sql) await client.query(sql, [day]);
  }
  await client.query(`delete from fx_rates where trade_date = $1`, [day]);
  if (names.has('fx_rates.csv')) await client.query(UPSERT_SQL['fx_rates.csv']!, [day]);

  for (const table of PARTITIONED_TABLES) await client.query(`select crm_ensure_partition($1, $2::date)`, [table, day]);
  if (replaced) for (const table of FACT_TABLES) await client.query(`delete from ${table} where trade_date = $1`, [day]);
  for (const spec of specs) {
    const sql = FACT_INSERT_SQL[spec.name];
    if (sql) await client.query(sql, [day]);
  }
  await client.query(
    `insert into trading_days (trade_date, run_id) values ($1, $2)
     on conflict (trade_date) do update set run_id = excluded.run_id, imported_at = now()`,
    [day, runId],
  );
}

/**
 * Imports one day folder atomically. Never throws for bad input: the result says what was wrong.
 * Throws 409 IMPORT_DAY_RUNNING (import-runs.ts) while another run imports the same day.
 */
export async function importDay(pool: pg.Pool, folder: string, opts: ImportOptions): Promise<DayResult> {
  // the run's RUNNING row and, until its outcome is written, the lock that says its process is alive
  // (and the day's lock: 409 while another run imports the same day)
  const run = await openImportRun(pool, folder, opts.startedBy, await manifestTradeDate(folder));
  try {
    return await importDayOnRun(pool, folder, opts, run);
  } finally {
    await run.close();
  }
}

async function importDayOnRun(pool: pg.Pool, folder: string, opts: ImportOptions, run: OpenRun): Promise<DayResult> {
  const started = Date.now();
  const phasesMs = { stage: 0, check: 0, write: 0, derive: 0 };
  let mark = Date.now();
  const lap = (phase: keyof typeof phasesMs) => {
    const now = Date.now();
    phasesMs[phase] += now - mark;
    mark = now;
  };
  const problems = new ProblemList();
  const warnings: string[] = [];
  const files: Record<string, FileRecord> = {};
  const runId = run.id;
  const result = (status: DayResult['status'], tradeDate: string | null, replaced: boolean, rederivedDays: string[] = []): DayResult => ({
    folder, tradeDate, status, runId, replaced, files, rows: Object.values(files).reduce((a, f) => a + f.rows, 0),
    problems: problems.items, problemCount: problems.count, warnings, rederivedDays, durationMs: Date.now() - started, phasesMs,
  });
  const recordFailure = async (tradeDate: string | null): Promise<DayResult> => {
    const r = result('FAILED', tradeDate, false);
    await pool.query(
      `update import_runs set status = 'FAILED', finished_at = now(), trade_date = $2, files = $3, duration_ms = $4,
         error_count = $5, errors = $6, warnings = $7 where id = $1`,
      [runId, tradeDate, JSON.stringify(files), r.durationMs, r.problemCount, JSON.stringify(r.problems), JSON.stringify(warnings)],
    );
    return r;
  };

  const manifest = await readManifest(folder, problems);
  if (!manifest) return recordFailure(null);
  const day = manifest.trade_date;
  if (isCalendarDate(day)) await run.recordTradeDate(day);
  const breach = (file: string, b: DayRuleBreach, column?: string) => {
    if (b.forcible && opts.force) warnings.push(`${file}: forced: ${b.reason}`);
    else problems.add({ file, column, reason: b.forcible ? `${b.reason} (crm import --force imports it anyway)` : b.reason });
  };
  const calendar = await loadTradingCalendar(pool);
  for (const b of tradeDateBreaches(day, opts.today ?? businessDate(new Date()), calendar)) breach('manifest.json', b, 'trade_date');
  const specs = await checkFileList(folder, manifest, problems);
  if (problems.count) return recordFailure(day);

  const client = await pool.connect();
  let committed: DayResult | null = null;
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
    await (opts.deferDerivation ? tuneBulkTransaction : tuneTransaction)(client);
    await recoverInterruptedImports(pool);
    const staged = new Set<FileName>();
    for (const spec of specs) {
      const record = await stageFile(client, folder, spec, manifest, problems, warnings, opts.trusted);
      if (record) {
        files[spec.name] = record;
        staged.add(spec.name);
      }
    }
    lap('stage');
    if (!opts.trusted) for (const spec of specs) if (staged.has(spec.name)) await validateStaged(client, spec, staged, problems);
    if (!opts.trusted) await checkRates(client, day, staged, problems);
    if (!problems.count && !opts.trusted) {
      const assetBreach = assetRowBreach(await assetRowCounts(client, day, staged, files['assets.csv']?.rows ?? 0));
      if (assetBreach) breach('assets.csv', assetBreach);
    }
    lap('check');
    if (problems.count) {
      await client.query('rollback');
    } else {
      const { rows: existing } = await client.query(`select 1 from trading_days where trade_date = $1`, [day]);
      const replaced = existing.length > 0;
      await writeDay(client, day, specs, runId, replaced);
      // 预约客户开户: the day's new customers start the relationships of their approved appointments
      const appointments = await matchApprovedAppointments(client, { by: { username: opts.startedBy } });
      lap('write');
      const rederived = opts.deferDerivation ? [] : await deriveImportedDay(client, day, replaced);
      // 客户洞察: churn scores, labels and groups of the latest day (a correction can change its carried figures)
      if (!opts.deferDerivation) await deriveIntelligence(client);
      // 异常监控: the day's alerts and those of the later days its data can change
      if (!opts.deferDerivation) await profiled('import: alerts', () => deriveAlerts(client, [day, ...rederived]));
      const matchedBefore = appointments.earliestMatched !== null && appointments.earliestMatched < day;
      if (!opts.deferDerivation && matchedBefore) await rederiveStaffFiguresSince(client, appointments.earliestMatched!);
      lap('derive');
      const r = result('SUCCEEDED', day, replaced, rederived);
      const rowCounts = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.rows]));
      await client.query(
        `update import_runs set status = 'SUCCEEDED', finished_at = now(), trade_date = $2, files = $3, row_counts = $4,
           duration_ms = $5, warnings = $6, replaced = $7 where id = $1`,
        [runId, day, JSON.stringify(files), JSON.stringify(rowCounts), r.durationMs, JSON.stringify(warnings), replaced],
      );
      await writeAudit(client, {
        user: { username: opts.startedBy }, action: replaced ? 'extract.reimport' : 'extract.import', entity: 'trading_day', entityId: day,
        detail: { runId, folder, rows: r.rows, rederivedDays: rederived, ...(opts.force ? { forced: warnings.filter((w) => w.includes(': forced: ')) } : {}) },
      });
      await client.query('commit');
      committed = r;
    }
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    problems.add({ file: '', reason: `import aborted: ${(err as Error).message}` });
  } finally {
    client.release();
  }
  return committed ?? recordFailure(day);
}

/**
 * `npm run bench -- correction [--customers 100000] [--days 25] [--back 20] [--keep]`  (issue 15 item 2:
 * "a correction of a day 20 trading days back re-derives in ≤ 5 minutes")
 *
 * Generates `days` demo days at the chosen scale (kept in bench/out/correction-<N>x<D>/), imports them
 * in order through the nightly importer (every derivation included, one transaction a day), then
 * re-delivers the day `back` trading days before the last one with one account's cash and total
 * asset raised by exactly 1,000.00 (manifest checksum renewed, as a trading system's corrected
 * extract would be), and measures that import: its wall time, phases and the later days it
 * re-derived. It then checks the correction's effect by hand-worked arithmetic: the account's
 * customer's 20-day net-asset sum moved by exactly 1,000.00 on the corrected day and on the next 19
 * trading days, and not on the 21st.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo } from '../../server/src/modules/demo/generator.js';
import { importDay, type DayResult } from '../../server/src/modules/extract/extract.service.js';
import { parseCsvLine } from '../../server/src/modules/extract/csv-header.js';
import { ExactDecimal } from '../../server/src/modules/extract/exact-decimal.js';
import { scratchDb } from './scratch-db.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');
const RAISE = '1000.00';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

const log = (m: string) => console.error(m);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `value` + `amount`, exactly (decimal text). */
function plus(value: string, amount: string): string {
  return ExactDecimal.parse(value).plus(ExactDecimal.parse(amount)).toString();
}

/**
 * A copy of day folder `from` in `to` whose first CNY assets row has cash and total_asset raised by
 * RAISE, the manifest's checksum renewed. Returns the fund account changed.
 */
async function correctedCopy(from: string, to: string): Promise<string> {
  await fs.rm(to, { recursive: true, force: true });
  await fs.cp(from, to, { recursive: true });
  const file = path.join(to, 'assets.csv');
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  const header = parseCsvLine(lines[0]!);
  const col = (name: string) => header.indexOf(name);
  const at = lines.findIndex((l, i) => i > 0 && l.length > 0 && parseCsvLine(l)[col('currency')] === 'CNY' && !l.includes('"'));
  if (at < 0) throw new Error('no CNY assets row to correct');
  const fields = parseCsvLine(lines[at]!);
  fields[col('cash')] = plus(fields[col('cash')]!, RAISE);
  fields[col('total_asset')] = plus(fields[col('total_asset')]!, RAISE);
  lines[at] = fields.join(',');
  const bytes = Buffer.from(lines.join('\n'), 'utf8');
  await fs.writeFile(file, bytes);
  const manifestFile = path.join(to, 'manifest.json');
  const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as { files: Record<string, { rows: number; sha256: string }> };
  manifest.files['assets.csv']!.sha256 = createHash('sha256').update(bytes).digest('hex');
  await fs.writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  return fields[col('fund_account')]!;
}

function succeeded(r: DayResult): DayResult {
  if (r.status !== 'SUCCEEDED') throw new Error(`${r.folder}: ${JSON.stringify(r.problems.slice(0, 5))}`);
  return r;
}

export async function run(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const days = arg(argv, '--days', 25);
  const back = arg(argv, '--back', 20);
  if (back + 1 > days) throw new Error('--back must leave the corrected day inside --days');
  const dir = path.join(OUT, `correction-${customers}x${days}`);
  const extract = path.join(dir, 'extract');
  if (!existsSync(path.join(dir, 'done'))) {
    await fs.rm(dir, { recursive: true, force: true });
    log(`generating ${days} days at ${customers.toLocaleString('en-US')} customers …`);
    const g = await generateDemo({ outDir: dir, customers, days, end: '2026-11-20' });
    log(`  generated in ${s(g.ms)}`);
    await fs.writeFile(path.join(dir, 'done'), '');
  }
  const folders = (await fs.readdir(extract)).filter((n) => /^\d{8}$/.test(n)).sort();
  const target = folders[folders.length - 1 - back]!;
  const db = await scratchDb();
  try {
    const started = performance.now();
    let steady = 0;
    for (const [i, folder] of folders.entries()) {
      const r = succeeded(await importDay(db.pool, path.join(extract, folder), { startedBy: 'bench', force: true }));
      if (i > 0) steady += r.durationMs;
      log(`  ${folder}: ${r.rows.toLocaleString('en-US')} rows in ${s(r.durationMs)} (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    log(`imported ${folders.length} days in ${s(performance.now() - started)}`);

    const corrected = path.join(dir, `corrected-${target}`);
    const account = await correctedCopy(path.join(extract, target), corrected);
    const { rows: [who] } = await db.pool.query<{ customer_no: string }>(`select customer_no from fund_accounts where fund_account = $1`, [account]);
    const before = await db.pool.query<{ trade_date: string; s: string }>(
      `select trade_date::text, net_asset_sum20::text as s from sum_customer_daily where customer_no = $1 order by trade_date`, [who!.customer_no]);
    const loadBefore = os.loadavg()[0]!.toFixed(1);
    const r = succeeded(await importDay(db.pool, corrected, { startedBy: 'bench', force: true }));
    const after = await db.pool.query<{ trade_date: string; s: string }>(
      `select trade_date::text, net_asset_sum20::text as s from sum_customer_daily where customer_no = $1 order by trade_date`, [who!.customer_no]);
    const was = new Map(before.rows.map((x) => [x.trade_date, x.s]));
    const moved = after.rows.filter((x) => x.s !== was.get(x.trade_date))
      .map((x) => ({ day: x.trade_date, by: ExactDecimal.parse(x.s).minus(ExactDecimal.parse(was.get(x.trade_date) ?? '0')) }));
    const exact = moved.every((m) => m.by.compare(ExactDecimal.parse(RAISE)) === 0);

    const lines = [
      `### Correction benchmark — ${customers.toLocaleString('en-US')} customers × ${days} days, ${new Date().toISOString().slice(0, 10)}`,
      '',
      `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${db.where}; load ${loadBefore} when the correction started.`,
      '',
      `| what | value |`,
      `|---|---:|`,
      `| steady-state day import (days 2–${folders.length}), mean | ${s(steady / (folders.length - 1))} |`,
      `| corrected day ${r.tradeDate} (${back} trading days back), one account +${RAISE} | **${s(r.durationMs)}** |`,
      `| of which staging / checks / writing / deriving | ${s(r.phasesMs.stage)} / ${s(r.phasesMs.check)} / ${s(r.phasesMs.write)} / ${s(r.phasesMs.derive)} |`,
      `| later days re-derived in full (an exchange rate they inherit changed) | ${r.rederivedDays.length} |`,
      `| customer ${who!.customer_no}: days whose 20-day net-asset sum moved | ${moved.length} (${moved[0]?.day ?? '—'} … ${moved.at(-1)?.day ?? '—'}), each by ${exact ? `exactly ${RAISE}` : `**not exactly ${RAISE}**: ${JSON.stringify(moved.slice(0, 3).map((m) => ({ day: m.day, by: m.by.toString() })))}`} |`,
      '',
      `Target: ≤ 5 min (issue 15, at 1,000,000 customers).`,
    ];
    console.log(lines.join('\n'));
    if (!exact || moved.length !== Math.min(20, back + 1)) process.exitCode = 1;
  } finally {
    await db.close({ keep: argv.includes('--keep') });
  }
}

/**
 * `npm run bench -- import [--customers 100000] [--days 22] [--keep]`
 *
 * Generates `days` demo days at the chosen scale (day 1 carries the full reference data, the last day
 * is the steady-state day measured; 22 by default, so that it has the 21 trading days of history the
 * churn scoring needs and is scored as every night of a running deployment), imports the days before
 * the last — each night followed by what autovacuum would do (sizing.ts autovacuumPass: the shared server here runs
 * without it, and the measured day should meet the tables as a deployment's nightly autovacuum leaves them) —
 * then measures in one run on the same server:
 *   - the importer on the last day (validation, facts, derived figures, intelligence, one transaction),
 *   - the importer re-delivering it (replace),
 *   - a raw COPY of the same files into scratch tables of text columns (the reference),
 * with the process's peak resident memory sampled during each import; then the customer-intelligence
 * steps of the last day on their own (bench/src/intelligence.ts: scores, labels, groups, alerts, a saved
 * group of every customer and its members page at branch scope). `--keep` keeps the database (on the
 * server of DATABASE_URL) for a closer look.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { generateDemo } from '../../server/src/modules/demo/generator.js';
import { importDay } from '../../server/src/modules/extract/extract.service.js';
import { decodeText } from '../../server/src/lib/text-encoding.js';
import { parseCsvLine, readFirstLine } from '../../server/src/modules/extract/csv-header.js';
import { measureIntelligence } from './intelligence.js';
import { autovacuumPass } from './sizing.js';
import { profileLines, profileTotalMs, setProfiling } from '../../server/src/lib/profile.js';
import { scratchDb } from './scratch-db.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

/** Samples RSS every 20 ms while `fn` runs; returns its result, the time and the peak. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - t, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20, startRssMb: startRss / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export async function run(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const days = Math.max(2, arg(argv, '--days', 22));
  const dir = path.join(OUT, `import-${customers}x${days}`);
  const extract = path.join(dir, 'extract');
  if (!existsSync(path.join(dir, 'done'))) {
    await fs.rm(dir, { recursive: true, force: true });
    console.error(`generating ${days} days at ${customers.toLocaleString('en-US')} customers …`);
    const g = await generateDemo({ outDir: dir, customers, days, end: '2026-11-20' });
    console.error(`  generated in ${(g.ms / 1000).toFixed(1)} s`);
    await fs.writeFile(path.join(dir, 'done'), '');
  }
  const folders = (await fs.readdir(extract)).filter((n) => /^\d{8}$/.test(n)).sort();
  const [day1] = folders;
  const day2 = folders.at(-1);
  if (!day1 || !day2 || folders.length !== days) throw new Error(`expected ${days} day folders`);
  const db = await scratchDb();
  try {
    const first = await measured(() => importDay(db.pool, path.join(extract, day1), { startedBy: 'bench' }));
    if (first.value.status !== 'SUCCEEDED') throw new Error(JSON.stringify(first.value.problems.slice(0, 5)));
    // the history before the measured day, imported as every night (not measured), each night followed by what
    // autovacuum would do before the next (this machine's PostgreSQL runs without it; a deployment's does not)
    await autovacuumPass(db.pool);
    for (const folder of folders.slice(1, -1)) {
      const r = await importDay(db.pool, path.join(extract, folder), { startedBy: 'bench' });
      if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems.slice(0, 5)));
      const av = await autovacuumPass(db.pool);
      console.error(`  ${folder}: ${r.rows.toLocaleString('en-US')} rows in ${(r.durationMs / 1000).toFixed(1)} s (load ${os.loadavg()[0]!.toFixed(1)}); ` +
        `then as autovacuum: ${av.vacuumed} tables vacuumed, ${av.analyzed} analyzed in ${(av.ms / 1000).toFixed(1)} s`);
    }
    // the measured day's import with its steps timed (lib/profile.ts): the intelligence inside it, as every night
    profileLines();
    setProfiling(true);
    const second = await measured(() => importDay(db.pool, path.join(extract, day2), { startedBy: 'bench' }));
    setProfiling(false);
    if (second.value.status !== 'SUCCEEDED') throw new Error(JSON.stringify(second.value.problems.slice(0, 5)));
    const steps = ['intelligence: analyze the day', 'intelligence: churn scoring and labels', 'intelligence: groups', 'import: alerts'];
    const inside = steps.map((name) => ({ name, ms: profileTotalMs(name) }));
    const insideMs = inside.reduce((a, x) => a + x.ms, 0);
    // within the scoring: the labels' refresh ran on the connection while Node scored (not added: inside the line above)
    const detail = ['churn: features', 'churn: score in Node', 'intelligence: labels (beside the scoring)', 'churn: waiting for the statements beside', 'churn: write scores', 'churn: lifecycle and alerts']
      .map((name) => ({ name: `— ${name}`, ms: profileTotalMs(name) }));
    const latestMs = profileTotalMs('latest state (customer list, KYC completeness)');
    profileLines();
    const again = await measured(() => importDay(db.pool, path.join(extract, day2), { startedBy: 'bench' }));

    // The reference: a raw COPY of the same files into scratch tables of text columns.
    const files = (await fs.readdir(path.join(extract, day2))).filter((f) => f.endsWith('.csv')).sort();
    const client = await db.pool.connect();
    let copyRows = 0;
    const raw = await measured(async () => {
      for (const f of files) {
        const file = path.join(extract, day2, f);
        const header = parseCsvLine(decodeText(await readFirstLine(file), 'utf-8'));
        const table = `scratch_${f.replace('.csv', '')}`;
        await client.query(`drop table if exists ${table}`);
        await client.query(`create table ${table} (${header.map((h) => `"${h}" text`).join(', ')})`);
        const copy = client.query(copyFrom(`copy ${table} from stdin with (format csv, header true)`));
        await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), copy);
        copyRows += Number(copy.rowCount);
      }
    });
    client.release();

    const rows = second.value.rows;
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const lines = [
      `### Import benchmark — ${customers.toLocaleString('en-US')} customers, day ${days} of ${days} (${day2}), ${new Date().toISOString().slice(0, 10)}`,
      '',
      `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${db.where}.`,
      '',
      '| step | rows | wall time | rows/s | peak RSS (start) |',
      '|---|---:|---:|---:|---:|',
      `| day 1 import (full reference data + facts) | ${first.value.rows.toLocaleString('en-US')} | ${(first.ms / 1000).toFixed(2)} s | ${rate(first.value.rows, first.ms).toLocaleString('en-US')} | ${first.peakRssMb.toFixed(0)} MB (${first.startRssMb.toFixed(0)}) |`,
      `| day ${days} import (steady-state day, churn scoring included from day 21 on) | ${rows.toLocaleString('en-US')} | ${(second.ms / 1000).toFixed(2)} s | ${rate(rows, second.ms).toLocaleString('en-US')} | ${second.peakRssMb.toFixed(0)} MB (${second.startRssMb.toFixed(0)}) |`,
      `| day ${days} re-delivered (replace) | ${again.value.rows.toLocaleString('en-US')} | ${(again.ms / 1000).toFixed(2)} s | ${rate(again.value.rows, again.ms).toLocaleString('en-US')} | ${again.peakRssMb.toFixed(0)} MB (${again.startRssMb.toFixed(0)}) |`,
      `| raw COPY of the day-${days} files into text tables | ${copyRows.toLocaleString('en-US')} | ${(raw.ms / 1000).toFixed(2)} s | ${rate(copyRows, raw.ms).toLocaleString('en-US')} | ${raw.peakRssMb.toFixed(0)} MB |`,
      '',
      `Importer throughput on day ${days} = **${((rate(rows, second.ms) / rate(copyRows, raw.ms)) * 100).toFixed(0)} %** of raw COPY.`,
      '',
      `| where the day-${days} import spends its time | ms |`,
      '|---|---:|',
      `| staging: COPY into text tables, checksums, every row checked in Node meanwhile | ${second.value.phasesMs.stage} |`,
      `| checks in SQL: repeated keys, unknown references, exchange rates | ${second.value.phasesMs.check} |`,
      `| writing: reference upserts, typed insert of the facts into their partitions and indexes | ${second.value.phasesMs.write} |`,
      `| deriving: per-account and per-customer daily summaries, 20-day window, tier, month | ${second.value.phasesMs.derive} |`,
      '',
      `| inside the day-${days} import: customer intelligence as every night (churn scores, labels, groups, alerts) | ms |`,
      '|---|---:|',
      ...inside.flatMap((x) => [`| ${x.name} | ${x.ms.toFixed(0)} |`, ...(x.name.includes('scoring') ? detail.map((d) => `| ${d.name} | ${d.ms.toFixed(0)} |`) : [])]),
      `| **intelligence + alerts: ${(insideMs / 1000).toFixed(2)} s against the rest of the day's import (${((second.ms - insideMs) / 1000).toFixed(2)} s)** | **${((insideMs / Math.max(1, second.ms - insideMs)) * 100).toFixed(0)} %** |`,
      `| beside it, not intelligence: the customer list's latest state and the KYC completeness | ${latestMs.toFixed(0)} |`,
      // 客户洞察: the churn scores, labels, groups and alerts the derive phase includes, each measured on its own
      ...(await measureIntelligence(db.pool, second.ms)),
    ];
    console.log(lines.join('\n'));
  } finally {
    await db.close({ keep: argv.includes('--keep') });
  }
}

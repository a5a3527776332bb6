/**
 * `npm run bench -- risk-trigger [--customers 100000] [--rounds 2]`
 *
 * What the customers trigger `customers_risk_override` (migration 0041: the customer's own risk
 * questionnaire overrides the extract's risk level) costs the importer. On the import benchmark's
 * two generated days (bench/out/import-N, made by `npm run bench -- import` when missing), for each
 * round and each variant — with the trigger, and with it dropped — alternating which goes first:
 * a fresh database imports day 1 (every customer inserted: a BEFORE UPDATE trigger does not fire),
 * then day 1 is re-delivered (every customer row upserted through ON CONFLICT … DO UPDATE: it fires
 * once per customer), measured as the database backends' CPU (utime + stime from /proc, sizing.ts
 * backendCpu), Node's CPU and the wall time, with the load average beside each. Last, an update of
 * every customer's risk level alone (EXPLAIN ANALYZE, three times): its backend's CPU and the trigger's
 * own time and calls.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { generateDemo } from '../../server/src/modules/demo/generator.js';
import { importDay } from '../../server/src/modules/extract/extract.service.js';
import { scratchDb } from './scratch-db.js';
import { backendCpu, procCpu } from './sizing.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

const load = () => os.loadavg()[0]!.toFixed(1);

interface Step { ms: number; dbCpu: number; nodeCpu: number; load: string }

async function imported(pool: pg.Pool, folder: string): Promise<Step> {
  const m = await backendCpu(pool, () => importDay(pool, folder, { startedBy: 'bench', force: true }));
  if (m.value.status !== 'SUCCEEDED') throw new Error(JSON.stringify(m.value.problems.slice(0, 5)));
  return { ms: m.ms, dbCpu: m.dbCpu, nodeCpu: m.nodeCpu, load: load() };
}

/**
 * An update of every customer's risk level (EXPLAIN ANALYZE, rolled back), three times: the median of
 * its backend's CPU (/proc of pg_backend_pid) and of the trigger's own time as EXPLAIN reports it.
 */
async function triggerTime(pool: pg.Pool): Promise<{ cpuS: number; triggerMs: number; calls: number }> {
  const client = await pool.connect();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const cpu: number[] = [];
    const trig: number[] = [];
    let calls = 0;
    for (let i = 0; i < 3; i++) {
      await client.query('begin');
      const before = procCpu(pid)!;
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Triggers: { 'Trigger Name': string; Time: number; Calls: number }[] }] }>(
        `explain (analyze, format json) update customers set risk_level = risk_level`,
      );
      cpu.push(procCpu(pid)! - before);
      await client.query('rollback');
      const trigger = rows[0]!['QUERY PLAN'][0].Triggers.find((t) => t['Trigger Name'] === 'customers_risk_override');
      trig.push(trigger?.Time ?? 0);
      calls = trigger?.Calls ?? 0;
    }
    return { cpuS: median(cpu), triggerMs: median(trig), calls };
  } finally {
    client.release();
  }
}

export async function run(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const rounds = arg(argv, '--rounds', 2);
  const dir = path.join(OUT, `import-${customers}`);
  const extract = path.join(dir, 'extract');
  if (!existsSync(path.join(dir, 'done'))) {
    await fs.rm(dir, { recursive: true, force: true });
    await generateDemo({ outDir: dir, customers, days: 2, end: '2026-11-20' });
    await fs.writeFile(path.join(dir, 'done'), '');
  }
  const [day1] = (await fs.readdir(extract)).filter((n) => /^\d{8}$/.test(n)).sort();
  if (!day1) throw new Error('expected a day folder');
  const lines = ['| round | trigger | day 1 import: DB CPU / Node CPU / wall (load) | day 1 re-delivered: DB CPU / Node CPU / wall (load) | update of every risk level, median of 3: backend CPU / trigger (calls) |', '|---|---|---|---|---|'];
  const show = (s: Step) => `${s.dbCpu.toFixed(1)} s / ${s.nodeCpu.toFixed(1)} s / ${(s.ms / 1000).toFixed(1)} s (${s.load})`;
  let where = '';
  for (let round = 1; round <= rounds; round++) {
    const variants = round % 2 === 1 ? [true, false] : [false, true];
    for (const withTrigger of variants) {
      const db = await scratchDb();
      where = db.where;
      try {
        if (!withTrigger) await db.pool.query('drop trigger customers_risk_override on customers');
        const first = await imported(db.pool, path.join(extract, day1));
        const again = await imported(db.pool, path.join(extract, day1));
        await db.pool.query('vacuum analyze customers');
        const t = await triggerTime(db.pool);
        const line = `| ${round} | ${withTrigger ? 'with' : 'dropped'} | ${show(first)} | ${show(again)} | ${t.cpuS.toFixed(2)} s / ${t.triggerMs.toFixed(0)} ms (${t.calls.toLocaleString('en-US')}) |`;
        console.error(line);
        lines.push(line);
      } finally {
        await db.close();
      }
    }
  }
  console.log([`### customers_risk_override — ${customers.toLocaleString('en-US')} customers, ${new Date().toISOString().slice(0, 16)}Z`, '',
    `Machine: ${os.cpus().length} cores, ${where}.`, '', ...lines].join('\n'));
}

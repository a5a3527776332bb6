/**
 * `npm run bench -- sizing [--customers 100000] [--days 4] [--untuned]`
 *
 * The per-customer costs behind docs/scale.md, and the month-summary bloat behind
 * docs/performance.md: generates D demo days at C customers (kept in bench/out/sizing-CxD), imports
 * day 1 and the org (teams, staff, relationships), then days 2…D through the importer, and measures
 *   - per table (a partitioned table with its partitions, indexes and TOAST): rows and bytes added per
 *     steady-state day, per customer;
 *   - CPU seconds per day: the importing Node process (process.cpuUsage) and the database backends
 *     of this database, client backends and parallel workers (utime + stime from /proc, sampled
 *     every 100 ms, so it needs the server on this machine), beside the wall time;
 *   - the month-summary tables after the D days: size, live and dead tuples (pgstattuple when the
 *     extension is available), vacuums run.
 * Autovacuum may be off on a shared server, and a benchmark's nights last seconds: after each
 * day, the month-summary tables are vacuumed exactly when autovacuum's rule would (dead tuples >
 * autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × reltuples, from each table's own
 * settings). `--untuned` first resets migration 0045's fillfactor and autovacuum settings of
 * those tables to PostgreSQL's defaults, for the comparison.
 */
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { ensureStaffCohorts } from '../../server/src/modules/attribution/attribution.service.js';
import { generateDemo } from '../../server/src/modules/demo/generator.js';
import { importDay } from '../../server/src/modules/extract/extract.service.js';
import { deadTuplesDue } from '../../server/src/modules/housekeeping/vacuum.rules.js';
import { autovacuumPass, tableStates } from '../../server/src/modules/housekeeping/vacuum.service.js';
import { importOrg } from '../../server/src/modules/org/org.service.js';
import { scratchDb } from './scratch-db.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');
const MONTH_TABLES = ['sum_customer_monthly', 'sum_staff_monthly', 'sum_staff_cohort_monthly'] as const;
const TICKS = 100; // USER_HZ on Linux

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

/** utime + stime of a process in seconds, or null when it is gone. */
export function procCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Samples the CPU of this database's backends while `fn` runs (a backend's growth since first seen). */
export async function backendCpu<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<{ value: T; dbCpu: number; nodeCpu: number; ms: number }> {
  const sampler = await pool.connect();
  const seen = new Map<number, { first: number; last: number }>();
  const sample = async () => {
    const { rows } = await sampler.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type in ('client backend', 'parallel worker')`,
    );
    for (const { pid } of rows) {
      const cpu = procCpu(pid);
      if (cpu === null) continue;
      const s = seen.get(pid);
      if (s) s.last = cpu;
      else seen.set(pid, { first: cpu, last: cpu });
    }
  };
  await sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 100));
      await sample().catch(() => undefined);
    }
  })();
  const node0 = process.cpuUsage();
  const t = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t;
    const node = process.cpuUsage(node0);
    running = false;
    await loop;
    await sample();
    let dbCpu = 0;
    for (const s of seen.values()) dbCpu += s.last - s.first;
    return { value, dbCpu, nodeCpu: (node.user + node.system) / 1e6, ms };
  } finally {
    running = false;
    sampler.release();
  }
}

interface TableSize { table: string; rows: number; bytes: number }

/** Every table of the public schema with its partitions: rows (exact) and total bytes. */
async function tableSizes(pool: pg.Pool): Promise<Map<string, TableSize>> {
  const { rows } = await pool.query<{ table: string; bytes: string }>(
    `select c.relname as table, (select coalesce(sum(pg_total_relation_size(t.relid)), 0) from pg_partition_tree(c.oid) t)::bigint as bytes
       from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition`,
  );
  const out = new Map<string, TableSize>();
  for (const r of rows) {
    const { rows: n } = await pool.query<{ n: string }>(`select count(*) as n from ${r.table}`);
    out.set(r.table, { table: r.table, rows: Number(n[0]!.n), bytes: Number(r.bytes) });
  }
  return out;
}

/** Vacuums a month-summary table when autovacuum's dead-tuple rule would; returns whether it did. */
export async function autovacuumRule(pool: pg.Pool, table: string): Promise<boolean> {
  const [state] = await tableStates(pool, table);
  if (!state || !deadTuplesDue(state)) return false;
  await pool.query(`vacuum (analyze) ${state.name}`);
  return true;
}

/**
 * What autovacuum would do now (every table whose vacuum, insert or analyze rule is due), for this
 * machine's shared PostgreSQL (autovacuum = off) or a benchmark whose nights last seconds (autovacuum's
 * naptime is a minute): the server's own pass after an import on a server without autovacuum.
 */
export { autovacuumPass };

const mb = (b: number) => (b / 2 ** 20).toFixed(1);

export async function run(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const days = arg(argv, '--days', 4);
  const untuned = argv.includes('--untuned');
  const dir = path.join(OUT, `sizing-${customers}x${days}`);
  const extract = path.join(dir, 'extract');
  if (!existsSync(path.join(dir, 'done'))) {
    await fs.rm(dir, { recursive: true, force: true });
    console.error(`generating ${days} days at ${customers.toLocaleString('en-US')} customers …`);
    const g = await generateDemo({ outDir: dir, customers, days, end: '2026-11-20' });
    console.error(`  generated in ${(g.ms / 1000).toFixed(1)} s`);
    await fs.writeFile(path.join(dir, 'done'), '');
  }
  const folders = (await fs.readdir(extract)).filter((n) => /^\d{8}$/.test(n)).sort();
  const db = await scratchDb();
  try {
    const { pool } = db;
    if (untuned) for (const t of MONTH_TABLES) await pool.query(`alter table ${t} reset (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)`);
    const hasPgstattuple = (await pool.query(`select 1 from pg_available_extensions where name = 'pgstattuple'`)).rowCount === 1;
    if (hasPgstattuple) await pool.query('create extension if not exists pgstattuple');

    const first = await importDay(pool, path.join(extract, folders[0]!), { startedBy: 'bench', force: true });
    if (first.status !== 'SUCCEEDED') throw new Error(JSON.stringify(first.problems.slice(0, 5)));
    await pool.query('vacuum analyze');
    const before = await tableSizes(pool);
    const vacuums: Record<string, number> = Object.fromEntries(MONTH_TABLES.map((t) => [t, 0]));
    const perDay: { day: string; rows: number; ms: number; dbCpu: number; nodeCpu: number }[] = [];
    for (const folder of folders.slice(1)) {
      const m = await backendCpu(pool, () => importDay(pool, path.join(extract, folder), { startedBy: 'bench', force: true }));
      if (m.value.status !== 'SUCCEEDED') throw new Error(JSON.stringify(m.value.problems.slice(0, 5)));
      perDay.push({ day: m.value.tradeDate ?? folder, rows: m.value.rows, ms: m.ms, dbCpu: m.dbCpu, nodeCpu: m.nodeCpu });
      console.error(`${m.value.tradeDate}: ${(m.ms / 1000).toFixed(1)} s wall, ${m.dbCpu.toFixed(1)} s database CPU, ${m.nodeCpu.toFixed(1)} s Node CPU`);
      for (const t of MONTH_TABLES) if (await autovacuumRule(pool, t)) vacuums[t]! += 1;
    }
    const afterDays = await tableSizes(pool);
    // the org last: the demo's relationships name customers that open on later days. Its import
    // derives the staff summaries of every imported day (what the nightly import does day by day).
    const org = await backendCpu(pool, async () => {
      const r = await importOrg(pool, path.join(dir, 'org'), { startedBy: 'bench' });
      if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems.slice(0, 5)));
      await ensureStaffCohorts(pool);
    });
    for (const t of MONTH_TABLES) if (await autovacuumRule(pool, t)) vacuums[t]! += 1;
    const after = await tableSizes(pool);
    const steady = perDay.length;
    const load = os.loadavg().map((l) => l.toFixed(1)).join(', ');
    const lines = [
      `### Sizing — ${customers.toLocaleString('en-US')} customers, ${steady} steady-state day(s) after day 1 and the org, ${new Date().toISOString().slice(0, 16)}Z${untuned ? ', month summaries UNTUNED' : ''}`,
      '',
      `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average at the end ${load}; ${db.where}.`,
      '',
      '| day | rows | wall | database CPU | Node CPU |',
      '|---|---:|---:|---:|---:|',
      ...perDay.map((d) => `| ${d.day} | ${d.rows.toLocaleString('en-US')} | ${(d.ms / 1000).toFixed(1)} s | ${d.dbCpu.toFixed(1)} s | ${d.nodeCpu.toFixed(1)} s |`),
      '',
      '| table | rows after day 1 | rows added / day | bytes added / day | bytes / customer / day | total after |',
      '|---|---:|---:|---:|---:|---:|',
    ];
    // per day: what the days added, and the org's tables (relationships, staff summaries) over all D days
    const grown = [...after.values()]
      .map((a) => {
        const fromDays = afterDays.get(a.table)!;
        const b = before.get(a.table) ?? { rows: 0, bytes: 0 };
        const orgRows = a.rows - fromDays.rows;
        const orgBytes = a.bytes - fromDays.bytes;
        return { ...a, drows: (fromDays.rows - b.rows) / steady + orgRows / days, dbytes: (fromDays.bytes - b.bytes) / steady + orgBytes / days };
      })
      .filter((a) => Math.round(a.drows) !== 0 || a.dbytes > 64 * 1024)
      .sort((x, y) => y.dbytes - x.dbytes);
    for (const a of grown) {
      lines.push(`| ${a.table} | ${(before.get(a.table)?.rows ?? 0).toLocaleString('en-US')} | ${Math.round(a.drows).toLocaleString('en-US')} | ${mb(a.dbytes)} MB | ${Math.round(a.dbytes / customers)} | ${mb(a.bytes)} MB |`);
    }
    const sum = (f: (a: (typeof grown)[number]) => number) => grown.reduce((s, a) => s + f(a), 0);
    lines.push(`| **all** | | ${Math.round(sum((a) => a.drows)).toLocaleString('en-US')} | ${mb(sum((a) => a.dbytes))} MB | **${Math.round(sum((a) => a.dbytes) / customers)}** | |`);
    const avg = (f: (d: (typeof perDay)[number]) => number) => perDay.reduce((s, d) => s + f(d), 0) / steady;
    lines.push('', `Per steady-state day: ${(avg((d) => d.ms) / 1000).toFixed(1)} s wall, ${avg((d) => d.dbCpu).toFixed(1)} s database CPU + ${avg((d) => d.nodeCpu).toFixed(1)} s Node CPU = **${((avg((d) => d.dbCpu + d.nodeCpu) / customers) * 1e6).toFixed(1)} CPU-µs per customer**.`);
    lines.push('', `The org import (teams, staff, relationships) after the days, deriving the staff summaries of all ${days} days: ${(org.ms / 1000).toFixed(1)} s wall, ${org.dbCpu.toFixed(1)} s database CPU, ${org.nodeCpu.toFixed(1)} s Node CPU; its tables' rows and bytes are counted per day above as their total over the ${days} days.`);
    lines.push('', '| month summary | rows | size | live tuples | dead tuples | dead % (pgstattuple) | free % | vacuums by the autovacuum rule | reloptions |', '|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const t of MONTH_TABLES) {
      const { rows } = await pool.query<{ n: string; size: string; live: string; dead: string; opts: string | null }>(
        `select (select count(*) from ${t}) as n, pg_relation_size('${t}') as size, s.n_live_tup as live, s.n_dead_tup as dead, array_to_string(c.reloptions, ' ') as opts
           from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = $1`,
        [t],
      );
      const r = rows[0]!;
      let stat = '—';
      let free = '—';
      if (hasPgstattuple) {
        const { rows: p } = await pool.query<{ dead: string; free: string }>(`select dead_tuple_percent as dead, free_percent as free from pgstattuple('${t}')`);
        stat = `${p[0]!.dead} %`;
        free = `${p[0]!.free} %`;
      }
      lines.push(`| ${t} | ${Number(r.n).toLocaleString('en-US')} | ${mb(Number(r.size))} MB | ${r.live} | ${r.dead} | ${stat} | ${free} | ${vacuums[t]} | ${r.opts ?? 'defaults'} |`);
    }
    console.log(lines.join('\n'));
  } finally {
    await db.close({ keep: argv.includes('--keep') });
  }
}

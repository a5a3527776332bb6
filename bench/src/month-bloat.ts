/**
 * `npm run bench -- month-bloat [--customers 100000] [--history 12] [--nights 21]`
 *
 * The month summary's nightly rewrite with a long history, which the importer benchmarks cannot
 * show in minutes: `sum_customer_monthly` is filled with `--history` months of one row per customer
 * (migration 0045's settings, then PostgreSQL's defaults, each on a fresh table), then each "night"
 * rewrites every row of the current month once — the columns the import's upsert writes, so the
 * update is not HOT, as in the import — and a vacuum runs exactly when autovacuum's rule would
 * (sizing.ts: threshold + scale factor × reltuples, from the table's own settings). Prints the
 * table's size, dead tuples and vacuums after the nights, for both settings.
 */
import os from 'node:os';
import type pg from 'pg';
import { scratchDb } from './scratch-db.js';
import { autovacuumRule } from './sizing.js';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

async function oneSetting(pool: pg.Pool, tuned: boolean, customers: number, history: number, nights: number): Promise<string> {
  await pool.query('truncate sum_customer_monthly');
  if (!tuned) {
    await pool.query(`alter table sum_customer_monthly reset (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)`);
  }
  // history months before the current one (2026-11), then the current month's rows
  await pool.query(
    `insert into sum_customer_monthly (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end, net_asset_end,
                                       cash_end, stock_value_end, volume, quantity, commission, fees, trade_count, bank_in, bank_out, product_sales,
                                       asset_cum, volume_cum, commission_cum, fees_cum)
     select m::date, lpad(c::text, 10, '0'), 'B001', 21, 3, (m + interval '1 month - 1 day')::date, 2100000.5 + c, 100000.25 + c, 100000.25 + c,
            5000, 95000.25 + c, 30000, 3000, 9, 1.5, 3, 0, 0, 0, 2100000.5 * 12, 360000, 108, 18
       from generate_series(date '2026-11-01' - make_interval(months => $2::int), date '2026-11-01', interval '1 month') m,
            generate_series(1, $1::int) c`,
    [customers, history],
  );
  await pool.query('vacuum analyze sum_customer_monthly');
  const start = await size(pool);
  let vacuums = 0;
  for (let night = 1; night <= nights; night++) {
    await pool.query(
      `update sum_customer_monthly set open_days = open_days + 1, asset_sum = asset_sum + asset_end, asset_end = asset_end + 1, volume = volume + 100,
              commission = commission + 0.03, asset_cum = asset_cum + asset_end, volume_cum = volume_cum + 100, commission_cum = commission_cum + 0.03
        where month = '2026-11-01'`,
    );
    await pool.query('analyze sum_customer_monthly'); // reltuples as autovacuum's own analyze keeps it
    if (await autovacuumRule(pool, 'sum_customer_monthly')) vacuums++;
  }
  const end = await size(pool);
  const { rows } = await pool.query<{ dead: string; free: string }>(`select dead_tuple_percent::text as dead, free_percent::text as free from pgstattuple('sum_customer_monthly')`);
  const { rows: opts } = await pool.query<{ o: string | null }>(`select array_to_string(reloptions, ' ') as o from pg_class where relname = 'sum_customer_monthly'`);
  return `| ${tuned ? 'migration 0045' : 'PostgreSQL defaults'} | ${(start.heap / 2 ** 20).toFixed(1)} / ${(start.total / 2 ** 20).toFixed(1)} MB | ${(end.heap / 2 ** 20).toFixed(1)} / ${(end.total / 2 ** 20).toFixed(1)} MB | **+${(((end.total - start.total) / start.total) * 100).toFixed(0)} %** | ${end.dead.toLocaleString('en-US')} | ${rows[0]!.dead} % / ${rows[0]!.free} % | ${vacuums} | ${opts[0]?.o ?? 'defaults'} |`;
}

async function size(pool: pg.Pool): Promise<{ heap: number; total: number; dead: number }> {
  const { rows } = await pool.query<{ heap: string; total: string; dead: string }>(
    `select pg_relation_size('sum_customer_monthly') as heap, pg_total_relation_size('sum_customer_monthly') as total,
            (select n_dead_tup from pg_stat_user_tables where relname = 'sum_customer_monthly') as dead`,
  );
  return { heap: Number(rows[0]!.heap), total: Number(rows[0]!.total), dead: Number(rows[0]!.dead) };
}

export async function run(argv: string[]): Promise<void> {
  const customers = arg(argv, '--customers', 100_000);
  const history = arg(argv, '--history', 12);
  const nights = arg(argv, '--nights', 21);
  const db = await scratchDb();
  try {
    await db.pool.query('create extension if not exists pgstattuple');
    const tuned = await oneSetting(db.pool, true, customers, history, nights);
    const untuned = await oneSetting(db.pool, false, customers, history, nights);
    console.log(
      [
        `### Month-summary bloat — ${customers.toLocaleString('en-US')} customers, ${history} months of history + the current month, ${nights} nights, ${new Date().toISOString().slice(0, 16)}Z`,
        '',
        `Machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}; ${db.where}.`,
        '',
        '| settings | heap / with indexes before | after the nights | growth | dead tuples left | dead % / free % (pgstattuple) | vacuums | reloptions |',
        '|---|---:|---:|---:|---:|---:|---:|---|',
        tuned,
        untuned,
      ].join('\n'),
    );
  } finally {
    await db.close();
  }
}

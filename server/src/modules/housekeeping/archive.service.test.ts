import fs from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDir, useTestDb } from '../../../test/harness.js';
import { AppError } from '../../errors.js';
import { ARCHIVED_TABLES, archiveMonths, assertNotArchived, restoreArchive } from './archive.service.js';

/** crm archive / crm archive restore (issue 15 item 5): a round trip with exact counts and sums. */
describe('archiving old fact months', () => {
  const dir = useTempDir('quancrm-archive-');
  const db = useTestDb(async (d) => {
    await d.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '上海营业部')`);
    await d.pool.query(
      `insert into customers (customer_no, name, customer_type, branch_code, open_date, status, first_seen_on, updated_on) values
         ('C1', '甲', 'P', 'B01', '2024-06-03', 'NORMAL', '2025-01-02', '2026-11-20'),
         ('C2', '乙', 'P', 'B01', '2024-06-03', 'NORMAL', '2025-01-02', '2026-11-20')`,
    );
    const { rows } = await d.pool.query<{ id: string }>(
      `insert into import_runs (kind, started_by, folder, trade_date, status) values ('EXTRACT', 'test', 'x', '2026-11-20', 'SUCCEEDED') returning id`,
    );
    await d.pool.query(`insert into trading_days (trade_date, run_id) select d::date, $1 from unnest(array['2025-01-02', '2025-01-03', '2025-02-03', '2026-11-20']) d`, [rows[0]!.id]);
    for (const day of ['2025-01-02', '2025-02-03', '2026-11-20']) {
      for (const t of ARCHIVED_TABLES) await d.pool.query(`select crm_ensure_partition($1, $2::date)`, [t, day]);
    }
    await d.pool.query(
      `insert into fact_assets (trade_date, customer_no, fund_account, currency, total_asset, cash, stock_value, bond_value, fund_value, other_value, debt) values
         ('2025-01-02', 'C1', 'A1', 'CNY', 1000.25, 1000.25, 0, 0, 0, 0, 0),
         ('2025-01-02', 'C2', 'A2', 'CNY', 2500.50, 500.50, 2000, 0, 0, 0, 0),
         ('2025-01-03', 'C1', 'A1', 'CNY', 1010.00, 10.00, 1000, 0, 0, 0, 0),
         ('2025-02-03', 'C1', 'A1', 'CNY', 990.10, 990.10, 0, 0, 0, 0, 0),
         ('2026-11-20', 'C1', 'A1', 'CNY', 5000.00, 5000.00, 0, 0, 0, 0, 0)`,
    );
    await d.pool.query(
      `insert into fact_trades (trade_date, customer_no, fund_account, trade_no, order_no, trade_time, market, security_code, side, price, quantity, amount,
                                commission, stamp_duty, transfer_fee, handling_fee, regulatory_fee, channel) values
         ('2025-01-03', 'C1', 'A1', 'T1', 'O1', '09:31:00', 'SH', '600000', 'B', 10.0000, 100, 1000.00, 5.00, 0, 0.01, 0.03, 0.02, 'APP'),
         ('2025-01-03', 'C2', 'A2', 'T2', null, '14:59:59', 'SZ', '000001', 'S', 12.3450, 200.5, 2475.17, 5.00, 2.48, 0.02, 0.07, 0.05, 'WEB')`,
    );
    // text the COPY format must escape: a tab, a newline, a backslash, Chinese
    await d.pool.query(
      `insert into fact_fund_flows (trade_date, customer_no, fund_account, flow_no, flow_time, currency, flow_type, amount) values
         ('2025-02-03', 'C1', 'A1', E'F\\\\1', '10:00:00', 'CNY', E'银证\\t转入\\n备注', -300.75)`,
    );
  });

  const facts = async () =>
    (
      await db.pool.query<{ t: string; n: string; s: string | null }>(
        `select 'assets' as t, count(*)::text as n, sum(total_asset)::text as s from fact_assets where trade_date < '2025-03-01'
         union all select 'trades', count(*)::text, sum(amount + commission)::text from fact_trades where trade_date < '2025-03-01'
         union all select 'flows', count(*)::text, sum(amount)::text from fact_fund_flows where trade_date < '2025-03-01'
         union all select 'flow text', count(*)::text, string_agg(flow_no || '|' || flow_type, ',') from fact_fund_flows
         union all select 'trades null', count(*)::text, null from fact_trades where order_no is null`,
      )
    ).rows;

  it('refuses months within a year of the last imported day, and changes nothing', async () => {
    await expect(archiveMonths(db.pool, { before: '2026-01', outDir: dir.path })).rejects.toThrow('the latest allowed is --before 2025-11');
    expect(await fs.readdir(dir.path)).toEqual([]);
    expect((await db.pool.query(`select to_regclass('fact_assets_202501') is not null as ok`)).rows[0]).toEqual({ ok: true });
  });

  it('writes each month to a file, checks it, then detaches and drops its partitions; restores them exactly', async () => {
    const before = await facts();
    expect(before).toEqual([
      { t: 'assets', n: '4', s: '5500.85' },
      { t: 'trades', n: '2', s: '3485.17' },
      { t: 'flows', n: '1', s: '-300.75' },
      { t: 'flow text', n: '1', s: 'F\\1|银证\t转入\n备注' },
      { t: 'trades null', n: '1', s: null },
    ]);

    const done = await archiveMonths(db.pool, { before: '2025-03', outDir: dir.path });
    expect(done.map((d) => [d.month, d.rows, path.basename(d.file)])).toEqual([
      ['2025-01', 5, 'quancrm-facts-2025-01.sql.gz'],
      ['2025-02', 2, 'quancrm-facts-2025-02.sql.gz'],
    ]);
    // the partitions are gone, the later month untouched, the archive recorded
    const { rows: parts } = await db.pool.query(`select count(*)::int as n from pg_class where relname ~ '^fact_[a-z_]+_2025(01|02)$'`);
    expect(parts[0]).toEqual({ n: 0 });
    expect(await facts()).toEqual([
      { t: 'assets', n: '0', s: null },
      { t: 'trades', n: '0', s: null },
      { t: 'flows', n: '0', s: null },
      { t: 'flow text', n: '0', s: null },
      { t: 'trades null', n: '0', s: null },
    ]);
    expect((await db.pool.query(`select sum(total_asset)::text as s from fact_assets`)).rows[0]).toEqual({ s: '5000.00' });
    const { rows: recorded } = await db.pool.query(
      `select parent, to_char(month, 'YYYY-MM') as month, row_count::int as n from archived_partitions where row_count > 0 order by month, parent`,
    );
    expect(recorded).toEqual([
      { parent: 'fact_assets', month: '2025-01', n: 3 },
      { parent: 'fact_trades', month: '2025-01', n: 2 },
      { parent: 'fact_assets', month: '2025-02', n: 1 },
      { parent: 'fact_fund_flows', month: '2025-02', n: 1 },
    ]);

    // the file: a gzip'd psql script with its manifest on line 2
    const text = gunzipSync(await fs.readFile(done[1]!.file)).toString('utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('-- QuanCRM fact archive, format 1');
    const manifest = JSON.parse(lines[1]!.replace('-- manifest: ', '')) as { month: string; tables: { table: string; rows: number }[] };
    expect(manifest.month).toBe('2025-02');
    expect(manifest.tables.filter((t) => t.rows).map((t) => [t.table, t.rows])).toEqual([['fact_assets', 1], ['fact_fund_flows', 1]]);
    expect(text).toContain('copy fact_fund_flows (');
    expect(text).toContain('F\\\\1'); // COPY text escapes the backslash …
    expect(text).toContain('银证\\t转入\\n备注'); // … the tab and the newline
    expect(text.trimEnd().endsWith('commit;')).toBe(true);

    // pages that read facts say the months are archived; a later month is not
    const refused = await assertNotArchived(db.pool, '2025-01-15', '2025-02-10').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'MONTH_ARCHIVED', status: 409, extensions: { archivedMonths: ['2025-01', '2025-02'] } });
    expect((refused as AppError).detail.zh).toContain('2025-01, 2025-02 的交易明细已归档');
    await expect(assertNotArchived(db.pool, '2025-03-01', '2026-11-20')).resolves.toBeUndefined();
    // the importer cannot write a day of an archived month behind the archive's back
    await expect(db.pool.query(`select crm_ensure_partition('fact_assets', '2025-01-06')`)).rejects.toThrow(/month 2025-01 of fact_assets is archived/);

    // a file cut short is refused, and nothing changes
    const cut = path.join(dir.path, 'cut.sql.gz');
    await fs.writeFile(cut, gzipSync(text.slice(0, text.indexOf('\\.'))));
    await expect(restoreArchive(db.pool, cut)).rejects.toThrow(/cut short|manifest says/);
    expect((await db.pool.query(`select count(*)::int as n from archived_partitions where month = '2025-02-01'`)).rows[0]).toEqual({ n: ARCHIVED_TABLES.length });

    for (const d of done) await restoreArchive(db.pool, d.file);
    expect(await facts()).toEqual(before);
    expect((await db.pool.query(`select count(*)::int as n from archived_partitions`)).rows[0]).toEqual({ n: 0 });
    await expect(restoreArchive(db.pool, done[0]!.file)).rejects.toThrow('the archive was restored before');
    expect(await facts()).toEqual(before);
  });
});

/**
 * The importer against real PostgreSQL, on a hand-made brokerage whose figures were worked out
 * by hand (see the comments next to each expectation).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { toCsv, writeDay, type Rows } from '../../../test/extract-builder.js';
import { importDay, importPath, MAX_LISTED_PROBLEMS, type ImportOptions } from './extract.service.js';
import { asset, day1, day2, fingerprint, REFERENCE } from '../../../test/extract-fixtures.js';

const opts = { startedBy: 'test' };

async function customerDay(db: TestDb, customer: string, day: string) {
  const { rows } = await db.pool.query(`select * from sum_customer_daily where customer_no = $1 and trade_date = $2`, [customer, day]);
  return rows[0] as Record<string, string> | undefined;
}

describe('end-of-day import', () => {
  let db: TestDb;
  let root: string;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-extract-'));
    await db.pool.query(`truncate branches, customers, fund_accounts, securities, products, fx_rates, trading_days,
      sum_customer_monthly, import_runs cascade`);
    await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, fact_credit, fact_product_holdings,
      fact_product_trades, sum_account_daily, sum_customer_daily`);
  });

  it('imports a day and derives the customer figures in CNY', async () => {
    const folder = await writeDay(root, '2026-11-02', day1());
    const r = await importDay(db.pool, folder, opts);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.rows).toBe(2 + 3 + 4 + 3 + 1 + 4 + 2 + 2 + 1 + 2);
    const c1 = await customerDay(db, '0100001', '2026-11-02');
    // 60,000.00 CNY + 1,000.00 USD × 7.1000 = 67,100.00
    expect(Number(c1!.total_asset)).toBe(67100);
    expect(c1!.total_asset).toBe('67100.000000');
    expect(c1!.cash_in_cny).toBe('10000.00');
    expect(c1!.cash_in_usd).toBe('100.00');
    // cash in CNY: 10,000 + 100 × 7.1 = 10,710
    expect(c1!.cash_cny).toBe('10710.000000');
    expect(c1!.stock_value).toBe('56390.000000'); // 50,000 + 900 × 7.1
    expect(c1!.volume).toBe('15000.000000');
    expect(c1!.commission).toBe('5.000000');
    expect(c1!.fees).toBe('0.810000'); // handling 0.51 + regulatory 0.30
    expect(c1!.trade_count).toBe(1);
    expect(c1!.order_count).toBe(2);
    expect(c1!.cancelled_count).toBe(1);
    expect(c1!.is_open).toBe(true);
    const c2 = await customerDay(db, '0100002', '2026-11-02');
    expect(c2!.bank_in).toBe('5000.000000');
    const c3 = await customerDay(db, '0100003', '2026-11-02');
    expect(c3!.bank_out).toBe('1234.560000');
    const { rows: runs } = await db.pool.query(`select status, trade_date, row_counts, error_count from import_runs`);
    expect(runs).toEqual([{ status: 'SUCCEEDED', trade_date: '2026-11-02', row_counts: expect.objectContaining({ 'assets.csv': 4 }), error_count: 0 }]);
    const { rows: audit } = await db.pool.query(`select action, entity_id from audit_log where action like 'extract.%'`);
    expect(audit).toContainEqual({ action: 'extract.import', entity_id: '2026-11-02' });
  });

  it('uses the last known rate on a day without fx_rates.csv, and carries the 20-day window', async () => {
    await importDay(db.pool, await writeDay(root, '2026-11-02', day1()), opts);
    const r2 = await importDay(db.pool, await writeDay(root, '2026-11-03', day2()), opts);
    expect(r2.problems).toEqual([]);
    const { rows } = await db.pool.query(`select usd_rate from trading_days where trade_date = '2026-11-03'`);
    expect(rows[0].usd_rate).toBe('7.100000');
    const c1 = await customerDay(db, '0100001', '2026-11-03');
    expect(c1!.total_asset).toBe('69100.000000'); // 62,000 + 1,000 × 7.1
    // window of 2 days: 67,100 + 69,100 = 136,200 → average 68,100
    expect(c1!.net_asset_sum20).toBe('136200.000000');
    expect(c1!.days20).toBe(2);
    expect(c1!.last_trade_date).toBe('2026-11-02');
    // customer 0100003 closes on 2026-11-03: not open that day (open until the day before the close date)
    const c3 = await customerDay(db, '0100003', '2026-11-03');
    expect(c3).toBeUndefined();
    const { rows: state } = await db.pool.query(`select customer_no, tier, lifecycle, avg20_net_asset from customer_state order by customer_no`);
    expect(state).toEqual([
      { customer_no: '0100001', tier: '银满堂', lifecycle: 'ACTIVE', avg20_net_asset: '68100.000000' },
      // 0100002: 5,000 on both days → 5,000; sold on day 2
      { customer_no: '0100002', tier: '银满堂', lifecycle: 'ACTIVE', avg20_net_asset: '5000.000000' },
      // 0100003: closed on day 2, so no longer open: churned, without a tier
      { customer_no: '0100003', tier: null, lifecycle: 'CHURNED', avg20_net_asset: '0' },
    ]);
    // on day 1 it was open with 200,000 (one day in the window) → 金满堂; opened in 2020 with no trade
    // in the imported history, so more than 180 days without a trade while holding assets → sleeping
    const { rows: day1State } = await db.pool.query(`select tier, lifecycle from sum_customer_daily where customer_no = '0100003' and trade_date = '2026-11-02'`);
    expect(day1State[0]).toEqual({ tier: '金满堂', lifecycle: 'SLEEPING' });
    const { rows: month } = await db.pool.query(
      `select customer_no, open_days, trade_days, asset_sum, asset_end, max_asset, max_date, min_asset, min_date, volume from sum_customer_monthly order by customer_no`,
    );
    expect(month[0]).toEqual({
      customer_no: '0100001', open_days: 2, trade_days: 1, asset_sum: '136200.000000', asset_end: '69100.000000',
      max_asset: '69100.000000', max_date: '2026-11-03', min_asset: '67100.000000', min_date: '2026-11-02', volume: '15000.000000',
    });
    // closed on the month's last imported day: month-end value 0
    expect(month[2]).toMatchObject({ customer_no: '0100003', open_days: 1, asset_end: '0.000000', asset_sum: '200000.000000' });
  });

  it('is idempotent: importing the same folder twice gives the same database', async () => {
    const f1 = await writeDay(root, '2026-11-02', day1());
    const f2 = await writeDay(root, '2026-11-03', day2());
    await importDay(db.pool, f1, opts);
    await importDay(db.pool, f2, opts);
    const once = await fingerprint(db);
    const again = await importDay(db.pool, f1, opts);
    expect(again.replaced).toBe(true);
    await importDay(db.pool, f2, opts);
    expect(await fingerprint(db)).toEqual(once);
  });

  it('re-derives later days when a corrected day changes the rate they inherited', async () => {
    await importDay(db.pool, await writeDay(root, '2026-11-02', day1()), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-03', day2()), opts);
    const corrected = day1();
    corrected['fx_rates.csv'] = [{ currency: 'USD', rate_to_cny: '7.2000' }];
    const r = await importDay(db.pool, await writeDay(root, '2026-11-02', corrected), opts);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.replaced).toBe(true);
    expect(r.rederivedDays).toEqual(['2026-11-03']);
    expect((await customerDay(db, '0100001', '2026-11-02'))!.total_asset).toBe('67200.000000');
    expect((await customerDay(db, '0100001', '2026-11-03'))!.total_asset).toBe('69200.000000');
    const { rows } = await db.pool.query(`select asset_sum, asset_end from sum_customer_monthly where customer_no = '0100001'`);
    expect(rows[0]).toEqual({ asset_sum: '136400.000000', asset_end: '69200.000000' });
    // the same database as importing the corrected day in the first place
    const after = await fingerprint(db);
    await db.pool.query(`truncate trading_days, fx_rates, sum_customer_monthly`);
    await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, sum_account_daily, sum_customer_daily`);
    await importDay(db.pool, await writeDay(root, '2026-11-02', corrected), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-03', day2()), opts);
    expect(await fingerprint(db)).toEqual(after);
  });

  it('keeps the running totals of later months right when a day of an earlier month is corrected', async () => {
    // October's day, then November's: 0100001's totals of November = October's + November's
    await importDay(db.pool, await writeDay(root, '2026-10-30', day1()), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-02', day2()), opts);
    const totals = async () =>
      (await db.pool.query(`select to_char(month, 'YYYY-MM') as month, asset_sum, asset_cum, volume_cum from sum_customer_monthly where customer_no = '0100001' order by month`)).rows;
    expect(await totals()).toEqual([
      { month: '2026-10', asset_sum: '67100.000000', asset_cum: '67100.000000', volume_cum: expect.any(String) },
      { month: '2026-11', asset_sum: '69100.000000', asset_cum: '136200.000000', volume_cum: '15000.000000' },
    ]);
    // October corrected (USD at 7.2000): 67,200 in October, and November (which inherits the rate) 69,200
    const corrected = day1();
    corrected['fx_rates.csv'] = [{ currency: 'USD', rate_to_cny: '7.2000' }];
    await importDay(db.pool, await writeDay(root, '2026-10-30', corrected), opts);
    expect((await totals()).map((r) => [r.month, r.asset_sum, r.asset_cum])).toEqual([
      ['2026-10', '67200.000000', '67200.000000'],
      ['2026-11', '69200.000000', '136400.000000'],
    ]);
    // every customer's totals equal the sums of its months recomputed from scratch
    const { rows: wrong } = await db.pool.query(`
      select m.customer_no, m.month from sum_customer_monthly m
       cross join lateral (
         select sum(p.asset_sum) as a, sum(p.volume) as v, sum(p.commission) as c, sum(p.fees) as f from sum_customer_monthly p
          where p.customer_no = m.customer_no and p.month <= m.month
       ) s
       where (m.asset_cum, m.volume_cum, m.commission_cum, m.fees_cum) is distinct from (s.a, s.v, s.c, s.f)`);
    expect(wrong).toEqual([]);
  });

  it('re-derives only the customers a correction changed, giving the figures of importing the corrected day in the first place', async () => {
    const day3 = day2();
    delete day3['customers.csv'];
    await importDay(db.pool, await writeDay(root, '2026-11-02', day1()), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-03', day2()), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-04', day3), opts);
    // the row versions (xmin) of 0100001's later days and month: a row rewritten gets a new one
    const versions = async () => (await db.pool.query(
      `select trade_date::text as at, xmin::text as v from sum_customer_daily where customer_no = '0100001' and trade_date > '2026-11-02'
       union all select 'month', xmin::text from sum_customer_monthly where customer_no = '0100001' order by 1`)).rows;
    const untouched = await versions();
    expect(untouched.map((r) => r.at)).toEqual(['2026-11-03', '2026-11-04', 'month']);
    // 2026-11-02 re-delivered with F2 (0100002) holding 6,000.00 instead of 5,000.00; nothing else differs
    const corrected = day1();
    corrected['assets.csv'] = corrected['assets.csv']!.map((a) => (a.fund_account === 'F2' ? asset('F2', 'CNY', '6000.00', '0.00', '6000.00') : a));
    const r = await importDay(db.pool, await writeDay(root, '2026-11-02', corrected), opts);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.replaced).toBe(true);
    expect(r.rederivedDays).toEqual([]);
    // 0100002's 20-day net asset: 6,000 on 11-02, + 5,000 on 11-03 = 11,000, + 5,000 on 11-04 = 16,000; its month 16,000
    expect((await customerDay(db, '0100002', '2026-11-02'))!.net_asset_sum20).toBe('6000.000000');
    expect((await customerDay(db, '0100002', '2026-11-03'))!.net_asset_sum20).toBe('11000.000000');
    expect((await customerDay(db, '0100002', '2026-11-04'))!.net_asset_sum20).toBe('16000.000000');
    const { rows: month } = await db.pool.query(`select asset_sum, asset_cum from sum_customer_monthly where customer_no = '0100002'`);
    expect(month).toEqual([{ asset_sum: '16000.000000', asset_cum: '16000.000000' }]);
    // 0100001's day figures did not change: its later days and month were not re-derived, and its corrected day kept its carried columns
    expect(await versions()).toEqual(untouched);
    expect((await customerDay(db, '0100001', '2026-11-02'))!.net_asset_sum20).toBe('67100.000000');
    expect((await customerDay(db, '0100001', '2026-11-02'))!.tier).not.toBeNull();
    // the same database as importing the corrected day in the first place
    const after = await fingerprint(db);
    await db.pool.query(`truncate trading_days, fx_rates, sum_customer_monthly`);
    await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, sum_account_daily, sum_customer_daily`);
    await importDay(db.pool, await writeDay(root, '2026-11-02', corrected), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-03', day2()), opts);
    await importDay(db.pool, await writeDay(root, '2026-11-04', day3), opts);
    expect(await fingerprint(db)).toEqual(after);
  });

  it('accepts a late day imported after later days and re-derives the window of the days after it', async () => {
    await importDay(db.pool, await writeDay(root, '2026-11-02', day1()), opts);
    const day3 = day2();
    delete day3['customers.csv'];
    await importDay(db.pool, await writeDay(root, '2026-11-04', day3), opts);
    expect((await customerDay(db, '0100001', '2026-11-04'))!.days20).toBe(2);
    await importDay(db.pool, await writeDay(root, '2026-11-03', day3), opts);
    const c = await customerDay(db, '0100001', '2026-11-04');
    expect(c!.days20).toBe(3);
    expect(c!.net_asset_sum20).toBe('205300.000000'); // 67,100 + 69,100 + 69,100
  });

  it('reads GBK files', async () => {
    const folder = await writeDay(root, '2026-11-02', day1(), { encoding: 'gbk' });
    const bytes = await fs.readFile(path.join(folder, 'customers.csv'));
    expect(bytes.includes(Buffer.from('张三', 'utf8'))).toBe(false);
    expect(bytes.includes(iconv.encode('张三', 'gbk'))).toBe(true);
    const r = await importDay(db.pool, folder, opts);
    expect(r.problems).toEqual([]);
    const { rows } = await db.pool.query(`select name from customers where customer_no = '0100001'`);
    expect(rows[0].name).toBe('张三');
  });

  describe('refuses a bad day with file, line, column and reason, leaving the database exactly as it was', () => {
    let before: Record<string, string>;
    beforeEach(async () => {
      await importDay(db.pool, await writeDay(root, '2026-10-30', { ...structuredClone(REFERENCE), 'assets.csv': [asset('F1', 'CNY', '1.00', '0.00', '1.00')] }), opts);
      before = await fingerprint(db);
    });

    async function refused(date: string, files: Record<string, Rows>, o: Parameters<typeof writeDay>[3] = {}, importOpts: Partial<ImportOptions> = {}) {
      const r = await importDay(db.pool, await writeDay(root, date, files, o), { ...opts, ...importOpts });
      expect(r.status).toBe('FAILED');
      expect(await fingerprint(db)).toEqual(before);
      const { rows } = await db.pool.query(`select status, error_count, errors from import_runs where id = $1`, [r.runId]);
      expect(rows[0]).toMatchObject({ status: 'FAILED', error_count: r.problemCount });
      return r;
    }

    it('a folder without manifest.json', async () => {
      const folder = await writeDay(root, '2026-11-02', day1());
      await fs.rm(path.join(folder, 'manifest.json'));
      const r = await importDay(db.pool, folder, opts);
      expect(r.problems).toEqual([{ file: 'manifest.json', reason: expect.stringContaining('missing') }]);
    });

    it('an unknown format', async () => {
      const r = await refused('2026-11-02', day1(), { manifest: (m) => { m.format = 'other/9'; } });
      expect(r.problems).toEqual([{ file: 'manifest.json', column: 'format', reason: "unknown format 'other/9' (expected quancrm-extract/1)" }]);
    });

    it('a listed file that is missing, and a present file that is not listed', async () => {
      const r = await refused('2026-11-02', day1(), {
        manifest: (m) => { m.files['credit.csv'] = { rows: 0, sha256: '0'.repeat(64) }; },
        unlisted: { 'product_holdings.csv': 'fund_account,product_code,units,market_value\n' },
      });
      expect(r.problems).toEqual([
        { file: 'credit.csv', reason: 'listed in manifest.json but missing from the folder' },
        { file: 'product_holdings.csv', reason: 'present in the folder but not listed in manifest.json' },
      ]);
    });

    it('a missing required file', async () => {
      const r = await refused('2026-11-02', day1(), { manifest: (m) => { delete m.files['trades.csv']; } });
      expect(r.problems).toContainEqual({ file: 'trades.csv', reason: 'present in the folder but not listed in manifest.json' });
      expect(r.problems).toContainEqual({ file: 'trades.csv', reason: 'required file is not listed in manifest.json' });
    });

    it('a checksum or row count that differs from the manifest', async () => {
      const r = await refused('2026-11-02', day1(), {
        manifest: (m) => {
          m.files['assets.csv']!.rows = 5;
          m.files['trades.csv']!.sha256 = 'a'.repeat(64);
        },
      });
      expect(r.problems).toContainEqual({ file: 'assets.csv', reason: '4 data rows, but manifest.json says 5' });
      expect(r.problems).toContainEqual({ file: 'trades.csv', reason: expect.stringMatching(/^sha256 [0-9a-f]{64} differs from manifest.json/) });
    });

    it.each<[string, (files: Record<string, Rows>) => void, unknown[]]>([
      [
        'numbers and dates that do not parse',
        (files) => {
          files['assets.csv']![1]!.cash = '1,000.00';
          files['assets.csv']![2]!.stock_value = '1e5';
          files['trades.csv']![0]!.price = '1500.12345';
          files['customers.csv']![1]!.open_date = '2026-02-30';
        },
        [
          { file: 'customers.csv', line: 3, column: 'open_date', reason: 'not a valid date (YYYY-MM-DD): 2026-02-30' },
          { file: 'assets.csv', line: 3, column: 'cash', reason: 'not a decimal number with at most 2 decimals: 1,000.00' },
          { file: 'assets.csv', line: 4, column: 'stock_value', reason: 'not a decimal number with at most 2 decimals: 1e5' },
          { file: 'trades.csv', line: 2, column: 'price', reason: 'not a decimal number with at most 4 decimals: 1500.12345' },
        ],
      ],
      [
        'a total_asset that is not the sum of its parts, and an amount that is not price × quantity',
        (files) => {
          files['assets.csv']![0]!.total_asset = '60000.02';
          files['trades.csv']![0]!.amount = '15000.50';
        },
        [
          { file: 'assets.csv', line: 2, column: 'total_asset', reason: 'total_asset 60000.02 differs from cash + stock_value + fund_value + bond_value + other_value = 60000.00 by more than 0.01' },
          { file: 'trades.csv', line: 2, column: 'amount', reason: 'amount 15000.50 differs from price × quantity = 15000.0000 by more than 0.01' },
        ],
      ],
      [
        'unknown fund accounts, securities and branches',
        (files) => {
          files['assets.csv']!.push(asset('F9', 'CNY', '1.00', '0.00', '1.00'));
          files['trades.csv']![0]!.security_code = '600000';
          files['customers.csv']![2]!.branch_code = 'B77';
        },
        [
          { file: 'customers.csv', line: 4, column: 'branch_code', reason: 'unknown branch B77' },
          { file: 'assets.csv', line: 6, column: 'fund_account', reason: 'unknown fund account F9' },
          { file: 'trades.csv', line: 2, column: 'market+security_code', reason: 'unknown security SH/600000' },
        ],
      ],
      [
        'keys that repeat within a file',
        (files) => {
          files['fund_flows.csv']![1]!.flow_no = 'W1';
        },
        [{ file: 'fund_flows.csv', line: 3, column: 'flow_no', reason: 'key W1 repeats the row at line 2' }],
      ],
    ])('%s', async (_what, change, problems) => {
      const files = day1();
      change(files);
      expect((await refused('2026-11-02', files)).problems).toEqual(problems);
    });

    it('a header without a required column, and malformed CSV', async () => {
      const files = day1();
      const r = await refused('2026-11-02', files, {
        raw: {
          'positions.csv': toCsv('positions.csv', files['positions.csv']!, ['fund_account', 'market', 'security_code', 'quantity', 'market_value']),
          'trades.csv': toCsv('trades.csv', files['trades.csv']!) + 'T2,O1,F1,SH,600519,B,1500.0000,1,1500.00,5.00,0.00,0.01,0.05,0.03,09:40:00,MOBILE,EXTRA\n',
        },
      });
      expect(r.problems).toEqual([
        { file: 'positions.csv', line: 1, column: 'cost_amount', reason: 'required column is missing from the header' },
        { file: 'trades.csv', line: 3, column: undefined, reason: 'extra data after last expected column' },
      ]);
    });

    it('a USD amount with no rate known on or before the day', async () => {
      await db.pool.query(`delete from fx_rates`);
      before = await fingerprint(db);
      const files = day1();
      delete files['fx_rates.csv'];
      const r = await refused('2026-11-02', files);
      expect(r.problems).toEqual([{ file: 'assets.csv', line: 3, column: 'currency', reason: 'no USD rate to CNY in fx_rates.csv of this day or any earlier day' }]);
    });

    it('lists the first 100 problems and counts them all', async () => {
      const files = day1();
      files['fund_flows.csv'] = Array.from({ length: 150 }, (_, i) => ({
        flow_no: `X${i}`, fund_account: 'F1', currency: 'CNY', flow_type: 'BANK_IN', amount: 'abc', flow_time: '25:00:00',
      }));
      const r = await refused('2026-11-02', files);
      expect(r.problemCount).toBe(300);
      expect(r.problems).toHaveLength(MAX_LISTED_PROBLEMS);
      expect(r.problems[0]).toEqual({ file: 'fund_flows.csv', line: 2, column: 'amount', reason: 'not a decimal number with at most 2 decimals: abc' });
      expect(r.problems[1]).toEqual({ file: 'fund_flows.csv', line: 2, column: 'flow_time', reason: 'not a valid time (HH:MM:SS): 25:00:00' });
    });

    it('an empty day: every file header-only with a consistent manifest, forced or not', async () => {
      // the setup day loaded F1, F1U, F2 (opened 2026-11-02) and F3, all open on 2026-11-02
      const reason = 'no data rows, but 4 fund account(s) are open on this day: a day without end-of-day balances is refused';
      expect((await refused('2026-11-02', {})).problems).toEqual([{ file: 'assets.csv', reason }]);
      expect((await refused('2026-11-02', {}, {}, { force: true })).problems).toEqual([{ file: 'assets.csv', reason }]);
    });

    it('a day with far fewer asset rows than the previous trading day, unless forced or within the configured bound', async () => {
      await importDay(db.pool, await writeDay(root, '2026-11-02', day1()), opts); // 4 asset rows
      before = await fingerprint(db);
      const oneRow = { 'assets.csv': [asset('F1', 'CNY', '1.00', '0.00', '1.00')] };
      // 1 row against 4: 25 % < 50 % (the default of importChecks.minAssetRowsPercent)
      const r = await refused('2026-11-03', oneRow);
      expect(r.problems).toEqual([{
        file: 'assets.csv',
        reason: '1 data rows, fewer than 50 % of the 4 rows of the previous trading day 2026-11-02 (setting importChecks.minAssetRowsPercent): ' +
          'a partial export? Refused unless forced (crm import --force imports it anyway)',
      }]);
      const forced = await importDay(db.pool, await writeDay(root, '2026-11-03', oneRow), { ...opts, force: true });
      expect(forced.status).toBe('SUCCEEDED');
      expect(forced.warnings).toEqual([expect.stringMatching(/^assets\.csv: forced: 1 data rows, fewer than 50 % of the 4 rows/)]);
      const { rows: audit } = await db.pool.query(`select detail->'forced' as forced from audit_log where action = 'extract.import' and entity_id = '2026-11-03' order by id desc limit 1`);
      expect(audit[0].forced).toEqual(forced.warnings);
      // at 25 % the same day passes: 1 × 100 = 25 × 4 is not below the bound
      await db.pool.query(`update settings set value = '{"minAssetRowsPercent":25}' where key = 'importChecks'`);
      try {
        expect((await importDay(db.pool, await writeDay(root, '2026-11-03', oneRow), opts)).status).toBe('SUCCEEDED');
      } finally {
        await db.pool.query(`update settings set value = '{"minAssetRowsPercent":50}' where key = 'importChecks'`);
      }
    });

    it('a day after today, unless forced', async () => {
      const files = { 'assets.csv': [asset('F1', 'CNY', '1.00', '0.00', '1.00')] };
      const r = await refused('2026-11-03', files, {}, { today: '2026-11-02' });
      expect(r.problems).toEqual([{
        file: 'manifest.json', column: 'trade_date',
        reason: 'trade_date 2026-11-03 is after today (2026-11-02, Asia/Shanghai): a day is imported after it ends (crm import --force imports it anyway)',
      }]);
      // without a pinned today, the business date now: 2099-03-02 (a Monday) is in the future
      expect((await refused('2099-03-02', files)).problems).toEqual([
        expect.objectContaining({ file: 'manifest.json', column: 'trade_date', reason: expect.stringMatching(/^trade_date 2099-03-02 is after today \(20\d\d-\d\d-\d\d, Asia\/Shanghai\)/) }),
      ]);
      const forced = await importDay(db.pool, await writeDay(root, '2026-11-03', files), { ...opts, today: '2026-11-02', force: true });
      expect(forced.status).toBe('SUCCEEDED');
      expect(forced.warnings).toEqual(['manifest.json: forced: trade_date 2026-11-03 is after today (2026-11-02, Asia/Shanghai): a day is imported after it ends']);
    });

    it('a weekend day, an exchange holiday and a day an administrator closed, unless forced', async () => {
      const files = { 'assets.csv': [asset('F1', 'CNY', '1.00', '0.00', '1.00')] };
      expect((await refused('2026-10-31', files)).problems).toEqual([{
        file: 'manifest.json', column: 'trade_date', reason: 'trade_date 2026-10-31 is a weekend day: the exchanges do not trade (crm import --force imports it anyway)',
      }]);
      // 2026-10-05, a Monday: National Day (国庆), shipped
      expect((await refused('2026-10-05', files)).problems).toEqual([{
        file: 'manifest.json', column: 'trade_date',
        reason: 'trade_date 2026-10-05 is an exchange holiday (trading calendar): the exchanges do not trade (crm import --force imports it anyway)',
      }]);
      await db.pool.query(`insert into trading_calendar_changes (day, trading, note, updated_by) values ('2026-11-04', false, 'test closure', 'test')`);
      try {
        expect((await refused('2026-11-04', files)).problems).toEqual([expect.objectContaining({ reason: expect.stringContaining('2026-11-04 is an exchange holiday') })]);
        const forced = await importDay(db.pool, await writeDay(root, '2026-11-04', files), { ...opts, force: true });
        expect(forced.status).toBe('SUCCEEDED');
      } finally {
        await db.pool.query(`delete from trading_calendar_changes`);
      }
    });

    it('a UTF-8 file declared GBK (it would import as mojibake: 张三 → 寮犱笁)', async () => {
      // every Chinese run of this customers.csv has an even number of UTF-8 bytes, so its bytes are valid GBK too
      const files = {
        'customers.csv': [structuredClone(REFERENCE['customers.csv']![0]!)],
        'assets.csv': [asset('F1', 'CNY', '1.00', '0.00', '1.00')],
      };
      const r = await refused('2026-11-02', files, { manifest: (m) => { m.encoding = 'gbk'; } });
      expect(r.problems).toEqual([{
        file: 'customers.csv', line: 2, column: 'encoding',
        reason: 'manifest.json declares "encoding": "gbk", but the file is UTF-8 (read as GBK its Chinese text would import as mojibake); ' +
          'declare "utf-8" or convert the file to GBK. The first non-ASCII text is on this line',
      }]);
    });

    it('a GBK file declared UTF-8, with one clear problem', async () => {
      const files = {
        'customers.csv': [structuredClone(REFERENCE['customers.csv']![0]!)],
        'assets.csv': [asset('F1', 'CNY', '1.00', '0.00', '1.00')],
      };
      const r = await refused('2026-11-02', files, { encoding: 'gbk', manifest: (m) => { m.encoding = 'utf-8'; } });
      expect(r.problems).toEqual([{
        file: 'customers.csv', line: 2, column: 'encoding',
        reason: 'not valid UTF-8, but manifest.json declares "encoding": "utf-8" (a GBK file must be declared "gbk"); the first bad bytes are on this line',
      }]);
    });

    it('an error in the last file leaves the reference upserts of the first files unwritten (atomic day)', async () => {
      const files = day1();
      files['fund_flows.csv']![0]!.amount = '-5.00';
      const r = await refused('2026-11-02', files);
      expect(r.problems).toEqual([{ file: 'fund_flows.csv', line: 2, column: 'amount', reason: 'must be greater than 0: -5.00' }]);
      const { rows } = await db.pool.query(`select count(*)::int as n from customers where customer_no = '0100002'`);
      expect(rows[0].n).toBe(1); // it was loaded by the setup day, unchanged
    });
  });

  it('imports day folders in date order, stops at a refused day and keeps the days before it', async () => {
    await writeDay(root, '2026-11-02', day1());
    const bad = day2();
    bad['assets.csv']![0]!.cash = 'x';
    await writeDay(root, '2026-11-03', bad);
    await writeDay(root, '2026-11-04', { 'assets.csv': [] });
    await fs.mkdir(path.join(root, '20261105'));
    const summary = await importPath(db.pool, root, opts);
    expect(summary.ok).toBe(false);
    expect(summary.days.map((d) => [d.tradeDate, d.status])).toEqual([['2026-11-02', 'SUCCEEDED'], ['2026-11-03', 'FAILED']]);
    expect(summary.notAttempted).toEqual(['20261104']);
    expect(summary.skipped).toEqual(['20261105']);
    const { rows } = await db.pool.query(`select trade_date from trading_days order by 1`);
    expect(rows).toEqual([{ trade_date: '2026-11-02' }]);
  });
});

/**
 * The carried-forward columns of migrations 0021 and 0025 (business-rules.md §6 RFM and contribution, §7 churn
 * event) on a hand-made brokerage of 266 trading days, written straight into sum_account_daily:
 * the days up to 199 derived as late days (carryForward), the later ones one by one as the newest
 * (deriveCustomerDaily with carryForward) where the scenarios of the windows and boundaries lie;
 * both, and the migration's fill of existing rows, give the values worked out by hand and the
 * same rows; a correction in the middle continues the churn run of the day before it; the 20-day
 * sums of 0025 follow a corrected and a removed window day.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.js';
import { useTestDb } from '../../../test/harness.js';
import { carryForward, classify, deriveCustomerDaily } from './figures.sql.js';

const DAYS = 266;
/** The scenarios of the 20-day window start here (their day 25 is day 245), where each day is derived as the newest. */
const O = 220;
/** Days before this one are derived the way of a late day (carryForward over them all), the rest one by one as the newest. */
const INCREMENTAL_FROM = 200;
/** The i-th trading day (1-based): consecutive calendar days from 2025-01-01. */
const d = (i: number): string => new Date(Date.UTC(2025, 0, i)).toISOString().slice(0, 10);

interface Fact {
  total: number; stock?: number; debt?: number; trades?: number; commission?: number; fees?: number; bankOut?: number; productFee?: number;
  volume?: number; orders?: number; cancelled?: number; bankIn?: number; productSales?: number; mobile?: number; mobileVolume?: number; web?: number; webVolume?: string;
}

/**
 * The facts of customer `c` on day `i` (null: no row). A, B, C, D: 10,000 until day O + 24,
 * transfers out on day O + 25; E: the 250-day windows; G: facts before its open date, then a gap.
 */
function fact(c: string, i: number): Fact | null {
  const j = i - O;
  switch (c) {
    case 'A': // 8,000 out of 10,000 (80 %) and 999.99 left on day O+25; back to 1,000 on O+27, below again on O+28
      if (j < 25) return { total: 10_000 };
      if (j === 25) return { total: 999.99, bankOut: 8_000 };
      return { total: j === 27 ? 1_000 : 500 };
    case 'B': // 7,999 out (79.99 %)
      if (j < 25) return { total: 10_000 };
      return j === 25 ? { total: 999.99, bankOut: 7_999 } : { total: 999.99 };
    case 'C': // 8,000 out but 1,000.00 left: not below the bound
      if (j < 25) return { total: 10_000 };
      return j === 25 ? { total: 1_000, bankOut: 8_000 } : { total: 1_000 };
    case 'D': // opened on day O+10: no net asset 20 days before day O+25
      if (j < 10) return null;
      if (j < 25) return { total: 10_000 };
      return j === 25 ? { total: 999.99, bankOut: 8_000 } : { total: 999.99 };
    case 'E': // cash 100, debt 50 every day; trades on days 1, 251, 252; product fees on days 1 and 2
      return {
        total: 100, debt: 50, ...([1, 251, 252].includes(i) ? { trades: 1, commission: 10, fees: 1 } : {}),
        ...(i <= 2 ? { productFee: 2 } : {}),
      };
    case 'G': // opens on day O+4; a trade on O+1 and a transfer out on O+2 before it, nothing on O+3
      if (j < 1) return null;
      if (j === 1) return { total: 0, trades: 1, commission: 5, fees: 1 };
      if (j === 2) return { total: 0, bankOut: 500 };
      if (j === 3) return null;
      return { total: 2_000 };
    case 'S': // a trade on day 71 (2025-03-12), none after; 5,000 stays
      return { total: 5_000, ...(i === 71 ? { trades: 1, commission: 5, fees: 1 } : {}) };
    case 'Z1': // opened 2022-08-29, never traded: 99.99 cash, no securities
      return { total: 99.99 };
    case 'Z2': // 100.00 cash
      return { total: 100 };
    case 'Z3': // 50 cash and 10 of stock
      return { total: 60, stock: 10 };
    case 'W': // status DORMANT from the trading system
      return { total: 5_000 };
    case 'V': // the 20-day sums (0025): two mobile trades on day O+1 with orders, a cancel, a transfer in and a product purchase; one web trade on O+5
      if (j === 1) return { total: 1_000, trades: 2, mobile: 2, volume: 1000.5, mobileVolume: 1000.5, commission: 3, fees: 1, orders: 3, cancelled: 1, bankIn: 500, productSales: 200 };
      if (j === 5) return { total: 1_000, trades: 1, web: 1, volume: 300.123457, webVolume: '300.12345678', commission: 1, orders: 1 };
      return { total: 1_000 };
    case 'X': // closes on day 100 (a last asset row of 0 that day)
      if (i < 100) return { total: 5_000 };
      return i === 100 ? { total: 0 } : null;
    default:
      return null;
  }
}

const CUSTOMERS: { no: string; open: string; close?: string; status?: string }[] = [
  { no: 'A', open: '2024-12-01' }, { no: 'B', open: '2024-12-01' }, { no: 'C', open: '2024-12-01' },
  { no: 'D', open: d(O + 10) }, { no: 'E', open: '2024-12-01' }, { no: 'G', open: d(O + 4) }, { no: 'S', open: '2024-12-01' },
  { no: 'Z1', open: '2022-08-29' }, { no: 'Z2', open: '2022-08-29' }, { no: 'Z3', open: '2022-08-29' },
  { no: 'W', open: '2024-12-01', status: 'DORMANT' }, { no: 'X', open: '2024-12-01', close: d(100) }, { no: 'V', open: '2024-12-01' },
];

/** The 20-day sums of migration 0025 and the day's channel figures they sum. */
const SUMS20 = `trades_mobile, volume_mobile, trades_web, volume_web, trade_days20, volume_sum20, commission_sum20, fees_sum20, order_sum20,
  cancelled_sum20, trade_sum20, bank_in_sum20, product_sales_sum20, trades_mobile_sum20, volume_mobile_sum20, trades_web_sum20, volume_web_sum20,
  trades_counter_sum20, volume_counter_sum20, trades_phone_sum20, trades_api_sum20, volume_api_sum20`;
/** The churn features' short windows of migration 0057. */
const WINDOWS = 'bank_out_sum5, trade_days10, volume_sum10, net_asset_before5';
const COLUMNS = `trade_date, customer_no, tier, lifecycle, net_asset, net_asset_sum20, days20, last_trade_date, product_fee, days250, trade_days250,
  commission_fees250, cash_sum250, debt_sum250, product_fee250, bank_out_sum20, net_asset_before20, churned_on, ${SUMS20}, ${WINDOWS}`;

describe('carried figures (0021): 250-day sums, 20-day outflow and the churn event', () => {
  const db = useTestDb();
  const rowsOf = async () => (await db.pool.query(`select ${COLUMNS} from sum_customer_daily order by trade_date, customer_no`)).rows;
  const row = async (c: string, i: number) =>
    (await db.pool.query(`select ${COLUMNS} from sum_customer_daily where customer_no = $1 and trade_date = $2`, [c, d(i)])).rows[0];

  /** Writes the account rows of every customer with a fact on each day from `from` to `to`. */
  async function writeDays(from: number, to: number): Promise<void> {
    const facts = [];
    for (let i = from; i <= to; i++) {
      for (const c of CUSTOMERS) {
        const f = fact(c.no, i);
        if (f) facts.push({ day: d(i), customer_no: c.no, ...f });
      }
    }
    await db.pool.query(`delete from sum_account_daily where trade_date between $1 and $2`, [d(from), d(to)]);
    await db.pool.query(
      `insert into sum_account_daily (trade_date, customer_no, fund_account, currency, fx_rate, cash_in_cny, cash_cny, total_asset_cny, debt_cny,
         stock_value_cny, trade_count, commission_cny, fees_cny, bank_out_cny, product_fee_cny, volume_cny, order_count, cancelled_count, bank_in_cny,
         product_sales_cny, trades_mobile, volume_mobile, trades_web, volume_web)
       select f.day, f.customer_no, f.customer_no || '-1', 'CNY', 1, f.total - coalesce(f.stock, 0), f.total - coalesce(f.stock, 0), f.total,
         coalesce(f.debt, 0), coalesce(f.stock, 0), coalesce(f.trades, 0),
         coalesce(f.commission, 0), coalesce(f.fees, 0), coalesce(f."bankOut", 0), coalesce(f."productFee", 0), coalesce(f.volume, 0),
         coalesce(f.orders, 0), coalesce(f.cancelled, 0), coalesce(f."bankIn", 0), coalesce(f."productSales", 0), coalesce(f.mobile, 0),
         coalesce(f."mobileVolume", 0), coalesce(f.web, 0), coalesce(f."webVolume", 0)
       from jsonb_to_recordset($1::jsonb) as f(day date, customer_no text, total numeric, stock numeric, debt numeric, trades int, commission numeric,
         fees numeric, "bankOut" numeric, "productFee" numeric, volume numeric, orders int, cancelled int, "bankIn" numeric, "productSales" numeric,
         mobile int, "mobileVolume" numeric, web int, "webVolume" numeric)`,
      [JSON.stringify(facts)],
    );
  }

  /** Derives days `from`…`to` the way of a late day: each without its carried columns, then carryForward over them all. */
  const rederive = (from: number, to: number) => inTransaction(db.pool, async (client) => {
    for (let i = from; i <= to; i++) await deriveCustomerDaily(client, d(i), { carryForward: false });
    await carryForward(client, d(from));
  });

  let incremental: unknown[];
  beforeAll(async () => {
    await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '总部营业部')`);
    for (const c of CUSTOMERS) {
      await db.pool.query(
        `insert into customers (customer_no, name, customer_type, branch_code, open_date, close_date, status, first_seen_on, updated_on)
         values ($1, $1, 'P', 'B01', $2, $3, $4, $2, $2)`,
        [c.no, c.open, c.close ?? null, c.status ?? 'NORMAL'],
      );
    }
    for (let i = 1; i <= DAYS; i++) {
      if (i === 1 || d(i).endsWith('-01')) {
        for (const t of ['sum_account_daily', 'sum_customer_daily']) await db.pool.query(`select crm_ensure_partition($1, $2::date)`, [t, d(i)]);
      }
    }
    await db.pool.query(`insert into trading_days (trade_date, run_id) select d::date, 1 from generate_series($1::date, $2::date, interval '1 day') d`, [d(1), d(DAYS)]);
    await writeDays(1, DAYS);
    await rederive(1, INCREMENTAL_FROM - 1);
    // each later day derived as the newest, from the day before
    for (let i = INCREMENTAL_FROM; i <= DAYS; i++) await inTransaction(db.pool, (client) => deriveCustomerDaily(client, d(i), { carryForward: true }));
    incremental = await rowsOf();
  }, 900_000);

  it('carries the 20-day outflow, the net asset before it and the churn event, on both sides of each bound', async () => {
    // day 20: only 20 days imported, no day before the window
    expect(await row('A', 20)).toMatchObject({ bank_out_sum20: '0.000000', net_asset_before20: null, churned_on: null });
    // day 21: the window is days 2–21, the day before it day 1 (10,000)
    expect(await row('A', 21)).toMatchObject({ net_asset_before20: '10000.000000', churned_on: null });
    // day O+25: 8,000 out over days O+6…O+25 ≥ 80 % × 10,000 (day O+5) = 8,000, and 999.99 < 1,000: the event
    expect(await row('A', O + 25)).toMatchObject({ bank_out_sum20: '8000.000000', net_asset_before20: '10000.000000', churned_on: d(O + 25) });
    // carried while below the bound, cleared at 1,000 (not below), set again on day O+28: 8,000 still in days O+9…O+28 ≥ 80 % of day O+8's 10,000
    expect((await row('A', O + 26))!.churned_on).toBe(d(O + 25));
    expect((await row('A', O + 27))!.churned_on).toBeNull();
    expect((await row('A', O + 28))!.churned_on).toBe(d(O + 28));
    // the 8,000 of day O+25 is in the window of day O+44 (O+25…O+44) and out of that of day O+45 (O+26…O+45); the event stays while below
    expect((await row('A', O + 44))!.bank_out_sum20).toBe('8000.000000');
    expect(await row('A', O + 45)).toMatchObject({ bank_out_sum20: '0.000000', churned_on: d(O + 28) });
    expect((await row('A', DAYS))!.churned_on).toBe(d(O + 28));
    // B: 7,999 < 8,000 (79.99 %); C: 1,000.00 is not below 1,000; D: no net asset on day O+5 (before20 = 0)
    expect(await row('B', O + 25)).toMatchObject({ bank_out_sum20: '7999.000000', churned_on: null });
    expect(await row('C', O + 25)).toMatchObject({ bank_out_sum20: '8000.000000', churned_on: null });
    expect(await row('D', O + 25)).toMatchObject({ bank_out_sum20: '8000.000000', net_asset_before20: '0.000000', churned_on: null });
  });

  it('carries the 250-day sums: trade days, commission less fees, cash, debt and product fees', async () => {
    // day 250, days 1–250: one trade day (day 1: 10 − 1 = 9), 250 × cash 100 = 25,000, 250 × debt 50 = 12,500, fees 2 + 2 = 4
    expect(await row('E', 250)).toMatchObject({
      days250: 250, trade_days250: 1, commission_fees250: '9.000000', cash_sum250: '25000.000000', debt_sum250: '12500.000000',
      product_fee250: '4.000000', net_asset: '50.000000',
    });
    // day 251, days 2–251: day 1 left, day 251 came: still one trade day and 9; product fees 2 (day 2)
    expect(await row('E', 251)).toMatchObject({ days250: 250, trade_days250: 1, commission_fees250: '9.000000', product_fee250: '2.000000', product_fee: '0.000000' });
    // day 252, days 3–252: trades on 251 and 252 (18), no product fee left
    expect(await row('E', 252)).toMatchObject({ trade_days250: 2, commission_fees250: '18.000000', product_fee250: '0.000000', cash_sum250: '25000.000000' });
    expect(await row('E', 1)).toMatchObject({ days250: 1, product_fee: '2.000000', product_fee250: '2.000000' });
    // G on day O+4 (no row the day before): day O+1's trade (5 − 1 = 4) and day O+2's 500 out are summed from its earlier rows;
    // cash counts only while open (day O+4: 2,000); the window has O+4 = 224 days
    expect(await row('G', O + 4)).toMatchObject({
      days250: 224, trade_days250: 1, commission_fees250: '4.000000', bank_out_sum20: '500.000000', cash_sum250: '2000.000000',
    });
    expect(await row('G', O + 3)).toBeUndefined();
  });

  it('gives the same rows when the newest days are re-derived as late days (carryForward) and when the migration fills existing rows', async () => {
    await rederive(INCREMENTAL_FROM, DAYS); // the days derived one by one, again as late days
    expect(await rowsOf()).toEqual(incremental);
    // the migration's fill of the rows already derived (everything after its marker), from the columns' defaults
    const migration = await fs.readFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations/0021_carried_figures.sql'), 'utf8');
    const fill = migration.slice(migration.indexOf('-- The rows already derived'));
    await db.pool.query(`update sum_customer_daily set product_fee = 0, days250 = 0, trade_days250 = 0, commission_fees250 = 0, cash_sum250 = 0,
      debt_sum250 = 0, product_fee250 = 0, bank_out_sum20 = 0, net_asset_before20 = null, churned_on = null`);
    await db.pool.query(fill);
    expect(await rowsOf()).toEqual(incremental);
    // and 0025's fill of the 20-day sums and the customers' channel figures (the accounts' come from fact_trades: none here)
    const migration25 = await fs.readFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations/0025_carried_sums20.sql'), 'utf8');
    await db.pool.query(`update sum_customer_daily set ${SUMS20.split(',').map((c) => `${c.trim()} = 0`).join(', ')}`);
    await db.pool.query(migration25.slice(migration25.indexOf('-- The rows already derived')));
    expect(await rowsOf()).toEqual(incremental);
    // and 0057's fill of the churn features' short windows
    const migration57 = await fs.readFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations/0057_churn_carried_windows.sql'), 'utf8');
    await db.pool.query(`update sum_customer_daily set bank_out_sum5 = 0, trade_days10 = 0, volume_sum10 = 0, net_asset_before5 = null`);
    await db.pool.query(migration57.slice(migration57.indexOf('-- The rows already derived')));
    expect(await rowsOf()).toEqual(incremental);
  });

  it('carries the churn features\' short windows: 5-day outflow, 10-day trade days and volume, the net asset 5 days before (0057)', async () => {
    const windows = async (c: string, i: number) => (await db.pool.query(
      `select ${WINDOWS} from sum_customer_daily where customer_no = $1 and trade_date = $2`, [c, d(i)])).rows[0];
    // A: 10,000 until day O+24; 8,000 out and 999.99 left on O+25; 500 on O+26, 1,000 on O+27, 500 from O+28
    // day O+25: the 8,000 of the day in O+21…O+25; day O+20's 10,000 five days before
    expect(await windows('A', O + 25)).toEqual({
      bank_out_sum5: '8000.000000', trade_days10: 0, volume_sum10: '0.000000', net_asset_before5: '10000.000000',
    });
    // day O+29 (O+25…O+29) still holds the 8,000, day O+30 (O+26…O+30) no longer; five days before O+30 is O+25 (999.99)
    expect((await windows('A', O + 29))!.bank_out_sum5).toBe('8000.000000');
    expect(await windows('A', O + 30)).toMatchObject({ bank_out_sum5: '0.000000', net_asset_before5: '999.990000' });
    // no fifth day before the window on day 5 (days 1…5 only); day 6's is day 1
    expect((await windows('A', 5))!.net_asset_before5).toBeNull();
    expect((await windows('A', 6))!.net_asset_before5).toBe('10000.000000');
    // V: trades on O+1 (1,000.50) and O+5 (300.123457); day O+10 (O+1…O+10) holds both, O+11 (O+2…O+11) the second, O+15 none
    expect(await windows('V', O + 5)).toMatchObject({ trade_days10: 2, volume_sum10: '1300.623457' });
    expect(await windows('V', O + 10)).toMatchObject({ trade_days10: 2, volume_sum10: '1300.623457' });
    expect(await windows('V', O + 11)).toMatchObject({ trade_days10: 1, volume_sum10: '300.123457' });
    expect(await windows('V', O + 14)).toMatchObject({ trade_days10: 1, volume_sum10: '300.123457' });
    expect(await windows('V', O + 15)).toMatchObject({ trade_days10: 0, volume_sum10: '0.000000' });
    // G opened on O+4 with no row on O+3: its windows are summed from its earlier rows (O+2's 500 out is in O+0…O+4)
    expect(await windows('G', O + 4)).toMatchObject({ bank_out_sum5: '500.000000', net_asset_before5: '0.000000' });
  });

  it('carries the 20-day sums of trading, transfers in, product purchases and the channels (0025)', async () => {
    const sums = async (i: number) => (await db.pool.query(
      `select trade_days20, volume_sum20, commission_sum20, fees_sum20, order_sum20, cancelled_sum20, trade_sum20, bank_in_sum20, product_sales_sum20,
              trades_mobile_sum20, volume_mobile_sum20, trades_web_sum20, volume_web_sum20, trades_counter_sum20
         from sum_customer_daily where customer_no = 'V' and trade_date = $1`, [d(i)])).rows[0];
    // day O+5, days O−14…O+5: both trading days; 1,000.50 + 300.123457 = 1,300.623457; the web amount keeps its 8 decimals
    expect(await sums(O + 5)).toEqual({
      trade_days20: 2, volume_sum20: '1300.623457', commission_sum20: '4.000000', fees_sum20: '1.000000', order_sum20: 4, cancelled_sum20: 1, trade_sum20: 3,
      bank_in_sum20: '500.000000', product_sales_sum20: '200.000000', trades_mobile_sum20: 2, volume_mobile_sum20: '1000.50000000', trades_web_sum20: 1,
      volume_web_sum20: '300.12345678', trades_counter_sum20: 0,
    });
    // day O+20 (O+1…O+20) still holds day O+1; day O+21 (O+2…O+21) no longer
    expect(await sums(O + 20)).toMatchObject({ trade_days20: 2, trade_sum20: 3, bank_in_sum20: '500.000000' });
    expect(await sums(O + 21)).toEqual({
      trade_days20: 1, volume_sum20: '300.123457', commission_sum20: '1.000000', fees_sum20: '0.000000', order_sum20: 1, cancelled_sum20: 0, trade_sum20: 1,
      bank_in_sum20: '0.000000', product_sales_sum20: '0.000000', trades_mobile_sum20: 0, volume_mobile_sum20: '0.00000000', trades_web_sum20: 1,
      volume_web_sum20: '300.12345678', trades_counter_sum20: 0,
    });
    // day O+24 (O+5…O+24) holds day O+5, day O+25 nothing
    expect(await sums(O + 24)).toMatchObject({ trade_days20: 1, trades_web_sum20: 1 });
    expect(await sums(O + 25)).toMatchObject({ trade_days20: 0, volume_sum20: '0.000000', trades_web_sum20: 0, volume_web_sum20: '0.00000000' });
    // a corrected window day (re-imported: day O+5's web trade was a mobile one of 400) moves the later sums, and back
    await db.pool.query(`update sum_account_daily set trades_web = 0, volume_web = 0, trades_mobile = 1, volume_mobile = 400, volume_cny = 400
                          where customer_no = 'V' and trade_date = $1`, [d(O + 5)]);
    await inTransaction(db.pool, async (client) => {
      await deriveCustomerDaily(client, d(O + 5), { carryForward: false });
      await carryForward(client, d(O + 5));
    });
    expect(await sums(O + 21)).toMatchObject({ volume_sum20: '400.000000', trades_mobile_sum20: 1, volume_mobile_sum20: '400.00000000', trades_web_sum20: 0 });
    expect(await sums(O + 25)).toMatchObject({ trade_days20: 0, trades_mobile_sum20: 0 });
    await writeDays(O + 5, O + 5);
    await inTransaction(db.pool, async (client) => {
      await deriveCustomerDaily(client, d(O + 5), { carryForward: false });
      await carryForward(client, d(O + 5));
    });
    expect(await rowsOf()).toEqual(incremental);
  });

  it('continues the churn run of the day before a corrected day', async () => {
    // A's day O+27 corrected to 500 (below): days O+25… are one run again, so days O+27 and O+28 keep the event of day O+25
    await db.pool.query(`update sum_account_daily set total_asset_cny = 500, cash_cny = 500, cash_in_cny = 500 where customer_no = 'A' and trade_date = $1`, [d(O + 27)]);
    await inTransaction(db.pool, async (client) => {
      await deriveCustomerDaily(client, d(O + 27), { carryForward: false });
      await carryForward(client, d(O + 27));
    });
    expect((await row('A', O + 27))!.churned_on).toBe(d(O + 25));
    expect((await row('A', O + 28))!.churned_on).toBe(d(O + 25));
    expect((await row('A', DAYS))!.churned_on).toBe(d(O + 25));
    // and back: the original day O+27 (1,000) gives the original rows
    await writeDays(O + 27, O + 27);
    await inTransaction(db.pool, async (client) => {
      await deriveCustomerDaily(client, d(O + 27), { carryForward: false });
      await carryForward(client, d(O + 27));
    });
    expect(await rowsOf()).toEqual(incremental);
  });

  it('gives each lifecycle state on both sides of its bound (business-rules.md §6)', async () => {
    const lifecycle = async (c: string, i: number) => (await row(c, i))?.lifecycle as string | undefined;
    // the outflow event: A churned on day O+25 (80 %, 999.99); B (79.99 %) and C (1,000.00) not; A back at 1,000 on day O+27
    // (none of them ever traded: opened 2024-12-01, 274 days before day O+24 = 2025-09-01, they sleep when not churned)
    expect(await lifecycle('A', O + 24)).toBe('SLEEPING');
    expect(await lifecycle('A', O + 25)).toBe('CHURNED');
    expect(await lifecycle('A', O + 27)).toBe('SLEEPING');
    expect(await lifecycle('B', O + 25)).toBe('SLEEPING');
    expect(await lifecycle('C', O + 25)).toBe('SLEEPING');
    // closed: open on day 99, not on day 100 (its close date)
    expect(await lifecycle('X', 99)).toBe('ACTIVE');
    expect(await lifecycle('X', 100)).toBe('CHURNED');
    // sleeping: last trade on day 71; day 250 is 179 days on, day 251 180
    expect(await lifecycle('S', 250)).toBe('ACTIVE');
    expect(await lifecycle('S', 251)).toBe('SLEEPING');
    // dormant (central depository): opened 2022-08-29, never traded, no securities, cash < 100: three calendar years are up on
    // 2025-08-29 (day 241: 212 days to the end of July + 29), not on 2025-08-28 (day 240, already 1,095 days on: 2024 has
    // 366); 100.00 cash or 10 of stock is not dormant
    expect([d(240), d(241)]).toEqual(['2025-08-28', '2025-08-29']);
    expect(await lifecycle('Z1', 240)).toBe('SLEEPING');
    expect(await lifecycle('Z1', 241)).toBe('DORMANT');
    expect(await lifecycle('Z2', 241)).toBe('SLEEPING');
    expect(await lifecycle('Z3', 241)).toBe('SLEEPING');
    // dormant by the trading system's status, whatever the figures
    expect(await lifecycle('W', 1)).toBe('DORMANT');
  });

  it('puts a scored customer at CHURN_RISK from the threshold on, below CHURNED and DORMANT, and keeps it when the day is derived again', async () => {
    const last = d(DAYS);
    // threshold 0.5 (migration 0021): S 0.5 → CHURN_RISK over SLEEPING, E 0.4999 stays, A (churned) and W (dormant) stay at 0.9
    await db.pool.query(
      `insert into churn_scores (customer_no, trade_date, score) values ('S', $1, 0.5), ('E', $1, 0.4999), ('A', $1, 0.9), ('W', $1, 0.9)`,
      [last],
    );
    const states = async () => (await db.pool.query(
      `select customer_no, lifecycle from sum_customer_daily where trade_date = $1 and customer_no in ('S', 'E', 'A', 'W') order by customer_no`, [last],
    )).rows;
    const expected = [
      { customer_no: 'A', lifecycle: 'CHURNED' }, { customer_no: 'E', lifecycle: 'ACTIVE' },
      { customer_no: 'S', lifecycle: 'CHURN_RISK' }, { customer_no: 'W', lifecycle: 'DORMANT' },
    ];
    await inTransaction(db.pool, (client) => classify(client, last));
    expect(await states()).toEqual(expected);
    // the newest day imported again, and re-derived as a late day's later day
    await inTransaction(db.pool, (client) => deriveCustomerDaily(client, last, { carryForward: true }));
    expect(await states()).toEqual(expected);
    await inTransaction(db.pool, async (client) => {
      await deriveCustomerDaily(client, last, { carryForward: false });
      await carryForward(client, d(DAYS - 1));
    });
    expect(await states()).toEqual(expected);
    // a higher threshold (0.6) takes S back to SLEEPING
    await db.pool.query(`update settings set value = jsonb_set(value, '{threshold}', '"0.6"') where key = 'churn'`);
    await inTransaction(db.pool, (client) => classify(client, last));
    expect((await states())[2]).toEqual({ customer_no: 'S', lifecycle: 'SLEEPING' });
    await db.pool.query(`update settings set value = jsonb_set(value, '{threshold}', '"0.5"') where key = 'churn'`);
    await db.pool.query(`delete from churn_scores`);
    await inTransaction(db.pool, (client) => classify(client, last));
  });
  // last: it removes a trading day
  it('recomputes the 20-day sums after a window day is removed: the window reaches one day further back', async () => {
    // day O+3 removed the way of day-removal.ts (its rows and its trading day go, the later days are carried again)
    await inTransaction(db.pool, async (client) => {
      for (const t of ['sum_account_daily', 'sum_customer_daily']) await client.query(`delete from ${t} where trade_date = $1`, [d(O + 3)]);
      await client.query(`delete from trading_days where trade_date = $1`, [d(O + 3)]);
      await carryForward(client, d(O + 4));
    });
    // day O+21's 20 trading days are now O+1, O+2, O+4…O+21: day O+1 (two mobile trades, the transfer in) is back in
    expect((await db.pool.query(
      `select trade_days20, trade_sum20, trades_mobile_sum20, volume_mobile_sum20, bank_in_sum20 from sum_customer_daily where customer_no = 'V' and trade_date = $1`,
      [d(O + 21)])).rows[0]).toEqual({ trade_days20: 2, trade_sum20: 3, trades_mobile_sum20: 2, volume_mobile_sum20: '1000.50000000', bank_in_sum20: '500.000000' });
  });
});

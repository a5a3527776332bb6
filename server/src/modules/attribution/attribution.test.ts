/**
 * Staff attribution figures and confirmation against real PostgreSQL, on hand-made days imported
 * through importDay. Every expectation was worked out by hand (see the comments).
 *
 * The brokerage: staff S1 (BROKER), S2 (DISTRIBUTOR), S3 (BROKER); customers
 *   C1 open since 2026-01-05, DEVELOP S1 0.6 and S2 0.4 (S2 with guaranteed rate 0.001);
 *   C2 opens 2026-02-02, DEVELOP S1 1 from 2026-01-01 (before its opening), SERVICE S3 1 (no credit);
 *   C3 open since 2025-06-01, DEVELOP S1 1 ended_on 2026-02-02, then S3 1 from 2026-02-03; closes 2026-02-04.
 * Trading days D1 2026-01-29, D2 2026-01-30 (January's end), D3 02-02, D4 02-03, D5 02-04 (February's end), D6 03-02.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { writeDay, type Rows } from '../../../test/extract-builder.js';
import { importDay } from '../extract/extract.service.js';
import { importOrg } from '../org/org.service.js';
import { inTransaction } from '../../db/database.js';
import { rederiveStaffFiguresSince } from './attribution.service.js';

const opts = { startedBy: 'test' };
const customer = (no: string, open: string, close?: string) => ({
  customer_no: no, name: '客户' + no, customer_type: 'P', branch_code: 'B01', open_date: open, close_date: close ?? null,
  status: close ? 'CLOSED' : 'NORMAL', investor_class: 'ORDINARY',
});
const account = (fa: string, no: string, open: string) => ({ fund_account: fa, customer_no: no, account_kind: 'NORMAL', currency: 'CNY', open_date: open, status: 'NORMAL' });
const asset = (fa: string, cash: string, stock: string, total: string) => ({
  fund_account: fa, currency: 'CNY', cash, stock_value: stock, fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: total, debt: '0.00',
});
const trade = (no: string, fa: string, price: string, qty: string, amount: string, commission: string, handling: string, regulatory: string) => ({
  trade_no: no, order_no: '', fund_account: fa, market: 'SH', security_code: '600519', side: 'B', price, quantity: qty, amount, commission,
  stamp_duty: '0.00', transfer_fee: '0.00', handling_fee: handling, regulatory_fee: regulatory, trade_time: '10:00:00', channel: 'WEB',
});
const flow = (no: string, fa: string, type: string, amount: string) => ({ flow_no: no, fund_account: fa, currency: 'CNY', flow_type: type, amount, flow_time: '09:00:00' });

function days(): Record<string, Record<string, Rows>> {
  return {
    '2026-01-29': {
      'branches.csv': [{ branch_code: 'B01', branch_name: '上海营业部', city: '上海' }],
      'customers.csv': [customer('C1', '2026-01-05'), customer('C3', '2025-06-01')],
      'fund_accounts.csv': [account('F1', 'C1', '2026-01-05'), account('F3', 'C3', '2025-06-01')],
      'securities.csv': [{ market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' }],
      'assets.csv': [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F3', '20000.00', '0.00', '20000.00')],
      // C1: volume 100000, commission 30, fees 2 + 1 = 3
      'trades.csv': [trade('T1', 'F1', '100.0000', '1000', '100000.00', '30.00', '2.00', '1.00')],
      'fund_flows.csv': [flow('W1', 'F1', 'BANK_IN', '5000.00')],
    },
    '2026-01-30': {
      'assets.csv': [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F3', '20000.00', '0.00', '20000.00')],
      // C3: fees 1.50 + 0.50 = 2 above the commission 1
      'trades.csv': [trade('T1', 'F3', '10.0000', '100', '1000.00', '1.00', '1.50', '0.50')],
    },
    '2026-02-02': {
      'customers.csv': [customer('C2', '2026-02-02')],
      'fund_accounts.csv': [account('F2', 'C2', '2026-02-02')],
      'assets.csv': [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F2', '50000.00', '0.00', '50000.00'), asset('F3', '20000.00', '0.00', '20000.00')],
    },
    '2026-02-03': {
      'assets.csv': [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F2', '50000.00', '0.00', '50000.00'), asset('F3', '20000.00', '0.00', '20000.00')],
      'fund_flows.csv': [flow('W1', 'F3', 'BANK_OUT', '3000.00')],
    },
    '2026-02-04': {
      'customers.csv': [customer('C3', '2025-06-01', '2026-02-04')],
      'assets.csv': [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F2', '50000.00', '0.00', '50000.00')],
    },
    '2026-03-02': {
      'assets.csv': [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F2', '50000.00', '0.00', '50000.00')],
    },
  };
}

const COLUMNS = ['customers', 'valid_customers', 'new_customers', 'closed_customers', 'total_asset', 'net_asset', 'market_value', 'cash', 'volume',
  'commission', 'fees', 'guaranteed_commission', 'net_commission', 'bank_in', 'bank_out', 'net_inflow'] as const;
type Figures = Partial<Record<(typeof COLUMNS)[number] | 'asset_sum', string>>;

describe('staff attribution figures', () => {
  let db: TestDb;
  let root: string;
  const all = days();
  const importOne = async (day: string, files = all[day]!) => {
    const r = await importDay(db.pool, await writeDay(root, day, files), opts);
    if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems));
  };
  /** The non-zero figures of a staff member on a day (or month), exact, without trailing zeros. */
  const figures = async (table: 'sum_staff_daily' | 'sum_staff_monthly', key: string, staff: string): Promise<Figures | undefined> => {
    const cols = table === 'sum_staff_monthly' ? [...COLUMNS, 'asset_sum'] : COLUMNS;
    const { rows } = await db.pool.query<Record<string, string>>(
      `select ${cols.map((c) => `trim_scale(${c})::text as ${c}`).join(', ')} from ${table} where ${table === 'sum_staff_daily' ? 'trade_date' : 'month'} = $1 and staff_no = $2`,
      [key, staff],
    );
    const row = rows[0];
    return row && Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '0'));
  };
  const confirmed = async () =>
    Object.fromEntries(
      (await db.pool.query<{ k: string; confirmed_on: string | null }>(`select customer_no || '/' || staff_no || '/' || kind as k, confirmed_on from relationships`)).rows
        .map((r) => [r.k, r.confirmed_on]),
    );

  beforeAll(async () => {
    db = await createTestDb();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-attr-'));
    await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '上海营业部')`);
    await db.pool.query(
      `insert into staff (staff_no, name, category, level, branch_code, hire_date, contract_type) values
         ('S1', '张三', 'BROKER', '初级', 'B01', '2020-01-01', 'LABOR'), ('S2', '李四', 'DISTRIBUTOR', '中级', 'B01', '2020-01-01', 'AGENCY'),
         ('S3', '王五', 'BROKER', '初级', 'B01', '2020-01-01', 'LABOR')`,
    );
    await db.pool.query(
      `insert into customers (customer_no, name, customer_type, branch_code, open_date, status, first_seen_on, updated_on) values
         ('C1', '客户C1', 'P', 'B01', '2026-01-05', 'NORMAL', '2026-01-01', '2026-01-01'),
         ('C2', '客户C2', 'P', 'B01', '2026-02-02', 'NORMAL', '2026-01-01', '2026-01-01'),
         ('C3', '客户C3', 'P', 'B01', '2025-06-01', 'NORMAL', '2026-01-01', '2026-01-01')`,
    );
    await db.pool.query(
      `insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, guaranteed_rate, source) values
         ('C1', 'S1', 'DEVELOP', 0.6, '2026-01-01', '2026-01-01', null, null, 'TEST'),
         ('C1', 'S2', 'DEVELOP', 0.4, '2026-01-01', '2026-01-01', null, 0.001, 'TEST'),
         ('C2', 'S1', 'DEVELOP', 1, '2026-01-01', '2026-01-01', null, null, 'TEST'),
         ('C2', 'S3', 'SERVICE', 1, '2026-01-01', '2026-01-01', null, null, 'TEST'),
         ('C3', 'S1', 'DEVELOP', 1, '2025-06-01', '2025-06-01', '2026-02-02', null, 'TEST'),
         ('C3', 'S3', 'DEVELOP', 1, '2026-02-03', '2026-02-03', null, null, 'TEST')`,
    );
  });
  afterAll(async () => {
    await db.drop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('splits a customer by weight, charges the guaranteed commission, keeps negative net commission', async () => {
    await importOne('2026-01-29');
    // S1: C1 × 0.6 + C3 × 1. Assets 0.6 × 100000 + 20000 = 80000; market value 0.6 × 90000; cash 0.6 × 10000 + 20000.
    // Volume 0.6 × 100000, commission 0.6 × 30 = 18, fees 0.6 × 3 = 1.8, net 16.2; bank in 0.6 × 5000.
    expect(await figures('sum_staff_daily', '2026-01-29', 'S1')).toEqual({
      customers: '1.6', total_asset: '80000', net_asset: '80000', market_value: '54000', cash: '26000', volume: '60000', commission: '18', fees: '1.8',
      net_commission: '16.2', bank_in: '3000', net_inflow: '3000',
    });
    // S2 (distributor): C1 × 0.4. Guaranteed 100000 × 0.001 × 0.4 = 40; net 12 − 1.2 − 40 = −29.2.
    expect(await figures('sum_staff_daily', '2026-01-29', 'S2')).toEqual({
      customers: '0.4', total_asset: '40000', net_asset: '40000', market_value: '36000', cash: '4000', volume: '40000', commission: '12', fees: '1.2',
      guaranteed_commission: '40', net_commission: '-29.2', bank_in: '2000', net_inflow: '2000',
    });
    // S3: C3 is not yet S3's, and the SERVICE relationship with C2 gives no credit (nor is C2 open yet).
    expect(await figures('sum_staff_daily', '2026-01-29', 'S3')).toBeUndefined();
  });

  it('does not confirm while the month is incomplete', async () => {
    await importOne('2026-01-30');
    // C3's trade: commission 1, fees 2 → S1 net −1 that day.
    expect(await figures('sum_staff_daily', '2026-01-30', 'S1')).toMatchObject({ customers: '1.6', volume: '1000', commission: '1', fees: '2', net_commission: '-1' });
    expect(Object.values(await confirmed()).every((d) => d === null)).toBe(true);
    // January so far (month end = 01-30): S1 volume 60000 + 1000, commission 19, fees 3.8, net 15.2; asset sum 80000 × 2.
    expect(await figures('sum_staff_monthly', '2026-01-01', 'S1')).toEqual({
      customers: '1.6', total_asset: '80000', net_asset: '80000', market_value: '54000', cash: '26000', asset_sum: '160000', volume: '61000',
      commission: '19', fees: '3.8', net_commission: '15.2', bank_in: '3000', net_inflow: '3000',
    });
  });

  it('confirms at the first complete valid month end, counts openings, and splits a relationship changed mid-month', async () => {
    await importOne('2026-02-02');
    // January is complete: C1 (trades, 100000) and C3 (20000 ≥ 10000) were valid at 01-30. C2 was not open.
    expect(await confirmed()).toEqual({
      'C1/S1/DEVELOP': '2026-01-30', 'C1/S2/DEVELOP': '2026-01-30', 'C2/S1/DEVELOP': null, 'C2/S3/SERVICE': null,
      'C3/S1/DEVELOP': '2026-01-30', 'C3/S3/DEVELOP': null,
    });
    // ... and January's month end is re-derived: S1 valid 0.6 + 1, S2 0.4.
    expect(await figures('sum_staff_daily', '2026-01-30', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '1.6' });
    expect(await figures('sum_staff_monthly', '2026-01-01', 'S2')).toMatchObject({ customers: '0.4', valid_customers: '0.4' });
    // 02-02: C2 opens (new for S1); C3 still S1's (ended_on is inclusive). Customers 0.6 + 1 + 1; valid C1 and C3.
    expect(await figures('sum_staff_daily', '2026-02-02', 'S1')).toEqual({
      customers: '2.6', valid_customers: '1.6', new_customers: '1', total_asset: '130000', net_asset: '130000', market_value: '54000', cash: '76000',
    });
    await importOne('2026-02-03');
    await importOne('2026-02-04');
    // 02-03: C3 is S3's (not yet confirmed), its withdrawal of 3000 too.
    expect(await figures('sum_staff_daily', '2026-02-03', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '0.6', total_asset: '110000' });
    expect(await figures('sum_staff_daily', '2026-02-03', 'S3')).toEqual({
      customers: '1', total_asset: '20000', net_asset: '20000', cash: '20000', bank_out: '3000', net_inflow: '-3000',
    });
    // 02-04: C3 closes: not open, counted as a closing for S3.
    expect(await figures('sum_staff_daily', '2026-02-04', 'S3')).toEqual({ closed_customers: '1' });
    // February (month end 02-04): S1 1.6 customers (C2 unconfirmed: Feb incomplete), 1 new; S3 only the closing and the flow.
    expect(await figures('sum_staff_monthly', '2026-02-01', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '0.6', new_customers: '1', total_asset: '110000' });
    expect(await figures('sum_staff_monthly', '2026-02-01', 'S3')).toEqual({
      closed_customers: '1', asset_sum: '20000', bank_out: '3000', net_inflow: '-3000',
    });
  });

  it('confirms when the next month starts; a closed customer without trades is not valid', async () => {
    await importOne('2026-03-02');
    // February's end 02-04: C2 50000 ≥ 10000 → S1 (and the SERVICE relationship) confirmed; C3 closed without trades: not.
    expect(await confirmed()).toMatchObject({ 'C2/S1/DEVELOP': '2026-02-04', 'C2/S3/SERVICE': '2026-02-04', 'C3/S3/DEVELOP': null });
    expect(await figures('sum_staff_monthly', '2026-02-01', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '1.6' });
    expect(await figures('sum_staff_daily', '2026-03-02', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '1.6' });
  });

  it('re-derives the staff figures and confirmations when an earlier day is corrected', async () => {
    const d4 = structuredClone(all['2026-02-03']!);
    d4['fund_flows.csv'] = [flow('W1', 'F3', 'BANK_OUT', '5000.00')];
    await importOne('2026-02-03', d4);
    expect(await figures('sum_staff_daily', '2026-02-03', 'S3')).toMatchObject({ bank_out: '5000', net_inflow: '-5000' });
    expect(await figures('sum_staff_monthly', '2026-02-01', 'S3')).toMatchObject({ bank_out: '5000', net_inflow: '-5000' });
    // C2 at February's end corrected to 5000 without trades: no longer valid, the rule's confirmation is withdrawn.
    const d5 = structuredClone(all['2026-02-04']!);
    d5['assets.csv'] = [asset('F1', '10000.00', '90000.00', '100000.00'), asset('F2', '5000.00', '0.00', '5000.00')];
    await importOne('2026-02-04', d5);
    expect(await confirmed()).toMatchObject({ 'C2/S1/DEVELOP': null, 'C1/S1/DEVELOP': '2026-01-30' });
    // S1 on 02-04: 60000 + 5000; valid only C1's 0.6.
    expect(await figures('sum_staff_monthly', '2026-02-01', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '0.6', total_asset: '65000' });
    expect(await figures('sum_staff_daily', '2026-03-02', 'S1')).toMatchObject({ customers: '1.6', valid_customers: '0.6' });
  });

  it('re-derives back to the earliest affected date after an org import changes relationships', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-attr-org-'));
    // C1's S1 share ends 01-29; S3 takes it over from 01-30 (same weight 0.6).
    await fs.writeFile(path.join(dir, 'relationships.csv'), [
      'customer_no,staff_no,kind,weight,assessment_set,added_on,effective_from,confirmed_on,ended_on,guaranteed_rate',
      'C1,S1,DEVELOP,0.6,,2026-01-01,2026-01-01,,2026-01-29,',
      'C1,S3,DEVELOP,0.6,,2026-01-30,2026-01-30,,,',
    ].join('\n') + '\n');
    const r = await importOrg(db.pool, dir, { startedBy: 'test', today: '2026-03-02' });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.status === 'SUCCEEDED' && r.earliestAffectedDate).toBe('2026-01-29');
    // The same files again: the empty confirmed_on keeps the rule's confirmation of C1/S3 (01-30) — nothing changes.
    const again = await importOrg(db.pool, dir, { startedBy: 'test', today: '2026-03-02' });
    await fs.rm(dir, { recursive: true, force: true });
    expect(again.status === 'SUCCEEDED' && [again.counts, again.earliestAffectedDate]).toEqual([
      { 'relationships.csv': { inserted: 0, updated: 0, unchanged: 2 } }, null,
    ]);
    // 01-29 unchanged (the end date is inclusive); from 01-30 C1's 0.6 is S3's, confirmed at January's end.
    expect(await figures('sum_staff_daily', '2026-01-29', 'S1')).toMatchObject({ customers: '1.6', total_asset: '80000' });
    expect(await figures('sum_staff_daily', '2026-01-30', 'S1')).toMatchObject({ customers: '1', valid_customers: '1', total_asset: '20000' });
    expect(await figures('sum_staff_daily', '2026-01-30', 'S3')).toEqual({
      customers: '0.6', valid_customers: '0.6', total_asset: '60000', net_asset: '60000', market_value: '54000', cash: '6000',
    });
    expect(await confirmed()).toMatchObject({ 'C1/S1/DEVELOP': null, 'C1/S3/DEVELOP': '2026-01-30' });
    // January for S1: flows 60000 + 1000 unchanged (01-29 was still S1's), month end only C3.
    expect(await figures('sum_staff_monthly', '2026-01-01', 'S1')).toMatchObject({ customers: '1', volume: '61000', total_asset: '20000', asset_sum: '100000' });
  });

  it('gives the same figures whether maintained day by day or re-derived in one pass', async () => {
    const snapshot = async () => (await db.pool.query(`select * from sum_staff_daily order by trade_date, staff_no`)).rows
      .concat((await db.pool.query(`select * from sum_staff_monthly order by month, staff_no`)).rows);
    const before = await snapshot();
    await inTransaction(db.pool, (client) => rederiveStaffFiguresSince(client, '2000-01-01'));
    expect(await snapshot()).toEqual(before);
  });
});

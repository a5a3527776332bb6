/**
 * The reports against real PostgreSQL, on a small brokerage imported through the real importer
 * from hand-made days, with every expected figure worked out by hand below.
 *
 * Trading days (imported): 2025-05-30 (Fri), 06-02 (Mon), 06-03 (Tue), 06-05 (Thu) — 06-04 is
 * missing, so [06-02, 06-05] has 3 trading days. USD rate: 7.0 from 05-30 (fx_rates.csv), no file
 * on 06-02 (last known 7.0), 7.2 on 06-03, no file on 06-05 (last known 7.2).
 *
 * Customers (branch, open, accounts) and their daily total asset in CNY:
 *   0001 A  B01 open 2025-01-02  FA (CNY) + FAU (USD 1000.00 every day)
 *           05-30: 100000 + 1000×7.0 = 107000;  06-02: 110000 + 1000×7.0 (last known) = 117000
 *           06-03:  90000 + 1000×7.2 = 97200;   06-05: 109800 + 1000×7.2 (last known) = 117000 (ties 06-02)
 *   0002 B  B01 open 2025-06-03  FB: 06-03 50000; 06-05 60000 (05-30 and 06-02: before opening, count 0)
 *   0003 C  B01 open 2024-05-01, closed 2025-06-03  FC: 05-30 20000; 06-02 30000 (06-03, 06-05: closed, count 0)
 *   2001 D  B02 open 2020-01-01  FD: 1000000 every day
 *
 * Trades (volume = amount in CNY; fees = handling + regulatory):
 *   05-30 C FC 500 × 100   = 50000.00   commission 12.50  fees 1.00 + 0.50 = 1.50
 *   06-02 A FA 1000 × 100  = 100000.00  commission 30.00  fees 5.00 + 2.00 = 7.00
 *   06-02 C FC 1000 × 100  = 100000.00  commission 30.00  fees 5.00 + 2.00 = 7.00
 *   06-03 B FB 2000 × 50   = 100000.00  commission 10.00  fees 12.00 + 3.00 = 15.00 (fees above commission)
 *   06-05 A FAU 100 × 10 USD = 1000 USD × 7.2 = 7200.00 CNY, commission 1.00 USD = 7.20, fees (0.10 + 0.05) × 7.2 = 1.08
 *   06-05 D FD 4000 × 50   = 200000.00  commission 50.00  fees 10.00 + 2.00 = 12.00
 *
 * Relationships: S001 (broker, B01) DEVELOP A and C; S002 (distributor, B01) DEVELOP B weight 0.5 with
 * guaranteed rate 0.0001 from 06-03 → B's guaranteed commission on 06-03 = 100000 × 0.0001 × 0.5 = 5.00;
 * S201 (broker, B02) DEVELOP D; S003 manages branch B01.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Rows } from '../../../test/extract-builder.js';
import { itNamesBadParameters } from '../../../test/problem.js';
import { account, customer, reportRows, reportTotals, useReportsApp } from '../../../test/reports-harness.js';
import { downloadedSheet, firstSheet } from '../../../test/xlsx.js';
import { roundHalfUp } from '../../lib/decimal.js';
import { REPORTS } from './reports.registry.js';
import { showValue } from './reports.rules.js';
import { inlineParameters } from './reports.service.js';
import { shownJsonRows, shownJsonRowsWithTotals, shownRows, shownRowsWithTotals } from './reports.sql.js';

/** 10:00 in Shanghai on 2025-06-06. */
const NOW = new Date('2025-06-06T02:00:00Z');

const asset = (fund_account: string, currency: string, cash: string, total: string) => ({
  fund_account, currency, cash, stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: total, debt: '0.00',
});
const trade = (trade_no: string, fund_account: string, security: [string, string], price: string, quantity: string, amount: string,
  commission: string, handling_fee: string, regulatory_fee: string) => ({
  trade_no, fund_account, market: security[0], security_code: security[1], side: 'B', price, quantity, amount, commission,
  stamp_duty: '0.00', transfer_fee: '0.00', handling_fee, regulatory_fee, trade_time: '10:00:00', channel: 'MOBILE',
});
const STOCK: [string, string] = ['SH', '600519'];
const B_SHARE: [string, string] = ['SH', '900901'];


const DAYS: [string, Record<string, Rows>][] = [
  ['2025-05-30', {
    'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }, { branch_code: 'B02', branch_name: '北京金融大街营业部', city: '北京' }],
    'customers.csv': [
      customer('0001', '甲客户', 'B01', '2025-01-02'),
      customer('0003', '丙客户', 'B01', '2024-05-01'),
      customer('2001', '丁客户', 'B02', '2020-01-01'),
    ],
    'fund_accounts.csv': [
      account('FA', '0001', 'CNY', '2025-01-02'), account('FAU', '0001', 'USD', '2025-01-02'),
      account('FC', '0003', 'CNY', '2024-05-01'), account('FD', '2001', 'CNY', '2020-01-01'),
    ],
    'securities.csv': [{ market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' }, { market: 'SH', security_code: '900901', name: '云赛B股', security_class: 'STOCK' }],
    'fx_rates.csv': [{ currency: 'USD', rate_to_cny: '7.0' }],
    'assets.csv': [asset('FA', 'CNY', '100000.00', '100000.00'), asset('FAU', 'USD', '1000.00', '1000.00'), asset('FC', 'CNY', '20000.00', '20000.00'), asset('FD', 'CNY', '1000000.00', '1000000.00')],
    'trades.csv': [trade('T1', 'FC', STOCK, '100', '500', '50000.00', '12.50', '1.00', '0.50')],
  }],
  ['2025-06-02', {
    'assets.csv': [asset('FA', 'CNY', '110000.00', '110000.00'), asset('FAU', 'USD', '1000.00', '1000.00'), asset('FC', 'CNY', '30000.00', '30000.00'), asset('FD', 'CNY', '1000000.00', '1000000.00')],
    'trades.csv': [
      trade('T2', 'FA', STOCK, '100', '1000', '100000.00', '30.00', '5.00', '2.00'),
      trade('T3', 'FC', STOCK, '100', '1000', '100000.00', '30.00', '5.00', '2.00'),
    ],
  }],
  ['2025-06-03', {
    'customers.csv': [
      customer('0002', '乙客户', 'B01', '2025-06-03'),
      customer('0003', '丙客户', 'B01', '2024-05-01', { close_date: '2025-06-03', status: 'CLOSED' }),
    ],
    'fund_accounts.csv': [account('FB', '0002', 'CNY', '2025-06-03')],
    'fx_rates.csv': [{ currency: 'USD', rate_to_cny: '7.2' }],
    'assets.csv': [asset('FA', 'CNY', '90000.00', '90000.00'), asset('FAU', 'USD', '1000.00', '1000.00'), asset('FB', 'CNY', '50000.00', '50000.00'), asset('FD', 'CNY', '1000000.00', '1000000.00')],
    'trades.csv': [trade('T4', 'FB', STOCK, '50', '2000', '100000.00', '10.00', '12.00', '3.00')],
  }],
  ['2025-06-05', {
    'assets.csv': [asset('FA', 'CNY', '109800.00', '109800.00'), asset('FAU', 'USD', '1000.00', '1000.00'), asset('FB', 'CNY', '60000.00', '60000.00'), asset('FD', 'CNY', '1000000.00', '1000000.00')],
    'trades.csv': [
      trade('T5', 'FAU', B_SHARE, '10', '100', '1000.00', '1.00', '0.10', '0.05'),
      trade('T6', 'FD', STOCK, '50', '4000', '200000.00', '50.00', '10.00', '2.00'),
    ],
  }],
];

const ORG = `
insert into teams (team_code, team_name, branch_code) values ('T1', '财富一组', 'B01'), ('T2', '浦东一组', 'B02');
insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, contract_type) values
  ('S001', '张伟', 'BROKER', '中级', 'T1', 'B01', '2020-01-01', 'LABOR'),
  ('S002', '李娜', 'DISTRIBUTOR', '初级', 'T1', 'B01', '2020-01-01', 'AGENCY'),
  ('S003', '王强', 'MANAGER', '资深', null, 'B01', '2015-01-01', 'LABOR'),
  ('S201', '周杰', 'BROKER', '中级', 'T2', 'B02', '2020-01-01', 'LABOR');
insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, guaranteed_rate, source) values
  ('0001', 'S001', 'DEVELOP', 1,   '2025-01-02', '2025-01-02', null,   'test'),
  ('0003', 'S001', 'DEVELOP', 1,   '2024-05-01', '2024-05-01', null,   'test'),
  ('0002', 'S002', 'DEVELOP', 0.5, '2025-06-03', '2025-06-03', 0.0001, 'test'),
  ('2001', 'S201', 'DEVELOP', 1,   '2020-01-01', '2020-01-01', null,   'test');
`;

const LOGINS = { hq_user: { role: 'HQ' }, broker1: { role: 'BROKER', staffNo: 'S001' }, bm_b01: { role: 'BRANCH_MANAGER', staffNo: 'S003' }, broker9: { role: 'BROKER', staffNo: 'S201' } } as const;

const t = useReportsApp({ tmpPrefix: 'quancrm-reports-', days: DAYS, org: ORG, logins: LOGINS, now: NOW });

function get(username: string, url: string, headers: Record<string, string> = {}) {
  return t.call(username, 'GET', url, undefined, headers);
}
const rows = (username: string, url: string) => reportRows(t, username, url);
const totals = (username: string, url: string) => reportTotals(t, username, url);

describe('customer-assets (客户资产查询)', () => {
  // [05-30, 06-05]: 4 trading days.
  //   A: 107000 + 117000 + 97200 + 117000 = 438200, ÷ 4 = 109550; volume 100000 + 7200 = 107200, ÷ 4 = 26800
  //   B: 0 + 0 + 50000 + 60000 = 110000, ÷ 4 = 27500; volume 100000, ÷ 4 = 25000
  //   C: 20000 + 30000 + 0 + 0 = 50000, ÷ 4 = 12500; volume 50000 + 100000 = 150000, ÷ 4 = 37500
  //   D (opened 2020) is outside the open-date range [2024-01-01, 2025-12-31].
  const expected = [
    { customerNo: '0001', name: '甲客户', openDate: '2025-01-02', tradingDays: 4, assetSum: '438200.00', assetAvg: '109550.00', volumeSum: '107200.00', volumeAvg: '26800.00' },
    { customerNo: '0002', name: '乙客户', openDate: '2025-06-03', tradingDays: 4, assetSum: '110000.00', assetAvg: '27500.00', volumeSum: '100000.00', volumeAvg: '25000.00' },
    { customerNo: '0003', name: '丙客户', openDate: '2024-05-01', tradingDays: 4, assetSum: '50000.00', assetAvg: '12500.00', volumeSum: '150000.00', volumeAvg: '37500.00' },
  ];

  it('sums and averages over the trading days, days before opening and after closing counting 0', async () => {
    const res = await get('hq_user', '/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-05-30&to=2025-06-05');
    expect(res.statusCode).toBe(200);
    expect(res.json().columns).toEqual([
      { key: 'customerNo', title: '客户号' }, { key: 'name', title: '客户姓名' }, { key: 'openDate', title: '开户日期' },
      { key: 'tradingDays', title: '交易日数' }, { key: 'assetSum', title: '区间汇总资产' }, { key: 'assetAvg', title: '日均资产' },
      { key: 'volumeSum', title: '区间交易量' }, { key: 'volumeAvg', title: '日均交易量' },
    ]);
    expect(res.json().rows).toEqual(expected);
  });

  it('gives the same figures when whole months are read from the monthly summary', async () => {
    // [05-01, 06-30] covers May and June whole: the same 4 trading days.
    expect(await rows('hq_user', '/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-05-01&to=2025-06-30')).toEqual(expected);
  });

  it('reads whole months as differences of running totals, also for a customer without a row in the range’s months', async () => {
    // [05-01, 07-31]: May, June and July whole; July has no imported day, so nobody has a July row and
    // every customer's totals up to July are those of June (the latest earlier month): the same 4
    // trading days and figures as [05-01, 06-30].
    expect(await rows('hq_user', '/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-05-01&to=2025-07-31')).toEqual(expected);
    // [05-01, 05-31]: one trading day (05-30). A: 107000, no volume; B opened 06-03: no May row, 0;
    // C: 20000, volume 50000.
    expect(await rows('hq_user', '/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-05-01&to=2025-05-31')).toEqual([
      { customerNo: '0001', name: '甲客户', openDate: '2025-01-02', tradingDays: 1, assetSum: '107000.00', assetAvg: '107000.00', volumeSum: '0.00', volumeAvg: '0.00' },
      { customerNo: '0002', name: '乙客户', openDate: '2025-06-03', tradingDays: 1, assetSum: '0.00', assetAvg: '0.00', volumeSum: '0.00', volumeAvg: '0.00' },
      { customerNo: '0003', name: '丙客户', openDate: '2024-05-01', tradingDays: 1, assetSum: '20000.00', assetAvg: '20000.00', volumeSum: '50000.00', volumeAvg: '50000.00' },
    ]);
    // June alone = the running totals of June minus those of May: A 117000 + 97200 + 117000, volume 107200
    const june = await rows('hq_user', '/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-06-01&to=2025-06-30');
    expect(june[0]).toEqual({ customerNo: '0001', name: '甲客户', openDate: '2025-01-02', tradingDays: 3, assetSum: '331200.00', assetAvg: '110400.00', volumeSum: '107200.00', volumeAvg: '35733.33' });
  });

  it('counts only imported days (06-04 is missing) and rounds the average half up', async () => {
    // [06-02, 06-05]: 3 trading days (06-02, 06-03, 06-05).
    //   A: 117000 + 97200 + 117000 = 331200, ÷ 3 = 110400; volume 107200 ÷ 3 = 35733.333… → 35733.33
    //   B: 110000 ÷ 3 = 36666.666… → 36666.67; volume 100000 ÷ 3 = 33333.33
    //   C: 30000 ÷ 3 = 10000; volume 100000 ÷ 3 = 33333.33
    //   D: 3000000 ÷ 3 = 1000000; volume 200000 ÷ 3 = 66666.666… → 66666.67
    expect(await rows('hq_user', '/api/reports/customer-assets?openFrom=2000-01-01&openTo=2025-12-31&from=2025-06-02&to=2025-06-05')).toEqual([
      { customerNo: '0001', name: '甲客户', openDate: '2025-01-02', tradingDays: 3, assetSum: '331200.00', assetAvg: '110400.00', volumeSum: '107200.00', volumeAvg: '35733.33' },
      { customerNo: '0002', name: '乙客户', openDate: '2025-06-03', tradingDays: 3, assetSum: '110000.00', assetAvg: '36666.67', volumeSum: '100000.00', volumeAvg: '33333.33' },
      { customerNo: '0003', name: '丙客户', openDate: '2024-05-01', tradingDays: 3, assetSum: '30000.00', assetAvg: '10000.00', volumeSum: '100000.00', volumeAvg: '33333.33' },
      { customerNo: '2001', name: '丁客户', openDate: '2020-01-01', tradingDays: 3, assetSum: '3000000.00', assetAvg: '1000000.00', volumeSum: '200000.00', volumeAvg: '66666.67' },
    ]);
  });

  it('is scoped: a broker sees own customers, a branch manager the branch', async () => {
    const url = '/api/reports/customer-assets?openFrom=2000-01-01&openTo=2025-12-31&from=2025-06-02&to=2025-06-05';
    const nos = async (u: string) => (await rows(u, url)).map((r) => r.customerNo);
    expect(await nos('broker1')).toEqual(['0001', '0003']);
    expect(await nos('bm_b01')).toEqual(['0001', '0002', '0003']);
    expect(await nos('broker9')).toEqual(['2001']);
  });
});

describe('commission-rate (查询客户佣金率)', () => {
  it('lists each customer and month with volume, rate = commission ÷ volume', async () => {
    // May: only C traded (50000, 12.50 → 0.00025). June: A 107200, 30 + 7.20 = 37.20 → 0.000347014… → 0.000347;
    // B 100000, 10 → 0.0001; C 100000, 30 → 0.0003; D 200000, 50 → 0.00025. A in May: no volume, no row.
    expect(await rows('hq_user', '/api/reports/commission-rate?monthFrom=2025-05&monthTo=2025-06')).toEqual([
      { customerNo: '0001', name: '甲客户', month: '2025-06', volume: '107200.00', commission: '37.20', rate: '0.000347' },
      { customerNo: '0002', name: '乙客户', month: '2025-06', volume: '100000.00', commission: '10.00', rate: '0.000100' },
      { customerNo: '0003', name: '丙客户', month: '2025-05', volume: '50000.00', commission: '12.50', rate: '0.000250' },
      { customerNo: '0003', name: '丙客户', month: '2025-06', volume: '100000.00', commission: '30.00', rate: '0.000300' },
      { customerNo: '2001', name: '丁客户', month: '2025-06', volume: '200000.00', commission: '50.00', rate: '0.000250' },
    ]);
    expect((await rows('broker1', '/api/reports/commission-rate?monthFrom=2025-06&monthTo=2025-06')).map((r) => r.customerNo)).toEqual(['0001', '0003']);
  });
});

describe('asset-extremes (客户最高最低资产查询)', () => {
  // A: max 117000 on 06-02 and 06-05 → the earliest, 06-02; min 97200 on 06-03.
  // B: open from 06-03 only: max 60000 (06-05), min 50000 (06-03) — days before opening are not candidates.
  // C: open 05-30 and 06-02 only: max 30000 (06-02), min 20000 (05-30).
  // D: 1000000 every day: both on the earliest day, 05-30.
  const expected = [
    { customerNo: '0001', name: '甲客户', maxAsset: '117000.00', maxDate: '2025-06-02', minAsset: '97200.00', minDate: '2025-06-03' },
    { customerNo: '0002', name: '乙客户', maxAsset: '60000.00', maxDate: '2025-06-05', minAsset: '50000.00', minDate: '2025-06-03' },
    { customerNo: '0003', name: '丙客户', maxAsset: '30000.00', maxDate: '2025-06-02', minAsset: '20000.00', minDate: '2025-05-30' },
    { customerNo: '2001', name: '丁客户', maxAsset: '1000000.00', maxDate: '2025-05-30', minAsset: '1000000.00', minDate: '2025-05-30' },
  ];
  it('from daily rows and from whole months alike', async () => {
    expect(await rows('hq_user', '/api/reports/asset-extremes?from=2025-05-30&to=2025-06-05')).toEqual(expected);
    expect(await rows('hq_user', '/api/reports/asset-extremes?from=2025-05-01&to=2025-06-30')).toEqual(expected);
  });
  it('over a part of the interval', async () => {
    // [06-03, 06-05]: A 97200 (06-03), 117000 (06-05); C closed throughout → no row.
    expect((await rows('bm_b01', '/api/reports/asset-extremes?from=2025-06-03&to=2025-06-05'))).toEqual([
      { customerNo: '0001', name: '甲客户', maxAsset: '117000.00', maxDate: '2025-06-05', minAsset: '97200.00', minDate: '2025-06-03' },
      { customerNo: '0002', name: '乙客户', maxAsset: '60000.00', maxDate: '2025-06-05', minAsset: '50000.00', minDate: '2025-06-03' },
    ]);
  });
});

describe('trading-stats (交易量统计)', () => {
  it('by branch, with the guaranteed commission and a net commission that may be negative', async () => {
    // May B01: C 50000, qty 500, 12.50, fees 1.50, net 11.00.
    // June B01: volume 100000 + 7200 + 100000 + 100000 = 307200; qty 1000 + 100 + 2000 + 1000 = 4100;
    //   commission 30 + 7.20 + 10 + 30 = 77.20; fees 7 + 1.08 + 15 + 7 = 30.08; guaranteed 5.00 (B on 06-03);
    //   net 77.20 − 30.08 − 5.00 = 42.12.  June B02: D 200000, 4000, 50, 12, 0, 38.
    expect(await rows('hq_user', '/api/reports/trading-stats?monthFrom=2025-05&monthTo=2025-06&groupBy=branch')).toEqual([
      { month: '2025-05', key: 'B01', keyName: '上海浦东南路营业部', volume: '50000.00', quantity: '500.00', commission: '12.50', fees: '1.50', guaranteed: '0.00', netCommission: '11.00' },
      { month: '2025-06', key: 'B01', keyName: '上海浦东南路营业部', volume: '307200.00', quantity: '4100.00', commission: '77.20', fees: '30.08', guaranteed: '5.00', netCommission: '42.12' },
      { month: '2025-06', key: 'B02', keyName: '北京金融大街营业部', volume: '200000.00', quantity: '4000.00', commission: '50.00', fees: '12.00', guaranteed: '0.00', netCommission: '38.00' },
    ]);
    // The branch manager of B01 sees B01 only; broker1 only A and C: 100000 + 7200 + 100000 = 207200, 67.20, 15.08.
    expect((await rows('bm_b01', '/api/reports/trading-stats?monthFrom=2025-06&monthTo=2025-06')).map((r) => r.key)).toEqual(['B01']);
    expect(await rows('broker1', '/api/reports/trading-stats?monthFrom=2025-06&monthTo=2025-06')).toEqual([
      { month: '2025-06', key: 'B01', keyName: '上海浦东南路营业部', volume: '207200.00', quantity: '2100.00', commission: '67.20', fees: '15.08', guaranteed: '0.00', netCommission: '52.12' },
    ]);
  });

  it('by fund account (结算账号)', async () => {
    // FB: 10.00 − 15.00 − 5.00 = −10.00 (fees above commission, plus the guarantee: negative, not clamped).
    expect(await rows('hq_user', '/api/reports/trading-stats?monthFrom=2025-06&monthTo=2025-06&groupBy=account')).toEqual([
      { month: '2025-06', key: 'FA', keyName: '甲客户', volume: '100000.00', quantity: '1000.00', commission: '30.00', fees: '7.00', guaranteed: '0.00', netCommission: '23.00' },
      { month: '2025-06', key: 'FAU', keyName: '甲客户', volume: '7200.00', quantity: '100.00', commission: '7.20', fees: '1.08', guaranteed: '0.00', netCommission: '6.12' },
      { month: '2025-06', key: 'FB', keyName: '乙客户', volume: '100000.00', quantity: '2000.00', commission: '10.00', fees: '15.00', guaranteed: '5.00', netCommission: '-10.00' },
      { month: '2025-06', key: 'FC', keyName: '丙客户', volume: '100000.00', quantity: '1000.00', commission: '30.00', fees: '7.00', guaranteed: '0.00', netCommission: '23.00' },
      { month: '2025-06', key: 'FD', keyName: '丁客户', volume: '200000.00', quantity: '4000.00', commission: '50.00', fees: '12.00', guaranteed: '0.00', netCommission: '38.00' },
    ]);
  });
});

describe('customer-ranking (客户交易量排行)', () => {
  // [06-02, 06-05]: D 200000 / 50 / 50 − 12 = 38; A 107200 / 37.20 / 37.20 − 8.08 = 29.12;
  // B 100000 / 10 / 10 − 15 − 5 = −10; C 100000 / 30 / 30 − 7 = 23. B and C tie on volume: by customer number.
  it('by volume, ties by customer number', async () => {
    expect(await rows('hq_user', '/api/reports/customer-ranking?from=2025-06-02&to=2025-06-05&by=volume')).toEqual([
      { rank: 1, customerNo: '2001', name: '丁客户', volume: '200000.00', commission: '50.00', netCommission: '38.00' },
      { rank: 2, customerNo: '0001', name: '甲客户', volume: '107200.00', commission: '37.20', netCommission: '29.12' },
      { rank: 3, customerNo: '0002', name: '乙客户', volume: '100000.00', commission: '10.00', netCommission: '-10.00' },
      { rank: 4, customerNo: '0003', name: '丙客户', volume: '100000.00', commission: '30.00', netCommission: '23.00' },
    ]);
  });
  it('by net commission with a limit, and scoped', async () => {
    expect((await rows('hq_user', '/api/reports/customer-ranking?from=2025-06-02&to=2025-06-05&by=netCommission&limit=3')).map((r) => [r.rank, r.customerNo])).toEqual([
      [1, '2001'], [2, '0001'], [3, '0003'],
    ]);
    // broker1 over [05-30, 06-30] (05-30 daily + June whole): C 150000 / 42.50 / 42.50 − 8.50 = 34; A 107200 / 37.20 / 29.12.
    expect(await rows('broker1', '/api/reports/customer-ranking?from=2025-05-30&to=2025-06-30&by=commission')).toEqual([
      { rank: 1, customerNo: '0003', name: '丙客户', volume: '150000.00', commission: '42.50', netCommission: '34.00' },
      { rank: 2, customerNo: '0001', name: '甲客户', volume: '107200.00', commission: '37.20', netCommission: '29.12' },
    ]);
  });
});

describe('tier-distribution and asset-trend (客户级别分布、资产走势)', () => {
  it('counts the customers open on the date and their assets by tier', async () => {
    // 06-05, 20-day window = the 4 imported days: A 438200 ÷ 4 = 109550 → 金满堂; B 110000 ÷ 4 = 27500 → 银满堂;
    // D 1000000 → 玉满堂; C is closed.
    expect(await rows('hq_user', '/api/reports/tier-distribution?date=2025-06-05')).toEqual([
      { tier: '玉满堂', customers: 1, asset: '1000000.00' },
      { tier: '金满堂', customers: 1, asset: '117000.00' },
      { tier: '银满堂', customers: 1, asset: '60000.00' },
    ]);
    expect(await rows('broker9', '/api/reports/tier-distribution?date=2025-06-05')).toEqual([{ tier: '玉满堂', customers: 1, asset: '1000000.00' }]);
  });
  it('shows the open customers and assets at each month end', async () => {
    // May ends 05-30: A, C, D open: 107000 + 20000 + 1000000. June ends 06-05: A, B, D: 117000 + 60000 + 1000000.
    expect(await rows('hq_user', '/api/reports/asset-trend')).toEqual([
      { month: '2025-05', customers: 3, asset: '1127000.00' },
      { month: '2025-06', customers: 3, asset: '1177000.00' },
    ]);
    expect(await rows('hq_user', '/api/reports/asset-trend?months=1')).toEqual([{ month: '2025-06', customers: 3, asset: '1177000.00' }]);
    expect(await rows('broker1', '/api/reports/asset-trend')).toEqual([
      { month: '2025-05', customers: 2, asset: '127000.00' },
      { month: '2025-06', customers: 1, asset: '117000.00' },
    ]);
  });
});

describe('the catalogue (GET /api/reports)', () => {
  interface Entry {
    id: string;
    parameters: { name: string; default: string | null; label: { zh: string }; options?: { value: string; zh: string }[] }[];
    columns: { key: string; total: boolean }[];
  }
  const catalogue = async (username: string) => {
    const res = await get(username, '/api/reports');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Entry[];
  };
  const defaults = (entry: Entry | undefined) => Object.fromEntries((entry?.parameters ?? []).map((p) => [p.name, p.default]));

  it('lists the ten reports with their defaults resolved from the last trading day (2025-06-05)', async () => {
    const reports = await catalogue('hq_user');
    expect(reports.map((r) => r.id)).toEqual([...REPORTS.keys()]);
    const byId = (id: string) => reports.find((r) => r.id === id);
    expect(defaults(byId('customer-assets'))).toEqual({ openFrom: '1990-01-01', openTo: '2025-06-05', from: '2025-06-01', to: '2025-06-05' });
    expect(defaults(byId('commission-rate'))).toEqual({ monthFrom: '2025-04', monthTo: '2025-06' });
    expect(defaults(byId('customer-ranking'))).toEqual({ from: '2025-06-01', to: '2025-06-05', by: 'volume', limit: '100' });
    expect(defaults(byId('asset-trend'))).toEqual({ months: '6' });
    // head office chooses the team or branch itself
    expect(defaults(byId('team-marketing'))).toEqual({ team: null, branch: null, openFrom: '2025-01-01', openTo: '2025-06-05', monthFrom: '2025-04', monthTo: '2025-06' });
    expect(byId('customer-ranking')?.parameters.find((p) => p.name === 'by')).toMatchObject({
      label: { zh: '排序指标' }, options: [{ value: 'volume', zh: '交易量' }, { value: 'commission', zh: '毛佣金' }, { value: 'netCommission', zh: '净佣金' }],
    });
    expect(byId('commission-rate')?.columns).toEqual([
      { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text', total: false },
      { key: 'name', zh: '客户姓名', en: 'Name', kind: 'text', total: false },
      { key: 'month', zh: '月份', en: 'Month', kind: 'month', total: false },
      { key: 'volume', zh: '交易量', en: 'Volume', kind: 'money', total: true },
      { key: 'commission', zh: '毛佣金', en: 'Gross commission', kind: 'money', total: true },
      { key: 'rate', zh: '月柜台佣金率', en: 'Commission rate', kind: 'rate', total: false },
    ]);
  });

  it('opens team-marketing on the caller’s own team (a broker) or branch (a branch manager)', async () => {
    const unit = async (username: string) => {
      const entry = (await catalogue(username)).find((r) => r.id === 'team-marketing');
      return [entry?.parameters[0]?.default, entry?.parameters[1]?.default];
    };
    expect(await unit('broker1')).toEqual(['T1', null]);
    expect(await unit('bm_b01')).toEqual([null, 'B01']);
    expect((await t.app.inject({ method: 'GET', url: '/api/reports' })).statusCode).toBe(401);
  });
});

describe('totals (合计)', () => {

  it('sums every row of the result exactly, as decimal strings, for the columns that have totals', async () => {
    // the rows of the tests above: commission-rate May–June 107200 + 100000 + 50000 + 100000 + 200000, 37.20 + 10 + 12.50 + 30 + 50
    expect(await totals('hq_user', '/api/reports/commission-rate?monthFrom=2025-05&monthTo=2025-06')).toEqual({ volume: '557200.00', commission: '139.70' });
    // trading-stats by branch: 50000 + 307200 + 200000; 500 + 4100 + 4000; 12.50 + 77.20 + 50; 1.50 + 30.08 + 12; 5; 11 + 42.12 + 38
    expect(await totals('hq_user', '/api/reports/trading-stats?monthFrom=2025-05&monthTo=2025-06&groupBy=branch')).toEqual({
      volume: '557200.00', quantity: '8600.00', commission: '139.70', fees: '43.58', guaranteed: '5.00', netCommission: '91.12',
    });
    // customer-ranking: 200000 + 107200 + 100000 + 100000; 50 + 37.20 + 10 + 30; 38 + 29.12 − 10 + 23 (a negative row included)
    expect(await totals('hq_user', '/api/reports/customer-ranking?from=2025-06-02&to=2025-06-05&by=volume')).toEqual({
      volume: '507200.00', commission: '127.20', netCommission: '80.12',
    });
    // tier-distribution: 1 + 1 + 1 customers; 1000000 + 117000 + 60000
    expect(await totals('hq_user', '/api/reports/tier-distribution?date=2025-06-05')).toEqual({ customers: '3', asset: '1177000.00' });
    // customer-assets: only the volume sum has a total: 107200 + 100000 + 150000
    expect(await totals('hq_user', '/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-05-30&to=2025-06-05')).toEqual({ volumeSum: '357200.00' });
  });

  it('is over the caller’s rows only, zero without rows, and null for a report without totals columns', async () => {
    // broker1: A and C only: 107200 + 100000; 37.20 + 30
    expect(await totals('broker1', '/api/reports/commission-rate?monthFrom=2025-06&monthTo=2025-06')).toEqual({ volume: '207200.00', commission: '67.20' });
    expect(await totals('hq_user', '/api/reports/commission-rate?monthFrom=2024-01&monthTo=2024-02')).toEqual({ volume: '0.00', commission: '0.00' });
    expect(await totals('hq_user', '/api/reports/asset-trend')).toBeNull();
    expect(await totals('hq_user', '/api/reports/asset-extremes?from=2025-05-30&to=2025-06-05')).toBeNull();
  });

  it('sums the exact values, not the rounded ones shown in the rows (money rounded once, counts exact)', async () => {
    // three rows of money 0.005 (each shown 0.01: the shown rows would sum to 0.03) and of weighted counts
    // 0.333333 (each shown 0.33): the exact sums are 0.015 → shown 0.02, and 0.999999, kept exact.
    const columns = [{ key: 'k', kind: 'text' as const }, { key: 'm', kind: 'money' as const, total: true }, { key: 'c', kind: 'count' as const, total: true }, { key: 'n', kind: 'int' as const, total: true }];
    const inner = `select 'r' || i as k, 0.005::numeric as m, 0.333333::numeric as c, i::int as n from generate_series(1, 3) as i order by i`;
    const { rows: json } = await t.db.pool.query<{ j: string }>(shownJsonRowsWithTotals(columns, inner));
    expect(json.map((r) => JSON.parse(r.j) as unknown)).toEqual([
      { k: 'r1', m: '0.01', c: 0.33, n: 1 },
      { k: 'r2', m: '0.01', c: 0.33, n: 2 },
      { k: 'r3', m: '0.01', c: 0.33, n: 3 },
      { m: '0.02', c: '0.999999', n: '6' },
    ]);
    const { rows: plain } = await t.db.pool.query<Record<string, unknown>>(shownRowsWithTotals(columns, inner));
    expect(plain.map((r) => [r.__total, r.k, r.m, String(r.c), String(r.n)])).toEqual([
      [false, 'r1', '0.01', '0.33', '1'],
      [false, 'r2', '0.01', '0.33', '2'],
      [false, 'r3', '0.01', '0.33', '3'],
      [true, null, '0.02', '0.999999', '6'],
    ]);
    // without totals columns, the rows alone
    expect(shownJsonRowsWithTotals(columns.map((c) => ({ ...c, total: false })), inner)).toBe(shownJsonRows(columns, inner));
  });
});

describe('paging (?page=&pageSize=)', () => {
  /** A page as the API answers it: its rows (customer numbers, or `key` of the other reports), total, and whether it has totals. */
  async function page(username: string, url: string) {
    const res = await get(username, url);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { rows: Record<string, unknown>[]; total: number; totals?: Record<string, string> | null };
    return body;
  }
  // customer-assets over [06-02, 06-05], everyone opened since 2000: 0001, 0002, 0003, 2001 (hand-worked in its tests above)
  const assets = '/api/reports/customer-assets?openFrom=2000-01-01&openTo=2025-12-31&from=2025-06-02&to=2025-06-05';

  it('gives the page in the report’s order, page 2 continuing page 1, the row count, and no totals unless asked', async () => {
    const first = await page('hq_user', `${assets}&page=1&pageSize=3`);
    expect(first.rows.map((r) => r.customerNo)).toEqual(['0001', '0002', '0003']);
    expect(first.rows[1]).toEqual({ customerNo: '0002', name: '乙客户', openDate: '2025-06-03', tradingDays: 3, assetSum: '110000.00', assetAvg: '36666.67', volumeSum: '100000.00', volumeAvg: '33333.33' });
    expect(first.total).toBe(4);
    expect(first).not.toHaveProperty('totals');
    const second = await page('hq_user', `${assets}&page=2&pageSize=3`);
    expect(second.rows).toEqual([
      { customerNo: '2001', name: '丁客户', openDate: '2020-01-01', tradingDays: 3, assetSum: '3000000.00', assetAvg: '1000000.00', volumeSum: '200000.00', volumeAvg: '66666.67' },
    ]);
    expect(second.total).toBe(4);
    // past the end: no rows, the same count
    expect(await page('hq_user', `${assets}&page=3&pageSize=3`)).toMatchObject({ rows: [], total: 4 });
    // pageSize alone is page 1
    expect((await page('hq_user', `${assets}&pageSize=1`)).rows.map((r) => r.customerNo)).toEqual(['0001']);
  });

  it('adds the totals over all the rows, not the page’s, when asked (totals=true)', async () => {
    // volumeSum over the 4 rows: 107200 + 100000 + 100000 + 200000 = 507200, on a page holding only 2001's 200000
    expect(await page('hq_user', `${assets}&page=2&pageSize=3&totals=true`)).toMatchObject({ total: 4, totals: { volumeSum: '507200.00' } });
    // commission-rate May–June (5 rows): the totals of its tests above, 557200 / 139.70
    expect((await page('hq_user', '/api/reports/commission-rate?monthFrom=2025-05&monthTo=2025-06&page=1&pageSize=1&totals=true')).totals).toEqual({ volume: '557200.00', commission: '139.70' });
    // a report without totals columns: null
    expect((await page('hq_user', '/api/reports/asset-trend?page=1&pageSize=1&totals=true')).totals).toBeNull();
  });

  it('respects the scope: the branch manager’s and the broker’s pages and counts', async () => {
    expect(await page('bm_b01', `${assets}&page=2&pageSize=2`)).toMatchObject({ rows: [expect.objectContaining({ customerNo: '0003', volumeSum: '100000.00' })], total: 3 });
    const broker = await page('broker1', `${assets}&page=1&pageSize=1&totals=true`);
    // broker1: A and C; the totals over both: 107200 + 100000
    expect(broker.rows.map((r) => r.customerNo)).toEqual(['0001']);
    expect(broker.total).toBe(2);
    expect(broker.totals).toEqual({ volumeSum: '207200.00' });
    expect(await page('broker9', `${assets}&page=1&pageSize=50`)).toMatchObject({ rows: [expect.objectContaining({ customerNo: '2001' })], total: 1 });
  });

  it('pages every report alike: the pages together are the whole answer', async () => {
    const urls = [
      assets,
      '/api/reports/commission-rate?monthFrom=2025-05&monthTo=2025-06',
      '/api/reports/asset-extremes?from=2025-05-30&to=2025-06-05',
      '/api/reports/asset-extremes?from=2025-06-03&to=2025-06-05',
      '/api/reports/trading-stats?monthFrom=2025-06&monthTo=2025-06&groupBy=account',
      '/api/reports/customer-ranking?from=2025-06-02&to=2025-06-05&by=volume',
      '/api/reports/tier-distribution?date=2025-06-05',
      '/api/reports/asset-trend?months=6',
    ];
    // counting commission-rate's and asset-extremes' rows reads every row's figures: their pages say null, the totals' pass counts
    const uncounted = ['commission-rate', 'asset-extremes'];
    for (const username of ['hq_user', 'bm_b01']) {
      for (const url of urls) {
        const whole = await rows(username, url);
        const pages = [];
        for (let n = 1; n <= 3; n += 1) {
          const p = await page(username, `${url}&page=${n}&pageSize=2`);
          expect(p.total, `${username} ${url}`).toBe(uncounted.some((id) => url.includes(id)) ? null : whole.length);
          pages.push(...p.rows);
        }
        expect(pages, `${username} ${url}`).toEqual(whole);
        expect((await page(username, `${url}&page=1&pageSize=2&totals=true`)).total, `${username} ${url}`).toBe(whole.length);
      }
    }
  });

  it('ranks across pages: page 2 of the ranking goes on from rank 3, within the limit', async () => {
    // by volume over [06-02, 06-05], limit 3: D, A, then B (ties C on 100000, the lower customer number)
    expect(await page('hq_user', '/api/reports/customer-ranking?from=2025-06-02&to=2025-06-05&by=volume&limit=3&page=2&pageSize=2')).toMatchObject({
      rows: [{ rank: 3, customerNo: '0002', name: '乙客户', volume: '100000.00', commission: '10.00', netCommission: '-10.00' }],
      total: 3,
    });
    // tier-distribution past its end (3 rows): empty, still counted
    expect(await page('hq_user', '/api/reports/tier-distribution?date=2025-06-05&page=5&pageSize=2')).toMatchObject({ rows: [], total: 3 });
  });

  itNamesBadParameters(t, 'hq_user', [
    [`${assets}&page=0&pageSize=50`, ['page']],
    [`${assets}&page=1&pageSize=501`, ['pageSize']],
    [`${assets}&page=x&pageSize=0`, ['page', 'pageSize']],
    [`${assets}&page=1&pageSize=50&totals=yes`, ['totals']],
  ]);
});

describe('errors', () => {
  itNamesBadParameters(t, 'hq_user', [
    ['/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-13-01&to=2025-06-05', ['from']],
    ['/api/reports/customer-assets?openFrom=2024-01-01&openTo=2025-12-31&from=2025-06-01', ['to']],
    ['/api/reports/customer-assets?openFrom=2024-01-01&openTo=2023-12-31&from=2025-06-01&to=2025-06-05', ['openTo']],
    ['/api/reports/customer-ranking?from=2025-06-01&to=2025-06-05&limit=10001', ['limit']],
    ['/api/reports/customer-ranking?from=2025-06-01&to=2025-06-05&by=fees', ['by']],
    ['/api/reports/trading-stats?monthFrom=2025-5&monthTo=2025-06&groupBy=team', ['monthFrom', 'groupBy']],
    ['/api/reports/asset-trend?months=25', ['months']],
    ['/api/reports/asset-trend?format=csv', ['format']],
  ]);
  it('404 for an unknown report, 401 without a login', async () => {
    const res = await get('hq_user', '/api/reports/no-such-report?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.app.inject({ method: 'GET', url: '/api/reports/asset-trend' })).statusCode).toBe(401);
  });
});

describe('Excel export', () => {
  it('streams the workbook with a header block, Chinese titles and number formats, and audits it', async () => {
    const res = await get('hq_user', '/api/reports/commission-rate?monthFrom=2025-05&monthTo=2025-06&format=xlsx');
    const sheet = await downloadedSheet(res, 'commission-rate_2025-06-06.xlsx', '查询客户佣金率_2025-06-06.xlsx');
    expect(sheet.getCell('A1').value).toBe('查询客户佣金率');
    expect(sheet.getCell('A2').value).toBe('查询参数');
    expect(sheet.getCell('B2').value).toBe('开始月份=2025-05; 结束月份=2025-06');
    expect(sheet.getCell('A3').value).toBe('查询时间');
    expect(sheet.getCell('B3').value).toBe('2025-06-06 10:00:00');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual(['客户号', '客户姓名', '月份', '交易量', '毛佣金', '月柜台佣金率']);
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual(['0001', '甲客户', '2025-06', 107200, 37.2, 0.000347]);
    expect(sheet.getCell('D6').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('F6').numFmt).toBe('0.000000');
    expect((sheet.getRow(10).values as unknown[]).slice(1)).toEqual(['2001', '丁客户', '2025-06', 200000, 50, 0.00025]);
    // the totals row (合计) under the rows: volume and commission, as in the JSON (see 'totals' below)
    expect((sheet.getRow(11).values as unknown[]).slice(1)).toEqual(['合计', undefined, undefined, 557200, 139.7]);
    expect([sheet.getCell('D11').numFmt, sheet.getCell('E11').numFmt, sheet.getCell('A11').font.bold]).toEqual(['#,##0.00', '#,##0.00', true]);
    expect(sheet.rowCount).toBe(11);

    const { rows: audit } = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'report.export'`);
    expect(audit).toEqual([
      { username: 'hq_user', entity: 'report', entity_id: 'commission-rate', detail: { id: 'commission-rate', parameters: { monthFrom: '2025-05', monthTo: '2025-06' }, rows: 5 } },
    ]);
  });

  it('exports only the caller’s scope', async () => {
    const res = await get('broker1', '/api/reports/customer-ranking?from=2025-06-02&to=2025-06-05&format=xlsx');
    const sheet = await firstSheet(res.rawPayload);
    expect(sheet.getCell('B2').value).toBe('开始日期=2025-06-02; 结束日期=2025-06-05; 排序指标=交易量; 条数=100');
    expect([sheet.getCell('B6').value, sheet.getCell('B7').value, sheet.rowCount]).toEqual(['0001', '0003', 8]);
    // the totals of the broker's two rows only: 107200 + 100000; 37.20 + 30; 29.12 + 23
    expect((sheet.getRow(8).values as unknown[]).slice(1)).toEqual(['合计', undefined, undefined, 207200, 67.2, 52.12]);
    const { rows: audit } = await t.db.pool.query(`select detail->>'rows' as n from audit_log where action = 'report.export' and username = 'broker1'`);
    expect(audit).toEqual([{ n: '2' }]);
  });

  it('shows values in PostgreSQL exactly as roundHalfUp does (money, rates, weighted counts; ties, negatives, nines)', async () => {
    const raws = ['0', '0.005', '-0.005', '0.004999', '1.995', '-1.995', '9.999', '-9.999', '123456789012.345', '-0.0049', '2.5', '0.0000005', '-0.0000005',
      '0.1234565', '7.00000049', '0.125', '0.333333', '1.600000', '-10.000000', '99.995'];
    const columns = [{ key: 'm', kind: 'money' as const }, { key: 'r', kind: 'rate' as const }, { key: 'c', kind: 'count' as const }];
    const inner = `select v as m, v as r, v as c, i from unnest($1::numeric[]) with ordinality as x(v, i) order by i`;
    const { rows } = await t.db.pool.query<{ j: string }>(shownJsonRows(columns, inner), [raws]);
    expect(rows.map((r) => JSON.parse(r.j) as unknown)).toEqual(
      raws.map((v) => ({ m: showValue('money', v), r: showValue('rate', v), c: showValue('count', v) })),
    );
    const { rows: plain } = await t.db.pool.query<Record<string, string>>(shownRows(columns, inner), [raws]);
    expect(plain.map((r) => r.m)).toEqual(raws.map((v) => roundHalfUp(v, 2)));
  });

  it('renders each row as the compact JSON of its shown values, keys in column order (text escapes, nulls, 60 columns)', async () => {
    const kinds = ['text', 'money', 'int', 'rate', 'count'] as const;
    const columns = Array.from({ length: 60 }, (_, i) => ({ key: `k${i}${i === 7 ? '\'"q' : ''}`, kind: kinds[i % kinds.length]! }));
    const values: Record<(typeof kinds)[number], string> = { text: 'O\'Brien "张" \\ \n\ttab', money: '-1234.565', int: '42', rate: '0.0000005', count: '1.005' };
    const cast = { text: 'text', money: 'numeric', int: 'int', rate: 'numeric', count: 'numeric' };
    const select = (nulls: boolean) =>
      columns.map((c, i) => (nulls && i % 2 === 1 ? `null::${cast[c.kind]}` : `${pg.escapeLiteral(values[c.kind])}::${cast[c.kind]}`) + ` as "${c.key.replace(/"/g, '""')}"`).join(', ');
    const { rows } = await t.db.pool.query<{ j: string }>(shownJsonRows(columns, `select ${select(false)} union all select ${select(true)}`));
    const shown = { text: values.text, money: '-1234.57', int: 42, rate: '0.000001', count: 1.01 };
    const expected = (nulls: boolean) => Object.fromEntries(columns.map((c, i) => [c.key, nulls && i % 2 === 1 ? null : shown[c.kind]]));
    expect(rows.map((r) => r.j)).toEqual([JSON.stringify(expected(false)), JSON.stringify(expected(true))]);
  });

  it('inlines a report query’s values as literals that PostgreSQL reads back unchanged (COPY takes no parameters)', async () => {
    const values = ["O'Brien \\ 张", '2025-06-02', 100, -1.5, ['2025-06-01', 'a"b\\c'], [], null, true];
    const sql = inlineParameters(`select $1::text as a, $2::date as b, $3::int as c, $4::numeric as d, $5::text[] as e, $6::text[] as f, $7::text as g, $8::boolean as h, '$10' as x`.replace("'$10'", "'x'"), values);
    const { rows } = await t.db.pool.query(sql);
    expect(rows[0]).toEqual({ a: "O'Brien \\ 张", b: '2025-06-02', c: 100, d: '-1.5', e: ['2025-06-01', 'a"b\\c'], f: [], g: null, h: true, x: 'x' });
    expect(() => inlineParameters('select $2', ['only one'])).toThrow('no value for $2');
  });
});

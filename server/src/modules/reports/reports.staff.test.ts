/**
 * The staff reports (staff-monthly, team-marketing, relationship-assets: business-rules.md §2 and
 * §4 items 3, 5, 8) against real PostgreSQL, on a small brokerage imported through the real
 * importer; staff figures derived as an org import does. Every expected figure is worked by hand.
 *
 * Trading days: 2025-05-30, 06-02, 06-16, 06-30. HKD rate 0.9 (from 05-30, last known after).
 *
 * Customers (branch B01 unless noted), accounts, and daily figures (CNY unless noted):
 *   0001 甲 open 2025-01-02, FA (CNY) + FAH (HKD)
 *     05-30 FA cash 10000 stock 50000 fund 20000 bond 10000 other 0 total 90000; FAH cash 1000 HKD = 900
 *           → total 90900, market value 80000, cash (CNY) 10900
 *     06-02 the same as 05-30
 *     06-16 FA cash 20000 stock 60000 fund 20000 bond 10000 other 5000 total 115000; FAH 2000 HKD = 1800
 *           → total 116800, market value 95000, cash 21800
 *     06-30 FA cash 20000 stock 60000 fund 20000 bond 10000 other 10000 total 120000; FAH 2000 HKD = 1800
 *           → total 121800, market value 100000, cash 21800
 *     trades: 05-30 100000 (commission 20, fees 1.50); 06-02 200000 (40, fees 3.00); 06-30 50000 (10, fees 1.00)
 *     flows: 06-16 BANK_IN 10000; 06-30 BANK_OUT 4000. Product subscription 06-16: 5000.
 *   0002 乙 open 2025-06-02, FB: 06-02 cash 50000 total 50000; 06-16 cash 10000 stock 70000 total 80000;
 *           06-30 cash 20000 stock 80000 total 100000
 *     trades: 06-02 100000 (30, fees 4.00); 06-16 200000 (50, fees 7.00); 06-30 100000 (20, fees 3.00)
 *   0003 丙 open 2024-03-01, closed 2025-06-16, FC: 05-30 and 06-02 cash 30000 total 30000
 *     trades: 06-02 10000 (5, fees 0.60)
 *   2001 丁 B02 open 2020-01-01, FD: cash 1000000 total 1000000 every day, no trades
 *
 * Staff: T1 (B01) S001 broker, S002 distributor; T2 (B01) S003 broker, S004 service;
 *        S005 manager of B01 (no team); T9 (B02) S201 broker.
 * Relationships:
 *   R1 0001 → S001 DEVELOP 0.6 from 2025-01-02 (confirmed 01-31)       — a customer split 0.6/0.4
 *   R2 0001 → S002 DEVELOP 0.4 from 2025-01-02 (confirmed 01-31), guaranteed rate 0.001
 *   R3 0002 → S001 DEVELOP 1 from 2025-06-02, ended 2025-06-15          — changed mid-month …
 *   R4 0002 → S003 DEVELOP 1 from 2025-06-16 (unconfirmed)               — … to S003
 *   R5 0002 → S004 SERVICE 1 from 2025-06-02                             — no credit
 *   R6 0003 → S002 DEVELOP 1 from 2024-03-01 (confirmed 2024-03-31)
 *   R7 2001 → S201 DEVELOP 1 from 2020-01-01 (confirmed 2020-01-31)
 */
import { describe, expect, it } from 'vitest';
import { itNamesBadParameters } from '../../../test/problem.js';
import { reportRows, reportTotals, TEAM_T1_LOGINS, useReportsApp } from '../../../test/reports-harness.js';
import { staffBrokerageDays } from '../../../test/staff-brokerage.js';
import { firstSheet } from '../../../test/xlsx.js';
import { ensureStaffCohorts } from '../attribution/attribution.service.js';

/** 10:00 in Shanghai on 2025-07-01: the data scope's relationships are those effective that day. */
const NOW = new Date('2025-07-01T02:00:00Z');


const DAYS = staffBrokerageDays();

const ORG = `
insert into teams (team_code, team_name, branch_code) values ('T1', '财富一组', 'B01'), ('T2', '财富二组', 'B01'), ('T9', '金融街组', 'B02');
insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, contract_type) values
  ('S001', '张伟', 'BROKER', '中级', 'T1', 'B01', '2020-01-01', 'LABOR'),
  ('S002', '李娜', 'DISTRIBUTOR', '初级', 'T1', 'B01', '2020-01-01', 'AGENCY'),
  ('S003', '刘洋', 'BROKER', '初级', 'T2', 'B01', '2020-01-01', 'LABOR'),
  ('S004', '陈静', 'SERVICE', '初级', 'T2', 'B01', '2020-01-01', 'LABOR'),
  ('S005', '王强', 'MANAGER', '资深', null, 'B01', '2015-01-01', 'LABOR'),
  ('S201', '周杰', 'BROKER', '中级', 'T9', 'B02', '2020-01-01', 'LABOR');
insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, confirmed_on, guaranteed_rate, source) values
  ('0001', 'S001', 'DEVELOP', 0.6, '2025-01-02', '2025-01-02', null,         '2025-01-31', null,  'test'),
  ('0001', 'S002', 'DEVELOP', 0.4, '2025-01-02', '2025-01-02', null,         '2025-01-31', 0.001, 'test'),
  ('0002', 'S001', 'DEVELOP', 1,   '2025-06-02', '2025-06-02', '2025-06-15', null,         null,  'test'),
  ('0002', 'S003', 'DEVELOP', 1,   '2025-06-16', '2025-06-16', null,         null,         null,  'test'),
  ('0002', 'S004', 'SERVICE', 1,   '2025-06-02', '2025-06-02', null,         null,         null,  'test'),
  ('0003', 'S002', 'DEVELOP', 1,   '2024-03-01', '2024-03-01', null,         '2024-03-31', null,  'test'),
  ('2001', 'S201', 'DEVELOP', 1,   '2020-01-01', '2020-01-01', null,         '2020-01-31', null,  'test');
`;

const LOGINS = { ...TEAM_T1_LOGINS, broker9: { role: 'BROKER', staffNo: 'S201' } } as const;

const t = useReportsApp({
  tmpPrefix: 'quancrm-staff-reports-',
  days: DAYS,
  org: ORG,
  logins: LOGINS,
  now: NOW,
});

function get(username: string, url: string) {
  return t.call(username, 'GET', url);
}
const rows = (username: string, url: string) => reportRows(t, username, url);
const totals = (username: string, url: string) => reportTotals(t, username, url);

const juneT1 = '/api/reports/team-marketing?team=T1&openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06';

const staffNos = async (username: string, url: string) => (await rows(username, url)).map((r) => r.staffNo);

describe('staff-monthly (经纪人月指标)', () => {
  // June 2025, month end 06-30 (0003 closed 06-16, so not counted at the month end):
  // S001: customers 0001 × 0.6 = 0.6, valid 0.6 (R1 confirmed 01-31); new: 0002 opened 06-02 under R3 → 1.
  //   asset 121800 × 0.6 = 73080. net inflow (10000 − 4000) × 0.6 = 3600.
  //   volume (200000 + 50000) × 0.6 + 0002 on 06-02 (R3) 100000 = 250000; commission 50 × 0.6 + 30 = 60;
  //   fees 4.00 × 0.6 + 4.00 = 6.40, no guaranteed rate → net 53.60. Product sales 5000 × 0.6 = 3000.
  // S002: customers 0.4, valid 0.4, new 0; asset 121800 × 0.4 = 48720; net inflow 2400.
  //   volume 250000 × 0.4 + 0003's 10000 = 110000; commission 50 × 0.4 + 5 = 25; fees 4.00 × 0.4 + 0.60 = 2.20;
  //   guaranteed (R2 only) 06-02: 200000 × 0.001 × 0.4 = 80, 06-30: 50000 × 0.001 × 0.4 = 20 → 100;
  //   net = 25 − 2.20 − 100 = −77.20 (negative, not clamped). Product sales 2000.
  // S003: 0002 under R4 from 06-16: customers 1, valid 0 (unconfirmed: June is not complete), new 0 (opened
  //   under R3); asset 100000; volume 200000 + 100000 = 300000; commission 70; fees 10 → net 60.
  // S004: SERVICE only — no credit, no row. S201: 1 customer, valid 1, asset 1000000, no trades.
  const june = [
    { staffNo: 'S001', staffName: '张伟', customers: 0.6, validCustomers: 0.6, newCustomers: 1, monthEndAsset: '73080.00', netInflow: '3600.00', volume: '250000.00', commission: '60.00', netCommission: '53.60', productSales: '3000.00' },
    { staffNo: 'S002', staffName: '李娜', customers: 0.4, validCustomers: 0.4, newCustomers: 0, monthEndAsset: '48720.00', netInflow: '2400.00', volume: '110000.00', commission: '25.00', netCommission: '-77.20', productSales: '2000.00' },
    { staffNo: 'S003', staffName: '刘洋', customers: 1, validCustomers: 0, newCustomers: 0, monthEndAsset: '100000.00', netInflow: '0.00', volume: '300000.00', commission: '70.00', netCommission: '60.00', productSales: '0.00' },
    { staffNo: 'S201', staffName: '周杰', customers: 1, validCustomers: 1, newCustomers: 0, monthEndAsset: '1000000.00', netInflow: '0.00', volume: '0.00', commission: '0.00', netCommission: '0.00', productSales: '0.00' },
  ];

  it('gives each staff member the month’s attributed figures, weighted counts, negative net commission', async () => {
    const res = await get('hq_user', '/api/reports/staff-monthly?month=2025-06');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().columns.map((c: { key: string }) => c.key)).toEqual([
      'staffNo', 'staffName', 'customers', 'validCustomers', 'newCustomers', 'monthEndAsset', 'netInflow', 'volume', 'commission', 'netCommission', 'productSales',
    ]);
    expect(res.json().rows).toEqual(june);
  });

  it('reads the month end of May (05-30)', async () => {
    // S002: 0001 × 0.4 + 0003 (open) = 1.4 customers; asset 90900 × 0.4 + 30000 = 66360;
    //   volume 100000 × 0.4 = 40000, commission 8, fees 1.50 × 0.4 = 0.60, guaranteed 100000 × 0.001 × 0.4 = 40 → net −32.60.
    const may = await rows('hq_user', '/api/reports/staff-monthly?month=2025-05');
    expect(may.find((r) => r.staffNo === 'S002')).toEqual({
      staffNo: 'S002', staffName: '李娜', customers: 1.4, validCustomers: 1.4, newCustomers: 0, monthEndAsset: '66360.00', netInflow: '0.00',
      volume: '40000.00', commission: '8.00', netCommission: '-32.60', productSales: '0.00',
    });
    expect(await rows('hq_user', '/api/reports/staff-monthly?month=2025-04')).toEqual([]);
  });

  it('is scoped: own row, the team, the branch', async () => {
    const url = '/api/reports/staff-monthly?month=2025-06';
    expect(await rows('broker1', url)).toEqual([june[0]]);
    expect(await staffNos('lead_t1', url)).toEqual(['S001', 'S002']);
    expect(await staffNos('bm_b01', url)).toEqual(['S001', 'S002', 'S003']);
    expect(await staffNos('broker9', url)).toEqual(['S201']);
  });
});

describe('relationship-assets (经纪关系客户资产明细)', () => {
  // 06-16: R1 and R2 split 0001; R3 ended 06-15, so 0002 is S003's (R4) — R5 is SERVICE; 0003 closed that day.
  //   0001 × 0.6: stock 36000, fund 12000, bond 6000, other 3000, cash CNY 12000, HKD 2000 × 0.6 = 1200 (in HKD),
  //               total 116800 × 0.6 = 70080, no trade
  //   0001 × 0.4: 24000, 8000, 4000, 2000, 8000, HKD 800, total 46720
  //   0002 × 1 (S003): stock 70000, cash 10000, total 80000, commission 50
  //   2001 × 1 (S201): cash 1000000, total 1000000
  const z = '0.00';
  const day = [
    { customerNo: '0001', name: '甲客户', staffNo: 'S001', staffName: '张伟', openDate: '2025-01-02', stockValue: '36000.00', fundValue: '12000.00', bondValue: '6000.00', otherValue: '3000.00', cashCny: '12000.00', cashUsd: z, cashHkd: '1200.00', totalAsset: '70080.00', commission: z },
    { customerNo: '0001', name: '甲客户', staffNo: 'S002', staffName: '李娜', openDate: '2025-01-02', stockValue: '24000.00', fundValue: '8000.00', bondValue: '4000.00', otherValue: '2000.00', cashCny: '8000.00', cashUsd: z, cashHkd: '800.00', totalAsset: '46720.00', commission: z },
    { customerNo: '0002', name: '乙客户', staffNo: 'S003', staffName: '刘洋', openDate: '2025-06-02', stockValue: '70000.00', fundValue: z, bondValue: z, otherValue: z, cashCny: '10000.00', cashUsd: z, cashHkd: z, totalAsset: '80000.00', commission: '50.00' },
    { customerNo: '2001', name: '丁客户', staffNo: 'S201', staffName: '周杰', openDate: '2020-01-01', stockValue: z, fundValue: z, bondValue: z, otherValue: z, cashCny: '1000000.00', cashUsd: z, cashHkd: z, totalAsset: '1000000.00', commission: z },
  ];

  it('lists each DEVELOP relationship effective that day, of a customer open that day, times the weight', async () => {
    expect(await rows('hq_user', '/api/reports/relationship-assets?date=2025-06-16')).toEqual(day);
  });

  it('takes the relationship effective on the date (R3 on its first day) and splits the day’s commission', async () => {
    // 06-02: 0001 commission 40 → 24 and 16; 0002 is S001's (R3 from 06-02), commission 30; 0003 open (30000).
    const r = await rows('hq_user', '/api/reports/relationship-assets?date=2025-06-02');
    expect(r.map((x) => [x.customerNo, x.staffNo, x.totalAsset, x.commission])).toEqual([
      ['0001', 'S001', '54540.00', '24.00'],
      ['0001', 'S002', '36360.00', '16.00'],
      ['0002', 'S001', '50000.00', '30.00'],
      ['0003', 'S002', '30000.00', '5.00'],
      ['2001', 'S201', '1000000.00', '0.00'],
    ]);
    expect(await rows('hq_user', '/api/reports/relationship-assets?date=2025-06-15')).toEqual([]); // not a trading day
  });

  it('is scoped to the caller’s customers and staff', async () => {
    const url = '/api/reports/relationship-assets?date=2025-06-16';
    expect(await rows('broker1', url)).toEqual([day[0]]);
    expect(await rows('lead_t1', url)).toEqual([day[0], day[1]]);
    expect(await rows('bm_b01', url)).toEqual([day[0], day[1], day[2]]);
    expect(await rows('broker9', url)).toEqual([day[3]]);
  });
});

describe('team-marketing (团队经纪人营销状况)', () => {
  const zero = {
    periodVolume: '0.00', periodCommission: '0.00', cumVolume: '0.00', cumCommission: '0.00', periodAsset: '0.00', periodMarketValue: '0.00',
    periodCash: '0.00', cumAsset: '0.00', cumMarketValue: '0.00', cumCash: '0.00', periodOpened: 0, periodClosed: 0, cumOpened: 0, cumClosed: 0,
  };
  // openFrom 06-01, openTo 06-30, months June…June; balances on 06-30.
  // S001: 本期 = customers opened in June = 0002 under R3 (06-02…06-15): 06-02 100000 / 30.
  //   累计 = + 0001 × 0.6, all months to June: May 60000 / 12, June 150000 / 30 → 310000 / 72.
  //   balances 06-30: 0002 is S003's by then (R4) → 本期 0; 累计 0001 × 0.6: 73080, market 60000, cash 13080.
  //   opened: 0002 on 06-02 under R3 → 本期 1; 累计 + 0001 on 01-02 × 0.6 = 1.6.
  // S002: nothing opened in June → 本期 0; 累计 0001 × 0.4: May 40000 / 8, June 100000 / 20, + 0003 06-02 10000 / 5
  //   → 150000 / 33; balances 0001 × 0.4: 48720, 40000, 8720 (0003 closed); opened 0.4 + 1 (0003) = 1.4;
  //   closed: 0003 on 06-16 (in [06-01, 06-30]) → 本期 1, 累计 1.
  const s001 = { staffNo: 'S001', staffName: '张伟', ...zero, periodVolume: '100000.00', periodCommission: '30.00', cumVolume: '310000.00', cumCommission: '72.00',
    cumAsset: '73080.00', cumMarketValue: '60000.00', cumCash: '13080.00', periodOpened: 1, cumOpened: 1.6 };
  const s002 = { staffNo: 'S002', staffName: '李娜', ...zero, cumVolume: '150000.00', cumCommission: '33.00',
    cumAsset: '48720.00', cumMarketValue: '40000.00', cumCash: '8720.00', cumOpened: 1.4, periodClosed: 1, cumClosed: 1 };

  it('splits 本期 and 累计 and follows the relationship changed mid-month', async () => {
    const res = await get('hq_user', juneT1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().columns.map((c: { key: string }) => c.key)).toEqual([
      'staffNo', 'staffName', 'periodVolume', 'periodCommission', 'cumVolume', 'cumCommission', 'periodAsset', 'periodMarketValue', 'periodCash',
      'cumAsset', 'cumMarketValue', 'cumCash', 'periodOpened', 'periodClosed', 'cumOpened', 'cumClosed',
    ]);
    expect(res.json().rows).toEqual([s001, s002]);
  });

  it('gives a branch’s members, the SERVICE staff member no credit', async () => {
    // S003: 0002 under R4 from 06-16 — daily rows of June from 06-16: 200000 / 50 + 100000 / 20 = 300000 / 70,
    //   本期 as well (opened 06-02); 06-30 balances 100000, market 80000, cash 20000; not opened under R4 → 0.
    expect(await rows('hq_user', '/api/reports/team-marketing?branch=B01&openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06')).toEqual([
      s001, s002,
      { staffNo: 'S003', staffName: '刘洋', ...zero, periodVolume: '300000.00', periodCommission: '70.00', cumVolume: '300000.00', cumCommission: '70.00',
        periodAsset: '100000.00', periodMarketValue: '80000.00', periodCash: '20000.00', cumAsset: '100000.00', cumMarketValue: '80000.00', cumCash: '20000.00' },
      { staffNo: 'S004', staffName: '陈静', ...zero },
      { staffNo: 'S005', staffName: '王强', ...zero },
    ]);
  });

  it('keeps the boundaries: open dates inclusive, months up to monthTo, balances on monthTo’s last trading day', async () => {
    // openFrom 06-02 still includes 0002 (opened 06-02); from 06-03 it leaves 本期 but stays in 累计.
    const from02 = await rows('hq_user', '/api/reports/team-marketing?team=T1&openFrom=2025-06-02&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06');
    expect(from02[0]).toEqual(s001);
    const from03 = await rows('hq_user', '/api/reports/team-marketing?team=T1&openFrom=2025-06-03&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06');
    expect(from03[0]).toEqual({ ...s001, periodVolume: '0.00', periodCommission: '0.00', periodOpened: 0 });

    // openFrom 2025-01-01, openTo 06-01 (0002 out altogether), months May…May, balances on 05-30:
    // S001: 0001 × 0.6 — May 60000 / 12 both 本期 and 累计; 05-30 total 90900 × 0.6 = 54540, market 80000 × 0.6 = 48000,
    //   cash 10900 × 0.6 = 6540; opened 01-02 × 0.6 in both.
    // S002: 0001 × 0.4 — 40000 / 8 both; 本期 balances 36360, 32000, 4360; 累计 + 0003 (open on 05-30, opened 2024):
    //   66360, 32000, 34360; opened 本期 0.4, 累计 1.4; 0003 closed 06-16, after openTo → 0.
    expect(await rows('hq_user', '/api/reports/team-marketing?team=T1&openFrom=2025-01-01&openTo=2025-06-01&monthFrom=2025-05&monthTo=2025-05')).toEqual([
      { staffNo: 'S001', staffName: '张伟', periodVolume: '60000.00', periodCommission: '12.00', cumVolume: '60000.00', cumCommission: '12.00',
        periodAsset: '54540.00', periodMarketValue: '48000.00', periodCash: '6540.00', cumAsset: '54540.00', cumMarketValue: '48000.00', cumCash: '6540.00',
        periodOpened: 0.6, periodClosed: 0, cumOpened: 0.6, cumClosed: 0 },
      { staffNo: 'S002', staffName: '李娜', periodVolume: '40000.00', periodCommission: '8.00', cumVolume: '40000.00', cumCommission: '8.00',
        periodAsset: '36360.00', periodMarketValue: '32000.00', periodCash: '4360.00', cumAsset: '66360.00', cumMarketValue: '32000.00', cumCash: '34360.00',
        periodOpened: 0.4, periodClosed: 0, cumOpened: 1.4, cumClosed: 0 },
    ]);
  });

  it('reads opening months the range takes whole from the cohort summary, and cut months customer by customer, alike', async () => {
    // [2025-01-01, 06-30] takes every opening month whole (sum_staff_cohort_monthly only);
    // [2024-12-31, 06-29] cuts December 2024 and June 2025 (0002, opened 06-02, read per relationship):
    // the same customers, so the same rows, including the change from S001 to S003 on 06-16.
    const whole = await rows('hq_user', '/api/reports/team-marketing?branch=B01&openFrom=2025-01-01&openTo=2025-06-30&monthFrom=2025-05&monthTo=2025-06');
    const cut = await rows('hq_user', '/api/reports/team-marketing?branch=B01&openFrom=2024-12-31&openTo=2025-06-29&monthFrom=2025-05&monthTo=2025-06');
    expect(cut).toEqual(whole);
    // S003: 0002 under R4 from 06-16 → 300000 / 70 in both; S001: 0001 × 0.6 May+June (100000 + 250000) + 0002 06-02 100000.
    expect(whole.find((r) => r.staffNo === 'S003')).toMatchObject({ periodVolume: '300000.00', cumVolume: '300000.00', periodAsset: '100000.00' });
    expect(whole.find((r) => r.staffNo === 'S001')).toMatchObject({ periodVolume: '310000.00', periodCommission: '72.00', cumVolume: '310000.00' });
  });

  it('derives the opening-month figures once after an upgrade, with the same report', async () => {
    const before = await rows('hq_user', '/api/reports/team-marketing?branch=B01&openFrom=2025-01-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06');
    await t.db.pool.query('delete from sum_staff_cohort_monthly; delete from sum_guaranteed_daily');
    expect(await ensureStaffCohorts(t.db.pool)).toBe(true);
    expect(await ensureStaffCohorts(t.db.pool)).toBe(false);
    expect(await rows('hq_user', '/api/reports/team-marketing?branch=B01&openFrom=2025-01-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06')).toEqual(before);
  });

  it('is scoped: a broker sees own row, a branch manager nothing of another branch', async () => {
    expect(await rows('broker1', juneT1)).toEqual([s001]);
    expect(await staffNos('lead_t1', juneT1)).toEqual(['S001', 'S002']);
    expect(await rows('bm_b01', '/api/reports/team-marketing?team=T9&openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06')).toEqual([]);
    expect(await staffNos('broker9', '/api/reports/team-marketing?branch=B02&openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06')).toEqual(['S201']);
  });
});

describe('totals (合计)', () => {

  it('sums the attributed figures of every row exactly, weighted counts included', async () => {
    // staff-monthly June (the rows above): customers 0.6 + 0.4 + 1 + 1; valid 0.6 + 0.4 + 0 + 1; new 1;
    // assets 73080 + 48720 + 100000 + 1000000; inflow 3600 + 2400; volume 250000 + 110000 + 300000;
    // commission 60 + 25 + 70; net 53.60 − 77.20 + 60; product sales 3000 + 2000
    expect(await totals('hq_user', '/api/reports/staff-monthly?month=2025-06')).toEqual({
      customers: '3', validCustomers: '2', newCustomers: '1', monthEndAsset: '1221800.00', netInflow: '6000.00',
      volume: '660000.00', commission: '155.00', netCommission: '36.40', productSales: '5000.00',
    });
    // team-marketing T1 June: S001 + S002 — cumulative opened 1.6 + 1.4 = 3
    expect(await totals('hq_user', juneT1)).toEqual({
      periodVolume: '100000.00', periodCommission: '30.00', cumVolume: '460000.00', cumCommission: '105.00', periodAsset: '0.00', periodMarketValue: '0.00',
      periodCash: '0.00', cumAsset: '121800.00', cumMarketValue: '100000.00', cumCash: '21800.00', periodOpened: '1', periodClosed: '1', cumOpened: '3', cumClosed: '1',
    });
    // May, S002 alone would be 1.4 customers; all of May: S001 0.6 + S002 1.4 + S201 1 (0001 split, 0003, 2001)
    expect((await totals('hq_user', '/api/reports/staff-monthly?month=2025-05'))?.customers).toBe('3');
    // relationship-assets 06-02 (rows above): 54540 + 36360 + 50000 + 30000 + 1000000; 24 + 16 + 30 + 5
    expect(await totals('hq_user', '/api/reports/relationship-assets?date=2025-06-02')).toMatchObject({ totalAsset: '1170900.00', commission: '75.00' });
  });
});

describe('paging (?page=&pageSize=)', () => {
  it('pages the relationship detail in its order, counted, the totals over every row and in scope', async () => {
    // 06-02 (the rows above): 0001 S001, 0001 S002, 0002 S001, 0003 S002, 2001 S201; page 2 of 2 rows is the 3rd and 4th
    const res = await t.call('hq_user', 'GET', '/api/reports/relationship-assets?date=2025-06-02&page=2&pageSize=2&totals=true');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { rows: Record<string, string>[]; total: number; totals: Record<string, string> };
    expect(body.rows.map((x) => [x.customerNo, x.staffNo, x.totalAsset, x.commission])).toEqual([
      ['0002', 'S001', '50000.00', '30.00'],
      ['0003', 'S002', '30000.00', '5.00'],
    ]);
    expect(body.total).toBe(5);
    // 54540 + 36360 + 50000 + 30000 + 1000000; 24 + 16 + 30 + 5: all five rows, not the page's two
    expect(body.totals).toMatchObject({ totalAsset: '1170900.00', commission: '75.00' });
    // the team lead sees 0001's two relationships on 06-16 (S001, S002): the first of them, of 2
    const lead = (await t.call('lead_t1', 'GET', '/api/reports/relationship-assets?date=2025-06-16&page=1&pageSize=1')).json() as { rows: Record<string, string>[]; total: number | null };
    expect(lead.rows.map((x) => [x.customerNo, x.staffNo, x.totalAsset])).toEqual([['0001', 'S001', '70080.00']]);
    // counting the relationship rows reads each one's day: not on a page, but with the totals
    expect(lead.total).toBeNull();
    expect((await t.call('lead_t1', 'GET', '/api/reports/relationship-assets?date=2025-06-16&page=1&pageSize=1&totals=true')).json()).toMatchObject({ total: 2, totals: { totalAsset: '116800.00' } });
  });

  it('pages the team report and the staff month (cut from the whole answer, counted)', async () => {
    const team = (await t.call('hq_user', 'GET', `${juneT1}&page=2&pageSize=1`)).json() as { rows: Record<string, string>[]; total: number };
    expect(team.rows.map((r) => r.staffNo)).toEqual(['S002']);
    expect(team.total).toBe(2);
    const month = (await t.call('bm_b01', 'GET', '/api/reports/staff-monthly?month=2025-06&page=1&pageSize=2')).json() as { rows: Record<string, string>[]; total: number };
    expect(month.rows.map((r) => r.staffNo)).toEqual(['S001', 'S002']);
    expect(month.total).toBe(3);
  });
});

describe('errors', () => {
  itNamesBadParameters(t, 'hq_user', [
    ['/api/reports/staff-monthly?month=2025-13', ['month']],
    ['/api/reports/staff-monthly', ['month']],
    ['/api/reports/relationship-assets?date=2025-02-30', ['date']],
    ['/api/reports/team-marketing?openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06', ['team']],
    ['/api/reports/team-marketing?team=T1&branch=B01&openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-06&monthTo=2025-06', ['team']],
    ['/api/reports/team-marketing?team=T1&openFrom=2025-06-01&openTo=2025-05-31&monthFrom=2025-06&monthTo=2025-05', ['openTo', 'monthTo']],
    ['/api/reports/team-marketing?team=T%271&openFrom=2025-06-01&openTo=2025-06-30&monthFrom=2025-6&monthTo=2025-06', ['team', 'monthFrom']],
  ]);
});

describe('Excel export', () => {
  it('exports the relationship detail, parsed back', async () => {
    const res = await get('lead_t1', '/api/reports/relationship-assets?date=2025-06-16&format=xlsx');
    expect(res.statusCode).toBe(200);
    const sheet = await firstSheet(res.rawPayload);
    expect(sheet.getCell('A1').value).toBe('经纪关系客户资产明细');
    expect(sheet.getCell('B2').value).toBe('日期=2025-06-16');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual([
      '客户号', '客户姓名', '员工编号', '员工姓名', '开户日期', '股票市值', '基金市值', '债券市值', '其他市值', '人民币保证金', '美元保证金', '港币保证金', '总资产', '毛佣金',
    ]);
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual(['0001', '甲客户', 'S001', '张伟', '2025-01-02', 36000, 12000, 6000, 3000, 12000, 0, 1200, 70080, 0]);
    expect((sheet.getRow(7).values as unknown[]).slice(1)).toEqual(['0001', '甲客户', 'S002', '李娜', '2025-01-02', 24000, 8000, 4000, 2000, 8000, 0, 800, 46720, 0]);
    // 合计: 36000 + 24000, 12000 + 8000, 6000 + 4000, 3000 + 2000, 12000 + 8000, 0, 1200 + 800, 70080 + 46720, 0
    expect((sheet.getRow(8).values as unknown[]).slice(1)).toEqual(['合计', undefined, undefined, undefined, undefined, 60000, 20000, 10000, 5000, 20000, 0, 2000, 116800, 0]);
    expect(sheet.getCell('M8').numFmt).toBe('#,##0.00');
    expect(sheet.rowCount).toBe(8);
  });

  it('exports the team report with weighted counts as numbers', async () => {
    const res = await get('hq_user', `${juneT1}&format=xlsx`);
    const sheet = await firstSheet(res.rawPayload);
    expect(sheet.getCell('A1').value).toBe('团队经纪人营销状况');
    expect(sheet.getCell('B2').value).toBe('团队=T1; 开户日期起=2025-06-01; 开户日期止=2025-06-30; 开始月份=2025-06; 结束月份=2025-06');
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual(['S001', '张伟', 100000, 30, 310000, 72, 0, 0, 0, 73080, 60000, 13080, 1, 0, 1.6, 0]);
    expect(sheet.getCell('O6').numFmt).toBe('#,##0.00');
    // 合计 of S001 and S002 (the JSON's totals, see 'totals' below)
    expect((sheet.getRow(8).values as unknown[]).slice(1)).toEqual(['合计', undefined, 100000, 30, 460000, 105, 0, 0, 0, 121800, 100000, 21800, 1, 1, 3, 1]);
    expect(sheet.getCell('O8').numFmt).toBe('#,##0.00');
    expect(sheet.rowCount).toBe(8);
    const { rows: audit } = await t.db.pool.query(`select entity_id, detail->>'rows' as n from audit_log where action = 'report.export' and username = 'hq_user'`);
    expect(audit).toEqual([{ entity_id: 'team-marketing', n: '2' }]);
  });
});

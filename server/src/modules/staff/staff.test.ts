/**
 * The staff API (人员管理, read side) against real PostgreSQL, on a small brokerage imported through
 * the real importer (the staff reports' brokerage, plus positions and orders), staff figures derived
 * as an org import does. Every expected figure is worked by hand.
 *
 * Trading days: 2025-05-30, 06-02, 06-16, 06-30. HKD rate 0.9. Today (data scope, "current"): 2025-07-01.
 *
 * Customers (branch B01 unless noted):
 *   0001 甲客户 open 2025-01-02, FA (CNY) + FAH (HKD); totals 05-30 90900, 06-02 90900, 06-16 116800, 06-30 121800
 *     trades T1 05-30 100000 (commission 20, fees 1.50), T2 06-02 200000 (40, 3.00), T6 06-30 50000 (10, 1.00)
 *     flows W1 06-16 BANK_IN 10000, W2 06-30 BANK_OUT 4000; order O1 06-02; positions FA 600519 on 06-02 and 06-16
 *   0002 乙客户 open 2025-06-02, FB; totals 06-02 50000, 06-16 80000, 06-30 100000
 *     trades T3 06-02 100000 (30, 4.00), T5 06-16 200000 (50, 7.00), T7 06-30 100000 (20, 3.00); orders O2 06-02, O3 06-16;
 *     position FB 600519 on 06-16
 *   0003 丙客户 open 2024-03-01, closed 2025-06-16, FC: 05-30 and 06-02 total 30000; trade T4 06-02 10000 (5, 0.60)
 *   2001 丁客户 B02 open 2020-01-01, FD: 1000000 every day
 *
 * Staff: T1 (B01) S001 broker, S002 distributor; T2 (B01) S003 broker, S004 service, S006 broker who left 2025-03-31;
 *        S005 manager of B01 (no team); T9 (B02) S201 broker.
 * Relationships:
 *   R1 0001 → S001 DEVELOP 0.6 from 2025-01-02 (confirmed 01-31)       — a customer split 0.6/0.4
 *   R2 0001 → S002 DEVELOP 0.4 from 2025-01-02 (confirmed 01-31), guaranteed rate 0.001
 *   R3 0002 → S001 DEVELOP 1 from 2025-06-02, ended 2025-06-15          — S001's history customer …
 *   R4 0002 → S003 DEVELOP 1 from 2025-06-16 (unconfirmed)               — … now S003's
 *   R5 0002 → S004 SERVICE 1 from 2025-06-02                             — no credit
 *   R6 0003 → S002 DEVELOP 1 from 2024-03-01 (confirmed 2024-03-31)
 *   R7 2001 → S201 DEVELOP 1 from 2020-01-01 (confirmed 2020-01-31)
 */
import { describe, expect, it } from 'vitest';
import { itNamesBadParameters } from '../../../test/problem.js';
import { TEAM_T1_LOGINS, useReportsApp } from '../../../test/reports-harness.js';
import { staffBrokerageDays } from '../../../test/staff-brokerage.js';
import { addMonths } from '../../lib/dates.js';
import { monthsBetween } from './staff.service.js';

const NOW = new Date('2025-07-01T02:00:00Z'); // 10:00 in Shanghai

const order = (order_no: string, fund_account: string, order_time: string) => ({
  order_no, fund_account, market: 'SH', security_code: '600519', side: 'B', price: '100', quantity: '100', filled_quantity: '100', status: 'FILLED', channel: 'WEB', order_time,
});
const position = (fund_account: string, quantity: string, market_value: string) => ({ fund_account, market: 'SH', security_code: '600519', quantity, cost_amount: '45000.00', market_value });

/** The staff brokerage (test/staff-brokerage.ts) with the positions and orders of the 360° and staff views. */
const DAYS = staffBrokerageDays({
  '2025-06-02': {
    'positions.csv': [position('FA', '500', '50000.00')],
    'orders.csv': [order('O1', 'FA', '09:30:00'), order('O2', 'FB', '09:31:00')],
  },
  '2025-06-16': {
    'positions.csv': [position('FA', '600', '60000.00'), position('FB', '700', '70000.00')],
    'orders.csv': [order('O3', 'FB', '09:32:00')],
  },
});

const ORG = `
insert into teams (team_code, team_name, branch_code) values ('T1', '财富一组', 'B01'), ('T2', '财富二组', 'B01'), ('T9', '金融街组', 'B02');
insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, mobile, email, status) values
  ('S001', '张伟', 'BROKER', '中级', 'T1', 'B01', '2020-01-01', null, 'LABOR', '13812345678', 'zhang.wei@example.com', 'ACTIVE'),
  ('S002', '李娜', 'DISTRIBUTOR', '初级', 'T1', 'B01', '2020-01-01', null, 'AGENCY', null, null, 'ACTIVE'),
  ('S003', '刘洋', 'BROKER', '初级', 'T2', 'B01', '2020-01-01', null, 'LABOR', null, null, 'ACTIVE'),
  ('S004', '陈静', 'SERVICE', '初级', 'T2', 'B01', '2020-01-01', null, 'LABOR', null, null, 'ACTIVE'),
  ('S005', '王强', 'MANAGER', '资深', null, 'B01', '2015-01-01', null, 'LABOR', null, null, 'ACTIVE'),
  ('S006', '赵敏', 'BROKER', '见习', 'T2', 'B01', '2024-01-02', '2025-03-31', 'AGENCY', null, null, 'LEFT'),
  ('S201', '周杰', 'BROKER', '中级', 'T9', 'B02', '2020-01-01', null, 'LABOR', null, null, 'ACTIVE');
insert into staff_history (staff_no, field, old_value, new_value, changed_on, source) values
  ('S001', 'level', '初级', '中级', '2024-07-01', 'org-import'),
  ('S001', 'team_code', 'T2', 'T1', '2023-01-01', 'org-import'),
  ('S001', 'level', '中级', '高级', '2025-08-01', 'test');
insert into relationships (customer_no, staff_no, kind, weight, assessment_set, added_on, effective_from, ended_on, confirmed_on, guaranteed_rate, source) values
  ('0001', 'S001', 'DEVELOP', 0.6, 'A', '2025-01-02', '2025-01-02', null,         '2025-01-31', null,  'test'),
  ('0001', 'S002', 'DEVELOP', 0.4, 'A', '2025-01-02', '2025-01-02', null,         '2025-01-31', 0.001, 'test'),
  ('0002', 'S001', 'DEVELOP', 1,   'A', '2025-06-02', '2025-06-02', '2025-06-15', null,         null,  'test'),
  ('0002', 'S003', 'DEVELOP', 1,   'B', '2025-06-10', '2025-06-16', null,         null,         null,  'test'),
  ('0002', 'S004', 'SERVICE', 1,   null, '2025-06-02', '2025-06-02', null,        null,         null,  'test'),
  ('0003', 'S002', 'DEVELOP', 1,   'A', '2024-03-01', '2024-03-01', null,         '2024-03-31', null,  'test'),
  ('2001', 'S201', 'DEVELOP', 1,   'A', '2020-01-01', '2020-01-01', null,         '2020-01-31', null,  'test');
`;

const t = useReportsApp({
  tmpPrefix: 'quancrm-staff-',
  days: DAYS,
  org: ORG,
  logins: {
    admin_user: { role: 'ADMIN' },
    ...TEAM_T1_LOGINS,
    broker9: { role: 'BROKER', staffNo: 'S201' },
  },
  now: NOW,
});

async function ok(username: string, url: string) {
  const res = await t.call(username, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const staffNosOf = async (username: string, url: string): Promise<string[]> => (await ok(username, url)).items.map((s: { staffNo: string }) => s.staffNo);

describe('month helpers', () => {
  it('steps months across years', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-08', 11)).toBe('2025-07');
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
  });
});

describe('GET /api/staff (人员列表)', () => {
  it('lists everyone for an ALL scope, with today’s customers per staff member', async () => {
    const body = await ok('hq_user', '/api/staff');
    expect(body.total).toBe(7);
    // S001: 0001 (R3 ended 06-15); S002: 0001 and 0003; S003: 0002; S004: 0002 (SERVICE); S005, S006: none; S201: 2001.
    expect(body.items.map((s: { staffNo: string; currentCustomers: number }) => [s.staffNo, s.currentCustomers])).toEqual([
      ['S001', 1], ['S002', 2], ['S003', 1], ['S004', 1], ['S005', 0], ['S006', 0], ['S201', 1],
    ]);
    expect(body.items[0]).toEqual({
      staffNo: 'S001', name: '张伟', category: 'BROKER', level: '中级', teamCode: 'T1', teamName: '财富一组', branchCode: 'B01', branchName: '上海浦东南路营业部',
      hireDate: '2020-01-01', leaveDate: null, contractType: 'LABOR', status: 'ACTIVE', currentCustomers: 1,
    });
  });

  it('is scoped: own record, the team, the branch (its leavers too), nothing of another branch', async () => {
    expect(await staffNosOf('broker1', '/api/staff')).toEqual(['S001']);
    expect(await staffNosOf('lead_t1', '/api/staff')).toEqual(['S001', 'S002']);
    expect(await staffNosOf('bm_b01', '/api/staff')).toEqual(['S001', 'S002', 'S003', 'S004', 'S005', 'S006']);
    expect(await staffNosOf('broker9', '/api/staff')).toEqual(['S201']);
    expect(await staffNosOf('bm_b01', '/api/staff?branch=B02')).toEqual([]);
  });

  it('filters by search, team, category and status, and pages', async () => {
    expect(await staffNosOf('hq_user', '/api/staff?q=%E5%BC%A0')).toEqual(['S001']); // 张
    expect(await staffNosOf('hq_user', '/api/staff?q=S00')).toEqual(['S001', 'S002', 'S003', 'S004', 'S005', 'S006']);
    expect(await staffNosOf('hq_user', '/api/staff?q=S_0')).toEqual([]); // `_` is literal, not a wildcard
    expect(await staffNosOf('hq_user', '/api/staff?team=T2')).toEqual(['S003', 'S004', 'S006']);
    expect(await staffNosOf('hq_user', '/api/staff?category=BROKER&status=ACTIVE')).toEqual(['S001', 'S003', 'S201']);
    expect(await staffNosOf('hq_user', '/api/staff?status=LEFT&branch=')).toEqual(['S006']);
    const page2 = await ok('hq_user', '/api/staff?page=2&pageSize=3');
    expect([page2.total, page2.items.map((s: { staffNo: string }) => s.staffNo)]).toEqual([7, ['S004', 'S005', 'S006']]);
  });

  it('answers bad parameters with 422 naming them', async () => {
    const res = await t.call('hq_user', 'GET', '/api/staff?category=CLERK&pageSize=0');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['category', 'pageSize']);
  });
});

describe('GET /api/staff/{staffNo} (profile, 历史信息)', () => {
  it('shows the profile with masked contact data, counts and the history oldest first', async () => {
    const body = await ok('hq_user', '/api/staff/S001');
    expect(body).toEqual({
      staffNo: 'S001', name: '张伟', category: 'BROKER', level: '中级', teamCode: 'T1', teamName: '财富一组', branchCode: 'B01', branchName: '上海浦东南路营业部',
      hireDate: '2020-01-01', leaveDate: null, contractType: 'LABOR', status: 'ACTIVE', currentCustomers: 1,
      mobile: '138****5678', email: 'z***@example.com', asOf: '2025-07-01',
      counts: { currentCustomers: 1, developWeight: '0.6', historyCustomers: 1 },
      history: [
        { field: 'team_code', oldValue: 'T2', newValue: 'T1', changedOn: '2023-01-01', source: 'org-import', pending: false },
        { field: 'level', oldValue: '初级', newValue: '中级', changedOn: '2024-07-01', source: 'org-import', pending: false },
        { field: 'level', oldValue: '中级', newValue: '高级', changedOn: '2025-08-01', source: 'test', pending: true }, // after today (07-01)
      ],
    });
    // S002: 0001 × 0.4 and 0003 × 1 → Σ DEVELOP weights 1.4; S004 holds only a SERVICE relationship.
    expect((await ok('hq_user', '/api/staff/S002')).counts).toEqual({ currentCustomers: 2, developWeight: '1.4', historyCustomers: 0 });
    expect((await ok('hq_user', '/api/staff/S004')).counts).toEqual({ currentCustomers: 1, developWeight: '0', historyCustomers: 0 });
  });

  it('shows contact data unmasked to a pii role and audits that view', async () => {
    const body = await ok('admin_user', '/api/staff/S001');
    expect([body.mobile, body.email]).toEqual(['13812345678', 'zhang.wei@example.com']);
    const { rows } = await t.db.pool.query(`select entity, entity_id from audit_log where action = 'staff.view_pii' and username = 'admin_user'`);
    expect(rows).toEqual([{ entity: 'staff', entity_id: 'S001' }]);
  });

  it.each([
    ['broker1', 'S001', 200], ['broker1', 'S002', 404],
    ['lead_t1', 'S002', 200], ['lead_t1', 'S003', 404],
    ['bm_b01', 'S006', 200], ['bm_b01', 'S201', 404],
    ['broker9', 'S001', 404], ['hq_user', 'S999', 404],
  ])('%s opening %s → %i', async (username, staffNo, status) => {
    const res = await t.call(username, 'GET', `/api/staff/${staffNo}`);
    expect(res.statusCode).toBe(status);
    for (const sub of ['customers', 'indicators', 'assets', 'holdings', 'flows']) {
      expect((await t.call(username, 'GET', `/api/staff/${staffNo}/${sub}`)).statusCode, sub).toBe(status);
    }
  });
});

describe('GET /api/staff/{staffNo}/customers (当前客户, 历史客户)', () => {
  // 0001's latest day 06-30: 121800; tier by the average over its 4 trading days (90900, 90900, 116800, 121800) = 105100 → 金满堂.
  // 0002's latest day 06-30: 100000; average (0 before opening, 50000, 80000, 100000) ÷ 4 = 57500 → 银满堂.
  const r1 = {
    customerNo: '0001', name: '甲客户', branchCode: 'B01', openDate: '2025-01-02', closeDate: null, status: 'NORMAL', kind: 'DEVELOP', weight: '0.6',
    assessmentSet: 'A', addedOn: '2025-01-02', effectiveFrom: '2025-01-02', confirmedOn: '2025-01-31', endedOn: null, guaranteedRate: null,
    inScope: true, assetDate: '2025-06-30', totalAsset: '121800.00', weightedAsset: '73080.00', tier: '金满堂',
  };
  const withoutId = (rows: Record<string, unknown>[]) => rows.map(({ relationshipId, ...rest }) => (expect(relationshipId).toMatch(/^\d+$/), rest));

  it('lists a customer split 0.6/0.4 in both staff members’ current lists with its weight', async () => {
    const s001 = await ok('hq_user', '/api/staff/S001/customers');
    expect([s001.view, s001.asOf, s001.total]).toEqual(['current', '2025-07-01', 1]);
    expect(withoutId(s001.items)).toEqual([r1]);

    const s002 = await ok('hq_user', '/api/staff/S002/customers?view=current');
    expect(s002.total).toBe(2);
    const [split, closed] = withoutId(s002.items);
    expect(split).toEqual({ ...r1, weight: '0.4', guaranteedRate: '0.001', weightedAsset: '48720.00' });
    expect(closed).toMatchObject({ customerNo: '0003', closeDate: '2025-06-16', status: 'CLOSED', weight: '1', confirmedOn: '2024-03-31', endedOn: null });
  });

  it('lists an ended relationship under history, not current, with its end date', async () => {
    const history = await ok('hq_user', '/api/staff/S001/customers?view=history');
    expect(history.total).toBe(1);
    expect(withoutId(history.items)).toEqual([{
      customerNo: '0002', name: '乙客户', branchCode: 'B01', openDate: '2025-06-02', closeDate: null, status: 'NORMAL', kind: 'DEVELOP', weight: '1',
      assessmentSet: 'A', addedOn: '2025-06-02', effectiveFrom: '2025-06-02', confirmedOn: null, endedOn: '2025-06-15', guaranteedRate: null,
      inScope: true, assetDate: '2025-06-30', totalAsset: '100000.00', weightedAsset: '100000.00', tier: '银满堂',
    }]);
    // 0002 is current for S003 (DEVELOP) and S004 (SERVICE: no weighted asset); neither has history.
    const s003 = (await ok('hq_user', '/api/staff/S003/customers')).items;
    expect(s003.map((c: Record<string, unknown>) => [c.customerNo, c.kind, c.assessmentSet, c.addedOn, c.effectiveFrom, c.weightedAsset])).toEqual([
      ['0002', 'DEVELOP', 'B', '2025-06-10', '2025-06-16', '100000.00'],
    ]);
    const s004 = (await ok('hq_user', '/api/staff/S004/customers')).items;
    expect(s004.map((c: Record<string, unknown>) => [c.customerNo, c.kind, c.totalAsset, c.weightedAsset])).toEqual([['0002', 'SERVICE', '100000.00', null]]);
    expect((await ok('hq_user', '/api/staff/S003/customers?view=history')).items).toEqual([]);
  });

  it('shows a broker its history customer without the figures of a customer no longer in its scope', async () => {
    const mine = await ok('broker1', '/api/staff/S001/customers?view=history');
    expect(mine.items.map((c: Record<string, unknown>) => [c.customerNo, c.endedOn, c.inScope, c.assetDate, c.totalAsset, c.weightedAsset, c.tier])).toEqual([
      ['0002', '2025-06-15', false, null, null, null, null],
    ]);
    expect(withoutId((await ok('broker1', '/api/staff/S001/customers')).items)).toEqual([r1]);
  });

  it('422 for an unknown view', async () => {
    const res = await t.call('hq_user', 'GET', '/api/staff/S001/customers?view=all');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['view']);
  });
});

describe('GET /api/staff/{staffNo}/indicators (经纪人月指标, 交易量统计)', () => {
  // May (month end 05-30), S001 = 0001 × 0.6: customers 0.6, valid 0.6, asset 90900 × 0.6 = 54540; T1 100000 × 0.6 = 60000,
  //   quantity 1000 × 0.6 = 600, commission 12, fees 1.50 × 0.6 = 0.90 → net 11.10.
  // June (month end 06-30): as the staff-monthly report — 0.6, 0.6, new 1 (0002 opened 06-02 under R3), 73080, net inflow 3600,
  //   volume (200000 + 50000) × 0.6 + T3 100000 = 250000, quantity (2000 + 500) × 0.6 + 1000 = 2500, commission 60, fees 6.40 → 53.60,
  //   product sales 3000.
  const may = { month: '2025-05', customers: 0.6, validCustomers: 0.6, newCustomers: 0, monthEndAsset: '54540.00', netInflow: '0.00', volume: '60000.00', commission: '12.00', netCommission: '11.10', productSales: '0.00' };
  const june = { month: '2025-06', customers: 0.6, validCustomers: 0.6, newCustomers: 1, monthEndAsset: '73080.00', netInflow: '3600.00', volume: '250000.00', commission: '60.00', netCommission: '53.60', productSales: '3000.00' };

  it('gives the staff-monthly figures and the attributed trading statistics of each month', async () => {
    expect(await ok('hq_user', '/api/staff/S001/indicators?monthFrom=2025-04&monthTo=2025-06')).toEqual({
      monthFrom: '2025-04',
      monthTo: '2025-06',
      months: [may, june],
      trading: [
        { month: '2025-05', volume: '60000.00', quantity: '600', commission: '12.00', fees: '0.90', guaranteed: '0.00', netCommission: '11.10' },
        { month: '2025-06', volume: '250000.00', quantity: '2500', commission: '60.00', fees: '6.40', guaranteed: '0.00', netCommission: '53.60' },
      ],
    });
  });

  it('shows a distributor’s guaranteed commission and a negative net commission', async () => {
    // S002 June: 250000 × 0.4 + T4 10000 = 110000; quantity 2500 × 0.4 + 100 = 1100; commission 25; fees 4.00 × 0.4 + 0.60 = 2.20;
    //   guaranteed (200000 + 50000) × 0.001 × 0.4 = 100 → net −77.20.
    const body = await ok('lead_t1', '/api/staff/S002/indicators?monthFrom=2025-06&monthTo=2025-06');
    expect(body.trading).toEqual([{ month: '2025-06', volume: '110000.00', quantity: '1100', commission: '25.00', fees: '2.20', guaranteed: '100.00', netCommission: '-77.20' }]);
    expect(body.months).toEqual([{ month: '2025-06', customers: 0.4, validCustomers: 0.4, newCustomers: 0, monthEndAsset: '48720.00', netInflow: '2400.00', volume: '110000.00', commission: '25.00', netCommission: '-77.20', productSales: '2000.00' }]);
  });

  it('defaults to the twelve months up to the current one', async () => {
    const body = await ok('broker1', '/api/staff/S001/indicators');
    expect([body.monthFrom, body.monthTo, body.months]).toEqual(['2024-08', '2025-07', [may, june]]);
  });

  itNamesBadParameters(t, 'hq_user', [
    ['/api/staff/S001/indicators?monthFrom=2025-13', ['monthFrom']],
    ['/api/staff/S001/indicators?monthFrom=2025-06&monthTo=2025-05', ['monthTo']],
    ['/api/staff/S001/indicators?monthFrom=2020-01&monthTo=2025-06', ['monthFrom']],
  ]);
});

describe('GET /api/staff/{staffNo}/assets (客户资产信息)', () => {
  it('gives the relationship-assets rows of the staff member on a day, times the weight, with totals', async () => {
    // 06-16, 0001 × 0.6: stock 36000, fund 12000, bond 6000, other 3000, cash CNY 12000, HKD 2000 × 0.6 = 1200, total 116800 × 0.6 = 70080.
    const row = { customerNo: '0001', name: '甲客户', openDate: '2025-01-02', stockValue: '36000.00', fundValue: '12000.00', bondValue: '6000.00', otherValue: '3000.00', cashCny: '12000.00', cashUsd: '0.00', cashHkd: '1200.00', totalAsset: '70080.00', commission: '0.00' };
    const { customerNo: _no, name: _name, openDate: _open, ...figures } = row;
    expect(await ok('lead_t1', '/api/staff/S001/assets?date=2025-06-16')).toEqual({ date: '2025-06-16', items: [row], totals: figures });
  });

  it('defaults to the last trading day and orders by customer name; totals summed before rounding', async () => {
    // 06-30, 0001 × 0.6: other 10000 × 0.6 = 6000, total 121800 × 0.6 = 73080, commission T6 10 × 0.6 = 6.
    const last = await ok('broker1', '/api/staff/S001/assets');
    expect(last.date).toBe('2025-06-30');
    expect(last.items.map((r: Record<string, string>) => [r.customerNo, r.otherValue, r.totalAsset, r.commission])).toEqual([['0001', '6000.00', '73080.00', '6.00']]);
    // S002 on 06-02: 丙客户 (0003 × 1: 30000, commission 5) before 甲客户 (0001 × 0.4: 36360, commission 16).
    const s002 = await ok('hq_user', '/api/staff/S002/assets?date=2025-06-02');
    expect(s002.items.map((r: Record<string, string>) => [r.name, r.totalAsset, r.commission])).toEqual([['丙客户', '30000.00', '5.00'], ['甲客户', '36360.00', '16.00']]);
    expect([s002.totals.totalAsset, s002.totals.commission, s002.totals.cashHkd]).toEqual(['66360.00', '21.00', '400.00']);
  });

  it('422 for a date that is not one', async () => {
    const res = await t.call('hq_user', 'GET', '/api/staff/S001/assets?date=2025-02-30');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['date']);
  });
});

describe('GET /api/staff/{staffNo}/holdings (客户持仓信息)', () => {
  const fa = (quantity: string, marketValue: string) => ({
    customerNo: '0001', name: '甲客户', fundAccount: 'FA', market: 'SH', securityCode: '600519', securityName: '贵州茅台', securityClass: 'STOCK',
    quantity, costAmount: '45000.00', marketValue,
  });
  const fb = { ...fa('700', '70000.00'), customerNo: '0002', name: '乙客户', fundAccount: 'FB' };

  it('lists the positions of the customers related to the staff member that day, any kind of relationship', async () => {
    expect(await ok('hq_user', '/api/staff/S001/holdings?date=2025-06-02')).toEqual({ date: '2025-06-02', items: [fa('500', '50000.00')], total: 1 });
    // 06-16: R3 has ended, so 0002's position is S003's (DEVELOP) and S004's (SERVICE), not S001's.
    expect((await ok('hq_user', '/api/staff/S001/holdings?date=2025-06-16')).items).toEqual([fa('600', '60000.00')]);
    expect((await ok('hq_user', '/api/staff/S003/holdings?date=2025-06-16')).items).toEqual([fb]);
    expect((await ok('hq_user', '/api/staff/S004/holdings?date=2025-06-16')).items).toEqual([fb]);
    // The default day is the last trading day (06-30), which has no positions.
    expect(await ok('hq_user', '/api/staff/S001/holdings')).toEqual({ date: '2025-06-30', items: [], total: 0 });
  });
});

describe('GET /api/staff/{staffNo}/flows (资金/委托/成交流水)', () => {
  const nos = (body: { items: Record<string, unknown>[] }, key: string) => body.items.map((r) => r[key]);
  const all = 'from=2025-05-01&to=2025-06-30';

  it('takes a customer’s trades only on the dates its relationship to the staff member was effective', async () => {
    // S001: 0001 on every day (R1); 0002 only 06-02…06-15 (R3) → T3 but not T5, T7. Newest first, then trade number descending.
    const s001 = await ok('hq_user', `/api/staff/S001/flows?kind=trade&${all}`);
    expect([s001.kind, s001.from, s001.to, s001.total, nos(s001, 'tradeNo')]).toEqual(['trade', '2025-05-01', '2025-06-30', 4, ['T6', 'T3', 'T2', 'T1']]);
    expect(s001.items[0]).toEqual({
      kind: 'trade', tradeDate: '2025-06-30', customerNo: '0001', name: '甲客户', fundAccount: 'FA', time: '10:00:00', tradeNo: 'T6', orderNo: null,
      market: 'SH', securityCode: '600519', securityName: '贵州茅台', side: 'B', price: '100.0000', quantity: '500', amount: '50000.00',
      commission: '10.00', fees: '1.00', channel: 'MOBILE',
    });
    // S003 from 06-16 (R4), S004 from 06-02 (SERVICE R5).
    expect(nos(await ok('hq_user', `/api/staff/S003/flows?kind=trade&${all}`), 'tradeNo')).toEqual(['T7', 'T5']);
    expect(nos(await ok('hq_user', `/api/staff/S004/flows?kind=trade&${all}`), 'tradeNo')).toEqual(['T7', 'T5', 'T3']);
    // A relationship's end date is inclusive: up to 06-15 only.
    expect(nos(await ok('hq_user', '/api/staff/S001/flows?kind=trade&from=2025-06-02&to=2025-06-02'), 'tradeNo')).toEqual(['T3', 'T2']);
  });

  it('says a month is archived (crm archive) instead of listing nothing: 409 MONTH_ARCHIVED, holdings too', async () => {
    await t.db.pool.query(`insert into archived_partitions (parent, month, file, row_count) values ('fact_trades', '2025-05-01', '/archive/quancrm-facts-2025-05.sql.gz', 1)`);
    try {
      const res = await t.call('hq_user', 'GET', `/api/staff/S001/flows?kind=trade&${all}`);
      expect([res.statusCode, res.json().code, res.json().archivedMonths]).toEqual([409, 'MONTH_ARCHIVED', ['2025-05']]);
      expect(res.json().detail).toContain('2025-05 的交易明细已归档');
      expect((await t.call('hq_user', 'GET', '/api/staff/S001/holdings?date=2025-05-30')).statusCode).toBe(409);
      // June is not archived
      expect(nos(await ok('hq_user', '/api/staff/S001/flows?kind=trade&from=2025-06-01&to=2025-06-30'), 'tradeNo')).toEqual(['T6', 'T3', 'T2']);
    } finally {
      await t.db.pool.query(`delete from archived_partitions`);
    }
  });

  it('lists fund flows and orders alike', async () => {
    const funds = await ok('hq_user', `/api/staff/S001/flows?kind=fund&${all}`);
    expect(funds.items).toEqual([
      { kind: 'fund', tradeDate: '2025-06-30', customerNo: '0001', name: '甲客户', fundAccount: 'FA', time: '09:00:00', flowNo: 'W2', currency: 'CNY', flowType: 'BANK_OUT', amount: '4000.00' },
      { kind: 'fund', tradeDate: '2025-06-16', customerNo: '0001', name: '甲客户', fundAccount: 'FA', time: '09:00:00', flowNo: 'W1', currency: 'CNY', flowType: 'BANK_IN', amount: '10000.00' },
    ]);
    expect(nos(await ok('hq_user', `/api/staff/S001/flows?kind=order&${all}`), 'orderNo')).toEqual(['O2', 'O1']);
    expect(nos(await ok('hq_user', `/api/staff/S003/flows?kind=order&${all}`), 'orderNo')).toEqual(['O3']);
  });

  it('defaults to the month of the last trading day and pages', async () => {
    const june = await ok('hq_user', '/api/staff/S001/flows?kind=trade');
    expect([june.from, june.to, nos(june, 'tradeNo')]).toEqual(['2025-06-01', '2025-06-30', ['T6', 'T3', 'T2']]);
    const page2 = await ok('hq_user', `/api/staff/S001/flows?kind=trade&${all}&page=2&pageSize=3`);
    expect([page2.total, nos(page2, 'tradeNo')]).toEqual([4, ['T1']]);
  });

  it('keeps the customer scope: a broker no longer sees the past trades of a customer that is not its own today', async () => {
    expect(nos(await ok('broker1', `/api/staff/S001/flows?kind=trade&${all}`), 'tradeNo')).toEqual(['T6', 'T2', 'T1']);
    expect(nos(await ok('bm_b01', `/api/staff/S001/flows?kind=trade&${all}`), 'tradeNo')).toEqual(['T6', 'T3', 'T2', 'T1']);
  });

  itNamesBadParameters(t, 'hq_user', [
    ['/api/staff/S001/flows?kind=cash', ['kind']],
    ['/api/staff/S001/flows?from=2025-06-30&to=2025-06-01', ['to']],
    ['/api/staff/S001/flows?from=2024-01-01&to=2025-06-30', ['from']],
    ['/api/staff/S001/flows?from=2025-07-02', ['to']],
  ]);
});

describe('OpenAPI', () => {
  it('documents the staff routes with their response schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/staff', '/api/staff/{staffNo}', '/api/staff/{staffNo}/customers', '/api/staff/{staffNo}/indicators', '/api/staff/{staffNo}/assets', '/api/staff/{staffNo}/holdings', '/api/staff/{staffNo}/flows']) {
      expect(doc.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema, path).toBeDefined();
    }
  });
});

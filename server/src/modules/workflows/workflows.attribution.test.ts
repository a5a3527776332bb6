/**
 * Relationship operations reach the figures: a change approved through the flow re-derives the
 * staff figures in the approval's transaction, so the month's figures split at the effective
 * date (staff-monthly); and the end-of-day import matches new customers against approved
 * appointments (预约客户开户), inside the import's transaction. Real importer, real PostgreSQL;
 * every figure worked by hand.
 *
 * Branch B01: T1 = S001 (broker1), S002 (lead_t1); T2 = S003; S005 manages B01 (bm_b01).
 * Customer 0002 opens 2025-06-02 (account FB) under R: 0002 → S001 DEVELOP 1 from 06-02.
 *   06-02 trade 100000, commission 30, fees 3 + 1 = 4;  assets 50000
 *   06-16 trade 200000, commission 50, fees 5 + 2 = 7;  assets 80000
 *   06-30 trade 100000, commission 20, fees 2 + 1 = 3;  assets 100000 (month end)
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Rows } from '../../../test/extract-builder.js';
import { writeDay } from '../../../test/extract-builder.js';
import { account, customer, reportRows, TEAM_T1_LOGINS, trade, useReportsApp } from '../../../test/reports-harness.js';
import { idCheckDigit } from '../../../../shared/identity.js';
import { importDay } from '../extract/extract.service.js';

const NOW = new Date('2025-07-01T02:00:00Z');

const cash = (fund_account: string, total: string, stock = '0.00') => ({
  fund_account, currency: 'CNY', cash: (Number(total) - Number(stock)).toFixed(2), stock_value: stock, fund_value: '0.00', bond_value: '0.00',
  other_value: '0.00', total_asset: total, debt: '0.00',
});

const DAYS: [string, Record<string, Rows>][] = [
  ['2025-06-02', {
    'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
    'customers.csv': [customer('0002', '乙客户', 'B01', '2025-06-02')],
    'fund_accounts.csv': [account('FB', '0002', 'CNY', '2025-06-02')],
    'securities.csv': [{ market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' }],
    'assets.csv': [cash('FB', '50000.00')],
    'trades.csv': [trade('T1', 'FB', '100000.00', '30.00', '3.00', '1.00')],
  }],
  ['2025-06-16', { 'assets.csv': [cash('FB', '80000.00', '70000.00')], 'trades.csv': [trade('T2', 'FB', '200000.00', '50.00', '5.00', '2.00')] }],
  ['2025-06-30', { 'assets.csv': [cash('FB', '100000.00', '80000.00')], 'trades.csv': [trade('T3', 'FB', '100000.00', '20.00', '2.00', '1.00')] }],
];

const ORG = `
insert into teams (team_code, team_name, branch_code) values ('T1', '财富一组', 'B01'), ('T2', '财富二组', 'B01');
insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, contract_type) values
  ('S001', '张伟', 'BROKER', '中级', 'T1', 'B01', '2020-01-01', 'LABOR'),
  ('S002', '李娜', 'BROKER', '资深', 'T1', 'B01', '2020-01-01', 'LABOR'),
  ('S003', '刘洋', 'BROKER', '初级', 'T2', 'B01', '2020-01-01', 'LABOR'),
  ('S005', '王强', 'MANAGER', '资深', null, 'B01', '2015-01-01', 'LABOR');
insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, source) values
  ('0002', 'S001', 'DEVELOP', 1, '2025-06-02', '2025-06-02', 'test');
`;

const t = useReportsApp({
  tmpPrefix: 'quancrm-workflows-',
  days: DAYS,
  org: ORG,
  logins: TEAM_T1_LOGINS,
  now: NOW,
});

async function approveThrough(id: string): Promise<Record<string, unknown>> {
  for (const approver of ['lead_t1', 'bm_b01']) {
    const res = await t.call(approver, 'POST', `/api/workflows/${id}/actions`, { action: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    if (approver === 'bm_b01') return res.json();
  }
  throw new Error('unreachable');
}

async function startFlow(username: string, type: string, payload: Record<string, unknown>): Promise<string> {
  const res = await t.call(username, 'POST', '/api/workflows', { type, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const juneStaff = '/api/reports/staff-monthly?month=2025-06';

describe('a relationship change effective mid-month, approved through the flow', () => {
  it('splits the month’s figures at the effective date', async () => {
    // before: all of June is S001's — volume 400000, commission 100, fees 14 → net 86; month-end asset 100000
    expect(await reportRows(t, 'hq_user', juneStaff)).toEqual([
      { staffNo: 'S001', staffName: '张伟', customers: 1, validCustomers: 0, newCustomers: 1, monthEndAsset: '100000.00', netInflow: '0.00', volume: '400000.00', commission: '100.00', netCommission: '86.00', productSales: '0.00' },
    ]);

    const id = await startFlow('broker1', 'RELATIONSHIP_CHANGE', { customerNo: '0002', fromStaffNo: 'S001', toStaffNo: 'S003', effectiveFrom: '2025-06-16' });
    // nothing moves before the final approval
    const lead = await t.call('lead_t1', 'POST', `/api/workflows/${id}/actions`, { action: 'approve' });
    expect(lead.statusCode, lead.body).toBe(200);
    expect((await reportRows(t, 'hq_user', juneStaff)).map((r) => r.staffNo)).toEqual(['S001']);
    const done = await t.call('bm_b01', 'POST', `/api/workflows/${id}/actions`, { action: 'approve' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('APPROVED');

    // after: S001 keeps 06-02 (R ends 06-15): volume 100000, commission 30, fees 4 → net 26; the opening (new customer 1);
    //        no customer at the month end.
    //        S003 has 06-16 and 06-30: volume 200000 + 100000 = 300000, commission 50 + 20 = 70, fees 7 + 3 = 10 → net 60;
    //        the customer at the month end (asset 100000), not confirmed (June is not complete: no later day imported).
    expect(await reportRows(t, 'hq_user', juneStaff)).toEqual([
      { staffNo: 'S001', staffName: '张伟', customers: 0, validCustomers: 0, newCustomers: 1, monthEndAsset: '0.00', netInflow: '0.00', volume: '100000.00', commission: '30.00', netCommission: '26.00', productSales: '0.00' },
      { staffNo: 'S003', staffName: '刘洋', customers: 1, validCustomers: 0, newCustomers: 0, monthEndAsset: '100000.00', netInflow: '0.00', volume: '300000.00', commission: '70.00', netCommission: '60.00', productSales: '0.00' },
    ]);
    const { rows } = await t.db.pool.query(`select staff_no, effective_from, ended_on, source from relationships where customer_no = '0002' order by id`);
    expect(rows).toEqual([
      { staff_no: 'S001', effective_from: '2025-06-02', ended_on: '2025-06-15', source: 'test' },
      { staff_no: 'S003', effective_from: '2025-06-16', ended_on: null, source: 'WORKFLOW' },
    ]);
  });
});

describe('the extract match of approved appointments (预约客户开户)', () => {
  const idA = '31010119900101123' + idCheckDigit('31010119900101123');
  const idB = '31010119910202234' + idCheckDigit('31010119910202234');
  const idC = '31010119920303345' + idCheckDigit('31010119920303345');

  it('starts the relationship on the open date when the appointment date is on or before it, else marks it unusable', async () => {
    // A: appointment 07-02, opens 07-02 (on the open date: usable); B: appointment 07-03, opens 07-02 (after: unusable);
    // C: approved, but the person has not opened an account yet.
    const flows = [];
    for (const [name, idNo, appointmentDate] of [['甲预约', idA, '2025-07-02'], ['乙预约', idB, '2025-07-03'], ['丙预约', idC, '2025-07-01']] as const) {
      flows.push(await startFlow('broker1', 'APPOINTMENT_OPEN', { name, idNo, mobile: '13812345678', branch: 'B01', appointmentDate, weight: '1' }));
    }
    for (const id of flows) expect((await approveThrough(id)).outcome).toMatchObject({ status: 'APPROVED' });

    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-appointments-'));
    try {
      const folder = await writeDay(root, '2025-07-02', {
        'customers.csv': [customer('0010', '甲预约', 'B01', '2025-07-02', { id_type: '0', id_no: idA }), customer('0011', '乙预约', 'B01', '2025-07-02', { id_type: '0', id_no: idB })],
        'fund_accounts.csv': [account('F10', '0010', 'CNY', '2025-07-02'), account('F11', '0011', 'CNY', '2025-07-02')],
        'assets.csv': [cash('FB', '100000.00', '80000.00'), cash('F10', '10000.00'), cash('F11', '5000.00')],
      });
      const result = await importDay(t.db.pool, folder, { startedBy: 'test-import' });
      expect(result.status, JSON.stringify(result.problems)).toBe('SUCCEEDED');
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }

    const { rows: prospects } = await t.db.pool.query(`select name, status, customer_no, relationship_id is not null as has_relationship from prospects order by id`);
    expect(prospects).toEqual([
      { name: '甲预约', status: 'MATCHED', customer_no: '0010', has_relationship: true },
      { name: '乙预约', status: 'UNUSABLE', customer_no: '0011', has_relationship: false },
      { name: '丙预约', status: 'APPROVED', customer_no: null, has_relationship: false },
    ]);
    const { rows: relationships } = await t.db.pool.query(`select customer_no, staff_no, kind, weight::text as weight, effective_from, source from relationships where customer_no in ('0010', '0011')`);
    expect(relationships).toEqual([{ customer_no: '0010', staff_no: 'S001', kind: 'DEVELOP', weight: '1.000000', effective_from: '2025-07-02', source: 'APPOINTMENT' }]);

    // the import derived the day's staff figures with the new relationship: 0010 is S001's on 07-02
    const assets = await reportRows(t, 'hq_user', '/api/reports/relationship-assets?date=2025-07-02');
    expect(assets.map((r) => [r.customerNo, r.staffNo, r.totalAsset])).toEqual([['0002', 'S003', '100000.00'], ['0010', 'S001', '10000.00']]);

    const unusable = await t.call('broker1', 'GET', '/api/appointments?status=unusable');
    expect(unusable.statusCode, unusable.body).toBe(200);
    const [b] = unusable.json().items;
    expect(b.statusReason).toContain('2025-07-03');
    expect(b.statusReason).toContain('2025-07-02');
    expect(b.idNo).toBe(`310101********${idB.slice(14)}`);
    const matched = (await t.call('broker1', 'GET', '/api/appointments?status=matched')).json().items;
    expect(matched.map((a: { customerNo: string; openDate: string }) => [a.customerNo, a.openDate])).toEqual([['0010', '2025-07-02']]);
    const { rows: audit } = await t.db.pool.query(`select username, detail from audit_log where action = 'appointment.matched'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].username).toBe('test-import');
    expect(audit[0].detail.matches.map((m: { status: string }) => m.status)).toEqual(['MATCHED', 'UNUSABLE']);

    // the unusable appointment: the broker claims the customer by non-appointment opening instead
    const claim = await startFlow('broker1', 'NON_APPOINTMENT_OPEN', { customerNo: '0011', effectiveFrom: '2025-07-02' });
    expect((await approveThrough(claim)).status).toBe('APPROVED');
    const { rows: claimed } = await t.db.pool.query(`select staff_no, effective_from, source from relationships where customer_no = '0011'`);
    expect(claimed).toEqual([{ staff_no: 'S001', effective_from: '2025-07-02', source: 'WORKFLOW' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { firstSheet, rowsFrom, rowValues } from '../../../test/xlsx.js';
import { exportTitles } from './payroll.export.service.js';
import type { AdjustmentKind } from './payroll.rules.js';

/**
 * May 2025 is complete (trading days 2025-06-12/13 are imported); June is not.
 * Base salaries (default template): 见习 3,000, 初级 4,000, 中级 5,000, 高级 6,500, 资深 8,000.
 *
 *   staff       net commission           commission share                     product sales commission (P001 at 1 %)
 *   S001 中级   60,000 − 5,000 − 5,000     4,000 + 30,000 × 30 % = 13,000.00    (100,000 × 0.6 + 12,345.67) × 1 % = 723.4567 → 723.46
 *   S002 初级   150,000                    4,000 + 24,000 + 20,000 = 48,000.00   100,000 × 0.4 × 1 % = 400.00
 *   S003 高级   100 − 600 = −500           0.00 (negative)                       —
 *   S201 中级   20,000                     4,000.00 (exactly the first bound)    —
 *
 * S001's adjustments: −200 − 50.50 + 100 + 1,000 + 300 + 150 = 1,299.50.
 */
const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`
      insert into sum_staff_monthly (month, staff_no, month_end_date, commission, fees, guaranteed_commission) values
        ('2025-05-01', 'S001', '2025-05-30', 60000, 5000, 5000),
        ('2025-05-01', 'S002', '2025-05-30', 150000, 0, 0),
        ('2025-05-01', 'S003', '2025-05-30', 100, 600, 0),
        ('2025-05-01', 'S201', '2025-05-30', 20000, 0, 0);
      update products set sales_commission_rate = 0.01 where product_code = 'P001';
      insert into fact_product_trades (trade_date, customer_no, txn_no, fund_account, product_code, txn_type, amount, fee, txn_time) values
        ('2025-05-30', 'C0002', 'PT1', 'F0002', 'P001', 'SUBSCRIBE', 100000, 0, '10:00:00'),
        ('2025-05-30', 'C0001', 'PT2', 'F0001', 'P001', 'PURCHASE', 12345.67, 0, '10:00:00'),
        ('2025-05-30', 'C0001', 'PT3', 'F0001', 'P001', 'REDEEM', 5000, 0, '11:00:00');
    `);
  },
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t11', 'broker1', 'broker3'],
});
const { call } = t;

async function payslip(staffNo: string, username = 'admin') {
  const res = await call(username, 'GET', `/api/payroll/months/2025-05/payslips/${staffNo}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

const ids: Record<string, string> = {};

/** S001's adjustments for May 2025, one of each kind: the amount entered and the amount stored, signed by its kind. */
const MAY_ADJUSTMENTS: Record<AdjustmentKind, [entered: string, stored: string]> = {
  COMPLIANCE_DEDUCTION: ['200', '-200.00'],
  ATTENDANCE_DEDUCTION: ['50.50', '-50.50'],
  PRODUCT_SALES_COMMISSION: ['100', '100.00'],
  EARLY_PROMOTION_BONUS: ['1000', '1000.00'],
  OTHER_REWARD: ['300', '300.00'],
  WELFARE: ['150', '150.00'],
};

describe('payroll of May 2025', () => {
  it('refuses an incomplete month (no trading day after June is imported)', async () => {
    const res = await call('admin', 'POST', '/api/payroll/months/2025-06/compute');
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('PAYROLL_MONTH_INCOMPLETE');
  });

  it('refuses a month without any imported trading day (422, naming the month in Chinese and English)', async () => {
    // April 2025: later days (2025-05-30 …) are imported, none of April's.
    const res = await call('admin', 'POST', '/api/payroll/months/2025-04/compute');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ status: 422, code: 'PAYROLL_MONTH_NOT_IMPORTED', detail: '2025-04 没有任何已导入的交易日，不能计算薪酬。' });
    const en = await call('admin', 'POST', '/api/payroll/months/2025-04/compute', undefined, { 'accept-language': 'en' });
    expect(en.json().detail).toBe('No trading day of 2025-04 has been imported, so its payroll cannot be computed.');
    expect((await t.db.pool.query(`select 1 from payslips where month = '2025-04-01'`)).rowCount).toBe(0);
    expect((await t.db.pool.query(`select 1 from audit_log where action like 'payroll.%compute' and entity_id = '2025-04'`)).rowCount).toBe(0);
  });

  it('records adjustments of each kind, signed by kind (ADMIN, HQ only)', async () => {
    for (const [kind, [amount, stored]] of Object.entries(MAY_ADJUSTMENTS)) {
      const res = await call('hq_user', 'POST', '/api/payroll/adjustments', { month: '2025-05', staffNo: 'S001', kind, amount, note: kind });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ month: '2025-05', staffNo: 'S001', kind, amount: stored, createdBy: 'hq_user', correctsMonth: null });
      ids[kind] = res.json().id;
    }
    expect((await call('broker1', 'POST', '/api/payroll/adjustments', { month: '2025-05', staffNo: 'S001', kind: 'WELFARE', amount: '1' })).statusCode).toBe(403);
    expect((await call('admin', 'POST', '/api/payroll/adjustments', { month: '2025-05', staffNo: 'S001', kind: 'WELFARE', amount: '-1' })).statusCode).toBe(422);
    expect((await call('admin', 'POST', '/api/payroll/adjustments', { month: '2025-05', staffNo: 'NOPE', kind: 'WELFARE', amount: '1' })).statusCode).toBe(422);
  });

  it('computes every payslip to the cent', async () => {
    const res = await call('admin', 'POST', '/api/payroll/months/2025-05/compute');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ month: '2025-05', status: 'OPEN', stale: false, payslips: 9 });

    const list = (await call('admin', 'GET', '/api/payroll/months/2025-05/payslips')).json();
    const byStaff = Object.fromEntries(list.items.map((p: { staffNo: string }) => [p.staffNo, p]));
    expect(byStaff.S001).toMatchObject({ level: '中级', baseSalary: '5000.00', netCommission: '50000.00', commissionShare: '13000.00',
      productSales: '72345.67', productSalesCommission: '723.46', adjustmentsTotal: '1299.50', total: '20022.96' });
    expect(byStaff.S001.adjustmentsByKind).toEqual(Object.fromEntries(Object.entries(MAY_ADJUSTMENTS).map(([kind, [, stored]]) => [kind, stored])));
    expect(Object.values(byStaff.S002.adjustmentsByKind)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(byStaff.S002).toMatchObject({ baseSalary: '4000.00', netCommission: '150000.00', commissionShare: '48000.00', productSalesCommission: '400.00', total: '52400.00' });
    expect(byStaff.S003).toMatchObject({ baseSalary: '6500.00', netCommission: '-500.00', commissionShare: '0.00', total: '6500.00' });
    expect(byStaff.S201).toMatchObject({ commissionShare: '4000.00', total: '9000.00' });
    expect(byStaff.S004).toMatchObject({ netCommission: '0.00', commissionShare: '0.00', total: '5000.00' });
    expect(byStaff.S099).toMatchObject({ baseSalary: '4000.00', total: '4000.00' }); // left on 2025-05-31: still paid for May
  });

  it('gives one payslip with its breakdown', async () => {
    const p = await payslip('S001');
    expect(p.breakdown.tiers).toEqual([
      { from: '0', to: '20000', rate: '0.2', base: '20000', amount: '4000' },
      { from: '20000', to: '100000', rate: '0.3', base: '30000', amount: '9000' },
    ]);
    expect(p.breakdown.products).toEqual([{ productCode: 'P001', productName: '稳健理财1号', rate: '0.01', sales: '72345.67', commission: '723.4567' }]);
    expect(p.breakdown.adjustments.map((a: { title: string; amount: string }) => [a.title, a.amount])).toEqual([
      ['合规扣款', '-200.00'], ['考勤扣款', '-50.50'], ['金融产品销售提成', '100.00'], ['提前晋级奖', '1000.00'], ['其他奖励', '300.00'], ['福利费', '150.00'],
    ]);
    expect((await payslip('S002')).breakdown.tiers.map((t: { amount: string }) => t.amount)).toEqual(['4000', '24000', '20000']);
    expect((await payslip('S003')).breakdown.tiers).toEqual([]);
  });

  it('is stale after an adjustment changes, refuses the lock until recomputed', async () => {
    const res = await call('admin', 'PATCH', `/api/payroll/adjustments/${ids.WELFARE}`, { amount: '250' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ amount: '250.00', updatedBy: 'admin' });
    expect((await call('admin', 'GET', '/api/payroll/months/2025-05')).json()).toMatchObject({ stale: true });
    const lock = await call('admin', 'POST', '/api/payroll/months/2025-05/lock');
    expect(lock.statusCode).toBe(409);
    expect(lock.json().code).toBe('PAYROLL_STALE');

    expect((await call('admin', 'DELETE', `/api/payroll/adjustments/${ids.OTHER_REWARD}`)).statusCode).toBe(204);
    expect((await call('admin', 'POST', '/api/payroll/months/2025-05/compute')).json()).toMatchObject({ stale: false });
    // 1,299.50 + 100 − 300 = 1,099.50
    expect(await payslip('S001')).toMatchObject({ adjustmentsTotal: '1099.50', total: '19822.96' });
  });

  it('locks (ADMIN or HQ) and then never changes', async () => {
    expect((await call('broker1', 'POST', '/api/payroll/months/2025-05/lock')).statusCode).toBe(403);
    const lock = await call('hq_user', 'POST', '/api/payroll/months/2025-05/lock');
    expect(lock.statusCode).toBe(200);
    expect(lock.json()).toMatchObject({ status: 'LOCKED', lockedBy: 'hq_user' });
    const before = await payslip('S001');

    await t.db.pool.query(`update sum_staff_monthly set commission = commission + 10000 where month = '2025-05-01' and staff_no = 'S001'`);
    const recompute = await call('admin', 'POST', '/api/payroll/months/2025-05/compute');
    expect(recompute.statusCode).toBe(409);
    expect(recompute.json().code).toBe('PAYROLL_MONTH_LOCKED');
    expect(await payslip('S001')).toEqual(before);
    expect((await call('admin', 'POST', '/api/payroll/months/2025-05/lock')).statusCode).toBe(409);
  });

  it('refuses adjustments of the locked month and records them against the next month when asked', async () => {
    const body = { month: '2025-05', staffNo: 'S001', kind: 'OTHER_REWARD', amount: '88.80', note: '五月补发' };
    const refused = await t.app.inject({ method: 'POST', url: '/api/payroll/adjustments', headers: { cookie: t.cookies.admin!, 'accept-language': 'en' }, payload: body });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('adjustments of 2025-06');
    expect((await call('admin', 'POST', '/api/payroll/adjustments', body)).json().detail).toContain('2025-06 的薪酬调整');
    expect((await call('admin', 'PATCH', `/api/payroll/adjustments/${ids.WELFARE}`, { amount: '1' })).statusCode).toBe(409);
    expect((await call('admin', 'DELETE', `/api/payroll/adjustments/${ids.WELFARE}`)).statusCode).toBe(409);

    const moved = await call('admin', 'POST', '/api/payroll/adjustments', { ...body, toNextMonth: true });
    expect(moved.statusCode).toBe(201);
    expect(moved.json()).toMatchObject({ month: '2025-06', correctsMonth: '2025-05', amount: '88.80' });
    const june = (await call('admin', 'GET', '/api/payroll/months/2025-06/adjustments')).json();
    expect(june.items.map((a: { id: string }) => a.id)).toEqual([moved.json().id]);
  });

  it.each([
    ['admin', ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S099', 'S201', 'S202']],
    ['hq_user', ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S099', 'S201', 'S202']],
    ['bm_b01', ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S099']],
    ['tl_t11', ['S001', 'S002', 'S004', 'S005', 'S099']],
    ['broker1', ['S001']],
    ['broker3', ['S003']],
  ])('scopes the payslips of %s', async (username, expected) => {
    const res = await call(username, 'GET', '/api/payroll/months/2025-05/payslips');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { staffNo: string }) => p.staffNo).sort()).toEqual(expected);
  });

  it('answers 404 for a payslip out of scope, and needs a login', async () => {
    expect((await call('broker1', 'GET', '/api/payroll/months/2025-05/payslips/S002')).statusCode).toBe(404);
    expect((await call('broker1', 'GET', '/api/payroll/months/2025-05/adjustments')).json().items.every((a: { staffNo: string }) => a.staffNo === 'S001')).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/payroll/months/2025-05/payslips' })).statusCode).toBe(401);
    expect((await call('admin', 'GET', '/api/payroll/months/2025-13/payslips')).statusCode).toBe(422);
  });

  it('exports the payslips as xlsx, parsed back', async () => {
    const res = await call('tl_t11', 'GET', '/api/payroll/months/2025-05/payslips?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const sheet = await firstSheet(res.rawPayload);
    expect(sheet.getRow(1).getCell(1).value).toBe('工资单 2025-05');
    // the header block: the month and its status by label, never the code LOCKED
    expect(rowValues(sheet, 2)).toEqual(['查询参数', '月份=2025-05; 状态=已锁定']);
    expect(sheet.getRow(3).getCell(1).value).toBe('查询时间');
    expect(rowValues(sheet, 5)).toEqual(exportTitles('zh'));
    const rows = rowsFrom(sheet, 6);
    expect(rows).toHaveLength(5);
    const s001 = rows.find((r) => r[1] === 'S001')!;
    expect(s001.slice(0, 6)).toEqual(['2025-05', 'S001', '张伟', 'B01', 'T11', '中级']);
    expect(s001.slice(6)).toEqual([5000, 50000, 13000, 72345.67, 723.46, 1099.5, 19822.96]);
    expect(sheet.getRow(6).getCell(13).numFmt).toBe('#,##0.00');
  });

  it('exports the payslips in English for an English request: titles, status and level by their English labels', async () => {
    const res = await call('tl_t11', 'GET', '/api/payroll/months/2025-05/payslips?format=xlsx', undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.statusCode).toBe(200);
    const sheet = await firstSheet(res.rawPayload);
    expect(sheet.getRow(1).getCell(1).value).toBe('Payslips 2025-05');
    expect(rowValues(sheet, 2)).toEqual(['Parameters', 'Month=2025-05; Status=Locked']);
    expect(sheet.getRow(3).getCell(1).value).toBe('Queried at');
    expect(rowValues(sheet, 5).slice(0, 6)).toEqual(['Month', 'Staff no.', 'Name', 'Branch', 'Team', 'Level']);
    const rows = rowsFrom(sheet, 6);
    expect(rows.find((r) => r[1] === 'S001')!.slice(0, 6)).toEqual(['2025-05', 'S001', '张伟', 'B01', 'T11', 'Intermediate']);
  });

  it('writes audit rows for compute, lock, adjustments and exports', async () => {
    const { rows } = await t.db.pool.query<{ action: string; n: string }>(
      `select action, count(*)::text as n from audit_log where action like 'payroll.%' group by action order by action`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.action, r.n]))).toEqual({
      'payroll.adjustment.create': '7', 'payroll.adjustment.delete': '1', 'payroll.adjustment.update': '1',
      'payroll.compute': '1', 'payroll.export': '2', 'payroll.lock': '1', 'payroll.recompute': '1',
    });
  });
});

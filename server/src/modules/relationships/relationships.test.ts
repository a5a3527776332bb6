/**
 * 经纪关系查询 against the fixture brokerage (test/fixtures.ts) on 2025-06-16, plus month-end rows:
 *
 *   month 2025-05 (month end 2025-05-30, the latest complete month: the last imported day is 2025-06-13)
 *     C0001 asset_end 1100000.004 (fixture)   C0002 12345.675   C0004 300
 *   month 2025-06 (month end 2025-06-13): C0001 1234567.125 (fixture)
 *
 * C0002's two DEVELOP relationships (S001 0.6, S002 0.4) carry assessment set 2025A and are confirmed 2025-03-31.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app-harness.js';
import { downloadedSheet, firstSheet } from '../../../test/xlsx.js';
import { insertBrokerage, insertLogins } from '../../../test/fixtures.js';
import { monthEndMonth } from './relationships.query.js';

const t = useTestApp({
  async seed(db) {
    await insertBrokerage(db.pool);
    await insertLogins(db.pool);
    await db.pool.query(`
      insert into sum_customer_monthly (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end,
                                        net_asset_end, cash_end, stock_value_end, volume, quantity, commission, fees, trade_count,
                                        bank_in, bank_out, product_sales) values
        ('2025-05-01', 'C0002', 'B01', 1, 0, '2025-05-30', 12345.675, 12345.675, 12345.675, 12345.675, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ('2025-05-01', 'C0004', 'B01', 1, 0, '2025-05-30', 300, 300, 300, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      update relationships set assessment_set = '2025A', confirmed_on = '2025-03-31' where customer_no = 'C0002';`);
  },
  sessions: ['admin', 'compliance', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1', 'broker2', 'service4', 'broker_left'],
});

interface Item {
  customerNo: string;
  staffNo: string;
  kind: string;
  weight: string;
  monthEndAsset: string | null;
  weightedAsset: string | null;
}

async function query(username: string, qs = ''): Promise<{ items: Item[]; total: number; month: string | null; monthEndDate: string | null }> {
  const res = await t.call(username, 'GET', `/api/relationships${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const pairs = (items: Item[]) => items.map((r) => `${r.customerNo}/${r.staffNo}`);

const ALL = [
  'C0001/S001', 'C0002/S001', 'C0002/S002', 'C0003/S001', 'C0003/S002', 'C0004/S001', 'C0004/S003',
  'C0005/S001', 'C0005/S003', 'C0006/S003', 'C0006/S004', 'C0008/S099', 'C2001/S201',
];

describe('monthEndMonth', () => {
  it.each([
    [undefined, '2025-06-13', '2025-05'],
    [undefined, '2025-01-02', '2024-12'],
    ['2025-06', '2025-06-13', '2025-06'],
    [undefined, null, null],
  ])('requested %s, last trading day %s → %s', (requested, last, expected) => {
    expect(monthEndMonth(requested, last)).toBe(expected);
  });
});

describe('GET /api/relationships: scope per role (customer in scope and staff in scope, today 2025-06-16)', () => {
  it.each([
    ['admin', ALL],
    ['compliance', ALL],
    ['bm_b01', ALL.filter((p) => !p.startsWith('C2001'))],
    // customers related today to T11 (C0001–C0003, C0006 via S004, C0008 via S099), rows of T11 staff only
    ['tl_t11', ['C0001/S001', 'C0002/S001', 'C0002/S002', 'C0003/S001', 'C0003/S002', 'C0006/S004', 'C0008/S099']],
    ['tl_t21', ['C2001/S201']],
    ['broker1', ['C0001/S001', 'C0002/S001']], // not C0004 (ended yesterday) nor C0005 (starts tomorrow)
    ['broker2', ['C0002/S002', 'C0003/S002']],
    ['service4', ['C0006/S004']],
    ['broker_left', []], // linked to a staff member who has left: fail closed
  ])('%s', async (username, expected) => {
    const page = await query(username, '?pageSize=500');
    expect(pairs(page.items)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('answers 401 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/relationships' });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /api/relationships: month-end assets', () => {
  it('defaults to the latest complete month and weights the month-end asset', async () => {
    const page = await query('admin', '?customerNo=C0002');
    expect({ month: page.month, monthEndDate: page.monthEndDate, total: page.total }).toEqual({ month: '2025-05', monthEndDate: '2025-05-30', total: 2 });
    expect(page.items).toEqual([
      expect.objectContaining({
        customerNo: 'C0002', customerName: '孙分成', branchCode: 'B01', branchName: '北京中关村营业部', staffNo: 'S001', staffName: '张伟',
        teamCode: 'T11', teamName: '财富一组', staffStatus: 'ACTIVE', kind: 'DEVELOP', weight: '0.6', assessmentSet: '2025A',
        addedOn: '2025-03-01', effectiveFrom: '2025-03-01', confirmedOn: '2025-03-31', endedOn: null, guaranteedRate: null, source: 'test',
        monthEndAsset: '12345.68', // 12345.675 rounded half up
        weightedAsset: '7407.41', // 12345.675 × 0.6 = 7407.405 exactly, rounded half up (a float would give 7407.40)
      }),
      expect.objectContaining({ staffNo: 'S002', weight: '0.4', monthEndAsset: '12345.68', weightedAsset: '4938.27' }),
    ]);
  });

  it('leaves the weighted asset empty for a relationship not in force at the month end', async () => {
    const page = await query('admin', '?customerNo=C0004');
    expect(page.items.map((r) => [r.staffNo, r.monthEndAsset, r.weightedAsset])).toEqual([
      ['S001', '300.00', '300.00'], // 2024-02-01 … 2025-06-15 holds on 2025-05-30
      ['S003', '300.00', null], // from 2025-06-16
    ]);
  });

  it('reads another month on request, and nothing for a customer without a month row', async () => {
    const june = await query('admin', '?customerNo=C0001&month=2025-06');
    expect([june.month, june.monthEndDate, june.items[0]?.monthEndAsset, june.items[0]?.weightedAsset]).toEqual(['2025-06', '2025-06-13', '1234567.13', '1234567.13']);
    const may = await query('admin', '?customerNo=C0001');
    expect([may.items[0]?.monthEndAsset, may.items[0]?.weightedAsset]).toEqual(['1100000.00', '1100000.00']);
    const none = await query('admin', '?customerNo=C0003');
    expect(none.items.map((r) => [r.monthEndAsset, r.weightedAsset])).toEqual([[null, null], [null, null]]);
    const noDays = await query('admin', '?customerNo=C0001&month=2024-01');
    expect([noDays.month, noDays.monthEndDate, noDays.items[0]?.monthEndAsset]).toEqual(['2024-01', null, null]);
  });
});

describe('GET /api/relationships: filters', () => {
  it.each([
    ['?customerNo=C0004&at=2025-06-15', ['C0004/S001']], // ended_on is inclusive
    ['?customerNo=C0004&at=2025-06-16', ['C0004/S003']], // effective_from is inclusive
    ['?customerNo=C0005&at=2025-06-16', ['C0005/S003']], // ends today: still holds
    ['?customerNo=C0005&at=2025-06-17', ['C0005/S001']],
    ['?customerNo=C0003&at=2024-12-31', ['C0003/S001']],
    ['?customerNo=C0003&at=2025-01-01', ['C0003/S002']],
    ['?staffNo=S003', ['C0004/S003', 'C0005/S003', 'C0006/S003']],
    ['?kind=SERVICE', ['C0006/S004']],
    ['?branch=B02', ['C2001/S201']],
    ['?team=T12', ['C0004/S003', 'C0005/S003', 'C0006/S003']],
    ['?assessmentSet=2025A', ['C0002/S001', 'C0002/S002']],
    ['?confirmed=yes', ['C0002/S001', 'C0002/S002']],
    ['?status=ended', ['C0003/S001', 'C0004/S001']],
    ['?status=upcoming', ['C0005/S001']],
    ['?status=current&kind=DEVELOP&branch=B01', ['C0001/S001', 'C0002/S001', 'C0002/S002', 'C0003/S002', 'C0004/S003', 'C0005/S003', 'C0006/S003', 'C0008/S099']],
    ['?confirmed=no&status=current&staffNo=S001', ['C0001/S001']],
    ['?customerNo=C0001&staffNo=&kind=&at=', ['C0001/S001']], // empty values mean "no filter"
  ])('%s', async (qs, expected) => {
    const page = await query('admin', `${qs}&pageSize=500`);
    expect(pairs(page.items)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('pages on the server, ordered by customer, staff, kind and start', async () => {
    const page = await query('admin', '?page=3&pageSize=5');
    expect(page.total).toBe(13);
    expect(pairs(page.items)).toEqual(['C0006/S004', 'C0008/S099', 'C2001/S201']);
  });

  it.each([
    ['?at=2025-02-30', 'at'],
    ['?kind=BOTH', 'kind'],
    ['?month=2025-13', 'month'],
    ['?status=old', 'status'],
    ['?pageSize=501', 'pageSize'],
  ])('%s → 422 naming %s', async (qs, field) => {
    const res = await t.call('admin', 'GET', `/api/relationships${qs}`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});

describe('GET /api/relationships?format=xlsx', () => {
  it('streams exactly the filtered rows with Chinese titles, and audits the export', async () => {
    const res = await t.call('bm_b01', 'GET', '/api/relationships?status=current&kind=DEVELOP&page=2&pageSize=1&format=xlsx');
    const sheet = await downloadedSheet(res, 'relationships_2025-06-16.xlsx', '经纪关系查询_2025-06-16.xlsx');
    expect(sheet.getCell('A1').value).toBe('经纪关系查询');
    expect(sheet.getCell('B2').value).toBe('类型=开发关系; 状态=当前有效; 月份=2025-05');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual([
      '客户号', '客户姓名', '营业部', '员工编号', '员工姓名', '团队', '关系类型', '权重', '考核集', '添加日期', '生效日期', '有效确认日期', '结束日期', '保底佣金率', '月末资产', '权重资产',
    ]);
    // every current DEVELOP row of branch B01 (paging does not apply to the export): 8 rows from row 6
    expect(sheet.rowCount).toBe(13);
    const c0002 = (sheet.getRow(7).values as unknown[]).slice(1);
    expect(c0002).toEqual(['C0002', '孙分成', '北京中关村营业部', 'S001', '张伟', '财富一组', '开发关系', 0.6, '2025A', '2025-03-01', '2025-03-01', '2025-03-31', undefined, undefined, 12345.68, 7407.41]);
    expect(sheet.getCell('P7').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('A13').value).toBe('C0008');

    const { rows: audit } = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'report.export'`);
    expect(audit).toEqual([
      { username: 'bm_b01', entity: 'report', entity_id: 'relationships', detail: { id: 'relationships', parameters: { status: 'current', kind: 'DEVELOP', month: '2025-05' }, rows: 8 } },
    ]);
  });

  it('exports only the caller’s scope', async () => {
    const res = await t.call('broker1', 'GET', '/api/relationships?format=xlsx');
    const sheet = await firstSheet(res.rawPayload);
    expect([sheet.getCell('A6').value, sheet.getCell('A7').value, sheet.rowCount]).toEqual(['C0001', 'C0002', 7]);
  });

  it('writes the titles, the parameters and the relationship kind in English for an English request', async () => {
    const res = await t.call('bm_b01', 'GET', '/api/relationships?status=current&kind=DEVELOP&format=xlsx', undefined, { 'accept-language': 'en' });
    const sheet = await firstSheet(res.rawPayload);
    expect(sheet.getCell('A1').value).toBe('Broker relationships');
    expect([sheet.getCell('A2').value, sheet.getCell('B2').value]).toEqual(['Parameters', 'Kind=Development; Status=Current; Month=2025-05']);
    expect((sheet.getRow(5).values as unknown[]).slice(1, 8)).toEqual(['Customer no.', 'Customer', 'Branch', 'Staff no.', 'Staff', 'Team', 'Kind']);
    expect((sheet.getRow(7).values as unknown[]).slice(1, 8)).toEqual(['C0002', '孙分成', '北京中关村营业部', 'S001', '张伟', '财富一组', 'Development']);
  });
});

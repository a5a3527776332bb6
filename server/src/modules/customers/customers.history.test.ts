/**
 * 历史客户 (GET /api/customers?view=history) and the Excel export of the filtered list
 * (GET /api/customers?format=xlsx), on the fixture brokerage plus three customers that left:
 *
 *   customer  branch  status  relationships                                   why it is history
 *   C0009     B02     NORMAL  S001 2023-03-03…2025-05-31; S201 from 2025-06-01  left S001 and team T11; moved B01 → B02
 *   C0010     B01     CLOSED  S001 2024-01-01…2025-05-20 (closed 2025-05-20)    closed; left S001
 *   C0011     B01     CLOSED  S002 from 2024-01-01, never ended (closed 06-01)  closed, though still S002's
 *
 * C0009's May 2025 monthly summary row is in branch B01: that is how B01 knows it was theirs.
 * Together with the fixtures' C0003 (S001 ended 2024-12-31), C0004 (S001 ended 2025-06-15),
 * C0005 (S001 starts tomorrow: never theirs yet) and C2002 (closed in B02).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app-harness.js';
import { insertBrokerage, insertLogins } from '../../../test/fixtures.js';

const LEAVERS = `
insert into customers (customer_no, name, customer_type, id_type, id_no, mobile, branch_code, open_date, close_date, status, risk_level, first_seen_on, updated_on) values
  ('C0009', '许九',   'P', '0', '110101197909099999', '13700009999', 'B02', '2023-03-03', null,         'NORMAL', 'C3', '2023-03-03', '2025-06-13'),
  ('C0010', '何十',   'P', '0', '110101198010101010', '13700001010', 'B01', '2024-01-01', '2025-05-20', 'CLOSED', 'C2', '2024-01-01', '2025-05-20'),
  ('C0011', '吕十一', 'O', '1', '91110108MA01XYZB',   '13700001111', 'B01', '2024-01-01', '2025-06-01', 'CLOSED', 'C3', '2024-01-01', '2025-06-01');
insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, source) values
  ('C0009', 'S001', 'DEVELOP', 1, '2023-03-03', '2023-03-03', '2025-05-31', 'test'),
  ('C0009', 'S201', 'DEVELOP', 1, '2025-06-01', '2025-06-01', null,         'test'),
  ('C0010', 'S001', 'DEVELOP', 1, '2024-01-01', '2024-01-01', '2025-05-20', 'test'),
  ('C0011', 'S002', 'DEVELOP', 1, '2024-01-01', '2024-01-01', null,         'test');
insert into sum_customer_monthly (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end,
                                  net_asset_end, cash_end, stock_value_end, volume, quantity, commission, fees, trade_count,
                                  bank_in, bank_out, product_sales) values
  ('2025-05-01', 'C0009', 'B01', 20, 0, '2025-05-30', 200000, 10000, 10000, 10000, 0, 0, 0, 0, 0, 0, 0, 0, 0);
`;

const t = useTestApp({
  seed: async (db) => {
    await insertBrokerage(db.pool);
    await db.pool.query(LEAVERS);
    await insertLogins(db.pool);
  },
  sessions: ['admin', 'hq_user', 'compliance', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1', 'broker2', 'broker3', 'service4', 'broker_left'],
});

type Item = { customerNo: string; inScope?: boolean; closeDate: string | null };

async function history(username: string, query = ''): Promise<Item[]> {
  const res = await t.call(username, 'GET', `/api/customers?view=history${query}`);
  expect(res.statusCode).toBe(200);
  const body = res.json() as { items: Item[]; total: number };
  expect(body.total).toBe(body.items.length);
  return body.items;
}

describe('GET /api/customers?view=history (历史客户) on 2025-06-16', () => {
  it.each([
    ['admin', ['C0010', 'C0011', 'C2002']], // ALL: the closed customers
    ['hq_user', ['C0010', 'C0011', 'C2002']],
    ['bm_b01', ['C0009', 'C0010', 'C0011']], // B01's closed ones, and C0009 moved to B02
    ['tl_t11', ['C0004', 'C0009', 'C0010', 'C0011']], // ended with S001 (C0004, C0009, C0010); closed though still S002's (C0011)
    ['tl_t21', []], // C0009 is now team T21's own current customer
    ['broker1', ['C0003', 'C0004', 'C0009', 'C0010']], // not C0005: S001's relationship starts tomorrow
    ['broker2', ['C0011']],
    ['broker3', []], // C0005 ends today: still current
    ['service4', []],
    ['broker_left', []], // fail closed: S099 has left
  ])('%s', async (username, expected) => {
    expect((await history(username)).map((c) => c.customerNo)).toEqual(expected);
  });

  it('says which rows are still in the current scope (only those open the 360° view)', async () => {
    expect((await history('bm_b01')).map((c) => [c.customerNo, c.inScope])).toEqual([
      ['C0009', false],
      ['C0010', true],
      ['C0011', true],
    ]);
    expect((await history('broker1')).every((c) => c.inScope === false)).toBe(true);
    expect((await t.call('broker1', 'GET', '/api/customers/C0009')).statusCode).toBe(404);
    expect((await t.call('broker2', 'GET', '/api/customers/C0011')).statusCode).toBe(200);
  });

  it('combines with the filters and pages', async () => {
    expect((await history('bm_b01', '&status=CLOSED')).map((c) => c.customerNo)).toEqual(['C0010', 'C0011']);
    expect((await history('tl_t11', '&q=C001')).map((c) => c.customerNo)).toEqual(['C0010', 'C0011']);
    const page = (await t.call('broker1', 'GET', '/api/customers?view=history&sort=-customerNo&page=2&pageSize=3')).json();
    expect(page).toMatchObject({ total: 4, items: [{ customerNo: 'C0003' }] });
  });

  it('leaves the current list as it was: no inScope field, closed customers still there while related', async () => {
    const current = (await t.call('broker2', 'GET', '/api/customers')).json() as { items: Item[] };
    expect(current.items.map((c) => c.customerNo)).toEqual(['C0002', 'C0003', 'C0011']);
    expect(current.items.some((c) => 'inScope' in c)).toBe(false);
  });
});

async function workbookOf(payload: Buffer): Promise<(string | number | null)[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: (string | number | null)[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    // row.values is sparse (1-based, holes for empty cells)
    rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === undefined ? null : (v as string | number))));
  });
  return rows;
}

async function exportRows(username: string): Promise<{ action: string; username: string; detail: unknown }[]> {
  const { rows } = await t.db.pool.query(`select action, username, detail from audit_log where action = 'customer.export' and username = $1 order by id`, [username]);
  return rows;
}

const HEADER = ['客户号', '客户名称', '客户类型', '营业部代码', '营业部', '开户日期', '销户日期', '状态', '风险等级', '手机号', '级别', '生命周期', '总资产(元)', '净资产(元)', '开发人员'];

describe('GET /api/customers?format=xlsx (Excel export of the filtered list)', () => {
  it('writes every row of a broker’s list with Chinese titles, masked mobiles, and audits it', async () => {
    const res = await t.call('broker1', 'GET', '/api/customers?format=xlsx&pageSize=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="customers_2025-06-16.xlsx"; filename*=UTF-8''${encodeURIComponent('客户列表_2025-06-16.xlsx')}`);
    const rows = await workbookOf(res.rawPayload);
    expect(rows[0]).toEqual(['客户列表']);
    expect(rows[1]).toEqual(['查询参数', '视图=当前; 排序=客户号升序']);
    expect(rows[2]![0]).toBe('查询时间');
    expect(rows[2]![1]).toBe('2025-06-16 10:00:00'); // FIXED_NOW 02:00Z in Asia/Shanghai
    expect(rows[4]).toEqual(HEADER);
    // pageSize=1 is ignored: the export is the whole filtered list
    expect(rows.slice(5)).toEqual([
      ['C0001', '钱多多', '个人', 'B01', '北京中关村营业部', '2024-01-10', null, '正常', 'C4 积极型', '138****5678', '玉满堂', '活跃', 1234567.13, 1200000.01, '张伟'],
      ['C0002', '孙分成', '个人', 'B01', '北京中关村营业部', '2025-03-01', null, '正常', 'C3 稳健型', '139****1111', '银满堂', '活跃', 50000.01, 50000.01, '张伟×0.6、李娜×0.4'],
    ]);
    expect(await exportRows('broker1')).toEqual([
      { action: 'customer.export', username: 'broker1', detail: { filters: { view: 'current', sort: 'customerNo' }, rows: 2, pii: false } },
    ]);
  });

  it('exports exactly the rows and order of the filtered JSON list', async () => {
    const query = 'minAsset=1&sort=-totalAsset';
    const json = (await t.call('hq_user', 'GET', `/api/customers?${query}`)).json() as { items: { customerNo: string; totalAsset: string }[] };
    expect(json.items.map((c) => [c.customerNo, c.totalAsset])).toEqual([['C0001', '1234567.13'], ['C0002', '50000.01'], ['C0004', '300.00']]);
    const rows = await workbookOf((await t.call('hq_user', 'GET', `/api/customers?${query}&format=xlsx`)).rawPayload);
    expect(rows[1]).toEqual(['查询参数', '视图=当前; 最低资产=1; 排序=总资产降序']);
    expect(rows.slice(5).map((r) => [r[0], r[12]])).toEqual([['C0001', 1234567.13], ['C0002', 50000.01], ['C0004', 300]]);
  });

  it('exports 历史客户 with PII unmasked for compliance and records that in the audit row', async () => {
    const res = await t.call('compliance', 'GET', '/api/customers?view=history&format=xlsx');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('历史客户_2025-06-16.xlsx')}`);
    const rows = await workbookOf(res.rawPayload);
    expect(rows[0]).toEqual(['历史客户']);
    expect(rows.slice(5).map((r) => [r[0], r[2], r[6], r[7], r[9]])).toEqual([
      ['C0010', '个人', '2025-05-20', '销户', '13700001010'],
      ['C0011', '机构', '2025-06-01', '销户', '13700001111'],
      ['C2002', '个人', '2025-04-30', '销户', '13600002002'],
    ]);
    expect(await exportRows('compliance')).toEqual([
      { action: 'customer.export', username: 'compliance', detail: { filters: { view: 'history', sort: 'customerNo' }, rows: 3, pii: true } },
    ]);
  });

  it('exports an empty list as the header only, and still audits it', async () => {
    const rows = await workbookOf((await t.call('broker_left', 'GET', '/api/customers?format=xlsx')).rawPayload);
    expect(rows.length).toBe(5);
    expect(await exportRows('broker_left')).toEqual([
      { action: 'customer.export', username: 'broker_left', detail: { filters: { view: 'current', sort: 'customerNo' }, rows: 0, pii: false } },
    ]);
  });

  it('writes titles, the parameter row and every coded cell by label in the request’s language, never the code', async () => {
    const url = '/api/customers?lifecycle=ACTIVE&status=NORMAL&format=xlsx';
    const en = await workbookOf((await t.call('broker1', 'GET', url, undefined, { 'accept-language': 'en-US,en;q=0.9' })).rawPayload);
    expect(en[0]).toEqual(['Customers']);
    expect(en[1]).toEqual(['Parameters', 'View=Current; Lifecycle=Active; Status=Normal; Sort=Customer no. ascending']);
    expect(en[2]![0]).toBe('Queried at');
    expect(en[4]).toEqual([
      'Customer no.', 'Name', 'Type', 'Branch code', 'Branch', 'Opened on', 'Closed on', 'Status', 'Risk level', 'Mobile', 'Tier', 'Lifecycle',
      'Total asset (CNY)', 'Net asset (CNY)', 'Developed by',
    ]);
    expect(en.slice(5)).toEqual([
      ['C0001', '钱多多', 'Individual', 'B01', '北京中关村营业部', '2024-01-10', null, 'Normal', 'C4 Growth', '138****5678', '玉满堂', 'Active', 1234567.13, 1200000.01, '张伟'],
      ['C0002', '孙分成', 'Individual', 'B01', '北京中关村营业部', '2025-03-01', null, 'Normal', 'C3 Balanced', '139****1111', '银满堂', 'Active', 50000.01, 50000.01, '张伟×0.6, 李娜×0.4'],
    ]);
    const zh = await workbookOf((await t.call('broker1', 'GET', url)).rawPayload);
    expect(zh[1]).toEqual(['查询参数', '视图=当前; 生命周期=活跃; 状态=正常; 排序=客户号升序']);
    const codes = ['ACTIVE', 'NORMAL', 'P', 'C4', 'C3', 'lifecycle', 'status'];
    for (const sheet of [en, zh]) expect(sheet.flat().filter((cell) => codes.includes(String(cell)))).toEqual([]);
  });
});

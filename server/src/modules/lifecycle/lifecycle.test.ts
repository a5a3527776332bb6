/**
 * 级别和分类 and the lifecycle lists against a real PostgreSQL, on the fixture brokerage at
 * FIXED_NOW = 2025-06-16T02:00:00Z (business date 2025-06-16; the last imported trading day is
 * 2025-06-13, the one before it in May 2025-05-30). On 2025-06-13: C0001 玉满堂 ACTIVE (net
 * 1,200,000.005), C0002 银满堂 set here to CHURN_RISK with a score of 0.73 (net 50,000.005), C0003
 * 银满堂 SLEEPING (net 0); every other customer has opened and has no row: CHURNED.
 * Scope today: broker1 (S001) C0001, C0002; broker2 (S002) C0002, C0003; bm_b01 the eight of B01.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { expectProblem } from '../../../test/problem.js';
import { downloadedSheet, rowValues } from '../../../test/xlsx.js';

const REASONS = [{ kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.85 }];

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`update sum_customer_daily set lifecycle = 'CHURN_RISK' where trade_date = '2025-06-13' and customer_no = 'C0002'`);
    await db.pool.query(`insert into churn_scores (customer_no, trade_date, score, reasons) values ('C0002', '2025-06-13', 0.73, $1)`, [JSON.stringify(REASONS)]);
    await db.pool.query(`insert into prospects (name, id_no, mobile, branch_code, appointment_date, staff_no, status, customer_no) values
      ('预约甲', '110101199909091234', '13512345678', 'B01', '2025-06-10', 'S001', 'PENDING', null),
      ('预约乙', '110101199808081234', '13587654321', 'B01', '2025-06-11', 'S001', 'APPROVED', null),
      ('已开户', '110101199707071234', '13500000000', 'B01', '2025-06-01', 'S001', 'MATCHED', 'C0002'),
      ('浦东丙', '310101199606061234', '13611112222', 'B02', '2025-06-12', 'S201', 'PENDING', null)`);
  },
  sessions: ['admin', 'bm_b01', 'broker1', 'broker2', 'compliance'],
});

const churned = (n: number) => ({ tier: null, lifecycle: 'CHURNED', customers: n, netAsset: '0.00' });

describe('GET /api/intelligence/classification', () => {
  it('counts customers and net assets per lifecycle and tier, on the last day and at each month end, in scope', async () => {
    const res = await t.call('admin', 'GET', '/api/intelligence/classification');
    expect(res.statusCode, res.body).toBe(200);
    // net assets rounded half up for display: 1,200,000.005 → 1,200,000.01; 50,000.005 → 50,000.01
    const june = [
      { tier: '玉满堂', lifecycle: 'ACTIVE', customers: 1, netAsset: '1200000.01' },
      { tier: '银满堂', lifecycle: 'SLEEPING', customers: 1, netAsset: '0.00' },
      { tier: '银满堂', lifecycle: 'CHURN_RISK', customers: 1, netAsset: '50000.01' },
      churned(7), // C0004–C0008, C2001, C2002
    ];
    expect(res.json()).toEqual({
      date: '2025-06-13', tiers: ['玉满堂', '金满堂', '银满堂'], cells: june,
      prospects: 3, // 预约甲, 预约乙, 浦东丙: the MATCHED one has opened
      // 2025-05-30, May's last imported day, has no customer row: all ten had opened, none is counted open
      trend: [{ month: '2025-05', date: '2025-05-30', cells: [churned(10)] }, { month: '2025-06', date: '2025-06-13', cells: june }],
    });
  });

  it('gives each role its own scope, and an earlier day on request', async () => {
    const cells = async (user: string, query = '') => (await t.call(user, 'GET', `/api/intelligence/classification${query}`)).json();
    expect((await cells('broker1')).cells).toEqual([
      { tier: '玉满堂', lifecycle: 'ACTIVE', customers: 1, netAsset: '1200000.01' },
      { tier: '银满堂', lifecycle: 'CHURN_RISK', customers: 1, netAsset: '50000.01' },
    ]);
    expect((await cells('broker1')).prospects).toBe(2);
    expect((await cells('bm_b01')).cells.map((c: { lifecycle: string; customers: number }) => [c.lifecycle, c.customers])).toEqual([
      ['ACTIVE', 1], ['SLEEPING', 1], ['CHURN_RISK', 1], ['CHURNED', 5],
    ]);
    // 2025-06-01 is no trading day: the last one on or before it, 2025-05-30
    expect(await cells('broker2', '?date=2025-06-01')).toMatchObject({ date: '2025-05-30', cells: [churned(2)], trend: [{ month: '2025-05' }] });
    const invalid = await t.call('admin', 'GET', '/api/intelligence/classification?date=2025-13-01');
    expect([invalid.statusCode, invalid.json().code, invalid.json().errors.map((e: { field: string }) => e.field)]).toEqual([422, 'VALIDATION_FAILED', ['date']]);
  });
});

describe('GET /api/intelligence/lifecycle-customers', () => {
  it('lists the churn-risk customers in scope with score, reasons and staff by name', async () => {
    const res = await t.call('broker1', 'GET', '/api/intelligence/lifecycle-customers?lifecycle=CHURN_RISK&sort=-churnScore');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      date: '2025-06-13', total: 1, tiers: ['玉满堂', '金满堂', '银满堂'],
      items: [{
        customerNo: 'C0002', name: '孙分成', branchCode: 'B01', branchName: '北京中关村营业部', tier: '银满堂', lifecycle: 'CHURN_RISK',
        totalAsset: '50000.01', netAsset: '50000.01', lastTradeDate: null,
        daysSinceTrade: 104, // never traded: from the open date 2025-03-01 to 2025-06-13 = 30 + 30 + 31 + 13
        openDate: '2025-03-01', closeDate: null, churnedOn: null, churnScore: '0.73', churnReasons: [{ code: 'OUTFLOW', text: '资金大额转出：近20日转出占净资产 85 %' }],
        staff: [{ staffNo: 'S001', name: '张伟', kind: 'DEVELOP' }, { staffNo: 'S002', name: '李娜', kind: 'DEVELOP' }], // weight 0.6 before 0.4
      }],
    });
  });

  it('lists the sleeping and the churned customers of each scope, filters and pages', async () => {
    const list = async (user: string, query: string) => (await t.call(user, 'GET', `/api/intelligence/lifecycle-customers?${query}`)).json();
    // C0003 opened 2023-06-01, never traded: 2023-06-01 → 2025-06-01 is 731 days (2024 has 29 February), + 12
    expect((await list('broker2', 'lifecycle=SLEEPING')).items.map((c: { customerNo: string; daysSinceTrade: number }) => [c.customerNo, c.daysSinceTrade]))
      .toEqual([['C0003', 743]]);
    expect((await list('broker1', 'lifecycle=SLEEPING')).total).toBe(0);
    const b01 = await list('bm_b01', 'lifecycle=CHURNED');
    expect(b01.items.map((c: { customerNo: string }) => c.customerNo)).toEqual(['C0004', 'C0005', 'C0006', 'C0007', 'C0008']); // all 0: by number
    // C0004: its last row (2025-06-12) has no trade; opened 2024-02-01: 366 days to 2025-02-01, + 120 to 2025-06-01, + 12
    expect(b01.items[0]).toMatchObject({ tier: null, lastTradeDate: null, daysSinceTrade: 498, staff: [{ staffNo: 'S003', name: '王强', kind: 'DEVELOP' }] });
    expect((await list('admin', 'lifecycle=CHURNED&q=C2002')).items).toEqual([expect.objectContaining({ customerNo: 'C2002', closeDate: '2025-04-30', branchName: '上海陆家嘴营业部' })]);
    expect((await list('broker2', 'lifecycle=CHURNED&q=C2002')).total).toBe(0); // out of scope
    expect((await list('admin', 'tier=银满堂')).items.map((c: { customerNo: string }) => c.customerNo)).toEqual(['C0002', 'C0003']); // net asset desc
    const page = await list('admin', 'lifecycle=CHURNED&pageSize=2&page=2');
    expect([page.total, page.items.map((c: { customerNo: string }) => c.customerNo)]).toEqual([7, ['C0006', 'C0007']]);
    expectProblem(await t.call('admin', 'GET', '/api/intelligence/lifecycle-customers?lifecycle=GONE'), {
      status: 422, code: 'VALIDATION_FAILED', title: '数据校验未通过', detail: '提交的数据有误，请检查各字段。', instance: '/api/intelligence/lifecycle-customers',
      errors: [{ field: 'lifecycle', message: '无效输入' }],
    });
  });

  it('exports the filtered list in scope as Excel, the lifecycle by its label, and audits the export', async () => {
    const res = await t.call('bm_b01', 'GET', '/api/intelligence/lifecycle-customers?lifecycle=CHURN_RISK&format=xlsx');
    const sheet = await downloadedSheet(res, 'churn-risk-customers_2025-06-16.xlsx', '潜在流失客户_2025-06-16.xlsx');
    expect(sheet.getCell('A1').value).toBe('潜在流失客户');
    const header = rowValues(sheet, sheet.rowCount - 1);
    expect(header.slice(0, 5)).toEqual(['客户号', '客户姓名', '营业部', '级别', '生命周期']);
    const row = rowValues(sheet, sheet.rowCount);
    expect(row.slice(0, 5)).toEqual(['C0002', '孙分成', '北京中关村营业部', '银满堂', '潜在流失']);
    expect(row.at(-1)).toBe('张伟、李娜');
    const { rows: audit } = await t.db.pool.query(`select username, entity_id, detail->>'rows' as rows from audit_log where action = 'report.export'`);
    expect(audit).toEqual([{ username: 'bm_b01', entity_id: 'lifecycle', rows: '1' }]);
  });
});

describe('the tier filter of the lifecycle lists (客户级别)', () => {
  const customers = (body: { items: { customerNo: string }[] }) => body.items.map((c) => c.customerNo);

  it('filters a lifecycle list by a configured tier in scope, and offers the configured tiers', async () => {
    const list = async (user: string, query: string) => (await t.call(user, 'GET', `/api/intelligence/lifecycle-customers?${query}`)).json();
    // 2025-06-13: C0002 银满堂 CHURN_RISK, C0003 银满堂 SLEEPING, C0001 玉满堂 ACTIVE
    expect(customers(await list('admin', 'lifecycle=CHURN_RISK&tier=银满堂'))).toEqual(['C0002']);
    expect(await list('admin', 'lifecycle=CHURN_RISK&tier=玉满堂')).toMatchObject({ total: 0, items: [], tiers: ['玉满堂', '金满堂', '银满堂'] });
    expect(customers(await list('admin', 'lifecycle=SLEEPING&tier=银满堂'))).toEqual(['C0003']);
    expect(customers(await list('broker1', 'lifecycle=SLEEPING&tier=银满堂'))).toEqual([]); // C0003 is broker2's
    // a churned customer has no tier (not open that day): a tier filter leaves none
    expect((await list('admin', 'lifecycle=CHURNED&tier=银满堂')).total).toBe(0);
    // an empty tier (the picker cleared) means no filter
    expect((await list('admin', 'lifecycle=CHURNED&tier=')).total).toBe(7);
    // the tiers follow the configuration (系统设置 → 客户级别)
    await t.db.pool.query(`update settings set value = '[{"name":"钻石","min":"5000000"},{"name":"玉满堂","min":"1000000"},{"name":"金满堂","min":"100000"},{"name":"银满堂","min":"0"}]' where key = 'tiers'`);
    try {
      expect((await list('broker1', 'lifecycle=SLEEPING')).tiers).toEqual(['钻石', '玉满堂', '金满堂', '银满堂']);
    } finally {
      await t.db.pool.query(`update settings set value = '[{"name":"玉满堂","min":"1000000"},{"name":"金满堂","min":"100000"},{"name":"银满堂","min":"0"}]' where key = 'tiers'`);
    }
  });

  it('exports only the filtered tier, naming it in the parameter row', async () => {
    const file = async (query: string) => downloadedSheet(
      await t.call('admin', 'GET', `/api/intelligence/lifecycle-customers?${query}&format=xlsx`), 'sleeping-customers_2025-06-16.xlsx', '睡眠客户_2025-06-16.xlsx');
    const silver = await file('lifecycle=SLEEPING&tier=银满堂');
    expect(String(rowValues(silver, 2)[1])).toContain('银满堂'); // the parameter row names the tier
    expect(rowValues(silver, silver.rowCount - 1).slice(0, 4)).toEqual(['客户号', '客户姓名', '营业部', '级别']);
    expect(rowValues(silver, silver.rowCount).slice(0, 4)).toEqual(['C0003', '周三', '北京中关村营业部', '银满堂']);
    const jade = await file('lifecycle=SLEEPING&tier=玉满堂');
    expect(rowValues(jade, jade.rowCount).slice(0, 1)).toEqual(['客户号']); // the header and no customer
  });
});

describe('GET /api/intelligence/prospects', () => {
  it('lists the appointments not yet opened of the caller’s staff scope, PII masked without the pii permission', async () => {
    const res = await t.call('broker1', 'GET', '/api/intelligence/prospects');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      total: 2,
      items: [
        { id: expect.any(String), name: '预约乙', idNo: '110101********1234', mobile: '135****4321', branchCode: 'B01', branchName: '北京中关村营业部',
          appointmentDate: '2025-06-11', staffNo: 'S001', staffName: '张伟', status: 'APPROVED' },
        expect.objectContaining({ name: '预约甲', mobile: '135****5678', status: 'PENDING' }),
      ],
    });
    expect((await t.call('broker2', 'GET', '/api/intelligence/prospects')).json().total).toBe(0);
    expect((await t.call('admin', 'GET', '/api/intelligence/prospects?status=PENDING')).json().items.map((p: { name: string }) => p.name)).toEqual(['浦东丙', '预约甲']);
  });

  it('shows the PII unmasked to compliance and audits the view', async () => {
    const items = (await t.call('compliance', 'GET', '/api/intelligence/prospects?q=丙')).json().items;
    expect(items).toEqual([expect.objectContaining({ name: '浦东丙', idNo: '310101199606061234', mobile: '13611112222' })]);
    const { rows } = await t.db.pool.query(`select username, detail from audit_log where action = 'appointment.view_pii' and username = 'compliance'`);
    expect(rows).toEqual([{ username: 'compliance', detail: { via: 'list', appointmentIds: [items[0].id] } }]);
  });
});

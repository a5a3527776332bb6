import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { ALL_CUSTOMERS } from '../../../test/fixtures.js';
import { expectProblem } from '../../../test/problem.js';

const t = useTestApp({
  seed: withBrokerage(),
  sessions: ['admin', 'hq_user', 'compliance', 'bm_b01', 'tl_t11', 'broker1', 'broker2', 'broker3', 'service4', 'broker_left'],
});

function get(username: string, url: string, headers: Record<string, string> = {}) {
  return t.call(username, 'GET', url, undefined, headers);
}

async function listed(username: string, query = ''): Promise<string[]> {
  const res = await get(username, `/api/customers${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().items.map((c: { customerNo: string }) => c.customerNo);
}

async function piiViews(username: string): Promise<{ entity_id: string | null; detail: { via: string; customerNos?: string[] } }[]> {
  const { rows } = await t.db.pool.query(`select entity_id, detail from audit_log where action = 'customer.view_pii' and username = $1 order by id`, [username]);
  return rows;
}

describe('GET /api/customers: scope per role on 2025-06-16', () => {
  it.each([
    ['admin', ALL_CUSTOMERS],
    ['hq_user', ALL_CUSTOMERS],
    ['compliance', ALL_CUSTOMERS],
    ['bm_b01', ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008']],
    ['tl_t11', ['C0001', 'C0002', 'C0003', 'C0006', 'C0008']],
    ['broker1', ['C0001', 'C0002']], // not C0004 (ended yesterday) nor C0005 (starts tomorrow)
    ['broker2', ['C0002', 'C0003']],
    ['broker3', ['C0004', 'C0005', 'C0006']],
    ['service4', ['C0006']],
    ['broker_left', []], // linked to a staff member who has left
  ])('%s', async (username, expected) => {
    const res = await get(username, '/api/customers');
    expect(res.json()).toEqual({ items: expect.any(Array), total: expected.length, totalExact: true, tiers: ['玉满堂', '金满堂', '银满堂'] });
    expect(await listed(username)).toEqual(expected);
  });

  it('answers with the configured tiers, highest bound first (the tier filter’s choices)', async () => {
    const tiers = [{ name: '钻石', min: '5000000' }, { name: '普通', min: '0' }, { name: '黄金', min: '500000' }];
    const before = (await t.db.pool.query(`select value from settings where key = 'tiers'`)).rows[0].value;
    await t.db.pool.query(`update settings set value = $1 where key = 'tiers'`, [JSON.stringify(tiers)]);
    try {
      expect((await get('broker1', '/api/customers')).json().tiers).toEqual(['钻石', '黄金', '普通']);
    } finally {
      await t.db.pool.query(`update settings set value = $1 where key = 'tiers'`, [JSON.stringify(before)]);
    }
  });

  it('needs a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/customers' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });
});

/** C0001 as both the list and the 360° profile show it to its broker (mobile masked). */
const C0001_SHOWN = {
  customerNo: 'C0001',
  name: '钱多多',
  customerType: 'P',
  branchCode: 'B01',
  branchName: '北京中关村营业部',
  openDate: '2024-01-10',
  closeDate: null,
  status: 'NORMAL',
  riskLevel: 'C4',
  mobile: '138****5678',
  tier: '玉满堂',
  lifecycle: 'ACTIVE',
};

describe('GET /api/customers: items', () => {
  it('shows the latest assets rounded half up, the developing staff and the classification', async () => {
    const res = await get('broker1', '/api/customers');
    expect(res.json().items).toEqual([
      { ...C0001_SHOWN, totalAsset: '1234567.13', netAsset: '1200000.01', developStaff: [{ staffNo: 'S001', name: '张伟', weight: '1' }] },
      {
        customerNo: 'C0002',
        name: '孙分成',
        customerType: 'P',
        branchCode: 'B01',
        branchName: '北京中关村营业部',
        openDate: '2025-03-01',
        closeDate: null,
        status: 'NORMAL',
        riskLevel: 'C3',
        mobile: '139****1111',
        totalAsset: '50000.01',
        netAsset: '50000.01',
        tier: '银满堂',
        lifecycle: 'ACTIVE',
        developStaff: [
          { staffNo: 'S001', name: '张伟', weight: '0.6' },
          { staffNo: 'S002', name: '李娜', weight: '0.4' },
        ],
      },
    ]);
    expect(await piiViews('broker1')).toEqual([]);
  });

  it('shows 0.00 without a daily row, and the latest row even when it is older', async () => {
    const items = (await get('broker3', '/api/customers')).json().items;
    expect(items.map((c: { customerNo: string; totalAsset: string }) => [c.customerNo, c.totalAsset])).toEqual([
      ['C0004', '300.00'],
      ['C0005', '0.00'],
      ['C0006', '0.00'],
    ]);
    expect(items[0].developStaff).toEqual([{ staffNo: 'S003', name: '王强', weight: '1' }]); // S001 ended yesterday
  });

  it('shows compliance the mobile unmasked and audits the view', async () => {
    const res = await get('compliance', '/api/customers?q=C000');
    expect(res.json().items[0]).toMatchObject({ customerNo: 'C0001', mobile: '13812345678' });
    expect((await piiViews('compliance')).at(-1)).toEqual({
      entity_id: null,
      detail: { via: 'list', customerNos: ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008'] },
    });
  });
});

describe('GET /api/customers: search and filters', () => {
  it.each([
    [{ q: 'C000' }, ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008']],
    [{ q: '钱多' }, ['C0001']],
    [{ q: '多' }, ['C0001']],
    [{ q: '13812345678' }, ['C0001']],
    [{ q: '110101199001011234' }, ['C0001']],
    [{ q: '1381234' }, []], // a mobile matches only in full
    [{ q: '%' }, []], // LIKE wildcards are literal
    [{ q: '_0001' }, []],
    [{ branch: 'B02' }, ['C2001', 'C2002']],
    [{ status: 'CLOSED' }, ['C2002']],
    [{ openFrom: '2025-01-01', openTo: '2025-03-01' }, ['C0002', 'C0005']],
    [{ tier: '玉满堂' }, ['C0001']],
    [{ lifecycle: 'SLEEPING' }, ['C0003']],
    // latest total assets as shown: C0001 1234567.13, C0002 50000.01 (50000.005 rounded), C0004 300.00, the rest 0.00
    [{ minAsset: '50000.01' }, ['C0001', 'C0002']], // the bound holds against the shown (rounded) figure
    [{ minAsset: '50000.02' }, ['C0001']],
    [{ minAsset: '1', maxAsset: '50000' }, ['C0004']],
    [{ maxAsset: '300' }, ['C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008', 'C2001', 'C2002']],
    [{ maxAsset: '0', status: 'CLOSED' }, ['C2002']],
    [{ q: '', branch: '', tier: '', lifecycle: '', openFrom: '', minAsset: '', maxAsset: '' }, ALL_CUSTOMERS], // empty filters are no filters
  ])('%j', async (filter, expected) => {
    expect(await listed('hq_user', `?${new URLSearchParams(filter)}`)).toEqual(expected);
  });

  it('never finds a customer outside the scope, not even by mobile or ID number', async () => {
    expect(await listed('broker1', '?q=13600002001')).toEqual([]);
    expect(await listed('broker1', '?q=310101198001012001')).toEqual([]);
    expect(await listed('broker1', '?q=13812345678')).toEqual(['C0001']);
  });

  it('finds by a mobile’s last four digits (手机尾号), only within the scope', async () => {
    expect(await listed('hq_user', '?q=5678')).toEqual(['C0001']); // 13812345678
    expect(await listed('hq_user', '?q=2001')).toEqual(['C2001']); // 13600002001
    expect(await listed('hq_user', '?q=678')).toEqual([]); // three digits are not a mobile's end
    expect(await listed('hq_user', '?q=45678')).toEqual([]); // nor five
    expect(await listed('broker1', '?q=5678')).toEqual(['C0001']);
    expect(await listed('broker1', '?q=1111')).toEqual(['C0002']); // 13900001111
    expect(await listed('broker1', '?q=2001')).toEqual([]); // B02's customer: outside the scope
    expect(await listed('broker1', '?q=3333')).toEqual([]); // C0003: broker1's relationship ended 2024-12-31
    expect(await listed('bm_b01', '?q=3333')).toEqual(['C0003']);
  });

  it('reads the last four digits through the expression index of migration 0015', async () => {
    const client = await t.db.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off'); // ten customers: without this a scan is cheaper
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain select customer_no from customers where right(mobile, 4) = '5678'`);
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('customers_mobile_last4_idx');
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('sorts and pages', async () => {
    const page = await get('hq_user', '/api/customers?sort=-totalAsset&page=1&pageSize=3');
    expect(page.json().total).toBe(10);
    expect(page.json().items.map((c: { customerNo: string }) => c.customerNo)).toEqual(['C0001', 'C0002', 'C0004']);
    expect(await listed('hq_user', '?sort=-customerNo&page=2&pageSize=4')).toEqual(['C0006', 'C0005', 'C0004', 'C0003']);
    expect(await listed('hq_user', '?sort=openDate&pageSize=2')).toEqual(['C2002', 'C0007']);
    expect(await listed('hq_user', '?page=3&pageSize=5')).toEqual([]);
    const filtered = await get('hq_user', '/api/customers?minAsset=300&sort=totalAsset&pageSize=2');
    expect(filtered.json().total).toBe(3);
    expect(filtered.json().items.map((c: { customerNo: string }) => c.customerNo)).toEqual(['C0004', 'C0002']);
  });

  it('answers a bad query with 422 naming each field', async () => {
    const res = await get('hq_user', '/api/customers?pageSize=0&openFrom=2025-13-01&sort=size&minAsset=1e5&maxAsset=-3&view=old&format=csv', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = res.json();
    expect(body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', title: 'Unprocessable content', detail: 'Some fields are invalid.' });
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'maxAsset', 'minAsset', 'openFrom', 'pageSize', 'sort', 'view']);
    expect(body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
  });
});

describe('GET /api/customers/:customerNo', () => {
  it('gives a broker the 360° view of its customer with PII masked and no audit row', async () => {
    const res = await get('broker1', '/api/customers/C0001');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.profile).toEqual({
      ...C0001_SHOWN,
      idType: '0',
      idNo: '110101********1234',
      gender: null,
      birthDate: null,
      email: 'q***@example.com',
      address: '北京市海淀区****',
      riskAssessedOn: null,
      investorClass: 'ORDINARY',
    });
    expect(await piiViews('broker1')).toEqual([]);
  });

  it('assembles accounts, the latest day, activity, relationships and the monthly trend', async () => {
    const view = (await get('hq_user', '/api/customers/C0001')).json();
    expect(view.accounts).toEqual([
      { fundAccount: 'F0001', accountKind: 'NORMAL', currency: 'CNY', openDate: '2024-01-10', closeDate: null, status: 'NORMAL', commissionRate: '0.000250' },
      { fundAccount: 'F0001H', accountKind: 'NORMAL', currency: 'HKD', openDate: '2024-03-01', closeDate: null, status: 'NORMAL', commissionRate: '0.000300' },
      { fundAccount: 'F0001C', accountKind: 'CREDIT', currency: 'CNY', openDate: '2024-06-01', closeDate: null, status: 'NORMAL', commissionRate: null },
    ]);
    expect(view.assets).toEqual({
      tradeDate: '2025-06-13',
      totalAsset: '1234567.13',
      netAsset: '1200000.01',
      debt: '34567.12',
      cash: '200000.50',
      stockValue: '900000.00',
      fundValue: '100000.00',
      bondValue: '30000.00',
      otherValue: '4566.63',
      productValue: '50000.00',
      accounts: [
        { fundAccount: 'F0001', currency: 'CNY', cash: '150000.50', stockValue: '900000.00', fundValue: '100000.00', bondValue: '30000.00', otherValue: '0.00', totalAsset: '1180000.50', debt: '0.00', totalAssetCny: '1180000.50' },
        { fundAccount: 'F0001H', currency: 'HKD', cash: '54347.83', stockValue: '0.00', fundValue: '0.00', bondValue: '0.00', otherValue: '0.00', totalAsset: '54347.83', debt: '0.00', totalAssetCny: '50000.00' },
      ],
    });
    expect(view.holdings).toEqual([
      { fundAccount: 'F0001', market: 'SH', securityCode: '600519', securityName: '贵州茅台', securityClass: 'STOCK', quantity: '500', costAmount: '800000.00', marketValue: '750000.00' },
      { fundAccount: 'F0001', market: 'SZ', securityCode: '000001', securityName: '平安银行', securityClass: 'STOCK', quantity: '10000', costAmount: '120000.00', marketValue: '150000.00' },
    ]);
    expect(view.productHoldings).toEqual([
      { fundAccount: 'F0001', productCode: 'P001', productName: '稳健理财1号', productType: 'ASSET_MGMT', riskLevel: 'R2', units: '48000', marketValue: '50000.00' },
    ]);
    // 302500 ÷ (100000 + 20000 + 1000) = 2.5
    expect(view.credit).toEqual({ tradeDate: '2025-06-13', financingDebt: '100000.00', lendingDebt: '20000.00', interestPayable: '1000.00', collateralValue: '302500.00', maintenanceRatio: '2.500000' });
    expect(view.recentTrades.map((t: { tradeNo: string }) => t.tradeNo)).toEqual(['T002', 'T001']);
    expect(view.recentTrades[0]).toEqual({
      tradeDate: '2025-06-13', tradeTime: '14:02:30', tradeNo: 'T002', orderNo: 'O002', fundAccount: 'F0001', market: 'SZ', securityCode: '000001',
      securityName: '平安银行', side: 'SELL', price: '15.0000', quantity: '1000', amount: '15000.00', commission: '5.00', stampDuty: '7.50',
      transferFee: '0.15', handlingFee: '0.51', regulatoryFee: '0.30', channel: 'APP',
    });
    expect(view.recentOrders.map((o: { orderNo: string; filledQuantity: string }) => [o.orderNo, o.filledQuantity])).toEqual([['O002', '1000'], ['O001', '100']]);
    expect(view.recentFlows).toEqual([{ tradeDate: '2025-06-12', flowTime: '09:30:00', flowNo: 'FL001', fundAccount: 'F0001', currency: 'CNY', flowType: 'BANK_IN', amount: '200000.00' }]);
    expect(view.relationships).toEqual([
      { id: expect.any(String), staffNo: 'S001', staffName: '张伟', kind: 'DEVELOP', weight: '1', assessmentSet: null, addedOn: '2024-01-10', effectiveFrom: '2024-01-10', confirmedOn: null, endedOn: null, guaranteedRate: null, effective: true },
    ]);
    expect(view.monthlyTrend).toEqual([
      { month: '2025-05', assetEnd: '1100000.00', volume: '300000.00', commission: '75.01' },
      { month: '2025-06', assetEnd: '1234567.13', volume: '165000.00', commission: '42.50' },
    ]);
    expect([view.contacts, view.labels, view.alerts]).toEqual([[], [], []]);
  });

  it('shows the latest contacts and alerts, newest first', async () => {
    const { rows: [broker] } = await t.db.pool.query<{ id: string }>(`select id::text as id from users where username = 'broker1'`);
    await t.db.pool.query(
      `insert into contacts (customer_no, channel, summary, at, staff_no, created_by, next_action, next_due_on) values
         ('C0001', 'PHONE', '电话回访', '2025-06-12T02:00:00Z', 'S001', $1, '寄送资料', '2025-06-20'),
         ('C0001', 'VISIT', '上门拜访', '2025-06-13T06:30:00Z', null, $1, null, null),
         ('C0002', 'SMS', '别的客户', '2025-06-13T07:00:00Z', 'S001', $1, null, null)`,
      [broker!.id],
    );
    await t.db.pool.query(
      `insert into alerts (customer_no, rule, trade_date, evidence, status) values
         ('C0001', 'LARGE_WITHDRAWAL', '2025-06-12', '{"amount":"600000"}', 'ACKNOWLEDGED'),
         ('C0001', 'FREQUENT_CANCEL', '2025-06-13', '{"orders":20,"cancelled":10}', 'NEW')`,
    );
    try {
      const view = (await get('broker1', '/api/customers/C0001')).json();
      expect(view.contacts).toEqual([
        { id: expect.any(String), at: '2025-06-13T06:30:00.000Z', channel: 'VISIT', summary: '上门拜访', staffNo: null, staffName: null, nextAction: null, nextDueOn: null, nextDone: false },
        { id: expect.any(String), at: '2025-06-12T02:00:00.000Z', channel: 'PHONE', summary: '电话回访', staffNo: 'S001', staffName: '张伟', nextAction: '寄送资料', nextDueOn: '2025-06-20', nextDone: false },
      ]);
      expect(view.alerts).toEqual([
        { id: expect.any(String), rule: 'FREQUENT_CANCEL', date: '2025-06-13', status: 'NEW', withdrawn: false, evidence: { orders: 20, cancelled: 10 } },
        { id: expect.any(String), rule: 'LARGE_WITHDRAWAL', date: '2025-06-12', status: 'ACKNOWLEDGED', withdrawn: false, evidence: { amount: '600000' } },
      ]);
    } finally {
      await t.db.pool.query(`delete from contacts`);
      await t.db.pool.query(`delete from alerts`);
    }
  });

  it('lists past relationships too, marking which hold today', async () => {
    const view = (await get('broker3', '/api/customers/C0004')).json();
    expect(view.relationships.map((r: { staffNo: string; endedOn: string | null; effective: boolean }) => [r.staffNo, r.endedOn, r.effective])).toEqual([
      ['S003', null, true],
      ['S001', '2025-06-15', false],
    ]);
    expect(view.assets).toMatchObject({ tradeDate: '2025-06-12', totalAsset: '300.00', accounts: [] });
    expect([view.holdings, view.credit, view.recentTrades]).toEqual([[], null, []]);
  });

  it('gives an empty view before the first imported day', async () => {
    // C0006 has no summary, account or monthly rows at all (broker2's C0003 has a 2025-06-13 row).
    const { rows } = await t.db.pool.query(`select count(*)::int as n from sum_customer_daily where customer_no = 'C0006'`);
    expect(rows).toEqual([{ n: 0 }]);
    const view = (await get('broker3', '/api/customers/C0006')).json();
    expect([view.assets, view.credit, view.monthlyTrend, view.accounts]).toEqual([null, null, [], []]);
  });

  it('answers another broker’s customer exactly like an unknown one: 404', async () => {
    const outOfScope = await get('broker1', '/api/customers/C0003');
    const unknown = await get('broker1', '/api/customers/C0003'.replace('C0003', 'C9999'));
    expect(outOfScope.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(outOfScope.json()).toEqual({ ...unknown.json(), instance: '/api/customers/C0003' });
    expectProblem(outOfScope, { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: '/api/customers/C0003' });
    const en = await get('broker1', '/api/customers/C0003', { 'accept-language': 'en' });
    expect(en.json()).toMatchObject({ title: 'Not found', detail: 'No such record.' });
  });

  it.each([
    ['broker1', 'C0004', 404], // ended yesterday
    ['broker1', 'C0005', 404], // starts tomorrow
    ['broker3', 'C0005', 200], // ends today
    ['service4', 'C0006', 200],
    ['tl_t11', 'C0008', 200],
    ['tl_t11', 'C0004', 404],
    ['bm_b01', 'C0007', 200],
    ['bm_b01', 'C2001', 404],
    ['broker_left', 'C0008', 404],
    ['hq_user', 'C2002', 200],
  ])('%s → %s: %i', async (username, customerNo, status) => {
    expect((await get(username, `/api/customers/${customerNo}`)).statusCode).toBe(status);
  });

  it('shows compliance the PII unmasked and writes an audit row', async () => {
    const res = await get('compliance', '/api/customers/C0001');
    expect(res.json().profile).toMatchObject({
      idNo: '110101199001011234',
      mobile: '13812345678',
      email: 'qian.duoduo@example.com',
      address: '北京市海淀区中关村大街1号',
    });
    const views = await piiViews('compliance');
    expect(views.at(-1)).toEqual({ entity_id: 'C0001', detail: { via: '360' } });
    const { rows } = await t.db.pool.query(`select ip, user_id is not null as has_user from audit_log where action = 'customer.view_pii' and entity_id = 'C0001'`);
    expect(rows).toEqual([{ ip: '127.0.0.1', has_user: true }]);
  });

  it('writes no audit row for an out-of-scope or unknown customer', async () => {
    const before = (await piiViews('admin')).length;
    expect((await get('admin', '/api/customers/C9999')).statusCode).toBe(404);
    expect((await piiViews('admin')).length).toBe(before);
  });
});

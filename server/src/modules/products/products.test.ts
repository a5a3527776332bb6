/**
 * 金融产品管理 against a real PostgreSQL, on the fixture brokerage at FIXED_NOW (business date
 * 2025-06-16, last imported day 2025-06-13). Product P001 (R2) is held and traded by:
 *
 *   customer  account  scope                     2025-06-13 holding            trades
 *   C0001     F0001    broker1, tl_t11, bm_b01    48000 units, 50000.00         06-12 SUBSCRIBE 50000.00 fee 500.00; 06-13 REDEEM 2000.00 fee 0.00
 *   C0002     F0002    broker1, broker2, …        1000.5 units, 1020.25         06-13 PURCHASE 1000.00 fee 15.00
 *   C2001     F2001    (branch B02)               3000 units, 3100.10           06-13 PURCHASE 3000.00 fee 30.00
 *
 * Worked out by hand: everyone → 52000.5 units, 54120.35; broker1 → 49000.5 units, 51020.25;
 * sales (SUBSCRIBE + PURCHASE) everyone 54000.00, redeemed 2000.00, fees 545.00; broker1 51000.00, 2000.00, 515.00.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { insertOtherBranchAccount } from '../../../test/fixtures.js';
import { downloadedSheet, rowValues } from '../../../test/xlsx.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await insertOtherBranchAccount(db.pool);
    await db.pool.query(`insert into products (product_code, name, product_type, risk_level, issuer, min_amount, updated_on) values
      ('PR3', '平衡配置', 'PUBLIC_FUND', 'R3', '某某基金', 1000, '2025-06-13'), ('PB1', '国债精选', 'BOND', 'R1', null, null, '2025-06-13')`);
    await db.pool.query(`insert into fact_product_holdings (trade_date, customer_no, fund_account, product_code, units, market_value) values
      ('2025-06-13', 'C0002', 'F0002', 'P001', 1000.5, 1020.25), ('2025-06-13', 'C2001', 'F2001', 'P001', 3000, 3100.10)`);
    await db.pool.query(`insert into fact_product_trades (trade_date, customer_no, txn_no, fund_account, product_code, txn_type, amount, fee, txn_time) values
      ('2025-06-12', 'C0001', 'PT1', 'F0001', 'P001', 'SUBSCRIBE', 50000, 500, '10:00:00'),
      ('2025-06-13', 'C0002', 'PT2', 'F0002', 'P001', 'PURCHASE', 1000, 15, '11:00:00'),
      ('2025-06-13', 'C2001', 'PT3', 'F2001', 'P001', 'PURCHASE', 3000, 30, '09:45:00'),
      ('2025-06-13', 'C0001', 'PT4', 'F0001', 'P001', 'REDEEM', 2000, 0, '14:00:00')`);
  },
  sessions: ['admin', 'hq_user', 'compliance', 'broker1', 'broker2', 'broker3'],
});

const get = async (username: string, url: string) => {
  const res = await t.call(username, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const codes = (list: { items: Array<{ productCode: string }> }) => list.items.map((p) => p.productCode);

describe('GET /api/products', () => {
  it('lists every product by code, with the extract’s and the marketing columns', async () => {
    const all = await get('broker1', '/api/products');
    expect(all.total).toBe(3);
    expect(codes(all)).toEqual(['P001', 'PB1', 'PR3']);
    expect(all.items[2]).toEqual({
      productCode: 'PR3', name: '平衡配置', productType: 'PUBLIC_FUND', riskLevel: 'R3', issuer: '某某基金', minAmount: '1000.00',
      salesStart: null, salesEnd: null, salesCommissionRate: '0.00000000', updatedOn: '2025-06-13',
    });
  });

  it.each([
    ['?riskLevel=R2', ['P001']],
    ['?type=BOND', ['PB1']],
    ['?q=平衡', ['PR3']],
    ['?q=P&riskLevel=', ['P001', 'PB1', 'PR3']],
    ['?q=PR', ['PR3']],
    ['?riskLevel=R5', []],
  ])('filters %s', async (query, expected) => {
    expect(codes(await get('broker1', `/api/products${query}`))).toEqual(expected);
  });

  it('422 for an unknown risk level or type', async () => {
    expect((await t.call('broker1', 'GET', '/api/products?riskLevel=R6')).statusCode).toBe(422);
    expect((await t.call('broker1', 'GET', '/api/products?type=STOCK')).statusCode).toBe(422);
  });

  it('exports the filtered list to Excel with coded cells as labels, audited', async () => {
    const res = await t.call('broker1', 'GET', '/api/products?riskLevel=R3&format=xlsx');
    const sheet = await downloadedSheet(res, 'products_2025-06-16.xlsx', '金融产品_2025-06-16.xlsx');
    expect(sheet.getCell('A1').value).toBe('金融产品');
    expect(rowValues(sheet, sheet.rowCount - 1).slice(0, 4)).toEqual(['产品代码', '产品名称', '产品类型', '风险等级']);
    expect(rowValues(sheet, sheet.rowCount).slice(0, 5)).toEqual(['PR3', '平衡配置', '公募基金', 'R3 中风险', '某某基金']);
    const { rows } = await t.db.pool.query(`select username, entity_id, detail->>'rows' as rows from audit_log where action = 'report.export'`);
    expect(rows).toEqual([{ username: 'broker1', entity_id: 'products', rows: '1' }]);
  });
});

describe('GET /api/products/{productCode}', () => {
  it('answers the product with its holders in the caller’s scope on the last imported day', async () => {
    expect(await get('broker1', '/api/products/P001')).toMatchObject({
      productCode: 'P001', name: '稳健理财1号', riskLevel: 'R2', description: null, targetDescription: null,
      marketingUpdatedAt: null, marketingUpdatedBy: null, holdings: { date: '2025-06-13', holders: 2, marketValue: '51020.25' },
    });
    expect((await get('admin', '/api/products/P001')).holdings).toEqual({ date: '2025-06-13', holders: 3, marketValue: '54120.35' });
    expect((await get('broker3', '/api/products/P001')).holdings).toEqual({ date: '2025-06-13', holders: 0, marketValue: '0' });
  });

  it('404 for an unknown product', async () => {
    expect((await t.call('broker1', 'GET', '/api/products/NOPE')).statusCode).toBe(404);
  });
});

describe('PUT /api/products/{productCode}', () => {
  const marketing = {
    description: '  稳健型资管计划，投资于高等级债券。 ', salesStart: '2025-06-01', salesEnd: '2025-06-30', salesCommissionRate: '0.005',
    targetDescription: '风险等级 C2 及以上、资产 10 万以上的客户',
  };

  it('HQ replaces the marketing data, audited with before and after', async () => {
    const res = await t.call('hq_user', 'PUT', '/api/products/PR3', marketing);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      description: '稳健型资管计划，投资于高等级债券。', salesStart: '2025-06-01', salesEnd: '2025-06-30', salesCommissionRate: '0.00500000',
      targetDescription: '风险等级 C2 及以上、资产 10 万以上的客户', marketingUpdatedAt: '2025-06-16T02:00:00.000Z', marketingUpdatedBy: 'hq_user',
    });
    const { rows } = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'product.update'`);
    expect(rows).toEqual([{
      username: 'hq_user', entity: 'product', entity_id: 'PR3',
      detail: {
        before: { description: null, salesStart: null, salesEnd: null, salesCommissionRate: '0.00000000', targetDescription: null },
        after: { ...marketing, description: '稳健型资管计划，投资于高等级债券。' },
      },
    }]);
    // the extract's next upsert keeps the CRM's own data
    await t.db.pool.query(`update products set name = '平衡配置A', updated_on = '2025-06-16' where product_code = 'PR3'`);
    expect(await get('broker1', '/api/products/PR3')).toMatchObject({ name: '平衡配置A', salesCommissionRate: '0.00500000', salesEnd: '2025-06-30' });
  });

  it('403 for a broker and compliance, 404 for an unknown product, 422 for a window ending before it starts or a rate above 1', async () => {
    expect((await t.call('broker1', 'PUT', '/api/products/PR3', marketing)).statusCode).toBe(403);
    expect((await t.call('compliance', 'PUT', '/api/products/PR3', marketing)).statusCode).toBe(403);
    expect((await t.call('admin', 'PUT', '/api/products/NOPE', marketing)).statusCode).toBe(404);
    const window = await t.call('admin', 'PUT', '/api/products/PR3', { ...marketing, salesEnd: '2025-05-31' });
    expect(window.statusCode).toBe(422);
    expect(window.json().errors.map((e: { field: string }) => e.field)).toEqual(['salesEnd']);
    expect((await t.call('admin', 'PUT', '/api/products/PR3', { ...marketing, salesCommissionRate: '1.5' })).statusCode).toBe(422);
  });
});

describe('holders and sales in the caller’s scope', () => {
  it('holders: largest first, with exact totals; a broker sees only the customers in scope', async () => {
    const all = await get('admin', '/api/products/P001/holders');
    expect(all).toMatchObject({ date: '2025-06-13', total: 3, totalUnits: '52000.5000', totalMarketValue: '54120.35' });
    expect(all.items.map((h: { customerNo: string; marketValue: string }) => [h.customerNo, h.marketValue])).toEqual([
      ['C0001', '50000.00'], ['C2001', '3100.10'], ['C0002', '1020.25'],
    ]);
    expect(all.items[0]).toEqual({ customerNo: 'C0001', name: '钱多多', branchName: '北京中关村营业部', fundAccount: 'F0001', currency: 'CNY', units: '48000.0000', marketValue: '50000.00' });
    expect(await get('broker1', '/api/products/P001/holders')).toMatchObject({ total: 2, totalUnits: '49000.5000', totalMarketValue: '51020.25' });
    expect(await get('broker2', '/api/products/P001/holders')).toMatchObject({ total: 1, totalUnits: '1000.5000', totalMarketValue: '1020.25' });
    expect(await get('broker3', '/api/products/P001/holders')).toEqual({ date: '2025-06-13', items: [], total: 0, totalUnits: '0', totalMarketValue: '0' });
    // on 2025-06-12 nobody held it
    expect((await get('admin', '/api/products/P001/holders?date=2025-06-12')).total).toBe(0);
    expect((await t.call('admin', 'GET', '/api/products/NOPE/holders')).statusCode).toBe(404);
  });

  it('sales: newest first, with exact totals of subscriptions and purchases, redemptions and fees', async () => {
    const all = await get('admin', '/api/products/P001/sales');
    expect(all.items.map((s: { txnNo: string }) => s.txnNo)).toEqual(['PT4', 'PT2', 'PT3', 'PT1']);
    expect(all).toMatchObject({ total: 4, totals: { subscribed: '54000.00', redeemed: '2000.00', fee: '545.00' } });
    expect(all.items[0]).toEqual({
      tradeDate: '2025-06-13', txnTime: '14:00:00', txnNo: 'PT4', customerNo: 'C0001', name: '钱多多', fundAccount: 'F0001', currency: 'CNY',
      txnType: 'REDEEM', amount: '2000.00', fee: '0.00',
    });
    expect(await get('broker1', '/api/products/P001/sales')).toMatchObject({ total: 3, totals: { subscribed: '51000.00', redeemed: '2000.00', fee: '515.00' } });
    const day = await get('broker1', '/api/products/P001/sales?from=2025-06-13&to=2025-06-13');
    expect(day).toMatchObject({ total: 2, totals: { subscribed: '1000.00', redeemed: '2000.00', fee: '15.00' } });
    expect(codesOfSales(await get('broker1', '/api/products/P001/sales?txnType=REDEEM'))).toEqual(['PT4']);
    expect(await get('broker3', '/api/products/P001/sales')).toEqual({ items: [], total: 0, totals: { subscribed: '0', redeemed: '0', fee: '0' } });
  });
});

function codesOfSales(list: { items: Array<{ txnNo: string }> }): string[] {
  return list.items.map((s) => s.txnNo);
}

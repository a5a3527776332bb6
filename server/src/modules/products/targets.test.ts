/**
 * 目标客户挖掘 against a real PostgreSQL, on the fixture brokerage at FIXED_NOW (business date
 * 2025-06-16, imported days 2025-05-30, 06-12, 06-13). Added here: assessments dated 2025-01-02 for
 * C0001 (C4), C0002 (C3), C0003 (C2), C2001 (C4); a 06-13 daily row for C2001 (net asset 80000); trades
 * on the days of C0001 (06-12 3 for 150000, 06-13 1 for 15000) and 60000 transferred in on 06-12; PR3 (PUBLIC_FUND R3, 某某基金) held by C0002 on 06-13;
 * C0001 bought PR3 on 06-12 and subscribed P001 (ASSET_MGMT R2) on 05-30, C2001 bought PR3 on 06-13.
 *
 * For PR3 on 06-13: C0001 (C4) MATCH; C0002 holds it; C0003 (C2) MISMATCH; C2001 (C4, branch B02) MATCH.
 * The stored model of PUBLIC_FUND × R3 is one tree on netAsset: ≥ 100000 → log-odds 1 (σ(1) = 0.731059),
 * else −1 (σ(−1) = 0.268941); C0001 (1200000.005) scores 0.731059, C2001 (80000) 0.268941.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { insertOtherBranchAccount } from '../../../test/fixtures.js';
import { downloadedSheet, rowValues } from '../../../test/xlsx.js';
import { familyVector, FEATURES, planCutoffs } from './targets.rules.js';
import * as sql from './targets.sql.js';
import { baseRows, productInfo } from './targets.train.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await insertOtherBranchAccount(db.pool);
    await db.pool.query(`update customers set risk_assessed_on = '2025-01-02' where customer_no in ('C0001', 'C0002', 'C0003', 'C2001')`);
    await db.pool.query(`update sum_customer_daily set trade_count = case when trade_date = '2025-06-12' then 3 else 1 end,
      volume = case when trade_date = '2025-06-12' then 150000 else 15000 end, bank_in = case when trade_date = '2025-06-12' then 60000 else 0 end
      where customer_no = 'C0001'`);
    await db.pool.query(`insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, cash_cny) values
      ('2025-06-13', 'C2001', 'B02', true, 80000, 80000, 8000)`);
    await db.pool.query(`insert into products (product_code, name, product_type, risk_level, issuer, min_amount, updated_on) values
      ('PR3', '平衡配置', 'PUBLIC_FUND', 'R3', '某某基金', 1000, '2025-06-13'), ('PB1', '国债精选', 'BOND', 'R1', null, null, '2025-06-13')`);
    await db.pool.query(`insert into fact_product_holdings (trade_date, customer_no, fund_account, product_code, units, market_value) values
      ('2025-06-13', 'C0002', 'F0002', 'PR3', 1000, 1000)`);
    await db.pool.query(`insert into fact_product_trades (trade_date, customer_no, txn_no, fund_account, product_code, txn_type, amount, fee, txn_time) values
      ('2025-06-12', 'C0001', 'TT1', 'F0001', 'PR3', 'PURCHASE', 10000, 100, '10:00:00'),
      ('2025-05-30', 'C0001', 'TT2', 'F0001', 'P001', 'SUBSCRIBE', 50000, 0, '10:00:00'),
      ('2025-06-13', 'C0001', 'TT3', 'F0001', 'P001', 'REDEEM', 2000, 0, '14:00:00'),
      ('2025-06-13', 'C2001', 'TT4', 'F2001', 'PR3', 'PURCHASE', 3000, 30, '09:45:00')`);
    const tree = { feature: FEATURES.indexOf('netAsset'), threshold: 100000, left: { p: -1, n: 1, pos: 0 }, right: { p: 1, n: 1, pos: 1 } };
    await db.pool.query(
      `insert into product_target_models (product_type, risk_level, level, trained_by, window_days, cutoff, train_cutoffs, metrics, features, model, importance)
       values ('PUBLIC_FUND', 'R3', 'FAMILY', 'test', 30, '2025-05-14', '{2025-04-14}', $1, $2, $3, $4)`,
      [
        JSON.stringify({ days: 3, examples: 100, buyers: 10, testExamples: 50, testBuyers: 5, baseRate: '0.100000', auc: '0.8000', hitRateTop10: '0.4000', liftTop10: '4.00', topK: 50, hitRateTopK: '0.1000', liftTopK: '1.00',
          // first-time buyers' population: 40 examples, 2 bought (0.05); its top 10 % (4) held 1 buyer: 0.25, lift 0.25 ÷ 0.05 = 5
          firstTimeExamples: 40, firstTimeBuyers: 2, firstTimeBaseRate: '0.050000', firstTimeAuc: '0.7500', firstTimeHitRateTop10: '0.2500', firstTimeLiftTop10: '5.00' }),
        [...FEATURES], JSON.stringify({ base: 0, rate: 1, trees: [tree] }), JSON.stringify([{ name: 'netAsset', importance: '1.0000' }]),
      ],
    );
  },
  sessions: ['admin', 'broker1', 'broker3', 'bm_b01'],
});

const get = async (username: string, url: string) => {
  const res = await t.call(username, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the features as of a day', () => {
  it('reads every feature of a customer from the imported data, as worked out by hand', async () => {
    const client = await t.db.pool.connect();
    try {
      const rows = await baseRows(client, '2025-06-13');
      const c0001 = rows.find((r) => r.customerNo === 'C0001')!;
      expect(c0001.match).toEqual(['MATCH', 'MATCH', 'MATCH', 'MATCH', 'MISMATCH']);
      expect(rows.find((r) => r.customerNo === 'C0003')!.match).toEqual(['MATCH', 'MATCH', 'MISMATCH', 'MISMATCH', 'MISMATCH']);
      // C0004's last daily row is 06-12: not open on 06-13
      expect(rows.map((r) => r.customerNo)).toEqual(['C0001', 'C0002', 'C0003', 'C2001']);
      const x = familyVector(c0001, { type: 'PUBLIC_FUND', risk: 'R3' }, await productInfo(client), '2025-06-13');
      const byName = Object.fromEntries(FEATURES.map((f, i) => [f, x[i]]));
      expect(byName).toEqual({
        riskCategory: 4, professional: 0, institution: 0, netAsset: 1200000.005,
        netAssetTrend60: 0, // no imported day on or before 04-14
        cashShare: 200000.5 / 1234567.125, productValue: 50000,
        sameTypeHeld: 0, sameRiskHeld: 0, maxRiskHeld: 2, // holds P001 (ASSET_MGMT R2)
        familyBought365: 1, typeBought365: 1, riskBought365: 1, issuerBought365: 1, anyBought365: 2, // PR3 on 06-12, P001 on 05-30 (the redemption is no purchase)
        daysSincePurchase: 1, daysSinceRiskPurchase: 1,
        tradeDays60: 2, volume60: 165000, tenureDays: 520, age: 0, margin: 1, // opened 2024-01-10; credit account F0001C
        tradeCount60: 4, // 3 trades on 06-12, 1 on 06-13
        stockShare: 900000 / 1234567.125,
        bankInShare30: expect.closeTo(60000 / 1200000.005, 12), daysSinceBankIn: 1, // 60000 transferred in on 06-12 (numeric division: the last bit may differ)
        redeemed365: 1, // P001 on 06-13
        daysSinceFamilyPurchase: 1, familyBuyMonths365: 1, // the family's own purchase: PR3 on 06-12, in June
      });
    } finally {
      client.release();
    }
  });

  it('splits the windows out of time: a purchase on the test cut-off labels training, the next day’s the test', async () => {
    // last 07-13 − 30 = 06-13 → C = 06-12; C − 30 = 05-13 → T1 = 05-12: training labels (T1, C], test labels (C, C + 30]
    const plan = planCutoffs(['2025-04-30', '2025-05-12', '2025-06-12', '2025-07-13'], 30, 1)!;
    expect(plan).toEqual({ test: '2025-06-12', testEnd: '2025-07-12', train: [{ cutoff: '2025-05-12', labelEnd: '2025-06-12' }] });
    const buyers = async (from: string, to: string) =>
      (await t.db.pool.query<{ customerNo: string; products: string[] }>(sql.WINDOW_BUYERS, [from, to])).rows;
    expect(await buyers(plan.train[0]!.cutoff, plan.train[0]!.labelEnd)).toEqual([{ customerNo: 'C0001', products: ['P001', 'PR3'] }]);
    expect(await buyers(plan.test, plan.testEnd)).toEqual([{ customerNo: 'C2001', products: ['PR3'] }]); // 06-13; C0001's REDEEM is no purchase
  });
});

describe('GET /api/products/{productCode}/targets', () => {
  it('ranks the MATCH customers in scope who do not hold it, with reasons and the model’s quality', async () => {
    const all = await get('admin', '/api/products/PR3/targets');
    expect(all.date).toBe('2025-06-13');
    expect(all.total).toBe(2);
    expect(all.items).toEqual([
      {
        rank: 1, customerNo: 'C0001', customerName: '钱多多', branchName: '北京中关村营业部', score: '0.731059',
        // netAsset first (the model's only important feature), then the list's order
        reasons: [
          { code: 'NET_ASSET', text: '净资产 120.0 万元' },
          { code: 'RISK_BOUGHT_RECENTLY', text: '近60日买入R3产品' },
          { code: 'TYPE_BOUGHT', text: '近一年买入公募基金 1 次' },
        ],
      },
      {
        rank: 2, customerNo: 'C2001', customerName: '卫东', branchName: '上海陆家嘴营业部', score: '0.268941',
        // bought PR3 on 06-13 itself (not held: no holding row)
        reasons: [{ code: 'RISK_BOUGHT_RECENTLY', text: '近60日买入R3产品' }, { code: 'TYPE_BOUGHT', text: '近一年买入公募基金 1 次' }],
      },
    ]);
    expect(all.model).toMatchObject({ productType: 'PUBLIC_FUND', riskLevel: 'R3', level: 'FAMILY', windowDays: 30, cutoff: '2025-05-14', hitRateTop10: '0.4000', baseRate: '0.100000', liftTop10: '4.00', noModelReason: null });
    expect(all.model).toMatchObject({
      firstTimeExamples: 40, firstTimeBuyers: 2, firstTimeBaseRate: '0.050000', firstTimeAuc: '0.7500', firstTimeHitRateTop10: '0.2500', firstTimeLiftTop10: '5.00',
    });
  });

  it('reads in the caller’s scope, in the caller’s language', async () => {
    expect((await get('broker1', '/api/products/PR3/targets')).items.map((i: { customerNo: string }) => i.customerNo)).toEqual(['C0001']);
    expect((await get('bm_b01', '/api/products/PR3/targets')).items.map((i: { customerNo: string }) => i.customerNo)).toEqual(['C0001']);
    expect((await get('broker3', '/api/products/PR3/targets')).items).toEqual([]);
    const res = await t.call('broker1', 'GET', '/api/products/PR3/targets', undefined, { 'accept-language': 'en-US' });
    expect(res.json().items[0].reasons[0]).toEqual({ code: 'NET_ASSET', text: 'Net asset CNY 1.20 m' });
  });

  it('takes at most `limit`, best first, and pages the list', async () => {
    const one = await get('admin', '/api/products/PR3/targets?limit=1');
    expect([one.total, one.items.map((i: { customerNo: string }) => i.customerNo)]).toEqual([1, ['C0001']]);
    const page2 = await get('admin', '/api/products/PR3/targets?page=2&pageSize=1');
    expect([page2.total, page2.items.map((i: { customerNo: string }) => i.customerNo)]).toEqual([2, ['C2001']]);
  });

  it('trains a family without a model on the first request, and says why it could not', async () => {
    const list = await get('admin', '/api/products/PB1/targets');
    expect(list.items).toEqual([]);
    expect(list.model).toMatchObject({ productType: 'BOND', riskLevel: 'R1', level: null, noModelReason: 'NO_HISTORY', firstTimeExamples: null, firstTimeLiftTop10: null });
    await get('admin', '/api/products/PB1/targets'); // the stored training answers; no second one
    const { rows } = await t.db.pool.query(`select trained_by, no_model_reason from product_target_models where product_type = 'BOND'`);
    expect(rows).toEqual([{ trained_by: 'auto', no_model_reason: 'NO_HISTORY' }]);
  });

  it('404 for an unknown product, 422 for a bad limit', async () => {
    expect((await t.call('admin', 'GET', '/api/products/NOPE/targets')).statusCode).toBe(404);
    const bad = await t.call('admin', 'GET', '/api/products/PR3/targets?limit=0');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('limit');
  });

  it('exports the list to Excel, audited', async () => {
    const res = await t.call('broker1', 'GET', '/api/products/PR3/targets?format=xlsx');
    const sheet = await downloadedSheet(res, 'targets-PR3_2025-06-16.xlsx', '目标客户_PR3_2025-06-16.xlsx');
    expect(sheet.getCell('A1').value).toBe('目标客户');
    expect(rowValues(sheet, sheet.rowCount - 1)).toEqual(['排名', '客户号', '客户姓名', '营业部', '购买倾向', '理由']);
    expect(rowValues(sheet, sheet.rowCount).slice(0, 4)).toEqual([1, 'C0001', '钱多多', '北京中关村营业部']);
    const { rows } = await t.db.pool.query(`select username, entity_id, detail->>'rows' as rows from audit_log where action = 'report.export'`);
    expect(rows).toEqual([{ username: 'broker1', entity_id: 'product-targets', rows: '1' }]);
  });
});

/**
 * The churn API (流失预警) against a real PostgreSQL, on the fixture brokerage at FIXED_NOW
 * (business date 2025-06-16). Scores of 2025-06-13 inserted by SQL (their computation is
 * churn.train.test.ts), threshold 0.5 (the default setting), model_id null (as the experience rules store them;
 * C0001's tree step shows how a model's path reads):
 *   C0001 0.8   HIGH    OUTFLOW fired at 85 %          broker1 (S001) sees it
 *   C0002 0.3   MEDIUM  (0.25 ≤ 0.3 < 0.5)             broker1 sees it (S001 DEVELOP 0.6)
 *   C0006 0.1   LOW                                    serving staff S004 (SERVICE)
 *   C2001 0.9   HIGH                                   branch B02: outside broker1's scope
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { downloadedSheet } from '../../../test/xlsx.js';

const OUTFLOW = JSON.stringify([{ kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.85 }, { kind: 'tree', feature: 'tradeDaysDrop', op: '>=', threshold: 0.5, value: 0.7 }]);

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`insert into churn_scores (customer_no, trade_date, score, reasons) values
      ('C0001', '2025-06-13', 0.8, $1), ('C0002', '2025-06-13', 0.3, '[]'), ('C0006', '2025-06-13', 0.1, '[]'), ('C2001', '2025-06-13', 0.9, '[]')`, [OUTFLOW]);
  },
  sessions: ['admin', 'broker1', 'service4'],
});

const customersOf = (res: { json(): unknown }) => (res.json() as { items: { customerNo: string }[] }).items.map((i) => i.customerNo);

describe('GET /api/churn/scores', () => {
  it('lists the scored customers in scope, highest first, with level, reasons in words and serving staff', async () => {
    const res = await t.call('broker1', 'GET', '/api/churn/scores');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      date: '2025-06-13', threshold: '0.5', total: 2,
      items: [
        {
          customerNo: 'C0001', customerName: '钱多多', branchCode: 'B01', branchName: '北京中关村营业部', date: '2025-06-13', score: '0.8', scorer: 'RULES', level: 'HIGH',
          reasons: [
            { code: 'OUTFLOW', text: '资金大额转出：近20日转出占净资产 85 %' },
            { code: 'tradeDaysDrop', text: '交易天数较前10日下降 70 %（≥ 50 %）' },
          ],
          lifecycle: 'ACTIVE', netAsset: '1200000.01', staffNo: 'S001', staffName: '张伟',
        },
        expect.objectContaining({ customerNo: 'C0002', score: '0.3', level: 'MEDIUM', reasons: [], lifecycle: 'ACTIVE', netAsset: '50000.01', staffNo: 'S001' }),
      ],
    });
  });

  it('answers in English when asked', async () => {
    const res = await t.call('broker1', 'GET', '/api/churn/scores?customerNo=C0001', undefined, { 'accept-language': 'en-US' });
    expect(res.json().items[0].reasons[0]).toEqual({ code: 'OUTFLOW', text: 'Large transfers out: Transfers out in 20 days, share of net asset 85 %' });
  });

  it('filters by level: HIGH from the threshold, MEDIUM from half of it', async () => {
    expect(customersOf(await t.call('admin', 'GET', '/api/churn/scores?level=HIGH'))).toEqual(['C2001', 'C0001']);
    expect(customersOf(await t.call('admin', 'GET', '/api/churn/scores?level=MEDIUM'))).toEqual(['C2001', 'C0001', 'C0002']);
    expect(customersOf(await t.call('admin', 'GET', '/api/churn/scores?minScore=0.1'))).toEqual(['C2001', 'C0001', 'C0002', 'C0006']);
    expect(customersOf(await t.call('service4', 'GET', '/api/churn/scores'))).toEqual(['C0006']);
    expect((await t.call('admin', 'GET', '/api/churn/scores?minScore=2')).statusCode).toBe(422);
  });

  it('exports the list in scope as Excel', async () => {
    const res = await t.call('broker1', 'GET', '/api/churn/scores?format=xlsx');
    const sheet = await downloadedSheet(res, 'churn-scores_2025-06-16.xlsx', '流失预警_2025-06-16.xlsx');
    expect((sheet.getRow(5).values as unknown[]).slice(1, 6)).toEqual(['客户号', '客户姓名', '营业部', '流失评分', '评分模型']);
    expect((sheet.getRow(6).values as unknown[]).slice(1, 6)).toEqual(['C0001', '钱多多', '北京中关村营业部', '0.8', '经验模型（规则）']);
    expect(sheet.rowCount).toBe(7); // title rows, header, C0001, C0002
  });
});

describe('GET /api/churn/customers/{customerNo}', () => {
  it('answers the score of a customer in scope, 404 outside it', async () => {
    const res = await t.call('broker1', 'GET', '/api/churn/customers/C0001');
    expect(res.json()).toMatchObject({ date: '2025-06-13', threshold: '0.5', score: { score: '0.8', level: 'HIGH' } });
    expect((await t.call('broker1', 'GET', '/api/churn/customers/C2001')).statusCode).toBe(404);
    expect((await t.call('broker1', 'GET', '/api/churn/customers/NOPE')).statusCode).toBe(404);
    expect((await t.call('admin', 'GET', '/api/churn/customers/C0003')).json()).toEqual({ date: '2025-06-13', threshold: '0.5', score: null });
    // a day scored by a trained model says so (model_id)
    await t.db.pool.query(`insert into churn_models (trained_by, horizon_days, features, tree, active) values ('test', 40, '{}', '{"p": 0.5, "n": 1, "pos": 0}', false)`);
    await t.db.pool.query(`update churn_scores set model_id = (select max(id) from churn_models) where customer_no = 'C0001'`);
    try {
      expect((await t.call('broker1', 'GET', '/api/churn/customers/C0001')).json()).toMatchObject({ score: { score: '0.8', scorer: 'MODEL' } });
    } finally {
      await t.db.pool.query(`update churn_scores set model_id = null; delete from churn_models`);
    }
  });
});

describe('GET /api/churn/model and POST /api/churn/train', () => {
  it('says why there is no model: never trained, then too short a history (3 trading days)', async () => {
    // never trained: the rules score (the latest scored day's rows carry no model); a training would need
    // 20 + 1 + 40 + 2 × 4 + 40 + 1 = 110 days, 3 are imported
    expect((await t.call('broker1', 'GET', '/api/churn/model')).json()).toMatchObject({
      trainedAt: null, auc: null, threshold: '0.5', horizonDays: 40, noModelReason: 'NOT_TRAINED', features: [], scoredDay: '2025-06-13',
      scorer: 'RULES', daysImported: 3, windowDays: 21, needDays: 110, historyDays: null, activeTrainedAt: null,
      rules: [
        { code: 'OUTFLOW', weight: '0.35', condition: '近20日转出占净资产 ≥ 30 %' },
        { code: 'ASSET_DROP', weight: '0.25', condition: '净资产较20日前 ≤ 70 %' },
        { code: 'ACTIVITY_DROP', weight: '0.20', condition: '交易天数较前10日下降 ≥ 50 %' },
        { code: 'NO_TRADE', weight: '0.10', condition: '距上次交易 ≥ 60 天' },
        { code: 'NO_CONTACT', weight: '0.10', condition: '距上次接触 ≥ 90 天' },
      ],
    });
    expect((await t.call('broker1', 'GET', '/api/churn/model', undefined, { 'accept-language': 'en-US' })).json().rules[4]).toEqual(
      { code: 'NO_CONTACT', weight: '0.10', condition: 'Since the last contact ≥ 90 days' },
    );
    expect((await t.call('broker1', 'POST', '/api/churn/train')).statusCode).toBe(403);
    const res = await t.call('admin', 'POST', '/api/churn/train');
    expect(res.statusCode, res.body).toBe(200);
    // 3 days: the last labelled cut-off would be 3 − 1 − 40 < 0; a training needs 110 (churn.rules.test.ts)
    expect(res.json()).toMatchObject({ noModelReason: 'NO_TEST_WINDOW', historyDays: 3, needDays: 110, auc: null, activeTrainedAt: null });
    const { rows } = await t.db.pool.query(`select username, entity, detail from audit_log where action = 'churn.train'`);
    expect(rows).toEqual([{ username: 'admin', entity: 'churn_model', detail: { noModelReason: 'NO_TEST_WINDOW', auc: '', scored: 0 } }]);
  });
});

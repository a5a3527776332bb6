/**
 * 融资融券 against a real PostgreSQL, on the fixture brokerage (FIXED_NOW 2025-06-16, latest imported
 * day 2025-06-13) plus trading days 2024-12-12, 2024-12-13, 2024-12-16 and the records below.
 *
 * Credit accounts on 2025-06-13 (debt = financing 90,000 + lending 9,000 + interest 1,000 = 100,000
 * unless said), lines 150 % / 130 % / 300 % (migration 0020's monitoring, 0030's margin):
 *   FMA3 129,999.99 → 1.2999999 → "1.299999" LIQUIDATION (below 130 %)
 *   FMA2 130,000.00 → exactly 130 %  → WARNING (not below the liquidation line)
 *   FMA1 149,999.99 → 1.4999999 → "1.499999" WARNING; on 2025-06-12 160,000.00 → 1.6 NORMAL
 *   FQ09C 150,000.00 → exactly 150 % → NORMAL (not below the warning line)
 *   F0001C (fixture) 302,500 ÷ (100,000 + 20,000 + 1,000) = 2.5 NORMAL
 *   FMA4 300,000.00 → exactly 300 % → NORMAL (not above the withdrawal line)
 *   FMA5 300,000.01 → 3.0000001 → "3.000000" WITHDRAWABLE
 *   FMA6 5,000.00, no debt → NO_DEBT, no ratio; FMA7 no credit.csv row → no figures, no state
 *   FQ10C closed 2025-06-12 → not listed on 2025-06-13
 * Totals: financing 100,000 + 6 × 90,000 = 640,000; lending 20,000 + 6 × 9,000 = 74,000; interest
 * 1,000 + 6 × 1,000 = 7,000; debt 121,000 + 6 × 100,000 = 721,000; collateral 302,500 + 150,000 +
 * 149,999.99 + 130,000 + 129,999.99 + 300,000 + 300,000.01 + 5,000 = 1,467,499.99.
 *
 * Qualified pool on 2025-06-13 (bounds: 20-day average ≥ 500,000; a trade on or before
 * 2025-06-13 − 6 months = 2024-12-13; C4+ assessed after 2023-06-13 or professional; NORMAL; no
 * open credit account). Q01–Q11 are ordinary C4 investors assessed 2024-01-01, NORMAL, with
 * net_asset_sum20 10,000,000 over days20 20 (average 500,000.00, exactly the bound) and a last trade
 * 2024-12-13 carried on 2024-12-13 (exactly 6 months), unless said:
 *   Q01 as above                                   → qualified
 *   Q02 sum 9,999,999.80 → 499,999.99              → AVG_ASSET
 *   Q03 no trade by 2024-12-13                     → TRADING_HISTORY
 *   Q04 C3                                         → RISK_LEVEL
 *   Q05 assessed 2023-06-13 (2 years to the day)   → RISK_LEVEL (expired)
 *   Q06 assessed 2023-06-14                        → qualified
 *   Q07 C1 PRO_B, never assessed, sum 20,000,000   → qualified (professional), average 1,000,000.00
 *   Q08 FROZEN                                     → STATUS
 *   Q09 credit account FQ09C open; sum 9,000,000 + debt 1,000,000 on 2024-12-13 (in the window) → only HAS_CREDIT_ACCOUNT
 *   Q10 credit account FQ10C closed 2025-06-12; the same sums → qualified (average 500,000.00 with the debt)
 *   Q11 C5 without an assessment date              → RISK_LEVEL
 * The fixture's customers have no 2024-12-13 figures: each fails TRADING_HISTORY at least.
 * Pool, highest average first: Q07, then Q01, Q06, Q10 (500,000.00 each, by number).
 * Scope: broker1 (S001) sees C0001, C0002 and Q01 (a DEVELOP relationship added here).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { expectProblem } from '../../../test/problem.js';
import { downloadedSheet } from '../../../test/xlsx.js';
import { deriveAlertsOf } from '../monitoring/monitoring.service.js';

const Q = ['Q01', 'Q02', 'Q03', 'Q04', 'Q05', 'Q06', 'Q07', 'Q08', 'Q09', 'Q10', 'Q11'];
const MA = ['MA1', 'MA2', 'MA3', 'MA4', 'MA5', 'MA6', 'MA7'];

/** Overrides of the pool customers' defaults. */
const POOL: Record<string, { risk?: string | null; assessed?: string | null; investor?: string; status?: string; sum20?: string; traded?: string | null; debt?: string }> = {
  Q02: { sum20: '9999999.80' },
  Q03: { traded: null },
  Q04: { risk: 'C3' },
  Q05: { assessed: '2023-06-13' },
  Q06: { assessed: '2023-06-14' },
  Q07: { risk: 'C1', assessed: null, investor: 'PRO_B', sum20: '20000000' },
  Q08: { status: 'FROZEN' },
  Q09: { sum20: '9000000', debt: '1000000' },
  Q10: { sum20: '9000000', debt: '1000000' },
  Q11: { risk: 'C5', assessed: null },
};

const credit = (account: string, customer: string, collateral: string, financing = '90000', lending = '9000', interest = '1000', day = '2025-06-13') =>
  `('${day}', '${customer}', '${account}', ${financing}, ${lending}, ${interest}, ${collateral})`;

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    const q = (text: string) => db.pool.query(text);
    for (const table of ['sum_customer_daily', 'fact_credit']) await db.pool.query('select crm_ensure_partition($1, $2)', [table, '2024-12-01']);
    await q(`insert into trading_days (trade_date, usd_rate, hkd_rate, run_id) values ('2024-12-12', 7.2, 0.92, 1), ('2024-12-13', 7.2, 0.92, 1), ('2024-12-16', 7.2, 0.92, 1)`);
    const customers = [...Q, ...MA].map((no, i) => {
      const p = POOL[no] ?? {};
      const risk = p.risk === undefined ? 'C4' : p.risk;
      const assessed = p.assessed === undefined ? '2024-01-01' : p.assessed;
      const lit = (v: string | null) => (v === null ? 'null' : `'${v}'`);
      return `('${no}', '客户${no}', 'P', '0', '11010119900101${String(1000 + i)}', 'B01', '2020-01-01', '${p.status ?? 'NORMAL'}', ${lit(risk)}, ${lit(assessed)}, '${p.investor ?? 'ORDINARY'}', '2020-01-01', '2025-06-13')`;
    });
    await q(`insert into customers (customer_no, name, customer_type, id_type, id_no, branch_code, open_date, status, risk_level, risk_assessed_on, investor_class, first_seen_on, updated_on)
             values ${customers.join(', ')}`);
    await q(`insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, source) values ('Q01', 'S001', 'DEVELOP', 1, '2020-01-01', '2020-01-01', null, 'test')`);
    await q(`insert into fund_accounts (fund_account, customer_no, account_kind, currency, open_date, close_date, status, commission_rate, updated_on) values
      ${MA.map((no) => `('F${no}', '${no}', 'CREDIT', 'CNY', '2024-01-02', null, 'NORMAL', null, '2025-06-13')`).join(', ')},
      ('FQ09C', 'Q09', 'CREDIT', 'CNY', '2025-01-02', null, 'NORMAL', null, '2025-06-13'),
      ('FQ10C', 'Q10', 'CREDIT', 'CNY', '2024-01-02', '2025-06-12', 'CLOSED', null, '2025-06-13')`);
    await q(`insert into fact_credit (trade_date, customer_no, fund_account, financing_debt, lending_debt, interest_payable, collateral_value) values
      ${credit('FMA1', 'MA1', '149999.99')}, ${credit('FMA1', 'MA1', '160000', '90000', '9000', '1000', '2025-06-12')},
      ${credit('FMA2', 'MA2', '130000')}, ${credit('FMA3', 'MA3', '129999.99')}, ${credit('FMA4', 'MA4', '300000')},
      ${credit('FMA5', 'MA5', '300000.01')}, ${credit('FMA6', 'MA6', '5000', '0', '0', '0')}, ${credit('FQ09C', 'Q09', '150000')},
      ${credit('FQ10C', 'Q10', '400000', '90000', '9000', '1000', '2025-06-12')}`);
    const rows = Q.flatMap((no) => {
      const p = POOL[no] ?? {};
      const traded = p.traded === undefined ? `'2024-12-13'` : 'null';
      return [
        `('2025-06-13', '${no}', 'B01', true, ${p.sum20 ?? '10000000'}, 20, 0, '2024-12-13')`,
        `('2024-12-13', '${no}', 'B01', true, 0, 1, ${p.debt ?? 0}, ${traded})`,
      ];
    });
    await q(`insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, net_asset_sum20, days20, debt, last_trade_date) values ${rows.join(', ')}`);
  },
  sessions: ['admin', 'broker1'],
});

const setSetting = (key: string, path: string, value: string) =>
  t.db.pool.query(`update settings set value = jsonb_set(value, $2::text[], $3::jsonb) where key = $1`, [key, `{${path}}`, value]);

describe('GET /api/margin/accounts', () => {
  it('lists the credit accounts of the latest day, lowest ratio first, with exact figures and states at the boundaries', async () => {
    const res = await t.call('admin', 'GET', '/api/margin/accounts?pageSize=50');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect([body.date, body.total, body.lines]).toEqual(['2025-06-13', 9, { warning: '150', liquidation: '130', withdrawable: '300' }]);
    expect(body.items.map((a: { fundAccount: string; maintenanceRatio: string | null; state: string | null }) => [a.fundAccount, a.maintenanceRatio, a.state])).toEqual([
      ['FMA3', '1.299999', 'LIQUIDATION'],
      ['FMA2', '1.300000', 'WARNING'],
      ['FMA1', '1.499999', 'WARNING'],
      ['FQ09C', '1.500000', 'NORMAL'],
      ['F0001C', '2.500000', 'NORMAL'],
      ['FMA4', '3.000000', 'NORMAL'],
      ['FMA5', '3.000000', 'WITHDRAWABLE'],
      ['FMA6', null, 'NO_DEBT'],
      ['FMA7', null, null],
    ]);
    expect(body.items[4]).toEqual({
      fundAccount: 'F0001C', customerNo: 'C0001', customerName: '钱多多', branchCode: 'B01', branchName: '北京中关村营业部', openDate: '2024-06-01', closeDate: null,
      status: 'NORMAL', date: '2025-06-13', financingDebt: '100000.00', lendingDebt: '20000.00', interestPayable: '1000.00', debt: '121000.00',
      collateralValue: '302500.00', maintenanceRatio: '2.500000', state: 'NORMAL',
    });
    expect(body.items[8]).toMatchObject({ fundAccount: 'FMA7', financingDebt: null, debt: null, collateralValue: null });
  });

  it('filters by state and customer, pages, and keeps to the caller’s scope', async () => {
    const warning = (await t.call('admin', 'GET', '/api/margin/accounts?marginState=WARNING')).json();
    expect(warning.items.map((a: { fundAccount: string }) => a.fundAccount)).toEqual(['FMA2', 'FMA1']);
    expect(warning.total).toBe(2);
    const page = (await t.call('admin', 'GET', '/api/margin/accounts?pageSize=2&page=2')).json();
    expect([page.total, page.items.map((a: { fundAccount: string }) => a.fundAccount)]).toEqual([9, ['FMA1', 'FQ09C']]);
    expect((await t.call('admin', 'GET', '/api/margin/accounts?customerNo=Q09')).json().items.map((a: { fundAccount: string }) => a.fundAccount)).toEqual(['FQ09C']);
    const broker = (await t.call('broker1', 'GET', '/api/margin/accounts')).json();
    expect([broker.total, broker.items.map((a: { fundAccount: string }) => a.fundAccount)]).toEqual([1, ['F0001C']]);
    expect((await t.call('admin', 'GET', '/api/margin/accounts?date=2025-02-30')).statusCode).toBe(422);
    expect((await t.call('admin', 'GET', '/api/margin/accounts?marginState=NOPE')).statusCode).toBe(422);
    expect((await t.call('admin', 'GET', '/api/margin/qualified-pool/Q01?date=3000-01-01')).statusCode).toBe(422);
  });

  it('shows an earlier day: the account closed since is listed with that day’s figures', async () => {
    const body = (await t.call('admin', 'GET', '/api/margin/accounts?date=2025-06-12&pageSize=50')).json();
    expect(body.date).toBe('2025-06-12');
    const shown = body.items.filter((a: { state: string | null }) => a.state !== null);
    // FQ10C 400,000 ÷ 100,000 = 4 (above 300 %); FMA1 160,000 ÷ 100,000 = 1.6
    expect(shown.map((a: { fundAccount: string; maintenanceRatio: string; state: string }) => [a.fundAccount, a.maintenanceRatio, a.state])).toEqual([
      ['FMA1', '1.600000', 'NORMAL'], ['FQ10C', '4.000000', 'WITHDRAWABLE'],
    ]);
    // FQ09C opened 2025-01-02 and is listed without figures; F0001C too (its only row is 2025-06-13)
    expect(body.total).toBe(10);
  });

  it('reads the configured lines: the monitoring setting’s warning and liquidation lines and the margin setting’s withdrawal line', async () => {
    await setSetting('monitoring', 'marginWarningPercent', '"140"');
    await setSetting('margin', 'withdrawablePercent', '"250"');
    try {
      const body = (await t.call('admin', 'GET', '/api/margin/accounts?pageSize=50')).json();
      expect(body.lines).toEqual({ warning: '140', liquidation: '130', withdrawable: '250' });
      const state = Object.fromEntries(body.items.map((a: { fundAccount: string; state: string }) => [a.fundAccount, a.state]));
      // 149.99 % no longer below 140 %; exactly 250 % is not above 250 %; 300 % is
      expect([state.FMA1, state.FMA2, state.F0001C, state.FMA4]).toEqual(['NORMAL', 'WARNING', 'NORMAL', 'WITHDRAWABLE']);
    } finally {
      await setSetting('monitoring', 'marginWarningPercent', '"150"');
      await setSetting('margin', 'withdrawablePercent', '"300"');
    }
  });

  // 系统设置's 融资融券 card PUTs the monitoring setting with new lines (warning 140, liquidation 131): the states
  // follow at once, and the margin alerts derived afterwards fire on the new lines. Customers sum their credit
  // accounts (one each here): MA3 129,999.99 and MA2 130,000.00 are below 131 % → LIQUIDATION; MA1 149,999.99 is
  // no longer below 140 % → no alert (before: MA1 and MA2 WARNING, MA3 LIQUIDATION); FQ09C exactly 150 % none.
  it('follows the lines saved through the settings API: the account states at once, the margin alerts when derived', async () => {
    const monitoring = { largeWithdrawalPercent: '50', largeWithdrawalMin: '500000', quickInOutPercent: '90', quickInOutDays: 3, cancelMinOrders: 20, cancelPercent: '50' };
    const put = (warning: string, liquidation: string) =>
      t.call('admin', 'PUT', '/api/admin/settings/monitoring', { ...monitoring, marginWarningPercent: warning, marginLiquidationPercent: liquidation });
    const marginAlerts = async () => {
      const client = await t.db.pool.connect();
      try {
        await deriveAlertsOf(client, ['2025-06-13']);
      } finally {
        client.release();
      }
      const { rows } = await t.db.pool.query(`select customer_no, rule from alerts where trade_date = '2025-06-13' and rule like 'MARGIN%' and not withdrawn order by customer_no`);
      return rows.map((r) => [r.customer_no, r.rule]);
    };
    const states = async () => {
      const body = (await t.call('admin', 'GET', '/api/margin/accounts?pageSize=50')).json();
      return [body.lines, Object.fromEntries(body.items.map((a: { fundAccount: string; state: string }) => [a.fundAccount, a.state]))];
    };
    expect(await marginAlerts()).toEqual([['MA1', 'MARGIN_WARNING'], ['MA2', 'MARGIN_WARNING'], ['MA3', 'MARGIN_LIQUIDATION']]);

    // liquidation not below warning: refused, naming the field, nothing saved
    for (const [warning, liquidation] of [['140', '140'], ['140', '140.0001']] as const) {
      const refused = await put(warning, liquidation);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors).toEqual([{ field: 'monitoring.marginLiquidationPercent', message: '平仓线必须低于预警线 / must be below the warning line' }]);
    }
    expect((await states())[0]).toEqual({ warning: '150', liquidation: '130', withdrawable: '300' });

    expect((await put('140', '131')).statusCode).toBe(200);
    try {
      const [lines, state] = await states();
      expect(lines).toEqual({ warning: '140', liquidation: '131', withdrawable: '300' });
      expect([state.FMA3, state.FMA2, state.FMA1, state.FQ09C]).toEqual(['LIQUIDATION', 'LIQUIDATION', 'NORMAL', 'NORMAL']);
      expect(await marginAlerts()).toEqual([['MA2', 'MARGIN_LIQUIDATION'], ['MA3', 'MARGIN_LIQUIDATION']]);
    } finally {
      expect((await put('150', '130')).statusCode).toBe(200);
    }
    expect(await marginAlerts()).toEqual([['MA1', 'MARGIN_WARNING'], ['MA2', 'MARGIN_WARNING'], ['MA3', 'MARGIN_LIQUIDATION']]);
  });

  it('exports the filtered accounts in scope as Excel with exact totals, audited', async () => {
    const res = await t.call('admin', 'GET', '/api/margin/accounts?format=xlsx');
    const sheet = await downloadedSheet(res, 'margin-accounts_2025-06-16.xlsx', '信用账户_2025-06-16.xlsx');
    expect(sheet.getCell('A1').value).toBe('信用账户');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual(['信用资金账号', '客户号', '客户姓名', '营业部', '融资负债', '融券负债', '应付利息', '负债合计', '担保物市值', '维持担保比例', '状态', '日期']);
    expect((sheet.getRow(6).values as unknown[]).slice(1, 12)).toEqual(['FMA3', 'MA3', '客户MA3', '北京中关村营业部', 90000, 9000, 1000, 100000, 129999.99, 1.299999, '低于平仓线']);
    expect((sheet.getRow(14).values as unknown[]).slice(1, 12)).toEqual(['FMA7', 'MA7', '客户MA7', '北京中关村营业部', undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect((sheet.getRow(15).values as unknown[]).slice(1, 10)).toEqual(['合计', undefined, undefined, undefined, 640000, 74000, 7000, 721000, 1467499.99]);
    const { rows: audit } = await t.db.pool.query(`select username, entity_id, detail from audit_log where action = 'report.export'`);
    expect(audit).toEqual([{ username: 'admin', entity_id: 'margin-accounts', detail: { id: 'margin-accounts', parameters: { date: '2025-06-13' }, rows: 9 } }]);
  });
});

describe('GET /api/margin/accounts/{fundAccount} and /api/margin/customers/{customerNo}', () => {
  it('gives one account with its daily history, oldest first', async () => {
    const res = await t.call('admin', 'GET', '/api/margin/accounts/FMA1');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.account).toMatchObject({ fundAccount: 'FMA1', customerNo: 'MA1', date: '2025-06-13', maintenanceRatio: '1.499999', state: 'WARNING' });
    expect(body.history).toEqual([
      { date: '2025-06-12', financingDebt: '90000.00', lendingDebt: '9000.00', interestPayable: '1000.00', debt: '100000.00', collateralValue: '160000.00', maintenanceRatio: '1.600000', state: 'NORMAL' },
      { date: '2025-06-13', financingDebt: '90000.00', lendingDebt: '9000.00', interestPayable: '1000.00', debt: '100000.00', collateralValue: '149999.99', maintenanceRatio: '1.499999', state: 'WARNING' },
    ]);
  });

  it('answers 404 for an account out of scope exactly like an unknown one, and for an ordinary account', async () => {
    const unknown = await t.call('broker1', 'GET', '/api/margin/accounts/NOPE');
    expectProblem(unknown, { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: '/api/margin/accounts/NOPE' });
    expect((await t.call('broker1', 'GET', '/api/margin/accounts/FMA1')).json()).toEqual({ ...unknown.json(), instance: '/api/margin/accounts/FMA1' });
    expect((await t.call('admin', 'GET', '/api/margin/accounts/F0001')).statusCode).toBe(404);
    expect((await t.call('broker1', 'GET', '/api/margin/accounts/F0001C')).statusCode).toBe(200);
  });

  it('gives the customer’s credit accounts with their histories for the 360° view; 404 out of scope', async () => {
    const body = (await t.call('broker1', 'GET', '/api/margin/customers/C0001')).json();
    expect(body.lines).toEqual({ warning: '150', liquidation: '130', withdrawable: '300' });
    expect(body.accounts).toHaveLength(1);
    expect(body.accounts[0].account).toMatchObject({ fundAccount: 'F0001C', maintenanceRatio: '2.500000', state: 'NORMAL' });
    expect(body.accounts[0].history.map((h: { date: string; maintenanceRatio: string }) => [h.date, h.maintenanceRatio])).toEqual([['2025-06-13', '2.500000']]);
    expect((await t.call('broker1', 'GET', '/api/margin/customers/C0002')).json().accounts).toEqual([]);
    expect((await t.call('broker1', 'GET', '/api/margin/customers/MA1')).statusCode).toBe(404);
  });
});

describe('the qualified customer pool', () => {
  const check = async (customerNo: string, user = 'admin') => {
    const res = await t.call(user, 'GET', `/api/margin/qualified-pool/${customerNo}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('lists the customers who meet every condition, highest average first', async () => {
    const res = await t.call('admin', 'GET', '/api/margin/qualified-pool');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect([body.date, body.total, body.tradedBy, body.historyTooShort]).toEqual(['2025-06-13', 4, '2024-12-13', false]);
    expect(body.items.map((c: { customerNo: string; avgAsset: string }) => [c.customerNo, c.avgAsset])).toEqual([
      ['Q07', '1000000.00'], ['Q01', '500000.00'], ['Q06', '500000.00'], ['Q10', '500000.00'],
    ]);
    expect(body.items[0]).toEqual({
      customerNo: 'Q07', customerName: '客户Q07', branchCode: 'B01', branchName: '北京中关村营业部', status: 'NORMAL', riskLevel: 'C1', riskAssessedOn: null,
      investorClass: 'PRO_B', avgAsset: '1000000.00',
    });
    const page = (await t.call('admin', 'GET', '/api/margin/qualified-pool?pageSize=2&page=2')).json();
    expect([page.total, page.items.map((c: { customerNo: string }) => c.customerNo)]).toEqual([4, ['Q06', 'Q10']]);
    const past = (await t.call('admin', 'GET', '/api/margin/qualified-pool?pageSize=2&page=3')).json();
    expect([past.total, past.items]).toEqual([4, []]);
  });

  it.each([
    ['Q01', [], '500000.00'],
    ['Q02', ['AVG_ASSET'], '499999.99'],
    ['Q03', ['TRADING_HISTORY'], '500000.00'],
    ['Q04', ['RISK_LEVEL'], '500000.00'],
    ['Q05', ['RISK_LEVEL'], '500000.00'],
    ['Q06', [], '500000.00'],
    ['Q07', [], '1000000.00'],
    ['Q08', ['STATUS'], '500000.00'],
    ['Q09', ['HAS_CREDIT_ACCOUNT'], '500000.00'],
    ['Q10', [], '500000.00'],
    ['Q11', ['RISK_LEVEL'], '500000.00'],
    ['C2002', ['AVG_ASSET', 'TRADING_HISTORY', 'RISK_LEVEL', 'STATUS'], null],
    ['C0001', ['TRADING_HISTORY', 'RISK_LEVEL', 'HAS_CREDIT_ACCOUNT'], '1217283.56'], // (2,350,000 + debt 50,000 + 34,567.12) ÷ 2 days; C4 without an assessment date
  ])('%s fails %j', async (customerNo, failing, avgAsset) => {
    expect(await check(customerNo)).toEqual({ customerNo, date: '2025-06-13', qualified: failing.length === 0, failing, avgAsset, tradedBy: '2024-12-13' });
  });

  it('reads its bounds from the margin setting and the assessment’s validity from the suitability setting', async () => {
    await setSetting('margin', 'poolMinAvgAsset', '"499999.99"');
    await setSetting('suitability', 'validityYears', '3');
    await setSetting('margin', 'poolMinTradingMonths', '7');
    try {
      expect((await check('Q02')).failing).toEqual(['TRADING_HISTORY']); // 499,999.99 now enough; a trade by 2024-11-13 needed, none imported
      expect((await check('Q05')).failing).toEqual(['TRADING_HISTORY']); // assessed 2023-06-13 valid for 3 years
      await setSetting('margin', 'poolMinTradingMonths', '6');
      await setSetting('margin', 'poolMinRiskLevel', '"C5"');
      expect((await check('Q02')).failing).toEqual(['RISK_LEVEL']); // C4 is below C5 now
      expect((await check('Q11')).failing).toEqual(['RISK_LEVEL']); // C5 but never assessed
    } finally {
      await setSetting('margin', 'poolMinAvgAsset', '"500000"');
      await setSetting('margin', 'poolMinTradingMonths', '6');
      await setSetting('margin', 'poolMinRiskLevel', '"C4"');
      await setSetting('suitability', 'validityYears', '2');
    }
  });

  it('an earlier day whose cut-off precedes the imported history fails TRADING_HISTORY', async () => {
    const body = await check('Q01');
    expect(body.qualified).toBe(true);
    const earlier = (await t.call('admin', 'GET', '/api/margin/qualified-pool/Q01?date=2024-12-16')).json();
    // 2024-12-16 − 6 months = 2024-06-16: no imported day on or before it; no figures on 2024-12-16 either
    expect(earlier).toEqual({ customerNo: 'Q01', date: '2024-12-16', qualified: false, failing: ['AVG_ASSET', 'TRADING_HISTORY'], avgAsset: null, tradedBy: '2024-06-16' });
    // the list of that day says why it is empty: the imported history starts after 2024-06-16
    const list = (await t.call('admin', 'GET', '/api/margin/qualified-pool?date=2024-12-16')).json();
    expect([list.total, list.tradedBy, list.historyTooShort]).toEqual([0, '2024-06-16', true]);
  });

  it('keeps to the caller’s scope: the list, and 404 for a customer out of scope like an unknown one', async () => {
    const broker = (await t.call('broker1', 'GET', '/api/margin/qualified-pool')).json();
    expect([broker.total, broker.items.map((c: { customerNo: string }) => c.customerNo)]).toEqual([1, ['Q01']]);
    const unknown = await t.call('broker1', 'GET', '/api/margin/qualified-pool/NOPE');
    expectProblem(unknown, { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: '/api/margin/qualified-pool/NOPE' });
    expect((await t.call('broker1', 'GET', '/api/margin/qualified-pool/Q06')).json()).toEqual({ ...unknown.json(), instance: '/api/margin/qualified-pool/Q06' });
  });

  it('exports the pool in scope as Excel', async () => {
    const res = await t.call('broker1', 'GET', '/api/margin/qualified-pool?format=xlsx');
    const sheet = await downloadedSheet(res, 'margin-pool_2025-06-16.xlsx', '两融合格客户池_2025-06-16.xlsx');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual(['客户号', '客户姓名', '营业部', '风险等级', '测评日期', '投资者类别', '近20日日均资产']);
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual(['Q01', '客户Q01', '北京中关村营业部', 'C4 积极型', '2024-01-01', '普通投资者', 500000]);
    expect(sheet.rowCount).toBe(6);
  });
});

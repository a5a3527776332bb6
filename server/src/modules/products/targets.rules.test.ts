/**
 * 目标客户挖掘's pure rules, with values worked out by hand: the out-of-time cut-off plan, a family's
 * features from a customer's holdings and purchases, the level a model learns at, and the reasons.
 */
import { describe, expect, it } from 'vitest';
import { chooseLevel, familyVector, FEATURES, firstTimeFigures, matches, NEVER_DAYS, planCutoffs, reasonsFor, type BaseRow, type ProductInfo } from './targets.rules.js';

describe('planCutoffs', () => {
  const days = ['2025-01-02', '2025-01-20', '2025-02-03', '2025-03-03', '2025-03-04', '2025-04-03'];

  it('puts the test cut-off W days before the last day and the training cut-offs W apart before it, labels up to the next cut-off', () => {
    // last 04-03 − 30 = 03-04 (an imported day); 03-04 − 30 = 02-02 → 01-20; 03-04 − 60 = 01-03 → 01-02; − 90 = 2024-12-04: none
    expect(planCutoffs(days, 30, 3)).toEqual({
      test: '2025-03-04',
      testEnd: '2025-04-03',
      train: [{ cutoff: '2025-01-20', labelEnd: '2025-03-04' }, { cutoff: '2025-01-02', labelEnd: '2025-01-20' }],
    });
    expect(planCutoffs(days, 30, 1)!.train).toEqual([{ cutoff: '2025-01-20', labelEnd: '2025-03-04' }]);
  });

  it('has no plan without a training cut-off or without history', () => {
    expect(planCutoffs(['2025-01-02', '2025-01-20'], 30, 3)).toBeNull();
    expect(planCutoffs(['2025-01-02', '2025-02-03'], 30, 3)).toBeNull(); // test 01-02, nothing 30 days before it
    expect(planCutoffs([], 30, 3)).toBeNull();
  });
});

describe('familyVector', () => {
  const products = new Map<string, ProductInfo>([
    ['A', { type: 'PUBLIC_FUND', risk: 'R3', issuer: '甲基金' }],
    ['B', { type: 'PUBLIC_FUND', risk: 'R2', issuer: '乙基金' }],
    ['C', { type: 'BOND', risk: 'R3', issuer: '甲基金' }],
    ['D', { type: 'ADVISORY', risk: 'R1', issuer: '丙' }],
  ]);
  const row: BaseRow = {
    customerNo: 'X1', riskCategory: 4, professional: 0, institution: 0, netAsset: 1_200_000, netAssetTrend60: 0.25, cashShare: 0.45,
    productValue: 30_000, tradeDays60: 12, volume60: 5_000_000, tenureDays: 521, age: 35, margin: 1,
    tradeCount60: 31, stockShare: 0.4, bankInShare30: 0.125, daysSinceBankIn: 9, redeemed365: 2,
    match: ['MATCH', 'MATCH', 'MATCH', 'MATCH', 'MISMATCH'],
    buys: [['A', '2025-05-01'], ['C', '2025-06-01'], ['D', '2025-06-10'], ['B', '2025-03-01']],
    held: ['A', 'B', 'D'],
  };

  it('counts the holdings and purchases of the family, its type, its risk level and its issuers', () => {
    // held: same type A, B = 2; same risk A = 1; highest R3. bought: family A = 1; type A, B = 2; risk A, C = 2 (last 06-01, 12 days);
    // issuers of PUBLIC_FUND R3 = {甲基金}: A, C = 2; any 4, last 06-10 (3 days)
    // then the customer's own activity, new money and redemptions as the feature query read them;
    // the family's own last purchase A on 05-01 (43 days before 06-13) in 1 month (2025-05)
    expect(familyVector(row, { type: 'PUBLIC_FUND', risk: 'R3' }, products, '2025-06-13')).toEqual([
      4, 0, 0, 1_200_000, 0.25, 0.45, 30_000, 2, 1, 3, 1, 2, 2, 2, 4, 3, 12, 12, 5_000_000, 521, 35, 1, 31, 0.4, 0.125, 9, 2, 43, 1,
    ]);
    expect(FEATURES.length).toBe(29);
    // appended after the first 22 and 27, so a model stored with the older names still finds its columns by name
    expect(FEATURES.slice(22)).toEqual(['tradeCount60', 'stockShare', 'bankInShare30', 'daysSinceBankIn', 'redeemed365', 'daysSinceFamilyPurchase', 'familyBuyMonths365']);
  });

  it('sees a regular plan (定投) as one purchase of the family a month, the last its newest', () => {
    // PUBLIC_FUND R2 (fund B) debited on 01-15, 02-17, 03-17, 04-15, 05-15 and twice in June (06-02 a one-off): 6 months, last 06-02 (11 days)
    const plan: BaseRow = {
      ...row,
      buys: [['B', '2025-01-15'], ['B', '2025-02-17'], ['B', '2025-03-17'], ['B', '2025-04-15'], ['B', '2025-05-15'], ['B', '2025-06-02'], ['B', '2025-06-10'], ['A', '2025-06-12']],
    };
    const v = familyVector(plan, { type: 'PUBLIC_FUND', risk: 'R2' }, products, '2025-06-13');
    const at = (f: string): number => v[FEATURES.indexOf(f as (typeof FEATURES)[number])]!;
    expect([at('familyBought365'), at('daysSinceFamilyPurchase'), at('familyBuyMonths365'), at('daysSincePurchase')]).toEqual([7, 3, 6, 1]);
    // no purchase of the family: never, no month
    const none = familyVector(row, { type: 'STRUCTURED', risk: 'R3' }, products, '2025-06-13');
    expect(none.slice(27)).toEqual([NEVER_DAYS, 0]);
  });

  it('reads a customer without products as never having bought', () => {
    const v = familyVector({ ...row, buys: null, held: null }, { type: 'BOND', risk: 'R2' }, products, '2025-06-13');
    expect(v.slice(7, 17)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, NEVER_DAYS, NEVER_DAYS]);
  });

  it('takes the check of the risk level', () => {
    expect(matches(row, 'R4')).toBe(true);
    expect(matches(row, 'R5')).toBe(false);
  });
});

describe('chooseLevel', () => {
  it.each([
    [{ FAMILY: 30, RISK: 40, ALL: 100 }, 'FAMILY'],
    [{ FAMILY: 10, RISK: 40, ALL: 100 }, 'RISK'],
    [{ FAMILY: 5, RISK: 10, ALL: 20 }, 'ALL'],
    [{ FAMILY: 0, RISK: 0, ALL: 0 }, null],
  ] as const)('%o → %s', (buyers, level) => {
    expect(chooseLevel(buyers, 30)).toBe(level);
  });
});

describe('reasonsFor', () => {
  // the vector of familyVector's example: held 2 of the type, bought R3 12 days ago, type twice, cash 45 %, 1.2 m, +25 %, 12 trade days, margin
  const x = [4, 0, 0, 1_200_000, 0.25, 0.45, 30_000, 2, 1, 3, 1, 2, 2, 2, 4, 3, 12, 12, 5_000_000, 521, 35, 1, 31, 0.4, 0.05, 9, 2, 43, 1];
  const importance = new Map([['sameTypeHeld', 0.1], ['cashShare', 0.5], ['daysSinceRiskPurchase', 0.3]]);

  it('gives the conditions that hold, by the importance of their feature, in both languages', () => {
    expect(reasonsFor(x, { type: 'PUBLIC_FUND', risk: 'R3' }, importance)).toEqual([
      { code: 'CASH_SHARE', feature: 'cashShare', zh: '现金占比 45 %', en: 'Cash share 45 %' },
      { code: 'RISK_BOUGHT_RECENTLY', feature: 'daysSinceRiskPurchase', zh: '近60日买入R3产品', en: 'Bought an R3 product in the last 60 days' },
      { code: 'SAME_TYPE_HELD', feature: 'sameTypeHeld', zh: '持有同类产品 2 只', en: 'Holds 2 public fund products' },
    ]);
    // ties (importance 0) keep the list's order: TYPE_BOUGHT, NET_ASSET, ASSET_GROWTH, ACTIVE_TRADER, MARGIN
    expect(reasonsFor(x, { type: 'PUBLIC_FUND', risk: 'R3' }, importance, 9).slice(3).map((r) => [r.code, r.zh])).toEqual([
      ['TYPE_BOUGHT', '近一年买入公募基金 2 次'],
      ['NET_ASSET', '净资产 120.0 万元'],
      ['ASSET_GROWTH', '净资产较60日前增长 25 %'],
      ['ACTIVE_TRADER', '近60日交易 12 天'],
      ['MARGIN', '开通融资融券'],
    ]);
  });

  it('says nothing of what does not hold', () => {
    const quiet = [3, 0, 0, 20_000, 0, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, NEVER_DAYS, NEVER_DAYS, 2, 1000, 100, 40, 0, 2, 0.9, 0.099, 20, 0, NEVER_DAYS, 0];
    expect(reasonsFor(quiet, { type: 'BOND', risk: 'R2' }, importance)).toEqual([]);
  });

  it('names money newly transferred in from 10 % of the net asset in 30 days', () => {
    // the quiet customer of 20,000 yuan with 2,500 yuan transferred in: 2,500 ÷ 20,000 = 12.5 % (rounded to 13 %)
    const fresh = [3, 0, 0, 20_000, 0, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, NEVER_DAYS, NEVER_DAYS, 2, 1000, 100, 40, 0, 2, 0.9, 0.125, 3, 0, NEVER_DAYS, 0];
    expect(reasonsFor(fresh, { type: 'BOND', risk: 'R2' }, importance)).toEqual([
      { code: 'NEW_MONEY', feature: 'bankInShare30', zh: '近30日银证转入占净资产 13 %', en: 'Transferred in 13 % of the net asset in the last 30 days' },
    ]);
  });

  it('names a regular buyer of the family: purchases in 2 months or more of the past year', () => {
    const regular = [3, 0, 0, 20_000, 0, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, NEVER_DAYS, NEVER_DAYS, 2, 1000, 100, 40, 0, 2, 0.9, 0, NEVER_DAYS, 0, 12, 5];
    expect(reasonsFor(regular, { type: 'PUBLIC_FUND', risk: 'R4' }, importance)).toEqual([
      { code: 'REGULAR_BUYER', feature: 'familyBuyMonths365', zh: '近一年有 5 个月买入同类产品', en: 'Bought this kind of product in 5 months of the past year' },
    ]);
    // one month only: no reason
    expect(reasonsFor([...regular.slice(0, 28), 1], { type: 'PUBLIC_FUND', risk: 'R4' }, importance)).toEqual([]);
  });
});

describe('firstTimeFigures', () => {
  it('ranks the examples without an earlier purchase among themselves: their base rate, AUC and top 10 %', () => {
    // 12 test examples; the two best scored (0.95, 0.85) bought before and buy again: left out.
    // The 10 first-time ones score 0.9 … 0.05 and two of them buy: 0.9 and 0.4.
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.95, 0.85];
    const labels = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1];
    const before = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    // base rate 2 / 10; top 10 % = ceil(0.1 × 10) = 1 example, the 0.9 — a buyer: hit rate 1, lift 1 / 0.2 = 5;
    // AUC: 0.9 ranks above all 8 non-buyers, 0.4 above 4 of them (0.3, 0.2, 0.1, 0.05) → 12 / 16 = 0.75
    expect(firstTimeFigures(scores, labels, before)).toEqual({ examples: 10, buyers: 2, baseRate: 0.2, auc: 0.75, hitRateTop10: 1, liftTop10: 5 });
  });

  it('has no AUC nor lift without a first-time buyer', () => {
    expect(firstTimeFigures([0.9, 0.1], [1, 0], [1, 0])).toEqual({ examples: 1, buyers: 0, baseRate: 0, auc: null, hitRateTop10: 0, liftTop10: null });
  });
});

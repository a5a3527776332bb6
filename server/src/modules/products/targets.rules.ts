/**
 * 目标客户挖掘 (issue 13 item 3), the pure part: the propensity model's features, the out-of-time
 * cut-off plan, the level a family's model learns at, and the reasons in words. No I/O, no clock.
 *
 * A product family is a product type and risk level (e.g. PUBLIC_FUND × R3): one model per family,
 * so a new product, or one with few buyers, ranks by what its family's buyers looked like.
 */
import { auc, topFraction } from '../churn/churn.rules.js';

/** The features, in the model's column order (productTargetFeature codes). */
export const FEATURES = [
  'riskCategory', // 1…5 for the recorded C1…C5 assessment, 0 none
  'professional', // 1 for PRO_A/B/C
  'institution', // 1 for an institution or product account
  'netAsset', // yuan on the day
  'netAssetTrend60', // (net asset on the day − 60 calendar days before) ÷ max(that, 1)
  'cashShare', // cash ÷ total asset (0 without assets)
  'productValue', // financial products held, yuan
  'sameTypeHeld', // distinct products of the family's type held on the day
  'sameRiskHeld', // … of the family's risk level
  'maxRiskHeld', // highest risk level (1…5) held, 0 none
  'familyBought365', // purchases (认购/申购) of the family in the 365 days ending on the day
  'typeBought365',
  'riskBought365',
  'issuerBought365', // of products of the family's issuers
  'anyBought365',
  'daysSincePurchase', // since the last purchase of any product (NEVER_DAYS: none)
  'daysSinceRiskPurchase', // since the last purchase of the family's risk level
  'tradeDays60', // trading days with a trade in the 60 calendar days ending on the day
  'volume60', // yuan traded in them
  'tenureDays', // since opening
  'age', // years (0 unknown or an institution)
  'margin', // 1 with an open credit (融资融券) account
  // appended (decisions.md "Target mining: the features that carry new money, activity and redemptions"); a stored
  // model records its feature names, so older models still read their own columns
  'tradeCount60', // trades (成交笔数) in the 60 calendar days ending on the day
  'stockShare', // stock market value ÷ total asset (0 without assets)
  'bankInShare30', // transfers in from the bank (银证转入) in the 30 calendar days ending on the day ÷ max(net asset, 1)
  'daysSinceBankIn', // since the last day with a transfer in, within 60 days (NEVER_DAYS: none)
  'redeemed365', // redemptions (赎回) of any product in the 365 days ending on the day
  // appended (decisions.md "Part D — target mining: regular plans and rolled-over notes")
  'daysSinceFamilyPurchase', // since the last purchase of the family itself (NEVER_DAYS: none in 365 days)
  'familyBuyMonths365', // calendar months with a purchase of the family in the 365 days ending on the day (定投: one a month)
] as const;
export type Feature = (typeof FEATURES)[number];

/** The days since an event that never happened. */
export const NEVER_DAYS = 9999;

/** A product as the family features see it. */
export interface ProductInfo {
  type: string;
  risk: string;
  issuer: string | null;
}

/** A customer's family-independent features and what the family features are computed from (targets.sql.ts featureQuery). */
export interface BaseRow {
  customerNo: string;
  riskCategory: number;
  professional: number;
  institution: number;
  netAsset: number;
  netAssetTrend60: number;
  cashShare: number;
  productValue: number;
  tradeDays60: number;
  volume60: number;
  tenureDays: number;
  age: number;
  margin: number;
  tradeCount60: number;
  stockShare: number;
  bankInShare30: number;
  daysSinceBankIn: number;
  redeemed365: number;
  /** the suitability check for R1…R5 on the day ('MATCH' | 'MISMATCH' | 'NEVER') */
  match: string[];
  /** the purchases (SUBSCRIBE, PURCHASE) of the 365 days ending on the day: [product code, YYYY-MM-DD] */
  buys: [string, string][] | null;
  /** the products held on the day */
  held: string[] | null;
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  const t = (d: string): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((t(to) - t(from)) / 86_400_000);
}

/** The feature vector (FEATURES order) of a customer for the family (type, risk level) as of `day`. */
export function familyVector(r: BaseRow, family: { type: string; risk: string }, products: ReadonlyMap<string, ProductInfo>, day: string): number[] {
  const issuers = new Set<string>();
  for (const p of products.values()) if (p.type === family.type && p.risk === family.risk && p.issuer) issuers.add(p.issuer);
  let sameType = 0;
  let sameRisk = 0;
  let maxRisk = 0;
  for (const code of r.held ?? []) {
    const p = products.get(code);
    if (!p) continue;
    if (p.type === family.type) sameType++;
    if (p.risk === family.risk) sameRisk++;
    maxRisk = Math.max(maxRisk, Number(p.risk.slice(1)));
  }
  let fam = 0;
  let type = 0;
  let risk = 0;
  let issuer = 0;
  let lastAny: string | null = null;
  let lastRisk: string | null = null;
  let lastFamily: string | null = null;
  const familyMonths = new Set<string>();
  for (const [code, on] of r.buys ?? []) {
    const p = products.get(code);
    if (!p) continue;
    if (p.type === family.type && p.risk === family.risk) {
      fam++;
      familyMonths.add(on.slice(0, 7));
      if (!lastFamily || on > lastFamily) lastFamily = on;
    }
    if (p.type === family.type) type++;
    if (p.risk === family.risk) {
      risk++;
      if (!lastRisk || on > lastRisk) lastRisk = on;
    }
    if (p.issuer && issuers.has(p.issuer)) issuer++;
    if (!lastAny || on > lastAny) lastAny = on;
  }
  const values: Record<Feature, number> = {
    riskCategory: r.riskCategory, professional: r.professional, institution: r.institution, netAsset: r.netAsset, netAssetTrend60: r.netAssetTrend60,
    cashShare: r.cashShare, productValue: r.productValue, sameTypeHeld: sameType, sameRiskHeld: sameRisk, maxRiskHeld: maxRisk,
    familyBought365: fam, typeBought365: type, riskBought365: risk, issuerBought365: issuer, anyBought365: (r.buys ?? []).length,
    daysSincePurchase: lastAny ? daysBetween(lastAny, day) : NEVER_DAYS, daysSinceRiskPurchase: lastRisk ? daysBetween(lastRisk, day) : NEVER_DAYS,
    tradeDays60: r.tradeDays60, volume60: r.volume60, tenureDays: r.tenureDays, age: r.age, margin: r.margin,
    tradeCount60: r.tradeCount60, stockShare: r.stockShare, bankInShare30: r.bankInShare30, daysSinceBankIn: r.daysSinceBankIn, redeemed365: r.redeemed365,
    daysSinceFamilyPurchase: lastFamily ? daysBetween(lastFamily, day) : NEVER_DAYS, familyBuyMonths365: familyMonths.size,
  };
  return FEATURES.map((f) => values[f]);
}

/**
 * The out-of-time figures among the first-time buyers' population: the test examples that bought none of
 * what the label counts before the cut-off (`boughtBefore[i]` 0), ranked among themselves by their scores
 * — does the model find new buyers, not only the repeat ones (定投, rolled-over notes)?
 */
export function firstTimeFigures(
  scores: readonly number[], labels: ArrayLike<number>, boughtBefore: ArrayLike<number>,
): { examples: number; buyers: number; baseRate: number; auc: number | null; hitRateTop10: number; liftTop10: number | null } {
  const keep = scores.flatMap((_, i) => (boughtBefore[i] ? [] : [i]));
  const s = keep.map((i) => scores[i]!);
  const y = keep.map((i) => (labels[i] ? 1 : 0));
  const buyers = y.reduce<number>((a, b) => a + b, 0);
  const top = topFraction(s, y, 0.1);
  return { examples: keep.length, buyers, baseRate: keep.length ? buyers / keep.length : 0, auc: auc(s, y), hitRateTop10: top.precision, liftTop10: top.lift };
}

/** Whether the customer's check for the risk level (R1…R5) is MATCH. */
export function matches(r: BaseRow, risk: string): boolean {
  return r.match[Number(risk.slice(1)) - 1] === 'MATCH';
}

/**
 * The cut-off plan for window W (calendar days) over the imported trading days (ascending):
 * test cut-off C = the last imported day with C + W ≤ the last imported day (its labels are complete);
 * training cut-offs T1 > T2 > … (at most `maxTrain`): T_k = the last imported day ≤ C − k·W, its labels
 * in (T_k, T_{k−1}] with T_0 = C. A purchase on C is a training label (of T1), one the day after C a test
 * label. Null when the history has no T1.
 */
export function planCutoffs(days: readonly string[], windowDays: number, maxTrain: number): { test: string; testEnd: string; train: { cutoff: string; labelEnd: string }[] } | null {
  if (days.length === 0) return null;
  const last = days[days.length - 1]!;
  const test = lastOnOrBefore(days, addDays(last, -windowDays));
  if (!test) return null;
  const train: { cutoff: string; labelEnd: string }[] = [];
  let end = test;
  for (let k = 1; k <= maxTrain; k++) {
    const cutoff = lastOnOrBefore(days, addDays(test, -k * windowDays));
    if (!cutoff || cutoff >= end) break;
    train.push({ cutoff, labelEnd: end });
    end = cutoff;
  }
  if (train.length === 0) return null;
  return { test, testEnd: addDays(test, windowDays), train };
}

/** YYYY-MM-DD plus n calendar days. */
export function addDays(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function lastOnOrBefore(days: readonly string[], day: string): string | null {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : days[lo - 1]!;
}

export type Level = 'FAMILY' | 'RISK' | 'ALL';

/** The narrowest level whose training labels have at least `minBuyers` buyers; null when even ALL has none. */
export function chooseLevel(buyers: Record<Level, number>, minBuyers: number): Level | null {
  for (const level of ['FAMILY', 'RISK', 'ALL'] as const) if (buyers[level] >= minBuyers) return level;
  return buyers.ALL > 0 ? 'ALL' : null;
}

export type ReasonCode =
  | 'SAME_TYPE_HELD' | 'RISK_BOUGHT_RECENTLY' | 'TYPE_BOUGHT' | 'PRODUCT_BUYER' | 'CASH_SHARE' | 'NET_ASSET'
  | 'ASSET_GROWTH' | 'NEW_MONEY' | 'ACTIVE_TRADER' | 'PRODUCTS_HELD' | 'MARGIN' | 'PROFESSIONAL' | 'REGULAR_BUYER';

/** One reason: its code (productTargetReason), the feature it reads, and its words in both languages. */
export interface Reason {
  code: ReasonCode;
  feature: Feature;
  zh: string;
  en: string;
}

const TYPE_WORDS: Record<string, { zh: string; en: string }> = {
  PUBLIC_FUND: { zh: '公募基金', en: 'public fund' },
  ASSET_MGMT: { zh: '资管产品', en: 'asset-management' },
  BOND: { zh: '收益凭证', en: 'income certificate' },
  STRUCTURED: { zh: '结构化产品', en: 'structured' },
  ADVISORY: { zh: '投顾产品', en: 'advisory' },
};

const pct = (x: number): string => `${Math.round(x * 100)} %`;
/** yuan as 万元 (zh) and millions (en), one decimal */
const wan = (yuan: number): string => `${(yuan / 10_000).toFixed(1)} 万元`;
const millions = (yuan: number): string => `CNY ${(yuan / 1_000_000).toFixed(2)} m`;

/**
 * The reasons a customer's features give for the family (type, risk level): every condition that
 * holds, ordered by the model's importance of the feature it reads (then by this list's order),
 * at most `max`. The thresholds are words-worthy facts, not the model's splits.
 */
export function reasonsFor(x: ArrayLike<number>, family: { type: string; risk: string }, importance: ReadonlyMap<string, number>, max = 3): Reason[] {
  const v = (f: Feature): number => x[FEATURES.indexOf(f)]!;
  const type = TYPE_WORDS[family.type] ?? { zh: family.type, en: family.type };
  const out: Reason[] = [];
  const add = (code: ReasonCode, feature: Feature, zh: string, en: string): void => {
    out.push({ code, feature, zh, en });
  };
  const months = v('familyBuyMonths365');
  if (months >= 2) add('REGULAR_BUYER', 'familyBuyMonths365', `近一年有 ${months} 个月买入同类产品`, `Bought this kind of product in ${months} months of the past year`);
  const held = v('sameTypeHeld');
  if (held > 0) add('SAME_TYPE_HELD', 'sameTypeHeld', `持有同类产品 ${held} 只`, `Holds ${held} ${type.en} product${held === 1 ? '' : 's'}`);
  const sinceRisk = v('daysSinceRiskPurchase');
  if (sinceRisk <= 60) add('RISK_BOUGHT_RECENTLY', 'daysSinceRiskPurchase', `近60日买入${family.risk}产品`, `Bought an ${family.risk} product in the last 60 days`);
  const typeBought = v('typeBought365');
  if (typeBought > 0) add('TYPE_BOUGHT', 'typeBought365', `近一年买入${type.zh} ${typeBought} 次`, `Bought ${type.en} products ${typeBought} time${typeBought === 1 ? '' : 's'} in the past year`);
  else if (v('anyBought365') > 0) {
    const n = v('anyBought365');
    add('PRODUCT_BUYER', 'anyBought365', `近一年买入金融产品 ${n} 次`, `Bought financial products ${n} time${n === 1 ? '' : 's'} in the past year`);
  }
  const cash = v('cashShare');
  if (cash >= 0.3) add('CASH_SHARE', 'cashShare', `现金占比 ${pct(cash)}`, `Cash share ${pct(cash)}`);
  const net = v('netAsset');
  if (net >= 500_000) add('NET_ASSET', 'netAsset', `净资产 ${wan(net)}`, `Net asset ${millions(net)}`);
  const trend = v('netAssetTrend60');
  if (trend >= 0.1) add('ASSET_GROWTH', 'netAssetTrend60', `净资产较60日前增长 ${pct(trend)}`, `Net asset up ${pct(trend)} on 60 days ago`);
  const newMoney = v('bankInShare30');
  if (newMoney >= 0.1) add('NEW_MONEY', 'bankInShare30', `近30日银证转入占净资产 ${pct(newMoney)}`, `Transferred in ${pct(newMoney)} of the net asset in the last 30 days`);
  const tradeDays = v('tradeDays60');
  if (tradeDays >= 10) add('ACTIVE_TRADER', 'tradeDays60', `近60日交易 ${tradeDays} 天`, `Traded on ${tradeDays} days in the last 60`);
  if (held === 0 && v('productValue') > 0) add('PRODUCTS_HELD', 'productValue', `持有金融产品 ${wan(v('productValue'))}`, `Holds financial products of ${millions(v('productValue'))}`);
  if (v('margin') > 0) add('MARGIN', 'margin', '开通融资融券', 'Has a margin account');
  if (v('professional') > 0) add('PROFESSIONAL', 'professional', '专业投资者', 'Professional investor');
  const rank = (r: Reason): number => importance.get(r.feature) ?? 0;
  return out
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(b.r) - rank(a.r) || a.i - b.i)
    .slice(0, max)
    .map(({ r }) => r);
}

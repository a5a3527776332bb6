/**
 * Customer value (客户价值) and contribution (客户贡献), business-rules.md §6. Pure: the RFM
 * segment table, the high/low comparisons against a scope's averages (exact: compared as
 * value × count against the sum, never against a rounded average), and the contribution of one
 * customer from its window figures and the configured rates. value.sql.ts computes the same
 * set-based; these functions are the reference its tests and the single-customer answer use.
 */
import { Decimal } from 'decimal.js';

/** High (H) or low (L) against the scope's average. */
export type Level = 'H' | 'L';

export interface SegmentDef {
  code: string;
  /** The Chinese name of business-rules.md §6 (the profile's `segment`). */
  zh: string;
  r: Level;
  f: Level;
  m: Level;
}

/** The eight segments of §6 (R, F, M), in the order the pages show them: M high first. */
export const SEGMENTS: readonly SegmentDef[] = [
  { code: 'IMPORTANT_VALUE', zh: '重要价值', r: 'H', f: 'H', m: 'H' },
  { code: 'IMPORTANT_DEVELOP', zh: '重要发展', r: 'H', f: 'L', m: 'H' },
  { code: 'IMPORTANT_KEEP', zh: '重要保持', r: 'L', f: 'H', m: 'H' },
  { code: 'IMPORTANT_RETAIN', zh: '重要挽留', r: 'L', f: 'L', m: 'H' },
  { code: 'GENERAL_VALUE', zh: '一般价值', r: 'H', f: 'H', m: 'L' },
  { code: 'GENERAL_DEVELOP', zh: '一般发展', r: 'H', f: 'L', m: 'L' },
  { code: 'GENERAL_KEEP', zh: '一般保持', r: 'L', f: 'H', m: 'L' },
  { code: 'GENERAL_RETAIN', zh: '一般挽留', r: 'L', f: 'L', m: 'L' },
];

export const SEGMENT_CODES = SEGMENTS.map((s) => s.code) as [string, ...string[]];

/** The segment of the three levels. */
export function segmentOf(r: Level, f: Level, m: Level): SegmentDef {
  const found = SEGMENTS.find((s) => s.r === r && s.f === f && s.m === m);
  if (!found) throw new Error(`no RFM segment for ${r}${f}${m}`);
  return found;
}

/** A scope's RFM totals: how many open customers and the sums of their R, F and M. */
export interface RfmTotals {
  n: number;
  r: Decimal.Value;
  f: Decimal.Value;
  m: Decimal.Value;
}

/**
 * The levels of one customer's R, F, M against the scope's averages (§6): R is high when R ≤ the
 * average (recent), F when F ≥ it, M when M ≥ it. Compared exactly as value × n against the sum.
 */
export function rfmLevels(value: { r: Decimal.Value; f: Decimal.Value; m: Decimal.Value }, totals: RfmTotals): { r: Level; f: Level; m: Level } {
  const n = new Decimal(totals.n);
  return {
    r: new Decimal(value.r).mul(n).lte(totals.r) ? 'H' : 'L',
    f: new Decimal(value.f).mul(n).gte(totals.f) ? 'H' : 'L',
    m: new Decimal(value.m).mul(n).gte(totals.m) ? 'H' : 'L',
  };
}

/**
 * R (§6): imported trading days after the last trade up to the day — `dayIndex − lastTradeIndex`
 * (0 when it traded that day); with no trade in the imported history, every imported trading day
 * it was open up to the day — `dayIndex − firstOpenIndex + 1`. Indexes number the imported trading
 * days from 1.
 */
export function recency(dayIndex: number, lastTradeIndex: number | null, firstOpenIndex: number): number {
  return lastTradeIndex === null ? dayIndex - firstOpenIndex + 1 : dayIndex - lastTradeIndex;
}

/** A trading day is 1/250 of a year for the interest spreads (the window is 250 trading days). */
export const TRADING_DAYS_PER_YEAR = 250;

/** The `contribution` setting (migration 0022, admin.settings.ts contributionSchema). */
export interface ContributionSettings {
  cashSpreadPercent: string;
  marginSpreadPercent: string;
  productFeeSharePercent: string;
  contactCost: Record<string, string>;
  staffMonthlyCost: Record<string, string>;
  usePayslips: boolean;
  largeTopTiers: number;
  lowContributionPercent: string;
}

/** What one customer's contribution is made of over the window (decimal strings or numbers, CNY). */
export interface ContributionInputs {
  /** Imported trading days in the window (≤ 250). */
  days: number;
  /** Σ (commission − fees) over the window, and Σ guaranteed commission of the same days. */
  commissionFees: Decimal.Value;
  guaranteed: Decimal.Value;
  /** Σ daily cash (CNY) and Σ daily debt over the window's days. */
  cashSum: Decimal.Value;
  debtSum: Decimal.Value;
  /** Σ product fees the customer paid in the window. */
  productFees: Decimal.Value;
  /** The customer's contacts in the window by channel: how many. */
  contacts: Record<string, number>;
  /** Each serving staff member's monthly cost and the customer's share of that staff member's weight. */
  staff: { monthlyCost: Decimal.Value; weight: Decimal.Value; totalWeight: Decimal.Value }[];
}

export interface ContributionParts {
  netCommission: Decimal; // 净佣金
  cashSpread: Decimal; // 利差收入
  marginInterest: Decimal; // 融资融券利息
  productFees: Decimal; // 产品费用分成
  contactCost: Decimal; // 接触成本
  staffCost: Decimal; // 人员成本
  contribution: Decimal; // 客户贡献
}

/**
 * The contribution (§6): net commission + cash interest spread + margin interest + product fees −
 * service cost, over the window. Spreads accrue per trading day at 1/250 of the annual rate; the
 * staff cost is each serving staff member's monthly cost × the window's months (12 × days ÷ 250) ×
 * the customer's weight ÷ the staff member's total weight.
 */
export function contributionOf(x: ContributionInputs, s: ContributionSettings): ContributionParts {
  const netCommission = new Decimal(x.commissionFees).minus(x.guaranteed);
  const perYear = TRADING_DAYS_PER_YEAR * 100;
  const cashSpread = new Decimal(x.cashSum).mul(s.cashSpreadPercent).div(perYear);
  const marginInterest = new Decimal(x.debtSum).mul(s.marginSpreadPercent).div(perYear);
  const productFees = new Decimal(x.productFees).mul(s.productFeeSharePercent).div(100);
  const contactCost = Object.entries(x.contacts).reduce((sum, [channel, n]) => sum.plus(new Decimal(s.contactCost[channel] ?? 0).mul(n)), new Decimal(0));
  const staffCost = x.staff.reduce(
    (sum, st) => sum.plus(new Decimal(st.monthlyCost).mul(st.weight).mul(12 * x.days).div(new Decimal(st.totalWeight).mul(TRADING_DAYS_PER_YEAR))),
    new Decimal(0),
  );
  const contribution = netCommission.plus(cashSpread).plus(marginInterest).plus(productFees).minus(contactCost).minus(staffCost);
  return { netCommission, cashSpread, marginInterest, productFees, contactCost, staffCost, contribution };
}

/**
 * A large but unprofitable account (大额低贡献): of one of the top `largeTopTiers` tiers, and
 * contributing at most `lowContributionPercent` % of its 20-day average net asset.
 */
export function isLargeUnprofitable(tierRank: number | null, contribution: Decimal.Value, avgNetAsset: Decimal.Value, s: Pick<ContributionSettings, 'largeTopTiers' | 'lowContributionPercent'>): boolean {
  if (tierRank === null || tierRank > s.largeTopTiers) return false;
  return new Decimal(contribution).mul(100).lte(new Decimal(avgNetAsset).mul(s.lowContributionPercent));
}

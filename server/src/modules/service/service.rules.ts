/**
 * 服务管理's pure rules (business-rules.md §10): a model portfolio's weights (投资组合: percentages
 * that sum to exactly 100, in exact decimals) and its daily value index (业绩) from the weights
 * between rebalances and the extract's closing prices. No I/O, no clock, no database.
 *
 * The index (docs/decisions.md "Part B — model portfolio performance"):
 *   - it starts at 1000 at the close of the first version's effective day;
 *   - at each version's effective day d (the first one and every rebalance), the index value I(d) is
 *     split by the weights: units_i = I(d) × w_i / 100 / P_i(d);
 *   - on every later trading day, I = Σ units_i × P_i(day), until the next rebalance;
 *   - P_i(day) is the security's closing price of the day, or its last known one before (a day
 *     without a holder in the extract keeps the price); a security without any price on or before
 *     a version's day keeps its share as cash (its value does not move) until the next rebalance.
 * The index is kept exact (decimal.js, 40 significant digits) and shown to 4 places, half up.
 */
import { Decimal } from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const INDEX_BASE = '1000';

export interface Holding {
  market: string;
  securityCode: string;
  /** percent, up to 4 places, as text */
  weight: string;
}

export type WeightProblem =
  | { code: 'EMPTY' }
  | { code: 'SUM'; sum: string }
  | { code: 'DUPLICATE'; market: string; securityCode: string };

/** What is wrong with a portfolio's weights: none, duplicates, or a sum other than exactly 100. */
export function weightProblems(holdings: readonly Holding[]): WeightProblem[] {
  if (holdings.length === 0) return [{ code: 'EMPTY' }];
  const problems: WeightProblem[] = [];
  const seen = new Set<string>();
  for (const h of holdings) {
    const key = `${h.market}.${h.securityCode}`;
    if (seen.has(key)) problems.push({ code: 'DUPLICATE', market: h.market, securityCode: h.securityCode });
    seen.add(key);
  }
  const sum = holdings.reduce((acc, h) => acc.plus(h.weight), new D(0));
  if (!sum.eq(100)) problems.push({ code: 'SUM', sum: sum.toFixed() });
  return problems;
}

export interface PortfolioVersion {
  version: number;
  /** YYYY-MM-DD: the weights hold from this day's close */
  effectiveOn: string;
  holdings: readonly Holding[];
}

/** Closing prices by day (YYYY-MM-DD) and security (`market.code`), as decimal text. */
export type PriceTable = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface IndexPoint {
  date: string;
  version: number;
  /** the index, 4 places */
  value: string;
  /** change against the previous point, percent, 4 places; null on the first day */
  dayReturn: string | null;
}

export interface PerformanceResult {
  points: IndexPoint[];
  /** total return since the base day, percent, 4 places (null without points) */
  totalReturn: string | null;
  /** securities held as cash for want of a price, per version */
  unpriced: { version: number; market: string; securityCode: string }[];
}

/**
 * The daily value index over `days` (the trading days, ascending) of a portfolio's `versions`
 * (ascending by effective day) and the closing `prices`. Days before the first version are skipped;
 * a version whose day is not a trading day takes effect at the close of the first trading day after
 * it (the first close at which it can be bought).
 */
export function portfolioIndex(versions: readonly PortfolioVersion[], days: readonly string[], prices: PriceTable): PerformanceResult {
  const points: IndexPoint[] = [];
  const unpriced: PerformanceResult['unpriced'] = [];
  if (versions.length === 0) return { points, totalReturn: null, unpriced };
  const lastPrice = new Map<string, Decimal>();
  let next = 0; // the next version to apply
  let units: { key: string; units: Decimal }[] = [];
  let cash = new D(0);
  let index: Decimal | null = null;
  let version = 0;
  const valueOf = (): Decimal => units.reduce((acc, u) => acc.plus(u.units.times(lastPrice.get(u.key)!)), cash);
  for (const day of days) {
    for (const [key, price] of prices.get(day) ?? []) lastPrice.set(key, new D(price));
    if (index === null && (next >= versions.length || versions[next]!.effectiveOn > day)) continue; // before the first version
    let current: Decimal = index === null ? new D(INDEX_BASE) : valueOf();
    // every version due by this day applies at its close (the last of several wins)
    while (next < versions.length && versions[next]!.effectiveOn <= day) {
      const v = versions[next]!;
      units = [];
      cash = new D(0);
      for (const h of v.holdings) {
        const key = `${h.market}.${h.securityCode}`;
        const share = current.times(h.weight).dividedBy(100);
        const price = lastPrice.get(key);
        if (price === undefined || price.lte(0)) {
          cash = cash.plus(share);
          unpriced.push({ version: v.version, market: h.market, securityCode: h.securityCode });
        } else units.push({ key, units: share.dividedBy(price) });
      }
      version = v.version;
      next++;
      current = valueOf();
    }
    const previous = points.length ? index : null;
    index = current;
    points.push({
      date: day,
      version,
      value: current.toFixed(4),
      dayReturn: previous === null ? null : current.dividedBy(previous).minus(1).times(100).toFixed(4),
    });
  }
  const totalReturn = index === null ? null : index.dividedBy(INDEX_BASE).minus(1).times(100).toFixed(4);
  return { points, totalReturn, unpriced };
}

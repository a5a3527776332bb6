/**
 * The demo's market over the period, computed up front from its own random stream: a price path
 * per security (a mean-reverting random walk on the tick, within the daily price limit, with
 * cash dividends that lower the price on the ex-date), exchange rates to CNY (with days on which
 * the trading system sends none), and the NAV path of each financial product.
 */
import { PRODUCTS } from './products.js';
import { createRng, hashSeed, WeightedTable } from './rng.js';
import { SECURITIES } from './securities.js';

export const CLS_STOCK = 0;
export const CLS_FUND = 1;
export const CLS_BOND = 2;
export const CLS_REPO = 3;
export const CLASS_TEXT = ['STOCK', 'FUND', 'BOND', 'REPO'] as const;

export const CUR_CNY = 0;
export const CUR_USD = 1;
export const CUR_HKD = 2;
export const CURRENCY_TEXT = ['CNY', 'USD', 'HKD'] as const;

export interface DemoMarket {
  readonly days: number;
  readonly count: number;
  readonly code: readonly string[];
  readonly market: readonly string[];
  /** 'SH,600519': the market and code columns of a row */
  readonly prefix: readonly string[];
  readonly securityClass: Uint8Array;
  readonly currency: Uint8Array;
  /** price tick in 1/10000 of the quote currency */
  readonly tick: Int32Array;
  /** board lot (shares, units or bonds per lot) */
  readonly lot: Int32Array;
  /** closing price of day d of security s at [d * count + s], in 1/10000 */
  readonly close: Float64Array;
  /** period day index of the cash dividend, or -1 */
  readonly dividendDay: Int32Array;
  /** dividend per share in 1/10000 */
  readonly dividendPerShare: Float64Array;
  /** A shares and ETFs customers buy, weighted by popularity */
  readonly cnyTradable: WeightedTable<number>;
  readonly usdShares: readonly number[];
  readonly hkdShares: readonly number[];
  readonly index: ReadonlyMap<string, number>;
  /** USD and HKD to CNY per day, in 1/10000; fxSent[d] = 0 when that day's extract has no fx_rates.csv */
  readonly usdRate: Int32Array;
  readonly hkdRate: Int32Array;
  readonly fxSent: Uint8Array;
  /** NAV of product p on day d at [d * PRODUCTS.length + p], in 1/10000 */
  readonly nav: Float64Array;
  /** period day index on which each product is first listed (0 = in the first day's products.csv) */
  readonly productLaunch: Int32Array;
  /** period day index on which each note matures (-1: not within the period) */
  readonly productMaturity: Int32Array;
}

function roundToTick(value: number, tick: number): number {
  return Math.max(tick, Math.round(value / tick) * tick);
}

export function buildMarket(seed: number, days: number): DemoMarket {
  const rng = createRng(hashSeed(seed, 0x3a7));
  const count = SECURITIES.length;
  const securityClass = new Uint8Array(count);
  const currency = new Uint8Array(count);
  const tick = new Int32Array(count);
  const lot = new Int32Array(count);
  const sigma = new Float64Array(count);
  const limit = new Float64Array(count);
  const base = new Float64Array(count);
  const dividendDay = new Int32Array(count).fill(-1);
  const dividendPerShare = new Float64Array(count);
  const index = new Map<string, number>();
  const tradable: number[] = [];
  const weights: number[] = [];
  const usdShares: number[] = [];
  const hkdShares: number[] = [];

  SECURITIES.forEach((s, i) => {
    index.set(`${s.market}:${s.code}`, i);
    const cls = ['STOCK', 'FUND', 'BOND', 'REPO'].indexOf(s.securityClass);
    securityClass[i] = cls;
    currency[i] = s.currency === 'USD' ? CUR_USD : s.currency === 'HKD' ? CUR_HKD : CUR_CNY;
    const growth = s.code.startsWith('300') || s.code.startsWith('688');
    if (s.currency === 'USD') {
      tick[i] = 10; lot[i] = 1000; sigma[i] = 0.015; limit[i] = 0.1; // SH B shares: USD 0.001, 1,000 a lot
    } else if (s.currency === 'HKD') {
      tick[i] = 100; lot[i] = 100; sigma[i] = 0.015; limit[i] = 0.1;
    } else if (cls === CLS_STOCK) {
      tick[i] = 100;
      lot[i] = s.code.startsWith('688') ? 200 : 100;
      sigma[i] = s.market === 'BJ' ? 0.03 : growth ? 0.027 : 0.019;
      limit[i] = s.market === 'BJ' ? 0.3 : growth ? 0.2 : 0.1;
    } else if (cls === CLS_FUND) {
      tick[i] = 10; lot[i] = 100;
      sigma[i] = s.price >= 90 ? 0.0001 : 0.011; // money-market ETFs barely move
      limit[i] = 0.1;
    } else if (cls === CLS_BOND) {
      tick[i] = 10; lot[i] = 10; sigma[i] = 0.006; limit[i] = 0.2;
    } else {
      tick[i] = 10; lot[i] = 10; sigma[i] = 0; limit[i] = 0; // repo: 100 yuan face per unit, 10 units a lot
    }
    base[i] = roundToTick(s.price * 10_000, tick[i] as number);
    if (currency[i] === CUR_USD) usdShares.push(i);
    else if (currency[i] === CUR_HKD) hkdShares.push(i);
    else if (cls === CLS_STOCK || (cls === CLS_FUND && s.price < 90)) {
      tradable.push(i);
      const rank = tradable.length;
      weights.push(s.market === 'BJ' ? 0.01 : cls === CLS_FUND ? 0.6 / (rank + 10) : 1 / (rank + 6));
    }
  });

  // cash dividends: about a third of the A shares pay one during the period
  for (let i = 0; i < count; i++) {
    if (securityClass[i] === CLS_STOCK && currency[i] === CUR_CNY && days > 1 && rng.chance(0.35)) {
      dividendDay[i] = rng.int(1, days - 1);
      dividendPerShare[i] = roundToTick((base[i] as number) * (0.005 + rng.next() * 0.025), 10);
    }
  }

  const close = new Float64Array(days * count);
  for (let i = 0; i < count; i++) close[i] = base[i] as number;
  for (let d = 1; d < days; d++) {
    for (let i = 0; i < count; i++) {
      let prev = close[(d - 1) * count + i] as number;
      const t = tick[i] as number;
      if (dividendDay[i] === d) prev = Math.max(t, prev - (dividendPerShare[i] as number));
      const s = sigma[i] as number;
      if (s === 0) {
        close[d * count + i] = prev;
        continue;
      }
      const lim = (limit[i] as number) * 0.98;
      let r = s * rng.normal() - 0.02 * Math.log(prev / (base[i] as number));
      if (r > lim) r = lim;
      if (r < -lim) r = -lim;
      close[d * count + i] = roundToTick(prev * Math.exp(r), t);
    }
  }

  const usdRate = new Int32Array(days);
  const hkdRate = new Int32Array(days);
  const fxSent = new Uint8Array(days);
  let usd = 71_234;
  let hkd = 9_123;
  for (let d = 0; d < days; d++) {
    if (d > 0) {
      usd = Math.round(usd * (1 + 0.0008 * rng.normal() - 0.02 * Math.log(usd / 71_234)));
      hkd = Math.round(hkd * (1 + 0.0008 * rng.normal() - 0.02 * Math.log(hkd / 9_123)));
    }
    usdRate[d] = usd;
    hkdRate[d] = hkd;
    // the trading system sometimes sends no rates: the importer then uses the last known ones
    fxSent[d] = d === 0 || (rng.next() >= 0.1 && !(days >= 5 && d === Math.floor(days * 0.6))) ? 1 : 0;
  }

  const pCount = PRODUCTS.length;
  const nav = new Float64Array(days * pCount);
  const productLaunch = new Int32Array(pCount);
  const productMaturity = new Int32Array(pCount).fill(-1);
  PRODUCTS.forEach((p, j) => {
    productLaunch[j] = p.launchAt === undefined ? 0 : Math.min(days - 1, Math.floor(days * p.launchAt));
    if (p.maturesAt !== undefined && days > 1) productMaturity[j] = Math.max(1, Math.min(days - 1, Math.floor(days * p.maturesAt)));
    let value = p.nav;
    for (let d = 0; d < days; d++) {
      if (d > 0 && p.sigma > 0) value = Math.max(1, Math.round(value * (1 + p.sigma * rng.normal() + 0.0001)));
      nav[d * pCount + j] = value;
    }
  });

  return {
    days,
    count,
    code: SECURITIES.map((s) => s.code),
    market: SECURITIES.map((s) => s.market),
    prefix: SECURITIES.map((s) => `${s.market},${s.code}`),
    securityClass,
    currency,
    tick,
    lot,
    close,
    dividendDay,
    dividendPerShare,
    cnyTradable: new WeightedTable(tradable, weights),
    usdShares,
    hkdShares,
    index,
    usdRate,
    hkdRate,
    fxSent,
    nav,
    productLaunch,
    productMaturity,
  };
}

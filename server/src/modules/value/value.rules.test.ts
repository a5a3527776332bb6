/**
 * The pure rules of customer value and contribution (business-rules.md §6), worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { contributionOf, isLargeUnprofitable, recency, rfmLevels, SEGMENTS, segmentOf, type ContributionSettings } from './value.rules.js';

describe('RFM segments', () => {
  it.each([
    ['H', 'H', 'H', '重要价值'],
    ['H', 'L', 'H', '重要发展'],
    ['L', 'H', 'H', '重要保持'],
    ['L', 'L', 'H', '重要挽留'],
    ['H', 'H', 'L', '一般价值'],
    ['H', 'L', 'L', '一般发展'],
    ['L', 'H', 'L', '一般保持'],
    ['L', 'L', 'L', '一般挽留'],
  ] as const)('(%s,%s,%s) is %s', (r, f, m, zh) => {
    expect(segmentOf(r, f, m).zh).toBe(zh);
  });

  it('has eight distinct segments', () => {
    expect(new Set(SEGMENTS.map((s) => `${s.r}${s.f}${s.m}`)).size).toBe(8);
    expect(new Set(SEGMENTS.map((s) => s.code)).size).toBe(8);
  });

  // scope: 3 customers, ΣR = 10 (average 3.33…), ΣF = 150 (50), ΣM = 1,000.01 (333.3366…)
  const totals = { n: 3, r: 10, f: 150, m: '1000.01' };
  it.each([
    // R high when R ≤ average: 3 × 3 = 9 ≤ 10 → H; 4 × 3 = 12 > 10 → L
    [{ r: 3, f: 0, m: '0' }, 'H', 'L', 'L'],
    [{ r: 4, f: 0, m: '0' }, 'L', 'L', 'L'],
    // F high when F ≥ average: exactly 50 → H; 49 → L
    [{ r: 99, f: 50, m: '0' }, 'L', 'H', 'L'],
    [{ r: 99, f: 49, m: '0' }, 'L', 'L', 'L'],
    // M high when M ≥ average: 333.3367 × 3 = 1,000.0101 ≥ 1,000.01 → H; 333.3366 × 3 = 1,000.0098 → L
    [{ r: 99, f: 0, m: '333.3367' }, 'L', 'L', 'H'],
    [{ r: 99, f: 0, m: '333.3366' }, 'L', 'L', 'L'],
  ] as const)('levels of %o', (value, r, f, m) => {
    expect(rfmLevels(value, totals)).toEqual({ r, f, m });
  });

  it('compares R exactly at an average that is not a finite decimal', () => {
    // ΣR = 10 over 3: R = 3 is high (9 ≤ 10) though 3 < 3.33; equality: ΣR = 9 → R = 3 high (9 ≤ 9)
    expect(rfmLevels({ r: 3, f: 0, m: 0 }, { n: 3, r: 9, f: 0, m: 0 }).r).toBe('H');
  });

  it('counts R from the last trade, or every open day when it never traded', () => {
    expect(recency(252, 252, 1)).toBe(0); // traded on the day
    expect(recency(252, 242, 1)).toBe(10);
    expect(recency(252, null, 243)).toBe(10); // open on days 243 … 252
    expect(recency(252, null, 1)).toBe(252);
  });
});

const SETTINGS: ContributionSettings = {
  cashSpreadPercent: '1.5',
  marginSpreadPercent: '3',
  productFeeSharePercent: '50',
  contactCost: { VISIT: '200', PHONE: '10', SMS: '0.1' },
  staffMonthlyCost: { BROKER: '12000' },
  usePayslips: true,
  largeTopTiers: 1,
  lowContributionPercent: '0.1',
};

describe('contribution', () => {
  it('adds every part and subtracts the service cost', () => {
    const parts = contributionOf(
      {
        days: 250,
        commissionFees: '1250.00', // net commission 1,250 − 200 guaranteed = 1,050
        guaranteed: '200',
        cashSum: '50000000', // × 1.5 ÷ 25,000 = 3,000
        debtSum: '25000000', // × 3 ÷ 25,000 = 3,000
        productFees: '400', // × 50 % = 200
        contacts: { VISIT: 1, PHONE: 2, SMS: 3 }, // 200 + 20 + 0.3 = 220.3
        // 5,000 × 12 × 0.6 ÷ 1 = 36,000; 8,000 × 12 × 1 ÷ 2 = 48,000
        staff: [{ monthlyCost: '5000', weight: '0.6', totalWeight: '1' }, { monthlyCost: '8000', weight: '1', totalWeight: '2' }],
      },
      SETTINGS,
    );
    expect(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      netCommission: '1050.00', cashSpread: '3000.00', marginInterest: '3000.00', productFees: '200.00', contactCost: '220.30', staffCost: '84000.00',
      // 1,050 + 3,000 + 3,000 + 200 − 220.3 − 84,000
      contribution: '-76970.30',
    });
  });

  it('spreads the staff cost over the window’s months only', () => {
    // 125 trading days: 6 months → 12,000 × 6 × 1 ÷ 4 = 18,000
    const parts = contributionOf(
      { days: 125, commissionFees: 0, guaranteed: 0, cashSum: 0, debtSum: 0, productFees: 0, contacts: {}, staff: [{ monthlyCost: '12000', weight: '1', totalWeight: '4' }] },
      SETTINGS,
    );
    expect(parts.staffCost.toFixed(2)).toBe('18000.00');
    expect(parts.contribution.toFixed(2)).toBe('-18000.00');
  });

  it.each([
    // top tier, 0.1 % of 1,000,000 = 1,000: at the bound flagged, a cent above not
    [1, '1000.00', '1000000', true],
    [1, '1000.01', '1000000', false],
    [1, '-5', '0', true],
    // the second tier is not large when only the top one counts
    [2, '-50000', '500000', false],
    [null, '-50000', '0', false],
  ] as const)('tier rank %s contributing %s on %s: large and unprofitable %s', (rank, contribution, avg, flagged) => {
    expect(isLargeUnprofitable(rank, contribution, avg, SETTINGS)).toBe(flagged);
  });
});

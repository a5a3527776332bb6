import { describe, expect, it } from 'vitest';
import { fillFees } from './fees.js';
import { cents, divRoundHalfUp, fixed, parseFixed, ppm, price4 } from './money.js';

describe('fees of a fill (suitability.md), worked by hand', () => {
  it('sell of 100,000.00 at 0.025 % commission', () => {
    // commission 100,000 × 0.00025 = 25.00; handling 100,000 × 0.0000341 = 3.41;
    // regulatory 100,000 × 0.00002 = 2.00; stamp 100,000 × 0.0005 = 50.00; transfer 100,000 × 0.00001 = 1.00
    expect(fillFees(10_000_000, 250, 'S', 'STOCK')).toEqual({ commission: 2500, handlingFee: 341, regulatoryFee: 200, stampDuty: 5000, transferFee: 100 });
  });

  it('buy of 2,000.00: the 5-yuan minimum, no stamp duty', () => {
    // 2,000 × 0.00025 = 0.50 → 5.00; handling 0.0682 → 0.07; regulatory 0.04; transfer 0.02
    expect(fillFees(200_000, 250, 'B', 'STOCK')).toEqual({ commission: 500, handlingFee: 7, regulatoryFee: 4, stampDuty: 0, transferFee: 2 });
  });

  it('rounds half up to the cent', () => {
    // 30,020.00 × 0.00025 = 7.505 → 7.51; 250.00 × 0.00002 = 0.005 → 0.01
    expect(fillFees(3_002_000, 250, 'B', 'STOCK').commission).toBe(751);
    expect(fillFees(25_000, 250, 'B', 'STOCK').regulatoryFee).toBe(1);
  });

  it('never charges more than 3‰ commission', () => {
    // 1,000.00: 5.00 would be 5‰, so the cap of 3.00 applies
    expect(fillFees(100_000, 250, 'B', 'STOCK').commission).toBe(300);
  });

  it('exempts ETFs from stamp duty and transfer fee', () => {
    const fees = fillFees(10_000_000, 200, 'S', 'FUND');
    expect(fees.stampDuty).toBe(0);
    expect(fees.transferFee).toBe(0);
    expect(fees.commission).toBe(2000);
  });
});

describe('exact money text', () => {
  it('formats integers of cents, prices and rates', () => {
    expect(cents(0)).toBe('0.00');
    expect(cents(5)).toBe('0.05');
    expect(cents(123_456)).toBe('1234.56');
    expect(cents(-1234)).toBe('-12.34');
    expect(cents(9_007_199_254_740_991)).toBe('90071992547409.91');
    expect(price4(123_400)).toBe('12.34');
    expect(price4(40_510)).toBe('4.051');
    expect(price4(1_000_000)).toBe('100.00');
    expect(ppm(250)).toBe('0.00025');
    expect(ppm(100)).toBe('0.0001');
    expect(fixed(71_234, 4, 4)).toBe('7.1234');
    expect(parseFixed('7.1234', 4)).toBe(71_234);
    expect(parseFixed('12', 2)).toBe(1200);
  });

  it('divides exactly, rounding half up', () => {
    expect(divRoundHalfUp(5, 10)).toBe(1);
    expect(divRoundHalfUp(4, 10)).toBe(0);
    expect(divRoundHalfUp(1_000_000_000_000_049, 100)).toBe(10_000_000_000_000);
    expect(divRoundHalfUp(1_000_000_000_000_050, 100)).toBe(10_000_000_000_001);
  });
});

import { describe, expect, it } from 'vitest';
import { cents, divRoundHalfUp, mulDivRoundHalfUp } from './money.js';

describe('exact money arithmetic of the generator', () => {
  it('rounds half up', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3); // 2.5 → 3
    expect(divRoundHalfUp(7, 3)).toBe(2); // 2.33 → 2
  });

  it('multiplies and divides exactly beyond 2^53', () => {
    // 26,883,489.06 yuan of cost × 12,345,678 shares sold ÷ 33,333,333 held:
    // 2688348906 × 12345678 = 33189489945128268 (> 2^53 = 9007199254740992)
    // ÷ 33333333 = 995684708 remainder 10356504, less than half of 33333333 → 995684708
    expect(mulDivRoundHalfUp(2688348906, 12345678, 33333333)).toBe(995684708);
    expect(cents(mulDivRoundHalfUp(2688348906, 12345678, 33333333))).toBe('9956847.08');
    // 3000000007 × 3000000001 = 9000000024000000007 (> 2^53) ÷ 1000000000 = 9000000024.000000007 → 9000000024
    expect(mulDivRoundHalfUp(3000000007, 3000000001, 1000000000)).toBe(9000000024);
  });

  it('agrees with the plain path for small products', () => {
    expect(mulDivRoundHalfUp(150000, 3, 1000)).toBe(divRoundHalfUp(450000, 1000));
  });
});

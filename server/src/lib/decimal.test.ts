import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { roundHalfUp } from './decimal.js';

describe('roundHalfUp (business-rules.md §3: rounded half up only when shown)', () => {
  it.each([
    ['2.345', 2, '2.35'],
    ['2.344999', 2, '2.34'],
    ['-2.345', 2, '-2.35'], // half away from zero
    ['36666.666666666667', 2, '36666.67'],
    ['0.0003470149253731', 6, '0.000347'],
    ['0.0000005', 6, '0.000001'],
    ['1000000', 2, '1000000.00'],
    ['99.995', 2, '100.00'], // the carry runs through every nine
    ['-999.9995', 3, '-1000.000'],
    ['0.994999', 2, '0.99'],
    ['-0.004', 2, '0.00'], // no negative zero
    ['-0.005', 2, '-0.01'],
    ['12.5', 0, '13'],
    ['007.10', 2, '7.10'],
    ['1e-7', 6, '0.000000'], // not plain text: through decimal.js
  ])('roundHalfUp(%s, %i) = %s', (value, scale, expected) => {
    expect(roundHalfUp(value, scale)).toBe(expected);
  });

  it('agrees with decimal.js on 200,000 random values of every shape', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const digits = (n: number) => Array.from({ length: n }, () => (next(10) < 3 ? '9' : String(next(10)))).join('');
    for (let k = 0; k < 200_000; k++) {
      const value = `${next(2) ? '-' : ''}${digits(1 + next(8))}${next(5) ? `.${digits(next(12))}` : ''}`;
      const scale = next(7);
      expect(roundHalfUp(value, scale), value).toBe(new Decimal(value).toDecimalPlaces(scale, Decimal.ROUND_HALF_UP).toFixed(scale));
    }
  });
});

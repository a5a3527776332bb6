/**
 * The web's exact decimals (web/src/components/decimal.ts): sums and comparisons of the decimal strings
 * the API sends, never through a JavaScript number. Pure functions of the browser code, tested here
 * because this is the suite `npm test` runs.
 */
import { describe, expect, it } from 'vitest';
import { compareDecimals, formatDecimal, subtractDecimals, sumDecimals } from '../../web/src/components/decimal.js';

describe('compareDecimals (the payroll templates and the tier settings check their bounds with it)', () => {
  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['5', '5.0000', 0], // widths differ, values equal
    ['0.1', '0.09', 1], // 0.10 > 0.09, though "09" is the longer fraction
    ['10', '9.9999', 1], // more whole digits
    ['0010', '10', 0], // leading zeros
    ['999999999999999.9999', '1000000000000000', -1], // beyond a double's 15–17 significant digits
    ['-0.01', '0', -1],
  ])('%s against %s is %i', (a, b, sign) => {
    expect(compareDecimals(a, b)).toBe(sign);
  });
});

describe('the exact arithmetic it rests on', () => {
  it('sums and subtracts with the widest operand’s decimals', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3'); // 0.30000000000000004 in floating point
    expect(sumDecimals(['1.50', '-2', null, ''])).toBe('-0.50');
    expect(subtractDecimals('10', '9.9999')).toBe('0.0001');
    expect(subtractDecimals('1', '-1')).toBe('2');
  });

  it('groups thousands and keeps the digits as given', () => {
    expect(formatDecimal('-1234567.50')).toBe('-1,234,567.50');
    expect(formatDecimal(null)).toBe('');
  });
});

/**
 * The web's exact decimals (web/src/components/decimal.ts): sums and comparisons of the decimal strings
 * the API sends, never through a JavaScript number. Pure functions of the browser code, tested here
 * because this is the suite `npm test` runs.
 */
import { describe, expect, it } from 'vitest';
import { compareDecimals, formatDecimal, percentText, subtractDecimals, sumDecimals } from '../../web/src/components/decimal.js';

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

describe('percentText (the alerts’ shares and maintenance ratios in words)', () => {
  it.each([
    ['0.62', 2, '62%'],
    ['0.6200', 2, '62%'], // trailing zeros dropped
    ['1.4213', 2, '142.13%'], // a maintenance ratio above 100 %
    ['1.421249', 2, '142.12%'], // 142.1249 % rounds down
    ['1.42125', 2, '142.13%'], // 142.125 % rounds half up
    ['0.95', 2, '95%'],
    ['1', 2, '100%'],
    ['0.5', 0, '50%'],
    ['0.123456', 2, '12.35%'], // 12.3456 %
    ['0.6234', 1, '62.3%'],
    ['0.0005', 2, '0.05%'],
    ['0.00004', 2, '0%'], // 0.004 % to two places
    ['0.499999999999999999', 2, '50%'], // beyond a double's digits: 49.9999… % rounds to 50 %
    ['-0.1', 2, '-10%'],
    ['-0.00004', 2, '0%'], // no "-0"
    ['n/a', 2, 'n/a'], // not a decimal: as given
  ])('%s to %i places is %s', (fraction, decimals, text) => {
    expect(percentText(fraction, decimals)).toBe(text);
  });
});

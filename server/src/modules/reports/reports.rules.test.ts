import { describe, expect, it } from 'vitest';
import { contentDisposition, excelValue, roundHalfUp, showValue } from './reports.rules.js';

describe('report display rules (business-rules.md §3: rounded half up only when shown)', () => {
  it.each([
    ['2.345', 2, '2.35'],
    ['2.344999', 2, '2.34'],
    ['-2.345', 2, '-2.35'], // half away from zero
    ['36666.666666666667', 2, '36666.67'],
    ['0.0003470149253731', 6, '0.000347'],
    ['0.0000005', 6, '0.000001'],
    ['1000000', 2, '1000000.00'],
  ])('roundHalfUp(%s, %i) = %s', (value, scale, expected) => {
    expect(roundHalfUp(value, scale)).toBe(expected);
  });

  it('shows money and rates as strings, counts as numbers, nulls as null', () => {
    expect(showValue('money', '-10.000000')).toBe('-10.00');
    expect(showValue('rate', '0.00025')).toBe('0.000250');
    expect(showValue('int', 4)).toBe(4);
    expect(showValue('date', '2025-06-02')).toBe('2025-06-02');
    expect(showValue('money', null)).toBeNull();
    expect(excelValue('money', '37.20')).toBe(37.2);
    expect(excelValue('text', '0001')).toBe('0001');
    // weighted counts (a customer split 0.6/0.4): to 0.01, half up, as numbers
    expect(showValue('count', '1.600000')).toBe(1.6);
    expect(showValue('count', '0.333333')).toBe(0.33);
    expect(showValue('count', '0.125')).toBe(0.13);
    expect(excelValue('count', 1.6)).toBe(1.6);
  });

  it('names the download in UTF-8 with an ASCII fallback', () => {
    expect(contentDisposition('客户(1).xlsx', 'c"1.xlsx')).toBe(`attachment; filename="c_1.xlsx"; filename*=UTF-8''%E5%AE%A2%E6%88%B7%281%29.xlsx`);
  });
});

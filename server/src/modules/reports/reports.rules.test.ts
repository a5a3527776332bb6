import { describe, expect, it } from 'vitest';
import { excelValue, showValue } from './reports.rules.js';

describe('report display rules (business-rules.md §3: rounded half up only when shown)', () => {
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
});

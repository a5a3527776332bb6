/**
 * 投资组合 rules with hand-worked numbers (service.rules.ts): the weights' exact sum and the daily
 * value index between rebalances. The sanitiser's whitelist (service.sanitize.ts) is tested here too.
 */
import { describe, expect, it } from 'vitest';
import { portfolioIndex, weightProblems, type PriceTable } from './service.rules.js';
import { htmlText, sanitizeContentHtml } from './service.sanitize.js';

const h = (market: string, securityCode: string, weight: string) => ({ market, securityCode, weight });

describe('weightProblems', () => {
  it('accepts weights summing to exactly 100 in decimals that a float would not', () => {
    expect(weightProblems([h('SH', 'A', '33.3333'), h('SH', 'B', '33.3333'), h('SZ', 'C', '33.3334')])).toEqual([]);
    expect(weightProblems([h('SH', 'A', '70.1'), h('SH', 'B', '29.9')])).toEqual([]); // 70.1 + 29.9 in binary floating point is 99.99999999999999
  });

  it('refuses a sum other than 100, duplicates and no holdings', () => {
    expect(weightProblems([h('SH', 'A', '33.33'), h('SH', 'B', '33.33'), h('SZ', 'C', '33.33')])).toEqual([{ code: 'SUM', sum: '99.99' }]);
    expect(weightProblems([h('SH', 'A', '50'), h('SH', 'A', '50')])).toEqual([{ code: 'DUPLICATE', market: 'SH', securityCode: 'A' }]);
    expect(weightProblems([])).toEqual([{ code: 'EMPTY' }]);
  });
});

function prices(rows: Record<string, Record<string, string>>): PriceTable {
  return new Map(Object.entries(rows).map(([day, byKey]) => [day, new Map(Object.entries(byKey))]));
}

describe('portfolioIndex', () => {
  // v1 on D1: A 60 %, B 40 %; v2 (rebalance) on D3: A 50 %, B 50 %.
  //   D1: 1000; units A = 600 / 10 = 60, B = 400 / 20 = 20
  //   D2: 60 × 11 + 20 × 19 = 1040                     (+4 %)
  //   D3: 60 × 12 + 20 × 18 = 1080 (+3.8462 %); units A = 540 / 12 = 45, B = 540 / 18 = 30
  //   D4: 45 × 12 + 30 × 20 = 1140                     (+5.5556 %), total +14 %
  const versions = [
    { version: 1, effectiveOn: '2025-06-02', holdings: [h('SH', 'A', '60'), h('SZ', 'B', '40')] },
    { version: 2, effectiveOn: '2025-06-04', holdings: [h('SH', 'A', '50'), h('SZ', 'B', '50')] },
  ];
  const table = prices({
    '2025-05-30': { 'SH.A': '9', 'SZ.B': '21' },
    '2025-06-02': { 'SH.A': '10', 'SZ.B': '20' },
    '2025-06-03': { 'SH.A': '11', 'SZ.B': '19' },
    '2025-06-04': { 'SH.A': '12', 'SZ.B': '18' },
    '2025-06-05': { 'SH.A': '12', 'SZ.B': '20' },
  });

  it('splits the index by the weights at each version and values the units at the closing prices', () => {
    const result = portfolioIndex(versions, ['2025-05-30', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05'], table);
    expect(result.points).toEqual([
      { date: '2025-06-02', version: 1, value: '1000.0000', dayReturn: null },
      { date: '2025-06-03', version: 1, value: '1040.0000', dayReturn: '4.0000' },
      { date: '2025-06-04', version: 2, value: '1080.0000', dayReturn: '3.8462' },
      { date: '2025-06-05', version: 2, value: '1140.0000', dayReturn: '5.5556' },
    ]);
    expect(result.totalReturn).toBe('14.0000');
    expect(result.unpriced).toEqual([]);
  });

  it('keeps the last price on a day without one, and holds an unpriced security as cash', () => {
    // A 50 %, C 50 % (no price ever): D1 1000 = 50 units of A at 10 + 500 cash; D2 A has no price (10 kept): 1000; D3 A 12: 1100
    const result = portfolioIndex(
      [{ version: 1, effectiveOn: '2025-06-02', holdings: [h('SH', 'A', '50'), h('SH', 'C', '50')] }],
      ['2025-06-02', '2025-06-03', '2025-06-04'],
      prices({ '2025-06-02': { 'SH.A': '10' }, '2025-06-04': { 'SH.A': '12' } }),
    );
    expect(result.points.map((p) => p.value)).toEqual(['1000.0000', '1000.0000', '1100.0000']);
    expect(result.unpriced).toEqual([{ version: 1, market: 'SH', securityCode: 'C' }]);
  });

  it('starts a version dated on a non-trading day at the next close, and has no points before the first', () => {
    const result = portfolioIndex([{ ...versions[0]!, effectiveOn: '2025-06-01' }], ['2025-05-30', '2025-06-02', '2025-06-03'], table);
    expect(result.points.map((p) => [p.date, p.value])).toEqual([['2025-06-02', '1000.0000'], ['2025-06-03', '1040.0000']]);
  });
});

describe('sanitizeContentHtml', () => {
  it('keeps the editor’s markup and drops scripts, handlers, styles and unsafe links (a javascript: link loses its href)', () => {
    const dirty = '<h1 onclick="x()">标题</h1><p style="color:red">正文<strong>加粗</strong><script>alert(1)</script>'
      + '<a href="javascript:alert(1)">坏链接</a> <a href="https://example.com/a">好链接</a><img src=x onerror=alert(1)></p>'
      + '<iframe src="https://evil.example"></iframe><ul><li>一</li></ul>';
    expect(sanitizeContentHtml(dirty)).toBe(
      '<h2>标题</h2><p>正文<strong>加粗</strong><a target="_blank" rel="noopener noreferrer nofollow">坏链接</a> '
      + '<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow">好链接</a></p><ul><li>一</li></ul>',
    );
  });

  it('leaves no text when only markup was sent', () => {
    expect(htmlText(sanitizeContentHtml('<p><br></p><script>x</script>'))).toBe('');
  });
});

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CITY_AREAS, COMPOUNDS, FUND_MANAGERS, FUND_PRODUCT_WORDS, GIVEN_FEMALE, GIVEN_MALE, INSTITUTION_CORES, INSTITUTION_SUFFIXES, INSTITUTION_TRADES, ROADS, SURNAMES } from './names.js';
import { BRANCHES } from './org.js';
import { PRODUCTS } from './products.js';
import { SECURITIES } from './securities.js';

describe('hand-written reference material', () => {
  it('lists real A shares, funds, bonds, repos and B shares once each', () => {
    const keys = SECURITIES.map((s) => `${s.market}:${s.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(SECURITIES.map((s) => s.name)).size).toBe(SECURITIES.length);
    const aShares = SECURITIES.filter((s) => s.securityClass === 'STOCK' && s.currency === 'CNY');
    expect(aShares.length).toBeGreaterThanOrEqual(150);
    for (const s of aShares) {
      expect(s.code).toMatch(/^\d{6}$/);
      const market = /^6/.test(s.code) ? 'SH' : /^(0|3)/.test(s.code) ? 'SZ' : 'BJ';
      expect(s.market, s.code).toBe(market);
      expect(s.price).toBeGreaterThan(0);
    }
    expect(SECURITIES.find((s) => s.code === '600519')?.name).toBe('贵州茅台');
    expect(SECURITIES.find((s) => s.code === '510300')?.securityClass).toBe('FUND');
    expect(SECURITIES.find((s) => s.code === '204001')?.securityClass).toBe('REPO');
    expect(SECURITIES.filter((s) => s.currency === 'USD').every((s) => s.market === 'SH' && s.code.startsWith('900'))).toBe(true);
    expect(SECURITIES.filter((s) => s.currency === 'HKD').every((s) => s.market === 'SZ' && s.code.startsWith('200'))).toBe(true);
  });

  it('has about fifteen products of every type and risk level', () => {
    expect(new Set(PRODUCTS.map((p) => p.code)).size).toBe(PRODUCTS.length);
    expect(new Set(PRODUCTS.map((p) => p.type))).toEqual(new Set(['PUBLIC_FUND', 'ASSET_MGMT', 'BOND', 'STRUCTURED', 'ADVISORY']));
    expect(new Set(PRODUCTS.map((p) => p.risk)).size).toBeGreaterThanOrEqual(4);
  });

  it('can be written in GBK without loss', () => {
    const texts = [
      ...SURNAMES.map((s) => s[0]),
      ...GIVEN_MALE.map((g) => g[0]),
      ...GIVEN_FEMALE.map((g) => g[0]),
      ...INSTITUTION_CORES,
      ...INSTITUTION_TRADES,
      ...INSTITUTION_SUFFIXES.map((s) => s[0]),
      ...FUND_MANAGERS,
      ...FUND_PRODUCT_WORDS,
      ...ROADS,
      ...COMPOUNDS,
      ...Object.entries(CITY_AREAS).flatMap(([city, areas]) => [city, ...areas.map((a) => a[1])]),
      ...SECURITIES.map((s) => s.name),
      ...PRODUCTS.flatMap((p) => [p.name, p.issuer]),
      ...BRANCHES.flatMap((b) => [b.name, b.city]),
    ];
    for (const text of texts) expect(iconv.decode(iconv.encode(text, 'gbk'), 'gbk'), text).toBe(text);
  });
});

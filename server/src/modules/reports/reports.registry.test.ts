/** The registry's defaults for the caller (the catalogue's `default`), worked by hand. */
import { describe, expect, it } from 'vitest';
import { defaultValue, ownUnit, REPORTS, type DefaultRule } from './reports.registry.js';

const HQ = { scopeLevel: 'ALL', teamCode: null, branchCode: 'B00' };
const BROKER = { scopeLevel: 'SELF', teamCode: 'T1', branchCode: 'B01' };
const LEAD = { scopeLevel: 'TEAM', teamCode: 'T1', branchCode: 'B01' };
const MANAGER = { scopeLevel: 'BRANCH', teamCode: 'T2', branchCode: 'B01' };
const NO_TEAM = { scopeLevel: 'SELF', teamCode: null, branchCode: 'B02' };
const NO_STAFF = { scopeLevel: 'SELF', teamCode: null, branchCode: null };

describe('defaultValue', () => {
  it.each<[DefaultRule, string, string]>([
    [{ value: '1990-01-01' }, '2025-06-05', '1990-01-01'],
    [{ day: 'last' }, '2025-06-05', '2025-06-05'],
    [{ day: 'monthStart' }, '2025-06-05', '2025-06-01'],
    [{ day: 'yearStart' }, '2025-06-05', '2025-01-01'],
    [{ monthsBack: 0 }, '2025-06-05', '2025-06'],
    [{ monthsBack: 2 }, '2025-06-05', '2025-04'],
    [{ monthsBack: 2 }, '2025-02-28', '2024-12'], // across the year
    [{ monthsBack: 2 }, '2025-01-02', '2024-11'],
  ])('%j on %s → %s', (rule, day, expected) => {
    expect(defaultValue(rule, day, HQ)).toBe(expected);
  });

  it('opens on the caller’s own unit: team for a broker or team lead, branch for a branch manager or someone in no team, none for head office', () => {
    expect([BROKER, LEAD, MANAGER, NO_TEAM, HQ, NO_STAFF].map(ownUnit)).toEqual([
      { team: 'T1' }, { team: 'T1' }, { branch: 'B01' }, { branch: 'B02' }, {}, {},
    ]);
    expect(defaultValue({ own: 'team' }, '2025-06-05', MANAGER)).toBeNull();
    expect(defaultValue({ own: 'branch' }, '2025-06-05', MANAGER)).toBe('B01');
  });
});

describe('the registry', () => {
  it('holds the ten reports of interfaces.md in menu order, each range and one-of naming its parameters', () => {
    expect([...REPORTS.keys()]).toEqual([
      'customer-assets', 'commission-rate', 'asset-extremes', 'trading-stats', 'customer-ranking',
      'tier-distribution', 'asset-trend', 'staff-monthly', 'team-marketing', 'relationship-assets',
    ]);
    for (const report of REPORTS.values()) {
      const names = report.parameters.map((p) => p.name);
      for (const name of [...report.ranges.flat(), ...(report.oneOf ?? [])]) expect(names, report.id).toContain(name);
      // a select or an integer has a fixed default, which the server applies when the parameter is left out
      for (const p of report.parameters.filter((q) => q.kind === 'select' || q.kind === 'integer')) expect('value' in p.default, `${report.id}.${p.name}`).toBe(true);
    }
  });

  it('applies the fixed defaults of selects and integers when they are left out', () => {
    const ctx = { user: { role: 'HQ' }, asOf: '2025-06-06' };
    expect(REPORTS.get('customer-ranking')!.prepare(ctx, { from: '2025-06-01', to: '2025-06-05' }).params).toEqual({ from: '2025-06-01', to: '2025-06-05', by: 'volume', limit: 100 });
    expect(REPORTS.get('asset-trend')!.prepare(ctx, {}).params).toEqual({ months: 6 });
  });
});

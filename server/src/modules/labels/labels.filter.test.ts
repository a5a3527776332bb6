/**
 * The customer-group filter compiler (labels.filter.ts): the SQL and parameters it writes for each
 * operator and label type, and the errors (field paths) of everything it refuses.
 */
import { describe, expect, it } from 'vitest';
import { LABELS } from './labels.catalogue.js';
import { compileFilter, FILTER_LIMITS, type EnumValuesOf } from './labels.filter.js';

/** Tiers lowest first as the service resolves them; risk levels from the dictionary; open enums none. */
const values: EnumValuesOf = (label) => {
  if (label.values === 'tiers') return ['银满堂', '金满堂', '玉满堂'];
  if (label.values === 'riskLevel') return ['C1', 'C2', 'C3', 'C4', 'C5'];
  if (label.values === 'customerType') return ['P', 'O', 'F'];
  return label.values ? ['X'] : null;
};

function ok(filter: unknown, params: unknown[] = []): { sql: string; params: unknown[] } {
  const result = compileFilter(filter, params, values);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { sql: result.sql, params };
}

function fields(filter: unknown): string[] {
  const result = compileFilter(filter, [], values);
  if (result.ok) throw new Error(`compiled: ${result.sql}`);
  return result.errors.map((e) => e.field);
}

describe('the catalogue', () => {
  it('has at least 150 labels with unique keys that are plain column names', () => {
    expect(LABELS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(LABELS.map((l) => l.key)).size).toBe(LABELS.length);
    for (const l of LABELS) expect(l.key).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
  });
});

describe('compileFilter', () => {
  it('binds every value and takes the column from the catalogue', () => {
    expect(ok({ all: [{ label: 'net_asset', op: '>=', value: '100000' }, { label: 'gender', op: '=', value: 'X' }] })).toEqual({
      sql: '(l.net_asset >= $1::numeric and l.gender = $2::text)',
      params: ['100000', 'X'],
    });
  });

  it('continues the placeholders after the caller’s parameters', () => {
    expect(ok({ any: [{ label: 'age', op: '<', value: '25' }] }, ['G1', '2026-11-04'])).toEqual({
      sql: '(l.age < $3::numeric)',
      params: ['G1', '2026-11-04', '25'],
    });
  });

  it('nests groups, in, between, booleans and dates', () => {
    const filter = {
      any: [
        { label: 'customer_type', op: 'in', value: ['P', 'O'] },
        { all: [{ label: 'no_trade_30d', op: '=', value: true }, { label: 'open_date', op: 'between', value: ['2020-01-01', '2020-12-31'] }] },
        { label: 'cash_share', op: '!=', value: '0.5' },
      ],
    };
    expect(ok(filter)).toEqual({
      sql: '(l.customer_type = any($1::text[]) or (l.no_trade_30d = $2::boolean and l.open_date between $3::date and $4::date) or l.cash_share <> $5::numeric)',
      params: [['P', 'O'], true, '2020-01-01', '2020-12-31', '0.5'],
    });
  });

  it('compares an ordered enum by its order: risk ≥ C3 is C3–C5, tier > 金满堂 is 玉满堂, between a run', () => {
    expect(ok({ all: [{ label: 'risk_level', op: '>=', value: 'C3' }] }).params).toEqual([['C3', 'C4', 'C5']]);
    expect(ok({ all: [{ label: 'risk_level', op: '<', value: 'C3' }] }).params).toEqual([['C1', 'C2']]);
    expect(ok({ all: [{ label: 'risk_level', op: '<=', value: 'C1' }] }).params).toEqual([['C1']]);
    expect(ok({ all: [{ label: 'tier', op: '>', value: '金满堂' }] })).toEqual({ sql: '(l.tier = any($1::text[]))', params: [['玉满堂']] });
    expect(ok({ all: [{ label: 'risk_level', op: 'between', value: ['C2', 'C4'] }] }).params).toEqual([['C2', 'C3', 'C4']]);
    // nothing above the highest, nothing below the lowest, an empty run
    expect(ok({ all: [{ label: 'tier', op: '>', value: '玉满堂' }] })).toEqual({ sql: '(false)', params: [] });
    expect(ok({ all: [{ label: 'risk_level', op: '<', value: 'C1' }] })).toEqual({ sql: '(false)', params: [] });
    expect(ok({ all: [{ label: 'risk_level', op: 'between', value: ['C4', 'C2'] }] })).toEqual({ sql: '(false)', params: [] });
  });

  it('an empty all matches everyone, an empty any no one', () => {
    expect(ok({ all: [] }).sql).toBe('true');
    expect(ok({ any: [] }).sql).toBe('false');
  });

  it('accepts an open enum’s text (a staff number) as it is', () => {
    expect(ok({ all: [{ label: 'serving_staff', op: 'in', value: ['S001', "x'; drop table customers; --"] }] })).toEqual({
      sql: '(l.serving_staff = any($1::text[]))',
      params: [['S001', "x'; drop table customers; --"]],
    });
  });

  it('names unknown labels and operators, and operators a type does not take', () => {
    expect(fields({ all: [{ label: 'nope', op: '=', value: '1' }, { label: 'age', op: 'like', value: '1' }] })).toEqual(['filter.all.0.label', 'filter.all.1.op']);
    expect(fields({ all: [{ label: 'l.age; --', op: '=', value: '1' }] })).toEqual(['filter.all.0.label']);
    expect(fields({ all: [{ label: 'no_trade_30d', op: '>', value: true }, { label: 'gender', op: '>=', value: 'X' }] })).toEqual(['filter.all.0.op', 'filter.all.1.op']);
  });

  it('names values of the wrong type', () => {
    expect(fields({
      all: [
        { label: 'net_asset', op: '>', value: 100000 }, // a JSON number: money is a decimal string
        { label: 'net_asset', op: '>', value: '1e5' },
        { label: 'no_trade_30d', op: '=', value: 'true' },
        { label: 'open_date', op: '<', value: '2026-02-30' },
        { label: 'risk_level', op: '=', value: 'C9' },
        { label: 'age', op: 'in', value: [] },
        { label: 'age', op: 'between', value: ['1'] },
        { label: 'age', op: 'in', value: ['1', 'x'] },
      ],
    })).toEqual([
      'filter.all.0.value', 'filter.all.1.value', 'filter.all.2.value', 'filter.all.3.value', 'filter.all.4.value',
      'filter.all.5.value', 'filter.all.6.value', 'filter.all.7.value.1',
    ]);
  });

  it('names malformed nodes: the top level, extra keys, a non-array group', () => {
    expect(fields({ label: 'age', op: '=', value: '1' })).toEqual(['filter']);
    expect(fields([])).toEqual(['filter']);
    expect(fields({ all: [], any: [] })).toEqual(['filter.any']);
    expect(fields({ all: 'x' })).toEqual(['filter.all']);
    expect(fields({ all: [{ label: 'age', op: '=', value: '1', extra: 1 }, 7] })).toEqual(['filter.all.0.extra', 'filter.all.1']);
  });

  it('refuses a filter nested deeper than the limit (5 levels) or with more than 50 conditions', () => {
    const leaf = { label: 'age', op: '=', value: '1' };
    // levels 1–5 are groups: accepted; a sixth level of group is refused
    expect(ok({ all: [{ all: [{ all: [{ all: [{ all: [leaf] }] }] }] }] }).sql).toBe('(((((l.age = $1::numeric)))))');
    expect(fields({ all: [{ all: [{ all: [{ all: [{ all: [{ all: [leaf] }] }] }] }] }] })).toEqual(['filter.all.0.all.0.all.0.all.0.all.0']);
    expect(ok({ all: Array.from({ length: FILTER_LIMITS.leaves }, () => leaf) }).params).toHaveLength(50);
    expect(fields({ all: Array.from({ length: FILTER_LIMITS.leaves + 1 }, () => leaf) })).toEqual(['filter.all.50']);
  });

  it('pushes nothing onto the caller’s parameters when it fails', () => {
    const params: unknown[] = ['G1'];
    expect(compileFilter({ all: [{ label: 'age', op: '=', value: '1' }, { label: 'nope', op: '=', value: '1' }] }, params, values).ok).toBe(false);
    expect(params).toEqual(['G1']);
  });
});

/**
 * 客户群's filter (web/src/pages/intelligence/groups/groupFilter.ts): the query builder's query ⇄ the
 * API's filter JSON of interfaces.md. Pure functions of the browser code, tested here because this is
 * the suite `npm test` runs.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Loaded by path, as web-api-client.test.ts explains (the server's compiler does not read the web's imports); the shapes the tests use. */
const webModule = (file: string) => fileURLToPath(new URL(`../../web/src/${file}`, import.meta.url));
type LabelType = 'enum' | 'number' | 'money' | 'boolean' | 'date';
type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'between';
interface LabelDef {
  key: string;
  title: string;
  group: string;
  type: LabelType;
  values?: { value: string; title: string }[];
  ordered?: boolean;
  ops?: FilterOp[];
}
type FilterNode = GroupFilter | { label: string; op: FilterOp; value: string | boolean | string[] };
type GroupFilter = { all: FilterNode[] } | { any: FilterNode[] };
interface QueryRule {
  field: string;
  operator: string;
  value?: unknown;
}
interface QueryGroup {
  combinator: string;
  rules: (QueryRule | QueryGroup)[];
}
interface FilterProblem {
  path: number[];
  field: string;
  reason: string;
}
interface FilterWords {
  and: string;
  or: string;
  yes: string;
  no: string;
  range: (lo: string, hi: string) => string;
}
const { allowedOps, decimalString, describeFilter, fromFilter, leafCount, operatorsFor, toFilter } = (await import(webModule('pages/intelligence/groups/groupFilter.ts'))) as {
  allowedOps: (def: LabelDef) => FilterOp[];
  decimalString: (value: unknown) => string | null;
  describeFilter: (filter: GroupFilter, labels: readonly LabelDef[], words: FilterWords, format?: (value: string) => string) => string;
  fromFilter: (filter: GroupFilter) => QueryGroup;
  leafCount: (filter: GroupFilter) => number;
  operatorsFor: (type: LabelType, ordered?: boolean) => FilterOp[];
  toFilter: (query: QueryGroup, labels: readonly LabelDef[]) => { filter: GroupFilter; problems: FilterProblem[] };
};

const LABELS: LabelDef[] = [
  { key: 'tier', title: '客户级别', group: 'value', type: 'enum', values: [{ value: 'GOLD', title: '金满堂' }, { value: 'SILVER', title: '银满堂' }] },
  { key: 'risk_level', title: '风险等级', group: 'profile', type: 'enum', ordered: true, values: ['C1', 'C2', 'C3', 'C4', 'C5'].map((v) => ({ value: v, title: v })) },
  { key: 'serving_staff', title: '服务人员', group: 'service', type: 'enum' }, // no list: any text
  { key: 'days_since_last_trade', title: '距上次交易天数', group: 'behaviour', type: 'number' },
  { key: 'total_asset', title: '总资产', group: 'assets', type: 'money' },
  { key: 'has_margin', title: '开通融资融券', group: 'behaviour', type: 'boolean' },
  { key: 'open_date', title: '开户日期', group: 'profile', type: 'date' },
];

describe('operators by label type', () => {
  it('offers = ≠ in for enums, = for booleans, comparisons and between for numbers, money and dates', () => {
    expect(operatorsFor('enum')).toEqual(['=', '!=', 'in']);
    expect(operatorsFor('enum', true)).toEqual(['=', '!=', 'in', '>=', '>', '<=', '<', 'between']); // 风险等级 ≥ C3
    expect(operatorsFor('boolean')).toEqual(['=']);
    for (const type of ['number', 'money', 'date'] as const) expect(operatorsFor(type)).toEqual(['>=', '>', '<=', '<', '=', '!=', 'between']);
  });
});

describe('numbers as decimal strings', () => {
  it('writes numbers and typed text as decimal strings, exactly', () => {
    expect(decimalString(500000)).toBe('500000');
    expect(decimalString(499999.99)).toBe('499999.99');
    expect(decimalString(0.0003)).toBe('0.0003'); // String(0.0003) is "0.0003"; 3e-7 would need the no-exponent path:
    expect(decimalString(3e-7)).toBe('0.0000003');
    expect(decimalString(1e21)).toBe('1000000000000000000000');
    expect(decimalString(' 1,234,567.50 ')).toBe('1234567.50'); // the typed digits are kept, trailing zero included
    expect(decimalString('+30')).toBe('30');
    expect(decimalString('.5')).toBe('0.5');
    expect(decimalString('-.5')).toBe('-0.5');
    expect(decimalString('-12')).toBe('-12');
  });

  it('refuses what is not a number', () => {
    for (const bad of ['', 'abc', '1e5', '5.', '1.2.3', NaN, Infinity, null, undefined, true, ['1']]) expect(decimalString(bad)).toBeNull();
  });
});

describe('builder query → filter JSON', () => {
  it('turns the journey’s group (金满堂 + no trade in 30 days + risk ≥ C3) into an `all` of three leaves', () => {
    const query: QueryGroup = {
      combinator: 'and',
      rules: [
        { field: 'tier', operator: '=', value: 'GOLD' },
        { field: 'days_since_last_trade', operator: '>=', value: 30 },
        { field: 'risk_level', operator: '>=', value: 'C3' },
      ],
    };
    expect(toFilter(query, LABELS)).toEqual({
      filter: {
        all: [
          { label: 'tier', op: '=', value: 'GOLD' },
          { label: 'days_since_last_trade', op: '>=', value: '30' }, // the number 30 goes as the string "30"
          { label: 'risk_level', op: '>=', value: 'C3' },
        ],
      },
      problems: [],
    });
  });

  it('takes an unlisted enum as typed text, a comma-separated list for 属于, and an ordered enum’s range', () => {
    const query: QueryGroup = {
      combinator: 'and',
      rules: [
        { field: 'serving_staff', operator: 'in', value: 'S001, S002' },
        { field: 'serving_staff', operator: '=', value: 'S009' },
        { field: 'risk_level', operator: 'between', value: ['C2', 'C4'] },
        { field: 'risk_level', operator: 'in', value: ['C3', 'C9'] }, // C9 is no risk level
      ],
    };
    expect(toFilter(query, LABELS)).toEqual({
      filter: {
        all: [
          { label: 'serving_staff', op: 'in', value: ['S001', 'S002'] },
          { label: 'serving_staff', op: '=', value: 'S009' },
          { label: 'risk_level', op: 'between', value: ['C2', 'C4'] },
        ],
      },
      problems: [{ path: [3], field: 'risk_level', reason: 'value' }],
    });
  });

  it('nests `or` groups as `any`, reads comma-joined lists, and drops empty groups', () => {
    const query: QueryGroup = {
      combinator: 'or',
      rules: [
        { field: 'total_asset', operator: 'between', value: '500000,1000000' },
        { combinator: 'and', rules: [{ field: 'has_margin', operator: '=', value: 'true' }, { combinator: 'or', rules: [] }] },
        { combinator: 'and', rules: [] },
        { field: 'tier', operator: 'in', value: 'GOLD, SILVER,GOLD' }, // trimmed, the repeated GOLD once
      ],
    };
    expect(toFilter(query, LABELS).filter).toEqual({
      any: [
        { label: 'total_asset', op: 'between', value: ['500000', '1000000'] },
        { all: [{ label: 'has_margin', op: '=', value: true }] },
        { label: 'tier', op: 'in', value: ['GOLD', 'SILVER'] },
      ],
    });
  });

  it('keeps dates as days, booleans as booleans, and a between whose ends are equal', () => {
    const query: QueryGroup = {
      combinator: 'and',
      rules: [
        { field: 'open_date', operator: 'between', value: ['2020-01-01', '2020-01-01'] },
        { field: 'open_date', operator: '<', value: '2026-12-01' },
        { field: 'has_margin', operator: '=', value: false },
        { field: 'total_asset', operator: '>=', value: '499999.99' },
      ],
    };
    expect(toFilter(query, LABELS)).toEqual({
      filter: {
        all: [
          { label: 'open_date', op: 'between', value: ['2020-01-01', '2020-01-01'] },
          { label: 'open_date', op: '<', value: '2026-12-01' },
          { label: 'has_margin', op: '=', value: false },
          { label: 'total_asset', op: '>=', value: '499999.99' },
        ],
      },
      problems: [],
    });
  });

  it('leaves out and names the unfinished rules: no value, unknown label, wrong op, reversed range, value off the list', () => {
    const query: QueryGroup = {
      combinator: 'and',
      rules: [
        { field: 'tier', operator: '=', value: '' }, // 0: no value yet
        { field: 'nope', operator: '=', value: '1' }, // 1: not in the catalogue
        { field: 'tier', operator: '>', value: 'GOLD' }, // 2: an enum has no >
        { field: 'total_asset', operator: 'between', value: ['1000000', '999999.99'] }, // 3: lo > hi (1,000,000 > 999,999.99)
        { combinator: 'or', rules: [{ field: 'tier', operator: 'in', value: ['GOLD', 'PLATINUM'] }] }, // 4.0: PLATINUM is no tier
        { field: 'open_date', operator: '=', value: '2026/12/01' }, // 5: not YYYY-MM-DD
        { field: 'total_asset', operator: 'between', value: ['1'] }, // 6: one end only
        { field: 'days_since_last_trade', operator: '<', value: 7 }, // 7: fine
      ],
    };
    const { filter, problems } = toFilter(query, LABELS);
    expect(filter).toEqual({ all: [{ label: 'days_since_last_trade', op: '<', value: '7' }] });
    expect(problems).toEqual([
      { path: [0], field: 'tier', reason: 'value' },
      { path: [1], field: 'nope', reason: 'label' },
      { path: [2], field: 'tier', reason: 'op' },
      { path: [3], field: 'total_asset', reason: 'range' },
      { path: [4, 0], field: 'tier', reason: 'value' },
      { path: [5], field: 'open_date', reason: 'value' },
      { path: [6], field: 'total_asset', reason: 'value' },
    ]);
  });

  it('compares a range’s ends as decimals, not as text ("9" < "10")', () => {
    const { filter, problems } = toFilter({ combinator: 'and', rules: [{ field: 'days_since_last_trade', operator: 'between', value: ['9', '10'] }] }, LABELS);
    expect(problems).toEqual([]);
    expect(filter).toEqual({ all: [{ label: 'days_since_last_trade', op: 'between', value: ['9', '10'] }] });
  });
});

describe('filter JSON → builder query → filter JSON', () => {
  const saved: GroupFilter = {
    all: [
      { label: 'tier', op: '=', value: 'GOLD' },
      { any: [{ label: 'has_margin', op: '=', value: true }, { all: [{ label: 'total_asset', op: 'between', value: ['500000', '1000000.5'] }, { label: 'risk_level', op: 'in', value: ['C4', 'C5'] }] }] },
      { label: 'open_date', op: '>=', value: '2025-01-01' },
      { label: 'has_margin', op: '=', value: false },
    ],
  };

  it('opens a saved filter as the builder’s query (booleans as the 是 / 否 select’s values, lists as arrays)', () => {
    expect(fromFilter(saved)).toEqual({
      combinator: 'and',
      rules: [
        { field: 'tier', operator: '=', value: 'GOLD' },
        {
          combinator: 'or',
          rules: [
            { field: 'has_margin', operator: '=', value: 'true' },
            { combinator: 'and', rules: [{ field: 'total_asset', operator: 'between', value: ['500000', '1000000.5'] }, { field: 'risk_level', operator: 'in', value: ['C4', 'C5'] }] },
          ],
        },
        { field: 'open_date', operator: '>=', value: '2025-01-01' },
        { field: 'has_margin', operator: '=', value: 'false' },
      ],
    });
  });

  it('round-trips unchanged, nesting included', () => {
    expect(toFilter(fromFilter(saved), LABELS)).toEqual({ filter: saved, problems: [] });
    const anyTop: GroupFilter = { any: [{ label: 'days_since_last_trade', op: '!=', value: '0' }] };
    expect(toFilter(fromFilter(anyTop), LABELS).filter).toEqual(anyTop);
    expect(leafCount(saved)).toBe(6); // tier, has_margin, total_asset, risk_level, open_date, has_margin
  });
});

describe('a filter in words', () => {
  const words = { and: '且', or: '或', yes: '是', no: '否', range: (lo: string, hi: string) => `介于 ${lo} 至 ${hi}` };
  it('reads labels by title, enum values by their words, money grouped, nested groups in brackets', () => {
    const filter: GroupFilter = {
      all: [
        { label: 'tier', op: '=', value: 'GOLD' },
        { label: 'days_since_last_trade', op: '>=', value: '30' },
        { any: [{ label: 'risk_level', op: 'in', value: ['C3', 'C4'] }, { label: 'total_asset', op: 'between', value: ['500000', '1000000'] }] },
        { any: [{ label: 'has_margin', op: '=', value: false }] }, // one leaf: no brackets
        { label: 'gone', op: '!=', value: 'x' },
      ],
    };
    const grouped = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(describeFilter(filter, LABELS, words, grouped)).toBe(
      '客户级别 = 金满堂 且 距上次交易天数 ≥ 30 且 (风险等级 ∈ C3、C4 或 总资产 介于 500,000 至 1,000,000) 且 开通融资融券 = 否 且 gone ≠ x',
    );
  });
});

describe('the operators the server gives', () => {
  it('offers the server’s operators in the builder’s order, and refuses the others', () => {
    // the server lists = first; the builder puts ≥ first for numbers; `in` (not of the type's own) goes last
    const def: LabelDef = { key: 'age', title: '年龄', group: 'profile', type: 'number', ops: ['=', '!=', '<', '>=', 'between', 'in'] };
    expect(allowedOps(def)).toEqual(['>=', '<', '=', '!=', 'between', 'in']);
    expect(allowedOps({ ...def, ops: undefined })).toEqual(['>=', '>', '<=', '<', '=', '!=', 'between']);
    const { filter, problems } = toFilter({ combinator: 'and', rules: [{ field: 'age', operator: '>', value: '60' }, { field: 'age', operator: '>=', value: '60' }] }, [def]);
    expect(filter).toEqual({ all: [{ label: 'age', op: '>=', value: '60' }] });
    expect(problems).toEqual([{ path: [0], field: 'age', reason: 'op' }]);
  });
});

/**
 * 客户群's filter in two shapes, and the conversion between them (pure: no React, no I/O):
 *
 * - the query builder's (react-querybuilder's `RuleGroupType`): `{ combinator: 'and' | 'or', rules }`,
 *   each rule `{ field, operator, value }`, groups nested;
 * - the API's (interfaces.md "Customer intelligence"): `{ "all": [ … ] }` or `{ "any": [ … ] }`,
 *   nesting allowed, leaves `{ "label", "op", "value" }`; numbers and money as decimal strings,
 *   `in` an array, `between` `[lo, hi]`, dates `YYYY-MM-DD`, booleans `true` / `false`.
 *
 * Only complete leaves on a label of the catalogue go to the API: an unfinished rule (no value yet,
 * an unreadable number, a range whose ends are reversed) is left out and named in `problems`, so the
 * live count follows what is finished and 保存 waits until nothing is left out. Empty groups are
 * dropped. Structural types here are assignable to react-querybuilder's own.
 */
import { compareDecimals } from '../../../components/decimal';

export type LabelType = 'enum' | 'number' | 'money' | 'boolean' | 'date';

/** A label of the catalogue (`GET /api/labels`), as far as the conversion needs it. */
export interface LabelDef {
  key: string;
  title: string;
  group: string;
  type: LabelType;
  values?: { value: string; title: string }[] | null;
  /** An enum whose values are ordered (风险等级 C1 … C5): it compares with > >= < <= and between by that order. */
  ordered?: boolean | null;
  /** The operators the server takes for it (the catalogue says); else those of its type. */
  ops?: readonly FilterOp[] | null;
}

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'between';
export const FILTER_OPS: readonly FilterOp[] = ['=', '!=', '>', '>=', '<', '<=', 'in', 'between'];

export type FilterValue = string | boolean | string[];
export interface FilterLeaf {
  label: string;
  op: FilterOp;
  value: FilterValue;
}
export type GroupFilter = { all: FilterNode[] } | { any: FilterNode[] };
export type FilterNode = GroupFilter | FilterLeaf;

export interface QueryRule {
  id?: string;
  field: string;
  operator: string;
  value?: unknown;
}
export interface QueryGroup {
  id?: string;
  combinator: string;
  not?: boolean;
  rules: (QueryRule | QueryGroup)[];
}

/** Why a rule was left out: its place (indexes from the top group), its label and the reason. */
export interface FilterProblem {
  path: number[];
  field: string;
  reason: 'label' | 'op' | 'value' | 'range';
}

/** The operators a label of each type offers, in the order the builder lists them (an ordered enum's comparisons after its own). */
export function operatorsFor(type: LabelType, ordered = false): FilterOp[] {
  switch (type) {
    case 'enum':
      return ordered ? ['=', '!=', 'in', '>=', '>', '<=', '<', 'between'] : ['=', '!=', 'in'];
    case 'boolean':
      return ['='];
    case 'number':
    case 'money':
    case 'date':
      return ['>=', '>', '<=', '<', '=', '!=', 'between'];
  }
}

/** The operators of a label: the server's, in the builder's order (operatorsFor's, then any other). */
export function allowedOps(def: LabelDef): FilterOp[] {
  const preferred = operatorsFor(def.type, def.ordered === true);
  if (!def.ops) return preferred;
  const ops = def.ops;
  return [...preferred.filter((op) => ops.includes(op)), ...FILTER_OPS.filter((op) => ops.includes(op) && !preferred.includes(op))];
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A number as the API takes it: a decimal string (`"500000"`, `"0.0003"`), from what an input gave
 * (a string, grouping commas allowed, or a JavaScript number written out without an exponent); null
 * when it is not a number.
 */
export function decimalString(value: unknown): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  } else if (typeof value === 'string') {
    text = value.trim().replace(/,/g, '');
  } else return null;
  if (text.startsWith('+')) text = text.slice(1);
  if (text.startsWith('.')) text = `0${text}`;
  if (text.startsWith('-.')) text = `-0${text.slice(1)}`;
  return DECIMAL.test(text) ? text : null;
}

/** A list value of the builder: an array, or the comma-joined string it writes without `listsAsArrays`. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'string') return value === '' ? [] : value.split(',');
  return [];
}

function scalar(def: LabelDef, value: unknown): string | boolean | null {
  switch (def.type) {
    case 'number':
    case 'money':
      return decimalString(value);
    case 'date':
      return typeof value === 'string' && DAY.test(value.trim()) ? value.trim() : null;
    case 'boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      return null;
    case 'enum': {
      if (typeof value !== 'string' || value === '') return null;
      return !def.values || def.values.some((v) => v.value === value) ? value : null;
    }
  }
}

type LeafResult = { leaf: FilterLeaf } | { reason: FilterProblem['reason'] };

function leafOf(rule: QueryRule, catalogue: ReadonlyMap<string, LabelDef>): LeafResult {
  const def = catalogue.get(rule.field);
  if (!def) return { reason: 'label' };
  const op = rule.operator as FilterOp;
  if (!allowedOps(def).includes(op)) return { reason: 'op' };
  if (op === 'in') {
    const values = listOf(rule.value).map((v) => scalar(def, typeof v === 'string' ? v.trim() : v));
    if (values.length === 0 || values.some((v) => typeof v !== 'string')) return { reason: 'value' };
    return { leaf: { label: def.key, op, value: [...new Set(values as string[])] } };
  }
  if (op === 'between') {
    const ends = listOf(rule.value).map((v) => scalar(def, v));
    const [lo, hi] = ends;
    if (ends.length !== 2 || typeof lo !== 'string' || typeof hi !== 'string') return { reason: 'value' };
    const order = def.type === 'date' ? lo.localeCompare(hi) : def.type === 'enum' ? 0 : compareDecimals(lo, hi); // an enum's order is the server's
    if (order > 0) return { reason: 'range' };
    return { leaf: { label: def.key, op, value: [lo, hi] } };
  }
  const value = scalar(def, rule.value);
  if (value === null) return { reason: 'value' };
  return { leaf: { label: def.key, op, value } };
}

const isGroup = (node: QueryRule | QueryGroup): node is QueryGroup => 'rules' in node;

/**
 * The API filter of a builder query: `and` → `all`, `or` → `any`, each complete rule a leaf, empty
 * groups dropped (the top group stays, possibly empty); the left-out rules in `problems`.
 */
export function toFilter(query: QueryGroup, labels: readonly LabelDef[]): { filter: GroupFilter; problems: FilterProblem[] } {
  const catalogue = new Map(labels.map((l) => [l.key, l]));
  const problems: FilterProblem[] = [];
  const walk = (group: QueryGroup, path: number[]): GroupFilter => {
    const nodes: FilterNode[] = [];
    group.rules.forEach((node, i) => {
      const at = [...path, i];
      if (isGroup(node)) {
        const inner = walk(node, at);
        if (childrenOf(inner).length) nodes.push(inner);
        return;
      }
      const result = leafOf(node, catalogue);
      if ('leaf' in result) nodes.push(result.leaf);
      else problems.push({ path: at, field: node.field, reason: result.reason });
    });
    return group.combinator === 'or' ? { any: nodes } : { all: nodes };
  };
  return { filter: walk(query, []), problems };
}

/** The nodes of a group, whichever its combinator. */
export function childrenOf(group: GroupFilter): FilterNode[] {
  return 'all' in group ? group.all : group.any;
}

export const isGroupFilter = (node: FilterNode): node is GroupFilter => 'all' in node || 'any' in node;

/** How many leaves a filter has (nesting included). */
export function leafCount(filter: GroupFilter): number {
  return childrenOf(filter).reduce((n, node) => n + (isGroupFilter(node) ? leafCount(node) : 1), 0);
}

/**
 * The builder query of an API filter (a saved group opened for editing): `all` → `and`, `any` →
 * `or`; lists stay arrays (the builder runs with `listsAsArrays`), booleans become the 是 / 否
 * select's `'true'` / `'false'`. Rule ids are left to the builder.
 */
export function fromFilter(filter: GroupFilter): QueryGroup {
  const walk = (group: GroupFilter): QueryGroup => ({
    combinator: 'all' in group ? 'and' : 'or',
    rules: childrenOf(group).map((node) =>
      isGroupFilter(node)
        ? walk(node)
        : { field: node.label, operator: node.op, value: typeof node.value === 'boolean' ? String(node.value) : Array.isArray(node.value) ? [...node.value] : node.value },
    ),
  });
  return walk(filter);
}

/** A stable text of a filter (the preview's cache key, the "changed since saved" test). */
export function filterKey(filter: GroupFilter): string {
  return JSON.stringify(filter);
}

/** The words a filter is read out with, in the page's language. */
export interface FilterWords {
  and: string;
  or: string;
  yes: string;
  no: string;
  /** `between`'s two ends, e.g. `{lo} 至 {hi}`. */
  range: (lo: string, hi: string) => string;
}

const OP_SIGNS: Record<Exclude<FilterOp, 'between'>, string> = { '=': '=', '!=': '≠', '>': '>', '>=': '≥', '<': '<', '<=': '≤', in: '∈' };

/**
 * A filter in words for the list and the detail page: `金满堂 = 是 且 (风险等级 ∈ C3、C4 或 …)`;
 * labels by title, enum values by their dictionary words, money grouped by thousands; an unknown
 * label as its key.
 */
export function describeFilter(filter: GroupFilter, labels: readonly LabelDef[], words: FilterWords, format: (value: string) => string = (v) => v): string {
  const catalogue = new Map(labels.map((l) => [l.key, l]));
  const valueText = (def: LabelDef | undefined, value: string | boolean): string => {
    if (typeof value === 'boolean') return value ? words.yes : words.no;
    if (def?.type === 'enum') return def.values?.find((v) => v.value === value)?.title ?? value;
    if (def?.type === 'money' || def?.type === 'number') return format(value);
    return value;
  };
  const walk = (group: GroupFilter, nested: boolean): string => {
    const parts = childrenOf(group).map((node) => {
      if (isGroupFilter(node)) return walk(node, true);
      const def = catalogue.get(node.label);
      const title = def?.title ?? node.label;
      if (node.op === 'between' && Array.isArray(node.value)) return `${title} ${words.range(valueText(def, node.value[0] ?? ''), valueText(def, node.value[1] ?? ''))}`;
      const value = Array.isArray(node.value) ? node.value.map((v) => valueText(def, v)).join('、') : valueText(def, node.value);
      return `${title} ${OP_SIGNS[node.op as Exclude<FilterOp, 'between'>]} ${value}`;
    });
    const text = parts.join(` ${'all' in group ? words.and : words.or} `);
    return nested && parts.length > 1 ? `(${text})` : text;
  };
  return walk(filter, false);
}

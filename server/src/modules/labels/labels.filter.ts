/**
 * The customer-group filter (客户群筛选条件, interfaces.md "Customer intelligence") and its compiler
 * to parameterised SQL. Pure: no I/O.
 *
 * A filter is `{ "all": [ … ] }` or `{ "any": [ … ] }`, nesting allowed, with leaves
 * `{ "label": key, "op": "=" | "!=" | ">" | ">=" | "<" | "<=" | "in" | "between", "value": … }`.
 * Numbers and money are decimal strings, dates YYYY-MM-DD, booleans true/false, enums one of the
 * label's values; `in` takes a non-empty array, `between` [low, high] (both inclusive).
 *
 * Column names come only from the catalogue (the whitelist) and every value is a bound parameter:
 * nothing the caller sends is written into the SQL text. Unknown labels or operators, a value of
 * the wrong type, an operator the label's type does not have, a filter nested too deep or with too
 * many conditions: errors naming the field (`filter.all.2.op`), answered as a 422.
 *
 * A customer without a value for a label (an institution's age) matches no condition on it, `!=`
 * included (SQL comparison with null). Ordered enums (risk level, tier, bands) compare by their order,
 * lowest first: `risk_level >= C3` is C3, C4 or C5.
 */
import type { FieldError } from '../../errors.js';
import { isCalendarDate } from '../../lib/dates.js';
import { bindParam } from '../../lib/sql.js';
import { labelOf, type LabelDef } from './labels.catalogue.js';

export const FILTER_OPS = ['=', '!=', '>', '>=', '<', '<=', 'in', 'between'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type FilterLeaf = { label: string; op: FilterOp; value: unknown };
export type FilterNode = { all: FilterNode[] } | { any: FilterNode[] } | FilterLeaf;

/** How deep groups may nest (the root is level 1), how many conditions and `in` values a filter may hold. */
export const FILTER_LIMITS = { depth: 5, leaves: 50, inValues: 200, textLength: 100 } as const;

/** The values an enum label takes, lowest first for an ordered one; null for an open enum (any text). */
export type EnumValuesOf = (label: LabelDef) => readonly string[] | null;

export type Compiled = { ok: true; sql: string } | { ok: false; errors: FieldError[] };

const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;
const COMPARISONS: Readonly<Record<string, string>> = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };
const CAST: Readonly<Record<LabelDef['type'], string>> = { enum: 'text', number: 'numeric', money: 'numeric', boolean: 'boolean', date: 'date' };

function error(field: string, zh: string, en: string): FieldError {
  return { field, message: { zh, en } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The operators a label's type allows. */
export function opsOf(label: LabelDef): readonly FilterOp[] {
  switch (label.type) {
    case 'boolean':
      return ['=', '!='];
    case 'enum':
      return label.ordered ? FILTER_OPS : ['=', '!=', 'in'];
    default:
      return FILTER_OPS;
  }
}

class Compiler {
  readonly errors: FieldError[] = [];
  private leaves = 0;

  constructor(
    private readonly params: unknown[],
    private readonly enumValues: EnumValuesOf,
  ) {}

  node(value: unknown, path: string, depth: number): string {
    if (!isObject(value)) {
      this.errors.push(error(path, '须为条件组 {"all": […]} / {"any": […]} 或条件 {"label", "op", "value"}', 'must be a group {"all": […]} / {"any": […]} or a condition {"label", "op", "value"}'));
      return 'false';
    }
    const keys = Object.keys(value);
    if ('all' in value || 'any' in value) {
      const combinator = 'all' in value ? 'all' : 'any';
      const extra = keys.filter((k) => k !== combinator);
      if (extra.length) this.errors.push(error(`${path}.${extra[0]}`, '条件组只能有 all 或 any 之一', 'a group has exactly one of all or any'));
      if (depth > FILTER_LIMITS.depth) {
        this.errors.push(error(path, `条件组嵌套不能超过 ${FILTER_LIMITS.depth} 层`, `groups nest at most ${FILTER_LIMITS.depth} deep`));
        return 'false';
      }
      const items = value[combinator];
      if (!Array.isArray(items)) {
        this.errors.push(error(`${path}.${combinator}`, '须为数组', 'must be an array'));
        return 'false';
      }
      const parts = items.map((item, i) => this.node(item, `${path}.${combinator}.${i}`, depth + 1));
      if (!parts.length) return combinator === 'all' ? 'true' : 'false';
      return `(${parts.join(combinator === 'all' ? ' and ' : ' or ')})`;
    }
    return this.leaf(value, path);
  }

  private leaf(value: Record<string, unknown>, path: string): string {
    this.leaves += 1;
    if (this.leaves === FILTER_LIMITS.leaves + 1) this.errors.push(error(path, `条件不能超过 ${FILTER_LIMITS.leaves} 个`, `at most ${FILTER_LIMITS.leaves} conditions`));
    const extra = Object.keys(value).filter((k) => k !== 'label' && k !== 'op' && k !== 'value');
    if (extra.length) this.errors.push(error(`${path}.${extra[0]}`, '不支持此字段', 'unknown field'));
    const key = value.label;
    const label = typeof key === 'string' ? labelOf(key) : undefined;
    if (!label) {
      this.errors.push(error(`${path}.label`, `未知标签 ${JSON.stringify(key ?? null)}`, `unknown label ${JSON.stringify(key ?? null)}`));
      return 'false';
    }
    const op = value.op;
    if (typeof op !== 'string' || !(FILTER_OPS as readonly string[]).includes(op)) {
      this.errors.push(error(`${path}.op`, `未知运算符 ${JSON.stringify(op ?? null)}`, `unknown operator ${JSON.stringify(op ?? null)}`));
      return 'false';
    }
    if (!opsOf(label).includes(op as FilterOp)) {
      this.errors.push(error(`${path}.op`, `标签 ${label.key} 不支持运算符 ${op}`, `label ${label.key} does not take ${op}`));
      return 'false';
    }
    return this.condition(label, op as FilterOp, value.value, `${path}.value`);
  }

  private condition(label: LabelDef, op: FilterOp, value: unknown, path: string): string {
    const column = `l.${label.key}`;
    const cast = CAST[label.type];
    const values = label.type === 'enum' ? this.enumValues(label) : null;

    if (op === 'in' || op === 'between') {
      const count = op === 'between' ? 2 : undefined;
      if (!Array.isArray(value) || value.length === 0 || (count !== undefined && value.length !== count) || value.length > FILTER_LIMITS.inValues) {
        this.errors.push(op === 'between'
          ? error(path, '须为 [下限, 上限]', 'must be [low, high]')
          : error(path, `须为 1 至 ${FILTER_LIMITS.inValues} 个值的数组`, `must be an array of 1 to ${FILTER_LIMITS.inValues} values`));
        return 'false';
      }
      const items = value.map((v, i) => this.scalar(label, values, v, `${path}.${i}`));
      if (items.some((v) => v === undefined)) return 'false';
      if (op === 'in') return `${column} = any(${bindParam(this.params, items)}::${cast}[])`;
      if (label.type === 'enum') return this.ordinal(column, values, items[0] as string, items[1] as string);
      return `${column} between ${bindParam(this.params, items[0])}::${cast} and ${bindParam(this.params, items[1])}::${cast}`;
    }

    const item = this.scalar(label, values, value, path);
    if (item === undefined) return 'false';
    if (label.type === 'enum' && op !== '=' && op !== '!=') {
      const all = values ?? [];
      const rank = all.indexOf(item as string);
      const range: [number, number] = op === '>' ? [rank + 1, all.length - 1] : op === '>=' ? [rank, all.length - 1] : op === '<' ? [0, rank - 1] : [0, rank];
      return this.ordinal(column, values, all[range[0]] ?? null, all[range[1]] ?? null);
    }
    return `${column} ${COMPARISONS[op]} ${bindParam(this.params, item)}::${cast}`;
  }

  /** An ordered enum between two of its values (inclusive): membership in that run of values. */
  private ordinal(column: string, values: readonly string[] | null, low: string | null, high: string | null): string {
    const all = values ?? [];
    const from = low === null ? -1 : all.indexOf(low);
    const to = high === null ? -1 : all.indexOf(high);
    if (from < 0 || to < 0 || from > to) return 'false';
    return `${column} = any(${bindParam(this.params, all.slice(from, to + 1))}::text[])`;
  }

  /** One value of the label's type as it is bound (strings; booleans as booleans); undefined after recording the error. */
  private scalar(label: LabelDef, values: readonly string[] | null, value: unknown, path: string): string | boolean | undefined {
    switch (label.type) {
      case 'number':
      case 'money':
        if (typeof value === 'string' && DECIMAL.test(value)) return value;
        this.errors.push(error(path, '须为十进制数字字符串，如 "100000" 或 "0.5"', 'must be a decimal string such as "100000" or "0.5"'));
        return undefined;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        this.errors.push(error(path, '须为 true 或 false', 'must be true or false'));
        return undefined;
      case 'date':
        if (typeof value === 'string' && isCalendarDate(value)) return value;
        this.errors.push(error(path, '须为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD'));
        return undefined;
      case 'enum':
        if (typeof value === 'string' && value.length > 0 && value.length <= FILTER_LIMITS.textLength && (values === null || values.includes(value))) return value;
        this.errors.push(values === null
          ? error(path, `须为 1 至 ${FILTER_LIMITS.textLength} 个字符的文本`, `must be text of 1 to ${FILTER_LIMITS.textLength} characters`)
          : error(path, `须为标签 ${label.key} 的取值之一`, `must be one of the values of label ${label.key}`));
        return undefined;
    }
  }
}

/**
 * Compiles `filter` into a SQL boolean over customer_labels `l`, pushing its values onto `params`
 * (placeholders continue from the params already there). `path` names the filter in the errors.
 */
export function compileFilter(filter: unknown, params: unknown[], enumValues: EnumValuesOf, path = 'filter'): Compiled {
  const own: unknown[] = [];
  const compiler = new Compiler(own, enumValues);
  if (isObject(filter) && !('all' in filter) && !('any' in filter)) {
    compiler.errors.push(error(path, '顶层须为条件组 {"all": […]} 或 {"any": […]}', 'the top level must be a group {"all": […]} or {"any": […]}'));
    return { ok: false, errors: compiler.errors };
  }
  // compile against a private list, then renumber onto the caller's: nothing is pushed on failure
  const sql = compiler.node(filter, path, 1);
  if (compiler.errors.length) return { ok: false, errors: compiler.errors };
  const offset = params.length;
  params.push(...own);
  return { ok: true, sql: offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`) };
}

/**
 * The report registry (报表统计, business-rules.md §4; ids, parameters and row keys: interfaces.md
 * "Reports", a public contract) — the one definition of the ten reports, served to the web as the
 * catalogue (`GET /api/reports`). A report is an id, its titles, its parameters (kind, options,
 * bounds, the rule of its default; the zod schema that validates them is built from them), the
 * ranges and one-of groups among them, its columns (row key, Chinese and English title, kind,
 * whether the totals row sums it) in the order shown, and one SQL builder that always ANDs the
 * caller's data scope (reports.sql.ts).
 */
import { z } from 'zod';
import type { CodeKind } from '../../../../shared/codes.js';
import { addMonths, calendarDate, calendarMonth, isCalendarDate, isCalendarMonth } from '../../lib/dates.js';
import { checkQuery, type LocalizedText } from '../../errors.js';
import type { ColumnKind } from './reports.rules.js';
import * as sql from './reports.sql.js';
import * as staffSql from './reports.staff.sql.js';

export interface ColumnSpec {
  zh: string;
  en: string;
  kind: ColumnKind;
  /** A coded text column: the Excel file shows the code's label (shared/codes.ts), the JSON the code. */
  code?: CodeKind;
  /** The totals row (合计) sums this column, exactly, over all the rows. */
  total?: boolean;
}

export interface ReportColumn extends ColumnSpec {
  key: string;
}

export const PARAM_KINDS = ['date', 'month', 'select', 'integer', 'text', 'team', 'branch'] as const;
/** How a parameter is entered: a day, a month, one of `options`, a whole number, free text, a team or a branch (picked). */
export type ParamKind = (typeof PARAM_KINDS)[number];

/**
 * How a parameter's default is found for the caller: a fixed value; a day from the last trading day
 * (that day, the first of its month, the first of its year); the month of the last trading day
 * `monthsBack` months before; the caller's own team or branch (reportDefaults).
 */
export type DefaultRule =
  | { value: string }
  | { day: 'last' | 'monthStart' | 'yearStart' }
  | { monthsBack: number }
  | { own: 'team' | 'branch' };

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  /** The values of a `select`, labelled by the dictionary kind `code` (shared/codes.ts). */
  options?: readonly string[];
  code?: CodeKind;
  /** May be left empty (see `oneOf`). */
  optional?: boolean;
  /** Bounds of an `integer`. */
  min?: number;
  max?: number;
  default: DefaultRule;
}

/** What the Excel writer needs of a report (the relationship query exports through it too). */
export interface ReportShape {
  id: string;
  title: LocalizedText;
  columns: readonly ReportColumn[];
  /** The dictionary kind of each coded parameter, for the export's 查询参数 row. */
  paramCodes: Readonly<Partial<Record<string, CodeKind>>>;
}

/** A report with its types erased, as the routes and the service use it. */
export interface Report extends ReportShape {
  /** A one-line explanation shown above the table (e.g. why counts have decimals). */
  note?: LocalizedText;
  parameters: readonly ParamSpec[];
  /** Pairs [from, to] that must be in order. */
  ranges: readonly (readonly [string, string])[];
  /** Optional parameters of which exactly one must be given (team or branch). */
  oneOf?: readonly string[];
  /** Validates the raw query parameters (422 naming each bad or unknown one) and builds the scoped SQL. */
  prepare(ctx: sql.ReportContext, rawParams: unknown): PreparedQueries;
}

/**
 * How a page of a report is read: `counted`, the whole answer computed and the page cut from it with
 * a window count of all its rows (reports of few rows, or that must compute every row to order them:
 * the aggregates, the ranking); `separate`, the page's own query (reading only what the page needs)
 * and a query of the number of rows when one is cheap (null: counting reads every row's figures, so
 * the number comes with the totals, asked for once).
 */
export type PageQueries = { kind: 'counted'; rows: sql.ReportQuery } | { kind: 'separate'; rows: sql.ReportQuery; count: sql.ReportQuery | null };

export interface PreparedQueries {
  params: Record<string, unknown>;
  /** Every row, in the report's order. */
  query: sql.ReportQuery;
  /** One page of it, in the same order. */
  page(page: sql.ReportPage): PageQueries;
}

/**
 * The paging of a report whose first pages can be read without computing every row (its rows in
 * customer order): the page's query (default: the report's query, skipped and limited) and a cheap
 * count of its rows (default none: the number of rows comes with the totals).
 */
interface Paging<P> {
  rows?: (ctx: sql.ReportContext, params: P, page: sql.ReportPage) => sql.ReportQuery;
  count?: (ctx: sql.ReportContext, params: P) => sql.ReportQuery;
}


/** The parsed value of a parameter: a number for an `integer`, one of its options for a `select`, else text. */
type ValueOf<P extends ParamSpec> = P['kind'] extends 'integer' ? number : P extends { options: readonly (infer O extends string)[] } ? O : string;
/** The parsed parameters of a report, by name. */
type ParamsOf<Ps extends readonly ParamSpec[]> = {
  [P in Ps[number] as P['name']]: P extends { optional: true } ? ValueOf<P> | undefined : ValueOf<P>;
};

function defineReport<const Ps extends readonly ParamSpec[]>(def: {
  id: string;
  title: LocalizedText;
  note?: LocalizedText;
  params: Ps;
  ranges?: readonly (readonly [Ps[number]['name'], Ps[number]['name']])[];
  oneOf?: readonly Ps[number]['name'][];
  /** One column per row key (interfaces.md), in the order shown (object keys keep their insertion order). */
  columns: Readonly<Record<string, ColumnSpec>>;
  query: (ctx: sql.ReportContext, params: ParamsOf<Ps>) => sql.ReportQuery;
  /** Paged by its own queries (see Paging); without it, a page is cut from the whole answer (`counted`). */
  paging?: Paging<ParamsOf<Ps>>;
}): Report {
  const columns = Object.entries(def.columns).map(([key, spec]) => ({ key, ...spec }));
  const ranges = def.ranges ?? [];
  const schema = paramsSchema(def.params, ranges, def.oneOf);
  return {
    id: def.id,
    title: def.title,
    note: def.note,
    parameters: def.params,
    ranges,
    oneOf: def.oneOf,
    columns,
    paramCodes: Object.fromEntries(def.params.filter((p) => p.code).map((p) => [p.name, p.code])),
    prepare(ctx, rawParams) {
      const checked = checkQuery(schema, rawParams);
      if (!checked.success) throw checked.error;
      const params = checked.data as ParamsOf<Ps>;
      const query = def.query(ctx, params);
      const paging = def.paging;
      return {
        params: checked.data,
        query,
        page: (page) =>
          paging
            ? {
                kind: 'separate',
                rows: paging.rows ? paging.rows(ctx, params, page) : sql.pageOfQuery(query, page),
                count: paging.count ? paging.count(ctx, params) : null,
              }
            : { kind: 'counted', rows: query },
      };
    },
  };
}

// ---------------------------------------------------------------- parameters

const intParam = (min: number, max: number, dflt: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `须为 ${min}–${max} 的整数 / must be a whole number from ${min} to ${max}`)
    .default(String(dflt))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A team or branch code; an empty value counts as not given. */
const orgCode = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '代码格式不正确 / not a valid code').optional(),
);

/** Free text; an empty value counts as not given. */
const freeText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(32).optional());

function fixedDefault(p: ParamSpec): string {
  if (!('value' in p.default)) throw new Error(`report parameter ${p.name}: a ${p.kind} needs a fixed default`);
  return p.default.value;
}

/** The zod schema of one parameter, from its spec. */
function paramSchema(p: ParamSpec): z.ZodType {
  switch (p.kind) {
    case 'date':
      return p.optional ? calendarDate.optional() : calendarDate;
    case 'month':
      return p.optional ? calendarMonth.optional() : calendarMonth;
    case 'select':
      return z.enum((p.options ?? []) as [string, ...string[]]).default(fixedDefault(p));
    case 'integer':
      return intParam(p.min ?? 0, p.max ?? 999999, Number(fixedDefault(p)));
    case 'team':
    case 'branch':
      return orgCode;
    case 'text':
      return freeText;
  }
}

/** A well-formed date or month (a bad one is reported by its own schema, not again as a reversed range). */
function isWellFormed(value: unknown): value is string {
  return typeof value === 'string' && (isCalendarMonth(value) || isCalendarDate(value));
}

/**
 * The schema of a report's parameters: one field per parameter, in order; then exactly one of
 * `oneOf` given (a 422 at its first name); then each range [earlier, later] in order (a 422 at
 * `later` when reversed; ISO strings compare in order).
 */
function paramsSchema(params: readonly ParamSpec[], ranges: readonly (readonly [string, string])[], oneOf: readonly string[] | undefined) {
  let schema = z.object(Object.fromEntries(params.map((p) => [p.name, paramSchema(p)])));
  if (oneOf) {
    const [first = '', ...rest] = oneOf;
    const names = oneOf.join(' 或 ');
    schema = schema.superRefine((value, ctx) => {
      if (oneOf.filter((name) => value[name] !== undefined).length !== 1) {
        ctx.addIssue({ code: 'custom', path: [first], message: `须给出 ${names} 之一 / give either ${[first, ...rest].join(' or ')}` });
      }
    });
  }
  for (const [earlier, later] of ranges) {
    schema = schema.superRefine((value, ctx) => {
      const a = value[earlier];
      const b = value[later];
      if (isWellFormed(a) && isWellFormed(b) && a > b) {
        ctx.addIssue({ code: 'custom', path: [later], message: `不能早于 ${earlier} / must not be before ${earlier}` });
      }
    });
  }
  return schema;
}

const date = <N extends string>(name: N, dflt: DefaultRule) => ({ name, kind: 'date', default: dflt }) as const;
const month = <N extends string>(name: N, dflt: DefaultRule) => ({ name, kind: 'month', default: dflt }) as const;
const LAST_DAY = { day: 'last' } as const;
const MONTH_START = { day: 'monthStart' } as const;
const LAST_MONTH = { monthsBack: 0 } as const;
const THREE_MONTHS_BACK = { monthsBack: 2 } as const;

const CUSTOMER_NO: ColumnSpec = { zh: '客户号', en: 'Customer no.', kind: 'text' };
/** The customer's name beside the number (names beside every code, issue 10). */
const CUSTOMER_NAME: ColumnSpec = { zh: '客户姓名', en: 'Name', kind: 'text' };
const VOLUME: ColumnSpec = { zh: '交易量', en: 'Volume', kind: 'money', total: true };
const COMMISSION: ColumnSpec = { zh: '毛佣金', en: 'Gross commission', kind: 'money', total: true };
const NET_COMMISSION: ColumnSpec = { zh: '净佣金', en: 'Net commission', kind: 'money', total: true };
const MONTH: ColumnSpec = { zh: '月份', en: 'Month', kind: 'month' };

// ---------------------------------------------------------------- the reports

const customerAssets = defineReport({
  id: 'customer-assets',
  title: { zh: '客户资产查询', en: 'Customer assets' },
  params: [date('openFrom', { value: '1990-01-01' }), date('openTo', LAST_DAY), date('from', MONTH_START), date('to', LAST_DAY)],
  ranges: [
    ['openFrom', 'openTo'],
    ['from', 'to'],
  ],
  columns: {
    customerNo: CUSTOMER_NO,
    name: CUSTOMER_NAME,
    openDate: { zh: '开户日期', en: 'Open date', kind: 'date' },
    tradingDays: { zh: '交易日数', en: 'Trading days', kind: 'int' },
    assetSum: { zh: '区间汇总资产', en: 'Asset sum', kind: 'money' },
    assetAvg: { zh: '日均资产', en: 'Daily average asset', kind: 'money' },
    volumeSum: { zh: '区间交易量', en: 'Volume sum', kind: 'money', total: true },
    volumeAvg: { zh: '日均交易量', en: 'Daily average volume', kind: 'money' },
  },
  query: sql.customerAssetsQuery,
  paging: { rows: sql.customerAssetsQuery, count: sql.customerAssetsCount },
});

const commissionRate = defineReport({
  id: 'commission-rate',
  title: { zh: '查询客户佣金率', en: 'Monthly commission rate' },
  params: [month('monthFrom', THREE_MONTHS_BACK), month('monthTo', LAST_MONTH)],
  ranges: [['monthFrom', 'monthTo']],
  columns: {
    customerNo: CUSTOMER_NO,
    name: CUSTOMER_NAME,
    month: MONTH,
    volume: VOLUME,
    commission: COMMISSION,
    rate: { zh: '月柜台佣金率', en: 'Commission rate', kind: 'rate' },
  },
  query: sql.commissionRateQuery,
  paging: {},
});

const assetExtremes = defineReport({
  id: 'asset-extremes',
  title: { zh: '客户最高最低资产查询', en: 'Highest and lowest assets' },
  params: [date('from', MONTH_START), date('to', LAST_DAY)],
  ranges: [['from', 'to']],
  columns: {
    customerNo: CUSTOMER_NO,
    name: CUSTOMER_NAME,
    maxAsset: { zh: '最高资产', en: 'Highest asset', kind: 'money' },
    maxDate: { zh: '最高资产日期', en: 'Date of highest', kind: 'date' },
    minAsset: { zh: '最低资产', en: 'Lowest asset', kind: 'money' },
    minDate: { zh: '最低资产日期', en: 'Date of lowest', kind: 'date' },
  },
  query: sql.assetExtremesQuery,
  paging: { rows: sql.assetExtremesQuery },
});

const tradingStats = defineReport({
  id: 'trading-stats',
  title: { zh: '交易量统计', en: 'Trading statistics' },
  params: [
    month('monthFrom', THREE_MONTHS_BACK),
    month('monthTo', LAST_MONTH),
    { name: 'groupBy', kind: 'select', options: ['branch', 'account'], code: 'reportGroupBy', default: { value: 'branch' } },
  ],
  ranges: [['monthFrom', 'monthTo']],
  columns: {
    month: MONTH,
    key: { zh: '营业部/结算账号', en: 'Branch / fund account', kind: 'text' },
    keyName: { zh: '名称', en: 'Name', kind: 'text' },
    volume: VOLUME,
    quantity: { zh: '成交数量', en: 'Quantity', kind: 'money', total: true },
    commission: COMMISSION,
    fees: { zh: '规费', en: 'Fees', kind: 'money', total: true },
    guaranteed: { zh: '保底佣金', en: 'Guaranteed commission', kind: 'money', total: true },
    netCommission: NET_COMMISSION,
  },
  query: sql.tradingStatsQuery,
});

const customerRanking = defineReport({
  id: 'customer-ranking',
  title: { zh: '客户交易量排行', en: 'Customer ranking' },
  params: [
    date('from', MONTH_START),
    date('to', LAST_DAY),
    { name: 'by', kind: 'select', options: ['volume', 'commission', 'netCommission'], code: 'rankingMeasure', default: { value: 'volume' } },
    { name: 'limit', kind: 'integer', min: 1, max: 10000, default: { value: '100' } },
  ],
  ranges: [['from', 'to']],
  columns: {
    rank: { zh: '排名', en: 'Rank', kind: 'int' },
    customerNo: CUSTOMER_NO,
    name: CUSTOMER_NAME,
    volume: VOLUME,
    commission: COMMISSION,
    netCommission: NET_COMMISSION,
  },
  query: sql.customerRankingQuery,
});

const tierDistribution = defineReport({
  id: 'tier-distribution',
  title: { zh: '客户级别分布', en: 'Customers and assets by tier' },
  params: [date('date', LAST_DAY)],
  columns: {
    tier: { zh: '级别', en: 'Tier', kind: 'text' },
    customers: { zh: '客户数', en: 'Customers', kind: 'int', total: true },
    asset: { zh: '资产', en: 'Asset', kind: 'money', total: true },
  },
  query: sql.tierDistributionQuery,
});

const assetTrend = defineReport({
  id: 'asset-trend',
  title: { zh: '月末资产走势', en: 'Month-end assets' },
  params: [{ name: 'months', kind: 'integer', min: 1, max: 24, default: { value: '6' } }],
  columns: {
    month: MONTH,
    customers: { zh: '客户数', en: 'Customers', kind: 'int' },
    asset: { zh: '资产', en: 'Asset', kind: 'money' },
  },
  query: sql.assetTrendQuery,
});

// ---------------------------------------------------------------- staff reports (attributed, §2)

const STAFF_NO: ColumnSpec = { zh: '员工编号', en: 'Staff no.', kind: 'text' };
const STAFF_NAME: ColumnSpec = { zh: '员工姓名', en: 'Staff name', kind: 'text' };
const money = (zh: string, en: string): ColumnSpec => ({ zh, en, kind: 'money', total: true });
const count = (zh: string, en: string): ColumnSpec => ({ zh, en, kind: 'count', total: true });
/** Relationship-attributed counts are weighted (business-rules.md §2). */
const WEIGHTED_NOTE: LocalizedText = {
  zh: '客户数、开户数按开发关系权重加权计算，共同开发的客户按权重拆分，故可能为小数。',
  en: 'Customer and opening counts are weighted by the development relationships’ weights, so shared customers split and counts can have decimals.',
};

const staffMonthly = defineReport({
  id: 'staff-monthly',
  title: { zh: '经纪人月指标', en: 'Staff monthly indicators' },
  note: WEIGHTED_NOTE,
  params: [month('month', LAST_MONTH)],
  columns: {
    staffNo: STAFF_NO,
    staffName: STAFF_NAME,
    customers: count('客户数', 'Customers'),
    validCustomers: count('有效户数', 'Valid customers'),
    newCustomers: count('新开户数', 'New customers'),
    monthEndAsset: money('月末资产', 'Month-end asset'),
    netInflow: money('净流入', 'Net inflow'),
    volume: VOLUME,
    commission: COMMISSION,
    netCommission: NET_COMMISSION,
    productSales: money('产品销售额', 'Product sales'),
  },
  query: staffSql.staffMonthlyQuery,
});

const teamMarketing = defineReport({
  id: 'team-marketing',
  title: { zh: '团队经纪人营销状况', en: 'Team broker marketing status' },
  note: WEIGHTED_NOTE,
  params: [
    { name: 'team', kind: 'team', optional: true, default: { own: 'team' } },
    { name: 'branch', kind: 'branch', optional: true, default: { own: 'branch' } },
    date('openFrom', { day: 'yearStart' }),
    date('openTo', LAST_DAY),
    month('monthFrom', THREE_MONTHS_BACK),
    month('monthTo', LAST_MONTH),
  ],
  oneOf: ['team', 'branch'],
  ranges: [
    ['openFrom', 'openTo'],
    ['monthFrom', 'monthTo'],
  ],
  columns: {
    staffNo: STAFF_NO,
    staffName: STAFF_NAME,
    periodVolume: money('本期交易量', 'Period volume'),
    periodCommission: money('本期佣金', 'Period commission'),
    cumVolume: money('累计交易量', 'Cumulative volume'),
    cumCommission: money('累计佣金', 'Cumulative commission'),
    periodAsset: money('本期资产', 'Period asset'),
    periodMarketValue: money('本期证券市值', 'Period market value'),
    periodCash: money('本期保证金余额', 'Period cash'),
    cumAsset: money('累计资产', 'Cumulative asset'),
    cumMarketValue: money('累计证券市值', 'Cumulative market value'),
    cumCash: money('累计保证金余额', 'Cumulative cash'),
    periodOpened: count('本期开户数', 'Opened in period'),
    periodClosed: count('本期销户数', 'Closed in period'),
    cumOpened: count('累计开户数', 'Opened, cumulative'),
    cumClosed: count('累计销户数', 'Closed, cumulative'),
  },
  query: staffSql.teamMarketingQuery,
});

const relationshipAssets = defineReport({
  id: 'relationship-assets',
  title: { zh: '经纪关系客户资产明细', en: 'Relationship customers’ asset detail' },
  params: [date('date', LAST_DAY)],
  columns: {
    customerNo: CUSTOMER_NO,
    name: CUSTOMER_NAME,
    staffNo: STAFF_NO,
    staffName: STAFF_NAME,
    openDate: { zh: '开户日期', en: 'Open date', kind: 'date' },
    stockValue: money('股票市值', 'Stock value'),
    fundValue: money('基金市值', 'Fund value'),
    bondValue: money('债券市值', 'Bond value'),
    otherValue: money('其他市值', 'Other value'),
    cashCny: money('人民币保证金', 'Cash (CNY)'),
    cashUsd: money('美元保证金', 'Cash (USD)'),
    cashHkd: money('港币保证金', 'Cash (HKD)'),
    totalAsset: money('总资产', 'Total asset'),
    commission: COMMISSION,
  },
  query: staffSql.relationshipAssetsQuery,
  paging: {},
});

/** The reports in the order of the 报表统计 menu. */
export const REPORTS: ReadonlyMap<string, Report> = new Map(
  [customerAssets, commissionRate, assetExtremes, tradingStats, customerRanking, tierDistribution, assetTrend, staffMonthly, teamMarketing, relationshipAssets].map((r) => [r.id, r]),
);

// ---------------------------------------------------------------- defaults for the caller

/** Who the defaults are for: the caller's scope level and own team and branch (null without a staff link). */
export interface DefaultsSubject {
  scopeLevel: string;
  teamCode: string | null;
  branchCode: string | null;
}

/**
 * 团队经纪人营销状况 opens on the caller's own unit: a team lead's or broker's team, a branch
 * manager's branch (or the branch of someone in no team); head office (and a login without a staff
 * link) chooses.
 */
export function ownUnit(user: DefaultsSubject): { team?: string; branch?: string } {
  if (!user.branchCode || user.scopeLevel === 'ALL') return {};
  if (user.scopeLevel !== 'BRANCH' && user.teamCode) return { team: user.teamCode };
  return { branch: user.branchCode };
}

/** The default of a parameter for the caller, given the last trading day (YYYY-MM-DD); null when it has none (head office's team). */
export function defaultValue(rule: DefaultRule, lastTradingDay: string, user: DefaultsSubject): string | null {
  if ('value' in rule) return rule.value;
  if ('monthsBack' in rule) return addMonths(lastTradingDay.slice(0, 7), -rule.monthsBack);
  if ('own' in rule) return ownUnit(user)[rule.own] ?? null;
  if (rule.day === 'monthStart') return `${lastTradingDay.slice(0, 8)}01`;
  if (rule.day === 'yearStart') return `${lastTradingDay.slice(0, 4)}-01-01`;
  return lastTradingDay;
}

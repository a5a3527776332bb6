/**
 * The report registry (报表统计, business-rules.md §4; ids, parameters and row keys: interfaces.md
 * "Reports", a public contract). A report is an id, a zod parameter schema, its columns (key,
 * Chinese and English title, kind) in the order shown, the row type those keys make, and one SQL
 * builder that always ANDs the caller's data scope (reports.sql.ts).
 */
import { z } from 'zod';
import type { CodeKind } from '../../../../shared/codes.js';
import { calendarDate, calendarMonth, isCalendarDate, isCalendarMonth } from '../../dates.js';
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
}

export interface ReportColumn extends ColumnSpec {
  key: string;
}

/** A report with its types erased, as the routes and the service use it. */
export interface Report {
  id: string;
  title: LocalizedText;
  columns: readonly ReportColumn[];
  /** The dictionary kind of each coded parameter, for the export's 查询参数 row. */
  paramCodes?: Readonly<Partial<Record<string, CodeKind>>>;
  /** Validates the raw query parameters (422 naming each bad or unknown one) and builds the scoped SQL. */
  prepare(ctx: sql.ReportContext, rawParams: unknown): { params: Record<string, unknown>; query: sql.ReportQuery };
}

/** One column per row key, in the order shown (object keys keep their insertion order). */
type ColumnsOf<Row> = { [K in keyof Row & string]-?: ColumnSpec };

function defineReport<Row, S extends z.ZodType<Record<string, unknown>>>(def: {
  id: string;
  title: LocalizedText;
  params: S;
  paramCodes?: Readonly<Partial<Record<string, CodeKind>>>;
  columns: ColumnsOf<Row>;
  query: (ctx: sql.ReportContext, params: z.output<S>) => sql.ReportQuery;
}): Report {
  const columns = Object.entries(def.columns as Record<string, ColumnSpec>).map(([key, spec]) => ({ key, ...spec }));
  return {
    id: def.id,
    title: def.title,
    columns,
    paramCodes: def.paramCodes,
    prepare(ctx, rawParams) {
      const checked = checkQuery(def.params, rawParams);
      if (!checked.success) throw checked.error;
      return { params: checked.data, query: def.query(ctx, checked.data) };
    },
  };
}

// ---------------------------------------------------------------- parameters

const date = calendarDate;
const month = calendarMonth;
const intParam = (min: number, max: number, dflt: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `须为 ${min}–${max} 的整数 / must be a whole number from ${min} to ${max}`)
    .default(String(dflt))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A well-formed date or month (a bad one is reported by its own schema, not again as a reversed range). */
function isWellFormed(value: unknown): value is string {
  return typeof value === 'string' && (isCalendarMonth(value) || isCalendarDate(value));
}

/** Adds a 422 issue at `later` when the range [earlier, later] is reversed (ISO strings compare in order). */
function ordered<T extends Record<string, unknown>>(earlier: keyof T & string, later: keyof T & string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const a = value[earlier];
    const b = value[later];
    if (isWellFormed(a) && isWellFormed(b) && a > b) {
      ctx.addIssue({ code: 'custom', path: [later], message: `不能早于 ${earlier} / must not be before ${earlier}` });
    }
  };
}

// ---------------------------------------------------------------- row types (interfaces.md row keys)

export interface CustomerAssetsRow {
  customerNo: string;
  name: string;
  openDate: string;
  tradingDays: number;
  assetSum: string;
  assetAvg: string;
  volumeSum: string;
  volumeAvg: string;
}
export interface CommissionRateRow {
  customerNo: string;
  month: string;
  volume: string;
  commission: string;
  rate: string;
}
export interface AssetExtremesRow {
  customerNo: string;
  maxAsset: string;
  maxDate: string;
  minAsset: string;
  minDate: string;
}
export interface TradingStatsRow {
  month: string;
  key: string;
  volume: string;
  quantity: string;
  commission: string;
  fees: string;
  guaranteed: string;
  netCommission: string;
}
export interface CustomerRankingRow {
  rank: number;
  customerNo: string;
  name: string;
  volume: string;
  commission: string;
  netCommission: string;
}
export interface TierDistributionRow {
  tier: string;
  customers: number;
  asset: string;
}
export interface StaffMonthlyRow {
  staffNo: string;
  staffName: string;
  customers: number;
  validCustomers: number;
  newCustomers: number;
  monthEndAsset: string;
  netInflow: string;
  volume: string;
  commission: string;
  netCommission: string;
  productSales: string;
}
export interface TeamMarketingRow {
  staffNo: string;
  staffName: string;
  periodVolume: string;
  periodCommission: string;
  cumVolume: string;
  cumCommission: string;
  periodAsset: string;
  periodMarketValue: string;
  periodCash: string;
  cumAsset: string;
  cumMarketValue: string;
  cumCash: string;
  periodOpened: number;
  periodClosed: number;
  cumOpened: number;
  cumClosed: number;
}
export interface RelationshipAssetsRow {
  customerNo: string;
  name: string;
  staffNo: string;
  staffName: string;
  openDate: string;
  stockValue: string;
  fundValue: string;
  bondValue: string;
  otherValue: string;
  cashCny: string;
  cashUsd: string;
  cashHkd: string;
  totalAsset: string;
  commission: string;
}
export interface AssetTrendRow {
  month: string;
  customers: number;
  asset: string;
}

const CUSTOMER_NO: ColumnSpec = { zh: '客户号', en: 'Customer no.', kind: 'text' };
const VOLUME: ColumnSpec = { zh: '交易量', en: 'Volume', kind: 'money' };
const COMMISSION: ColumnSpec = { zh: '毛佣金', en: 'Gross commission', kind: 'money' };
const NET_COMMISSION: ColumnSpec = { zh: '净佣金', en: 'Net commission', kind: 'money' };
const MONTH: ColumnSpec = { zh: '月份', en: 'Month', kind: 'month' };

// ---------------------------------------------------------------- the reports

const customerAssets = defineReport<CustomerAssetsRow, z.ZodType<{ openFrom: string; openTo: string; from: string; to: string }>>({
  id: 'customer-assets',
  title: { zh: '客户资产查询', en: 'Customer assets' },
  params: z
    .object({ openFrom: date, openTo: date, from: date, to: date })
    .superRefine(ordered('openFrom', 'openTo'))
    .superRefine(ordered('from', 'to')),
  columns: {
    customerNo: CUSTOMER_NO,
    name: { zh: '客户姓名', en: 'Name', kind: 'text' },
    openDate: { zh: '开户日期', en: 'Open date', kind: 'date' },
    tradingDays: { zh: '交易日数', en: 'Trading days', kind: 'int' },
    assetSum: { zh: '区间汇总资产', en: 'Asset sum', kind: 'money' },
    assetAvg: { zh: '日均资产', en: 'Daily average asset', kind: 'money' },
    volumeSum: { zh: '区间交易量', en: 'Volume sum', kind: 'money' },
    volumeAvg: { zh: '日均交易量', en: 'Daily average volume', kind: 'money' },
  },
  query: sql.customerAssetsQuery,
});

const commissionRate = defineReport<CommissionRateRow, z.ZodType<{ monthFrom: string; monthTo: string }>>({
  id: 'commission-rate',
  title: { zh: '查询客户佣金率', en: 'Monthly commission rate' },
  params: z.object({ monthFrom: month, monthTo: month }).superRefine(ordered('monthFrom', 'monthTo')),
  columns: {
    customerNo: CUSTOMER_NO,
    month: MONTH,
    volume: VOLUME,
    commission: COMMISSION,
    rate: { zh: '月柜台佣金率', en: 'Commission rate', kind: 'rate' },
  },
  query: sql.commissionRateQuery,
});

const assetExtremes = defineReport<AssetExtremesRow, z.ZodType<{ from: string; to: string }>>({
  id: 'asset-extremes',
  title: { zh: '客户最高最低资产查询', en: 'Highest and lowest assets' },
  params: z.object({ from: date, to: date }).superRefine(ordered('from', 'to')),
  columns: {
    customerNo: CUSTOMER_NO,
    maxAsset: { zh: '最高资产', en: 'Highest asset', kind: 'money' },
    maxDate: { zh: '最高资产日期', en: 'Date of highest', kind: 'date' },
    minAsset: { zh: '最低资产', en: 'Lowest asset', kind: 'money' },
    minDate: { zh: '最低资产日期', en: 'Date of lowest', kind: 'date' },
  },
  query: sql.assetExtremesQuery,
});

const tradingStats = defineReport<TradingStatsRow, z.ZodType<{ monthFrom: string; monthTo: string; groupBy: 'branch' | 'account' }>>({
  id: 'trading-stats',
  title: { zh: '交易量统计', en: 'Trading statistics' },
  paramCodes: { groupBy: 'reportGroupBy' },
  params: z
    .object({ monthFrom: month, monthTo: month, groupBy: z.enum(['branch', 'account']).default('branch') })
    .superRefine(ordered('monthFrom', 'monthTo')),
  columns: {
    month: MONTH,
    key: { zh: '营业部/结算账号', en: 'Branch / fund account', kind: 'text' },
    volume: VOLUME,
    quantity: { zh: '成交数量', en: 'Quantity', kind: 'money' },
    commission: COMMISSION,
    fees: { zh: '规费', en: 'Fees', kind: 'money' },
    guaranteed: { zh: '保底佣金', en: 'Guaranteed commission', kind: 'money' },
    netCommission: NET_COMMISSION,
  },
  query: sql.tradingStatsQuery,
});

const customerRanking = defineReport<
  CustomerRankingRow,
  z.ZodType<{ from: string; to: string; by: sql.RankingMeasure; limit: number }, Record<string, unknown>>
>({
  id: 'customer-ranking',
  title: { zh: '客户交易量排行', en: 'Customer ranking' },
  paramCodes: { by: 'rankingMeasure' },
  params: z
    .object({ from: date, to: date, by: z.enum(['volume', 'commission', 'netCommission']).default('volume'), limit: intParam(1, 10000, 100) })
    .superRefine(ordered('from', 'to')),
  columns: {
    rank: { zh: '排名', en: 'Rank', kind: 'int' },
    customerNo: CUSTOMER_NO,
    name: { zh: '客户姓名', en: 'Name', kind: 'text' },
    volume: VOLUME,
    commission: COMMISSION,
    netCommission: NET_COMMISSION,
  },
  query: sql.customerRankingQuery,
});

const tierDistribution = defineReport<TierDistributionRow, z.ZodType<{ date: string }>>({
  id: 'tier-distribution',
  title: { zh: '客户级别分布', en: 'Customers and assets by tier' },
  params: z.object({ date }),
  columns: {
    tier: { zh: '级别', en: 'Tier', kind: 'text' },
    customers: { zh: '客户数', en: 'Customers', kind: 'int' },
    asset: { zh: '资产', en: 'Asset', kind: 'money' },
  },
  query: sql.tierDistributionQuery,
});

const assetTrend = defineReport<AssetTrendRow, z.ZodType<{ months: number }, Record<string, unknown>>>({
  id: 'asset-trend',
  title: { zh: '月末资产走势', en: 'Month-end assets' },
  params: z.object({ months: intParam(1, 24, 6) }),
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
const money = (zh: string, en: string): ColumnSpec => ({ zh, en, kind: 'money' });
const count = (zh: string, en: string): ColumnSpec => ({ zh, en, kind: 'count' });

const staffMonthly = defineReport<StaffMonthlyRow, z.ZodType<{ month: string }>>({
  id: 'staff-monthly',
  title: { zh: '经纪人月指标', en: 'Staff monthly indicators' },
  params: z.object({ month }),
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

/** A team or branch code; an empty value counts as not given. */
const orgCode = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '代码格式不正确 / not a valid code').optional(),
);

const teamMarketing = defineReport<TeamMarketingRow, z.ZodType<staffSql.TeamMarketingParams, Record<string, unknown>>>({
  id: 'team-marketing',
  title: { zh: '团队经纪人营销状况', en: 'Team broker marketing status' },
  params: z
    .object({ team: orgCode, branch: orgCode, openFrom: date, openTo: date, monthFrom: month, monthTo: month })
    .superRefine((value, ctx) => {
      if ((value.team === undefined) === (value.branch === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['team'], message: '须给出 team 或 branch 之一 / give either team or branch' });
      }
    })
    .superRefine(ordered('openFrom', 'openTo'))
    .superRefine(ordered('monthFrom', 'monthTo')),
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

const relationshipAssets = defineReport<RelationshipAssetsRow, z.ZodType<{ date: string }>>({
  id: 'relationship-assets',
  title: { zh: '经纪关系客户资产明细', en: 'Relationship customers’ asset detail' },
  params: z.object({ date }),
  columns: {
    customerNo: CUSTOMER_NO,
    name: { zh: '客户姓名', en: 'Name', kind: 'text' },
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
});

export const REPORTS: ReadonlyMap<string, Report> = new Map(
  [customerAssets, commissionRate, assetExtremes, tradingStats, customerRanking, tierDistribution, assetTrend, staffMonthly, teamMarketing, relationshipAssets].map((r) => [r.id, r]),
);

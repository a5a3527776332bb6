/**
 * 经纪关系查询 (business-rules.md §2; interfaces.md `GET /api/relationships?customerNo=&staffNo=&kind=&at=`):
 * every relationship in the caller's scope with its assessment set (考核集), weight, added, effective
 * (生效), confirmed (有效确认) and end dates, and the customer's month-end total asset (月末资产) with
 * its weighted share.
 *
 * - Scope: a row shows when its customer is in the caller's customer scope and its staff member in the
 *   caller's staff scope (access/scope.ts; the rule relationship-assets follows too), both as of today.
 * - `at`: only relationships effective on that day (effective_from and ended_on both inclusive).
 * - `status`: current (effective today), ended (ended before today), upcoming (starting after today).
 * - Month-end asset: the customer's total asset on the last imported trading day of `month`
 *   (sum_customer_monthly.asset_end), default the latest complete month (the month before the month
 *   of the last imported trading day: a month is complete once a later day is imported). The weighted
 *   asset is that × the weight, for a relationship effective on that month-end day (null otherwise).
 *   Both exact in SQL, rounded half up to 0.01 only when shown.
 */
import { z } from 'zod';
import { bindParam, customerScope, relationshipEffectiveOn, staffScope, type ScopeSubject } from '../access/scope.js';
import { calendarDate, calendarMonth, monthBounds } from '../../lib/dates.js';
import { relationshipTerms } from '../customers/customers.schemas.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import type { ReportQuery } from '../reports/reports.sql.js';

/** A query value that may be sent empty (`?branch=`) and then means "no filter". */
function optionalFilter<T extends z.ZodType<string | undefined>>(schema: T) {
  return z
    .union([z.literal(''), schema])
    .optional()
    .transform((value) => (value === '' ? undefined : value));
}

const date = calendarDate;
const text = z.string().trim().max(64);

export const relationshipQuerySchema = z.object({
  customerNo: optionalFilter(text),
  staffNo: optionalFilter(text),
  kind: optionalFilter(z.enum(['DEVELOP', 'SERVICE'])),
  at: optionalFilter(date).describe('only relationships effective on this day (both ends inclusive)'),
  branch: optionalFilter(text).describe("the customer's branch"),
  team: optionalFilter(text).describe("the staff member's team"),
  assessmentSet: optionalFilter(text).describe('考核集'),
  status: optionalFilter(z.enum(['current', 'ended', 'upcoming'])).describe('relative to today'),
  confirmed: optionalFilter(z.enum(['yes', 'no'])).describe('有效确认: confirmed date set or not'),
  month: optionalFilter(calendarMonth).describe('month of the month-end asset; default the latest complete month'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type RelationshipQuery = z.output<typeof relationshipQuerySchema>;
export type RelationshipFilters = Omit<RelationshipQuery, 'page' | 'pageSize' | 'format'>;

const decimal = z.string().describe('decimal string');

export const relationshipItem = z.object({
  id: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  staffNo: z.string(),
  staffName: z.string(),
  teamCode: z.string().nullable(),
  teamName: z.string().nullable(),
  staffStatus: z.enum(['ACTIVE', 'LEFT']),
  kind: z.enum(['DEVELOP', 'SERVICE']),
  ...relationshipTerms,
  source: z.string(),
  monthEndAsset: decimal.nullable().describe("the customer's total asset at the month end (CNY, 0.01)"),
  weightedAsset: decimal.nullable().describe('monthEndAsset × weight, when the relationship holds at the month end'),
});
export type RelationshipItem = z.infer<typeof relationshipItem>;

export const relationshipPage = z.object({
  items: z.array(relationshipItem),
  total: z.number().int(),
  month: z.string().nullable().describe('YYYY-MM of the month-end asset'),
  monthEndDate: z.string().nullable().describe('the last imported trading day of that month'),
});
export type RelationshipPage = z.infer<typeof relationshipPage>;

/** The columns of the list and of the Excel export, in order (Chinese titles in the file). */
export const RELATIONSHIP_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'staffNo', zh: '员工编号', en: 'Staff no.', kind: 'text' },
  { key: 'staffName', zh: '员工姓名', en: 'Staff', kind: 'text' },
  { key: 'teamName', zh: '团队', en: 'Team', kind: 'text' },
  { key: 'kind', zh: '关系类型', en: 'Kind', kind: 'text', code: 'relationshipKind' },
  { key: 'weight', zh: '权重', en: 'Weight', kind: 'rate' },
  { key: 'assessmentSet', zh: '考核集', en: 'Assessment set', kind: 'text' },
  { key: 'addedOn', zh: '添加日期', en: 'Added on', kind: 'date' },
  { key: 'effectiveFrom', zh: '生效日期', en: 'Effective from', kind: 'date' },
  { key: 'confirmedOn', zh: '有效确认日期', en: 'Confirmed on', kind: 'date' },
  { key: 'endedOn', zh: '结束日期', en: 'Ended on', kind: 'date' },
  { key: 'guaranteedRate', zh: '保底佣金率', en: 'Guaranteed rate', kind: 'rate' },
  { key: 'monthEndAsset', zh: '月末资产', en: 'Month-end asset', kind: 'money' },
  { key: 'weightedAsset', zh: '权重资产', en: 'Weighted asset', kind: 'money' },
];

export interface QueryContext {
  user: ScopeSubject;
  /** Today in the business time zone. */
  today: string;
}

/** The month of the month-end asset: the one asked for, else the month before the last imported trading day's. */
export function monthEndMonth(requested: string | undefined, lastTradingDay: string | null): string | null {
  if (requested) return requested;
  if (lastTradingDay === null) return null;
  const [year, month] = lastTradingDay.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The scoped, filtered relationships as SQL (`select` list as the raw row keys); without order or paging. */
function filtered(filters: RelationshipFilters, month: string | null, ctx: QueryContext): { from: string; values: unknown[]; monthStart: string } {
  const values: unknown[] = [];
  const bounds = month ? monthBounds(month) : null;
  const monthStart = bindParam(values, bounds?.first ?? null);
  const monthNext = bindParam(values, bounds?.next ?? null);
  const where = [customerScope(ctx.user, { alias: 'c', params: values, asOf: ctx.today }), staffScope(ctx.user, { alias: 's', params: values })];
  if (filters.customerNo) where.push(`r.customer_no = ${bindParam(values, filters.customerNo)}`);
  if (filters.staffNo) where.push(`r.staff_no = ${bindParam(values, filters.staffNo)}`);
  if (filters.kind) where.push(`r.kind = ${bindParam(values, filters.kind)}`);
  if (filters.at) where.push(relationshipEffectiveOn('r', bindParam(values, filters.at)));
  if (filters.branch) where.push(`c.branch_code = ${bindParam(values, filters.branch)}`);
  if (filters.team) where.push(`s.team_code = ${bindParam(values, filters.team)}`);
  if (filters.assessmentSet) where.push(`r.assessment_set = ${bindParam(values, filters.assessmentSet)}`);
  if (filters.status === 'current') where.push(relationshipEffectiveOn('r', bindParam(values, ctx.today)));
  if (filters.status === 'ended') where.push(`r.ended_on < ${bindParam(values, ctx.today)}::date`);
  if (filters.status === 'upcoming') where.push(`r.effective_from > ${bindParam(values, ctx.today)}::date`);
  if (filters.confirmed === 'yes') where.push('r.confirmed_on is not null');
  if (filters.confirmed === 'no') where.push('r.confirmed_on is null');
  const from = `from relationships r
    join customers c on c.customer_no = r.customer_no
    join branches b on b.branch_code = c.branch_code
    join staff s on s.staff_no = r.staff_no
    left join teams t on t.team_code = s.team_code
    cross join (select max(d.trade_date) as day from trading_days d
                 where d.trade_date >= ${monthStart}::date and d.trade_date < ${monthNext}::date) me
    left join sum_customer_monthly m on m.month = ${monthStart}::date and m.customer_no = r.customer_no
   where ${where.join(' and ')}`;
  return { from, values, monthStart };
}

const SELECT = `select r.id, r.customer_no as "customerNo", c.name as "customerName", c.branch_code as "branchCode", b.branch_name as "branchName",
       r.staff_no as "staffNo", s.name as "staffName", s.team_code as "teamCode", t.team_name as "teamName", s.status as "staffStatus",
       r.kind, trim_scale(r.weight)::text as weight, r.assessment_set as "assessmentSet", r.added_on as "addedOn",
       r.effective_from as "effectiveFrom", r.confirmed_on as "confirmedOn", r.ended_on as "endedOn",
       trim_scale(r.guaranteed_rate)::text as "guaranteedRate", r.source,
       m.asset_end as "monthEndAsset",
       case when ${relationshipEffectiveOn('r', 'me.day')} then m.asset_end * r.weight end as "weightedAsset",
       me.day as "monthEndDate"`;

const ORDER = 'order by r.customer_no, r.staff_no, r.kind, r.effective_from, r.id';

/** The count, and one page or (without paging) every row, ordered by customer, staff, kind, start. */
export function relationshipQueries(filters: RelationshipFilters, month: string | null, ctx: QueryContext, page?: { page: number; pageSize: number }): { count: ReportQuery; rows: ReportQuery } {
  const { from, values } = filtered(filters, month, ctx);
  const rowValues = [...values];
  const paging = page ? `limit ${bindParam(rowValues, page.pageSize)} offset ${bindParam(rowValues, (page.page - 1) * page.pageSize)}` : '';
  return {
    count: { text: `select count(*)::int as n ${from}`, values },
    rows: { text: `${SELECT} ${from} ${ORDER} ${paging}`, values: rowValues },
  };
}

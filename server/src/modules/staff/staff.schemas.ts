/**
 * The staff API's shapes (人员管理 / 营销管理, read side): one zod schema each, for validation, the
 * OpenAPI document and (through z.infer) the service's types. Money and weights are decimal
 * strings; weighted counts are numbers rounded to 0.01 (as in the staff-monthly report); dates
 * YYYY-MM-DD; months YYYY-MM.
 */
import { z } from 'zod';
import { calendarDate, calendarMonth, isCalendarDate } from '../../lib/dates.js';
import { staffPlacement } from '../../lib/schema-fields.js';
import { holding, orderOutcome, relationshipTerms, tradeDeal } from '../customers/customers.schemas.js';

const decimal = z.string().describe('decimal string');
const money = decimal.describe('CNY, rounded half up to 0.01');
const date = z.string().describe('YYYY-MM-DD');
const nullableDate = date.nullable();

const dateParam = calendarDate;
const monthParam = calendarMonth;

/** A query value that may be sent empty (`?team=`) and then means "not given". */
function optional<T extends z.ZodType<string>>(schema: T) {
  return z
    .union([z.literal(''), schema])
    .optional()
    .transform((value) => (value === '' ? undefined : value));
}

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);

export const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const;

// ---------------------------------------------------------------- parameters

export const staffNoParams = z.object({ staffNo: z.string().min(1).max(64) });

export const staffListQuery = z.object({
  q: optional(z.string().trim().max(64)).describe('staff-number prefix or part of the name'),
  branch: optional(z.string().max(32)),
  team: optional(z.string().max(32)),
  category: optional(z.enum(STAFF_CATEGORIES)),
  status: optional(z.enum(['ACTIVE', 'LEFT'])),
  page,
  pageSize,
});
export type StaffListFilter = z.output<typeof staffListQuery>;

export const staffCustomersQuery = z.object({
  view: z.enum(['current', 'history']).default('current').describe('current: effective today; history: ended and not current'),
  page,
  pageSize,
});
export type StaffCustomersFilter = z.output<typeof staffCustomersQuery>;

/** Adds a 422 issue at `later` when [earlier, later] is reversed (ISO strings compare in order). */
function ordered<T extends Record<string, unknown>>(earlier: keyof T & string, later: keyof T & string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const a = value[earlier];
    const b = value[later];
    if (typeof a === 'string' && typeof b === 'string' && a > b) {
      ctx.addIssue({ code: 'custom', path: [later], message: `不能早于 ${earlier} / must not be before ${earlier}` });
    }
  };
}

/** At most this many months per indicators request (five years). */
export const MAX_MONTHS = 60;
/** At most this many days per flows request. */
export const MAX_FLOW_DAYS = 366;

export const indicatorsQuery = z
  .object({ monthFrom: optional(monthParam), monthTo: optional(monthParam) })
  .superRefine(ordered('monthFrom', 'monthTo'))
  .superRefine((value, ctx) => {
    if (!value.monthFrom || !value.monthTo) return;
    const months = (y: string) => Number(y.slice(0, 4)) * 12 + Number(y.slice(5, 7));
    if (months(value.monthTo) - months(value.monthFrom) >= MAX_MONTHS) {
      ctx.addIssue({ code: 'custom', path: ['monthFrom'], message: `最多 ${MAX_MONTHS} 个月 / at most ${MAX_MONTHS} months` });
    }
  });
export type IndicatorsFilter = z.output<typeof indicatorsQuery>;

export const dayQuery = z.object({ date: optional(dateParam).describe('default: the last trading day up to today') });

export const holdingsQuery = dayQuery.extend({ page, pageSize });
export type HoldingsFilter = z.output<typeof holdingsQuery>;

export const FLOW_KINDS = ['fund', 'order', 'trade'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export const flowsQuery = z
  .object({
    kind: z.enum(FLOW_KINDS).default('fund').describe('fund: 资金流水, order: 委托流水, trade: 成交流水'),
    from: optional(dateParam).describe('default: the first day of the last trading day’s month'),
    to: optional(dateParam).describe('default: the last trading day up to today'),
    page,
    pageSize,
  })
  .superRefine(ordered('from', 'to'))
  .superRefine((value, ctx) => {
    if (!value.from || !value.to || !isCalendarDate(value.from) || !isCalendarDate(value.to)) return;
    const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
    if (days >= MAX_FLOW_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: `最多 ${MAX_FLOW_DAYS} 天 / at most ${MAX_FLOW_DAYS} days` });
  });
export type FlowsFilter = z.output<typeof flowsQuery>;


// ---------------------------------------------------------------- responses

export const staffListItem = z.object({
  staffNo: z.string(),
  name: z.string(),
  category: z.string(),
  level: z.string(),
  ...staffPlacement,
  hireDate: date,
  leaveDate: nullableDate,
  contractType: z.string(),
  status: z.string(),
  currentCustomers: z.number().int().describe('customers with a relationship (any kind) effective today'),
});
export type StaffListItem = z.infer<typeof staffListItem>;

export const staffList = z.object({ items: z.array(staffListItem), total: z.number().int() });
export type StaffList = z.infer<typeof staffList>;

const historyEntry = z.object({
  field: z.string().describe('level, team_code, branch_code, category, contract_type or leave_date'),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  changedOn: date,
  source: z.string(),
  pending: z.boolean().describe('dated after today: recorded, not yet in effect'),
});

export const staffProfile = staffListItem.extend({
  mobile: z.string().nullable().describe('masked without the pii permission'),
  email: z.string().nullable().describe('masked without the pii permission'),
  asOf: date.describe('the day "current" refers to (today, business time zone)'),
  counts: z.object({
    currentCustomers: z.number().int(),
    developWeight: decimal.describe('Σ weights of the DEVELOP relationships effective today (weighted customers)'),
    historyCustomers: z.number().int().describe('customers whose relationships have all ended'),
  }),
  history: z.array(historyEntry).describe('历史信息: level, team and other changes, oldest first'),
});
export type StaffProfile = z.infer<typeof staffProfile>;

export const staffCustomer = z.object({
  relationshipId: z.string(),
  customerNo: z.string(),
  name: z.string(),
  branchCode: z.string(),
  openDate: date,
  closeDate: nullableDate,
  status: z.string(),
  kind: z.string().describe('DEVELOP 开发关系 / SERVICE 服务关系'),
  ...relationshipTerms,
  inScope: z.boolean().describe('the customer is in the caller’s data scope today; figures are null when not'),
  assetDate: nullableDate.describe('the customer’s latest day with figures'),
  totalAsset: money.nullable(),
  weightedAsset: money.nullable().describe('totalAsset × weight, DEVELOP only'),
  tier: z.string().nullable(),
});
export type StaffCustomer = z.infer<typeof staffCustomer>;

export const staffCustomers = z.object({ view: z.enum(['current', 'history']), asOf: date, items: z.array(staffCustomer), total: z.number().int() });
export type StaffCustomers = z.infer<typeof staffCustomers>;

const monthlyIndicator = z.object({
  month: z.string().describe('YYYY-MM'),
  customers: z.number(),
  validCustomers: z.number(),
  newCustomers: z.number(),
  monthEndAsset: money,
  netInflow: money,
  volume: money,
  commission: money,
  netCommission: money,
  productSales: money,
});
export type MonthlyIndicator = z.infer<typeof monthlyIndicator>;

const monthlyTrading = z.object({
  month: z.string().describe('YYYY-MM'),
  volume: money,
  quantity: decimal,
  commission: money,
  fees: money,
  guaranteed: money.describe('保底佣金'),
  netCommission: money.describe('净佣金 = commission − fees − guaranteed; may be negative'),
});
export type MonthlyTrading = z.infer<typeof monthlyTrading>;

export const staffIndicators = z.object({
  monthFrom: z.string(),
  monthTo: z.string(),
  months: z.array(monthlyIndicator).describe('经纪人月指标: the staff-monthly report’s row of each month'),
  trading: z.array(monthlyTrading).describe('交易量统计 by month, attributed'),
});
export type StaffIndicators = z.infer<typeof staffIndicators>;

const assetFigures = {
  stockValue: money,
  fundValue: money,
  bondValue: money,
  otherValue: money,
  cashCny: money,
  cashUsd: money.describe('in USD'),
  cashHkd: money.describe('in HKD'),
  totalAsset: money,
  commission: money,
};

const staffAsset = z.object({ customerNo: z.string(), name: z.string(), openDate: date, ...assetFigures });
export type StaffAsset = z.infer<typeof staffAsset>;

export const staffAssets = z.object({
  date: nullableDate.describe('null when no trading day has been imported'),
  items: z.array(staffAsset).describe('per DEVELOP relationship effective that day, × weight (relationship-assets)'),
  totals: z.object(assetFigures),
});
export type StaffAssets = z.infer<typeof staffAssets>;

const staffHolding = z.object({ customerNo: z.string(), name: z.string(), ...holding.shape });
export type StaffHolding = z.infer<typeof staffHolding>;

export const staffHoldings = z.object({ date: nullableDate, items: z.array(staffHolding), total: z.number().int() });
export type StaffHoldings = z.infer<typeof staffHoldings>;

const flowBase = { tradeDate: date, customerNo: z.string(), name: z.string(), fundAccount: z.string() };

const fundFlow = z.object({ ...flowBase, kind: z.literal('fund'), time: z.string(), flowNo: z.string(), currency: z.string(), flowType: z.string(), amount: decimal });
const orderFlow = z.object({ ...flowBase, kind: z.literal('order'), time: z.string(), orderNo: z.string(), ...orderOutcome });
const tradeFlow = z.object({
  ...flowBase,
  kind: z.literal('trade'),
  time: z.string(),
  tradeNo: z.string(),
  orderNo: z.string().nullable(),
  ...tradeDeal,
  fees: decimal.describe('规费 = handling + regulatory fee'),
  channel: z.string(),
});
export const staffFlow = z.discriminatedUnion('kind', [fundFlow, orderFlow, tradeFlow]);
export type StaffFlow = z.infer<typeof staffFlow>;

export const staffFlows = z.object({
  kind: z.enum(FLOW_KINDS),
  from: nullableDate,
  to: nullableDate,
  items: z.array(staffFlow).describe('rows of customers related to the staff member (any kind) on the row’s date, newest first'),
  total: z.number().int(),
});
export type StaffFlows = z.infer<typeof staffFlows>;

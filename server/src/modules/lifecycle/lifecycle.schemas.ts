/**
 * The shapes of 客户管理 → 级别和分类, 潜在客户, 睡眠客户, 潜在流失客户, 流失客户 (business-rules.md §6):
 * the tier × lifecycle matrix with its trend, the lifecycle lists and the prospects. Money and
 * scores are decimal strings; dates YYYY-MM-DD.
 */
import { z } from 'zod';
import { calendarDate } from '../../lib/dates.js';

const decimal = z.string().describe('decimal string');

/** The lifecycle states of §6, in the order the pages show them. */
export const LIFECYCLES = ['POTENTIAL', 'ACTIVE', 'SLEEPING', 'DORMANT', 'CHURN_RISK', 'CHURNED'] as const;

/** A query value that may be sent empty (`?tier=`) and then means "no filter". */
function optionalFilter<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.union([z.literal(''), schema]).optional().transform((value) => (value === '' ? undefined : value));
}

export const classificationQuery = z.object({
  date: optionalFilter(calendarDate).describe('an imported trading day (default: the last one)'),
});

const cell = z.object({
  tier: z.string().nullable().describe('null: not open that day (POTENTIAL, CHURNED by closing)'),
  lifecycle: z.enum(LIFECYCLES),
  customers: z.number().int(),
  netAsset: decimal.describe('Σ net asset (CNY) of the open customers of the cell that day'),
});

export const classificationAnswer = z.object({
  date: z.string().nullable().describe('the day counted; null before any import'),
  tiers: z.array(z.string()).describe('the configured tiers, highest first'),
  cells: z.array(cell),
  prospects: z.number().int().describe('appointments (预约开户) in scope not yet opened'),
  trend: z.array(z.object({ month: z.string().describe('YYYY-MM'), date: z.string(), cells: z.array(cell) }))
    .describe('the same counts on the last imported trading day of each of the last 12 months, oldest first'),
});
export type ClassificationAnswer = z.infer<typeof classificationAnswer>;

export const LIFECYCLE_SORTS = ['-netAsset', 'netAsset', '-churnScore', 'lastTradeDate', '-lastTradeDate', 'customerNo'] as const;

export const lifecycleListQuery = z.object({
  format: z.enum(['json', 'xlsx']).default('json').describe('xlsx: every row of the filtered list as an Excel file'),
  date: optionalFilter(calendarDate).describe('an imported trading day (default: the last one)'),
  lifecycle: optionalFilter(z.enum(LIFECYCLES)),
  tier: optionalFilter(z.string().max(32)).describe('a configured tier (客户级别) on the day'),
  branch: optionalFilter(z.string().max(32)),
  q: optionalFilter(z.string().trim().max(64)).describe('customer-number prefix or part of the name'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  sort: z.enum(LIFECYCLE_SORTS).default('-netAsset'),
});
export type LifecycleListQuery = z.infer<typeof lifecycleListQuery>;
export type LifecycleListFilter = Omit<LifecycleListQuery, 'format' | 'page' | 'pageSize'>;

const staffName = z.object({ staffNo: z.string(), name: z.string(), kind: z.string().describe('DEVELOP / SERVICE') });

export const lifecycleListItem = z.object({
  customerNo: z.string(),
  name: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  tier: z.string().nullable(),
  lifecycle: z.enum(LIFECYCLES),
  totalAsset: decimal,
  netAsset: decimal,
  lastTradeDate: z.string().nullable(),
  daysSinceTrade: z.number().int().nullable().describe('calendar days from the last trade (or the open date) to the day'),
  openDate: z.string(),
  closeDate: z.string().nullable(),
  churnedOn: z.string().nullable().describe('the day of the outflow churn event (§7) when it is set'),
  churnScore: decimal.nullable().describe('the day’s churn score in [0, 1], when scored'),
  churnReasons: z.array(z.object({ code: z.string(), text: z.string() })).describe('the score’s reasons in words (the rules that fired, the tree path), in the request’s language'),
  staff: z.array(staffName).describe('relationships effective today (开发 / 服务)'),
});
export type LifecycleListItem = z.infer<typeof lifecycleListItem>;

export const lifecycleList = z.object({
  date: z.string().nullable(),
  tiers: z.array(z.string()).describe('the configured tiers, highest first (the choices of the tier filter)'),
  items: z.array(lifecycleListItem),
  total: z.number().int(),
});
export type LifecycleList = z.infer<typeof lifecycleList>;

export const PROSPECT_STATUSES = ['PENDING', 'APPROVED'] as const;

export const prospectListQuery = z.object({
  format: z.enum(['json', 'xlsx']).default('json'),
  q: optionalFilter(z.string().trim().max(64)).describe('part of the name'),
  status: optionalFilter(z.enum(PROSPECT_STATUSES)),
  branch: optionalFilter(z.string().max(32)),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ProspectListQuery = z.infer<typeof prospectListQuery>;
export type ProspectFilter = Partial<Omit<ProspectListQuery, 'format' | 'page' | 'pageSize'>>;

export const prospectItem = z.object({
  id: z.string(),
  name: z.string(),
  idNo: z.string().nullable().describe('masked without the pii permission'),
  mobile: z.string().nullable().describe('masked without the pii permission'),
  branchCode: z.string(),
  branchName: z.string(),
  appointmentDate: z.string(),
  staffNo: z.string(),
  staffName: z.string(),
  status: z.enum(PROSPECT_STATUSES),
});
export type ProspectItem = z.infer<typeof prospectItem>;

export const prospectList = z.object({ items: z.array(prospectItem), total: z.number().int() });
export type ProspectList = z.infer<typeof prospectList>;

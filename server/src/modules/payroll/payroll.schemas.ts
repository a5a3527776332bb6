/**
 * The zod schemas of the payroll API (/api/payroll): what each route accepts and answers. The
 * OpenAPI document (/api/openapi.json) is generated from them; a response is serialized through its
 * schema, so every field a route returns is listed here. Money and rates are decimal strings.
 */
import { z } from 'zod';
import { isCalendarMonth } from '../../lib/dates.js';
import { ADJUSTMENT_KINDS, STAFF_LEVELS, templateProblems } from './payroll.rules.js';

// ---------------------------------------------------------------- shared pieces

export const month = z.string().refine(isCalendarMonth, { message: 'YYYY-MM' }).describe('YYYY-MM');
export const monthParams = z.object({ month });
export const staffNo = z.string().min(1).max(40);
export const templateCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,31}$/, { message: '2–32 位大写字母、数字或下划线，以字母开头 / 2–32 capitals, digits or underscores, starting with a letter' });
export const templateParams = z.object({ code: templateCode });
export const adjustmentParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** A positive magnitude in cents (the sign follows the adjustment's kind). */
export const adjustmentAmount = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: '须为不超过 12 位整数、至多两位小数的正数 / a positive amount of at most 12 digits and two decimals, e.g. "200.00"' });

const decimal = (what: string) => z.string().describe(`${what}: an exact decimal as a string`);
const money = (what: string) => z.string().describe(`${what}: a decimal string rounded to the cent, e.g. "1234.50"`);
const isoTime = z.string().describe('ISO 8601 timestamp');
const monthStatusEnum = z.enum(['OPEN', 'LOCKED']);
const adjustmentKind = z.enum(ADJUSTMENT_KINDS);

// ---------------------------------------------------------------- months and payslips (工资单)

export const monthStatusSchema = z.object({
  month: z.string(),
  status: monthStatusEnum,
  templateCode: z.string().describe('the commission template the month is (or will be) computed with'),
  computedAt: isoTime.nullable(),
  computedBy: z.string().nullable(),
  stale: z.boolean().describe('adjustments or the template changed after the payslips were computed: recompute before locking'),
  lockedAt: isoTime.nullable(),
  lockedBy: z.string().nullable(),
  payslips: z.number().int(),
});

export const computeBody = z
  .object({ templateCode: templateCode.optional().describe("the template to compute with; default the month's own, else DEFAULT") })
  .nullish();

export const payslipSchema = z.object({
  month: z.string(),
  staffNo: z.string(),
  name: z.string(),
  branchCode: z.string(),
  teamCode: z.string().nullable(),
  level: z.string(),
  templateCode: z.string(),
  baseSalary: money('底薪 base salary'),
  netCommission: money('净佣金 attributed net commission (may be negative)'),
  commissionShare: money('佣金提成 commission share'),
  productSales: money('金融产品销售额 attributed product sales'),
  productSalesCommission: money('金融产品销售提成 product sales commission'),
  adjustmentsTotal: money('薪酬调整合计 adjustments'),
  adjustmentsByKind: z
    .object(Object.fromEntries(ADJUSTMENT_KINDS.map((kind) => [kind, money(kind)])) as Record<(typeof ADJUSTMENT_KINDS)[number], z.ZodString>)
    .describe('the adjustments the payslip was computed with, summed by kind'),
  total: money('应发合计 total'),
  computedAt: isoTime,
});

export const payslipListSchema = z.object({ month: monthStatusSchema, items: z.array(payslipSchema) });

export const payslipDetailSchema = payslipSchema.extend({
  status: monthStatusEnum,
  breakdown: z.object({
    tiers: z.array(
      z.object({ from: decimal('lower bound'), to: decimal('upper bound').nullable(), rate: decimal('rate'), base: decimal('the part of the net commission in the tier'), amount: decimal('unrounded') }),
    ),
    products: z.array(
      z.object({ productCode: z.string(), productName: z.string().nullable(), rate: decimal('sales commission rate'), sales: decimal('attributed sales'), commission: decimal('unrounded') }),
    ),
    adjustments: z.array(
      z.object({ id: z.string(), kind: adjustmentKind, title: z.string(), amount: money('signed amount'), note: z.string().nullable(), correctsMonth: z.string().nullable() }),
    ),
  }),
});

export const payslipsQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });

export const staffPayslipsQuery = z.object({
  staffNo: staffNo.optional().describe("the staff member; default the caller's own"),
  monthFrom: month.optional(),
  monthTo: month.optional(),
});

export const staffPayslipsSchema = z.object({
  staffNo: z.string(),
  name: z.string(),
  items: z.array(payslipSchema.extend({ status: monthStatusEnum, stale: z.boolean() })),
});

// ---------------------------------------------------------------- adjustments (薪酬调整)

export const adjustmentSchema = z.object({
  id: z.string(),
  month: z.string(),
  staffNo: z.string(),
  kind: adjustmentKind,
  title: z.string().describe('the kind in Chinese'),
  amount: money('signed amount: deductions negative'),
  note: z.string().nullable(),
  correctsMonth: z.string().nullable().describe('the locked month this adjustment corrects'),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedBy: z.string().nullable(),
  updatedAt: isoTime.nullable(),
});

export const adjustmentListSchema = z.object({ items: z.array(adjustmentSchema) });

export const newAdjustmentBody = z.object({
  month,
  staffNo,
  kind: adjustmentKind,
  amount: adjustmentAmount,
  note: z.string().max(500).nullish(),
  toNextMonth: z.boolean().default(false),
});

export const adjustmentChangeBody = z.object({ kind: adjustmentKind.optional(), amount: adjustmentAmount.optional(), note: z.string().max(500).nullish() });

// ---------------------------------------------------------------- templates (提成模板)

const POSITIVE_MONEY_TEXT = /^(?=.*[1-9])\d{1,12}(\.\d{1,2})?$/; // numeric(14,2), above 0
const BOUND_TEXT = /^\d{1,14}(\.\d{1,2})?$/; // numeric(16,2)
const RATE_TEXT = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/; // numeric(8,6), 0–1

const baseSalaryText = z
  .string()
  .regex(POSITIVE_MONEY_TEXT, { message: '须为大于 0、最多两位小数的数字字符串，如 "5000.00" / must be a positive decimal string with at most two decimals, e.g. "5000.00"' });
const boundText = z
  .string()
  .regex(BOUND_TEXT, { message: '须为非负、最多两位小数的数字字符串，如 "20000" / must be a non-negative decimal string with at most two decimals, e.g. "20000"' });
const rateText = z
  .string()
  .regex(RATE_TEXT, { message: '须为 0 到 1 之间、最多六位小数的数字字符串，如 "0.3" / must be a decimal string from 0 to 1 with at most six decimals, e.g. "0.3"' });

const templateFields = {
  name: z.string().trim().min(1).max(100),
  baseSalaries: z.array(z.object({ level: z.enum(STAFF_LEVELS), baseSalary: baseSalaryText })).min(1).max(STAFF_LEVELS.length * 2),
  tiers: z.array(z.object({ lowerBound: boundText, upperBound: boundText.nullish(), rate: rateText })).min(1).max(20),
};

type TemplateFields = z.infer<z.ZodObject<typeof templateFields>>;

function checkTemplate(value: TemplateFields, ctx: z.RefinementCtx): void {
  for (const p of templateProblems(value)) ctx.addIssue({ code: 'custom', path: p.path, message: `${p.zh} / ${p.en}` });
}

/** PUT /api/payroll/templates/{code}: the whole template (base salary of every level, the tiers). */
export const templateBody = z.object(templateFields).superRefine(checkTemplate);

/** POST /api/payroll/templates: a new template. */
export const newTemplateBody = z.object({ templateCode, ...templateFields }).superRefine(checkTemplate);

export const templateSchema = z.object({
  templateCode: z.string(),
  name: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime.nullable(),
  updatedBy: z.string().nullable(),
  baseSalaries: z.array(z.object({ level: z.string(), baseSalary: money('底薪 base salary') })),
  tiers: z.array(z.object({ lowerBound: decimal('from'), upperBound: decimal('to, the next tier’s lower bound').nullable(), rate: decimal('rate 0–1') })),
  productRates: z
    .array(z.object({ productCode: z.string(), name: z.string(), rate: decimal('sales commission rate') }))
    .describe("金融产品销售提成: each product's own rate (the product catalogue's, read-only here)"),
  months: z
    .array(z.object({ month: z.string(), status: monthStatusEnum, stale: z.boolean() }))
    .describe('the months computed with this template, newest first'),
});

export const templateListSchema = z.object({ items: z.array(templateSchema) });

export const templateUpdateSchema = templateSchema.extend({
  staleMonths: z.array(z.string()).describe('open months computed with this template that the change marked for recomputation'),
});

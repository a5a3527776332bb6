/**
 * The shapes of 适当性管理 (suitability.md, interfaces.md "Products, suitability and margin"): the
 * check, the recorded warning confirmations and the expiring assessments. Dates YYYY-MM-DD, times
 * ISO 8601.
 */
import { z } from 'zod';
import { calendarDate } from '../../lib/dates.js';
import { INVESTOR_CLASSES, PRODUCT_RISKS, RISK_CATEGORIES, SUITABILITY_REASONS, SUITABILITY_RESULTS } from './suitability.rules.js';

/** A query value that may be sent empty (`?q=`) and then means "no filter". */
function optionalFilter<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.union([z.literal(''), schema]).optional().transform((value) => (value === '' ? undefined : value));
}

const code = z.string().trim().min(1).max(64);

export const checkBody = z.object({
  customerNo: code,
  productCode: code,
  date: calendarDate.optional().describe('the day of the check (default today, business date)'),
});
export type CheckBody = z.infer<typeof checkBody>;

const reason = z.object({ code: z.enum(SUITABILITY_REASONS).describe('suitabilityReason code'), text: z.string().describe('in the request’s language') });

export const checkAnswer = z.object({
  result: z.enum(SUITABILITY_RESULTS).describe('MATCH: may be recommended and sold; MISMATCH: only on the customer’s own initiative after a confirmed special warning; NEVER: refused'),
  customerRisk: z.enum(RISK_CATEGORIES).nullable().describe('the recorded category, null when never assessed'),
  productRisk: z.enum(PRODUCT_RISKS),
  assessmentValid: z.boolean().describe('the assessment counts on the day (an expired one counts as none: only R1 matches)'),
  reasons: z.array(reason),
  date: z.string().describe('the day checked'),
  customerNo: z.string(),
  customerName: z.string(),
  investorClass: z.enum(INVESTOR_CLASSES),
  lowestRiskCategory: z.boolean().describe('风险承受能力最低类别'),
  assessedOn: z.string().nullable(),
  assessmentExpiresOn: z.string().nullable().describe('the first day the assessment no longer counts'),
  productCode: z.string(),
  productName: z.string(),
});
export type CheckAnswer = z.infer<typeof checkAnswer>;

export const WARNING_TEXT_MAX = 4000;

export const confirmationBody = z.object({
  customerNo: code,
  productCode: code,
  warningText: z.string().trim().min(1).max(WARNING_TEXT_MAX).describe('the special written warning shown to the customer, as shown'),
});
export type ConfirmationBody = z.infer<typeof confirmationBody>;

export const confirmation = z.object({
  id: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  productCode: z.string(),
  productName: z.string(),
  customerRisk: z.enum(RISK_CATEGORIES).nullable(),
  assessedOn: z.string().nullable(),
  investorClass: z.enum(INVESTOR_CLASSES),
  productRisk: z.enum(PRODUCT_RISKS),
  warningText: z.string(),
  confirmedAt: z.string().describe('ISO 8601 timestamp'),
  staffNo: z.string().nullable().describe('the staff member linked to the login that recorded it'),
  staffName: z.string().nullable(),
  createdBy: z.string().describe('the username that recorded it'),
});
export type Confirmation = z.infer<typeof confirmation>;

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

export const confirmationListQuery = z.object({
  customerNo: optionalFilter(code),
  productCode: optionalFilter(code),
  from: optionalFilter(calendarDate).describe('confirmed on or after this day (business date)'),
  to: optionalFilter(calendarDate).describe('confirmed on or before this day (business date)'),
  page,
  pageSize,
});
export type ConfirmationListQuery = z.infer<typeof confirmationListQuery>;
export const confirmationList = z.object({ items: z.array(confirmation), total: z.number().int() });

export const EXPIRING_STATUSES = ['EXPIRING', 'EXPIRED', 'MISSING'] as const;

export const expiringQuery = z.object({
  status: optionalFilter(z.enum(EXPIRING_STATUSES)).describe('assessmentStatus code; default EXPIRING and EXPIRED'),
  withinDays: z.coerce.number().int().min(1).max(365).optional().describe('expiring within this many days (default the setting’s expiringWithinDays)'),
  q: optionalFilter(z.string().trim().max(64)).describe('customer-number prefix or part of the name'),
  branch: optionalFilter(z.string().max(32)),
  mine: z.enum(['true', 'false']).optional().describe('true: only the customers the caller serves today (the to-do of 我的待办: the SERVICE relationship, else the heaviest DEVELOP one); none for a login without a staff member'),
  page,
  pageSize,
});
export type ExpiringQuery = z.infer<typeof expiringQuery>;

export const expiringItem = z.object({
  customerNo: z.string(),
  name: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  riskLevel: z.enum(RISK_CATEGORIES).nullable(),
  assessedOn: z.string().nullable(),
  expiresOn: z.string().nullable().describe('the first day the assessment no longer counts'),
  daysLeft: z.number().int().nullable().describe('calendar days from today to expiresOn (≤ 0: expired)'),
  status: z.enum(EXPIRING_STATUSES),
  staff: z.array(z.object({ staffNo: z.string(), name: z.string(), kind: z.string().describe('relationshipKind code') })),
});
export type ExpiringItem = z.infer<typeof expiringItem>;

export const expiringList = z.object({
  date: z.string().describe('today (business date)'),
  withinDays: z.number().int(),
  items: z.array(expiringItem),
  total: z.number().int(),
});
export type ExpiringList = z.infer<typeof expiringList>;

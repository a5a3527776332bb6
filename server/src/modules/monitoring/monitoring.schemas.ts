/**
 * The monitoring API's shapes (异常监控, business-rules.md §9): one zod schema each, for validation,
 * the OpenAPI document and (through z.infer) the service's types. Amounts and shares in the
 * evidence are decimal strings; dates YYYY-MM-DD; times ISO 8601.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';
import { ALERT_ACTIONS, ALERT_STATUSES } from './monitoring.rules.js';

export const ALERT_RULES = codesOf('alertRule') as [string, ...string[]];
export const COMMENT_MAX = 1000;

const timestamp = z.string().describe('ISO 8601 timestamp');
const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

export const alertListQuery = z.object({
  rule: z.enum(ALERT_RULES).optional().describe('alertRule code'),
  status: z.enum(ALERT_STATUSES).optional().describe('alertStatus code'),
  customerNo: z.string().min(1).max(64).optional(),
  from: calendarDate.optional().describe('first day (YYYY-MM-DD), inclusive'),
  to: calendarDate.optional().describe('last day (YYYY-MM-DD), inclusive'),
  page,
  pageSize,
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;
export type AlertFilters = Omit<AlertListQuery, 'page' | 'pageSize' | 'format'>;

export const alert = z.object({
  id: z.string(),
  rule: z.enum(ALERT_RULES).describe('alertRule code'),
  customerNo: z.string(),
  customerName: z.string(),
  date: z.string().describe('the trading day the rule fired on (YYYY-MM-DD)'),
  evidence: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe('what made it fire: amounts and shares as decimal strings, days as YYYY-MM-DD, counts as numbers'),
  ownerStaffNo: z.string().nullable().describe('the customer’s serving staff on the day (SERVICE, else the heaviest DEVELOP)'),
  ownerName: z.string().nullable(),
  status: z.enum(ALERT_STATUSES).describe('alertStatus code'),
  withdrawn: z.boolean().describe('a correction of the data removed the condition after somebody acted on it'),
  updatedAt: timestamp,
});
export type Alert = z.infer<typeof alert>;

export const alertList = z.object({ items: z.array(alert), total: z.number().int() });

export const alertHistoryEntry = z.object({
  at: timestamp,
  action: z.enum(ALERT_ACTIONS).describe('alertAction code'),
  comment: z.string().nullable(),
  by: z.string().describe('the username that acted'),
  byName: z.string().describe('the display name of that user, else the username'),
});
export const alertDetail = alert.extend({ history: z.array(alertHistoryEntry) });
export type AlertDetail = z.infer<typeof alertDetail>;

export const alertParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

export const alertActionBody = z
  .object({
    action: z.enum(ALERT_ACTIONS).describe('alertAction code'),
    comment: z.string().trim().min(1).max(COMMENT_MAX).optional().describe('required for a note; at most 1000 characters'),
  })
  .refine((b) => b.action !== 'note' || b.comment !== undefined, { path: ['comment'], message: '备注必须填写 / a note needs a comment' });
export type AlertActionBody = z.infer<typeof alertActionBody>;

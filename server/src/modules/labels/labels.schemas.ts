/**
 * The label and customer-group API's shapes (客户标签, 客户群; interfaces.md "Customer
 * intelligence"): one zod schema each, for validation, the OpenAPI document and the service's types.
 * Amounts are decimal strings, dates YYYY-MM-DD, times ISO 8601. A filter is checked by the compiler
 * (labels.filter.ts), which names the bad field in a 422.
 */
import { z } from 'zod';
import { FILTER_OPS } from './labels.filter.js';
import { LABEL_GROUPS, LABEL_TYPES } from './labels.catalogue.js';

const timestamp = z.string().describe('ISO 8601 timestamp');

export const labelValue = z.object({ value: z.string(), title: z.string().describe('the value in the caller’s language') });

export const labelEntry = z.object({
  key: z.string().describe('the label’s key, used in filters'),
  title: z.string().describe('in the caller’s language'),
  group: z.enum(LABEL_GROUPS).describe('labelGroup code'),
  type: z.enum(LABEL_TYPES).describe('labelType code: numbers and money are compared as decimal strings, dates as YYYY-MM-DD'),
  values: z.array(labelValue).optional().describe('an enum’s values (lowest first when ordered); absent for an open enum (a staff number, a city …)'),
  ordered: z.boolean().describe('an enum whose values are ordered: > >= < <= between compare by that order'),
  ops: z.array(z.enum(FILTER_OPS)).describe('the operators the label takes (filterOp codes)'),
});
export const labelCatalogue = z.array(labelEntry);
export type LabelEntry = z.infer<typeof labelEntry>;

export const groupFilter = z
  .record(z.string(), z.unknown())
  .describe('{ "all": [ … ] } or { "any": [ … ] }, nesting allowed; leaves { "label", "op", "value" } (numbers and money as decimal strings, `in` an array, `between` [low, high])');

const groupName = z.string().trim().min(1).max(100);

export const groupBody = z.object({
  name: groupName,
  filter: groupFilter,
  shared: z.boolean().default(false).describe('every login with customer access may use it (each sees the members in its own scope); only the owner changes it'),
});
export type GroupBody = z.infer<typeof groupBody>;

export const groupUpdateBody = z
  .object({ name: groupName.optional(), filter: groupFilter.optional(), shared: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.filter !== undefined || b.shared !== undefined, { message: '至少修改一项 / change at least one field' });
export type GroupUpdateBody = z.infer<typeof groupUpdateBody>;

export const groupParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

export const group = z.object({
  id: z.string(),
  name: z.string(),
  filter: groupFilter,
  shared: z.boolean(),
  ownerId: z.string(),
  ownerUsername: z.string(),
  ownerName: z.string(),
  mine: z.boolean().describe('the caller owns it (may change and delete it)'),
  members: z.number().int().describe('the members in the OWNER’s scope at the last refresh (each import, or the save)'),
  refreshedOn: z.string().nullable().describe('the trading day of the last refresh (YYYY-MM-DD)'),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Group = z.infer<typeof group>;

export const groupListItem = group.extend({
  membersInMyScope: z.number().int().nullable().describe('the members in the CALLER’s scope on the last imported day (what its member list shows); null when the filter no longer compiles (a retired label)'),
});
export const groupList = z.object({ items: z.array(groupListItem) });
export type GroupList = z.infer<typeof groupList>;

export const groupCount = z.object({ date: z.string(), members: z.number().int() });
export const groupDetail = group.extend({
  history: z.array(groupCount).describe('the member count (owner’s scope) per imported trading day, oldest first'),
  membersInMyScope: z.number().int().describe('the members in the CALLER’s scope on the last imported day (what the member list shows)'),
});
export type GroupDetail = z.infer<typeof groupDetail>;

export const memberQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type MemberQuery = z.infer<typeof memberQuery>;

export const member = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  tier: z.string().nullable(),
  lifecycle: z.string().describe('lifecycle code'),
  netAsset: z.string().describe('decimal string, CNY'),
  avg20NetAsset: z.string().describe('decimal string, CNY'),
  riskLevel: z.string().nullable().describe('riskLevel code'),
  lastTradeDate: z.string().nullable(),
  servingStaffNo: z.string().nullable(),
  servingStaffName: z.string().nullable(),
});
export type Member = z.infer<typeof member>;

export const memberList = z.object({
  date: z.string().nullable().describe('the trading day the labels are of (the last imported one)'),
  items: z.array(member),
  total: z.number().int(),
});
export type MemberList = z.infer<typeof memberList>;

export const previewBody = z.object({ filter: groupFilter, pageSize: z.number().int().min(1).max(100).default(20) });
export type PreviewBody = z.infer<typeof previewBody>;

/**
 * The shapes of 客户信息完善 (issue 14 item 3): the customer information form (客户信息表) as read
 * and saved, its change history and the list of 信息待完善. Every choice is a code of shared/codes.ts.
 */
import { z } from 'zod';
import { isValidMobile } from '../../../../shared/identity.js';
import {
  ACCOUNT_RELATIONS, ASSET_BANDS, EDUCATIONS, FUND_SOURCES, GOALS, HORIZONS, INCOME_BANDS, INDUSTRIES, OCCUPATIONS, PRODUCT_CLASSES, RELATIONS,
  RISK_STATUSES, SCORE_BANDS, SCORED_FIELDS,
} from './kyc.rules.js';

const ID_NO_PROBLEMS = ['FORMAT', 'REGION', 'BIRTH_DATE', 'CHECK_DIGIT', 'LEGACY_15'] as const;
const RISK_CATEGORIES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
const INVESTOR_CLASSES = ['ORDINARY', 'PRO_A', 'PRO_B', 'PRO_C'] as const;

/** A query value that may be sent empty (`?q=`) and then means "no filter". */
function optionalFilter<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.union([z.literal(''), schema]).optional().transform((value) => (value === '' ? undefined : value));
}

/** Free text of at most `max` characters; blank means none (null). */
const text = (max: number) =>
  z.string().trim().max(max).nullable().transform((v) => (v === null || v === '' ? null : v));

const mobile = z
  .string()
  .trim()
  .nullable()
  .transform((v) => (v === null || v === '' ? null : v))
  .refine((v) => v === null || isValidMobile(v), { message: '须为 11 位手机号码 / must be an 11-digit mainland mobile number' });

const email = z
  .string()
  .trim()
  .max(120)
  .nullable()
  .transform((v) => (v === null || v === '' ? null : v))
  .refine((v) => v === null || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), { message: '须为有效的电子邮箱 / must be a valid e-mail address' });

const experienceItem = z.object({
  productClass: z.enum(PRODUCT_CLASSES).describe('kycProductClass code'),
  years: z.number().int().min(0).max(80).describe('whole years (0: none)'),
});

const householdInput = z
  .object({
    customerNo: text(64).optional().describe('another customer (in the caller’s scope)'),
    name: text(50).optional().describe('a named person who is not a customer'),
    relation: z.enum(RELATIONS).describe('kycRelation code'),
  })
  .refine((h) => Boolean(h.customerNo) !== Boolean(h.name), { message: '须填写客户号或姓名之一 / give either a customer number or a name', path: ['customerNo'] });

const relatedInput = z.object({
  customerNo: z.string().trim().min(1).max(64),
  relation: z.enum(ACCOUNT_RELATIONS).describe('kycAccountRelation code'),
});

/**
 * PUT /api/customers/{customerNo}/kyc: the form's fields; a field left out keeps its value, null (or
 * blank text) clears it; `household` and `relatedAccounts`, when given, replace the lists.
 */
export const kycBody = z
  .object({
    altMobile: mobile.describe('备用手机号'),
    altEmail: email.describe('备用邮箱'),
    altAddress: text(200).describe('备用地址'),
    occupation: z.enum(OCCUPATIONS).nullable().describe('kycOccupation code'),
    employer: text(100),
    industry: z.enum(INDUSTRIES).nullable().describe('kycIndustry code'),
    education: z.enum(EDUCATIONS).nullable().describe('kycEducation code'),
    incomeBand: z.enum(INCOME_BANDS).nullable().describe('kycIncomeBand code'),
    assetBand: z.enum(ASSET_BANDS).nullable().describe('kycAssetBand code'),
    fundSource: z.enum(FUND_SOURCES).nullable().describe('kycFundSource code'),
    experience: z
      .array(experienceItem)
      .max(PRODUCT_CLASSES.length)
      .refine((items) => new Set(items.map((i) => i.productClass)).size === items.length, { message: '产品类别重复 / a product class appears twice' }),
    investmentGoal: z.enum(GOALS).nullable().describe('kycGoal code'),
    investmentHorizon: z.enum(HORIZONS).nullable().describe('kycHorizon code'),
    controllerName: text(100).describe('实际控制人 (institutions)'),
    beneficialOwner: text(100).describe('受益所有人 (institutions)'),
    emergencyName: text(50),
    emergencyRelation: z.enum(RELATIONS).nullable().describe('kycRelation code'),
    emergencyMobile: mobile,
    household: z.array(householdInput).max(20),
    relatedAccounts: z
      .array(relatedInput)
      .max(50)
      .refine((items) => new Set(items.map((i) => `${i.customerNo}/${i.relation}`)).size === items.length, { message: '关联账户重复 / an account appears twice with the same relation' }),
  })
  .partial()
  .strict();
export type KycBody = z.infer<typeof kycBody>;

const linked = z.object({
  customerNo: z.string().nullable(),
  customerName: z.string().nullable().describe('the linked customer’s name when the reader’s scope holds it'),
  inScope: z.boolean().describe('the reader may open the linked customer’s 360° view'),
  relation: z.string(),
});

export const kycView = z.object({
  customerNo: z.string(),
  name: z.string(),
  customerType: z.enum(['P', 'O', 'F']),
  branchCode: z.string(),
  branchName: z.string(),
  identity: z.object({ name: z.string(), idType: z.string().nullable(), idNo: z.string().nullable(), gender: z.string().nullable(), birthDate: z.string().nullable() }).describe('from the extract, read-only'),
  identityCheck: z.object({
    idNo: z.enum(ID_NO_PROBLEMS).nullable().describe('idNoProblem code: what is wrong with a resident ID number (GB 11643), null when valid or another ID type'),
    birthDateAgrees: z.boolean().nullable().describe('the extract’s birth date is the one the valid resident ID carries (null: nothing to compare)'),
    genderAgrees: z.boolean().nullable().describe('the extract’s gender is the one the valid resident ID carries (null: nothing to compare)'),
  }).describe('证件号码校验 of the extract’s identity, computed on the unmasked number'),
  contact: z.object({ mobile: z.string().nullable(), email: z.string().nullable(), address: z.string().nullable() }).describe('from the extract, read-only'),
  risk: z.object({
    riskLevel: z.enum(RISK_CATEGORIES).nullable(),
    assessedOn: z.string().nullable(),
    expiresOn: z.string().nullable(),
    status: z.enum(RISK_STATUSES).describe('assessmentStatus code: an expired assessment counts as none'),
    investorClass: z.enum(INVESTOR_CLASSES),
  }).describe('from the extract and the suitability settings, read-only'),
  form: z.object({
    altMobile: z.string().nullable(),
    altEmail: z.string().nullable(),
    altAddress: z.string().nullable(),
    occupation: z.enum(OCCUPATIONS).nullable(),
    employer: z.string().nullable(),
    industry: z.enum(INDUSTRIES).nullable(),
    education: z.enum(EDUCATIONS).nullable(),
    incomeBand: z.enum(INCOME_BANDS).nullable(),
    assetBand: z.enum(ASSET_BANDS).nullable(),
    fundSource: z.enum(FUND_SOURCES).nullable(),
    experience: z.array(experienceItem),
    investmentGoal: z.enum(GOALS).nullable(),
    investmentHorizon: z.enum(HORIZONS).nullable(),
    controllerName: z.string().nullable(),
    beneficialOwner: z.string().nullable(),
    emergencyName: z.string().nullable(),
    emergencyRelation: z.enum(RELATIONS).nullable(),
    emergencyMobile: z.string().nullable(),
  }),
  household: z.array(linked.extend({ memberName: z.string().nullable(), relation: z.enum(RELATIONS) })),
  relatedAccounts: z.array(linked.extend({ relation: z.enum(ACCOUNT_RELATIONS) })),
  score: z.number().int().describe('completeness 0–100 (%), today'),
  missing: z.array(z.enum(SCORED_FIELDS)).describe('kycField codes of the required fields not filled or not valid'),
  required: z.array(z.object({ field: z.enum(SCORED_FIELDS), weight: z.number().int(), complete: z.boolean() })).describe('the weighted required fields of the customer’s type'),
  threshold: z.number().int().describe('below it the customer is a to-do of the serving staff'),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type KycView = z.infer<typeof kycView>;

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

export const historyQuery = z.object({ page, pageSize });
export type HistoryQuery = z.infer<typeof historyQuery>;

export const historyItem = z.object({
  id: z.string(),
  changedAt: z.string().describe('ISO 8601'),
  username: z.string(),
  field: z.string().describe('kycField code'),
  oldValue: z.string().nullable().describe('personal fields masked without the pii permission'),
  newValue: z.string().nullable(),
});
export type HistoryItem = z.infer<typeof historyItem>;
export const historyList = z.object({ items: z.array(historyItem), total: z.number().int() });

export const incompleteQuery = z.object({
  band: optionalFilter(z.enum(SCORE_BANDS)).describe('kycScoreBand code; default: below the threshold'),
  branch: optionalFilter(z.string().max(32)),
  staffNo: optionalFilter(z.string().max(32)).describe('customers with a relationship to this staff member today'),
  q: optionalFilter(z.string().trim().max(64)).describe('customer-number prefix or part of the name'),
  mine: z.enum(['true', 'false']).optional().describe('true: only the customers the caller serves today (the to-do 信息待完善 of 我的待办)'),
  sort: z.enum(['score', '-score', 'customerNo']).default('score').describe('kycSort code'),
  format: z.enum(['json', 'xlsx']).default('json'),
  page,
  pageSize,
});
export type IncompleteQuery = z.infer<typeof incompleteQuery>;

export const incompleteItem = z.object({
  customerNo: z.string(),
  name: z.string(),
  customerType: z.enum(['P', 'O', 'F']),
  branchCode: z.string(),
  branchName: z.string(),
  score: z.number().int(),
  missing: z.array(z.enum(SCORED_FIELDS)),
  updatedAt: z.string().nullable(),
  staff: z.array(z.object({ staffNo: z.string(), name: z.string(), kind: z.string().describe('relationshipKind code') })),
});
export type IncompleteItem = z.infer<typeof incompleteItem>;
export const incompleteList = z.object({
  date: z.string(),
  threshold: z.number().int(),
  items: z.array(incompleteItem),
  total: z.number().int(),
});
export type IncompleteList = z.infer<typeof incompleteList>;

/**
 * The shapes of the customer space (客户专属空间): the customer realm's /api/me/… and the staff's
 * /api/customer-questions. Dates YYYY-MM-DD, times ISO 8601, amounts decimal strings.
 */
import { z } from 'zod';
import { ASSESSMENT_STATUSES, INVESTOR_CLASSES, PRODUCT_RISKS, RISK_CATEGORIES } from '../suitability/suitability.rules.js';

const mobile = z.string().trim().min(1).max(20).describe('the mobile number (11 digits; +86 allowed)');

export const codeRequestBody = z.object({ mobile });
export const codeRequestAnswer = z
  .object({ resendAfterSeconds: z.number().int(), validSeconds: z.number().int() })
  .describe('the same answer whether or not the number is a customer’s');

export const loginBody = z.object({ mobile, code: z.string().trim().regex(/^\d{6}$/, '验证码为 6 位数字 / the code is 6 digits') });

export const profile = z.object({
  customerNo: z.string(),
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  branchName: z.string(),
  investorClass: z.enum(INVESTOR_CLASSES),
  riskLevel: z.enum(RISK_CATEGORIES).nullable().describe('the category in force (a newer questionnaire overrides the extract’s)'),
  riskAssessedOn: z.string().nullable(),
  riskExpiresOn: z.string().nullable().describe('the first day the assessment no longer counts'),
  assessmentStatus: z.enum(ASSESSMENT_STATUSES),
  lowestRiskCategory: z.boolean(),
  riskSource: z.enum(['QUESTIONNAIRE', 'EXTRACT']).nullable(),
  advisor: z.object({ staffNo: z.string(), name: z.string(), kind: z.enum(['DEVELOP', 'SERVICE']) }).nullable()
    .describe('the staff member serving the customer today (SERVICE first); never their personal contact details'),
});

/** An account of the household: the open customers carrying the mobile the customer logged in with. */
export const householdAccount = z.object({
  customerNo: z.string(),
  name: z.string(),
  branchName: z.string(),
  current: z.boolean().describe('the account the session is in'),
});
export const switchBody = z.object({ customerNo: z.string().trim().min(1).max(32) });

const option = z.object({ key: z.string(), zh: z.string(), en: z.string(), points: z.number().int(), lowest: z.boolean().optional() });
export const questionnaire = z.object({
  code: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  questions: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), options: z.array(option) })),
  thresholds: z.object({ C2: z.number().int(), C3: z.number().int(), C4: z.number().int(), C5: z.number().int() }).describe('the lowest score of each category'),
});

export const answersBody = z.object({
  answers: z.record(z.string().max(40), z.string().max(40)).describe('question key → option key, every question answered once'),
});

export const assessment = z.object({
  id: z.string(),
  score: z.number().int(),
  riskLevel: z.enum(RISK_CATEGORIES),
  lowestCategory: z.boolean(),
  assessedOn: z.string(),
  expiresOn: z.string(),
  inForce: z.boolean(),
});

export const matchingProducts = z.object({
  date: z.string(),
  items: z.array(z.object({
    productCode: z.string(),
    name: z.string(),
    productType: z.string(),
    riskLevel: z.enum(PRODUCT_RISKS),
    issuer: z.string().nullable(),
    minAmount: z.string().nullable(),
    description: z.string().nullable(),
    salesStart: z.string().nullable(),
    salesEnd: z.string().nullable(),
  })),
});

export const question = z.object({
  id: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  question: z.string(),
  askedAt: z.string(),
  staffNo: z.string().nullable(),
  staffName: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredByName: z.string().nullable(),
});

export const askBody = z.object({ question: z.string().trim().min(1).max(1000) });
export const answerBody = z.object({ answer: z.string().trim().min(1).max(1000) });

export const questionListQuery = z.object({
  status: z.enum(['OPEN', 'ANSWERED', 'ALL']).default('OPEN'),
  mine: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('only the customers the caller serves today (我的待办)'),
  customerNo: z.string().trim().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const questionIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

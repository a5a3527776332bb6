/**
 * The shapes of 目标客户挖掘 (interfaces.md: GET /api/products/{productCode}/targets?limit=): the
 * ranked customers with their reasons, and the model behind them with its out-of-time quality.
 * Scores and rates are decimal strings; dates YYYY-MM-DD; times ISO 8601.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';

const decimal = z.string().describe('decimal string');
const LEVELS = codesOf('productTargetLevel') as [string, ...string[]];
const NO_MODEL = codesOf('productTargetNoModel') as [string, ...string[]];

export const targetsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(100).describe('at most this many customers, best first'),
  date: calendarDate.optional().describe('read the features on the last imported day on or before it (default the last imported day)'),
  page: z.coerce.number().int().min(1).max(5000).default(1).describe('a page of the ranked list (the list pages); default the first'),
  pageSize: z.coerce.number().int().min(1).max(5000).optional().describe('default `limit`: the whole list on one page'),
  format: z.enum(['json', 'xlsx']).default('json').describe('xlsx: the whole ranked list (every page) as an Excel file'),
});

export const targetReason = z.object({
  code: z.string().describe('productTargetReason code'),
  text: z.string().describe('the reason in words, in the caller language'),
});

export const targetItem = z.object({
  rank: z.number().int(),
  customerNo: z.string(),
  customerName: z.string(),
  branchName: z.string(),
  score: decimal.describe('0 … 1: the model probability that the customer buys a product of the family (or of the level the model learned) within the window'),
  reasons: z.array(targetReason),
});

export const targetModel = z.object({
  productType: z.string().describe('productType code of the family'),
  riskLevel: z.string().describe('productRisk code of the family'),
  level: z.enum(LEVELS).nullable().describe('productTargetLevel code: the purchases the model learned from'),
  trainedAt: z.string(),
  windowDays: z.number().int().describe('W: a purchase within this many calendar days after the day counts (setting outreach.hitWindowDays)'),
  cutoff: z.string().nullable().describe('the test cut-off day C: tested on purchases in (C, C + W]'),
  trainCutoffs: z.array(z.string()),
  examples: z.number().int().nullable(),
  buyers: z.number().int().nullable(),
  testExamples: z.number().int().nullable(),
  testBuyers: z.number().int().nullable(),
  baseRate: decimal.nullable().describe('the purchase rate of the test examples'),
  auc: decimal.nullable(),
  hitRateTop10: decimal.nullable().describe('the share of buyers among the top 10 % of the test examples'),
  liftTop10: decimal.nullable().describe('hitRateTop10 ÷ baseRate'),
  topK: z.number().int().nullable(),
  hitRateTopK: decimal.nullable(),
  liftTopK: decimal.nullable(),
  firstTimeExamples: z.number().int().nullable().describe('the test examples who bought none of what the label counts in the 365 days up to the test cut-off (first-time buyers’ population)'),
  firstTimeBuyers: z.number().int().nullable().describe('of them, those who bought within the window'),
  firstTimeBaseRate: decimal.nullable().describe('firstTimeBuyers ÷ firstTimeExamples'),
  firstTimeAuc: decimal.nullable().describe('the model’s AUC ranking the first-time population among themselves'),
  firstTimeHitRateTop10: decimal.nullable().describe('the share of buyers among the top 10 % of the first-time population'),
  firstTimeLiftTop10: decimal.nullable().describe('firstTimeHitRateTop10 ÷ firstTimeBaseRate'),
  noModelReason: z.enum(NO_MODEL).nullable().describe('productTargetNoModel code'),
});

export const targetList = z.object({
  productCode: z.string(),
  date: z.string().nullable().describe('the day the features were read on'),
  model: targetModel.nullable().describe('null: nothing imported yet'),
  items: z.array(targetItem).describe('the page of the ranked list'),
  total: z.number().int().describe('the customers ranked (at most `limit`)'),
});
export type TargetListAnswer = z.infer<typeof targetList>;

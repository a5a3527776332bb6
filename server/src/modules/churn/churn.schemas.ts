/**
 * The churn warning API's shapes (流失预警, business-rules.md §7; interfaces.md "Customer
 * intelligence"): the model page (GET /api/churn/model) and the scored customers. Scores,
 * probabilities and rates are decimal strings; dates YYYY-MM-DD; times ISO 8601.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';

const decimal = z.string().describe('decimal string');
const LEVELS = codesOf('churnLevel') as [string, ...string[]];
const NO_MODEL = codesOf('churnNoModel') as [string, ...string[]];
const SCORERS = codesOf('churnScorer') as [string, ...string[]];

/** Who scored: the experience rules (经验模型) while no trained model is active, else the trained model. */
export const churnScorer = z.enum(SCORERS).describe('churnScorer code: RULES (经验模型, the experience rules alone: Σ weights of the rules that fire) or MODEL (the trained model’s probability)');

export const churnModel = z.object({
  trainedAt: z.string().nullable().describe('when the newest training ran (ISO 8601); null: never trained'),
  horizonDays: z.number().int().describe('the score is the probability of churning within this many trading days'),
  trainFrom: z.string().nullable().describe('the first training cut-off day'),
  trainTo: z.string().nullable().describe('the last training cut-off day'),
  testFrom: z.string().nullable().describe('the first test cut-off day (out of time: after every training label window)'),
  testTo: z.string().nullable(),
  auc: decimal.nullable().describe('the model’s (boosted trees’) AUC on the test cut-offs'),
  precisionAtTop10: decimal.nullable().describe('the share of churners among the 10 % highest scores of the test cut-offs'),
  liftAtTop10: decimal.nullable().describe('that precision ÷ the test churn rate'),
  threshold: decimal.describe('a score at or above it is CHURN_RISK (setting churn.threshold)'),
  features: z.array(z.object({ name: z.string().describe('churnFeature code'), importance: decimal })).describe('the features by importance (Σ = 1)'),
  rulesAuc: decimal.nullable().describe('the experience rules’ AUC alone, on the same test rows'),
  rulesPrecisionAtTop10: decimal.nullable(),
  rulesLiftAtTop10: decimal.nullable(),
  trainCutoffs: z.array(z.string()).describe('every training cut-off day'),
  testCutoffs: z.array(z.string()).describe('every test cut-off day'),
  examples: z.number().int().nullable().describe('training examples (customer × cut-off day)'),
  churners: z.number().int().nullable().describe('of them, churned within the horizon'),
  testExamples: z.number().int().nullable(),
  testChurners: z.number().int().nullable(),
  baseRate: decimal.nullable().describe('the churn rate of the test examples'),
  singleTreeAuc: decimal.nullable().describe('the AUC of one CART trained and tested the same way, for comparison'),
  trees: z.number().int().nullable().describe('the boosted trees of the model kept for scoring'),
  historyDays: z.number().int().nullable().describe('the imported trading days the training saw'),
  needDays: z.number().int().nullable().describe('when the history was too short: the imported trading days a training needs'),
  noModelReason: z.enum(NO_MODEL).nullable().describe('churnNoModel code: why the newest training kept no model'),
  activeTrainedAt: z.string().nullable().describe('when the model that scores was trained (an earlier one when the newest training kept none)'),
  scoredDay: z.string().nullable().describe('the latest scored trading day'),
  scorer: churnScorer.nullable().describe('who scored the latest scored day (null: nothing scored yet)'),
  daysImported: z.number().int().describe('the imported trading days now'),
  windowDays: z.number().int().describe('the imported trading days a score needs (its feature window): days before the windowDays-th score nothing'),
  rules: z
    .array(z.object({ code: z.string().describe('churnRule code'), weight: decimal, condition: z.string().describe('when it fires, in words, in the caller’s language') }))
    .describe('the experience rules (经验模型): their score is the sum of the weights of the rules that fire'),
});
export type ChurnModel = z.infer<typeof churnModel>;

export const churnReason = z.object({
  code: z.string().describe('churnRule code (a rule that fired) or churnFeature code (a step of the tree’s path)'),
  text: z.string().describe('the reason in words, in the caller’s language'),
});

export const churnScore = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  date: z.string().describe('the scored trading day'),
  score: decimal.describe('0 … 1: the trained model’s probability of churning within the horizon, or the experience rules’ score (scorer)'),
  scorer: churnScorer,
  level: z.enum(LEVELS).describe('churnLevel code'),
  reasons: z.array(churnReason),
  lifecycle: z.string().nullable().describe('lifecycle code on the scored day'),
  netAsset: decimal.nullable(),
  staffNo: z.string().nullable().describe('the serving staff on the day (SERVICE, else the heaviest DEVELOP)'),
  staffName: z.string().nullable(),
});
export type ChurnScore = z.infer<typeof churnScore>;

export const churnScoreQuery = z.object({
  level: z.enum(LEVELS).optional().describe('churnLevel code: HIGH at or above the threshold, MEDIUM from half of it (and above)'),
  minScore: z.string().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/).optional().describe('a decimal string in [0, 1]'),
  customerNo: z.string().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type ChurnScoreQuery = z.infer<typeof churnScoreQuery>;

export const churnScoreList = z.object({
  date: z.string().nullable().describe('the scored trading day (null: nothing scored yet)'),
  threshold: decimal,
  items: z.array(churnScore),
  total: z.number().int(),
});
export type ChurnScoreList = z.infer<typeof churnScoreList>;

export const customerChurnParams = z.object({ customerNo: z.string().min(1).max(64) });
export const customerChurnAnswer = z.object({ date: z.string().nullable(), threshold: decimal, score: churnScore.nullable() });

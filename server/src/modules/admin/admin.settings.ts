/**
 * The configuration an administrator may change (business-rules.md: every number is a default held
 * in configuration): tier names and lower bounds, lifecycle thresholds and the valid-customer bound.
 * Pure: the zod schemas and the checks, no I/O.
 *
 * Tier and lifecycle are derived at import time (docs/decisions.md), so a change here applies to the
 * days imported after it; days already imported keep the tier and lifecycle they were given.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { kycSchema } from '../kyc/kyc.settings.js';

/** A non-negative decimal string with at most 4 decimals ("1000000", "100.50"). */
const decimalString = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,4})?$/, { message: '必须是非负的十进制数字字符串，如 "100000" / must be a non-negative decimal string such as "100000"' });

const tier = z.object({
  name: z.string().trim().min(1).max(32),
  min: decimalString,
});

export const tiersSchema = z
  .array(tier)
  .min(1)
  .max(20)
  .superRefine((tiers, ctx) => {
    const seen = new Set<string>();
    tiers.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `名称重复 / duplicate name: ${t.name}` });
      seen.add(t.name);
    });
    for (let i = 1; i < tiers.length; i++) {
      const prev = tiers[i - 1]!;
      const cur = tiers[i]!;
      if (!/^\d/.test(prev.min) || !/^\d/.test(cur.min)) continue;
      if (!new Decimal(cur.min).lt(prev.min)) {
        ctx.addIssue({ code: 'custom', path: [i, 'min'], message: '下限必须严格递减 / bounds must be strictly decreasing' });
      }
    }
    const last = tiers.at(-1);
    if (last && /^\d/.test(last.min) && !new Decimal(last.min).isZero()) {
      ctx.addIssue({ code: 'custom', path: [tiers.length - 1, 'min'], message: '最后一级的下限必须为 0 / the last bound must be 0' });
    }
  });

export const lifecycleSchema = z.object({
  sleepingDays: z.number().int().positive().max(3650),
  dormantYears: z.number().int().positive().max(50),
  dormantMaxCash: decimalString,
});

export const validCustomerSchema = z.object({
  minNetAsset: decimalString,
});

/** The importer's plausibility bound: a day with fewer asset rows than this % of the previous day's is refused unless forced. */
export const importChecksSchema = z.object({
  minAssetRowsPercent: z.number().int().min(0).max(100),
});

/** A percentage as a decimal string (0–1000, at most 4 decimals: "50", "149.5"). */
const percentString = decimalString.refine((v) => !/^\d/.test(v) || new Decimal(v).lte(1000), { message: '不能超过 1000 / at most 1000' });

/**
 * The monitoring thresholds (异常监控, business-rules.md §9): large withdrawal (≥ percent of the
 * previous day's net asset and ≥ the amount), quick in-and-out (≥ percent of the BANK_IN out within
 * the days), frequent cancelling (≥ orders, ≥ percent cancelled), the margin warning and liquidation
 * lines (maintenance ratio in percent; the liquidation line below the warning line).
 */
export const monitoringSchema = z
  .object({
    largeWithdrawalPercent: percentString,
    largeWithdrawalMin: decimalString,
    quickInOutPercent: percentString,
    quickInOutDays: z.number().int().min(0).max(20),
    cancelMinOrders: z.number().int().min(1).max(100_000),
    cancelPercent: percentString,
    marginWarningPercent: percentString,
    marginLiquidationPercent: percentString,
  })
  .superRefine((m, ctx) => {
    if (/^\d/.test(m.marginWarningPercent) && /^\d/.test(m.marginLiquidationPercent) && !new Decimal(m.marginLiquidationPercent).lt(m.marginWarningPercent)) {
      ctx.addIssue({ code: 'custom', path: ['marginLiquidationPercent'], message: '平仓线必须低于预警线 / must be below the warning line' });
    }
  });

/**
 * The contribution rates (客户贡献, business-rules.md §6; migration 0022 documents each): annual
 * spreads on cash and margin debt (% a year, per trading day at 1/250 of a year), the share of
 * product fees, a cost per contact by channel, a monthly cost per serving staff member by category
 * (or the latest payslip), and what counts as a large but unprofitable account.
 */
export const contributionSchema = z.object({
  cashSpreadPercent: percentString,
  marginSpreadPercent: percentString,
  productFeeSharePercent: percentString,
  contactCost: z.object({
    COUNTER: decimalString, CALL_CENTER: decimalString, PHONE: decimalString, VISIT: decimalString,
    SMS: decimalString, EMAIL: decimalString, WECHAT: decimalString, WEB: decimalString,
  }),
  staffMonthlyCost: z.object({
    BROKER: decimalString, ACCOUNT_MANAGER: decimalString, ADVISOR: decimalString, SERVICE: decimalString, DISTRIBUTOR: decimalString, MANAGER: decimalString,
  }),
  usePayslips: z.boolean(),
  largeTopTiers: z.number().int().min(1).max(20),
  lowContributionPercent: percentString,
});

/** A probability as a decimal string in [0, 1] ("0.5"). */
const probabilityString = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, { message: '必须是 0 到 1 之间的小数，如 "0.5" / must be a decimal between 0 and 1 such as "0.5"' });

/**
 * 流失预警 (business-rules.md §7): the score threshold of CHURN_RISK, the model's horizon in trading
 * days, and the churn event by outflow (net asset below the amount after BANK_OUT of at least the
 * percent of the net asset before the window). The window is the 20 trading days carried in
 * sum_customer_daily.bank_out_sum20 (migration 0021) and cannot be changed here (docs/decisions.md).
 */
export const churnSchema = z.object({
  threshold: probabilityString,
  horizonDays: z.number().int().min(5).max(250),
  eventMaxNetAsset: decimalString,
  eventOutflowPercent: percentString,
  eventWindowDays: z.literal(20),
});

/**
 * 融资融券 (suitability.md "Margin trading"): the withdrawal line (a maintenance ratio above it, in
 * percent, may withdraw collateral) and the qualified customer pool's bounds: the 20-day average
 * total asset, the months since the first trade and the lowest risk category of an ordinary investor.
 * The warning and liquidation lines are `monitoring`'s; the assessment's validity is `suitability`'s.
 */
export const marginSchema = z.object({
  withdrawablePercent: percentString,
  poolMinAvgAsset: decimalString,
  poolMinTradingMonths: z.number().int().min(0).max(120),
  poolMinRiskLevel: z.enum(['C1', 'C2', 'C3', 'C4', 'C5']),
});

const productRisk = z.enum(['R1', 'R2', 'R3', 'R4', 'R5']);
/** The product risk levels a category may be recommended and sold: R1 always among them, none twice. */
const matrixRow = z
  .array(productRisk)
  .min(1)
  .max(5)
  .refine((levels) => new Set(levels).size === levels.length, { message: '风险等级重复 / a risk level appears twice' })
  .refine((levels) => levels.includes('R1'), { message: '必须包含 R1 / must include R1' });

/**
 * 适当性管理 (suitability.md, migration 0029; modules/suitability/suitability.rules.ts): how many years a
 * risk assessment counts, how many days ahead an expiring one is listed, and the matching matrix (the
 * product risk levels each category C1–C5 may be recommended and sold). Professionals, the lowest
 * category and a missing or expired assessment follow the regulator, not this matrix.
 */
export const suitabilitySchema = z.object({
  validityYears: z.number().int().min(1).max(10),
  expiringWithinDays: z.number().int().min(1).max(365),
  matrix: z.object({ C1: matrixRow, C2: matrixRow, C3: matrixRow, C4: matrixRow, C5: matrixRow }),
});

const questionnaireMinScore = z.number().int().min(1).max(1000);

/**
 * 风险测评问卷 (客户专属空间, migration 0041; modules/customer-space/customer-space.rules.ts): the lowest
 * total score of each category C2–C5 (a total below C2's is C1). The questions and their points are
 * data (risk_questionnaires); an assessment's validity is `suitability.validityYears`.
 */
export const riskQuestionnaireSchema = z.object({
  thresholds: z
    .object({ C2: questionnaireMinScore, C3: questionnaireMinScore, C4: questionnaireMinScore, C5: questionnaireMinScore })
    .refine((t) => t.C2 < t.C3 && t.C3 < t.C4 && t.C4 < t.C5, { message: '分数线须递增：C2 < C3 < C4 < C5 / the thresholds must rise: C2 < C3 < C4 < C5' }),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '必须是 HH:mm，如 "21:00" / must be HH:mm such as "21:00"' });

/**
 * 营销推送 (business-rules.md §10, migration 0031; modules/outreach): the quiet hours in the business
 * time zone (start inclusive, end exclusive; a window may cross midnight; start = end means none),
 * the per-customer frequency cap over a rolling window (every channel counted), the sensitive words
 * (禁用语) that refuse a campaign's approval, the sending rate, and the days after sending within
 * which a purchase counts as a hit of a product campaign.
 */
export const outreachSchema = z.object({
  quietHours: z.object({ start: hhmm, end: hhmm }),
  frequencyCap: z.object({ maxMessages: z.number().int().min(1).max(1000), windowDays: z.number().int().min(1).max(365) }),
  sensitiveWords: z
    .array(z.string().trim().min(1).max(50))
    .max(1000)
    .refine((words) => new Set(words).size === words.length, { message: '禁用语重复 / a word appears twice' }),
  ratePerSecond: z.number().int().min(1).max(10_000),
  hitWindowDays: z.number().int().min(1).max(365),
});

export const SETTINGS = {
  tiers: tiersSchema,
  lifecycle: lifecycleSchema,
  validCustomer: validCustomerSchema,
  importChecks: importChecksSchema,
  monitoring: monitoringSchema,
  churn: churnSchema,
  contribution: contributionSchema,
  margin: marginSchema,
  suitability: suitabilitySchema,
  outreach: outreachSchema,
  kyc: kycSchema,
  riskQuestionnaire: riskQuestionnaireSchema,
} as const;

export type SettingKey = keyof typeof SETTINGS;

/** A setting as GET /api/admin/settings answers it: the stored value (null when none is stored) and its last change. */
function storedSetting<T extends z.ZodType>(schema: T) {
  return z.object({ value: schema.nullable(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });
}

export const settingsAnswer = z.object({
  tiers: storedSetting(tiersSchema),
  lifecycle: storedSetting(lifecycleSchema),
  validCustomer: storedSetting(validCustomerSchema),
  importChecks: storedSetting(importChecksSchema),
  monitoring: storedSetting(monitoringSchema),
  churn: storedSetting(churnSchema),
  contribution: storedSetting(contributionSchema),
  margin: storedSetting(marginSchema),
  suitability: storedSetting(suitabilitySchema),
  outreach: storedSetting(outreachSchema),
  kyc: storedSetting(kycSchema),
  riskQuestionnaire: storedSetting(riskQuestionnaireSchema),
});
export type SettingsAnswer = z.infer<typeof settingsAnswer>;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

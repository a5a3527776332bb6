/**
 * The customer profile of interfaces.md ("Customer intelligence"): tier, lifecycle, RFM,
 * contribution, churn score and labels of one customer on a day, in one answer.
 */
import { z } from 'zod';
import { calendarDate } from '../../lib/dates.js';
import { churnScorer } from '../churn/churn.schemas.js';

const money = z.string().describe('decimal string, CNY, rounded half up to 0.01');

export const profileParams = z.object({ customerNo: z.string().min(1).max(32) });
export const profileQuery = z.object({
  date: calendarDate.optional().describe('the trading day (YYYY-MM-DD): the latest imported on or before it; default the last imported day'),
});

export const customerProfile = z.object({
  date: z.string().nullable().describe('the imported trading day answered (null before the first import)'),
  tier: z.string().nullable().describe('级别 by the 20-day average net asset (null when not open that day)'),
  lifecycle: z.string().nullable().describe('POTENTIAL / ACTIVE / SLEEPING / DORMANT / CHURN_RISK / CHURNED'),
  rfm: z
    .object({
      r: z.number().int().describe('imported trading days since the last trade'),
      f: z.number().int().describe('trading days with a trade among the last 250'),
      m: money.describe('net commission over the last 250 trading days'),
      segment: z.string().describe('the RFM segment of §6 in Chinese, against the averages of the caller’s scope'),
      segmentCode: z.string().describe('the segment’s dictionary code'),
    })
    .nullable()
    .describe('null when the customer is not open that day'),
  contribution: money.nullable().describe('客户贡献 over the last 250 trading days (null when not open that day)'),
  contributionParts: z
    .object({
      netCommission: money, cashSpread: money, marginInterest: money, productFees: money, contactCost: money, staffCost: money,
      flagged: z.boolean().describe('large but unprofitable (the contribution setting’s rule)'),
    })
    .nullable(),
  churn: z
    .object({
      score: z.string().describe('decimal string in [0, 1]: the trained model’s probability of churning within horizonDays trading days, or the experience rules’ score (scorer)'),
      scorer: churnScorer,
      level: z.enum(['HIGH', 'MEDIUM', 'LOW']),
      horizonDays: z.number().int(),
      reasons: z.array(z.object({ code: z.string(), text: z.string() })),
    })
    .nullable()
    .describe('null when the customer was not scored that day (not open, churned, or before the 21st imported trading day)'),
  labels: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .describe('label key → value (GET /api/labels), as of the last imported day; empty for an earlier date'),
});
export type CustomerProfile = z.infer<typeof customerProfile>;

/**
 * The customer value (客户价值, RFM) and contribution (客户贡献) API's shapes, business-rules.md §6:
 * one zod schema each for validation, the OpenAPI document and (through z.infer) the service's
 * types. Money and averages are decimal strings rounded half up to 0.01 (totals summed exactly
 * first); dates YYYY-MM-DD.
 */
import { z } from 'zod';
import { calendarDate } from '../../lib/dates.js';
import { SEGMENT_CODES } from './value.rules.js';
import { CONTRIBUTION_SORTS } from './value.sql.js';

const decimal = z.string().describe('decimal string');
const money = z.string().describe('decimal string, CNY, rounded half up to 0.01');
const level = z.enum(['H', 'L']);
const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);
const day = calendarDate.optional().describe('the trading day (YYYY-MM-DD): the latest imported on or before it; default the last imported day');

export const valueDayQuery = z.object({ date: day });

export const rfmAnswer = z.object({
  date: z.string().nullable().describe('the imported trading day answered (null when nothing is imported)'),
  customers: z.number().int().describe('open customers in the caller’s scope on the day'),
  averages: z.object({ r: decimal, f: decimal, m: money }).describe('the scope’s averages of R, F (to 0.01) and M (CNY)'),
  segments: z.array(
    z.object({
      segment: z.enum(SEGMENT_CODES).describe('rfmSegment code'),
      r: level,
      f: level,
      m: level,
      customers: z.number().int(),
      netAsset: money.describe('Σ net asset on the day'),
    }),
  ).describe('all eight segments, M high first, zeros included'),
});
export type RfmAnswer = z.infer<typeof rfmAnswer>;

export const rfmCustomersQuery = z.object({
  date: day,
  segment: z.enum(SEGMENT_CODES).optional().describe('rfmSegment code; every segment when absent'),
  page,
  pageSize,
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type RfmCustomersQuery = z.infer<typeof rfmCustomersQuery>;

export const rfmCustomer = z.object({
  customerNo: z.string(),
  name: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  segment: z.enum(SEGMENT_CODES).describe('rfmSegment code'),
  r: z.number().int().describe('imported trading days since the last trade'),
  f: z.number().int().describe('trading days with a trade among the last 250'),
  m: money.describe('net commission over the last 250 trading days'),
  rLevel: level,
  fLevel: level,
  mLevel: level,
  netAsset: money,
  tier: z.string().nullable(),
  staff: z.string().nullable().describe('names of the staff related on the day, serving first'),
});
export type RfmCustomer = z.infer<typeof rfmCustomer>;
export const rfmCustomerList = z.object({ date: z.string().nullable(), items: z.array(rfmCustomer), total: z.number().int() });
export type RfmCustomerList = z.infer<typeof rfmCustomerList>;

const parts = {
  netCommission: money.describe('净佣金: commission − fees − guaranteed commission'),
  cashSpread: money.describe('利差: Σ daily cash × cash spread % ÷ 250'),
  marginInterest: money.describe('融资融券利息: Σ daily debt × margin spread % ÷ 250'),
  productFees: money.describe('产品费用分成: product fees × share %'),
  contactCost: money.describe('接触成本: contacts × cost by channel'),
  staffCost: money.describe('人员成本: serving staff’s monthly cost spread by weight'),
  contribution: money.describe('客户贡献'),
};

export const contributionAnswer = z.object({
  date: z.string().nullable(),
  summary: z.object({
    customers: z.number().int(),
    ...parts,
    avgNetAsset: money.describe('Σ 20-day average net asset'),
    flagged: z.number().int().describe('large but unprofitable accounts'),
    flaggedAvgNetAsset: money,
    flaggedContribution: money,
  }),
  rule: z.object({
    largeTiers: z.array(z.string()).describe('the tiers counted as large (the top largeTopTiers)'),
    lowContributionPercent: decimal.describe('unprofitable: contribution ≤ this % of the 20-day average net asset'),
  }),
  points: z.object({
    customerNo: z.array(z.string()),
    name: z.array(z.string()),
    avgNetAsset: z.array(z.string()),
    contribution: z.array(z.string()),
    flagged: z.array(z.boolean()),
  }).describe('the scatter, as parallel arrays: the largest accounts first, at most pointsLimit'),
  pointsLimit: z.number().int(),
  truncated: z.boolean().describe('more customers than pointsLimit: the smallest are left out of the scatter'),
});
export type ContributionAnswer = z.infer<typeof contributionAnswer>;

/** A query value that may be sent empty (`?flagged=`) and then means "no filter". */
const flaggedFilter = z
  .enum(['', 'true', 'false'])
  .optional()
  .transform((v) => (v === 'true' ? true : v === 'false' ? false : undefined))
  .describe('true: only the large but unprofitable accounts; false: only the others');

export const contributionCustomersQuery = z.object({
  date: day,
  flagged: flaggedFilter,
  sort: z.enum(CONTRIBUTION_SORTS).default('contribution'),
  page,
  pageSize,
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type ContributionCustomersQuery = z.infer<typeof contributionCustomersQuery>;

export const contributionCustomer = z.object({
  customerNo: z.string(),
  name: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  tier: z.string().nullable(),
  netAsset: money,
  avgNetAsset: money.describe('20-day average net asset (the tier’s basis)'),
  ...parts,
  contacts: z.number().int().describe('contacts in the window'),
  flagged: z.boolean(),
  staff: z.string().nullable(),
});
export type ContributionCustomer = z.infer<typeof contributionCustomer>;
export const contributionCustomerList = z.object({ date: z.string().nullable(), items: z.array(contributionCustomer), total: z.number().int() });
export type ContributionCustomerList = z.infer<typeof contributionCustomerList>;

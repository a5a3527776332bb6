/**
 * The margin trading API's shapes (融资融券, interfaces.md "Products, suitability and margin"): the
 * credit accounts with their maintenance ratio (维持担保比例) and its state, one account's history,
 * and the qualified customer pool (两融合格客户池). Amounts and ratios are decimal strings; dates
 * YYYY-MM-DD.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';

const decimal = z.string().describe('decimal string');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD');
const STATES = codesOf('marginState') as [string, ...string[]];
const FAILING = codesOf('marginPoolFailing') as [string, ...string[]];

export const marginState = z.enum(STATES).describe('marginState code: LIQUIDATION below the liquidation line, WARNING below the warning line, WITHDRAWABLE above the withdrawal line, NORMAL between, NO_DEBT nothing owed (no ratio)');

export const marginLines = z
  .object({
    warning: decimal.describe('预警线, percent (setting monitoring.marginWarningPercent)'),
    liquidation: decimal.describe('平仓线, percent (setting monitoring.marginLiquidationPercent)'),
    withdrawable: decimal.describe('a ratio above it may withdraw collateral, percent (setting margin.withdrawablePercent)'),
  })
  .describe('the lines the states are read against');

const creditFigures = {
  financingDebt: decimal.nullable().describe('融资负债'),
  lendingDebt: decimal.nullable().describe('融券负债'),
  interestPayable: decimal.nullable().describe('应付利息'),
  debt: decimal.nullable().describe('financing + lending + interest'),
  collateralValue: decimal.nullable().describe('担保物市值'),
  maintenanceRatio: decimal.nullable().describe('维持担保比例 = collateral ÷ debt, a ratio (1.5 = 150 %) truncated to 6 decimals; null without debt or figures'),
};

export const marginAccount = z.object({
  fundAccount: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  openDate: isoDate,
  closeDate: isoDate.nullable(),
  status: z.string().describe('customerStatus code of the account'),
  date: isoDate.describe('the trading day of the figures'),
  ...creditFigures,
  state: marginState.nullable().describe('null when credit.csv had no row for the account on the day'),
});
export type MarginAccount = z.infer<typeof marginAccount>;

export const marginAccountQuery = z.object({
  date: calendarDate.optional().describe('the imported trading day on or before it (default: the latest)'),
  marginState: marginState.optional(),
  customerNo: z.string().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type MarginAccountQuery = z.infer<typeof marginAccountQuery>;

export const marginAccountList = z.object({
  date: isoDate.nullable().describe('the trading day shown (null: nothing imported yet)'),
  lines: marginLines,
  items: z.array(marginAccount),
  total: z.number().int(),
});
export type MarginAccountList = z.infer<typeof marginAccountList>;

export const marginAccountParams = z.object({ fundAccount: z.string().min(1).max(64) });

export const marginHistoryDay = z.object({
  date: isoDate,
  financingDebt: decimal,
  lendingDebt: decimal,
  interestPayable: decimal,
  debt: decimal,
  collateralValue: decimal,
  maintenanceRatio: decimal.nullable(),
  state: marginState,
});

export const marginAccountDetail = z.object({
  account: marginAccount.describe('the account on the latest imported day'),
  lines: marginLines,
  history: z.array(marginHistoryDay).describe('every imported day with figures, oldest first; states against today’s lines'),
});
export type MarginAccountDetail = z.infer<typeof marginAccountDetail>;

export const marginCustomerParams = z.object({ customerNo: z.string().min(1).max(64) });
export const marginCustomerAccounts = z.object({
  lines: marginLines,
  accounts: z.array(z.object({ account: marginAccount, history: z.array(marginHistoryDay) })).describe('the customer’s credit accounts open on the latest imported day, each with its history'),
});
export type MarginCustomerAccounts = z.infer<typeof marginCustomerAccounts>;

export const poolQuery = z.object({
  date: calendarDate.optional().describe('the imported trading day on or before it (default: the latest)'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type PoolQuery = z.infer<typeof poolQuery>;

export const poolCustomer = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  status: z.string().describe('customerStatus code'),
  riskLevel: z.string().nullable().describe('riskLevel code'),
  riskAssessedOn: isoDate.nullable(),
  investorClass: z.string().describe('investorClass code'),
  avgAsset: decimal.nullable().describe('the average total asset over the 20 trading days ending on the day, to 0.01'),
});

export const poolList = z.object({
  date: isoDate.nullable().describe('the trading day of the pool (null: nothing imported yet)'),
  items: z.array(poolCustomer),
  total: z.number().int(),
  tradedBy: isoDate.nullable().describe('a first trade on or before this day meets TRADING_HISTORY (the day minus the setting’s months)'),
  historyTooShort: z.boolean().describe('the imported history starts after tradedBy: no trade that old can be known, so TRADING_HISTORY fails for everyone (the extract has no first-trade date)'),
});
export type PoolList = z.infer<typeof poolList>;

export const poolCheck = z.object({
  customerNo: z.string(),
  date: isoDate.nullable(),
  qualified: z.boolean(),
  failing: z.array(z.enum(FAILING)).describe('marginPoolFailing codes of the conditions the customer fails, in the order AVG_ASSET, TRADING_HISTORY, RISK_LEVEL, STATUS, HAS_CREDIT_ACCOUNT'),
  avgAsset: decimal.nullable(),
  tradedBy: isoDate.nullable().describe('a first trade on or before this day meets TRADING_HISTORY'),
});
export type PoolCheck = z.infer<typeof poolCheck>;

/**
 * The customer API's shapes: one zod schema each, used for validation, the OpenAPI document and
 * (through z.infer) the service's types. Money, rates and quantities are decimal strings; dates
 * YYYY-MM-DD; months YYYY-MM.
 */
import { z } from 'zod';
import { CUSTOMER_STATUSES } from '../../lib/codes.js';
import { calendarDate } from '../../lib/dates.js';
import { CUSTOMER_SORTS } from './customers.sql.js';

const decimal = z.string().describe('decimal string');
const date = z.string().describe('YYYY-MM-DD');
const nullableDate = date.nullable();

/** A query value that may be sent empty (`?branch=`) and then means "no filter". */
function optionalFilter<T extends z.ZodType<string | undefined>>(schema: T) {
  return z
    .union([z.literal(''), schema])
    .optional()
    .transform((value) => (value === '' ? undefined : value));
}

const nonNegativeDecimal = z.string().regex(/^\d{1,18}(\.\d{1,6})?$/, 'a non-negative decimal, e.g. 10000 or 10000.50');

export const customerListQuery = z.object({
  view: z.enum(['current', 'history']).default('current').describe('current: 我的客户 / 营业部客户; history: 历史客户 (closed, or no longer in scope)'),
  format: z.enum(['json', 'xlsx']).default('json').describe('xlsx: every row of the filtered list as an Excel file (page and pageSize ignored)'),
  q: optionalFilter(z.string().trim().max(64)).describe('customer-number prefix, part of the name, an exact mobile / ID number, or (4 digits) a mobile’s last four'),
  branch: optionalFilter(z.string().max(32)),
  tier: optionalFilter(z.string().max(32)).describe('玉满堂 / 金满堂 / 银满堂'),
  lifecycle: optionalFilter(z.string().max(32)).describe('POTENTIAL / ACTIVE / SLEEPING / DORMANT / CHURN_RISK / CHURNED'),
  status: optionalFilter(z.enum(CUSTOMER_STATUSES)),
  openFrom: optionalFilter(calendarDate),
  openTo: optionalFilter(calendarDate),
  minAsset: optionalFilter(nonNegativeDecimal).describe('latest total asset (CNY) at least'),
  maxAsset: optionalFilter(nonNegativeDecimal).describe('latest total asset (CNY) at most'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  sort: z.enum(CUSTOMER_SORTS).default('customerNo'),
});

const developStaff = z.object({ staffNo: z.string(), name: z.string(), weight: decimal });

/** What the list and the 360° profile both say of a customer. */
const customerCore = z.object({
  customerNo: z.string(),
  name: z.string(),
  customerType: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  openDate: date,
  closeDate: nullableDate,
  status: z.string(),
  riskLevel: z.string().nullable(),
  mobile: z.string().nullable().describe('masked without the pii permission'),
  tier: z.string().nullable(),
  lifecycle: z.string().nullable(),
});

export const customerListItem = customerCore.extend({
  totalAsset: decimal.describe('CNY, latest day'),
  netAsset: decimal.describe('CNY, latest day'),
  developStaff: z.array(developStaff).describe('current DEVELOP relationships (开发关系)'),
  inScope: z.boolean().optional().describe('view=history only: still in the caller’s current scope (its 360° view opens)'),
});
export type CustomerListItem = z.infer<typeof customerListItem>;

export const customerList = z.object({
  items: z.array(customerListItem),
  total: z.number().int().describe('exact when totalExact, else the planner’s estimate (at least 10,001)'),
  totalExact: z.boolean().describe('false past 10,000 matching customers: total is an estimate (约 N 条)'),
  tiers: z.array(z.string()).describe('the configured tiers (客户级别), highest first: the choices of the tier filter'),
});
export type CustomerList = z.infer<typeof customerList>;

export const customerNoParams = z.object({ customerNo: z.string().min(1).max(64) });

const profile = customerCore.extend({
  idType: z.string().nullable(),
  idNo: z.string().nullable(),
  gender: z.string().nullable(),
  birthDate: nullableDate,
  email: z.string().nullable(),
  address: z.string().nullable(),
  riskAssessedOn: nullableDate,
  investorClass: z.string(),
});
export type CustomerProfile = z.infer<typeof profile>;

const fundAccount = z.object({
  fundAccount: z.string(),
  accountKind: z.string(),
  currency: z.string(),
  openDate: date,
  closeDate: nullableDate,
  status: z.string(),
  commissionRate: decimal.nullable(),
});

const accountAssets = z.object({
  fundAccount: z.string(),
  currency: z.string(),
  cash: decimal,
  stockValue: decimal,
  fundValue: decimal,
  bondValue: decimal,
  otherValue: decimal,
  totalAsset: decimal.describe("in the account's currency"),
  debt: decimal,
  totalAssetCny: decimal.nullable(),
});

const assets = z.object({
  tradeDate: date,
  totalAsset: decimal.describe('CNY'),
  netAsset: decimal,
  debt: decimal,
  cash: decimal,
  stockValue: decimal,
  fundValue: decimal,
  bondValue: decimal,
  otherValue: decimal,
  productValue: decimal.describe('financial products held, not in totalAsset'),
  accounts: z.array(accountAssets),
});

/** A position (持仓) on a day: the 360° view's holdings and, with the customer, the staff member's. */
export const holding = z.object({
  fundAccount: z.string(),
  market: z.string(),
  securityCode: z.string(),
  securityName: z.string().nullable(),
  securityClass: z.string().nullable(),
  quantity: decimal,
  costAmount: decimal.nullable(),
  marketValue: decimal,
});

const productHolding = z.object({
  fundAccount: z.string(),
  productCode: z.string(),
  productName: z.string().nullable(),
  productType: z.string().nullable(),
  riskLevel: z.string().nullable(),
  units: decimal,
  marketValue: decimal,
});

/** What a trade (成交) bought or sold and its commission: the 360° view's trades and the staff member's trade flows. */
export const tradeDeal = {
  market: z.string(),
  securityCode: z.string(),
  securityName: z.string().nullable(),
  side: z.string(),
  price: decimal,
  quantity: decimal,
  amount: decimal,
  commission: decimal,
};

const trade = z.object({
  tradeDate: date,
  tradeTime: z.string(),
  tradeNo: z.string(),
  orderNo: z.string().nullable(),
  fundAccount: z.string(),
  ...tradeDeal,
  stampDuty: decimal,
  transferFee: decimal,
  handlingFee: decimal,
  regulatoryFee: decimal,
  channel: z.string(),
});

/** What an order (委托) asked and what came of it: the 360° view's orders and the staff member's order flows. */
export const orderOutcome = {
  market: z.string(),
  securityCode: z.string(),
  securityName: z.string().nullable(),
  side: z.string(),
  price: decimal.nullable(),
  quantity: decimal,
  filledQuantity: decimal,
  status: z.string(),
  channel: z.string(),
};

const order = z.object({
  tradeDate: date,
  orderTime: z.string(),
  orderNo: z.string(),
  fundAccount: z.string(),
  ...orderOutcome,
});

const flow = z.object({
  tradeDate: date,
  flowTime: z.string(),
  flowNo: z.string(),
  fundAccount: z.string(),
  currency: z.string(),
  flowType: z.string(),
  amount: decimal,
});

const credit = z.object({
  tradeDate: date,
  financingDebt: decimal,
  lendingDebt: decimal,
  interestPayable: decimal,
  collateralValue: decimal,
  maintenanceRatio: decimal.nullable().describe('维持担保比例 = collateral ÷ (financing + lending + interest)'),
});

/** The terms of a broker relationship (经纪关系): on the 360° view and in the staff member's customers. */
export const relationshipTerms = {
  weight: decimal,
  assessmentSet: z.string().nullable(),
  addedOn: date,
  effectiveFrom: date,
  confirmedOn: nullableDate,
  endedOn: nullableDate,
  guaranteedRate: decimal.nullable(),
};

const relationship = z.object({
  id: z.string(),
  staffNo: z.string(),
  staffName: z.string(),
  kind: z.string(),
  ...relationshipTerms,
  effective: z.boolean().describe('effective today'),
});

const monthlyTrend = z.object({ month: z.string().describe('YYYY-MM'), assetEnd: decimal, volume: decimal, commission: decimal });

/** A row of a section whose shape is not settled yet (labels: empty until their issue lands): scalar values by key. */
const genericRow = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const recentContact = z.object({
  id: z.string(),
  at: z.string().describe('ISO timestamp'),
  channel: z.string().describe('contact channel code (business-rules.md §10)'),
  summary: z.string(),
  staffNo: z.string().nullable(),
  staffName: z.string().nullable(),
  nextAction: z.string().nullable(),
  nextDueOn: z.string().nullable().describe('YYYY-MM-DD'),
  nextDone: z.boolean(),
});

const recentAlert = z.object({
  id: z.string(),
  rule: z.string().describe('LARGE_WITHDRAWAL / QUICK_IN_OUT / FREQUENT_CANCEL / MARGIN_WARNING / MARGIN_LIQUIDATION / CHURN_RISK'),
  date: z.string().describe('the trading day the rule fired on'),
  status: z.string().describe('NEW / ACKNOWLEDGED / CLOSED'),
  withdrawn: z.boolean(),
  evidence: z.record(z.string(), z.unknown()).describe('what made the rule fire, as in GET /api/alerts'),
});

export const customer360 = z.object({
  profile,
  accounts: z.array(fundAccount),
  assets: assets.nullable().describe('the last trading day with data; null before the first'),
  holdings: z.array(holding),
  productHoldings: z.array(productHolding),
  credit: credit.nullable(),
  recentTrades: z.array(trade),
  recentOrders: z.array(order),
  recentFlows: z.array(flow),
  relationships: z.array(relationship),
  monthlyTrend: z.array(monthlyTrend),
  contacts: z.array(recentContact).describe('the latest 10 contacts, newest first'),
  labels: z.array(genericRow),
  alerts: z.array(recentAlert).describe('the latest 10 alerts, newest day first'),
});
export type Customer360 = z.infer<typeof customer360>;

/**
 * The shapes of 金融产品管理 (interfaces.md "Products, suitability and margin"): the product library
 * (the extract's products.csv plus the CRM's own marketing data), a product's holders and sales in
 * the caller's scope. Money and rates are decimal strings; dates YYYY-MM-DD.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';
import { PRODUCT_RISKS } from '../suitability/suitability.rules.js';

export const PRODUCT_TYPES = codesOf('productType') as [string, ...string[]];
export const PRODUCT_TXN_TYPES = codesOf('productTxnType') as [string, ...string[]];

const decimal = z.string().describe('decimal string');

/** A query value that may be sent empty (`?q=`) and then means "no filter". */
function optionalFilter<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.union([z.literal(''), schema]).optional().transform((value) => (value === '' ? undefined : value));
}

export const productListQuery = z.object({
  format: z.enum(['json', 'xlsx']).default('json').describe('xlsx: every product of the filtered list as an Excel file'),
  riskLevel: optionalFilter(z.enum(PRODUCT_RISKS)).describe('productRisk code'),
  type: optionalFilter(z.enum(PRODUCT_TYPES)).describe('productType code'),
  q: optionalFilter(z.string().trim().max(64)).describe('product-code prefix or part of the name'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ProductListQuery = z.infer<typeof productListQuery>;
export type ProductFilter = Pick<ProductListQuery, 'riskLevel' | 'type' | 'q'>;

export const productItem = z.object({
  productCode: z.string(),
  name: z.string(),
  productType: z.enum(PRODUCT_TYPES),
  riskLevel: z.enum(PRODUCT_RISKS),
  issuer: z.string().nullable(),
  minAmount: decimal.nullable(),
  salesStart: z.string().nullable().describe('募集期 from (inclusive)'),
  salesEnd: z.string().nullable().describe('募集期 to (inclusive)'),
  salesCommissionRate: decimal.describe('销售提成比例 (payroll): a share of the amount sold'),
  updatedOn: z.string().describe('the day the extract last delivered it'),
});
export type ProductItem = z.infer<typeof productItem>;

export const productList = z.object({ items: z.array(productItem), total: z.number().int() });
export type ProductList = z.infer<typeof productList>;

export const productParams = z.object({ productCode: z.string().min(1).max(64) });

export const productDetail = productItem.extend({
  description: z.string().nullable(),
  targetDescription: z.string().nullable().describe('目标客群'),
  marketingUpdatedAt: z.string().nullable().describe('ISO 8601: the last change of the marketing data'),
  marketingUpdatedBy: z.string().nullable(),
  holdings: z.object({
    date: z.string().nullable().describe('the last imported trading day'),
    holders: z.number().int().describe('customers in the caller’s scope holding it that day'),
    marketValue: decimal.describe('Σ market value of their holdings (in the accounts’ currencies, as delivered)'),
  }),
});
export type ProductDetail = z.infer<typeof productDetail>;

/** A decimal rate in [0, 1] with at most 8 decimals ("0.005"). */
const rateString = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,8})?|1(\.0{1,8})?)$/, { message: '必须是 0 到 1 之间、最多 8 位小数的比例，如 "0.005" / must be a rate between 0 and 1 with at most 8 decimals such as "0.005"' });

export const marketingBody = z
  .object({
    description: z.string().trim().max(4000).nullable(),
    salesStart: calendarDate.nullable(),
    salesEnd: calendarDate.nullable(),
    salesCommissionRate: rateString,
    targetDescription: z.string().trim().max(2000).nullable(),
  })
  .superRefine((m, ctx) => {
    if (m.salesStart && m.salesEnd && m.salesEnd < m.salesStart) {
      ctx.addIssue({ code: 'custom', path: ['salesEnd'], message: '募集期结束日不能早于开始日 / must not be before salesStart' });
    }
  });
export type MarketingBody = z.infer<typeof marketingBody>;

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

export const holdersQuery = z.object({
  date: optionalFilter(calendarDate).describe('an imported trading day (default the last one)'),
  page,
  pageSize,
});
export const holderItem = z.object({
  customerNo: z.string(),
  name: z.string(),
  branchName: z.string(),
  fundAccount: z.string(),
  currency: z.string().describe('currency code of the fund account'),
  units: decimal,
  marketValue: decimal,
});
export const holderList = z.object({
  date: z.string().nullable(),
  items: z.array(holderItem),
  total: z.number().int(),
  totalUnits: decimal,
  totalMarketValue: decimal,
});
export type HolderList = z.infer<typeof holderList>;

export const salesQuery = z.object({
  from: optionalFilter(calendarDate),
  to: optionalFilter(calendarDate),
  txnType: optionalFilter(z.enum(PRODUCT_TXN_TYPES)).describe('productTxnType code'),
  page,
  pageSize,
});
export const saleItem = z.object({
  tradeDate: z.string(),
  txnTime: z.string(),
  txnNo: z.string(),
  customerNo: z.string(),
  name: z.string(),
  fundAccount: z.string(),
  currency: z.string(),
  txnType: z.enum(PRODUCT_TXN_TYPES),
  amount: decimal,
  fee: decimal,
});
export const saleList = z.object({
  items: z.array(saleItem),
  total: z.number().int(),
  totals: z.object({ subscribed: decimal.describe('Σ SUBSCRIBE + PURCHASE'), redeemed: decimal, fee: decimal }),
});
export type SaleList = z.infer<typeof saleList>;

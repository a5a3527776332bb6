/**
 * The queries of 金融产品管理: the product library (not customer data: every product, filtered) and a
 * product's holders and sales, which are customer data and go through the caller's data scope
 * (access/scope.ts, fail closed).
 */
import { bindParam, customerScope, type ScopeSubject } from '../access/scope.js';
import { escapeLike } from '../../lib/sql.js';
import type { ProductFilter } from './products.schemas.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

const PRODUCT_COLUMNS = `p.product_code as "productCode", p.name, p.product_type as "productType", p.risk_level as "riskLevel", p.issuer,
  p.min_amount::text as "minAmount", p.sales_start::text as "salesStart", p.sales_end::text as "salesEnd",
  p.sales_commission_rate::text as "salesCommissionRate", p.updated_on::text as "updatedOn"`;

/** The products matching the filter, by product code; without `page` every one (the export). */
export function productQueries(filter: ProductFilter, page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [];
  const where = ['true'];
  if (filter.riskLevel) where.push(`p.risk_level = ${bindParam(params, filter.riskLevel)}`);
  if (filter.type) where.push(`p.product_type = ${bindParam(params, filter.type)}`);
  if (filter.q) {
    const pattern = `${bindParam(params, escapeLike(filter.q))}::text`;
    where.push(`(p.product_code like ${pattern} || '%' or p.name like '%' || ${pattern} || '%')`);
  }
  const from = `from products p where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: { sql: `select ${PRODUCT_COLUMNS} ${from} order by p.product_code${limit}`, params: rowParams },
  };
}

export const PRODUCT_DETAIL = `
  select ${PRODUCT_COLUMNS}, p.description, p.target_description as "targetDescription",
         p.marketing_updated_at as "marketingUpdatedAt", p.marketing_updated_by as "marketingUpdatedBy"
    from products p where p.product_code = $1`;

export const MARKETING_FOR_UPDATE = `
  select p.description, p.sales_start::text as "salesStart", p.sales_end::text as "salesEnd",
         p.sales_commission_rate::text as "salesCommissionRate", p.target_description as "targetDescription"
    from products p where p.product_code = $1 for update`;

export const UPDATE_MARKETING = `
  update products set description = $2, sales_start = $3::date, sales_end = $4::date, sales_commission_rate = $5::numeric,
         target_description = $6, marketing_updated_at = $7, marketing_updated_by = $8
   where product_code = $1`;

/** The holdings of the product on `day` by the customers in the caller's scope: a page, and the count and totals. */
export function holderQueries(user: ScopeSubject, asOf: string, productCode: string, day: string, page?: { page: number; pageSize: number }): { totals: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [productCode, day];
  const where = `h.trade_date = $2::date and h.product_code = $1 and ${customerScope(user, { alias: 'c', params, asOf })}`;
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  return {
    totals: {
      sql: `select count(*)::int as total, count(distinct h.customer_no)::int as holders,
              coalesce(sum(h.units), 0)::text as "totalUnits", coalesce(sum(h.market_value), 0)::text as "totalMarketValue"
              from fact_product_holdings h join customers c on c.customer_no = h.customer_no
             where ${where}`,
      params,
    },
    rows: {
      sql: `select h.customer_no as "customerNo", c.name, b.branch_name as "branchName", h.fund_account as "fundAccount", a.currency,
              h.units::text as units, h.market_value::text as "marketValue"
              from fact_product_holdings h
              join customers c on c.customer_no = h.customer_no
              join branches b on b.branch_code = c.branch_code
              join fund_accounts a on a.fund_account = h.fund_account
             where ${where}
             order by h.market_value desc, h.customer_no, h.fund_account${limit}`,
      params: rowParams,
    },
  };
}

/** The product's subscriptions, purchases and redemptions by the customers in the caller's scope, newest first. */
export function saleQueries(
  user: ScopeSubject, asOf: string, productCode: string, filter: { from?: string; to?: string; txnType?: string }, page: { page: number; pageSize: number },
): { totals: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [productCode];
  const where = [`t.product_code = $1`, customerScope(user, { alias: 'c', params, asOf })];
  if (filter.from) where.push(`t.trade_date >= ${bindParam(params, filter.from)}::date`);
  if (filter.to) where.push(`t.trade_date <= ${bindParam(params, filter.to)}::date`);
  if (filter.txnType) where.push(`t.txn_type = ${bindParam(params, filter.txnType)}`);
  const from = `from fact_product_trades t join customers c on c.customer_no = t.customer_no where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}`;
  return {
    totals: {
      sql: `select count(*)::int as total,
              coalesce(sum(t.amount) filter (where t.txn_type in ('SUBSCRIBE', 'PURCHASE')), 0)::text as subscribed,
              coalesce(sum(t.amount) filter (where t.txn_type = 'REDEEM'), 0)::text as redeemed,
              coalesce(sum(t.fee), 0)::text as fee ${from}`,
      params,
    },
    rows: {
      sql: `select t.trade_date::text as "tradeDate", t.txn_time::text as "txnTime", t.txn_no as "txnNo", t.customer_no as "customerNo", c.name,
              t.fund_account as "fundAccount", a.currency, t.txn_type as "txnType", t.amount::text as amount, t.fee::text as fee
            from fact_product_trades t join customers c on c.customer_no = t.customer_no join fund_accounts a on a.fund_account = t.fund_account
           where ${where.join(' and ')}
           order by t.trade_date desc, t.txn_time desc, t.txn_no${limit}`,
      params: rowParams,
    },
  };
}

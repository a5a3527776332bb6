/**
 * 目标客户挖掘's queries: the features of a product family as of a day (set-based, one statement for
 * every customer of the population), the purchases that label a window, and the models' rows.
 * Purchases are product_trades of txn_type SUBSCRIBE (认购) or PURCHASE (申购).
 */
import { bindParam } from '../access/scope.js';
import { NEVER_DAYS } from './targets.rules.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

export const BUY_TYPES = `('SUBSCRIBE', 'PURCHASE')`;
/** the purchases and the redemptions (赎回), read together for the 365-day lists */
const BUY_AND_REDEEM_TYPES = `('SUBSCRIBE', 'PURCHASE', 'REDEEM')`;

/**
 * The family-independent features (targets.rules.ts BaseRow) of the customers open on `day` (an
 * imported trading day, $1) who satisfy `where` (SQL over `customers c` and `sum_customer_daily s`,
 * its parameters bound in `params`, which must start with [day]), with what the family features are
 * computed from: the suitability check for each risk level R1…R5 (`match`), the purchases of the 365
 * days ending on the day (`buys`: [product code, day]) and the products held on the day (`held`).
 * A customer without a purchase in the 365 days but with a redemption has `buys` null.
 * `matchSql(r)` is the check's SQL for a product risk literal.
 */
export function featureQuery(params: unknown[], where: string, matchSql: (risk: string) => string): SqlQuery {
  const match = ['R1', 'R2', 'R3', 'R4', 'R5'].map((r) => matchSql(`'${r}'`)).join(', ');
  return {
    params,
    sql: `
    with pop as (
      select c.*, s.net_asset, s.total_asset, s.cash_cny, s.stock_value, s.product_value
        from sum_customer_daily s join customers c on c.customer_no = s.customer_no
       where s.trade_date = $1::date and s.is_open and ${where}
    ),
    buys as (
      select t.customer_no,
             json_agg(json_build_array(t.product_code, t.trade_date::text)) filter (where t.txn_type in ${BUY_TYPES}) as buys,
             count(*) filter (where t.txn_type = 'REDEEM') as redeemed
        from fact_product_trades t
       where t.trade_date > $1::date - 365 and t.trade_date <= $1::date and t.txn_type in ${BUY_AND_REDEEM_TYPES}
       group by t.customer_no
    ),
    held as (
      select h.customer_no, array_agg(distinct h.product_code) as held
        from fact_product_holdings h
       where h.trade_date = $1::date and h.units > 0
       group by h.customer_no
    ),
    act as (
      select d.customer_no, count(*) filter (where d.trade_count > 0) as trade_days, sum(d.volume) as volume, sum(d.trade_count) as trades,
             coalesce(sum(d.bank_in) filter (where d.trade_date > $1::date - 30), 0) as bank_in30,
             max(d.trade_date) filter (where d.bank_in > 0) as last_bank_in
        from sum_customer_daily d
       where d.trade_date > $1::date - 60 and d.trade_date <= $1::date
       group by d.customer_no
    ),
    back as (
      select d.customer_no, d.net_asset
        from sum_customer_daily d
       where d.trade_date = (select max(td.trade_date) from trading_days td where td.trade_date <= $1::date - 60)
    ),
    credit as (
      select distinct a.customer_no from fund_accounts a
       where a.account_kind = 'CREDIT' and a.open_date <= $1::date and (a.close_date is null or a.close_date > $1::date)
    )
    select c.customer_no as "customerNo",
           case when c.risk_level is not null and c.risk_assessed_on is not null then substr(c.risk_level, 2)::int else 0 end as "riskCategory",
           (c.investor_class <> 'ORDINARY')::int as professional,
           (c.customer_type <> 'P')::int as institution,
           c.net_asset::float8 as "netAsset",
           case when back.net_asset is null then 0 else ((c.net_asset - back.net_asset) / greatest(back.net_asset, 1))::float8 end as "netAssetTrend60",
           case when c.total_asset > 0 then (c.cash_cny / c.total_asset)::float8 else 0 end as "cashShare",
           c.product_value::float8 as "productValue",
           coalesce(act.trade_days, 0)::int as "tradeDays60",
           coalesce(act.volume, 0)::float8 as "volume60",
           ($1::date - c.open_date) as "tenureDays",
           case when c.customer_type = 'P' and c.birth_date is not null then date_part('year', age($1::date, c.birth_date))::int else 0 end as age,
           (credit.customer_no is not null)::int as margin,
           coalesce(act.trades, 0)::int as "tradeCount60",
           case when c.total_asset > 0 then (c.stock_value / c.total_asset)::float8 else 0 end as "stockShare",
           case when act.bank_in30 > 0 then (act.bank_in30 / greatest(c.net_asset, 1))::float8 else 0 end as "bankInShare30",
           coalesce($1::date - act.last_bank_in, ${NEVER_DAYS}) as "daysSinceBankIn",
           coalesce(buys.redeemed, 0)::int as "redeemed365",
           array[${match}] as match,
           buys.buys,
           held.held
      from pop c
      left join buys on buys.customer_no = c.customer_no
      left join held on held.customer_no = c.customer_no
      left join act on act.customer_no = c.customer_no
      left join back on back.customer_no = c.customer_no
      left join credit on credit.customer_no = c.customer_no
     order by c.customer_no`,
  };
}

/** The products (type, risk level, issuer) by code: what the family features are computed with. */
export const PRODUCT_INFO = `select product_code as "productCode", product_type as type, risk_level as risk, issuer from products`;

/** The products each customer bought in (from, to] (exclusive, inclusive): the labels of a window. */
export const WINDOW_BUYERS = `
  select t.customer_no as "customerNo", array_agg(distinct t.product_code) as products
    from fact_product_trades t
   where t.trade_date > $1::date and t.trade_date <= $2::date and t.txn_type in ${BUY_TYPES}
   group by t.customer_no`;

export const TRADING_DAYS = `select trade_date::text as day from trading_days order by trade_date`;

export const WINDOW_SETTING = `select coalesce((value->>'hitWindowDays')::int, 30) as "windowDays" from settings where key = 'outreach'`;

export const PRODUCT_FAMILY = `select product_code as "productCode", product_type as "productType", risk_level as "riskLevel", name from products where product_code = $1`;

export const FAMILIES = `select distinct product_type as "productType", risk_level as "riskLevel" from products order by 1, 2`;

export const INSERT_MODEL = `
  insert into product_target_models (product_type, risk_level, level, trained_by, window_days, cutoff, train_cutoffs, metrics, features, model, importance, no_model_reason)
  values ($1, $2, $3, $4, $5, $6::date, $7::date[], $8::jsonb, $9::text[], $10::jsonb, $11::jsonb, $12)
  returning id::text, trained_at as "trainedAt"`;

/** The newest training of the family (with or without a model). */
export const LATEST_MODEL = `
  select id::text, level, trained_at as "trainedAt", window_days as "windowDays", cutoff::text, train_cutoffs::text[] as "trainCutoffs",
         metrics, features, model, importance, no_model_reason as "noModelReason"
    from product_target_models where product_type = $1 and risk_level = $2
   order by trained_at desc, id desc limit 1`;

/** Binds `value` onto `params` (re-exported for the service's predicates). */
export { bindParam };

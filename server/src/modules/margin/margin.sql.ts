/**
 * The margin trading queries (融资融券, suitability.md "Margin trading"; interfaces.md "Products,
 * suitability and margin"): the credit accounts of a day with their maintenance ratio and its state,
 * one account's daily history, and the qualified customer pool (两融合格客户池) with the conditions
 * each customer fails — one set-based statement for the whole scope, the same for one customer.
 *
 * credit.csv lands in fact_credit (one row per credit account and day); the ratio is computed here
 * from that row, exactly (numeric), never stored. The warning and liquidation lines are the
 * `monitoring` setting's (monitoring.sql.ts MARGIN_LINES, as the MARGIN_* alerts read them); the
 * withdrawal line and the pool's bounds are the `margin` setting's (migration 0030); whether a risk
 * assessment counts is the suitability module's rule (assessmentValidSql, setting `suitability`).
 */
import { bindParam, customerScope, type ScopeSubject } from '../access/scope.js';
import { MARGIN_LINES } from '../monitoring/monitoring.sql.js';
import type { SuitabilitySettings } from '../suitability/suitability.rules.js';
import { assessmentValidSql } from '../suitability/suitability.sql.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/**
 * The lines of the day's states, one row: warn_pct, liq_pct (monitoring) and wd_pct (margin), in
 * percent of the maintenance ratio. Each falls back to suitability.md's default should its setting lack it.
 */
const LINES = `
  select ml.warn_pct, ml.liq_pct, coalesce((mg.value->>'withdrawablePercent')::numeric, 300) as wd_pct
    from (${MARGIN_LINES}) ml cross join (select (select value from settings where key = 'margin') as value) mg`;

/** The lines as the answers show them: percent strings. */
export const LINES_ROW = `select trim_scale(warn_pct)::text as warning, trim_scale(liq_pct)::text as liquidation, trim_scale(wd_pct)::text as withdrawable from (${LINES}) l`;

/**
 * The state of collateral `k` against debt `d` (financing + lending + interest) for the lines `l`:
 * below the liquidation line (strictly: exactly 130 % is WARNING), below the warning line (exactly
 * 150 % is NORMAL), above the withdrawal line (strictly: exactly 300 % is NORMAL), NO_DEBT when
 * nothing is owed (no ratio). Compared as collateral × 100 against debt × percent: no division.
 */
function stateSql(k: string, d: string, l: string): string {
  return `case when ${d} <= 0 then 'NO_DEBT'
               when ${k} * 100 < ${d} * ${l}.liq_pct then 'LIQUIDATION'
               when ${k} * 100 < ${d} * ${l}.warn_pct then 'WARNING'
               when ${k} * 100 > ${d} * ${l}.wd_pct then 'WITHDRAWABLE'
               else 'NORMAL' end`;
}

/**
 * The ratio collateral ÷ debt truncated (not rounded) to 6 decimals, null without debt: a shown
 * ratio never crosses a line its state has not (1.4999996 shows 1.499999, WARNING).
 */
function ratioSql(k: string, d: string): string {
  return `case when ${d} > 0 then trunc(${k} / ${d}, 6)::text end`;
}

/** The figures of a fact_credit row `k` (null when the account has none on the day), their state against `l`. */
function figures(k: string, l: string): string {
  const debt = `(${k}.financing_debt + ${k}.lending_debt + ${k}.interest_payable)`;
  return `${k}.financing_debt::text as "financingDebt", ${k}.lending_debt::text as "lendingDebt", ${k}.interest_payable::text as "interestPayable",
          ${debt}::text as debt, ${k}.collateral_value::text as "collateralValue",
          ${ratioSql(`${k}.collateral_value`, debt)} as "maintenanceRatio",
          case when ${k}.fund_account is not null then ${stateSql(`${k}.collateral_value`, debt, l)} end as state`;
}

export interface AccountFilter {
  marginState?: string;
  customerNo?: string;
  fundAccount?: string;
}

export interface AccountRow {
  fundAccount: string;
  customerNo: string;
  customerName: string;
  branchCode: string;
  branchName: string;
  openDate: string;
  closeDate: string | null;
  status: string;
  date: string;
  financingDebt: string | null;
  lendingDebt: string | null;
  interestPayable: string | null;
  debt: string | null;
  collateralValue: string | null;
  maintenanceRatio: string | null;
  state: string | null;
}

/**
 * The credit accounts (fund_accounts of kind CREDIT) open on `day` whose customer is in the caller's
 * scope, each with its fact_credit row of the day (figures null when credit.csv had none for it):
 * the riskiest first (lowest ratio), then the accounts without debt or figures, by account.
 */
export function accountQueries(user: ScopeSubject, asOf: string, day: string, filter: AccountFilter, page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [day];
  const where = [
    `a.account_kind = 'CREDIT'`, `a.open_date <= $1::date`, `(a.close_date is null or a.close_date >= $1::date)`,
    customerScope(user, { alias: 'c', params, asOf }),
  ];
  if (filter.customerNo) where.push(`a.customer_no = ${bindParam(params, filter.customerNo)}`);
  if (filter.fundAccount) where.push(`a.fund_account = ${bindParam(params, filter.fundAccount)}`);
  const from = `
      from fund_accounts a
      join customers c on c.customer_no = a.customer_no
      left join fact_credit k on k.trade_date = $1::date and k.customer_no = a.customer_no and k.fund_account = a.fund_account
      cross join (${LINES}) l`;
  const inner = `
    select a.fund_account as "fundAccount", a.customer_no as "customerNo", c.name as "customerName", c.branch_code as "branchCode",
           a.open_date::text as "openDate", a.close_date::text as "closeDate", a.status, $1::date::text as date,
           ${figures('k', 'l')},
           case when k.fund_account is not null and k.financing_debt + k.lending_debt + k.interest_payable > 0
                then k.collateral_value / (k.financing_debt + k.lending_debt + k.interest_payable) end as sort_ratio
      ${from}
     where ${where.join(' and ')}`;
  const stateFilter = filter.marginState ? ` where x.state = ${bindParam(params, filter.marginState)}` : '';
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  return {
    count: { sql: `select count(*)::int as total from (${inner}) x${stateFilter}`, params },
    rows: {
      sql: `select x."fundAccount", x."customerNo", x."customerName", x."branchCode", b.branch_name as "branchName", x."openDate", x."closeDate", x.status, x.date,
                   x."financingDebt", x."lendingDebt", x."interestPayable", x.debt, x."collateralValue", x."maintenanceRatio", x.state
              from (${inner}) x join branches b on b.branch_code = x."branchCode"${stateFilter}
             order by x.sort_ratio nulls last, x."fundAccount"${limit}`,
      params: rowParams,
    },
  };
}

export interface HistoryRow {
  date: string;
  financingDebt: string;
  lendingDebt: string;
  interestPayable: string;
  debt: string;
  collateralValue: string;
  maintenanceRatio: string | null;
  state: string;
}

/** $1 customer, $2 fund account, $3 up to this day: the account's fact_credit rows, oldest first, each with its state against today's lines. */
export const ACCOUNT_HISTORY = `
  select k.trade_date::text as date, ${figures('k', 'l')}
    from fact_credit k cross join (${LINES}) l
   where k.customer_no = $1 and k.fund_account = $2 and k.trade_date <= $3::date
   order by k.trade_date`;

/** $1 fund account: its customer when it is a credit account (the scope is checked on the customer). */
export const CREDIT_ACCOUNT = `select customer_no as "customerNo" from fund_accounts where fund_account = $1 and account_kind = 'CREDIT'`;

export const MARGIN_POOL_CODES = ['AVG_ASSET', 'TRADING_HISTORY', 'RISK_LEVEL', 'STATUS', 'HAS_CREDIT_ACCOUNT'] as const;

/** The pool's bounds of the `margin` setting (migration 0030), one row. */
const POOL_SETTING = `
  select coalesce((mg.value->>'poolMinAvgAsset')::numeric, 500000) as min_avg,
         coalesce((mg.value->>'poolMinTradingMonths')::int, 6) as months,
         coalesce(mg.value->>'poolMinRiskLevel', 'C4') as min_risk
    from (select (select value from settings where key = 'margin') as value) mg`;

export interface PoolDays {
  /** a first trade on or before this day meets TRADING_HISTORY: the day − poolMinTradingMonths months */
  tradedBy: string;
  /** the last imported day on or before tradedBy (null when the imported history starts after it) */
  cutDay: string | null;
  /** the first of the (up to) 20 imported trading days ending on the day */
  windowStart: string | null;
}

/**
 * $1 the pool's day: the days the pool statement reads, looked up first so that they reach it as
 * parameters (each read of sum_customer_daily then prunes to one partition and probes its index).
 */
export const POOL_DAYS = `
  with p as (${POOL_SETTING}),
  cut as (select ($1::date - make_interval(months => p.months))::date as traded_by from p)
  select cut.traded_by::text as "tradedBy",
         (select max(t.trade_date)::text from trading_days t where t.trade_date <= cut.traded_by) as "cutDay",
         (select min(w.trade_date)::text from (select trade_date from trading_days where trade_date <= $1::date order by trade_date desc limit 20) w) as "windowStart"
    from cut`;

export interface PoolRow {
  customerNo: string;
  customerName: string;
  branchCode: string;
  branchName: string;
  status: string;
  riskLevel: string | null;
  riskAssessedOn: string | null;
  investorClass: string;
  avgAsset: string | null;
  failing: string[];
  /** how many rows the statement has before its page is cut (the count of the page's rows): one pass, not two */
  total: number;
}

/**
 * The qualified customer pool on the imported trading day `day` for the customers in scope (and, with
 * `customerNo`, that one customer): every customer with the codes of the conditions it fails, the
 * qualified ones (nothing failing) only with `qualifiedOnly`. Conditions (setting `margin` unless said):
 *
 * - AVG_ASSET: the average total asset over the 20 trading days ending on the day (the figures'
 *   window: sum_customer_daily.net_asset_sum20 ÷ days20, plus the window's debt — non-zero only for
 *   credit accounts, extract-format.md, so read only for customers with one) below poolMinAvgAsset,
 *   or no figures on the day;
 * - TRADING_HISTORY: no trade on or before `days.tradedBy` (the carried last_trade_date of
 *   `days.cutDay`: a first trade before the imported history is not known, so a cut-off before it
 *   fails every customer);
 * - RISK_LEVEL: an ordinary investor whose category is below poolMinRiskLevel, or whose assessment
 *   does not count on the day (the suitability module's assessmentValidSql: missing, undated, dated
 *   after the day, or expired — from its anniversary after `suitability.validityYears`);
 *   professional investors qualify whatever their category;
 * - STATUS: the customer's status is not NORMAL;
 * - HAS_CREDIT_ACCOUNT: a credit account open on the day.
 *
 * One statement for the whole scope: customers, the day's and the cut-off day's rows of
 * sum_customer_daily by their primary key, the window's debt by customer for the credit customers only.
 */
export function poolQuery(user: ScopeSubject, asOf: string, day: string, days: PoolDays, suitability: SuitabilitySettings, opts: { customerNo?: string; qualifiedOnly: boolean; page?: { page: number; pageSize: number } }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [day, days.cutDay, days.windowStart ?? day];
  const where = [customerScope(user, { alias: 'c', params, asOf })];
  if (opts.customerNo) where.push(`c.customer_no = ${bindParam(params, opts.customerNo)}`);
  const inner = `
    with p as (${POOL_SETTING}),
    -- the window's debt of the customers with a credit account (the only ones that can owe), by the customer index
    debt20 as (
      select ca.customer_no,
             (select sum(case when x.is_open then x.debt else 0 end) from sum_customer_daily x
               where x.customer_no = ca.customer_no and x.trade_date between $3::date and $1::date) as debt
        from (select distinct customer_no from fund_accounts where account_kind = 'CREDIT') ca
    ),
    pool as (
      select c.customer_no, c.name, c.branch_code, c.status, c.risk_level, c.risk_assessed_on, c.investor_class,
             case when d.days20 > 0 then (d.net_asset_sum20 + coalesce(g.debt, 0)) / d.days20 end as avg_asset,
             array_remove(array[
               case when d.days20 is null or d.days20 = 0 or d.net_asset_sum20 + coalesce(g.debt, 0) < p.min_avg * d.days20 then 'AVG_ASSET' end,
               case when h.last_trade_date is null then 'TRADING_HISTORY' end,
               case when c.investor_class = 'ORDINARY' and (c.risk_level is null or c.risk_level < p.min_risk or not ${assessmentValidSql('c', '$1', suitability)})
                    then 'RISK_LEVEL' end,
               case when c.status <> 'NORMAL' then 'STATUS' end,
               case when exists (select 1 from fund_accounts a where a.customer_no = c.customer_no and a.account_kind = 'CREDIT'
                                    and a.open_date <= $1::date and (a.close_date is null or a.close_date >= $1::date))
                    then 'HAS_CREDIT_ACCOUNT' end
             ], null) as failing
        from customers c
       cross join p
        left join sum_customer_daily d on d.trade_date = $1::date and d.customer_no = c.customer_no
        left join debt20 g on g.customer_no = c.customer_no
        left join sum_customer_daily h on h.trade_date = $2::date and h.customer_no = c.customer_no
       where ${where.join(' and ')}
    )
    select * from pool${opts.qualifiedOnly ? ' where cardinality(failing) = 0' : ''}`;
  const rowParams = [...params];
  const limit = opts.page ? ` limit ${bindParam(rowParams, opts.page.pageSize)} offset ${bindParam(rowParams, (opts.page.page - 1) * opts.page.pageSize)}` : '';
  return {
    count: { sql: `select count(*)::int as total from (${inner}) x`, params },
    rows: {
      sql: `select x.customer_no as "customerNo", x.name as "customerName", x.branch_code as "branchCode", b.branch_name as "branchName",
                   x.status, x.risk_level as "riskLevel", x.risk_assessed_on::text as "riskAssessedOn", x.investor_class as "investorClass",
                   round(x.avg_asset, 2)::text as "avgAsset", x.failing, (count(*) over ())::int as total
              from (${inner}) x join branches b on b.branch_code = x.branch_code
             order by x.avg_asset desc nulls last, x.customer_no${limit}`,
      params: rowParams,
    },
  };
}

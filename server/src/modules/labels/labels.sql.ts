/**
 * The label and customer-group queries (客户标签, 客户群): the set-based refresh of the labels' facts
 * for the latest imported trading day (customer_label_facts, one INSERT … SELECT), the view
 * customer_labels built from the catalogue that computes every label from them when read, the group
 * refresh (members and count history of every saved group), and the reads. Every customer-facing
 * read goes through the data scope (access/scope.ts).
 */
import { bindParam, customerScope, type ScopeSubject } from '../access/scope.js';
import { LABELS, columnType } from './labels.catalogue.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/**
 * $1 the day: the first of the last 20 imported trading days up to it (null without any), the
 * refresh's $2: a constant, so that the 20-day reads prune partitions and are estimated right.
 */
export const WINDOW_START = `
  select min(trade_date)::text as from
    from (select trade_date from trading_days where trade_date <= $1::date order by trade_date desc limit 20) x`;

/**
 * $1 the day, $2 its WINDOW_START: the CTEs of what a customer's labels read from beyond its own row
 * and its figures of the day — aggregates over other tables, stored per customer at the refresh in
 * customer_label_facts (migration 0035), from which the view customer_labels computes every label:
 * - gone: a customer without a row of the day (closed within the last 20 imported trading days, or
 *   not yet open); w, ch: its 20-day sums from its rows and trades of those days (from $2); lh: its
 *   last trade (the others' figures of the day carry all of these, migration 0025)
 * - p: the day's positions by security (converted to CNY at the day's rate: fx, the foreign-currency
 *   accounts, every other position is CNY), boards by code
 * - pr: the day's financial products held; fa: the fund accounts; cr: the day's margin accounts
 * - r: the relationships effective on the day; k: the contacts (business dates, Asia/Shanghai)
 * - al: the alerts of the last 20 imported trading days and every NEW one (the day's churn score is read by the view)
 */
const SOURCES = `
  td as (select trade_date, usd_rate, hkd_rate from trading_days where trade_date = $1::date),
  -- a customer without a row of the day: not open that day (a customer open on a day always has its row), so closed or not yet open
  gone as materialized (
    select c.customer_no from customers c
     where (c.open_date > $1::date or c.close_date <= $1::date)
       and not exists (select 1 from sum_customer_daily s where s.trade_date = $1::date and s.customer_no = c.customer_no)
  ),
  -- by lateral joins, customer by customer (a few hundred; their rows by the customer index): joined as sets,
  -- on statistics that did not know the gone customers were few, the window's rows of every customer were
  -- merged (2.1 s) and its trades sorted (4.6 s) at 100,000 customers × 22 days
  w as (
    select g.customer_no as w_no, x.*
      from gone g
      cross join lateral (
        select (count(*) filter (where s.trade_count > 0))::int as w_td20,
               sum(s.volume) as w_vol20, sum(s.commission) as w_com20, sum(s.fees) as w_fees20,
               sum(s.order_count)::int as w_orders20, sum(s.cancelled_count)::int as w_cancel20, sum(s.trade_count)::int as w_trades20,
               sum(s.bank_in) as w_bank_in20, sum(s.product_sales) as w_prod20
          from sum_customer_daily s
         where s.customer_no = g.customer_no and s.trade_date >= $2::date and s.trade_date <= $1::date
           -- a row of zeros adds nothing: only those of the 20 days that moved (b gives the zeros of a customer with none)
           and (s.trade_count <> 0 or s.order_count <> 0 or s.cancelled_count <> 0 or s.volume <> 0 or s.commission <> 0 or s.fees <> 0
                or s.bank_in <> 0 or s.product_sales <> 0)
         group by s.customer_no
      ) x
  ),
  -- the day's rate of each foreign-currency fund account (a position's account always exists: the importer takes its customer from it)
  fx as materialized (
    select a.fund_account, case a.currency when 'USD' then td.usd_rate else td.hkd_rate end as r
      from fund_accounts a cross join td where a.currency in ('USD', 'HKD')
  ),
  pos as (
    select fp.customer_no, fp.market, fp.security_code,
           sum(fp.market_value * rate.r) as mv, sum(coalesce(fp.cost_amount, fp.market_value) * rate.r) as cost
      from fact_positions fp
      cross join td
      left join fx on fx.fund_account = fp.fund_account
      cross join lateral (select case when fx.fund_account is null then 1 else fx.r end as r) rate
     where fp.trade_date = $1::date and fp.market_value > 0
     group by fp.customer_no, fp.market, fp.security_code
  ),
  p as (
    select x.customer_no as p_no, count(*)::int as p_count, sum(x.mv) as p_value, sum(x.cost) as p_cost, max(x.mv) as p_top1,
           sum(x.mv) filter (where x.rk <= 3) as p_top3,
           sum(x.mv) filter (where x.board = 1) as p_sh_main, sum(x.mv) filter (where x.board = 2) as p_star,
           sum(x.mv) filter (where x.board = 3) as p_sz_main, sum(x.mv) filter (where x.board = 4) as p_chinext,
           sum(x.mv) filter (where x.board = 5) as p_bj,
           sum(x.mv) filter (where x.class = 1) as p_stock, sum(x.mv) filter (where x.class = 2) as p_fund,
           sum(x.mv) filter (where x.class = 3) as p_bond, sum(x.mv) filter (where x.class = 4) as p_repo
      -- the board (SH 60…, SH 68…, SZ 00…, SZ 30…, BJ) and the class as small numbers, worked out once per security held
      from (select pos.customer_no, pos.mv, pos.cost,
                   case pos.market when 'SH' then case left(pos.security_code, 2) when '60' then 1 when '68' then 2 end
                                   when 'SZ' then case left(pos.security_code, 2) when '00' then 3 when '30' then 4 end
                                   when 'BJ' then 5 end as board,
                   case sec.security_class when 'STOCK' then 1 when 'FUND' then 2 when 'BOND' then 3 when 'REPO' then 4 end as class,
                   row_number() over (partition by pos.customer_no order by pos.mv desc) as rk
              from pos left join securities sec on sec.market = pos.market and sec.security_code = pos.security_code) x
     group by x.customer_no
  ),
  pr as (
    select h.customer_no as pr_no, count(distinct h.product_code)::int as pr_count,
           bool_or(pd.product_type = 'PUBLIC_FUND') as pr_public_fund, bool_or(pd.product_type = 'ASSET_MGMT') as pr_asset_mgmt,
           bool_or(pd.product_type = 'BOND') as pr_bond, bool_or(pd.product_type = 'STRUCTURED') as pr_structured,
           bool_or(pd.product_type = 'ADVISORY') as pr_advisory, max(pd.risk_level) as pr_max_risk
      from fact_product_holdings h join products pd on pd.product_code = h.product_code
     where h.trade_date = $1::date and h.units > 0
     group by h.customer_no
  ),
  fa as (
    select customer_no as fa_no, (count(*) filter (where close_date is null))::int as fa_count,
           bool_or(account_kind = 'CREDIT' and close_date is null) as fa_credit,
           bool_or(currency = 'USD' and close_date is null) as fa_usd, bool_or(currency = 'HKD' and close_date is null) as fa_hkd,
           min(commission_rate) filter (where account_kind = 'NORMAL' and close_date is null) as fa_rate
      from fund_accounts group by customer_no
  ),
  cr as (
    select customer_no as cr_no, sum(financing_debt) as cr_financing, sum(lending_debt) as cr_lending,
           sum(financing_debt + lending_debt + interest_payable) as cr_debt, sum(collateral_value) as cr_collateral
      from fact_credit where trade_date = $1::date group by customer_no
  ),
  chx as (
    select g.customer_no, x.channel, x.amount
      from gone g
      cross join lateral (
        select t.channel, sum(case a.currency when 'USD' then t.amount * d.usd_rate when 'HKD' then t.amount * d.hkd_rate else t.amount end) as amount
          from fact_trades t
          join trading_days d on d.trade_date = t.trade_date
          join fund_accounts a on a.fund_account = t.fund_account
         where t.customer_no = g.customer_no and t.trade_date >= $2::date and t.trade_date <= $1::date
         group by t.channel
      ) x
  ),
  ch as (
    select customer_no as ch_no, sum(amount) as ch_total, count(*)::int as ch_count,
           (array_agg(channel order by amount desc, channel))[1] as ch_main,
           sum(amount) filter (where channel = 'MOBILE') as ch_mobile, sum(amount) filter (where channel = 'WEB') as ch_web,
           sum(amount) filter (where channel = 'PHONE') as ch_phone, sum(amount) filter (where channel = 'COUNTER') as ch_counter,
           sum(amount) filter (where channel = 'API') as ch_api
      from chx group by customer_no
  ),
  r as (
    select rel.customer_no as r_no,
           (count(*) filter (where rel.kind = 'DEVELOP'))::int as r_develop, (count(*) filter (where rel.kind = 'SERVICE'))::int as r_service,
           (array_agg(rel.staff_no order by (rel.kind = 'SERVICE') desc, rel.weight desc, rel.staff_no))[1] as r_serving,
           (array_agg(rel.staff_no order by rel.weight desc, rel.staff_no) filter (where rel.kind = 'DEVELOP'))[1] as r_developer,
           (array_agg(sf.team_code order by (rel.kind = 'SERVICE') desc, rel.weight desc, rel.staff_no))[1] as r_team,
           bool_or(rel.kind = 'DEVELOP' and sf.status = 'LEFT') as r_left
      from relationships rel join staff sf on sf.staff_no = rel.staff_no
     where rel.effective_from <= $1::date and (rel.ended_on is null or rel.ended_on >= $1::date)
     group by rel.customer_no
  ),
  k as (
    select x.customer_no as k_no,
           (count(*) filter (where x.d > $1::date - 30))::int as k_30,
           (count(*) filter (where x.d > $1::date - 90))::int as k_90,
           (count(*) filter (where x.d > $1::date - 365))::int as k_365,
           (count(*) filter (where x.d > $1::date - 90 and x.channel = 'VISIT'))::int as k_visit90,
           (count(*) filter (where x.d > $1::date - 90 and x.channel in ('PHONE', 'CALL_CENTER')))::int as k_call90,
           max(x.d) as k_last, (array_agg(x.channel order by x.at desc, x.id desc))[1] as k_last_channel,
           (count(*) filter (where x.next_action is not null and x.next_done_at is null))::int as k_open,
           (count(*) filter (where x.next_action is not null and x.next_done_at is null and x.next_due_on < $1::date))::int as k_overdue
      from (select c.customer_no, c.at, c.id, c.channel, c.next_action, c.next_done_at, c.next_due_on,
                   (c.at at time zone 'Asia/Shanghai')::date as d
              from contacts c offset 0) x
     group by x.customer_no
  ),
  al as (
    select customer_no as al_no,
           (count(*) filter (where trade_date >= $2::date))::int as al_count,
           (count(*) filter (where status = 'NEW'))::int as al_new,
           bool_or(rule = 'LARGE_WITHDRAWAL' and trade_date >= $2::date) as al_large,
           bool_or(rule = 'QUICK_IN_OUT' and trade_date >= $2::date) as al_quick,
           bool_or(rule = 'FREQUENT_CANCEL' and trade_date >= $2::date) as al_cancel,
           bool_or(rule in ('MARGIN_WARNING', 'MARGIN_LIQUIDATION') and trade_date >= $2::date) as al_margin
      from alerts
     where not withdrawn and trade_date <= $1::date and (status = 'NEW' or trade_date >= $2::date)
     group by customer_no
  ),
  -- the last trade of a customer without a row of the day (a closed one): its latest carried value
  lh as (
    select g.customer_no as lh_no, (select max(h.last_trade_date) from sum_customer_daily h where h.customer_no = g.customer_no) as lh_last,
           exists (select 1 from sum_customer_daily h where h.customer_no = g.customer_no and h.trade_date >= $2::date and h.trade_date <= $1::date)
             as lh_window
      from gone g
  )`;

/**
 * $1 the day, $2 its WINDOW_START: the refresh's day, its 20-day window and the thresholds of the
 * settings the labels read (valid customer, margin lines, churn threshold, top tier) as they are at
 * the refresh — the one row of customer_label_day.
 */
const DAY_ROW = `
  insert into customer_label_day (trade_date, window_start, valid_min, warn_pct, liq_pct, churn_threshold, top_tier)
  select $1::date, $2::date,
         coalesce((select (value->>'minNetAsset')::numeric from settings where key = 'validCustomer'), 10000),
         coalesce((select (value->>'marginWarningPercent')::numeric from settings where key = 'monitoring'), 150),
         coalesce((select (value->>'marginLiquidationPercent')::numeric from settings where key = 'monitoring'), 130),
         coalesce((select (value->>'threshold')::numeric from settings where key = 'churn'), 0.5),
         (select value->0->>'name' from settings where key = 'tiers')`;

/** The columns of customer_label_facts after customer_no, in the order the refresh writes them. */
const FACT_COLUMNS = [
  'rfm_r', 'rfm_m', 'rfm_segment', 'contribution', 'contribution_flagged',
  'w_td20', 'w_vol20', 'w_com20', 'w_fees20', 'w_orders20', 'w_cancel20', 'w_trades20', 'w_bank_in20', 'w_prod20',
  'ch_total', 'ch_count', 'ch_main', 'ch_mobile', 'ch_web', 'ch_phone', 'ch_counter', 'ch_api', 'lh_last', 'lh_window',
  'p_count', 'p_value', 'p_cost', 'p_top1', 'p_top3', 'p_sh_main', 'p_star', 'p_sz_main', 'p_chinext', 'p_bj', 'p_stock', 'p_fund', 'p_bond', 'p_repo',
  'pr_count', 'pr_public_fund', 'pr_asset_mgmt', 'pr_bond', 'pr_structured', 'pr_advisory', 'pr_max_risk',
  'fa_count', 'fa_credit', 'fa_usd', 'fa_hkd', 'fa_rate',
  'cr_financing', 'cr_lending', 'cr_debt', 'cr_collateral',
  'r_develop', 'r_service', 'r_serving', 'r_developer', 'r_team', 'r_left',
  'k_30', 'k_90', 'k_365', 'k_visit90', 'k_call90', 'k_last', 'k_last_channel', 'k_open', 'k_overdue',
  'al_count', 'al_new', 'al_large', 'al_quick', 'al_cancel', 'al_margin',
] as const;

/**
 * The refresh of the labels of `day` (the latest imported trading day; `from` its WINDOW_START), in
 * four statements: the day row, then every customer's facts (customer_label_facts: one row per
 * customer, closed ones too) replaced — readers see the previous day's until the import commits.
 * `value` is the CTEs of value.sql.ts's RFM and contribution over every open customer (the whole
 * brokerage's averages), built onto the params after $1 and $2, ending in `contribution` (one row per
 * open customer): R (trading days since the last trade, the label 距最近交易的交易日数), M (the net
 * commission of the 250 days), the segment, the contribution and its flag of the value pages at
 * head-office scope.
 */
export function refreshLabelsQueries(day: string, from: string | null, value: (params: unknown[]) => string): SqlQuery[] {
  const params: unknown[] = [day, from];
  const valueCtes = value(params);
  const columns = FACT_COLUMNS.filter((c) => c !== 'rfm_r' && c !== 'rfm_m' && c !== 'rfm_segment' && c !== 'contribution' && c !== 'contribution_flagged');
  return [
    { sql: `delete from customer_label_day`, params: [] },
    { sql: DAY_ROW, params: [day, from] },
    { sql: `delete from customer_label_facts`, params: [] },
    {
      sql: `with ${SOURCES}, ${valueCtes}
        insert into customer_label_facts (customer_no, ${FACT_COLUMNS.join(', ')})
        select c.customer_no, v.r, v.net_commission, v.segment, v.contribution, v.flagged,
               ${columns.join(', ')}
          from customers c
          left join lh on lh.lh_no = c.customer_no
          left join w on w.w_no = c.customer_no
          left join ch on ch.ch_no = c.customer_no
          left join p on p.p_no = c.customer_no
          left join pr on pr.pr_no = c.customer_no
          left join fa on fa.fa_no = c.customer_no
          left join cr on cr.cr_no = c.customer_no
          left join r on r.r_no = c.customer_no
          left join k on k.k_no = c.customer_no
          left join al on al.al_no = c.customer_no
          left join contribution v on v.customer_no = c.customer_no`,
      params,
    },
  ];
}

/**
 * The row `b` every label expression reads, one per customer of the last refresh (closed ones keep
 * their profile and read CHURNED, one not yet open reads POTENTIAL): the customer and its branch as
 * they are (only an import changes them, and every import refreshes the labels), its figures of the
 * refresh's day (sum_customer_daily, carried windows included: the 20-day sums of trading,
 * transfers in, product purchases and trades by channel, migration 0025), its churn score of that
 * day (churn_scores, migration 0058), its stored facts and the day row's thresholds. A plain join, so that a reader's predicates and the columns it reads go
 * down into it: one customer's labels read one row of each table, a filter computes only the labels
 * it names. The day's figures are found by the day row's date as a subquery, so that only that
 * day's partition of sum_customer_daily is read (pruned when the query runs).
 */
const VIEW_ROW = `
  select c.customer_no, d.trade_date as day, c.customer_type, c.gender, c.birth_date, c.branch_code, br.city, c.id_type, c.mobile, c.email,
         c.open_date, c.close_date, c.status, c.risk_level, c.risk_assessed_on, c.investor_class,
         case when c.customer_type = 'P' and c.birth_date is not null then extract(year from age(d.trade_date, c.birth_date))::int end as age,
         case when c.open_date <= d.trade_date then extract(year from age(d.trade_date, c.open_date))::int else 0 end as tenure_years,
         s.is_open, s.total_asset, s.net_asset, s.debt, s.cash_cny, s.cash_in_cny, s.cash_in_usd, s.cash_in_hkd,
         s.stock_value, s.fund_value, s.bond_value, s.other_value, s.product_value, s.volume, s.commission,
         s.trade_count, s.order_count, s.bank_in, s.bank_out, s.tier,
         s.days250, s.trade_days250, s.commission_fees250, s.cash_sum250, s.debt_sum250, s.product_fee250,
         s.bank_out_sum20, s.net_asset_before20, s.churned_on,
         coalesce(s.total_asset, 0) + coalesce(s.product_value, 0) as fin,
         coalesce(s.net_asset_sum20 / nullif(s.days20, 0), 0) as avg20,
         coalesce(s.lifecycle, case when c.open_date > d.trade_date then 'POTENTIAL' else 'CHURNED' end) as lifecycle,
         lt.last_trade_date, f.rfm_r, f.rfm_m, f.rfm_segment, f.contribution, f.contribution_flagged, cs.score as churn_score,
         d.valid_min, d.warn_pct, d.liq_pct, d.churn_threshold, d.top_tier,
         -- the 20 days' sums, zeros for a customer with rows of the window (the day's or, closed, earlier ones) none of which moved:
         -- the day's row carries them (s), a customer without one sums its window's rows (f, from w)
         coalesce(s.trade_days20, f.w_td20, case when win.rows then 0 end) as w_td20,
         coalesce(s.volume_sum20, f.w_vol20, case when win.rows then 0.000000 end) as w_vol20,
         coalesce(s.commission_sum20, f.w_com20, case when win.rows then 0.000000 end) as w_com20,
         coalesce(s.fees_sum20, f.w_fees20, case when win.rows then 0.000000 end) as w_fees20,
         coalesce(s.order_sum20, f.w_orders20, case when win.rows then 0 end) as w_orders20,
         coalesce(s.cancelled_sum20, f.w_cancel20, case when win.rows then 0 end) as w_cancel20,
         coalesce(s.trade_sum20, f.w_trades20, case when win.rows then 0 end) as w_trades20,
         coalesce(s.bank_in_sum20, f.w_bank_in20, case when win.rows then 0.000000 end) as w_bank_in20,
         coalesce(s.product_sales_sum20, f.w_prod20, case when win.rows then 0.000000 end) as w_prod20,
         -- the channels of the 20 days (a channel counts when it had a trade; the main one has the largest amount, the first by name on a tie)
         case when s.customer_no is null then f.ch_total when sc.n > 0 then sc.total end as ch_total,
         case when s.customer_no is null then f.ch_count else sc.n end as ch_count,
         case when s.customer_no is null then f.ch_main when sc.n > 0 then
           case sc.top when sc.api then 'API' when sc.counter then 'COUNTER' when sc.mobile then 'MOBILE' when sc.phone then 'PHONE' else 'WEB' end end as ch_main,
         case when s.customer_no is null then f.ch_mobile else sc.mobile end as ch_mobile, case when s.customer_no is null then f.ch_web else sc.web end as ch_web,
         case when s.customer_no is null then f.ch_phone else sc.phone end as ch_phone,
         case when s.customer_no is null then f.ch_counter else sc.counter end as ch_counter,
         case when s.customer_no is null then f.ch_api else sc.api end as ch_api,
         f.p_count, f.p_value, f.p_cost, f.p_top1, f.p_top3, f.p_sh_main, f.p_star, f.p_sz_main, f.p_chinext, f.p_bj, f.p_stock, f.p_fund, f.p_bond, f.p_repo,
         f.pr_count, f.pr_public_fund, f.pr_asset_mgmt, f.pr_bond, f.pr_structured, f.pr_advisory, f.pr_max_risk,
         f.fa_count, f.fa_credit, f.fa_usd, f.fa_hkd, f.fa_rate, f.cr_financing, f.cr_lending, f.cr_debt, f.cr_collateral,
         f.r_develop, f.r_service, f.r_serving, f.r_developer, f.r_team, f.r_left,
         f.k_30, f.k_90, f.k_365, f.k_visit90, f.k_call90, f.k_last, f.k_last_channel, f.k_open, f.k_overdue,
         f.al_count, f.al_new, f.al_large, f.al_quick, f.al_cancel, f.al_margin
    from customer_label_day d
    join customer_label_facts f on true
    join customers c on c.customer_no = f.customer_no
    join branches br on br.branch_code = c.branch_code
    left join sum_customer_daily s on s.trade_date = (select x.trade_date from customer_label_day x) and s.customer_no = c.customer_no
    -- the day's churn score, read here (not stored in the facts): the refresh then runs while the import scores the day
    left join churn_scores cs on cs.customer_no = c.customer_no and cs.trade_date = d.trade_date
    cross join lateral (select case when s.customer_no is null then f.lh_last else s.last_trade_date end as last_trade_date) lt
    cross join lateral (select d.window_start is not null and (s.customer_no is not null or coalesce(f.lh_window, false)) as rows) win
    -- the day's channel sums, null for a channel without a trade in the window
    cross join lateral (
      select case when s.trades_api_sum20 > 0 then s.volume_api_sum20 end as api, case when s.trades_counter_sum20 > 0 then s.volume_counter_sum20 end as counter,
             case when s.trades_mobile_sum20 > 0 then s.volume_mobile_sum20 end as mobile, case when s.trades_phone_sum20 > 0 then s.volume_phone_sum20 end as phone,
             case when s.trades_web_sum20 > 0 then s.volume_web_sum20 end as web
    ) sv
    cross join lateral (
      select sv.*, (sv.api is not null)::int + (sv.counter is not null)::int + (sv.mobile is not null)::int + (sv.phone is not null)::int + (sv.web is not null)::int as n,
             s.volume_api_sum20 + s.volume_counter_sum20 + s.volume_mobile_sum20 + s.volume_phone_sum20 + s.volume_web_sum20 as total,
             greatest(sv.api, sv.counter, sv.mobile, sv.phone, sv.web) as top
    ) sc`;

/**
 * The view customer_labels (migration 0035): every label of the catalogue of every customer of the
 * last refresh, computed from the row `b` when read, each cast to its column type (labels.catalogue.ts
 * columnType). A migration that changes the catalogue recreates the view from this text; labels.test.ts
 * checks that the database's view is this one.
 */
export function labelsViewSql(): string {
  return `create view customer_labels as
  select b.customer_no, b.day as trade_date, b.branch_code,
         ${LABELS.map((l) => `(${l.sql})::${columnType(l.type)} as ${l.key}`).join(',\n         ')}
    from (${VIEW_ROW}) b`;
}

/** The day of the labels (null before the first refresh). */
export const LABELS_DAY = `select (select trade_date::text from customer_label_day) as day`;

// ---------------------------------------------------------------- groups

/**
 * The columns of a group as the API shows it, over customer_groups g, users u (the owner), and
 * whether its materialised members are complete (not shown).
 */
const GROUP_COLUMNS = `
  g.id::text as id, g.name, g.filter, g.shared, g.owner_id::text as "ownerId", u.username as "ownerUsername",
  coalesce(u.display_name, u.username) as "ownerName", g.members, g.refreshed_on::text as "refreshedOn",
  g.created_at as "createdAt", g.updated_at as "updatedAt", g.members_complete as "membersComplete"`;

/** $1 user id: the groups the user may read (its own and the shared ones), newest first. */
export const LIST_GROUPS = `
  select ${GROUP_COLUMNS} from customer_groups g join users u on u.id = g.owner_id
   where g.owner_id = $1::bigint or g.shared
   order by g.updated_at desc, g.id desc`;

/** $1 group id, $2 user id: one group the user may read. */
export const GET_GROUP = `
  select ${GROUP_COLUMNS} from customer_groups g join users u on u.id = g.owner_id
   where g.id = $1::bigint and (g.owner_id = $2::bigint or g.shared)`;

/** $1 group id: the member count history, oldest day first. */
export const GROUP_HISTORY = `select trade_date::text as date, members from customer_group_counts where group_id = $1::bigint order by trade_date`;

/** $1 name, $2 filter, $3 shared, $4 owner, $5 now. */
export const INSERT_GROUP = `
  insert into customer_groups (name, filter, shared, owner_id, created_at, updated_at) values ($1, $2, $3, $4::bigint, $5, $5)
  returning id::text as id`;

/** $1 id, $2 owner, $3 name, $4 filter, $5 shared, $6 now: the owner's group changed (null keeps a field); its filter and sharing after. */
export const UPDATE_GROUP = `
  update customer_groups set name = coalesce($3, name), filter = coalesce($4, filter), shared = coalesce($5, shared), updated_at = $6
   where id = $1::bigint and owner_id = $2::bigint
  returning id::text as id, filter, shared`;

/** $1 id, $2 owner. */
export const DELETE_GROUP = `delete from customer_groups where id = $1::bigint and owner_id = $2::bigint returning id`;

/** $1 the latest imported day: the count history of the days after it (removed days) goes. */
export const FORGET_LATER_COUNTS = `delete from customer_group_counts where trade_date > $1::date`;

/** Every saved group, whether it is shared, and its owner's scope (for the refresh at import). */
export const GROUPS_TO_REFRESH = `
  select g.id::text as id, g.filter, g.shared, u.role, u.staff_no as "staffNo", u.disabled
    from customer_groups g join users u on u.id = g.owner_id order by g.id`;

/**
 * The customers whose labels match `where` (compiled by labels.filter.ts onto `params`, over the
 * alias `l`), with their branch: every one of them without `owner` (a complete materialisation),
 * else those in the owner's scope (relationships effective on `day`). The scope is applied to the
 * view customer_labels itself, which carries the customer's number and branch (the branch scope goes
 * down to the customers' (branch, customer) index).
 */
export function matchingCustomers(owner: ScopeSubject | null, day: string, where: string, params: unknown[]): string {
  const scope = owner ? customerScope(owner, { alias: 'l', params, asOf: day }) : 'true';
  return `select l.customer_no, l.branch_code from customer_labels l where ${scope} and (${where})`;
}

/**
 * The group's materialised members become `members` (matchingCustomers, over the params `members`
 * takes: $1 the group, then the filter's): those no longer matching (or in another branch) go, the
 * new ones come — writing only what changed since the last refresh (from one day to the next, few
 * of 100,000 members). The matching customers are computed once, into a temporary table keyed by
 * customer (kept for the session, emptied at each use and at commit): the delete's anti-join then
 * hashes or probes it, where probing the view customer_labels member by member reads four tables per
 * member (the members just written have no statistics yet, so the planner may well choose to probe),
 * and the new ones are inserted over the primary key (ON CONFLICT DO NOTHING). `params` says which of the
 * statements take the group's params ('all'), the group alone ('group'), or none.
 */
export function refreshMembersQueries(members: string): { sql: string; params: 'all' | 'group' | 'none' }[] {
  return [
    { sql: `create temp table if not exists group_matching (customer_no text primary key, branch_code text not null) on commit delete rows`, params: 'none' },
    { sql: `truncate group_matching`, params: 'none' },
    // $1 (the group) is not otherwise read here: typed, so that the filter's params after it bind
    { sql: `insert into group_matching (customer_no, branch_code) select m.customer_no, m.branch_code from (${members}) m where $1::bigint is not null`, params: 'all' },
    { sql: `analyze group_matching`, params: 'none' },
    {
      sql: `delete from customer_group_members g
             where g.group_id = $1::bigint
               and not exists (select 1 from group_matching m where m.customer_no = g.customer_no and m.branch_code = g.branch_code)`,
      params: 'group',
    },
    // the new ones: ON CONFLICT, not an anti-join on the table being written — planned from its statistics (a group's first
    // members, or the first group ever: an empty table), that anti-join rescanned the members written so far for each new one
    // (a nested loop over a seq scan: quadratic, 418 s at 100,000 members; decisions.md "Part G")
    {
      sql: `insert into customer_group_members (group_id, customer_no, branch_code)
            select $1::bigint, m.customer_no, m.branch_code from group_matching m
            on conflict (group_id, customer_no) do nothing`,
      params: 'group',
    },
  ];
}

/** $1 the group: its branch counts go (before they are counted again). */
export const CLEAR_BRANCH_COUNTS = `delete from customer_group_branch_counts where group_id = $1::bigint`;

/**
 * $1 the group, then the params of `covered` (a predicate over branches `b`): the materialised
 * members of each covered branch — one whose matching customers are all among them — zero included.
 */
export function insertBranchCounts(covered: string): string {
  return `
    insert into customer_group_branch_counts (group_id, branch_code, members)
    select $1::bigint, b.branch_code, count(m.customer_no)::int
      from branches b left join customer_group_members m on m.group_id = $1::bigint and m.branch_code = b.branch_code
     where ${covered}
     group by b.branch_code`;
}

/**
 * $1 the group, $2 the day, $3 whether the members are complete, then the params of `ownerScope` (a
 * predicate over the members `m`): the members in the owner's scope become the group's count and the
 * day's history row (a re-derivation of the same day overwrites it).
 */
export function recordGroupCount(ownerScope: string): string {
  return `
    with n as (select count(*)::int as members from customer_group_members m where m.group_id = $1::bigint and ${ownerScope}),
         h as (insert into customer_group_counts (group_id, trade_date, members) select $1::bigint, $2::date, n.members from n
               on conflict (group_id, trade_date) do update set members = excluded.members)
    update customer_groups set members = n.members, refreshed_on = $2::date, members_complete = $3::boolean from n where id = $1::bigint`;
}

/**
 * For a reader whose scope is made of whole branches (ALL, BRANCH): over the branches in its scope,
 * how many the group's materialised members do not cover (`uncovered`: no branch count row) and the
 * members of the others (`total`). With none uncovered, the materialised members in the reader's
 * scope are exactly the matching customers in it.
 */
export function coveredCount(user: ScopeSubject, asOf: string, groupId: string): SqlQuery {
  const params: unknown[] = [groupId];
  const scope = customerScope(user, { alias: 'b', params, asOf });
  return {
    sql: `select (count(*) filter (where bc.group_id is null))::int as uncovered, coalesce(sum(bc.members), 0)::int as total
            from branches b left join customer_group_branch_counts bc on bc.group_id = $1::bigint and bc.branch_code = b.branch_code
           where ${scope}`,
    params,
  };
}

/** The member list's columns over customer_labels l, customers c, staff sv (the serving staff). */
export const MEMBER_COLUMNS = `
  l.customer_no as "customerNo", c.name as "customerName", c.branch_code as "branchCode", br.branch_name as "branchName",
  l.tier, l.lifecycle, l.net_asset::text as "netAsset", l.avg20_net_asset::text as "avg20NetAsset", l.risk_level as "riskLevel",
  l.last_trade_date::text as "lastTradeDate", l.serving_staff as "servingStaffNo", sv.name as "servingStaffName"`;

/** The count and a page (or every row) of the customers of `from` (… where …, over `alias`), by customer number. */
function countAndRows(from: string, alias: string, params: unknown[], page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: {
      sql: `select ${MEMBER_COLUMNS}
              from (select ${alias}.customer_no ${from} order by ${alias}.customer_no${limit}) x
              join customer_labels l on l.customer_no = x.customer_no
              join customers c on c.customer_no = l.customer_no
              join branches br on br.branch_code = c.branch_code
              left join staff sv on sv.staff_no = l.serving_staff
             order by l.customer_no`,
      params: rowParams,
    },
  };
}

/**
 * The count and a page (or, without `page`, every row) of the customers in `user`'s scope
 * (relationships effective on `asOf`) whose labels match `where`, by customer number: evaluated on
 * customer_labels (a preview, or a group its materialised members do not answer).
 */
export function memberQueries(user: ScopeSubject, asOf: string, where: string, whereParams: readonly unknown[], page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params = [...whereParams];
  const scope = customerScope(user, { alias: 'l', params, asOf });
  return countAndRows(`from customer_labels l where ${scope} and (${where})`, 'l', params, page);
}

/**
 * The same from the group's materialised members in `user`'s scope (relationships effective on
 * `asOf`), for a group whose members answer the reader (labels.service.ts's membersSource).
 */
export function materialisedMemberQueries(user: ScopeSubject, asOf: string, groupId: string, page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [groupId];
  const scope = customerScope(user, { alias: 'm', params, asOf });
  return countAndRows(`from customer_group_members m where m.group_id = $1::bigint and ${scope}`, 'm', params, page);
}

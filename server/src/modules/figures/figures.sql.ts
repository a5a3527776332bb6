/**
 * Derived figures maintained at import time (business-rules.md §3), set-based over a day:
 * per fund account and day (converted to CNY at the day's rate), per customer and day
 * (including the carried-forward 20-day net asset window and last trade date), per customer
 * and month, and the latest customer state (tier, lifecycle).
 */
import type pg from 'pg';

/** The rate in force on each imported day: the day's own fx_rates.csv, else the last known rate. */
export async function refreshDayRates(client: pg.PoolClient, from: string): Promise<string[]> {
  const { rows } = await client.query<{ trade_date: string }>(
    `with eff as (
       select d.trade_date,
         (select r.rate_to_cny from fx_rates r where r.currency = 'USD' and r.trade_date <= d.trade_date order by r.trade_date desc limit 1) as usd,
         (select r.rate_to_cny from fx_rates r where r.currency = 'HKD' and r.trade_date <= d.trade_date order by r.trade_date desc limit 1) as hkd
       from trading_days d where d.trade_date >= $1::date
     )
     update trading_days t set usd_rate = eff.usd, hkd_rate = eff.hkd from eff
     where t.trade_date = eff.trade_date and (t.usd_rate is distinct from eff.usd or t.hkd_rate is distinct from eff.hkd)
     returning t.trade_date`,
    [from],
  );
  return rows.map((r) => r.trade_date).sort();
}

/** Per fund account and day, in CNY. Replaces the day's rows. */
export async function deriveAccountDaily(client: pg.PoolClient, day: string): Promise<void> {
  await client.query(`delete from sum_account_daily where trade_date = $1`, [day]);
  await client.query(
    `with fx as (
       select 'CNY'::text as currency, 1::numeric as rate
       union all select 'USD', usd_rate from trading_days where trade_date = $1 and usd_rate is not null
       union all select 'HKD', hkd_rate from trading_days where trade_date = $1 and hkd_rate is not null
     ),
     assets as (
       select a.customer_no, a.fund_account,
         sum(a.cash) filter (where a.currency = 'CNY') as cash_in_cny,
         sum(a.cash) filter (where a.currency = 'USD') as cash_in_usd,
         sum(a.cash) filter (where a.currency = 'HKD') as cash_in_hkd,
         sum(a.cash * fx.rate) as cash_cny, sum(a.stock_value * fx.rate) as stock, sum(a.fund_value * fx.rate) as fund,
         sum(a.bond_value * fx.rate) as bond, sum(a.other_value * fx.rate) as other, sum(a.total_asset * fx.rate) as total,
         sum(a.debt * fx.rate) as debt
       from fact_assets a join fx on fx.currency = a.currency
       where a.trade_date = $1 group by a.customer_no, a.fund_account
     ),
     trades as (
       select t.customer_no, t.fund_account, sum(t.amount * fx.rate) as volume, sum(t.quantity) as quantity,
         sum(t.commission * fx.rate) as commission, sum((t.handling_fee + t.regulatory_fee) * fx.rate) as fees,
         sum(t.stamp_duty * fx.rate) as stamp_duty, sum(t.transfer_fee * fx.rate) as transfer_fee, count(*) as n
       from fact_trades t join fund_accounts f on f.fund_account = t.fund_account join fx on fx.currency = f.currency
       where t.trade_date = $1 group by t.customer_no, t.fund_account
     ),
     orders as (
       select o.customer_no, o.fund_account, count(*) as n, count(*) filter (where o.status = 'CANCELLED') as cancelled
       from fact_orders o where o.trade_date = $1 group by o.customer_no, o.fund_account
     ),
     flows as (
       select w.customer_no, w.fund_account,
         sum(w.amount * fx.rate) filter (where w.flow_type = 'BANK_IN') as bank_in,
         sum(w.amount * fx.rate) filter (where w.flow_type = 'BANK_OUT') as bank_out
       from fact_fund_flows w join fx on fx.currency = w.currency
       where w.trade_date = $1 group by w.customer_no, w.fund_account
     ),
     products as (
       select p.customer_no, p.fund_account,
         sum(p.amount * fx.rate) filter (where p.txn_type in ('SUBSCRIBE', 'PURCHASE')) as sales,
         sum(p.amount * fx.rate) filter (where p.txn_type = 'REDEEM') as redeem, sum(p.fee * fx.rate) as fee
       from fact_product_trades p join fund_accounts f on f.fund_account = p.fund_account join fx on fx.currency = f.currency
       where p.trade_date = $1 group by p.customer_no, p.fund_account
     ),
     accounts as (
       select customer_no, fund_account from assets union select customer_no, fund_account from trades
       union select customer_no, fund_account from orders union select customer_no, fund_account from flows
       union select customer_no, fund_account from products
     )
     insert into sum_account_daily (trade_date, customer_no, fund_account, currency, fx_rate, cash_in_cny, cash_in_usd, cash_in_hkd, cash_cny,
       stock_value_cny, fund_value_cny, bond_value_cny, other_value_cny, total_asset_cny, debt_cny, volume_cny, quantity, commission_cny,
       fees_cny, stamp_duty_cny, transfer_fee_cny, trade_count, order_count, cancelled_count, bank_in_cny, bank_out_cny,
       product_sales_cny, product_redeem_cny, product_fee_cny)
     select $1, x.customer_no, x.fund_account, f.currency, fx.rate,
       coalesce(a.cash_in_cny, 0), coalesce(a.cash_in_usd, 0), coalesce(a.cash_in_hkd, 0), coalesce(a.cash_cny, 0),
       coalesce(a.stock, 0), coalesce(a.fund, 0), coalesce(a.bond, 0), coalesce(a.other, 0), coalesce(a.total, 0), coalesce(a.debt, 0),
       coalesce(t.volume, 0), coalesce(t.quantity, 0), coalesce(t.commission, 0), coalesce(t.fees, 0), coalesce(t.stamp_duty, 0),
       coalesce(t.transfer_fee, 0), coalesce(t.n, 0), coalesce(o.n, 0), coalesce(o.cancelled, 0), coalesce(w.bank_in, 0),
       coalesce(w.bank_out, 0), coalesce(p.sales, 0), coalesce(p.redeem, 0), coalesce(p.fee, 0)
     from accounts x
     join fund_accounts f on f.fund_account = x.fund_account
     join fx on fx.currency = f.currency
     left join assets a on a.fund_account = x.fund_account
     left join trades t on t.fund_account = x.fund_account
     left join orders o on o.fund_account = x.fund_account
     left join flows w on w.fund_account = x.fund_account
     left join products p on p.fund_account = x.fund_account`,
    [day],
  );
}

/**
 * Per customer and day: every customer open that day (open_date ≤ day < close_date) or with any
 * fact that day. The carried-forward columns are filled by `carryForward`.
 */
export async function deriveCustomerDaily(client: pg.PoolClient, day: string): Promise<void> {
  await client.query(`delete from sum_customer_daily where trade_date = $1`, [day]);
  await client.query(
    `with acc as (
       select customer_no, sum(total_asset_cny) as total, sum(debt_cny) as debt, sum(cash_cny) as cash_cny,
         sum(cash_in_cny) as cash_in_cny, sum(cash_in_usd) as cash_in_usd, sum(cash_in_hkd) as cash_in_hkd,
         sum(stock_value_cny) as stock, sum(fund_value_cny) as fund, sum(bond_value_cny) as bond, sum(other_value_cny) as other,
         sum(volume_cny) as volume, sum(quantity) as quantity, sum(commission_cny) as commission, sum(fees_cny) as fees,
         sum(trade_count) as trades, sum(order_count) as orders, sum(cancelled_count) as cancelled,
         sum(bank_in_cny) as bank_in, sum(bank_out_cny) as bank_out, sum(product_sales_cny) as product_sales
       from sum_account_daily where trade_date = $1 group by customer_no
     ),
     prod as (
       select h.customer_no, sum(h.market_value * case f.currency when 'CNY' then 1 when 'USD' then d.usd_rate else d.hkd_rate end) as value
       from fact_product_holdings h join fund_accounts f on f.fund_account = h.fund_account join trading_days d on d.trade_date = h.trade_date
       where h.trade_date = $1 group by h.customer_no
     ),
     who as (
       select customer_no from customers where open_date <= $1 and (close_date is null or close_date > $1)
       union select customer_no from acc union select customer_no from prod
     )
     insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, debt, cash_cny, cash_in_cny,
       cash_in_usd, cash_in_hkd, stock_value, fund_value, bond_value, other_value, product_value, volume, quantity, commission, fees,
       trade_count, order_count, cancelled_count, bank_in, bank_out, product_sales)
     select $1, c.customer_no, c.branch_code, (c.open_date <= $1 and (c.close_date is null or c.close_date > $1)),
       coalesce(a.total, 0), coalesce(a.total, 0) - coalesce(a.debt, 0), coalesce(a.debt, 0), coalesce(a.cash_cny, 0),
       coalesce(a.cash_in_cny, 0), coalesce(a.cash_in_usd, 0), coalesce(a.cash_in_hkd, 0), coalesce(a.stock, 0), coalesce(a.fund, 0),
       coalesce(a.bond, 0), coalesce(a.other, 0), coalesce(p.value, 0), coalesce(a.volume, 0), coalesce(a.quantity, 0),
       coalesce(a.commission, 0), coalesce(a.fees, 0), coalesce(a.trades, 0), coalesce(a.orders, 0), coalesce(a.cancelled, 0),
       coalesce(a.bank_in, 0), coalesce(a.bank_out, 0), coalesce(a.product_sales, 0)
     from who join customers c on c.customer_no = who.customer_no
     left join acc a on a.customer_no = who.customer_no
     left join prod p on p.customer_no = who.customer_no`,
    [day],
  );
}

/**
 * The carried-forward columns for every day from `from` on: the 20-trading-day net asset window
 * (a day on which the customer has no row or is not open counts 0) and the last trade date.
 */
export async function carryForward(client: pg.PoolClient, from: string, to?: string): Promise<void> {
  await client.query(
    `with days as (
       select trade_date, row_number() over (order by trade_date) as idx from trading_days
     ),
     bounds as (
       select (select idx from days where trade_date >= $1::date order by trade_date limit 1) as first_idx
     ),
     src as (
       select s.customer_no, s.trade_date, d.idx, case when s.is_open then s.net_asset else 0 end as na, s.trade_count
       from sum_customer_daily s join days d on d.trade_date = s.trade_date, bounds b
       where d.idx >= b.first_idx - 19 and ($2::date is null or s.trade_date <= $2::date)
     ),
     prior as (
       select customer_no, max(trade_date) as last_trade
       from sum_customer_daily where trade_count > 0 and trade_date < (select min(trade_date) from src)
       group by customer_no
     ),
     w as (
       select src.customer_no, src.trade_date, src.idx,
         sum(src.na) over (partition by src.customer_no order by src.idx range between 19 preceding and current row) as s20,
         max(case when src.trade_count > 0 then src.trade_date end) over (partition by src.customer_no order by src.idx rows unbounded preceding) as last_in_window
       from src
     )
     update sum_customer_daily t set net_asset_sum20 = w.s20, days20 = least(20, w.idx)::int,
       last_trade_date = greatest(w.last_in_window, p.last_trade)
     from w left join prior p on p.customer_no = w.customer_no
     where t.trade_date = w.trade_date and t.customer_no = w.customer_no and w.trade_date >= $1::date`,
    [from, to ?? null],
  );
}

/** Recomputes a month's per-customer summary from the daily rows. */
export async function deriveCustomerMonth(client: pg.PoolClient, month: string): Promise<void> {
  await client.query(`delete from sum_customer_monthly where month = $1::date`, [month]);
  await client.query(
    `with m as (
       select max(trade_date) as last_day from trading_days
       where trade_date >= $1::date and trade_date < ($1::date + interval '1 month')
     ),
     d as (
       select s.*, row_number() over (partition by s.customer_no order by s.total_asset desc, s.trade_date) as hi,
         row_number() over (partition by s.customer_no order by s.total_asset, s.trade_date) as lo
       from sum_customer_daily s
       where s.trade_date >= $1::date and s.trade_date < ($1::date + interval '1 month') and s.is_open
     ),
     agg as (
       select s.customer_no, max(s.branch_code) as branch_code,
         count(*) filter (where s.is_open) as open_days, count(*) filter (where s.trade_count > 0) as trade_days,
         sum(case when s.is_open then s.total_asset else 0 end) as asset_sum,
         sum(s.volume) as volume, sum(s.quantity) as quantity, sum(s.commission) as commission, sum(s.fees) as fees,
         sum(s.trade_count) as trade_count, sum(s.bank_in) as bank_in, sum(s.bank_out) as bank_out, sum(s.product_sales) as product_sales
       from sum_customer_daily s
       where s.trade_date >= $1::date and s.trade_date < ($1::date + interval '1 month')
       group by s.customer_no
     )
     insert into sum_customer_monthly (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end,
       net_asset_end, cash_end, stock_value_end, max_asset, max_date, min_asset, min_date, volume, quantity, commission, fees,
       trade_count, bank_in, bank_out, product_sales)
     select $1::date, agg.customer_no, agg.branch_code, agg.open_days, agg.trade_days, m.last_day, agg.asset_sum,
       coalesce(e.total_asset, 0), coalesce(e.net_asset, 0), coalesce(e.cash_cny, 0), coalesce(e.stock_value, 0),
       hi.total_asset, hi.trade_date, lo.total_asset, lo.trade_date,
       agg.volume, agg.quantity, agg.commission, agg.fees, agg.trade_count, agg.bank_in, agg.bank_out, agg.product_sales
     from agg cross join m
     left join sum_customer_daily e on e.trade_date = m.last_day and e.customer_no = agg.customer_no and e.is_open
     left join d hi on hi.customer_no = agg.customer_no and hi.hi = 1
     left join d lo on lo.customer_no = agg.customer_no and lo.lo = 1`,
    [month],
  );
}

/**
 * The latest state of every customer, as of the last imported day: tier by the 20-day average net
 * asset against the configured bounds, lifecycle, last trade.
 */
export async function refreshCustomerState(client: pg.PoolClient): Promise<void> {
  await client.query(`delete from customer_state`);
  await client.query(
    `with latest as (select max(trade_date) as d from trading_days),
     tiers as (
       select t->>'name' as name, (t->>'min')::numeric as min
       from settings, jsonb_array_elements(value) t where key = 'tiers'
     ),
     lc as (select value from settings where key = 'lifecycle'),
     window_days as (
       select trade_date from trading_days order by trade_date desc limit 20
     ),
     -- customers without a row on the latest day (closed within the window): sum their open days directly
     gone as (
       select s.customer_no, sum(case when s.is_open then s.net_asset else 0 end) as s20
       from sum_customer_daily s
       where s.trade_date in (select trade_date from window_days)
         and not exists (select 1 from sum_customer_daily l, latest where l.trade_date = latest.d and l.customer_no = s.customer_no)
       group by s.customer_no
     ),
     s as (
       select c.customer_no, c.status, c.close_date, latest.d as as_of,
         coalesce(x.net_asset_sum20 / nullif(x.days20, 0), g.s20 / (select count(*) from window_days), 0) as avg20,
         coalesce(x.total_asset, 0) as total_asset, coalesce(x.net_asset, 0) as net_asset,
         coalesce(x.cash_cny, 0) as cash, coalesce(x.stock_value + x.fund_value + x.bond_value + x.other_value, 0) as securities,
         x.last_trade_date, c.open_date
       from customers c cross join latest
       left join sum_customer_daily x on x.trade_date = latest.d and x.customer_no = c.customer_no
       left join gone g on g.customer_no = c.customer_no
       where latest.d is not null
     )
     insert into customer_state (customer_no, as_of, avg20_net_asset, tier, lifecycle, last_trade_date, total_asset, net_asset)
     select s.customer_no, s.as_of, s.avg20,
       coalesce((select name from tiers where s.avg20 >= tiers.min order by tiers.min desc limit 1), '—'),
       case
         when s.status = 'CLOSED' or (s.close_date is not null and s.close_date <= s.as_of) then 'CHURNED'
         when s.status = 'DORMANT' then 'DORMANT'
         when s.as_of - coalesce(s.last_trade_date, s.open_date) >= 365 * ((select value->>'dormantYears' from lc)::int)
              and s.securities = 0 and s.cash < ((select value->>'dormantMaxCash' from lc)::numeric) then 'DORMANT'
         when s.as_of - coalesce(s.last_trade_date, s.open_date) >= ((select value->>'sleepingDays' from lc)::int) and s.total_asset > 0 then 'SLEEPING'
         else 'ACTIVE'
       end,
       s.last_trade_date, s.total_asset, s.net_asset
     from s`,
  );
}

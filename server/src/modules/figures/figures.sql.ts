/**
 * Derived figures maintained at import time (business-rules.md §3), set-based over a day:
 * per fund account and day (converted to CNY at the day's rate), per customer and day
 * (including the carried-forward 20-day net asset window and last trade date), per customer
 * and month, and the latest customer state (tier, lifecycle).
 */
import type pg from 'pg';
import { withLocalSettings } from '../../lib/sql.js';

/** The trading channels (委托渠道) of trades.csv: each account's and customer's day carries its trades and amount by channel (migration 0025). */
const CHANNELS = ['COUNTER', 'PHONE', 'WEB', 'MOBILE', 'API'] as const;
/** The day's columns of the channels, trades then amount (CNY) of each. */
const CHANNEL_COLUMNS = CHANNELS.flatMap((c) => [`trades_${c.toLowerCase()}`, `volume_${c.toLowerCase()}`]);

/**
 * The 20-day sums carried per customer and day (migration 0025) beside bank_out_sum20, each the sum
 * of a day's value of a row `r` of sum_customer_daily over the 20 imported trading days ending on
 * the day: what the labels read (labels.sql.ts) instead of the window's rows.
 */
const SUMS20: readonly { column: string; day: (r: string) => string }[] = [
  { column: 'trade_days20', day: (r) => `(${r}.trade_count > 0)::int` },
  { column: 'volume_sum20', day: (r) => `${r}.volume` },
  { column: 'commission_sum20', day: (r) => `${r}.commission` },
  { column: 'fees_sum20', day: (r) => `${r}.fees` },
  { column: 'order_sum20', day: (r) => `${r}.order_count` },
  { column: 'cancelled_sum20', day: (r) => `${r}.cancelled_count` },
  { column: 'trade_sum20', day: (r) => `${r}.trade_count` },
  { column: 'bank_in_sum20', day: (r) => `${r}.bank_in` },
  { column: 'product_sales_sum20', day: (r) => `${r}.product_sales` },
  ...CHANNEL_COLUMNS.map((c) => ({ column: `${c}_sum20`, day: (r: string) => `${r}.${c}` })),
];

/**
 * The churn features' short windows carried per customer and day (migration 0057): Σ BANK_OUT over 5
 * days, trade days and Σ volume over 10, the net asset 5 days before.
 */
const CHURN_WINDOWS = ['bank_out_sum5', 'trade_days10', 'volume_sum10', 'net_asset_before5'] as const;

/** The latest imported trading day on or before `date` (the latest of all without one); null before the first import. */
export async function importedDayOnOrBefore(client: pg.PoolClient, date: string | null | undefined): Promise<string | null> {
  const { rows } = await client.query<{ day: string | null }>(
    `select max(trade_date)::text as day from trading_days where $1::date is null or trade_date <= $1::date`, [date ?? null]);
  return rows[0]?.day ?? null;
}

/** The rate in force on each imported day: the day's own fx_rates.csv, else the last known rate. */
export async function refreshDayRates(client: pg.PoolClient, from: string, to?: string): Promise<string[]> {
  const { rows } = await client.query<{ trade_date: string }>(
    `with eff as (
       select d.trade_date,
         (select r.rate_to_cny from fx_rates r where r.currency = 'USD' and r.trade_date <= d.trade_date order by r.trade_date desc limit 1) as usd,
         (select r.rate_to_cny from fx_rates r where r.currency = 'HKD' and r.trade_date <= d.trade_date order by r.trade_date desc limit 1) as hkd
       from trading_days d where d.trade_date >= $1::date and ($2::date is null or d.trade_date <= $2::date)
     )
     update trading_days t set usd_rate = eff.usd, hkd_rate = eff.hkd from eff
     where t.trade_date = eff.trade_date and (t.usd_rate is distinct from eff.usd or t.hkd_rate is distinct from eff.hkd)
     returning t.trade_date`,
    [from, to ?? null],
  );
  return rows.map((r) => r.trade_date).sort();
}

/**
 * Runs a derivation statement with sort-based grouping (the plan only: the same rows). PostgreSQL
 * prefers hashing the day's rows by customer, but a hash aggregate keeps a state per numeric sum
 * and group: ~20 sums over 26,000 customers took 165 MB and 0.96 s, where sorting the 27,000
 * account rows and grouping them took 0.17 s (EXPLAIN ANALYZE on PostgreSQL 15). Inside the
 * caller's transaction; the setting it found is put back.
 */
async function withSortedGrouping(client: pg.PoolClient, statement: () => Promise<unknown>): Promise<void> {
  await withLocalSettings(client, { enable_hashagg: 'off' }, statement);
}

/**
 * Per fund account and day, in CNY. Replaces the day's rows. Each fact table is summed per account
 * on its own (raw amounts; the rate applies once per account after summing, since an account's
 * trades, flows and products are in its currency), and the sums are joined on the account.
 */
export async function deriveAccountDaily(client: pg.PoolClient, day: string): Promise<void> {
  await client.query(`delete from sum_account_daily where trade_date = $1`, [day]);
  await withSortedGrouping(client, () => client.query(
    `with fx as (
       select 'CNY'::text as currency, 1::numeric as rate
       union all select 'USD', usd_rate from trading_days where trade_date = $1 and usd_rate is not null
       union all select 'HKD', hkd_rate from trading_days where trade_date = $1 and hkd_rate is not null
     ),
     a as (
       select a.fund_account, min(a.customer_no) as customer_no,
         sum(a.cash) filter (where a.currency = 'CNY') as cash_in_cny, sum(a.cash) filter (where a.currency = 'USD') as cash_in_usd,
         sum(a.cash) filter (where a.currency = 'HKD') as cash_in_hkd, sum(a.cash * fx.rate) as cash_cny, sum(a.stock_value * fx.rate) as stock,
         sum(a.fund_value * fx.rate) as fund, sum(a.bond_value * fx.rate) as bond, sum(a.other_value * fx.rate) as other,
         sum(a.total_asset * fx.rate) as total, sum(a.debt * fx.rate) as debt
       from fact_assets a join fx on fx.currency = a.currency where a.trade_date = $1 group by a.fund_account
     ),
     t as (
       select fund_account, min(customer_no) as customer_no, sum(amount) as volume, sum(quantity) as quantity, sum(commission) as commission,
         sum(handling_fee + regulatory_fee) as fees, sum(stamp_duty) as stamp_duty, sum(transfer_fee) as transfer_fee, count(*) as n,
         ${CHANNELS.map((c) => `count(*) filter (where channel = '${c}') as trades_${c.toLowerCase()}, sum(amount) filter (where channel = '${c}') as volume_${c.toLowerCase()}`).join(',\n         ')}
       from fact_trades where trade_date = $1 group by fund_account
     ),
     o as (
       select fund_account, min(customer_no) as customer_no, count(*) as n, count(*) filter (where status = 'CANCELLED') as cancelled
       from fact_orders where trade_date = $1 group by fund_account
     ),
     w as (
       select w.fund_account, min(w.customer_no) as customer_no,
         sum(w.amount * fx.rate) filter (where w.flow_type = 'BANK_IN') as bank_in, sum(w.amount * fx.rate) filter (where w.flow_type = 'BANK_OUT') as bank_out
       from fact_fund_flows w join fx on fx.currency = w.currency where w.trade_date = $1 group by w.fund_account
     ),
     p as (
       select fund_account, min(customer_no) as customer_no, sum(amount) filter (where txn_type in ('SUBSCRIBE', 'PURCHASE')) as sales,
         sum(amount) filter (where txn_type = 'REDEEM') as redeem, sum(fee) as fee
       from fact_product_trades where trade_date = $1 group by fund_account
     ),
     j as (
       select coalesce(a.fund_account, t.fund_account, o.fund_account, w.fund_account, p.fund_account) as fund_account,
         coalesce(a.customer_no, t.customer_no, o.customer_no, w.customer_no, p.customer_no) as customer_no,
         a.cash_in_cny, a.cash_in_usd, a.cash_in_hkd, a.cash_cny, a.stock, a.fund, a.bond, a.other, a.total, a.debt,
         t.volume, t.quantity, t.commission, t.fees, t.stamp_duty, t.transfer_fee, t.n as trades, o.n as orders, o.cancelled,
         w.bank_in, w.bank_out, p.sales, p.redeem, p.fee, ${CHANNEL_COLUMNS.map((c) => `t.${c}`).join(', ')}
       from a
       full join t on t.fund_account = a.fund_account
       full join o on o.fund_account = coalesce(a.fund_account, t.fund_account)
       full join w on w.fund_account = coalesce(a.fund_account, t.fund_account, o.fund_account)
       full join p on p.fund_account = coalesce(a.fund_account, t.fund_account, o.fund_account, w.fund_account)
     )
     insert into sum_account_daily (trade_date, customer_no, fund_account, currency, fx_rate, cash_in_cny, cash_in_usd, cash_in_hkd, cash_cny,
       stock_value_cny, fund_value_cny, bond_value_cny, other_value_cny, total_asset_cny, debt_cny, volume_cny, quantity, commission_cny,
       fees_cny, stamp_duty_cny, transfer_fee_cny, trade_count, order_count, cancelled_count, bank_in_cny, bank_out_cny,
       product_sales_cny, product_redeem_cny, product_fee_cny, ${CHANNEL_COLUMNS.join(', ')})
     select $1, j.customer_no, j.fund_account, f.currency, fx.rate,
       coalesce(j.cash_in_cny, 0), coalesce(j.cash_in_usd, 0), coalesce(j.cash_in_hkd, 0), coalesce(j.cash_cny, 0),
       coalesce(j.stock, 0), coalesce(j.fund, 0), coalesce(j.bond, 0), coalesce(j.other, 0), coalesce(j.total, 0), coalesce(j.debt, 0),
       coalesce(j.volume * fx.rate, 0), coalesce(j.quantity, 0), coalesce(j.commission * fx.rate, 0), coalesce(j.fees * fx.rate, 0),
       coalesce(j.stamp_duty * fx.rate, 0), coalesce(j.transfer_fee * fx.rate, 0), coalesce(j.trades, 0), coalesce(j.orders, 0),
       coalesce(j.cancelled, 0), coalesce(j.bank_in, 0), coalesce(j.bank_out, 0), coalesce(j.sales * fx.rate, 0),
       coalesce(j.redeem * fx.rate, 0), coalesce(j.fee * fx.rate, 0),
       ${CHANNELS.map((c) => `coalesce(j.trades_${c.toLowerCase()}, 0), coalesce(j.volume_${c.toLowerCase()} * fx.rate, 0)`).join(', ')}
     from j join fund_accounts f on f.fund_account = j.fund_account join fx on fx.currency = f.currency`,
    [day],
  ));
}

/**
 * Per customer and day: every customer open that day (open_date ≤ day < close_date) or with any
 * fact that day. With \`carryForward\` (the day is the latest), the carried-forward columns and the
 * tier and lifecycle are computed in the same statement from the previous trading day's rows:
 * each window (the 20-day net asset and outflow, the 250-day trade days, commission less fees,
 * cash, debt and product fees: migration 0021; the 20-day sums of SUMS20: 0025) adds today and drops the day that leaves it, the
 * last trade date moves on, the churn event (§7) starts or carries while the net asset stays
 * below the bound. A customer with no row the day before (opened today, or a gap) is summed directly.
 * Otherwise \`carryForward()\` fills them for this and every later day.
 */
export async function deriveCustomerDaily(client: pg.PoolClient, day: string, opts: { carryForward: boolean }): Promise<void> {
  await client.query(`delete from sum_customer_daily where trade_date = $1`, [day]);
  const carry = opts.carryForward;
  await withSortedGrouping(client, () => client.query(
    `with acc as (
       select customer_no, sum(total_asset_cny) as total, sum(debt_cny) as debt, sum(cash_cny) as cash_cny,
         sum(cash_in_cny) as cash_in_cny, sum(cash_in_usd) as cash_in_usd, sum(cash_in_hkd) as cash_in_hkd,
         sum(stock_value_cny) as stock, sum(fund_value_cny) as fund, sum(bond_value_cny) as bond, sum(other_value_cny) as other,
         sum(volume_cny) as volume, sum(quantity) as quantity, sum(commission_cny) as commission, sum(fees_cny) as fees,
         sum(trade_count) as trades, sum(order_count) as orders, sum(cancelled_count) as cancelled,
         sum(bank_in_cny) as bank_in, sum(bank_out_cny) as bank_out, sum(product_sales_cny) as product_sales,
         sum(product_fee_cny) as product_fee, ${CHANNEL_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ')}
       from sum_account_daily where trade_date = $1 group by customer_no
     ),
     prod as (
       select h.customer_no, sum(h.market_value * case f.currency when 'CNY' then 1 when 'USD' then d.usd_rate else d.hkd_rate end) as value
       from fact_product_holdings h join fund_accounts f on f.fund_account = h.fund_account join trading_days d on d.trade_date = h.trade_date
       where h.trade_date = $1 group by h.customer_no
     ),
     base as (
       select $1::date as trade_date, c.customer_no, c.branch_code, c.status, c.open_date,
         (c.open_date <= $1 and (c.close_date is null or c.close_date > $1)) as is_open,
         coalesce(a.total, 0) as total_asset, coalesce(a.total, 0) - coalesce(a.debt, 0) as net_asset, coalesce(a.debt, 0) as debt,
         coalesce(a.cash_cny, 0) as cash_cny, coalesce(a.cash_in_cny, 0) as cash_in_cny, coalesce(a.cash_in_usd, 0) as cash_in_usd,
         coalesce(a.cash_in_hkd, 0) as cash_in_hkd, coalesce(a.stock, 0) as stock_value, coalesce(a.fund, 0) as fund_value,
         coalesce(a.bond, 0) as bond_value, coalesce(a.other, 0) as other_value, coalesce(p.value, 0) as product_value,
         coalesce(a.volume, 0) as volume, coalesce(a.quantity, 0) as quantity, coalesce(a.commission, 0) as commission,
         coalesce(a.fees, 0) as fees, coalesce(a.trades, 0)::int as trade_count, coalesce(a.orders, 0)::int as order_count,
         coalesce(a.cancelled, 0)::int as cancelled_count, coalesce(a.bank_in, 0) as bank_in, coalesce(a.bank_out, 0) as bank_out,
         coalesce(a.product_sales, 0) as product_sales, coalesce(a.product_fee, 0) as product_fee, cs.score as churn_score,
         ${CHANNEL_COLUMNS.map((c) => `coalesce(a.${c}, 0) as ${c}`).join(', ')}
       from customers c
       left join acc a on a.customer_no = c.customer_no
       left join prod p on p.customer_no = c.customer_no
       -- the day's churn score, when the day is derived again after it was scored (intelligence.derive.ts)
       left join churn_scores cs on cs.trade_date = $1 and cs.customer_no = c.customer_no
       where (c.open_date <= $1 and (c.close_date is null or c.close_date > $1)) or a.customer_no is not null or p.customer_no is not null
     ),
     days as (select trade_date from trading_days where trade_date <= $1::date order by trade_date desc limit 21),
     prev_day as (select max(trade_date) as d from days where trade_date < $1::date),
     drop_day as (select case when count(*) = 21 then min(trade_date) end as d from days),
     window_size as (select least(count(*), 20)::int as n from days),
     -- the 250-day window (RFM, contribution): the day that leaves it, its size, the earlier days of it
     days250 as (select trade_date from trading_days where trade_date <= $1::date order by trade_date desc limit 251),
     drop250 as (select case when count(*) = 251 then min(trade_date) end as d from days250),
     window250 as (select least(count(*), 250)::int as n from days250),
     earlier19 as (select min(trade_date) as d from (select trade_date from days where trade_date < $1::date order by trade_date desc limit 19) z),
     -- the churn features' short windows (migration 0057): the days leaving the 5- and 10-day windows, their earlier days
     drop5 as (select trade_date as d from days order by trade_date desc offset 5 limit 1),
     drop10 as (select trade_date as d from days order by trade_date desc offset 10 limit 1),
     earlier4 as (select min(trade_date) as d from (select trade_date from days where trade_date < $1::date order by trade_date desc limit 4) z),
     earlier9 as (select min(trade_date) as d from (select trade_date from days where trade_date < $1::date order by trade_date desc limit 9) z),
     earlier249 as (select min(trade_date) as d from (select trade_date from days250 where trade_date < $1::date order by trade_date desc limit 249) z),
     churn as (select (select value from settings where key = 'churn') as value),
     ${TIERS_CTE},
     carried as (
       select b.*, w.n as days20, w250.n as days250,
         ${carry ? `case when p.customer_no is not null
           then (case when b.is_open then b.net_asset else 0 end) + p.net_asset_sum20 - coalesce(case when o.is_open then o.net_asset else 0 end, 0)
           else (case when b.is_open then b.net_asset else 0 end) + (
             select coalesce(sum(case when h.is_open then h.net_asset else 0 end), 0) from sum_customer_daily h
             where h.customer_no = b.customer_no and h.trade_date in (select trade_date from days where trade_date < $1::date order by trade_date desc limit 19))
         end` : '0'} as net_asset_sum20,
         ${carry ? `case when b.trade_count > 0 then $1::date
           when p.customer_no is not null then p.last_trade_date
           else (select max(h.trade_date) from sum_customer_daily h where h.customer_no = b.customer_no and h.trade_count > 0 and h.trade_date < $1::date)
         end` : 'null::date'} as last_trade_date,
         ${carry ? `case when p.customer_no is not null then (b.trade_count > 0)::int + p.trade_days250 - coalesce((o250.trade_count > 0)::int, 0)
           else (b.trade_count > 0)::int + ${earlierSum('(h.trade_count > 0)::int', 'earlier249')} end` : '0'} as trade_days250,
         ${carry ? carriedSum('b.commission - b.fees', 'p.commission_fees250', 'o250.commission - o250.fees', earlierSum('h.commission - h.fees', 'earlier249')) : '0'} as commission_fees250,
         ${carry ? carriedSum(`case when b.is_open then b.cash_cny else 0 end`, 'p.cash_sum250', 'case when o250.is_open then o250.cash_cny else 0 end', earlierSum('case when h.is_open then h.cash_cny else 0 end', 'earlier249')) : '0'} as cash_sum250,
         ${carry ? carriedSum(`case when b.is_open then b.debt else 0 end`, 'p.debt_sum250', 'case when o250.is_open then o250.debt else 0 end', earlierSum('case when h.is_open then h.debt else 0 end', 'earlier249')) : '0'} as debt_sum250,
         ${carry ? carriedSum('b.product_fee', 'p.product_fee250', 'o250.product_fee', earlierSum('h.product_fee', 'earlier249')) : '0'} as product_fee250,
         ${carry ? carriedSum('b.bank_out', 'p.bank_out_sum20', 'o.bank_out', earlierSum('h.bank_out', 'earlier19')) : '0'} as bank_out_sum20,
         ${carry ? `case when (select d from drop_day) is not null then coalesce(case when o.is_open then o.net_asset else 0 end, 0) end` : 'null::numeric'}
           as net_asset_before20,
         ${carry ? `case when p.customer_no is not null then p.churned_on
           else (select h.churned_on from sum_customer_daily h where h.customer_no = b.customer_no and h.trade_date < $1::date
                 order by h.trade_date desc limit 1) end` : 'null::date'} as prev_churned_on,
         ${SUMS20.map((x) => `${carry ? carriedSum(x.day('b'), `p.${x.column}`, x.day('o'), earlierSum(x.day('h'), 'earlier19')) : '0'} as ${x.column}`).join(',\n         ')},
         ${carry ? carriedSum('b.bank_out', 'p.bank_out_sum5', 'o5.bank_out', earlierSum('h.bank_out', 'earlier4')) : '0'} as bank_out_sum5,
         ${carry ? carriedSum('(b.trade_count > 0)::int', 'p.trade_days10', '(o10.trade_count > 0)::int', earlierSum('(h.trade_count > 0)::int', 'earlier9')) : '0'} as trade_days10,
         ${carry ? carriedSum('b.volume', 'p.volume_sum10', 'o10.volume', earlierSum('h.volume', 'earlier9')) : '0'} as volume_sum10,
         ${carry ? `case when (select d from drop5) is not null then coalesce(case when o5.is_open then o5.net_asset else 0 end, 0) end` : 'null::numeric'}
           as net_asset_before5
       from base b cross join window_size w cross join window250 w250
       ${carry ? `-- the rows of the day before and of the days leaving the windows, narrowed to the columns read (a hash of narrow rows)
       left join (select customer_no, net_asset_sum20, last_trade_date, trade_days250, commission_fees250, cash_sum250, debt_sum250,
                    product_fee250, bank_out_sum20, churned_on, bank_out_sum5, trade_days10, volume_sum10,
                    ${SUMS20.map((x) => x.column).join(', ')}
                  from sum_customer_daily where trade_date = (select d from prev_day)) p on p.customer_no = b.customer_no
       left join (select customer_no, is_open, net_asset, bank_out, trade_count, volume, commission, fees, order_count, cancelled_count, bank_in,
                    product_sales, ${CHANNEL_COLUMNS.join(', ')}
                  from sum_customer_daily where trade_date = (select d from drop_day)) o
         on o.customer_no = b.customer_no
       left join (select customer_no, is_open, trade_count, commission, fees, cash_cny, debt, product_fee
                  from sum_customer_daily where trade_date = (select d from drop250)) o250 on o250.customer_no = b.customer_no
       left join (select customer_no, is_open, net_asset, bank_out from sum_customer_daily where trade_date = (select d from drop5)) o5
         on o5.customer_no = b.customer_no
       left join (select customer_no, trade_count, volume from sum_customer_daily where trade_date = (select d from drop10)) o10
         on o10.customer_no = b.customer_no` : ''}
     ),
     -- the churn event by outflow (§7): set on the first day below the bound after the outflow, kept while below
     churning as (
       select t.*, ${carry ? `case when t.net_asset < (ch.value->>'eventMaxNetAsset')::numeric then coalesce(t.prev_churned_on,
           case when t.net_asset_before20 > 0 and t.bank_out_sum20 >= t.net_asset_before20 * (ch.value->>'eventOutflowPercent')::numeric / 100
             then $1::date end) end` : 'null::date'} as churned_on
       from carried t cross join churn ch
     )
     insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, debt, cash_cny, cash_in_cny,
       cash_in_usd, cash_in_hkd, stock_value, fund_value, bond_value, other_value, product_value, volume, quantity, commission, fees,
       trade_count, order_count, cancelled_count, bank_in, bank_out, product_sales, net_asset_sum20, days20, last_trade_date, tier, lifecycle,
       product_fee, days250, trade_days250, commission_fees250, cash_sum250, debt_sum250, product_fee250, bank_out_sum20, net_asset_before20, churned_on,
       ${[...CHANNEL_COLUMNS, ...SUMS20.map((x) => x.column), ...CHURN_WINDOWS].join(', ')})
     select $1, t.customer_no, t.branch_code, t.is_open, t.total_asset, t.net_asset, t.debt, t.cash_cny, t.cash_in_cny, t.cash_in_usd,
       t.cash_in_hkd, t.stock_value, t.fund_value, t.bond_value, t.other_value, t.product_value, t.volume, t.quantity, t.commission, t.fees,
       t.trade_count, t.order_count, t.cancelled_count, t.bank_in, t.bank_out, t.product_sales, t.net_asset_sum20, t.days20,
       t.last_trade_date, ${carry ? `${TIER_SQL}, ${LIFECYCLE_SQL}` : 'null, null'},
       t.product_fee, t.days250, t.trade_days250, t.commission_fees250, t.cash_sum250, t.debt_sum250, t.product_fee250, t.bank_out_sum20,
       t.net_asset_before20, t.churned_on, ${[...CHANNEL_COLUMNS, ...SUMS20.map((x) => x.column), ...CHURN_WINDOWS].map((c) => `t.${c}`).join(', ')}
     from churning t, (select value from settings where key = 'lifecycle') lc, churn ch`,
    [day],
  ));
}

/**
 * A carried window sum of the newest day: today's value plus the day before's sum less the value of
 * the day that leaves the window (0 when the customer had no row that day); with no row the day
 * before, today's value plus the sum over the window's earlier days (\`fromHistory\`).
 */
function carriedSum(today: string, previous: string, leaving: string, fromHistory: string): string {
  return `case when p.customer_no is not null then ${today} + ${previous} - coalesce(${leaving}, 0)
           else ${today} + ${fromHistory} end`;
}

/**
 * Σ \`expr\` over customer b's rows \`h\` from the first earlier day of a window (CTE \`from\`) up to the
 * day before: a subquery in the ELSE of carriedSum, run only for a customer without a row the day
 * before (a lateral join costs every row a rescan).
 */
function earlierSum(expr: string, from: 'earlier4' | 'earlier9' | 'earlier19' | 'earlier249'): string {
  return `(select coalesce(sum(${expr}), 0) from sum_customer_daily h
             where h.customer_no = b.customer_no and h.trade_date >= (select d from ${from}) and h.trade_date < $1::date)`;
}

/**
 * Tier (级别, by the 20-day average net asset against the configured bounds) and lifecycle of a
 * row \`t\` with the customer's status and open date, the day's values, the carried-forward
 * columns and the day's churn score (\`churn_score\`, null when not scored); \`lc\` is the lifecycle
 * settings row, \`ch\` the churn settings row.
 */
const TIER_SQL = `case when t.is_open then (
    select tr.name from tiers tr where t.net_asset_sum20 / greatest(t.days20, 1) >= tr.min order by tr.min desc limit 1) end`;
/** The configured tiers, parsed once per statement: a CTE for TIER_SQL. */
const TIERS_CTE = `tiers as materialized (
    select tr->>'name' as name, (tr->>'min')::numeric as min from settings st, jsonb_array_elements(st.value) tr where st.key = 'tiers')`;
/**
 * Lifecycle (business-rules.md §6), the first that holds (docs/decisions.md "Lifecycle: precedence"):
 * CHURNED (closed, or the outflow event of §7 carried in churned_on) > DORMANT (status DORMANT, or
 * the central depository's rule: no trade for dormantYears calendar years — the last trade, or the
 * open date when none, on or before the same date that many years back — no securities and cash
 * below dormantMaxCash) > CHURN_RISK (the day's churn score ≥ churn.threshold) > SLEEPING (no trade
 * for sleepingDays calendar days, assets remain) > ACTIVE. POTENTIAL (not yet open) has no daily
 * row: customer_state gives it (migration 0011).
 */
const LIFECYCLE_SQL = `case
    when not t.is_open or t.churned_on is not null then 'CHURNED'
    when t.status = 'DORMANT' then 'DORMANT'
    when coalesce(t.last_trade_date, t.open_date) <= (t.trade_date - make_interval(years => (lc.value->>'dormantYears')::int))::date
         and t.stock_value + t.fund_value + t.bond_value + t.other_value = 0 and t.cash_cny < (lc.value->>'dormantMaxCash')::numeric then 'DORMANT'
    when t.churn_score >= (ch.value->>'threshold')::numeric then 'CHURN_RISK'
    when t.trade_date - coalesce(t.last_trade_date, t.open_date) >= (lc.value->>'sleepingDays')::int and t.total_asset > 0 then 'SLEEPING'
    else 'ACTIVE' end`;

/**
 * Recomputes tier and lifecycle of the rows of every day from \`from\` on, rewriting only those that
 * change: of every customer, of the corrected ones (scope 'corrected'), or — scope 'scored', the churn
 * scoring (churn.service.ts) once it has written the latest day's churn_scores, so CHURN_RISK follows
 * the scores — of the rows the scores can move: CHURN_RISK now, or scored at the threshold or above
 * (nothing else in a row changes with its score). A re-derivation keeps it.
 */
export async function classify(client: pg.PoolClient, from: string, scope: CorrectionScope | 'scored' = 'all'): Promise<void> {
  const rows = scope === 'scored'
    ? ` and (s.lifecycle = 'CHURN_RISK' or cs.score >= coalesce((select (value->>'threshold')::numeric from settings where key = 'churn'), 0))`
    : inScope(scope, 's.customer_no');
  await client.query(
    `with ${TIERS_CTE}
     update sum_customer_daily u set tier = x.tier, lifecycle = x.lifecycle
     from (
       select t.trade_date, t.customer_no, ${TIER_SQL} as tier, ${LIFECYCLE_SQL} as lifecycle
       from (select s.*, c.status, c.open_date, cs.score as churn_score
             from sum_customer_daily s join customers c on c.customer_no = s.customer_no
             left join churn_scores cs on cs.customer_no = s.customer_no and cs.trade_date = s.trade_date and cs.trade_date >= $1::date
             where s.trade_date >= $1::date${rows}) t,
         (select value from settings where key = 'lifecycle') lc, (select (select value from settings where key = 'churn') as value) ch
     ) x
     -- the days from \`from\` on named for the updated table too: its partitions of earlier months are not read
     where u.trade_date >= $1::date and u.trade_date = x.trade_date and u.customer_no = x.customer_no
       and (u.tier is distinct from x.tier or u.lifecycle is distinct from x.lifecycle)`,
    [from],
  );
}

/**
 * The carried-forward columns for every day from \`from\` on, after a re-delivered or late day: the
 * 20-trading-day net asset window (a day on which the customer has no row or is not open counts
 * 0), the last trade date, the 250-day sums, the 20-day outflow and the net asset before it, the
 * churn event (continuing the run of the customer's latest row before \`from\`), and the tier and
 * lifecycle that follow from them.
 */
export async function carryForward(client: pg.PoolClient, from: string, scope: CorrectionScope = 'all'): Promise<void> {
  await client.query(
    `with days as (
       select trade_date, row_number() over (order by trade_date) as idx from trading_days
     ),
     bounds as (
       select (select idx from days where trade_date >= $1::date order by trade_date limit 1) as first_idx
     ),
     src as (
       select s.customer_no, s.trade_date, d.idx, case when s.is_open then s.net_asset else 0 end as na, s.net_asset, s.trade_count,
         s.commission - s.fees as commission_fees, case when s.is_open then s.cash_cny else 0 end as cash,
         case when s.is_open then s.debt else 0 end as debt, s.product_fee, s.bank_out,
         ${SUMS20.map((x) => `${x.day('s')} as ${x.column}_day`).join(', ')}
       from sum_customer_daily s join days d on d.trade_date = s.trade_date, bounds b
       where d.idx >= b.first_idx - 249${inScope(scope, 's.customer_no')}
     ),
     prior as (
       select customer_no, max(trade_date) as last_trade
       from sum_customer_daily where trade_count > 0 and trade_date < (select min(trade_date) from src)${inScope(scope, 'customer_no')}
       group by customer_no
     ),
     w as (
       select src.customer_no, src.trade_date, src.idx, src.net_asset,
         sum(src.na) over w20 as s20,
         max(case when src.trade_count > 0 then src.trade_date end) over (partition by src.customer_no order by src.idx rows unbounded preceding) as last_in_window,
         (count(*) filter (where src.trade_count > 0) over w250)::int as trade_days250,
         sum(src.commission_fees) over w250 as commission_fees250, sum(src.cash) over w250 as cash_sum250,
         sum(src.debt) over w250 as debt_sum250, sum(src.product_fee) over w250 as product_fee250,
         sum(src.bank_out) over w20 as bank_out_sum20, ${SUMS20.map((x) => `sum(src.${x.column}_day) over w20 as ${x.column}`).join(', ')},
         case when src.idx > 20 then coalesce(sum(src.na) over before20, 0) end as net_asset_before20,
         sum(src.bank_out) over w5 as bank_out_sum5, sum(src.trade_days20_day) over w10 as trade_days10, sum(src.volume_sum20_day) over w10 as volume_sum10,
         case when src.idx > 5 then coalesce(sum(src.na) over before5, 0) end as net_asset_before5
       from src
       window w20 as (partition by src.customer_no order by src.idx range between 19 preceding and current row),
         w5 as (partition by src.customer_no order by src.idx range between 4 preceding and current row),
         w10 as (partition by src.customer_no order by src.idx range between 9 preceding and current row),
         before5 as (partition by src.customer_no order by src.idx range between 5 preceding and 5 preceding),
         w250 as (partition by src.customer_no order by src.idx range between 249 preceding and current row),
         before20 as (partition by src.customer_no order by src.idx range between 20 preceding and 20 preceding)
     ),
     -- the churn event by outflow (§7) on each day from \`from\` on, below the bound or not
     e as (
       select w.*, w.net_asset < (c.value->>'eventMaxNetAsset')::numeric as below,
         (w.net_asset < (c.value->>'eventMaxNetAsset')::numeric and w.net_asset_before20 > 0
           and w.bank_out_sum20 >= w.net_asset_before20 * (c.value->>'eventOutflowPercent')::numeric / 100) as event
       from w cross join (select (select value from settings where key = 'churn') as value) c, bounds b
       where w.idx >= b.first_idx
     ),
     -- a run: the days from one at or above the bound up to the next (run 0 continues the day before \`from\`)
     r as (
       select e.*, count(*) filter (where not e.below) over (partition by e.customer_no order by e.idx rows unbounded preceding) as run from e
     ),
     -- the churned_on of each customer's latest row before \`from\`
     seed as (
       select c.customer_no, l.churned_on
       from (select distinct customer_no from r) c
       cross join lateral (select h.churned_on from sum_customer_daily h where h.customer_no = c.customer_no and h.trade_date < $1::date
                           order by h.trade_date desc limit 1) l
     ),
     x as (
       select r.*, greatest(r.last_in_window, p.last_trade) as last_trade_date,
         case when r.below then coalesce(case when r.run = 0 then sd.churned_on end,
           min(case when r.event then r.trade_date end) over (partition by r.customer_no, r.run order by r.idx rows unbounded preceding)) end as churned_on
       from r left join prior p on p.customer_no = r.customer_no left join seed sd on sd.customer_no = r.customer_no
     )
     update sum_customer_daily t set net_asset_sum20 = x.s20, days20 = least(20, x.idx)::int, last_trade_date = x.last_trade_date,
       days250 = least(250, x.idx)::int, trade_days250 = x.trade_days250, commission_fees250 = x.commission_fees250,
       cash_sum250 = x.cash_sum250, debt_sum250 = x.debt_sum250, product_fee250 = x.product_fee250, bank_out_sum20 = x.bank_out_sum20,
       net_asset_before20 = x.net_asset_before20, churned_on = x.churned_on, ${SUMS20.map((x) => `${x.column} = x.${x.column}`).join(', ')},
       ${CHURN_WINDOWS.map((c) => `${c} = x.${c}`).join(', ')}
     from x
     -- the days from \`from\` on named for the updated table too: its partitions of earlier months are not read
     where t.trade_date >= $1::date and t.trade_date = x.trade_date and t.customer_no = x.customer_no
       -- rewrite only the rows that change (a correction usually touches a few customers' windows)
       and (t.net_asset_sum20, t.days20, t.last_trade_date, t.days250, t.trade_days250, t.commission_fees250, t.cash_sum250, t.debt_sum250,
            t.product_fee250, t.bank_out_sum20, t.net_asset_before20, t.churned_on, ${SUMS20.map((x) => `t.${x.column}`).join(', ')},
            ${CHURN_WINDOWS.map((c) => `t.${c}`).join(', ')})
         is distinct from (x.s20, least(20, x.idx)::int, x.last_trade_date, least(250, x.idx)::int, x.trade_days250, x.commission_fees250,
            x.cash_sum250, x.debt_sum250, x.product_fee250, x.bank_out_sum20, x.net_asset_before20, x.churned_on,
            ${SUMS20.map((x) => `x.${x.column}`).join(', ')}, ${CHURN_WINDOWS.map((c) => `x.${c}`).join(', ')})`,
    [from],
  );
  await classify(client, from, scope);
}

/** The running totals of a customer's latest month before \`month\` (no row: none), as a lateral subquery. */
function earlierTotals(customer: string, month: string): string {
  return `(
       select p.asset_cum, p.volume_cum, p.commission_cum, p.fees_cum from sum_customer_monthly p
        where p.customer_no = ${customer} and p.month < ${month} order by p.month desc limit 1
     )`;
}

/**
 * Adds the latest day \`day\` to its month's per-customer summary (the day is later than every other
 * day of the month): sums grow, month-end values move to this day, extremes keep the earliest day
 * on ties. Customers with no row today get month-end values of 0.
 */
export async function addDayToMonth(client: pg.PoolClient, day: string): Promise<void> {
  const month = day.slice(0, 8) + '01';
  await client.query(
    `insert into sum_customer_monthly as m (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end,
       net_asset_end, cash_end, stock_value_end, max_asset, max_date, min_asset, min_date, volume, quantity, commission, fees,
       trade_count, bank_in, bank_out, product_sales, asset_cum, volume_cum, commission_cum, fees_cum)
     select $2::date, s.customer_no, s.branch_code, s.is_open::int, (s.trade_count > 0)::int, s.trade_date,
       case when s.is_open then s.total_asset else 0 end, case when s.is_open then s.total_asset else 0 end,
       case when s.is_open then s.net_asset else 0 end, case when s.is_open then s.cash_cny else 0 end,
       case when s.is_open then s.stock_value else 0 end,
       case when s.is_open then s.total_asset end, case when s.is_open then s.trade_date end,
       case when s.is_open then s.total_asset end, case when s.is_open then s.trade_date end,
       s.volume, s.quantity, s.commission, s.fees, s.trade_count, s.bank_in, s.bank_out, s.product_sales,
       -- the running totals: those of the customer's latest earlier month, plus the day
       coalesce(b.asset_cum, 0) + case when s.is_open then s.total_asset else 0 end, coalesce(b.volume_cum, 0) + s.volume,
       coalesce(b.commission_cum, 0) + s.commission, coalesce(b.fees_cum, 0) + s.fees
     from sum_customer_daily s
     left join lateral ${earlierTotals('s.customer_no', '$2::date')} b on true
     where s.trade_date = $1::date
     on conflict (month, customer_no) do update set
       branch_code = excluded.branch_code,
       open_days = m.open_days + excluded.open_days, trade_days = m.trade_days + excluded.trade_days,
       month_end_date = excluded.month_end_date, asset_sum = m.asset_sum + excluded.asset_sum,
       asset_end = excluded.asset_end, net_asset_end = excluded.net_asset_end, cash_end = excluded.cash_end,
       stock_value_end = excluded.stock_value_end,
       max_date = case when excluded.max_asset > coalesce(m.max_asset, excluded.max_asset - 1) then excluded.max_date else m.max_date end,
       max_asset = case when excluded.max_asset > coalesce(m.max_asset, excluded.max_asset - 1) then excluded.max_asset else m.max_asset end,
       min_date = case when excluded.min_asset < coalesce(m.min_asset, excluded.min_asset + 1) then excluded.min_date else m.min_date end,
       min_asset = case when excluded.min_asset < coalesce(m.min_asset, excluded.min_asset + 1) then excluded.min_asset else m.min_asset end,
       volume = m.volume + excluded.volume, quantity = m.quantity + excluded.quantity, commission = m.commission + excluded.commission,
       fees = m.fees + excluded.fees, trade_count = m.trade_count + excluded.trade_count, bank_in = m.bank_in + excluded.bank_in,
       bank_out = m.bank_out + excluded.bank_out, product_sales = m.product_sales + excluded.product_sales,
       asset_cum = m.asset_cum + excluded.asset_sum, volume_cum = m.volume_cum + excluded.volume,
       commission_cum = m.commission_cum + excluded.commission, fees_cum = m.fees_cum + excluded.fees`,
    [day, month],
  );
  await client.query(
    `update sum_customer_monthly set month_end_date = $1::date, asset_end = 0, net_asset_end = 0, cash_end = 0, stock_value_end = 0
     where month = $2::date and month_end_date < $1::date`,
    [day, month],
  );
}

/**
 * Recomputes a month's per-customer summary from the daily rows, in one pass: the highest and
 * lowest asset take the earliest day on ties, the month-end values are those of the month's last
 * imported trading day (0 when the customer was not open that day). The running totals are left
 * at 0: the caller runs accumulateCustomerMonths from the earliest month it recomputed.
 */
export async function deriveCustomerMonth(client: pg.PoolClient, month: string, scope: CorrectionScope = 'all'): Promise<void> {
  await client.query(`delete from sum_customer_monthly where month = $1::date${inScope(scope, 'customer_no')}`, [month]);
  await client.query(
    `with m as (
       select max(trade_date) as last_day from trading_days
       where trade_date >= $1::date and trade_date < ($1::date + interval '1 month')
     )
     insert into sum_customer_monthly (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end,
       net_asset_end, cash_end, stock_value_end, max_asset, max_date, min_asset, min_date, volume, quantity, commission, fees,
       trade_count, bank_in, bank_out, product_sales)
     select $1::date, s.customer_no, max(s.branch_code), count(*) filter (where s.is_open), count(*) filter (where s.trade_count > 0), m.last_day,
       coalesce(sum(s.total_asset) filter (where s.is_open), 0),
       coalesce(max(s.total_asset) filter (where s.is_open and s.trade_date = m.last_day), 0),
       coalesce(max(s.net_asset) filter (where s.is_open and s.trade_date = m.last_day), 0),
       coalesce(max(s.cash_cny) filter (where s.is_open and s.trade_date = m.last_day), 0),
       coalesce(max(s.stock_value) filter (where s.is_open and s.trade_date = m.last_day), 0),
       max(s.total_asset) filter (where s.is_open),
       (array_agg(s.trade_date order by s.total_asset desc, s.trade_date) filter (where s.is_open))[1],
       min(s.total_asset) filter (where s.is_open),
       (array_agg(s.trade_date order by s.total_asset, s.trade_date) filter (where s.is_open))[1],
       sum(s.volume), sum(s.quantity), sum(s.commission), sum(s.fees), sum(s.trade_count), sum(s.bank_in), sum(s.bank_out), sum(s.product_sales)
     from sum_customer_daily s cross join m
     where s.trade_date >= $1::date and s.trade_date < ($1::date + interval '1 month')${inScope(scope, 's.customer_no')}
     group by s.customer_no, m.last_day`,
    [month],
  );
}

/**
 * Recomputes the running totals (asset_cum, volume_cum, commission_cum, fees_cum: the month's
 * asset_sum, volume, commission and fees summed over the customer's months up to and including it)
 * of every month from \`fromMonth\` on, from the totals of each customer's latest earlier month.
 * After a month is recomputed, every later month's totals move with it. Writes only the rows
 * whose totals change.
 */
export async function accumulateCustomerMonths(client: pg.PoolClient, fromMonth: string, scope: CorrectionScope = 'all'): Promise<void> {
  await client.query(
    `update sum_customer_monthly t
        set asset_cum = x.asset_cum, volume_cum = x.volume_cum, commission_cum = x.commission_cum, fees_cum = x.fees_cum
       from (
         select m.month, m.customer_no,
                coalesce(b.asset_cum, 0) + sum(m.asset_sum) over w as asset_cum, coalesce(b.volume_cum, 0) + sum(m.volume) over w as volume_cum,
                coalesce(b.commission_cum, 0) + sum(m.commission) over w as commission_cum, coalesce(b.fees_cum, 0) + sum(m.fees) over w as fees_cum
           from sum_customer_monthly m
           left join lateral ${earlierTotals('m.customer_no', '$1::date')} b on true
          where m.month >= $1::date${inScope(scope, 'm.customer_no')}
         window w as (partition by m.customer_no order by m.month)
       ) x
      -- no bound on t's month of its own (the table is not partitioned): on the demo's bulk load, with statistics
      -- from before the new months, \`t.month >= $1\` was estimated at one row and the window above recomputed for
      -- each of t's 26,000 rows (minutes)
      where t.month = x.month and t.customer_no = x.customer_no
        and (t.asset_cum, t.volume_cum, t.commission_cum, t.fees_cum) is distinct from (x.asset_cum, x.volume_cum, x.commission_cum, x.fees_cum)`,
    [fromMonth],
  );
}

// ---------------------------------------------------------------- a correction scoped to the customers it changed

/**
 * Which customers a re-derivation covers: every one, or only those whose figures of a corrected day
 * changed (the transaction's temporary table `corrected_customers`, filled by keepUnchangedCustomers).
 */
export type CorrectionScope = 'all' | 'corrected';

/** ` and <column> in (the corrected customers)` for a scoped re-derivation, nothing for every customer. */
function inScope(scope: CorrectionScope, column: string): string {
  return scope === 'corrected' ? ` and ${column} in (select customer_no from corrected_customers)` : '';
}

/**
 * The columns of a day's row that other days' rows give (the carried windows, the last trade date and
 * the churn event: deriveCustomerDaily with carryForward, carryForward) and the tier and lifecycle that
 * follow from them; every other column is the day's own figure.
 */
const CARRIED_COLUMNS: readonly string[] = [
  'net_asset_sum20', 'last_trade_date', 'trade_days250', 'commission_fees250', 'cash_sum250', 'debt_sum250', 'product_fee250',
  'bank_out_sum20', 'net_asset_before20', 'churned_on', 'tier', 'lifecycle', ...SUMS20.map((x) => x.column), ...CHURN_WINDOWS,
];

/**
 * Before a re-delivered day that is not the latest is derived again: its per-customer rows as they are
 * (the transaction's temporary table `corrected_day_before`), for keepUnchangedCustomers.
 */
export async function snapshotCorrectedDay(client: pg.PoolClient, day: string): Promise<void> {
  await client.query(`drop table if exists corrected_day_before`);
  await client.query(`create temporary table corrected_day_before (like sum_customer_daily) on commit drop`);
  await client.query(`insert into corrected_day_before select * from sum_customer_daily where trade_date = $1::date`, [day]);
}

/**
 * After the corrected day's rows were derived again without carrying (deriveCustomerDaily with
 * carryForward false: carried columns 0, no tier): finds the customers whose own figures of the day
 * changed — any column other than the carried ones differs, or the row appeared or went — into the
 * temporary table `corrected_customers`, and gives every other customer back the carried columns,
 * tier and lifecycle its row had (nothing they are computed from changed). carryForward, classify and
 * the month summaries then re-derive only the corrected customers' later days ('corrected' scope):
 * a correction of one account re-reads one customer's windows instead of every customer's.
 * Returns how many customers changed.
 */
export async function keepUnchangedCustomers(client: pg.PoolClient, day: string): Promise<number> {
  const { rows } = await client.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = 'sum_customer_daily'::regclass and attnum > 0 and not attisdropped order by attnum`);
  const own = rows.map((r) => r.name).filter((c) => !CARRIED_COLUMNS.includes(c) && c !== 'trade_date' && c !== 'customer_no');
  await client.query(`drop table if exists corrected_customers`);
  await client.query(`create temporary table corrected_customers (customer_no text primary key) on commit drop`);
  const { rowCount } = await client.query(
    `insert into corrected_customers (customer_no)
     select coalesce(n.customer_no, o.customer_no)
       from (select * from sum_customer_daily where trade_date = $1::date) n
       full join corrected_day_before o on o.customer_no = n.customer_no
      where n.customer_no is null or o.customer_no is null
         or (${own.map((c) => `n.${c}`).join(', ')}) is distinct from (${own.map((c) => `o.${c}`).join(', ')})`,
    [day],
  );
  await client.query(`analyze corrected_customers`);
  await client.query(
    `update sum_customer_daily s set ${CARRIED_COLUMNS.map((c) => `${c} = o.${c}`).join(', ')}
       from corrected_day_before o
      where s.trade_date = $1::date and o.customer_no = s.customer_no
        and not exists (select 1 from corrected_customers x where x.customer_no = s.customer_no)`,
    [day],
  );
  return rowCount ?? 0;
}

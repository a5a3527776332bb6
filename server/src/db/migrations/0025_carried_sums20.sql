-- The 20-day sums the labels read (客户标签, issue 12), carried forward per customer and day like
-- bank_out_sum20 (figures/figures.sql.ts: the newest day adds itself and drops the day that leaves
-- the window; carryForward() recomputes later days after a correction, a late or a removed day),
-- instead of re-reading the 20 days of sum_customer_daily and fact_trades at every refresh. The
-- window is the 20 imported trading days ending on the day; a day without the customer's row counts 0.
--
-- * trades_<channel>, volume_<channel>   the day's trades and their amount (CNY at the day's rate,
--                                         unrounded) by trading channel (委托渠道: COUNTER, PHONE, WEB,
--                                         MOBILE, API), per account (sum_account_daily) and customer
-- * trade_days20                          days of the window with a trade
-- * volume_sum20 … product_sales_sum20    Σ volume, commission, fees, orders, cancelled orders, trades,
--                                         BANK_IN and product purchases over the window
-- * trades_<channel>_sum20, volume_<channel>_sum20   Σ of the day's channel figures over the window
alter table sum_account_daily
  add column trades_counter integer not null default 0, add column trades_phone integer not null default 0,
  add column trades_web integer not null default 0, add column trades_mobile integer not null default 0,
  add column trades_api integer not null default 0,
  add column volume_counter numeric(28,8) not null default 0, add column volume_phone numeric(28,8) not null default 0,
  add column volume_web numeric(28,8) not null default 0, add column volume_mobile numeric(28,8) not null default 0,
  add column volume_api numeric(28,8) not null default 0;

alter table sum_customer_daily
  add column trades_counter integer not null default 0, add column trades_phone integer not null default 0,
  add column trades_web integer not null default 0, add column trades_mobile integer not null default 0,
  add column trades_api integer not null default 0,
  add column volume_counter numeric(28,8) not null default 0, add column volume_phone numeric(28,8) not null default 0,
  add column volume_web numeric(28,8) not null default 0, add column volume_mobile numeric(28,8) not null default 0,
  add column volume_api numeric(28,8) not null default 0,
  add column trade_days20 integer not null default 0,
  add column volume_sum20 numeric(28,6) not null default 0,
  add column commission_sum20 numeric(28,6) not null default 0,
  add column fees_sum20 numeric(28,6) not null default 0,
  add column order_sum20 integer not null default 0,
  add column cancelled_sum20 integer not null default 0,
  add column trade_sum20 integer not null default 0,
  add column bank_in_sum20 numeric(28,6) not null default 0,
  add column product_sales_sum20 numeric(28,6) not null default 0,
  add column trades_counter_sum20 integer not null default 0, add column trades_phone_sum20 integer not null default 0,
  add column trades_web_sum20 integer not null default 0, add column trades_mobile_sum20 integer not null default 0,
  add column trades_api_sum20 integer not null default 0,
  add column volume_counter_sum20 numeric(30,8) not null default 0, add column volume_phone_sum20 numeric(30,8) not null default 0,
  add column volume_web_sum20 numeric(30,8) not null default 0, add column volume_mobile_sum20 numeric(30,8) not null default 0,
  add column volume_api_sum20 numeric(30,8) not null default 0;

-- The rows already derived: the channels of each account's day, then of each customer's, then every window.
update sum_account_daily a set trades_counter = t.trades_counter, trades_phone = t.trades_phone, trades_web = t.trades_web,
  trades_mobile = t.trades_mobile, trades_api = t.trades_api,
  volume_counter = t.volume_counter * a.fx_rate, volume_phone = t.volume_phone * a.fx_rate, volume_web = t.volume_web * a.fx_rate,
  volume_mobile = t.volume_mobile * a.fx_rate, volume_api = t.volume_api * a.fx_rate
from (
  select trade_date, fund_account,
    count(*) filter (where channel = 'COUNTER') as trades_counter, count(*) filter (where channel = 'PHONE') as trades_phone,
    count(*) filter (where channel = 'WEB') as trades_web, count(*) filter (where channel = 'MOBILE') as trades_mobile,
    count(*) filter (where channel = 'API') as trades_api,
    coalesce(sum(amount) filter (where channel = 'COUNTER'), 0) as volume_counter, coalesce(sum(amount) filter (where channel = 'PHONE'), 0) as volume_phone,
    coalesce(sum(amount) filter (where channel = 'WEB'), 0) as volume_web, coalesce(sum(amount) filter (where channel = 'MOBILE'), 0) as volume_mobile,
    coalesce(sum(amount) filter (where channel = 'API'), 0) as volume_api
  from fact_trades group by trade_date, fund_account
) t
where a.trade_date = t.trade_date and a.fund_account = t.fund_account;

update sum_customer_daily s set trades_counter = a.trades_counter, trades_phone = a.trades_phone, trades_web = a.trades_web,
  trades_mobile = a.trades_mobile, trades_api = a.trades_api, volume_counter = a.volume_counter, volume_phone = a.volume_phone,
  volume_web = a.volume_web, volume_mobile = a.volume_mobile, volume_api = a.volume_api
from (
  select trade_date, customer_no, sum(trades_counter) as trades_counter, sum(trades_phone) as trades_phone, sum(trades_web) as trades_web,
    sum(trades_mobile) as trades_mobile, sum(trades_api) as trades_api, sum(volume_counter) as volume_counter, sum(volume_phone) as volume_phone,
    sum(volume_web) as volume_web, sum(volume_mobile) as volume_mobile, sum(volume_api) as volume_api
  from sum_account_daily
  where trades_counter + trades_phone + trades_web + trades_mobile + trades_api > 0
  group by trade_date, customer_no
) a
where s.trade_date = a.trade_date and s.customer_no = a.customer_no;

with days as (
  select trade_date, row_number() over (order by trade_date) as idx from trading_days
),
w as (
  select s.customer_no, s.trade_date,
    (count(*) filter (where s.trade_count > 0) over m)::int as trade_days20,
    sum(s.volume) over m as volume_sum20, sum(s.commission) over m as commission_sum20, sum(s.fees) over m as fees_sum20,
    sum(s.order_count) over m as order_sum20, sum(s.cancelled_count) over m as cancelled_sum20, sum(s.trade_count) over m as trade_sum20,
    sum(s.bank_in) over m as bank_in_sum20, sum(s.product_sales) over m as product_sales_sum20,
    sum(s.trades_counter) over m as trades_counter_sum20, sum(s.trades_phone) over m as trades_phone_sum20,
    sum(s.trades_web) over m as trades_web_sum20, sum(s.trades_mobile) over m as trades_mobile_sum20, sum(s.trades_api) over m as trades_api_sum20,
    sum(s.volume_counter) over m as volume_counter_sum20, sum(s.volume_phone) over m as volume_phone_sum20,
    sum(s.volume_web) over m as volume_web_sum20, sum(s.volume_mobile) over m as volume_mobile_sum20, sum(s.volume_api) over m as volume_api_sum20
  from sum_customer_daily s join days d on d.trade_date = s.trade_date
  window m as (partition by s.customer_no order by d.idx range between 19 preceding and current row)
)
update sum_customer_daily t set trade_days20 = w.trade_days20, volume_sum20 = w.volume_sum20, commission_sum20 = w.commission_sum20,
  fees_sum20 = w.fees_sum20, order_sum20 = w.order_sum20, cancelled_sum20 = w.cancelled_sum20, trade_sum20 = w.trade_sum20,
  bank_in_sum20 = w.bank_in_sum20, product_sales_sum20 = w.product_sales_sum20,
  trades_counter_sum20 = w.trades_counter_sum20, trades_phone_sum20 = w.trades_phone_sum20, trades_web_sum20 = w.trades_web_sum20,
  trades_mobile_sum20 = w.trades_mobile_sum20, trades_api_sum20 = w.trades_api_sum20, volume_counter_sum20 = w.volume_counter_sum20,
  volume_phone_sum20 = w.volume_phone_sum20, volume_web_sum20 = w.volume_web_sum20, volume_mobile_sum20 = w.volume_mobile_sum20,
  volume_api_sum20 = w.volume_api_sum20
from w
where t.trade_date = w.trade_date and t.customer_no = w.customer_no
  and (w.trade_days20 > 0 or w.order_sum20 > 0 or w.cancelled_sum20 > 0 or w.volume_sum20 <> 0 or w.commission_sum20 <> 0 or w.fees_sum20 <> 0
       or w.bank_in_sum20 <> 0 or w.product_sales_sum20 <> 0 or w.trade_sum20 <> 0);

-- Customer intelligence (business-rules.md §6, §7; issue 12): figures carried forward per customer
-- and day like net_asset_sum20 and last_trade_date (figures/figures.sql.ts: the newest day adds
-- itself and drops the day that leaves each window; carryForward() recomputes later days after a
-- correction or a late day). The windows count imported trading days; a day on which the customer
-- has no row counts 0 (for the balances, a day on which it is not open counts 0 too).
--
-- * product_fee            the day's Σ product fees (sum_account_daily.product_fee_cny)
-- * days250                imported trading days in the 250-day window ending on the day (≤ 250)
-- * trade_days250          of them, days with a trade (RFM F)
-- * commission_fees250     Σ (commission − fees) over them: RFM M before the guaranteed commission —
--                          consumers subtract Σ sum_guaranteed_daily.guaranteed of the same days
-- * cash_sum250, debt_sum250, product_fee250   Σ daily cash (CNY), debt and product fees (contribution)
-- * bank_out_sum20         Σ BANK_OUT over the 20 trading days ending on the day
-- * net_asset_before20     net asset at the close of the trading day before those 20 days (0 when
--                          the customer had no row or was not open that day; null while fewer than
--                          21 trading days are imported: the outflow rule cannot fire)
-- * churned_on             the churn event of §7 by outflow: the first day the net asset is below
--                          churn.eventMaxNetAsset while bank_out_sum20 ≥ churn.eventOutflowPercent %
--                          of net_asset_before20 (> 0); it stays set while the net asset stays below
--                          the bound and is cleared on the first day it is back at or above it.
alter table sum_customer_daily
  add column product_fee        numeric(24,6) not null default 0,
  add column days250            integer not null default 0,
  add column trade_days250      integer not null default 0,
  add column commission_fees250 numeric(28,6) not null default 0,
  add column cash_sum250        numeric(28,6) not null default 0,
  add column debt_sum250        numeric(28,6) not null default 0,
  add column product_fee250     numeric(28,6) not null default 0,
  add column bank_out_sum20     numeric(28,6) not null default 0,
  add column net_asset_before20 numeric(24,6),
  add column churned_on         date;

-- The churn settings (系统设置): the score threshold of CHURN_RISK, the horizon of the model, and the
-- outflow event (net asset below the amount after transfers out of at least the percent over the
-- window; the window is the 20 days of bank_out_sum20 and cannot be changed).
insert into settings (key, value) values ('churn',
  '{"threshold":"0.5","horizonDays":40,"eventMaxNetAsset":"1000","eventOutflowPercent":"80","eventWindowDays":20}')
on conflict (key) do nothing;

-- Churn scores (流失预警, §7): the predicted probability that the customer churns within the horizon,
-- per customer and scored day, with its reasons ([{ code, params }]). Filled by the churn scoring
-- of the import (intelligence.derive.ts); read by the lifecycle (CHURN_RISK).
create table churn_scores (
  customer_no text not null references customers,
  trade_date  date not null,
  score       numeric not null check (score between 0 and 1),
  reasons     jsonb not null default '[]',
  primary key (customer_no, trade_date)
);
create index churn_scores_day_idx on churn_scores (trade_date, score desc);

-- The rows already derived: the day's product fees, then every window over the whole history.
update sum_customer_daily s set product_fee = a.fee
from (select trade_date, customer_no, sum(product_fee_cny) as fee from sum_account_daily group by trade_date, customer_no) a
where s.trade_date = a.trade_date and s.customer_no = a.customer_no and a.fee <> 0;

with days as (
  select trade_date, row_number() over (order by trade_date) as idx from trading_days
),
w as (
  select s.customer_no, s.trade_date, d.idx, s.net_asset,
    least(250, d.idx)::int as days250,
    (count(*) filter (where s.trade_count > 0) over y)::int as trade_days250,
    sum(s.commission - s.fees) over y as commission_fees250,
    sum(case when s.is_open then s.cash_cny else 0 end) over y as cash_sum250,
    sum(case when s.is_open then s.debt else 0 end) over y as debt_sum250,
    sum(s.product_fee) over y as product_fee250,
    sum(s.bank_out) over m as bank_out_sum20,
    case when d.idx > 20 then coalesce(sum(case when s.is_open then s.net_asset else 0 end) over b, 0) end as net_asset_before20
  from sum_customer_daily s join days d on d.trade_date = s.trade_date
  window y as (partition by s.customer_no order by d.idx range between 249 preceding and current row),
         m as (partition by s.customer_no order by d.idx range between 19 preceding and current row),
         b as (partition by s.customer_no order by d.idx range between 20 preceding and 20 preceding)
),
e as (
  select w.*, w.net_asset < (c.value->>'eventMaxNetAsset')::numeric as below,
    (w.net_asset < (c.value->>'eventMaxNetAsset')::numeric and w.net_asset_before20 > 0
      and w.bank_out_sum20 >= w.net_asset_before20 * (c.value->>'eventOutflowPercent')::numeric / 100) as event
  from w cross join (select (select value from settings where key = 'churn') as value) c
),
r as (
  -- a run: the days from one day at or above the bound up to the next
  select e.*, count(*) filter (where not e.below) over (partition by e.customer_no order by e.idx rows unbounded preceding) as run from e
),
x as (
  select r.*, case when r.below then min(case when r.event then r.trade_date end)
    over (partition by r.customer_no, r.run order by r.idx rows unbounded preceding) end as churned_on from r
)
update sum_customer_daily t set days250 = x.days250, trade_days250 = x.trade_days250, commission_fees250 = x.commission_fees250,
  cash_sum250 = x.cash_sum250, debt_sum250 = x.debt_sum250, product_fee250 = x.product_fee250, bank_out_sum20 = x.bank_out_sum20,
  net_asset_before20 = x.net_asset_before20, churned_on = x.churned_on
from x where t.trade_date = x.trade_date and t.customer_no = x.customer_no;

-- The lifecycle of the rows already derived follows the event (CHURNED comes first, figures.sql.ts).
update sum_customer_daily set lifecycle = 'CHURNED' where churned_on is not null and lifecycle is distinct from 'CHURNED';

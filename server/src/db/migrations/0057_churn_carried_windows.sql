-- The churn features' short windows (流失预警, issue 12), carried forward per customer and day like the
-- 20-day sums of 0021 and 0025 (figures/figures.sql.ts: the newest day adds itself and drops the day
-- that leaves each window; carryForward() recomputes later days after a correction, a late or a
-- removed day). The features of a day D (churn/churn.sql.ts RAW_FEATURES) then read D's row only;
-- they summed the rows of the 21 trading days D−20 … D: 3.4 s of 100,000 customers' nightly scoring of
-- 7 s (docs/performance.md). Windows are of imported trading days; a day without the customer's row
-- counts 0.
--
-- * bank_out_sum5        Σ BANK_OUT over the 5 trading days ending on the day (D−4 … D)
-- * trade_days10         days with a trade among the 10 ending on the day (D−9 … D)
-- * volume_sum10         Σ volume (CNY) over those 10 days
-- * net_asset_before5    net asset at the close of the 5th trading day before (D−5; 0 when not open or
--                        no row then; null while fewer than 6 days are imported), like net_asset_before20
--
-- The foreign key of churn_scores to customers goes: the nightly scores of every customer (100,000 a
-- day at that size) are written by the import from the customers it has just read, like the day's
-- figures in sum_customer_daily, which have none; its checks cost 0.45 s of the 1.3 s write. Customers
-- are never deleted.
alter table sum_customer_daily
  add column bank_out_sum5 numeric(28,6) not null default 0,
  add column trade_days10 integer not null default 0,
  add column volume_sum10 numeric(28,6) not null default 0,
  add column net_asset_before5 numeric(28,6);

alter table churn_scores drop constraint if exists churn_scores_customer_no_fkey;

-- The rows already derived: every window, from each customer's rows.
with days as (
  select trade_date, row_number() over (order by trade_date) as idx from trading_days
),
w as (
  select s.customer_no, s.trade_date,
    sum(s.bank_out) over w5 as bank_out_sum5,
    (count(*) filter (where s.trade_count > 0) over w10)::int as trade_days10,
    sum(s.volume) over w10 as volume_sum10,
    case when d.idx > 5 then coalesce(sum(case when s.is_open then s.net_asset else 0 end) over before5, 0) end as net_asset_before5
  from sum_customer_daily s join days d on d.trade_date = s.trade_date
  window w5 as (partition by s.customer_no order by d.idx range between 4 preceding and current row),
    w10 as (partition by s.customer_no order by d.idx range between 9 preceding and current row),
    before5 as (partition by s.customer_no order by d.idx range between 5 preceding and 5 preceding)
)
update sum_customer_daily t set bank_out_sum5 = w.bank_out_sum5, trade_days10 = w.trade_days10, volume_sum10 = w.volume_sum10,
  net_asset_before5 = w.net_asset_before5
from w
where t.trade_date = w.trade_date and t.customer_no = w.customer_no;

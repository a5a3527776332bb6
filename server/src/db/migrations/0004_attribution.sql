-- Staff attribution figures (business-rules.md §2, §4.8), maintained at import time: per staff
-- member and day, and per staff member and month, attributed through the DEVELOP relationships
-- effective on each date and multiplied by their weight. Counts are weighted too (a customer
-- split 0.6/0.4 counts 0.6 and 0.4). Weighted columns are unconstrained numeric, so that nothing
-- is rounded before it is shown (weight × amount × rate keeps all its decimals).
-- Staff tables are small per day: keyed by the staff member (the distribution key on Citus).

create table sum_staff_daily (
  trade_date            date not null,
  staff_no              text not null,
  customers             numeric not null default 0, -- 客户数: open that day, with a relationship effective that day
  valid_customers       numeric not null default 0, -- 有效户: of those, relationships confirmed by that day
  new_customers         numeric not null default 0, -- 开户数: opened that day
  closed_customers      numeric not null default 0, -- 销户数: closed that day
  total_asset           numeric not null default 0, -- balances of the day (0 when the customer is not open)
  net_asset             numeric not null default 0,
  market_value          numeric not null default 0, -- securities market value (stock + fund + bond + other)
  cash                  numeric not null default 0, -- 保证金余额, all currencies in CNY
  volume                numeric not null default 0, -- 成交金额
  quantity              numeric not null default 0,
  commission            numeric not null default 0, -- 毛佣金
  fees                  numeric not null default 0, -- 规费
  guaranteed_commission numeric not null default 0, -- 保底佣金 = volume × guaranteed rate × weight
  net_commission        numeric generated always as (commission - fees - guaranteed_commission) stored, -- 净佣金 (may be negative)
  bank_in               numeric not null default 0,
  bank_out              numeric not null default 0,
  net_inflow            numeric generated always as (bank_in - bank_out) stored, -- 净流入
  product_sales         numeric not null default 0, -- 认购 + 申购
  primary key (trade_date, staff_no)
);
create index sum_staff_daily_staff_idx on sum_staff_daily (staff_no, trade_date);

-- Per staff member and month (month = first day of the month): flows summed over the month,
-- balances and customer counts those of the month end (the month's last imported trading day).
create table sum_staff_monthly (
  month                 date not null,
  staff_no              text not null,
  month_end_date        date not null,
  customers             numeric not null default 0, -- at the month end
  valid_customers       numeric not null default 0, -- at the month end
  new_customers         numeric not null default 0, -- opened in the month
  closed_customers      numeric not null default 0, -- closed in the month
  total_asset           numeric not null default 0, -- month end
  net_asset             numeric not null default 0, -- month end
  market_value          numeric not null default 0, -- month end
  cash                  numeric not null default 0, -- month end
  asset_sum             numeric not null default 0, -- Σ daily total asset over the month's trading days
  volume                numeric not null default 0,
  quantity              numeric not null default 0,
  commission            numeric not null default 0,
  fees                  numeric not null default 0,
  guaranteed_commission numeric not null default 0,
  net_commission        numeric generated always as (commission - fees - guaranteed_commission) stored,
  bank_in               numeric not null default 0,
  bank_out              numeric not null default 0,
  net_inflow            numeric generated always as (bank_in - bank_out) stored,
  product_sales         numeric not null default 0,
  primary key (month, staff_no)
);
create index sum_staff_monthly_staff_idx on sum_staff_monthly (staff_no, month);

-- Confirmations (有效确认) set by the rule rather than loaded: the relationship's confirmed_on was
-- set to this month end because the customer was valid then. A re-derivation from an earlier day
-- withdraws those of the months it touches (when confirmed_on still holds the value set here) and
-- confirms again from the corrected figures; loaded confirmation dates are never touched.
create table relationship_confirmations (
  customer_no     text not null,
  relationship_id bigint not null,
  confirmed_on    date not null,
  primary key (customer_no, relationship_id)
);
create index relationship_confirmations_date_idx on relationship_confirmations (confirmed_on);

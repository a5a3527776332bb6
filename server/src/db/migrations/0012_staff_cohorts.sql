-- Staff figures by the customers' opening month (开户月份), for 团队经纪人营销状况 (team-marketing),
-- whose 本期/累计 columns count only customers opened in a range of dates: attributed exactly like
-- sum_staff_daily/sum_staff_monthly (DEVELOP relationships effective on the day, × weight), one row
-- per staff member, opening month and month instead of one row per relationship and month. Derived
-- with sum_staff_monthly (attribution.sql.ts deriveStaffCohortMonths).
-- month = first day of the month; trades of the month, balances of the month end (the month's last
-- imported trading day, as sum_staff_monthly).
create table sum_staff_cohort_monthly (
  month          date not null,
  staff_no       text not null,
  open_month     date not null,
  month_end_date date not null,
  total_asset    numeric not null default 0,
  market_value   numeric not null default 0,
  cash           numeric not null default 0,
  volume         numeric not null default 0,
  commission     numeric not null default 0,
  primary key (month, staff_no, open_month)
);
create index sum_staff_cohort_monthly_staff_idx on sum_staff_cohort_monthly (staff_no, month, open_month)
  include (volume, commission, total_asset, market_value, cash);

-- 保底佣金 (guaranteed commission) per trading day and fund account: Σ volume × guaranteed rate ×
-- weight over the DEVELOP relationships with a guaranteed rate effective that day (business-rules.md
-- §2–§3), only where it is not zero — a few percent of the customers have such a relationship. The
-- branch is the customer's branch that day (sum_customer_daily). Derived with the staff figures, so
-- a change of relationships or a corrected day re-derives it. trading-stats and customer-ranking
-- read it instead of joining relationships with the daily summaries.
create table sum_guaranteed_daily (
  trade_date   date not null,
  customer_no  text not null,
  fund_account text not null,
  branch_code  text not null,
  guaranteed   numeric not null,
  primary key (trade_date, customer_no, fund_account)
);
create index sum_guaranteed_daily_customer_idx on sum_guaranteed_daily (customer_no, trade_date);

-- Installations with imported days derive these once at the next start (attribution.service.ts
-- ensureStaffCohorts): the figures come from the summaries and relationships already here.

-- Indexes for the reports (reports benchmark, docs/performance.md "Reports benchmark").
--
-- The day reads of the reports (tier distribution, month-end asset trend, the day's balances)
-- take every customer's row of one trading day and keep the open ones: a covering index lets
-- them read the day from the index alone (an index-only scan of a few MB) instead of the heap
-- pages of ~30 wide columns. Created on the partitioned table, so every month's partition,
-- present and future, gets its own.
create index sum_customer_daily_day_cover_idx on sum_customer_daily (trade_date, customer_no)
  include (is_open, total_asset, tier);

-- A branch manager's data scope is the customers of a branch: the customer numbers of a branch
-- from the index alone, for the semi-join every branch-scoped report makes.
create index customers_branch_customer_idx on customers (branch_code, customer_no);

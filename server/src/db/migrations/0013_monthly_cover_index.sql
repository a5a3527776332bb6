-- The interval reports (customer-assets, asset-extremes, customer-ranking, commission-rate) read
-- a range of months of every customer in scope from sum_customer_monthly: a covering index lets
-- them read those months from the index alone (a branch's quarter at 100,000 customers: 30 ms
-- instead of 175 ms of heap pages of ~25 wide columns). docs/performance.md "Reports benchmark".
create index if not exists sum_customer_monthly_cover_idx on sum_customer_monthly (month, customer_no)
  include (asset_sum, volume, commission, fees, max_asset, max_date, min_asset, min_date);

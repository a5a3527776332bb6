-- The spec's defaults (business-rules.md), changeable by an administrator.
insert into settings (key, value) values
  ('tiers', '[{"name":"玉满堂","min":"1000000"},{"name":"金满堂","min":"100000"},{"name":"银满堂","min":"0"}]'),
  ('lifecycle', '{"sleepingDays":180,"dormantYears":3,"dormantMaxCash":"100"}'),
  ('validCustomer', '{"minNetAsset":"10000"}');

-- The latest state of each customer: its row of the last imported trading day (tier and lifecycle
-- are computed at import time, business-rules.md §6). A customer without a row that day is no
-- longer open: CHURNED, with no tier.
create view customer_state as
  select c.customer_no, d.trade_date as as_of,
    coalesce(round(x.net_asset_sum20 / nullif(x.days20, 0), 6), 0) as avg20_net_asset, -- shown rounded; tiers compare unrounded
    x.tier,
    coalesce(x.lifecycle, 'CHURNED') as lifecycle,
    case when x.customer_no is null
      then (select max(h.last_trade_date) from sum_customer_daily h where h.customer_no = c.customer_no)
      else x.last_trade_date end as last_trade_date,
    coalesce(x.total_asset, 0) as total_asset,
    coalesce(x.net_asset, 0) as net_asset
  from customers c
  cross join (select max(trade_date) as trade_date from trading_days) d
  left join sum_customer_daily x on x.trade_date = d.trade_date and x.customer_no = c.customer_no
  where d.trade_date is not null;

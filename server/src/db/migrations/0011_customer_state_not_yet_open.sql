-- A customer without a row on the last imported trading day is CHURNED only when it was open
-- before (closed, or gone from the extracts); one whose open date is still ahead of that day (a
-- record delivered before its account opens) is POTENTIAL (潜在, business-rules.md §6), not churned.
create or replace view customer_state as
  select c.customer_no, d.trade_date as as_of,
    coalesce(round(x.net_asset_sum20 / nullif(x.days20, 0), 6), 0) as avg20_net_asset, -- shown rounded; tiers compare unrounded
    x.tier,
    coalesce(x.lifecycle, case when c.open_date > d.trade_date then 'POTENTIAL' else 'CHURNED' end) as lifecycle,
    case when x.customer_no is null
      then (select max(h.last_trade_date) from sum_customer_daily h where h.customer_no = c.customer_no)
      else x.last_trade_date end as last_trade_date,
    coalesce(x.total_asset, 0) as total_asset,
    coalesce(x.net_asset, 0) as net_asset
  from customers c
  cross join (select max(trade_date) as trade_date from trading_days) d
  left join sum_customer_daily x on x.trade_date = d.trade_date and x.customer_no = c.customer_no
  where d.trade_date is not null;

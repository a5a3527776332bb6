-- The customer list at a million customers (issue 15 item 2): what the list sorts and filters on,
-- one narrow row per customer (every customer has one: a customer without any daily summary row has
-- assets 0 and no tier), indexed. Kept by refresh_customer_latest(),
-- which deriveIntelligence (intelligence.derive.ts) calls once the latest day's figures are final — the
-- import of a day, a correction, the removal of a day, a churn model's training, the demo load.
--
-- total_asset, net_asset: the customer's latest daily summary row (sum_customer_daily), rounded half up
--   to 0.01 as the list shows them; a customer without a row on the last imported day keeps its last
--   known assets (customers.sql.ts used a lateral `order by trade_date desc limit 1` per customer).
-- tier, lifecycle: of the customer's row on the last imported trading day (customer_state, migrations
--   0003 and 0011); null without a row that day, where the list shows POTENTIAL or CHURNED by the open date.
create table customer_latest (
  customer_no text primary key references customers (customer_no) on delete cascade,
  total_asset numeric(20,2) not null,
  net_asset   numeric(20,2) not null,
  tier        text,
  lifecycle   text
);
-- the list's sort by total asset (either direction: the tie-break follows it) and its asset bounds. The
-- only index beside the key: each one costs every customer whose assets moved an index entry a day
-- (performance.md "Part L2"); the net-asset sort and the tier and lifecycle filters read the rows.
create index customer_latest_total_idx on customer_latest (total_asset, customer_no);
-- the list's sort by open date, and by name (in the database's collation; customers_name_idx is
-- text_pattern_ops, for prefixes only), either direction
create index customers_open_date_idx on customers (open_date, customer_no);
create index customers_name_sort_idx on customers (name, customer_no);

-- Brings customer_latest up to date with sum_customer_daily, set-based, rewriting only the rows whose
-- values change (a day moves most customers' assets, a correction a few): the customers with a row on
-- the last imported day take it; the others their latest row's assets, no tier (no row at all: 0); a
-- customer without a customer_latest row gets one.
create function refresh_customer_latest() returns void language sql as $$
  update customer_latest cl
     set total_asset = round(x.total_asset, 2), net_asset = round(x.net_asset, 2), tier = x.tier, lifecycle = x.lifecycle
    from sum_customer_daily x
   where x.trade_date = (select max(trade_date) from trading_days) and x.customer_no = cl.customer_no
     and (cl.total_asset, cl.net_asset, cl.tier, cl.lifecycle)
         is distinct from (round(x.total_asset, 2), round(x.net_asset, 2), x.tier, x.lifecycle);

  insert into customer_latest as cl (customer_no, total_asset, net_asset, tier, lifecycle)
  select c.customer_no, coalesce(h.total_asset, 0), coalesce(h.net_asset, 0), null, null
    from customers c
    left join lateral (
      select round(d.total_asset, 2) as total_asset, round(d.net_asset, 2) as net_asset from sum_customer_daily d
       where d.customer_no = c.customer_no order by d.trade_date desc limit 1) h on true
   where not exists (select 1 from sum_customer_daily x
                      where x.trade_date = (select max(trade_date) from trading_days) and x.customer_no = c.customer_no)
  on conflict (customer_no) do update
     set total_asset = excluded.total_asset, net_asset = excluded.net_asset, tier = null, lifecycle = null
   where (cl.total_asset, cl.net_asset, cl.tier, cl.lifecycle) is distinct from (excluded.total_asset, excluded.net_asset, null, null);

  insert into customer_latest (customer_no, total_asset, net_asset, tier, lifecycle)
  select c.customer_no, round(x.total_asset, 2), round(x.net_asset, 2), x.tier, x.lifecycle
    from customers c
    join sum_customer_daily x on x.trade_date = (select max(trade_date) from trading_days) and x.customer_no = c.customer_no
   where not exists (select 1 from customer_latest e where e.customer_no = c.customer_no);
$$;

select refresh_customer_latest();
analyze customer_latest;

-- refresh_customer_latest() (migration 0053) without the anti-join of its third statement, which went
-- quadratic on a database's first import: customer_latest was analyzed empty when 0053 created it, so the
-- planner, trusting 0 pages, probed it for each of the day's customers by a sequential scan — of a table
-- the same statement was filling. The first import of 100,000 customers spent 3.5 minutes there
-- (20,000: 8.4 s; performance.md, "the first import"). A customer already in customer_latest now simply
-- conflicts on the key and is skipped; the other two statements are as in 0053.
create or replace function refresh_customer_latest() returns void language sql as $$
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
  select x.customer_no, round(x.total_asset, 2), round(x.net_asset, 2), x.tier, x.lifecycle
    from sum_customer_daily x
   where x.trade_date = (select max(trade_date) from trading_days)
  on conflict (customer_no) do nothing;
$$;

-- refresh_customer_latest() (migration 0053) fills an empty customer_latest without the anti-join of its
-- third statement, which went quadratic on a database's first import: planned while customer_latest was
-- empty, it probed the table for each of the day's customers by a sequential scan — of a table the same
-- statement was filling. The first import of 20,000 customers spent 8.4 s there, of 100,000 3.5 minutes
-- (performance.md, "Session of 2026-12-07 (night, lead)"). Once the table holds rows, the three statements
-- of 0053 run as before (their anti-join against a table of known size is a hash join: 0.13 s at 100,000
-- customers, where the same insert with `on conflict do nothing` in place of the anti-join took 0.63 s).
-- PL/pgSQL plans each statement when it first runs, so the steady-state statements are never planned
-- against the empty table.
create or replace function refresh_customer_latest() returns void language plpgsql as $$
begin
  if not exists (select 1 from customer_latest) then
    -- the first fill: every customer with a row on the last imported day takes it (the customers without one follow)
    insert into customer_latest (customer_no, total_asset, net_asset, tier, lifecycle)
    select x.customer_no, round(x.total_asset, 2), round(x.net_asset, 2), x.tier, x.lifecycle
      from sum_customer_daily x
     where x.trade_date = (select max(trade_date) from trading_days);
  else
    update customer_latest cl
       set total_asset = round(x.total_asset, 2), net_asset = round(x.net_asset, 2), tier = x.tier, lifecycle = x.lifecycle
      from sum_customer_daily x
     where x.trade_date = (select max(trade_date) from trading_days) and x.customer_no = cl.customer_no
       and (cl.total_asset, cl.net_asset, cl.tier, cl.lifecycle)
           is distinct from (round(x.total_asset, 2), round(x.net_asset, 2), x.tier, x.lifecycle);

    insert into customer_latest (customer_no, total_asset, net_asset, tier, lifecycle)
    select c.customer_no, round(x.total_asset, 2), round(x.net_asset, 2), x.tier, x.lifecycle
      from customers c
      join sum_customer_daily x on x.trade_date = (select max(trade_date) from trading_days) and x.customer_no = c.customer_no
     where not exists (select 1 from customer_latest e where e.customer_no = c.customer_no);
  end if;

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
end
$$;

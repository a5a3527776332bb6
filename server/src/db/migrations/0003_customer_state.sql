-- The latest classification of each customer, refreshed by every import for the latest
-- imported trading day: tier (by the 20-day average net asset, business-rules.md §6),
-- lifecycle, and the last trade. Lists and filters read it; history lives in sum_customer_daily.
create table customer_state (
  customer_no     text primary key,
  as_of           date not null,
  avg20_net_asset numeric(24,6) not null,
  tier            text not null,
  lifecycle       text not null check (lifecycle in ('ACTIVE','SLEEPING','DORMANT','CHURNED')),
  last_trade_date date,
  total_asset     numeric(24,6) not null,
  net_asset       numeric(24,6) not null
);
create index customer_state_tier_idx on customer_state (tier);
create index customer_state_lifecycle_idx on customer_state (lifecycle);

-- The spec's defaults (business-rules.md), changeable by an administrator.
insert into settings (key, value) values
  ('tiers', '[{"name":"玉满堂","min":"1000000"},{"name":"金满堂","min":"100000"},{"name":"银满堂","min":"0"}]'),
  ('lifecycle', '{"sleepingDays":180,"dormantYears":3,"dormantMaxCash":"100","churnNetAsset":"1000","churnOutflowShare":"0.8"}'),
  ('validCustomer', '{"minNetAsset":"10000"}');

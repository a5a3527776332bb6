-- QuanCRM foundation schema: organisation, customers, reference data, the extract's facts
-- (partitioned by trading date, keyed by customer), daily and monthly summaries, relationships,
-- users, sessions, tokens, audit log, import runs and configuration.
-- Money is numeric (exact); every fact and summary row carries customer_no (scale.md).

create extension if not exists btree_gist;

-- ---------------------------------------------------------------- organisation (总部 → 营业部 → 团队 → 员工)
create table branches (
  branch_code text primary key,
  branch_name text not null,
  city        text,
  updated_on  date,
  created_at  timestamptz not null default now()
);

create table teams (
  team_code       text primary key,
  team_name       text not null,
  branch_code     text not null references branches,
  leader_staff_no text,
  created_at      timestamptz not null default now()
);

create table staff (
  staff_no      text primary key,
  name          text not null,
  category      text not null check (category in ('BROKER','ACCOUNT_MANAGER','ADVISOR','SERVICE','DISTRIBUTOR','MANAGER')),
  level         text not null check (level in ('见习','初级','中级','高级','资深')),
  team_code     text references teams,
  branch_code   text not null references branches,
  hire_date     date not null,
  leave_date    date,
  contract_type text not null check (contract_type in ('LABOR','AGENCY')),
  mobile        text,
  email         text,
  status        text not null default 'ACTIVE' check (status in ('ACTIVE','LEFT')),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index staff_team_idx on staff (team_code);
create index staff_branch_idx on staff (branch_code);

-- 历史信息: every change of level, team or branch, never overwritten.
create table staff_history (
  id          bigserial primary key,
  staff_no    text not null references staff,
  field       text not null check (field in ('level','team_code','branch_code','category','contract_type','leave_date')),
  old_value   text,
  new_value   text,
  changed_on  date not null,
  source      text not null,
  recorded_at timestamptz not null default now()
);
create index staff_history_staff_idx on staff_history (staff_no, changed_on);

-- ---------------------------------------------------------------- customers and accounts
create table customers (
  customer_no      text primary key,
  name             text not null,
  customer_type    text not null check (customer_type in ('P','O','F')),
  id_type          text,
  id_no            text,
  gender           text,
  birth_date       date,
  mobile           text,
  email            text,
  address          text,
  branch_code      text not null references branches,
  open_date        date not null,
  close_date       date,
  status           text not null check (status in ('NORMAL','FROZEN','LOST','DORMANT','CLOSED')),
  risk_level       text check (risk_level in ('C1','C2','C3','C4','C5')),
  risk_assessed_on date,
  investor_class   text not null default 'ORDINARY' check (investor_class in ('ORDINARY','PRO_A','PRO_B','PRO_C')),
  first_seen_on    date not null,
  updated_on       date not null
);
create index customers_branch_idx on customers (branch_code);
create index customers_id_no_idx on customers (id_no);
create index customers_mobile_idx on customers (mobile);
create index customers_name_idx on customers (name text_pattern_ops);

create table fund_accounts (
  fund_account    text primary key,
  customer_no     text not null references customers,
  account_kind    text not null check (account_kind in ('NORMAL','CREDIT')),
  currency        text not null check (currency in ('CNY','USD','HKD')),
  open_date       date not null,
  close_date      date,
  status          text not null,
  commission_rate numeric(12,8),
  updated_on      date not null
);
create index fund_accounts_customer_idx on fund_accounts (customer_no);

-- Prospects (潜在客户) registered by appointment opening (预约客户开户); matched on ID number.
create table prospects (
  id               bigserial primary key,
  name             text not null,
  id_no            text not null,
  mobile           text not null,
  branch_code      text not null references branches,
  appointment_date date not null,
  staff_no         text not null references staff,
  weight           numeric(7,6) not null default 1 check (weight > 0 and weight <= 1),
  status           text not null default 'PENDING' check (status in ('PENDING','APPROVED','MATCHED','UNUSABLE','VOID','REJECTED')),
  status_reason    text,
  customer_no      text references customers,
  created_by       bigint,
  created_at       timestamptz not null default now()
);
create index prospects_id_no_idx on prospects (id_no);

-- ---------------------------------------------------------------- reference data
create table securities (
  market         text not null check (market in ('SH','SZ','BJ')),
  security_code  text not null,
  name           text not null,
  security_class text not null check (security_class in ('STOCK','FUND','BOND','REPO','OTHER')),
  updated_on     date not null,
  primary key (market, security_code)
);

create table products (
  product_code          text primary key,
  name                  text not null,
  product_type          text not null check (product_type in ('PUBLIC_FUND','ASSET_MGMT','BOND','STRUCTURED','ADVISORY')),
  risk_level            text not null check (risk_level in ('R1','R2','R3','R4','R5')),
  issuer                text,
  min_amount            numeric(20,2),
  sales_commission_rate numeric(12,8) not null default 0,
  updated_on            date not null
);

-- Rates as delivered in fx_rates.csv, by day.
create table fx_rates (
  trade_date  date not null,
  currency    text not null check (currency in ('USD','HKD')),
  rate_to_cny numeric(18,6) not null check (rate_to_cny > 0),
  primary key (trade_date, currency)
);

-- Every imported trading day (交易日 = days that have been imported) and the rate in force that day
-- (its own fx_rates.csv or the last known rate).
create table trading_days (
  trade_date  date primary key,
  usd_rate    numeric(18,6),
  hkd_rate    numeric(18,6),
  run_id      bigint not null,
  imported_at timestamptz not null default now()
);

-- ---------------------------------------------------------------- facts, partitioned by month of trade_date
create table fact_assets (
  trade_date   date not null,
  customer_no  text not null,
  fund_account text not null,
  currency     text not null,
  cash         numeric(20,2) not null,
  stock_value  numeric(20,2) not null,
  fund_value   numeric(20,2) not null,
  bond_value   numeric(20,2) not null,
  other_value  numeric(20,2) not null,
  total_asset  numeric(20,2) not null,
  debt         numeric(20,2) not null default 0,
  primary key (trade_date, customer_no, fund_account, currency)
) partition by range (trade_date);

create table fact_positions (
  trade_date    date not null,
  customer_no   text not null,
  fund_account  text not null,
  market        text not null,
  security_code text not null,
  quantity      numeric(24,4) not null,
  cost_amount   numeric(20,2),
  market_value  numeric(20,2) not null,
  primary key (trade_date, customer_no, fund_account, market, security_code)
) partition by range (trade_date);

create table fact_orders (
  trade_date      date not null,
  customer_no     text not null,
  order_no        text not null,
  fund_account    text not null,
  market          text not null,
  security_code   text not null,
  side            text not null,
  price           numeric(20,4),
  quantity        numeric(24,4) not null,
  filled_quantity numeric(24,4) not null,
  status          text not null,
  channel         text not null,
  order_time      time not null,
  primary key (trade_date, customer_no, order_no)
) partition by range (trade_date);
create index fact_orders_customer_idx on fact_orders (customer_no, trade_date);

create table fact_trades (
  trade_date     date not null,
  customer_no    text not null,
  trade_no       text not null,
  order_no       text,
  fund_account   text not null,
  market         text not null,
  security_code  text not null,
  side           text not null,
  price          numeric(20,4) not null,
  quantity       numeric(24,4) not null,
  amount         numeric(20,2) not null,
  commission     numeric(20,2) not null,
  stamp_duty     numeric(20,2) not null,
  transfer_fee   numeric(20,2) not null,
  handling_fee   numeric(20,2) not null,
  regulatory_fee numeric(20,2) not null,
  trade_time     time not null,
  channel        text not null,
  primary key (trade_date, customer_no, trade_no)
) partition by range (trade_date);
create index fact_trades_customer_idx on fact_trades (customer_no, trade_date);

create table fact_fund_flows (
  trade_date   date not null,
  customer_no  text not null,
  flow_no      text not null,
  fund_account text not null,
  currency     text not null,
  flow_type    text not null,
  amount       numeric(20,2) not null,
  flow_time    time not null,
  primary key (trade_date, customer_no, flow_no)
) partition by range (trade_date);
create index fact_fund_flows_customer_idx on fact_fund_flows (customer_no, trade_date);

create table fact_credit (
  trade_date       date not null,
  customer_no      text not null,
  fund_account     text not null,
  financing_debt   numeric(20,2) not null,
  lending_debt     numeric(20,2) not null,
  interest_payable numeric(20,2) not null,
  collateral_value numeric(20,2) not null,
  primary key (trade_date, customer_no, fund_account)
) partition by range (trade_date);

create table fact_product_holdings (
  trade_date   date not null,
  customer_no  text not null,
  fund_account text not null,
  product_code text not null,
  units        numeric(24,4) not null,
  market_value numeric(20,2) not null,
  primary key (trade_date, customer_no, fund_account, product_code)
) partition by range (trade_date);

create table fact_product_trades (
  trade_date   date not null,
  customer_no  text not null,
  txn_no       text not null,
  fund_account text not null,
  product_code text not null,
  txn_type     text not null,
  amount       numeric(20,2) not null,
  fee          numeric(20,2) not null,
  txn_time     time not null,
  primary key (trade_date, customer_no, txn_no)
) partition by range (trade_date);
create index fact_product_trades_customer_idx on fact_product_trades (customer_no, trade_date);

-- ---------------------------------------------------------------- summaries (maintained at import time)
-- Per fund account and day, converted to CNY at the day's rate.
create table sum_account_daily (
  trade_date        date not null,
  customer_no       text not null,
  fund_account      text not null,
  currency          text not null,
  fx_rate           numeric(18,6) not null,
  cash_in_cny       numeric(20,2) not null default 0, -- 保证金余额 held in CNY
  cash_in_usd       numeric(20,2) not null default 0, -- held in USD (in USD)
  cash_in_hkd       numeric(20,2) not null default 0, -- held in HKD (in HKD)
  cash_cny          numeric(24,6) not null default 0, -- all cash converted to CNY
  stock_value_cny   numeric(24,6) not null default 0,
  fund_value_cny    numeric(24,6) not null default 0,
  bond_value_cny    numeric(24,6) not null default 0,
  other_value_cny   numeric(24,6) not null default 0,
  total_asset_cny   numeric(24,6) not null default 0,
  debt_cny          numeric(24,6) not null default 0,
  volume_cny        numeric(24,6) not null default 0, -- 成交金额
  quantity          numeric(24,4) not null default 0,
  commission_cny    numeric(24,6) not null default 0, -- 毛佣金
  fees_cny          numeric(24,6) not null default 0, -- 规费 = handling + regulatory
  stamp_duty_cny    numeric(24,6) not null default 0,
  transfer_fee_cny  numeric(24,6) not null default 0,
  trade_count       integer not null default 0,
  order_count       integer not null default 0,
  cancelled_count   integer not null default 0,
  bank_in_cny       numeric(24,6) not null default 0,
  bank_out_cny      numeric(24,6) not null default 0,
  product_sales_cny numeric(24,6) not null default 0, -- 认购 + 申购
  product_redeem_cny numeric(24,6) not null default 0,
  product_fee_cny   numeric(24,6) not null default 0,
  primary key (trade_date, customer_no, fund_account)
) partition by range (trade_date);

-- Per customer and day: one row for every customer open that day or with any fact that day.
create table sum_customer_daily (
  trade_date        date not null,
  customer_no       text not null,
  branch_code       text not null,
  is_open           boolean not null,
  total_asset       numeric(24,6) not null default 0, -- CNY
  net_asset         numeric(24,6) not null default 0, -- 净资产 = total_asset − debt
  debt              numeric(24,6) not null default 0,
  cash_cny          numeric(24,6) not null default 0, -- all cash in CNY
  cash_in_cny       numeric(20,2) not null default 0, -- cash held in CNY accounts
  cash_in_usd       numeric(20,2) not null default 0,
  cash_in_hkd       numeric(20,2) not null default 0,
  stock_value       numeric(24,6) not null default 0,
  fund_value        numeric(24,6) not null default 0,
  bond_value        numeric(24,6) not null default 0,
  other_value       numeric(24,6) not null default 0,
  product_value     numeric(24,6) not null default 0, -- financial products held (not in total_asset)
  volume            numeric(24,6) not null default 0,
  quantity          numeric(24,4) not null default 0,
  commission        numeric(24,6) not null default 0,
  fees              numeric(24,6) not null default 0,
  trade_count       integer not null default 0,
  order_count       integer not null default 0,
  cancelled_count   integer not null default 0,
  bank_in           numeric(24,6) not null default 0,
  bank_out          numeric(24,6) not null default 0,
  product_sales     numeric(24,6) not null default 0,
  -- carried forward from earlier days (re-derived when an earlier day changes)
  net_asset_sum20   numeric(28,6) not null default 0, -- Σ net asset over the 20 trading days ending today (0 when not open)
  days20            integer not null default 0,       -- how many trading days that window has (< 20 early on)
  last_trade_date   date,                              -- last day with a trade, on or before today
  tier              text,                              -- 级别: by net_asset_sum20 / days20 against the configured bounds
  lifecycle         text,                              -- ACTIVE / SLEEPING / DORMANT / CHURNED on that day
  primary key (trade_date, customer_no)
) partition by range (trade_date);
create index sum_customer_daily_customer_idx on sum_customer_daily (customer_no, trade_date);

-- Per customer and month (month = first day of the month).
create table sum_customer_monthly (
  month            date not null,
  customer_no      text not null,
  branch_code      text not null,
  open_days        integer not null, -- trading days of the month on which the customer was open
  trade_days       integer not null, -- days with at least one trade
  month_end_date   date not null,
  asset_sum        numeric(28,6) not null, -- Σ daily total asset (区间汇总资产)
  asset_end        numeric(24,6) not null,
  net_asset_end    numeric(24,6) not null,
  cash_end         numeric(24,6) not null,
  stock_value_end  numeric(24,6) not null,
  max_asset        numeric(24,6),
  max_date         date,
  min_asset        numeric(24,6),
  min_date         date,
  volume           numeric(28,6) not null,
  quantity         numeric(28,4) not null,
  commission       numeric(28,6) not null,
  fees             numeric(28,6) not null,
  trade_count      integer not null,
  bank_in          numeric(28,6) not null,
  bank_out         numeric(28,6) not null,
  product_sales    numeric(28,6) not null,
  primary key (month, customer_no)
);
create index sum_customer_monthly_customer_idx on sum_customer_monthly (customer_no, month);

-- ---------------------------------------------------------------- broker relationships (经纪关系)
create table relationships (
  id              bigserial,
  customer_no     text not null references customers,
  staff_no        text not null references staff,
  kind            text not null check (kind in ('DEVELOP','SERVICE')),
  weight          numeric(7,6) not null check (weight > 0 and weight <= 1),
  assessment_set  text,
  added_on        date not null,
  effective_from  date not null,
  confirmed_on    date,
  ended_on        date,
  guaranteed_rate numeric(12,8) check (guaranteed_rate is null or guaranteed_rate >= 0),
  source          text not null,
  created_at      timestamptz not null default now(),
  primary key (customer_no, id),
  check (ended_on is null or ended_on >= effective_from),
  -- periods of the same customer–staff pair never overlap (both ends inclusive)
  exclude using gist (customer_no with =, staff_no with =, kind with =,
    daterange(effective_from, ended_on, '[]') with &&)
);
create index relationships_staff_idx on relationships (staff_no, effective_from);

-- ---------------------------------------------------------------- users, sessions, tokens, audit
create table users (
  id            bigserial primary key,
  username      text not null unique,
  display_name  text,
  password_hash text not null,
  role          text not null check (role in ('ADMIN','HQ','COMPLIANCE','BRANCH_MANAGER','TEAM_LEAD','BROKER','SERVICE')),
  staff_no      text references staff,
  disabled      boolean not null default false,
  locale        text not null default 'zh-CN',
  created_at    timestamptz not null default now(),
  last_login_at timestamptz,
  check (role in ('ADMIN','HQ','COMPLIANCE') or staff_no is not null)
);

create table sessions (
  id           text primary key, -- sha256 of the cookie value
  user_id      bigint not null references users on delete cascade,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null default now(),
  ip           text,
  user_agent   text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id           bigserial primary key,
  user_id      bigint not null references users on delete cascade,
  name         text not null,
  token_hash   text not null unique,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Append-only: who, when, what, from where. Written in the same transaction as the change.
create table audit_log (
  id        bigserial primary key,
  at        timestamptz not null default now(),
  user_id   bigint,
  username  text,
  action    text not null,
  entity    text,
  entity_id text,
  detail    jsonb,
  ip        text
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_entity_idx on audit_log (entity, entity_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- ---------------------------------------------------------------- import runs
create table import_runs (
  id          bigserial primary key,
  kind        text not null check (kind in ('EXTRACT','ORG')),
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  started_by  text not null,
  folder      text not null,
  trade_date  date,
  status      text not null check (status in ('RUNNING','SUCCEEDED','FAILED')),
  replaced    boolean not null default false, -- a re-delivered day replaced an earlier import
  files       jsonb, -- { name: { rows, sha256, bytes } }
  row_counts  jsonb,
  duration_ms integer,
  error_count integer not null default 0,
  errors      jsonb, -- first 100 problems: { file, line, column, reason }
  warnings    jsonb
);
create index import_runs_started_idx on import_runs (started_at desc);

-- ---------------------------------------------------------------- configuration (spec defaults, changeable by an administrator)
create table settings (
  key        text primary key,
  value      jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by text
);

-- Creates the monthly partition of a partitioned fact/summary table holding day d.
create function crm_ensure_partition(parent text, d date) returns void language plpgsql as $$
declare
  lo date := date_trunc('month', d)::date;
  hi date := (date_trunc('month', d) + interval '1 month')::date;
  part text := format('%s_%s', parent, to_char(lo, 'YYYYMM'));
begin
  if to_regclass(part) is null then
    execute format('create table %I partition of %I for values from (%L) to (%L)', part, parent, lo, hi);
  end if;
end $$;

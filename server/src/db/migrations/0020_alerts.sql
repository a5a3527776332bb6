-- Monitoring alerts (异常监控, business-rules.md §9): one row per rule, customer and trading day,
-- derived in the import's transaction (monitoring/monitoring.sql.ts) with the evidence that made it
-- fire. A re-derivation refreshes the evidence of an alert that still fires, deletes one that no
-- longer fires when nobody acted on it, and otherwise keeps it `withdrawn`. Keyed by customer_no like
-- every customer table (scale.md); the id is unique on its own too.

create table alerts (
  customer_no  text not null references customers,
  id           bigserial not null,
  rule         text not null check (rule in ('LARGE_WITHDRAWAL','QUICK_IN_OUT','FREQUENT_CANCEL','MARGIN_WARNING','MARGIN_LIQUIDATION','CHURN_RISK')),
  trade_date   date not null,
  evidence     jsonb not null,
  status       text not null default 'NEW' check (status in ('NEW','ACKNOWLEDGED','CLOSED')),
  -- the condition no longer holds after a correction, but somebody had acted on the alert
  withdrawn    boolean not null default false,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (customer_no, id),
  unique (customer_no, rule, trade_date)
);
-- the list, newest day first; a day's alerts at re-derivation
create index alerts_day_idx on alerts (trade_date desc, id desc);
-- the NEW alerts counted on 首页
create index alerts_new_idx on alerts (customer_no) where status = 'NEW';

-- What was done with an alert (acknowledge, close, note), oldest first.
create table alert_history (
  customer_no text not null,
  alert_id    bigint not null,
  id          bigserial not null,
  at          timestamptz not null,
  action      text not null check (action in ('acknowledge','close','note')),
  comment     text check (char_length(comment) <= 1000),
  user_id     bigint not null references users,
  primary key (customer_no, alert_id, id),
  foreign key (customer_no, alert_id) references alerts (customer_no, id) on delete cascade
);

-- The thresholds (系统设置); percentages and amounts as decimal strings.
insert into settings (key, value) values ('monitoring', '{
  "largeWithdrawalPercent": "50", "largeWithdrawalMin": "500000",
  "quickInOutPercent": "90", "quickInOutDays": 3,
  "cancelMinOrders": 20, "cancelPercent": "50",
  "marginWarningPercent": "150", "marginLiquidationPercent": "130"
}') on conflict (key) do nothing;

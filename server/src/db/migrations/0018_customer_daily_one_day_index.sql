-- sum_customer_daily kept two indexes on (trade_date, customer_no): the primary key and the
-- covering index of 0009 for the reports' day reads. The primary key now carries the covered
-- columns itself, so every derived customer row updates two indexes instead of three (the import's
-- derivation, docs/performance.md) and the day reads keep their index-only scans.
alter table sum_customer_daily drop constraint sum_customer_daily_pkey;
alter table sum_customer_daily add constraint sum_customer_daily_pkey primary key (trade_date, customer_no) include (is_open, total_asset, tier);
drop index sum_customer_daily_day_cover_idx;

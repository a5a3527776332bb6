-- Housekeeping at scale (issue 15 item 5).
--
-- 1. Archived fact months: `crm archive --before YYYY-MM` writes each fact table's monthly
--    partitions before that month to a compressed file, then detaches and drops them; this table
--    remembers what went where, so pages that read facts say "archived" instead of showing nothing,
--    and `crm archive restore <file>` puts them back (and removes the rows here).
create table archived_partitions (
  parent      text not null,
  month       date not null check (month = date_trunc('month', month)::date),
  file        text not null,
  row_count   bigint not null check (row_count >= 0),
  archived_at timestamptz not null default now(),
  primary key (parent, month)
);

-- A day of an archived month is not imported again behind the archive's back: the importer creates
-- its partitions through this function, which now refuses an archived month (restore it first).
create or replace function crm_ensure_partition(parent text, d date) returns void language plpgsql as $$
declare
  lo date := date_trunc('month', d)::date;
  hi date := (date_trunc('month', d) + interval '1 month')::date;
  part text := format('%s_%s', parent, to_char(lo, 'YYYYMM'));
  archive text;
begin
  if to_regclass(part) is null then
    select a.file into archive from archived_partitions a where a.parent = crm_ensure_partition.parent and a.month = lo;
    if found then
      raise exception 'the month % of % is archived in %: run `crm archive restore` on that file first', to_char(lo, 'YYYY-MM'), parent, archive
        using errcode = 'P0001', hint = 'CRM_MONTH_ARCHIVED';
    end if;
    execute format('create table %I partition of %I for values from (%L) to (%L)', part, parent, lo, hi);
  end if;
end $$;

-- 2. The month summaries are upserted once per customer (staff member) and day: every night
--    rewrites each row of the current month once. Their covering indexes include the updated
--    columns, so the updates are not HOT; leave room on each page for the new versions (they stay
--    beside the old ones) and vacuum after each night's load instead of after 20 % of all months
--    (the default waits ~2.5 nights with a year of history, ~12 with five). Measured in
--    docs/performance.md ("Month-summary bloat").
alter table sum_customer_monthly set (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.02);
alter table sum_staff_monthly set (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 200);
alter table sum_staff_cohort_monthly set (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 200);

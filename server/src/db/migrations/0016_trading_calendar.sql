-- The exchange trading calendar (沪深交易所交易日历). The holidays ship with the code
-- (modules/calendar/exchange-holidays.ts, used alone by the demo generator, which runs without a
-- database); this table holds an administrator's changes to them (/api/admin/trading-calendar):
-- a weekday closed that the shipped list does not know (trading = false: next year's holidays
-- before a release ships them, an unscheduled closure) or a shipped holiday reopened
-- (trading = true). The importer's calendar is the shipped list with these changes applied.
create table trading_calendar_changes (
  day        date primary key check (extract(isodow from day) between 1 and 5),
  trading    boolean not null,
  note       text,
  updated_at timestamptz not null default now(),
  updated_by text not null
);

-- The importer's plausibility bound (business-rules: every number is a default held in configuration):
-- a day whose assets.csv has fewer rows than this percentage of the previous imported trading
-- day's asset rows is refused unless forced (crm import --force).
insert into settings (key, value) values ('importChecks', '{"minAssetRowsPercent":50}') on conflict (key) do nothing;

/**
 * The monitoring queries (异常监控, business-rules.md §9): the set-based derivation of a day's
 * alerts from its figures (sum_customer_daily) and margin facts (fact_credit), and the reads of the
 * alert list, one alert with its history and the count of NEW alerts. Thresholds come from the
 * `monitoring` setting; amounts are numeric throughout and leave as decimal strings.
 */
import { bindParam, customerScope, relationshipEffectiveOn, servingOrder, type ScopeSubject } from '../access/scope.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** The rules the derivation raises (CHURN_RISK is raised by the churn model, later). */
export const DERIVED_RULES = ['LARGE_WITHDRAWAL', 'QUICK_IN_OUT', 'FREQUENT_CANCEL', 'MARGIN_WARNING', 'MARGIN_LIQUIDATION'] as const;

/**
 * $1 days (date[]), $2 how many later imported trading days a day's data can change (the
 * quick-in-and-out window): the days whose alerts an import (or a removal) of `days` re-derives,
 * each day with the next $2 imported trading days after it.
 */
export const DAYS_TO_DERIVE = `
  select distinct x.day::text as day
    from (
      select d.day from unnest($1::date[]) d(day)
      union all
      select t.trade_date from unnest($1::date[]) d(day)
       cross join lateral (select trade_date from trading_days where trade_date > d.day order by trade_date limit $2::int) t
    ) x
   order by 1`;

/** The quick-in-and-out window in trading days after the BANK_IN day (the setting). */
export const QUICK_IN_OUT_DAYS = `select coalesce((value->>'quickInOutDays')::int, 3) as n from settings where key = 'monitoring'`;

/**
 * The margin lines (maintenance ratio in percent) of the `monitoring` setting, each defaulting to
 * suitability.md: one row (warn_pct, liq_pct). The MARGIN_* alerts below and the margin module's
 * account states read these same lines.
 */
export const MARGIN_LINES = `
  select coalesce((v->>'marginWarningPercent')::numeric, 150) as warn_pct, coalesce((v->>'marginLiquidationPercent')::numeric, 130) as liq_pct
    from (select (select value from settings where key = 'monitoring') as v) s`;

/**
 * The alerts that fire on the days $1 (date[]), as (customer_no, rule, trade_date, evidence):
 * - LARGE_WITHDRAWAL: BANK_OUT (CNY) ≥ largeWithdrawalMin and ≥ largeWithdrawalPercent of the
 *   previous imported trading day's net asset (which must be positive)
 * - QUICK_IN_OUT: the BANK_OUT from a BANK_IN day through this day first reaches quickInOutPercent of
 *   that day's BANK_IN, within quickInOutDays trading days, with no trade from the BANK_IN day
 *   through this day (the latest such BANK_IN day)
 * - FREQUENT_CANCEL: ≥ cancelMinOrders orders, ≥ cancelPercent of them CANCELLED
 * - MARGIN_*: collateral ÷ debt of the credit accounts below marginLiquidationPercent (only
 *   MARGIN_LIQUIDATION), else below marginWarningPercent; no debt, no ratio, no alert
 */
const FIRED = `
  -- the thresholds, each defaulting to business-rules.md §9 should the setting lack it
  m as (
    select coalesce((v->>'largeWithdrawalPercent')::numeric, 50) as lw_pct, coalesce((v->>'largeWithdrawalMin')::numeric, 500000) as lw_min,
           coalesce((v->>'quickInOutPercent')::numeric, 90) as qio_pct, coalesce((v->>'quickInOutDays')::int, 3) as qio_days,
           coalesce((v->>'cancelMinOrders')::int, 20) as fc_orders, coalesce((v->>'cancelPercent')::numeric, 50) as fc_pct,
           ml.warn_pct, ml.liq_pct
      from (select (select value from settings where key = 'monitoring') as v) s cross join (${MARGIN_LINES}) ml
  ),
  days as (select distinct day from unnest($1::date[]) u(day)),
  cal as (select trade_date, row_number() over (order by trade_date) as n from trading_days),
  -- the trading days quick-in-and-out can read (each day's window back to its BANK_IN): a bound known before
  -- the scans start, so that only those months' partitions are probed per BANK_OUT (not every month's index)
  qio_span as (
    select min(b.trade_date) as lo, max(c.trade_date) as hi
      from m cross join cal c join cal b on b.n between c.n - m.qio_days and c.n
     where c.trade_date = any($1::date[])
  ),
  large_withdrawal as (
    select s.customer_no, 'LARGE_WITHDRAWAL' as rule, s.trade_date,
           jsonb_build_object('bankOut', round(s.bank_out, 2)::text, 'previousNetAsset', round(p.net_asset, 2)::text,
             'previousDay', prev.trade_date::text, 'share', trunc(s.bank_out / p.net_asset, 4)::text) as evidence
      from m cross join days d
      join cal c on c.trade_date = d.day
      join cal prev on prev.n = c.n - 1
      join sum_customer_daily s on s.trade_date = d.day
      join sum_customer_daily p on p.trade_date = prev.trade_date and p.customer_no = s.customer_no
     where s.trade_date = any($1::date[]) and s.bank_out >= m.lw_min and p.net_asset > 0 and s.bank_out * 100 >= p.net_asset * m.lw_pct
  ),
  quick_in_out as (
    select distinct on (o.customer_no, o.trade_date) o.customer_no, 'QUICK_IN_OUT' as rule, o.trade_date,
           jsonb_build_object('bankIn', round(i.bank_in, 2)::text, 'bankInDay', b.trade_date::text, 'bankOut', round(w.out_total, 2)::text,
             'share', trunc(w.out_total / i.bank_in, 4)::text, 'tradingDaysBetween', c.n - b.n) as evidence
      from m cross join days d
      join cal c on c.trade_date = d.day
      join sum_customer_daily o on o.trade_date = d.day and o.trade_date = any($1::date[]) and o.bank_out > 0
      join cal b on b.n between c.n - m.qio_days and c.n
      join sum_customer_daily i on i.trade_date = b.trade_date and i.customer_no = o.customer_no and i.bank_in > 0
                               and i.trade_date between (select lo from qio_span) and (select hi from qio_span)
      cross join lateral (
        select sum(x.bank_out) as out_total, coalesce(sum(x.bank_out) filter (where x.trade_date < d.day), 0) as out_before, sum(x.trade_count) as trades
          from sum_customer_daily x where x.customer_no = o.customer_no and x.trade_date between b.trade_date and d.day
                                      and x.trade_date between (select lo from qio_span) and (select hi from qio_span)
      ) w
     where w.trades = 0 and w.out_total * 100 >= i.bank_in * m.qio_pct and w.out_before * 100 < i.bank_in * m.qio_pct
     order by o.customer_no, o.trade_date, b.trade_date desc
  ),
  frequent_cancel as (
    select s.customer_no, 'FREQUENT_CANCEL' as rule, s.trade_date,
           jsonb_build_object('orders', s.order_count, 'cancelled', s.cancelled_count, 'share', trunc(s.cancelled_count::numeric / s.order_count, 4)::text) as evidence
      from m cross join sum_customer_daily s
     where s.trade_date = any($1::date[]) and s.order_count >= m.fc_orders and s.cancelled_count * 100 >= s.order_count * m.fc_pct
  ),
  credit as (
    select k.trade_date, k.customer_no, sum(k.collateral_value) as collateral, sum(k.financing_debt + k.lending_debt + k.interest_payable) as debt
      from fact_credit k where k.trade_date = any($1::date[])
     group by k.trade_date, k.customer_no
  ),
  margin as (
    select k.customer_no, l.rule, k.trade_date,
           jsonb_build_object('ratio', trunc(k.collateral / k.debt, 4)::text, 'collateral', k.collateral::text, 'debt', k.debt::text,
             'line', trim_scale(l.pct / 100)::text) as evidence
      from m cross join credit k
      cross join lateral (
        select case when k.collateral * 100 < k.debt * m.liq_pct then 'MARGIN_LIQUIDATION' else 'MARGIN_WARNING' end as rule,
               case when k.collateral * 100 < k.debt * m.liq_pct then m.liq_pct else m.warn_pct end as pct
      ) l
     where k.debt > 0 and k.collateral * 100 < k.debt * m.warn_pct
  ),
  fired as (
    select * from large_withdrawal union all select * from quick_in_out union all select * from frequent_cancel union all select * from margin
  )`;

/**
 * $1 days (date[]): derives the alerts of those days, every rule but CHURN_RISK (the churn scoring
 * writes those). → counts (writeFiredAlerts).
 */
export const DERIVE_ALERTS = writeFiredAlerts(FIRED, `a.trade_date = any($1::date[]) and a.rule <> 'CHURN_RISK'`);

/**
 * The statement that writes the alerts `ctes` fire (its last CTE is \`fired\`: customer_no, rule,
 * trade_date, evidence) and retires the alerts matching `candidates` (a condition on alerts \`a\`)
 * that no longer fire: an alert that fires is inserted, or keeps its id, status and history with
 * refreshed evidence (and is no longer withdrawn); one that no longer fires is deleted when nobody
 * acted on it (NEW, no history), else kept as withdrawn. → counts. Shared by the churn alerts.
 */
export function writeFiredAlerts(ctes: string, candidates: string): string {
  return `
  with ${ctes},
  upserted as (
    insert into alerts as a (customer_no, rule, trade_date, evidence)
    select customer_no, rule, trade_date, evidence from fired
    on conflict (customer_no, rule, trade_date) do update
       set evidence = excluded.evidence, withdrawn = false,
           updated_at = case when a.evidence is distinct from excluded.evidence or a.withdrawn then now() else a.updated_at end
    returning 1
  ),
  gone as (
    select a.customer_no, a.id, a.status = 'NEW' and not exists (select 1 from alert_history h where h.customer_no = a.customer_no and h.alert_id = a.id) as untouched
      from alerts a
     where ${candidates}
       and not exists (select 1 from fired f where f.customer_no = a.customer_no and f.rule = a.rule and f.trade_date = a.trade_date)
  ),
  deleted as (
    delete from alerts a using gone g where a.customer_no = g.customer_no and a.id = g.id and g.untouched returning 1
  ),
  withdrawn as (
    update alerts a set withdrawn = true, updated_at = now()
      from gone g where a.customer_no = g.customer_no and a.id = g.id and not g.untouched and not a.withdrawn returning 1
  )
  select (select count(*) from upserted)::int as fired, (select count(*) from deleted)::int as deleted, (select count(*) from withdrawn)::int as withdrawn`;
}

/** An alert row as the service reads it (the list's item; times as Date). */
export interface AlertRow {
  id: string;
  rule: string;
  customerNo: string;
  customerName: string;
  date: string;
  evidence: Record<string, unknown>;
  ownerStaffNo: string | null;
  ownerName: string | null;
  status: string;
  withdrawn: boolean;
  updatedAt: Date;
}

/**
 * The owner of alert `a` (customers row `c`): the staff member of the customer's SERVICE
 * relationship effective on the alert's day, else of its DEVELOP one with the largest weight.
 * Read when the alert is read, so that a relationship recorded after the import counts.
 */
const OWNER = `
  left join lateral (
    select r.staff_no, s.name from relationships r join staff s on s.staff_no = r.staff_no
     where r.customer_no = a.customer_no and ${relationshipEffectiveOn('r', 'a.trade_date')}
     order by ${servingOrder('r')}
     limit 1
  ) o on true`;

const ALERT_COLUMNS = `
  a.id::text as id, a.rule, a.customer_no as "customerNo", c.name as "customerName", a.trade_date::text as date, a.evidence,
  o.staff_no as "ownerStaffNo", o.name as "ownerName", a.status, a.withdrawn, a.updated_at as "updatedAt"`;

const ALERT_FROM = `from alerts a join customers c on c.customer_no = a.customer_no ${OWNER}`;

export interface AlertFilter {
  rule?: string;
  status?: string;
  customerNo?: string;
  from?: string;
  to?: string;
}

/** The alerts of customers in the caller's scope on `asOf` that match the filter: their count and a page (or all rows), newest day first. */
export function alertQueries(user: ScopeSubject, asOf: string, filter: AlertFilter, page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [];
  const where = [customerScope(user, { alias: 'c', params, asOf })];
  if (filter.rule) where.push(`a.rule = ${bindParam(params, filter.rule)}`);
  if (filter.status) where.push(`a.status = ${bindParam(params, filter.status)}`);
  if (filter.customerNo) where.push(`a.customer_no = ${bindParam(params, filter.customerNo)}`);
  if (filter.from) where.push(`a.trade_date >= ${bindParam(params, filter.from)}::date`);
  if (filter.to) where.push(`a.trade_date <= ${bindParam(params, filter.to)}::date`);
  const condition = where.join(' and ');
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  return {
    count: { sql: `select count(*)::int as total from alerts a join customers c on c.customer_no = a.customer_no where ${condition}`, params },
    rows: { sql: `select ${ALERT_COLUMNS} ${ALERT_FROM} where ${condition} order by a.trade_date desc, a.id desc${limit}`, params: rowParams },
  };
}

/** One alert by id when its customer is in the caller's scope on `asOf` (`lock`: for update). */
export function alertById(user: ScopeSubject, asOf: string, id: string, lock = false): SqlQuery {
  const params: unknown[] = [id];
  const scope = customerScope(user, { alias: 'c', params, asOf });
  return { sql: `select ${ALERT_COLUMNS} ${ALERT_FROM} where a.id = $1::bigint and ${scope}${lock ? ' for update of a' : ''}`, params };
}

/** $1 customer, $2 limit: the customer's alerts, newest day first (the timeline). */
export const CUSTOMER_ALERTS = `select ${ALERT_COLUMNS} ${ALERT_FROM} where a.customer_no = $1 order by a.trade_date desc, a.id desc limit $2`;

/** $1 customer, $2 alert id: its history, oldest first. */
export const ALERT_HISTORY = `
  select h.at, h.action, h.comment, u.username as by, coalesce(u.display_name, u.username) as "byName"
    from alert_history h join users u on u.id = h.user_id
   where h.customer_no = $1 and h.alert_id = $2::bigint
   order by h.at, h.id`;

/** $1 customer, $2 alert id, $3 at, $4 action, $5 comment, $6 user id. */
export const INSERT_HISTORY = `insert into alert_history (customer_no, alert_id, at, action, comment, user_id) values ($1, $2::bigint, $3, $4, $5, $6)`;

/** $1 customer, $2 alert id, $3 status, $4 now. */
export const SET_STATUS = `update alerts set status = $3, updated_at = $4 where customer_no = $1 and id = $2::bigint`;

/** The NEW alerts of customers in the caller's scope on `asOf`. */
export function openAlertCount(user: ScopeSubject, asOf: string): SqlQuery {
  const params: unknown[] = [];
  const scope = customerScope(user, { alias: 'c', params, asOf });
  return { sql: `select count(*)::int as n from alerts a join customers c on c.customer_no = a.customer_no where a.status = 'NEW' and ${scope}`, params };
}

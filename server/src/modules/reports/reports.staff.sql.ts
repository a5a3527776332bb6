/**
 * The staff reports' SQL (business-rules.md §2, §4 items 3, 5, 8): every figure attributed through
 * the DEVELOP relationships effective on the date of the figure (both ends inclusive), times their
 * weight; SERVICE relationships give no credit. Staff rows pass the caller's `staffScope`, customer
 * rows the caller's `customerScope` as well.
 */
import { monthBounds } from '../../lib/dates.js';
import { periodFiguresSql, relationshipPeriod } from '../../lib/periods.js';
import { bindParam, customerScope, relationshipEffectiveOn, staffScope } from '../access/scope.js';
import { reportQuery, type ReportContext, type ReportQuery } from './reports.sql.js';

// ---------------------------------------------------------------- 8. 经纪人月指标

/** Per staff member in scope, the month's attributed figures from sum_staff_monthly (maintained at import). */
export function staffMonthlyQuery(ctx: ReportContext, p: { month: string }): ReportQuery {
  return reportQuery((values) => `
      select m.staff_no as "staffNo", st.name as "staffName", m.customers, m.valid_customers as "validCustomers", m.new_customers as "newCustomers",
             m.total_asset as "monthEndAsset", m.net_inflow as "netInflow", m.volume, m.commission,
             m.net_commission as "netCommission", m.product_sales as "productSales"
        from sum_staff_monthly m
        join staff st on st.staff_no = m.staff_no
       where m.month = ${bindParam(values, monthBounds(p.month).first)}::date and ${staffScope(ctx.user, { alias: 'st', params: values })}
       order by m.staff_no`);
}

// ---------------------------------------------------------------- 3. 经纪关系客户资产明细

/** Per DEVELOP relationship effective on `date`, of a customer open that day: the day's figures × weight. */
export function relationshipAssetsQuery(ctx: ReportContext, p: { date: string }): ReportQuery {
  return reportQuery((values) => {
    const date = bindParam(values, p.date);
    return `
      select c.customer_no as "customerNo", c.name, r.staff_no as "staffNo", st.name as "staffName", c.open_date as "openDate",
             s.stock_value * r.weight as "stockValue", s.fund_value * r.weight as "fundValue",
             s.bond_value * r.weight as "bondValue", s.other_value * r.weight as "otherValue",
             s.cash_in_cny * r.weight as "cashCny", s.cash_in_usd * r.weight as "cashUsd", s.cash_in_hkd * r.weight as "cashHkd",
             s.total_asset * r.weight as "totalAsset", s.commission * r.weight as commission
        from relationships r
        join customers c on c.customer_no = r.customer_no
        join staff st on st.staff_no = r.staff_no
        join sum_customer_daily s on s.customer_no = r.customer_no and s.trade_date = ${date}::date and s.is_open
       where r.kind = 'DEVELOP' and ${relationshipEffectiveOn('r', date)}
         and ${customerScope(ctx.user, { alias: 'c', params: values, asOf: ctx.asOf })}
         and ${staffScope(ctx.user, { alias: 'st', params: values })}
       order by c.customer_no, r.staff_no`;
  });
}

// ---------------------------------------------------------------- 5. 团队经纪人营销状况

export type TeamMarketingParams = {
  team?: string | undefined;
  branch?: string | undefined;
  openFrom: string;
  openTo: string;
  monthFrom: string;
  monthTo: string;
};

/**
 * The opening months [first, next) that the range [openFrom, openTo] cuts (takes in part): the month
 * of openFrom unless it starts on the 1st, the month of openTo unless it ends on the month's last
 * day. Their customers are read one by one; every other opening month is all in or all out.
 */
export function cutOpenMonths(openFrom: string, openTo: string): [string, string][] {
  const cut = new Map<string, [string, string]>();
  if (!openFrom.endsWith('-01')) {
    const b = monthBounds(openFrom.slice(0, 7));
    cut.set(b.first, [b.first, b.next]);
  }
  if (openTo !== monthBounds(openTo.slice(0, 7)).last) {
    const b = monthBounds(openTo.slice(0, 7));
    cut.set(b.first, [b.first, b.next]);
  }
  return [...cut.values()];
}

/**
 * Per staff member of the team or branch (its members now), in the caller's staff scope:
 * - trades: 本期 = customers opened in [openFrom, openTo], months monthFrom…monthTo; 累计 = opened on
 *   or before openTo, every month up to monthTo;
 * - balances on the last trading day of monthTo (none when monthTo has no trading day);
 * - openings and closings on the open/close date, by the relationships effective that day.
 * Trades and balances of customers opened in a month the range takes whole (or not at all) come
 * from sum_staff_cohort_monthly (attributed at import by opening month, day by day, so a change
 * mid-month splits the month at its effective date): one row per staff member, opening month and
 * month. Customers opened in a month the range cuts (cutOpenMonths) are attributed here, per
 * relationship and month: a month the relationship covers whole from sum_customer_monthly, a month
 * it covers in part day by day from sum_customer_daily.
 */
export function teamMarketingQuery(ctx: ReportContext, p: TeamMarketingParams): ReportQuery {
  const values: unknown[] = [];
  const openFrom = bindParam(values, p.openFrom);
  const openTo = bindParam(values, p.openTo);
  const first = bindParam(values, monthBounds(p.monthFrom).first);
  const until = bindParam(values, monthBounds(p.monthTo).next);
  const monthToFirst = bindParam(values, monthBounds(p.monthTo).first);
  const member = p.team !== undefined ? `st.team_code = ${bindParam(values, p.team)}` : `st.branch_code = ${bindParam(values, p.branch)}`;
  const cut = cutOpenMonths(p.openFrom, p.openTo);
  const cutMonths = bindParam(values, cut.map(([m]) => m));
  const inCut = cut.length
    ? `(${cut.map(([lo, hi]) => `(c.open_date >= ${bindParam(values, lo)}::date and c.open_date < ${bindParam(values, hi)}::date)`).join(' or ')})`
    : 'false';
  // the trades of the cut months' customers by the relationships effective on the trade date
  const relTrades = periodFiguresSql({
    rows: 'rel r', period: relationshipPeriod('r'), customer: 'r.customer_no', before: `${until}::date`, columns: ['volume', 'commission'],
    select: (f, day) => `r.staff_no, r.open_date >= ${openFrom}::date, ${day} >= ${first}::date, ${f}.volume * r.weight, ${f}.commission * r.weight`,
    dayFilter: '(s.volume <> 0 or s.commission <> 0)',
  });
  return {
    values,
    text: `
      with members as (
        select st.staff_no, st.name from staff st
         where st.status = 'ACTIVE' and ${member} and ${staffScope(ctx.user, { alias: 'st', params: values })}
      ),
      -- the relationships of customers opened in a month the range cuts: attributed here
      rel as materialized (
        select r.customer_no, r.staff_no, r.weight, r.effective_from, r.ended_on, c.open_date
          from relationships r
          join members mb on mb.staff_no = r.staff_no
          join customers c on c.customer_no = r.customer_no
         where r.kind = 'DEVELOP' and c.open_date <= ${openTo}::date and ${inCut}
      ),
      month_end as (
        select max(trade_date) as day from trading_days where trade_date >= ${monthToFirst}::date and trade_date < ${until}::date
      ),
      -- (staff, in the open range, in the month range, volume, commission)
      trades as (
        select k.staff_no, k.open_month >= ${openFrom}::date as in_period, k.month >= ${first}::date as in_months, k.volume, k.commission
          from members mb
          -- per member, an index range of its months, not a scan of every staff member's rows (offset 0
          -- keeps the planner from flattening it into a join)
          cross join lateral (
            select * from sum_staff_cohort_monthly k
             where k.staff_no = mb.staff_no and k.month < ${until}::date and k.open_month <= ${openTo}::date
               and not (k.open_month = any(${cutMonths}::date[]))
            offset 0
          ) k
        union all
        ${relTrades}
      ),
      trade_sums as (
        select x.staff_no,
               sum(x.volume) filter (where x.in_period and x.in_months) as period_volume,
               sum(x.commission) filter (where x.in_period and x.in_months) as period_commission,
               sum(x.volume) as cum_volume, sum(x.commission) as cum_commission
          from trades x group by x.staff_no
      ),
      balances as (
        select x.staff_no,
               sum(x.total_asset) filter (where x.in_period) as period_asset,
               sum(x.market_value) filter (where x.in_period) as period_market_value,
               sum(x.cash) filter (where x.in_period) as period_cash,
               sum(x.total_asset) as cum_asset, sum(x.market_value) as cum_market_value, sum(x.cash) as cum_cash
          from (
            select k.staff_no, k.open_month >= ${openFrom}::date as in_period, k.total_asset, k.market_value, k.cash
              from members mb
              cross join lateral (
                select * from sum_staff_cohort_monthly k
                 where k.staff_no = mb.staff_no and k.month = ${monthToFirst}::date and k.open_month <= ${openTo}::date
                   and not (k.open_month = any(${cutMonths}::date[]))
                offset 0
              ) k
            union all
            select r.staff_no, r.open_date >= ${openFrom}::date, s.total_asset * r.weight,
                   (s.stock_value + s.fund_value + s.bond_value + s.other_value) * r.weight, s.cash_cny * r.weight
              from rel r
              -- the day as a scalar (an init plan): an index lookup in one partition per customer, not a join over every day
              join sum_customer_daily s on s.customer_no = r.customer_no and s.trade_date = (select day from month_end) and s.is_open
             where ${relationshipEffectiveOn('r', '(select day from month_end)')}
          ) x
         group by x.staff_no
      ),
      events as (
        select x.staff_no,
               sum(x.weight) filter (where x.kind = 'open' and x.open_date >= ${openFrom}::date) as period_opened,
               sum(x.weight) filter (where x.kind = 'close' and x.day >= ${openFrom}::date) as period_closed,
               sum(x.weight) filter (where x.kind = 'open') as cum_opened,
               sum(x.weight) filter (where x.kind = 'close') as cum_closed
          from (
            select r.staff_no, c.open_date, r.weight, e.kind, e.day
              from relationships r
              join members mb on mb.staff_no = r.staff_no
              join customers c on c.customer_no = r.customer_no
              cross join lateral (values ('open', c.open_date), ('close', c.close_date)) as e(kind, day)
             where r.kind = 'DEVELOP' and c.open_date <= ${openTo}::date and e.day <= ${openTo}::date and ${relationshipEffectiveOn('r', 'e.day')}
          ) x
         group by x.staff_no
      )
      select mb.staff_no as "staffNo", mb.name as "staffName",
             coalesce(t.period_volume, 0) as "periodVolume", coalesce(t.period_commission, 0) as "periodCommission",
             coalesce(t.cum_volume, 0) as "cumVolume", coalesce(t.cum_commission, 0) as "cumCommission",
             coalesce(b.period_asset, 0) as "periodAsset", coalesce(b.period_market_value, 0) as "periodMarketValue",
             coalesce(b.period_cash, 0) as "periodCash", coalesce(b.cum_asset, 0) as "cumAsset",
             coalesce(b.cum_market_value, 0) as "cumMarketValue", coalesce(b.cum_cash, 0) as "cumCash",
             coalesce(v.period_opened, 0) as "periodOpened", coalesce(v.period_closed, 0) as "periodClosed",
             coalesce(v.cum_opened, 0) as "cumOpened", coalesce(v.cum_closed, 0) as "cumClosed"
        from members mb
        left join trade_sums t on t.staff_no = mb.staff_no
        left join balances b on b.staff_no = mb.staff_no
        left join events v on v.staff_no = mb.staff_no
       order by mb.staff_no`,
  };
}

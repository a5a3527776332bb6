/**
 * The staff API's SQL (人员管理, read side). Staff rows always pass the caller's `staffScope`, customer
 * figures the caller's `customerScope` (access/scope.ts); relationships hold on a day when
 * effective_from ≤ day ≤ ended_on, both inclusive (business-rules.md §2). The attributed figures are
 * not computed here: the monthly indicators and the relationship assets are the staff reports'
 * own queries (reports.staff.sql.ts), narrowed to one staff member.
 */
import { bindParam, customerScope, relationshipEffectiveOn, staffScope, type ScopeSubject } from '../access/scope.js';
import { monthBounds } from '../../lib/dates.js';
import type { ReportContext, ReportQuery } from '../reports/reports.sql.js';
import { relationshipAssetsQuery, staffMonthlyQuery } from '../reports/reports.staff.sql.js';
import type { FlowKind, StaffListFilter } from './staff.schemas.js';
import { escapeLike } from '../../lib/sql.js';

export interface Query {
  text: string;
  values: unknown[];
}

function paged(values: unknown[], page: number, pageSize: number): string {
  return `limit ${bindParam(values, pageSize)} offset ${bindParam(values, (page - 1) * pageSize)}`;
}

/** The last imported trading day on or before `day` ($1); null before the first import. */
export const LAST_TRADING_DAY = `select max(trade_date) as day from trading_days where trade_date <= $1::date`;

// ---------------------------------------------------------------- the staff list and profile

/** Columns of a staff row `s` joined to its branch `b` and team `t`; current customers counted on `day`. */
function staffColumns(day: string): string {
  return `s.staff_no as "staffNo", s.name, s.category, s.level, s.team_code as "teamCode", t.team_name as "teamName",
          s.branch_code as "branchCode", b.branch_name as "branchName", s.hire_date as "hireDate", s.leave_date as "leaveDate",
          s.contract_type as "contractType", s.status,
          (select count(distinct cr.customer_no)::int from relationships cr
            where cr.staff_no = s.staff_no and ${relationshipEffectiveOn('cr', day)}) as "currentCustomers"`;
}

const STAFF_FROM = `staff s join branches b on b.branch_code = s.branch_code left join teams t on t.team_code = s.team_code`;

export function staffListQueries(user: ScopeSubject, asOf: string, filter: StaffListFilter): { count: Query; page: Query } {
  const values: unknown[] = [];
  const where = [staffScope(user, { alias: 's', params: values })];
  if (filter.q) {
    const pattern = bindParam(values, escapeLike(filter.q));
    where.push(`(s.staff_no like ${pattern}::text || '%' or s.name like '%' || ${pattern}::text || '%')`);
  }
  if (filter.branch) where.push(`s.branch_code = ${bindParam(values, filter.branch)}`);
  if (filter.team) where.push(`s.team_code = ${bindParam(values, filter.team)}`);
  if (filter.category) where.push(`s.category = ${bindParam(values, filter.category)}`);
  if (filter.status) where.push(`s.status = ${bindParam(values, filter.status)}`);
  const condition = where.join(' and ');
  const count = { text: `select count(*)::int as total from staff s where ${condition}`, values: [...values] };
  const day = bindParam(values, asOf);
  const page = {
    text: `select ${staffColumns(`${day}::date`)} from ${STAFF_FROM}
            where ${condition}
            order by s.staff_no
            ${paged(values, filter.page, filter.pageSize)}`,
    values,
  };
  return { count, page };
}

/** One staff member with mobile and e-mail, if in the caller's staff scope. */
export function staffProfileQuery(user: ScopeSubject, asOf: string, staffNo: string): Query {
  const values: unknown[] = [staffNo, asOf];
  return {
    text: `select ${staffColumns('$2::date')}, s.mobile, s.email
             from ${STAFF_FROM}
            where s.staff_no = $1 and ${staffScope(user, { alias: 's', params: values })}`,
    values,
  };
}

/** 历史信息 of staff member $1, oldest first; a change dated after $2 (today) is recorded but pending. */
export const STAFF_HISTORY = `
  select field, old_value as "oldValue", new_value as "newValue", changed_on as "changedOn", source, changed_on > $2::date as pending
    from staff_history where staff_no = $1
   order by changed_on, id`;

/** A relationship `r` of the staff member that has ended before $2 while no relationship of the same pair holds on $2. */
function isHistory(r: string): string {
  return `(${r}.ended_on < $2::date and not exists (
            select 1 from relationships cur
             where cur.customer_no = ${r}.customer_no and cur.staff_no = ${r}.staff_no and ${relationshipEffectiveOn('cur', '$2')}))`;
}

/** $1 = staff, $2 = the day: current customers, Σ current DEVELOP weights, history customers. */
export const STAFF_COUNTS = `
  select count(distinct r.customer_no) filter (where ${relationshipEffectiveOn('r', '$2')})::int as "currentCustomers",
         coalesce(trim_scale(sum(r.weight) filter (where r.kind = 'DEVELOP' and ${relationshipEffectiveOn('r', '$2')})), 0)::text as "developWeight",
         count(distinct r.customer_no) filter (where ${isHistory('r')})::int as "historyCustomers"
    from relationships r
   where r.staff_no = $1`;

// ---------------------------------------------------------------- current and history customers

/**
 * The staff member's relationships effective on asOf (current) or ended and not current (history),
 * each with its customer; the customer's latest figures and tier only when the customer is in the
 * caller's data scope today.
 */
export function staffCustomerQueries(
  user: ScopeSubject,
  asOf: string,
  staffNo: string,
  p: { view: 'current' | 'history'; page: number; pageSize: number },
): { count: Query; page: Query } {
  const values: unknown[] = [staffNo, asOf];
  const which = p.view === 'current' ? relationshipEffectiveOn('r', '$2') : isHistory('r');
  const count = { text: `select count(*)::int as total from relationships r where r.staff_no = $1 and ${which}`, values: [...values] };
  const inScope = customerScope(user, { alias: 'c', params: values, asOf });
  const order = p.view === 'current' ? 'c.customer_no, r.kind, r.id' : 'r.ended_on desc, c.customer_no, r.kind, r.id';
  const page = {
    text: `
      select r.id::text as "relationshipId", c.customer_no as "customerNo", c.name, c.branch_code as "branchCode",
             c.open_date as "openDate", c.close_date as "closeDate", c.status, r.kind, trim_scale(r.weight)::text as weight,
             r.assessment_set as "assessmentSet", r.added_on as "addedOn", r.effective_from as "effectiveFrom",
             r.confirmed_on as "confirmedOn", r.ended_on as "endedOn", trim_scale(r.guaranteed_rate)::text as "guaranteedRate",
             x.in_scope as "inScope",
             case when x.in_scope then latest.trade_date end as "assetDate",
             case when x.in_scope then round(latest.total_asset, 2) end as "totalAsset",
             case when x.in_scope and r.kind = 'DEVELOP' then round(latest.total_asset * r.weight, 2) end as "weightedAsset",
             case when x.in_scope then cs.tier end as tier
        from relationships r
        join customers c on c.customer_no = r.customer_no
        cross join lateral (select ${inScope} as in_scope) x
        left join customer_state cs on cs.customer_no = c.customer_no
        left join lateral (
          select d.trade_date, d.total_asset from sum_customer_daily d
           where d.customer_no = c.customer_no order by d.trade_date desc limit 1) latest on true
       where r.staff_no = $1 and ${which}
       order by ${order}
       ${paged(values, p.page, p.pageSize)}`,
    values,
  };
  return { count, page };
}

// ---------------------------------------------------------------- indicators (经纪人月指标, 交易量统计)

/** The staff-monthly report's row of staff member `staffNo` for `month` (YYYY-MM), read through the report's own query. */
export function monthlyIndicatorQuery(ctx: ReportContext, staffNo: string, month: string): ReportQuery {
  const report = staffMonthlyQuery(ctx, { month });
  const staff = bindParam(report.values, staffNo);
  return { values: report.values, text: `select m.* from (${report.text}) m where m."staffNo" = ${staff}` };
}

/** Trading statistics by month, attributed to the staff member (sum_staff_monthly), months [monthFrom, monthTo]. */
export function monthlyTradingQuery(user: ScopeSubject, staffNo: string, monthFrom: string, monthTo: string): Query {
  const values: unknown[] = [staffNo, monthBounds(monthFrom).first, monthBounds(monthTo).first];
  return {
    text: `
      select to_char(m.month, 'YYYY-MM') as month, round(m.volume, 2) as volume, trim_scale(round(m.quantity, 4))::text as quantity,
             round(m.commission, 2) as commission, round(m.fees, 2) as fees, round(m.guaranteed_commission, 2) as guaranteed,
             round(m.net_commission, 2) as "netCommission"
        from sum_staff_monthly m
        join staff st on st.staff_no = m.staff_no
       where m.staff_no = $1 and m.month >= $2::date and m.month <= $3::date and ${staffScope(user, { alias: 'st', params: values })}
       order by m.month`,
    values,
  };
}

// ---------------------------------------------------------------- customers' assets and holdings on a day

const ASSET_FIGURES = ['stockValue', 'fundValue', 'bondValue', 'otherValue', 'cashCny', 'cashUsd', 'cashHkd', 'totalAsset', 'commission'];

/** The relationship-assets report's rows of one staff member on `date`, by customer name. */
export function staffAssetsQuery(ctx: ReportContext, staffNo: string, date: string): ReportQuery {
  const report = relationshipAssetsQuery(ctx, { date });
  const staff = bindParam(report.values, staffNo);
  const figures = ASSET_FIGURES.map((f) => `round(a."${f}", 2) as "${f}"`).join(', ');
  return {
    values: report.values,
    text: `select a."customerNo", c.name, a."openDate", ${figures}
             from (${report.text}) a join customers c on c.customer_no = a."customerNo"
            where a."staffNo" = ${staff}
            order by c.name, a."customerNo"`,
  };
}

/** The sums of `staffAssetsQuery`'s figures, summed unrounded and rounded once. */
export function staffAssetTotalsQuery(ctx: ReportContext, staffNo: string, date: string): ReportQuery {
  const report = relationshipAssetsQuery(ctx, { date });
  const staff = bindParam(report.values, staffNo);
  const sums = ASSET_FIGURES.map((f) => `round(coalesce(sum(a."${f}"), 0), 2) as "${f}"`).join(', ');
  return { values: report.values, text: `select ${sums} from (${report.text}) a where a."staffNo" = ${staff}` };
}

/**
 * Positions on `date` of the customers with a relationship (any kind) to the staff member effective
 * that day, in the caller's customer scope.
 */
export function staffHoldingsQueries(
  user: ScopeSubject,
  asOf: string,
  staffNo: string,
  p: { date: string; page: number; pageSize: number },
): { count: Query; page: Query } {
  const values: unknown[] = [staffNo, p.date];
  const scope = customerScope(user, { alias: 'c', params: values, asOf });
  const from = (securities: string) => `
    from (select distinct r.customer_no from relationships r where r.staff_no = $1 and ${relationshipEffectiveOn('r', '$2')}) rel
    join customers c on c.customer_no = rel.customer_no
    join fact_positions p on p.customer_no = rel.customer_no and p.trade_date = $2::date
    ${securities}
   where ${scope}`;
  const count = { text: `select count(*)::int as total ${from('')}`, values: [...values] };
  const page = {
    text: `
      select c.customer_no as "customerNo", c.name, p.fund_account as "fundAccount", p.market, p.security_code as "securityCode",
             sec.name as "securityName", sec.security_class as "securityClass", trim_scale(p.quantity)::text as quantity,
             p.cost_amount as "costAmount", p.market_value as "marketValue"
      ${from('left join securities sec on sec.market = p.market and sec.security_code = p.security_code')}
       order by c.name, c.customer_no, p.market_value desc, p.market, p.security_code, p.fund_account
       ${paged(values, p.page, p.pageSize)}`,
    values,
  };
  return { count, page };
}

// ---------------------------------------------------------------- fund flows, orders, trades

const FLOW_SOURCES: Readonly<Record<FlowKind, { table: string; columns: string; order: string }>> = {
  fund: {
    table: 'fact_fund_flows',
    columns: `f.flow_time::text as time, f.flow_no as "flowNo", f.currency, f.flow_type as "flowType", f.amount`,
    order: 'f.trade_date desc, f.flow_time desc, f.flow_no desc',
  },
  order: {
    table: 'fact_orders',
    columns: `f.order_time::text as time, f.order_no as "orderNo", f.market, f.security_code as "securityCode", sec.name as "securityName",
              f.side, f.price, trim_scale(f.quantity)::text as quantity, trim_scale(f.filled_quantity)::text as "filledQuantity",
              f.status, f.channel`,
    order: 'f.trade_date desc, f.order_time desc, f.order_no desc',
  },
  trade: {
    table: 'fact_trades',
    columns: `f.trade_time::text as time, f.trade_no as "tradeNo", f.order_no as "orderNo", f.market, f.security_code as "securityCode",
              sec.name as "securityName", f.side, f.price, trim_scale(f.quantity)::text as quantity, f.amount, f.commission,
              f.handling_fee + f.regulatory_fee as fees, f.channel`,
    order: 'f.trade_date desc, f.trade_time desc, f.trade_no desc',
  },
};

/**
 * The rows of `kind` dated in [from, to] of the customers related to the staff member (any kind of
 * relationship) on the row's own date, in the caller's customer scope; newest first.
 */
export function staffFlowQueries(
  user: ScopeSubject,
  asOf: string,
  staffNo: string,
  p: { kind: FlowKind; from: string; to: string; page: number; pageSize: number },
): { count: Query; page: Query } {
  const source = FLOW_SOURCES[p.kind];
  const values: unknown[] = [staffNo, p.from, p.to];
  const scope = customerScope(user, { alias: 'c', params: values, asOf });
  const from = (securities: string) => `
    from (select distinct r.customer_no from relationships r
           where r.staff_no = $1 and r.effective_from <= $3::date and (r.ended_on is null or r.ended_on >= $2::date)) rel
    join customers c on c.customer_no = rel.customer_no
    join ${source.table} f on f.customer_no = rel.customer_no and f.trade_date >= $2::date and f.trade_date <= $3::date
    ${securities}
   where exists (select 1 from relationships r where r.customer_no = f.customer_no and r.staff_no = $1 and ${relationshipEffectiveOn('r', 'f.trade_date')})
     and ${scope}`;
  const count = { text: `select count(*)::int as total ${from('')}`, values: [...values] };
  const securities = p.kind === 'fund' ? '' : 'left join securities sec on sec.market = f.market and sec.security_code = f.security_code';
  const page = {
    text: `
      select '${p.kind}' as kind, f.trade_date as "tradeDate", c.customer_no as "customerNo", c.name, f.fund_account as "fundAccount",
             ${source.columns}
      ${from(securities)}
       order by ${source.order}, c.customer_no
       ${paged(values, p.page, p.pageSize)}`,
    values,
  };
  return { count, page };
}

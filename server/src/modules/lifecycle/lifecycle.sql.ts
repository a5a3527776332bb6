/**
 * The queries of 级别和分类 and the lifecycle lists (business-rules.md §6). A customer counts on a
 * trading day D when it has a daily row that day, or had opened or was known by D; one without a
 * row is 潜在 (POTENTIAL) before its open date and 流失 (CHURNED) after it (closed, or gone from the
 * extracts) — customer_state (migrations 0003, 0011) on any day, so a cell's count is the customer
 * list's count for that lifecycle. Every read goes through the caller's data scope.
 */
import { bindParam, customerScope, relationshipEffectiveOn, staffScope, type ScopeSubject } from '../access/scope.js';
import { escapeLike } from '../../lib/sql.js';
import type { LifecycleListFilter, ProspectFilter } from './lifecycle.schemas.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}


/** $1 a day: the last imported trading day of each of the 12 months ending with its month, oldest first. */
export const TREND_DAYS = `
  select to_char(date_trunc('month', trade_date), 'YYYY-MM') as month, max(trade_date)::text as date
    from trading_days
   where trade_date <= $1::date and trade_date >= (date_trunc('month', $1::date) - interval '11 months')::date
   group by 1 order by 1`;

/** The configured tiers, highest bound first. */
export const TIERS = `select tr->>'name' as name from settings st, jsonb_array_elements(st.value) tr where st.key = 'tiers' order by (tr->>'min')::numeric desc`;

/** The customers of row `c` counted on the day in placeholder `day`, with their row `x` of that day (left joined). */
function population(day: string): string {
  return `(x.customer_no is not null or c.open_date <= ${day}::date or c.first_seen_on <= ${day}::date)`;
}

/** The lifecycle of customer `c` on `day`: its row's, else POTENTIAL (not yet open) or CHURNED (closed before). */
function lifecycleOf(day: string): string {
  return `coalesce(x.lifecycle, case when c.open_date > ${day}::date then 'POTENTIAL' else 'CHURNED' end)`;
}

/** Customers and Σ net asset per tier and lifecycle on `day`, for the customers in the caller's scope. */
export function classificationCells(user: ScopeSubject, asOf: string, day: string): SqlQuery {
  const params: unknown[] = [day];
  const scope = customerScope(user, { alias: 'c', params, asOf });
  return {
    sql: `select x.tier, ${lifecycleOf('$1')} as lifecycle, count(*)::int as customers,
            round(coalesce(sum(x.net_asset) filter (where x.is_open), 0), 2)::text as "netAsset"
            from customers c
            left join sum_customer_daily x on x.trade_date = $1::date and x.customer_no = c.customer_no
           where ${population('$1')} and ${scope}
           group by 1, 2 order by 2, 1`,
    params,
  };
}

/** The appointments (预约开户) not yet opened whose staff member is in the caller's scope. */
export function prospectQueries(user: ScopeSubject, filter: ProspectFilter, page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [];
  const where = [`p.status in ('PENDING', 'APPROVED')`, `p.customer_no is null`, staffScope(user, { alias: 's', params })];
  if (filter.status) where.push(`p.status = ${bindParam(params, filter.status)}`);
  if (filter.branch) where.push(`p.branch_code = ${bindParam(params, filter.branch)}`);
  if (filter.q) where.push(`p.name like '%' || ${bindParam(params, escapeLike(filter.q))}::text || '%'`);
  const from = `from prospects p join staff s on s.staff_no = p.staff_no join branches b on b.branch_code = p.branch_code where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: {
      sql: `select p.id::text as id, p.name, p.id_no as "idNo", p.mobile, p.branch_code as "branchCode", b.branch_name as "branchName",
              p.appointment_date::text as "appointmentDate", p.staff_no as "staffNo", s.name as "staffName", p.status
            ${from} order by p.appointment_date desc, p.id desc${limit}`,
      params: rowParams,
    },
  };
}

const SORTS: Readonly<Record<LifecycleListFilter['sort'], string>> = {
  '-netAsset': 'coalesce(x.net_asset, 0) desc, c.customer_no',
  netAsset: 'coalesce(x.net_asset, 0), c.customer_no',
  '-churnScore': 'cs.score desc nulls last, c.customer_no',
  lastTradeDate: 'x.last_trade_date nulls first, c.customer_no',
  '-lastTradeDate': 'x.last_trade_date desc nulls last, c.customer_no',
  customerNo: 'c.customer_no',
};

/**
 * Count and page of the customers in the caller's scope on `day` matching the filter. The page's
 * keys are chosen first (sorted, limited) and only those rows are decorated (branch, staff, the
 * last trade of a customer with no row that day). Without `page`: every row (the export).
 */
export function lifecycleListQueries(
  user: ScopeSubject, asOf: string, day: string, filter: LifecycleListFilter, page?: { page: number; pageSize: number },
): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [day];
  const where = [population('$1'), customerScope(user, { alias: 'c', params, asOf })];
  if (filter.lifecycle) where.push(`${lifecycleOf('$1')} = ${bindParam(params, filter.lifecycle)}`);
  if (filter.tier) where.push(`x.tier = ${bindParam(params, filter.tier)}`);
  if (filter.branch) where.push(`c.branch_code = ${bindParam(params, filter.branch)}`);
  if (filter.q) {
    const pattern = `${bindParam(params, escapeLike(filter.q))}::text`;
    where.push(`(c.customer_no like ${pattern} || '%' or c.name like '%' || ${pattern} || '%')`);
  }
  const from = `from customers c
      left join sum_customer_daily x on x.trade_date = $1::date and x.customer_no = c.customer_no
      left join churn_scores cs on cs.trade_date = $1::date and cs.customer_no = c.customer_no
     where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  const today = bindParam(rowParams, asOf);
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: {
      sql: `with page as (
              select c.customer_no, row_number() over (order by ${SORTS[filter.sort]}) as n ${from} order by ${SORTS[filter.sort]}${limit}
            )
            select c.customer_no as "customerNo", c.name, c.branch_code as "branchCode", b.branch_name as "branchName", x.tier,
              ${lifecycleOf('$1')} as lifecycle,
              round(case when x.is_open then x.total_asset else 0 end, 2)::text as "totalAsset",
              round(case when x.is_open then x.net_asset else 0 end, 2)::text as "netAsset",
              last.day::text as "lastTradeDate",
              case when c.open_date <= $1::date then $1::date - coalesce(last.day, c.open_date) end as "daysSinceTrade",
              c.open_date::text as "openDate", c.close_date::text as "closeDate", x.churned_on::text as "churnedOn",
              cs.score::text as "churnScore", coalesce(cs.reasons, '[]'::jsonb) as "churnReasons",
              coalesce(rel.staff, '[]'::json) as staff,
              coalesce((select string_agg(j->>'name', '、') from json_array_elements(rel.staff) j), '') as "staffNames"
              from page
              join customers c on c.customer_no = page.customer_no
              join branches b on b.branch_code = c.branch_code
              left join sum_customer_daily x on x.trade_date = $1::date and x.customer_no = c.customer_no
              left join churn_scores cs on cs.trade_date = $1::date and cs.customer_no = c.customer_no
              left join lateral (
                select case when x.customer_no is not null then x.last_trade_date
                  else (select max(h.last_trade_date) from sum_customer_daily h where h.customer_no = c.customer_no and h.trade_date <= $1::date) end as day
              ) last on true
              left join lateral (
                select json_agg(json_build_object('staffNo', s.staff_no, 'name', s.name, 'kind', r.kind) order by r.kind, r.weight desc, s.staff_no) as staff
                  from relationships r join staff s on s.staff_no = r.staff_no
                 where r.customer_no = c.customer_no and ${relationshipEffectiveOn('r', today)}
              ) rel on true
             order by page.n`,
      params: rowParams,
    },
  };
}

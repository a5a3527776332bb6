/**
 * The customer list and the sections of the 360° view (客户360视图). Columns are aliased to the API's
 * camelCase names. Money is rounded (half up, to 0.01) here, where it is shown, never before a sum;
 * quantities and weights lose trailing zeros; dates come back as YYYY-MM-DD strings.
 */
import { bindParam, customerScope, relationshipEffectiveOn, type ScopeSubject } from '../access/scope.js';
import { scopeLevelOf } from '../auth/auth.rules.js';
import { escapeLike } from '../../lib/sql.js';

export const CUSTOMER_SORTS = ['customerNo', '-customerNo', 'name', '-name', 'openDate', '-openDate', 'totalAsset', '-totalAsset', 'netAsset', '-netAsset'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** 我的客户 / 营业部客户 (`current`, the data scope today) or 历史客户 (`history`, see customerHistoryScope). */
export type CustomerView = 'current' | 'history';

export interface CustomerListFilter {
  view?: CustomerView;
  q?: string;
  branch?: string;
  tier?: string;
  lifecycle?: string;
  status?: string;
  openFrom?: string;
  openTo?: string;
  /** Latest total asset (CNY) at least / at most, inclusive; decimal strings. */
  minAsset?: string;
  maxAsset?: string;
  page: number;
  pageSize: number;
  sort: CustomerSort;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** The list's queries: its capped count, the planner's estimate of the count, and the page. */
export interface CustomerListQueries {
  /** Counts the matching customers up to TOTAL_EXACT_UP_TO + 1. */
  count: SqlQuery;
  /** EXPLAIN (format json) of the matching customers: the planner's estimate, past the bound. */
  estimate: SqlQuery;
  page: SqlQuery;
}

/**
 * The list counts its matching customers exactly up to this many; past it, the total is the
 * planner's estimate and says so (`totalExact: false`, docs/decisions.md "Part L2").
 */
export const TOTAL_EXACT_UP_TO = 10_000;

/**
 * Customer row `c`'s latest figures (customer_latest, migration 0053, kept by the import): its latest
 * total and net asset rounded to 0.01 (a customer without a row on the last imported day keeps its
 * last known assets), and its tier and lifecycle of the last imported trading day (null without a row
 * that day). Every customer has a row, so the join is inner where the list filters or sorts on it.
 */
const LATEST = 'customer_latest cl on cl.customer_no = c.customer_no';

/** The last imported trading day. */
const LAST_DAY = '(select max(ld.trade_date) from trading_days ld)';

/**
 * The lifecycle as customer_state shows it (migrations 0003, 0011): that of the last imported day's
 * row, else POTENTIAL while the open date is still ahead of that day, else CHURNED.
 */
const LIFECYCLE = `coalesce(cl.lifecycle, case when c.open_date > ${LAST_DAY} then 'POTENTIAL' when ${LAST_DAY} is not null then 'CHURNED' end)`;

const SORT_COLUMNS: Readonly<Record<string, string>> = {
  customerNo: 'c.customer_no',
  name: 'c.name',
  openDate: 'c.open_date',
  totalAsset: 'cl.total_asset',
  netAsset: 'cl.net_asset',
};

/** Ties go by customer number in the sort's direction, so one index serves both directions. */
function orderBy(sort: CustomerSort): { sql: string; needsLatest: boolean } {
  const key = sort.replace(/^-/, '');
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const column = SORT_COLUMNS[key] ?? SORT_COLUMNS.customerNo!;
  const tieBreak = key === 'customerNo' ? '' : `, c.customer_no ${direction}`;
  return { sql: `${column} ${direction}${tieBreak}`, needsLatest: key === 'totalAsset' || key === 'netAsset' };
}

/** A query of exactly four digits is also a mobile's last four (手机尾号): the digits a masked mobile shows. */
const MOBILE_LAST4 = /^\d{4}$/;

/**
 * `q` matches a customer-number prefix, a name containing it, exactly a mobile or ID number, or
 * (four digits) a mobile's last four — always inside the caller's scope, so a PII search never finds
 * a customer outside it. The last four are looked up through the expression index on
 * right(mobile, 4) (migration 0015), once per query, not compared row by row.
 */
function filterConditions(filter: CustomerListFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.q) {
    const pattern = `${bindParam(params, escapeLike(filter.q))}::text`;
    const exact = `${bindParam(params, filter.q)}::text`;
    const last4 = MOBILE_LAST4.test(filter.q)
      ? ` or c.customer_no in (select m4.customer_no from customers m4 where right(m4.mobile, 4) = ${exact})`
      : '';
    where.push(`(c.customer_no like ${pattern} || '%' or c.name like '%' || ${pattern} || '%' or c.mobile = ${exact} or c.id_no = ${exact}${last4})`);
  }
  if (filter.branch) where.push(`c.branch_code = ${bindParam(params, filter.branch)}`);
  if (filter.status) where.push(`c.status = ${bindParam(params, filter.status)}`);
  if (filter.openFrom) where.push(`c.open_date >= ${bindParam(params, filter.openFrom)}::date`);
  if (filter.openTo) where.push(`c.open_date <= ${bindParam(params, filter.openTo)}::date`);
  if (filter.tier) where.push(`cl.tier = ${bindParam(params, filter.tier)}`);
  if (filter.lifecycle) {
    // any lifecycle but POTENTIAL and CHURNED is that of the last day's row; those two also come without one
    const lifecycle = bindParam(params, filter.lifecycle);
    where.push(FALLBACK_LIFECYCLES.has(filter.lifecycle) ? `${LIFECYCLE} = ${lifecycle}` : `cl.lifecycle = ${lifecycle}`);
  }
  // customer_latest holds the total asset as the list shows it (rounded to 0.01), so a bound typed from the screen holds
  if (filter.minAsset) where.push(`cl.total_asset >= ${bindParam(params, filter.minAsset)}::numeric`);
  if (filter.maxAsset) where.push(`cl.total_asset <= ${bindParam(params, filter.maxAsset)}::numeric`);
  return where;
}

/** The lifecycles LIFECYCLE gives a customer without a row on the last imported day. */
const FALLBACK_LIFECYCLES: ReadonlySet<string> = new Set(['POTENTIAL', 'CHURNED']);

/** Whether the filters read customer_latest. */
function filtersOnLatest(filter: CustomerListFilter): boolean {
  return Boolean(filter.tier || filter.lifecycle || filter.minAsset || filter.maxAsset);
}

/**
 * 历史客户 (docs/decisions.md "History customers"): customers that were in the caller's scope and are
 * no longer, or that are closed. Per scope level, on day asOf:
 * - ALL: closed customers (status CLOSED);
 * - BRANCH: the branch's closed customers, and customers now in another branch that had a monthly
 *   summary row in this one (transferred out of the branch);
 * - TEAM / SELF: customers with a relationship that had started by asOf to a staff member now in the
 *   lead's team / to the caller's staff member, and that are either closed or no longer in the
 *   current scope (every such relationship has ended).
 * Fails closed exactly like customerScope: when that matches nothing, so does this.
 */
export function customerHistoryScope(user: ScopeSubject, opts: { alias: string; params: unknown[]; asOf: string }): string {
  const c = opts.alias;
  // The current scope decides first (fail closed, ALL); its parameters are bound only where it is used.
  const probe = customerScope(user, { alias: c, params: [], asOf: opts.asOf });
  if (probe === 'false') return 'false';
  if (probe === 'true') return `(${c}.status = 'CLOSED')`;
  const level = scopeLevelOf(user.role);
  const staff = bindParam(opts.params, user.staffNo);
  const own = (column: string) => `(select hist_staff.${column} from staff hist_staff where hist_staff.staff_no = ${staff} and hist_staff.status = 'ACTIVE')`;
  if (level === 'BRANCH') {
    const branch = own('branch_code');
    return `((${c}.branch_code = ${branch} and ${c}.status = 'CLOSED')
      or (${c}.branch_code <> ${branch} and exists (select 1 from sum_customer_monthly hist_month
            where hist_month.customer_no = ${c}.customer_no and hist_month.branch_code = ${branch})))`;
  }
  if (level !== 'TEAM' && level !== 'SELF') return 'false';
  const staffSet = level === 'TEAM' ? `(select hist_member.staff_no from staff hist_member where hist_member.team_code = ${own('team_code')})` : own('staff_no');
  const day = bindParam(opts.params, opts.asOf);
  const current = customerScope(user, { alias: c, params: opts.params, asOf: opts.asOf });
  return `(${c}.customer_no in (select hist_rel.customer_no from relationships hist_rel
            where hist_rel.staff_no in ${staffSet} and hist_rel.effective_from <= ${day}::date)
      and (${c}.status = 'CLOSED' or not ${current}))`;
}

function viewScope(user: ScopeSubject, asOf: string, filter: CustomerListFilter, params: unknown[]): string {
  return filter.view === 'history' ? customerHistoryScope(user, { alias: 'c', params, asOf }) : customerScope(user, { alias: 'c', params, asOf });
}

/**
 * The count (capped), estimate and page queries of the customer list. The page's keys are chosen
 * first (sorted, limited), and only those rows are then decorated with branch name, latest assets and
 * developing staff.
 */
export function customerListQueries(user: ScopeSubject, asOf: string, filter: CustomerListFilter): CustomerListQueries {
  const params: unknown[] = [];
  const where = matching(user, asOf, filter, params);
  // the count needs customer_latest only for a filter on it (every customer has a row)
  const counted = `from customers c ${filtersOnLatest(filter) ? `join ${LATEST}` : ''} where ${where}`;
  const count = {
    sql: `select count(*) as total from (select 1 ${counted} limit ${TOTAL_EXACT_UP_TO + 1}) capped`,
    params: [...params],
  };
  const estimate = { sql: `explain (format json) select 1 ${counted}`, params: [...params] };
  const limit = bindParam(params, filter.pageSize);
  const offset = bindParam(params, (filter.page - 1) * filter.pageSize);
  return { count, estimate, page: { sql: decoratedRows(user, asOf, filter, where, params, `limit ${limit} offset ${offset}`), params } };
}

/** Every row of the filtered list in its sort order, for the Excel export (read through a cursor). */
export function customerExportQuery(user: ScopeSubject, asOf: string, filter: CustomerListFilter): SqlQuery {
  const params: unknown[] = [];
  return { sql: decoratedRows(user, asOf, filter, matching(user, asOf, filter, params), params, ''), params };
}

/** The condition on customer `c` (and customer_latest `cl`) of the view's scope and the filters. */
function matching(user: ScopeSubject, asOf: string, filter: CustomerListFilter, params: unknown[]): string {
  return [viewScope(user, asOf, filter, params), ...filterConditions(filter, params)].join(' and ');
}

/**
 * The list rows of the keys matching `where`, sorted, within `limit`; the history view also says
 * whether each customer is still in the caller's current scope (its 360° view opens only then).
 */
function decoratedRows(user: ScopeSubject, asOf: string, filter: CustomerListFilter, where: string, params: unknown[], limit: string): string {
  const order = orderBy(filter.sort);
  const from = `from customers c ${filtersOnLatest(filter) || order.needsLatest ? `join ${LATEST}` : ''} where ${where}`;
  const day = bindParam(params, asOf);
  const inScope = filter.view === 'history' ? `, ${customerScope(user, { alias: 'c', params, asOf })} as "inScope"` : '';
  return `
    with page as (
      select c.customer_no, row_number() over (order by ${order.sql}) as position
        ${from}
       order by ${order.sql}
       ${limit}
    )
    select c.customer_no as "customerNo", c.name, c.customer_type as "customerType",
           c.branch_code as "branchCode", b.branch_name as "branchName",
           c.open_date as "openDate", c.close_date as "closeDate", c.status, c.risk_level as "riskLevel", c.mobile,
           coalesce(cl.total_asset, 0.00) as "totalAsset",
           coalesce(cl.net_asset, 0.00) as "netAsset",
           cl.tier, ${LIFECYCLE} as lifecycle,
           coalesce(developers.staff, '[]'::json) as "developStaff"${inScope}
      from page
      join customers c on c.customer_no = page.customer_no
      join branches b on b.branch_code = c.branch_code
      left join ${LATEST}
      left join lateral (
        select json_agg(json_build_object('staffNo', s.staff_no, 'name', s.name, 'weight', trim_scale(r.weight)::text)
                        order by r.weight desc, s.staff_no) as staff
          from relationships r join staff s on s.staff_no = r.staff_no
         where r.customer_no = c.customer_no and r.kind = 'DEVELOP' and ${relationshipEffectiveOn('r', day)}) developers on true
     order by page.position`;
}

// ---------------------------------------------------------------- the 360° view: $1 = customer_no

/** Customer row `c`'s latest state (migration 0003's view): tier and lifecycle as of the last imported trading day. */
const STATE_JOIN = 'left join customer_state cs on cs.customer_no = c.customer_no';

/** The customer's profile, if it is in scope; the scope predicate's parameters follow $1. */
export function profileQuery(user: ScopeSubject, asOf: string, customerNo: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [customerNo];
  const scope = customerScope(user, { alias: 'c', params, asOf });
  const sql = `
    select c.customer_no as "customerNo", c.name, c.customer_type as "customerType", c.id_type as "idType", c.id_no as "idNo",
           c.gender, c.birth_date as "birthDate", c.mobile, c.email, c.address,
           c.branch_code as "branchCode", b.branch_name as "branchName", c.open_date as "openDate", c.close_date as "closeDate",
           c.status, c.risk_level as "riskLevel", c.risk_assessed_on as "riskAssessedOn", c.investor_class as "investorClass",
           cs.tier, cs.lifecycle
      from customers c
      join branches b on b.branch_code = c.branch_code
      ${STATE_JOIN}
     where c.customer_no = $1 and ${scope}`;
  return { sql, params };
}

export const FUND_ACCOUNTS = `
  select fund_account as "fundAccount", account_kind as "accountKind", currency, open_date as "openDate",
         close_date as "closeDate", status, round(commission_rate, 6) as "commissionRate"
    from fund_accounts where customer_no = $1 order by open_date, fund_account`;

/** The configured tiers (setting `tiers`), highest bound first: the customer list's tier filter. */
export const CONFIGURED_TIERS = `select tr->>'name' as name from settings st, jsonb_array_elements(st.value) tr where st.key = 'tiers' order by (tr->>'min')::numeric desc`;

/** Brings customer_latest up to date (migrations 0053, 0060), in the caller's transaction: after the latest day's figures are final. */
export const REFRESH_CUSTOMER_LATEST = 'select refresh_customer_latest()';

/** The last trading day with data for the customer. */
export const LATEST_DAY = `select max(trade_date) as day from sum_customer_daily where customer_no = $1`;

// The sections below read the latest day: $2 = that day.

export const DAY_TOTALS = `
  select round(total_asset, 2) as "totalAsset", round(net_asset, 2) as "netAsset", round(debt, 2) as debt,
         round(cash_cny, 2) as cash, round(stock_value, 2) as "stockValue", round(fund_value, 2) as "fundValue",
         round(bond_value, 2) as "bondValue", round(other_value, 2) as "otherValue", round(product_value, 2) as "productValue"
    from sum_customer_daily where customer_no = $1 and trade_date = $2`;

export const ACCOUNT_ASSETS = `
  select a.fund_account as "fundAccount", a.currency, a.cash, a.stock_value as "stockValue", a.fund_value as "fundValue",
         a.bond_value as "bondValue", a.other_value as "otherValue", a.total_asset as "totalAsset", a.debt,
         round(d.total_asset_cny, 2) as "totalAssetCny"
    from fact_assets a
    left join sum_account_daily d on d.trade_date = a.trade_date and d.customer_no = a.customer_no and d.fund_account = a.fund_account
   where a.customer_no = $1 and a.trade_date = $2
   order by a.fund_account, a.currency`;

export const HOLDINGS = `
  select p.fund_account as "fundAccount", p.market, p.security_code as "securityCode", sec.name as "securityName",
         sec.security_class as "securityClass", trim_scale(p.quantity)::text as quantity, p.cost_amount as "costAmount",
         p.market_value as "marketValue"
    from fact_positions p
    left join securities sec on sec.market = p.market and sec.security_code = p.security_code
   where p.customer_no = $1 and p.trade_date = $2
   order by p.market_value desc, p.market, p.security_code, p.fund_account`;

export const PRODUCT_HOLDINGS = `
  select h.fund_account as "fundAccount", h.product_code as "productCode", pr.name as "productName",
         pr.product_type as "productType", pr.risk_level as "riskLevel", trim_scale(h.units)::text as units,
         h.market_value as "marketValue"
    from fact_product_holdings h
    left join products pr on pr.product_code = h.product_code
   where h.customer_no = $1 and h.trade_date = $2
   order by h.market_value desc, h.product_code, h.fund_account`;

/** 维持担保比例 = collateral ÷ (financing + lending + interest); null when nothing is owed. */
export const CREDIT_SUMMARY = `
  select sum(financing_debt) as "financingDebt", sum(lending_debt) as "lendingDebt",
         sum(interest_payable) as "interestPayable", sum(collateral_value) as "collateralValue",
         round(sum(collateral_value) / nullif(sum(financing_debt) + sum(lending_debt) + sum(interest_payable), 0), 6) as "maintenanceRatio"
    from fact_credit where customer_no = $1 and trade_date = $2
  having count(*) > 0`;

// Recent activity: the last 50 of each, newest first.

/**
 * The customer's ($1) last 50 rows of `table` (aliased `alias`) with the `columns` selected, newest
 * first by the `newestFirst` columns; with `securityName` the security's name is `sec.name`.
 */
function recentActivity(table: string, alias: string, newestFirst: readonly string[], securityName: boolean, columns: string): string {
  const security = securityName ? `\n    left join securities sec on sec.market = ${alias}.market and sec.security_code = ${alias}.security_code` : '';
  return `
  select ${columns}
    from ${table} ${alias}${security}
   where ${alias}.customer_no = $1
   order by ${newestFirst.map((column) => `${alias}.${column} desc`).join(', ')}
   limit 50`;
}

export const RECENT_TRADES = recentActivity('fact_trades', 't', ['trade_date', 'trade_time', 'trade_no'], true, `
         t.trade_date as "tradeDate", t.trade_time as "tradeTime", t.trade_no as "tradeNo", t.order_no as "orderNo",
         t.fund_account as "fundAccount", t.market, t.security_code as "securityCode", sec.name as "securityName", t.side,
         t.price, trim_scale(t.quantity)::text as quantity, t.amount, t.commission, t.stamp_duty as "stampDuty",
         t.transfer_fee as "transferFee", t.handling_fee as "handlingFee", t.regulatory_fee as "regulatoryFee", t.channel`);

export const RECENT_ORDERS = recentActivity('fact_orders', 'o', ['trade_date', 'order_time', 'order_no'], true, `
         o.trade_date as "tradeDate", o.order_time as "orderTime", o.order_no as "orderNo", o.fund_account as "fundAccount",
         o.market, o.security_code as "securityCode", sec.name as "securityName", o.side, o.price,
         trim_scale(o.quantity)::text as quantity, trim_scale(o.filled_quantity)::text as "filledQuantity", o.status, o.channel`);

export const RECENT_FLOWS = recentActivity('fact_fund_flows', 'f', ['trade_date', 'flow_time', 'flow_no'], false, `
         f.trade_date as "tradeDate", f.flow_time as "flowTime", f.flow_no as "flowNo", f.fund_account as "fundAccount",
         f.currency, f.flow_type as "flowType", f.amount`);

/** Relationships, current and past; $2 = the day that decides `effective`. */
export const RELATIONSHIPS = `
  select r.id, r.staff_no as "staffNo", s.name as "staffName", r.kind, trim_scale(r.weight)::text as weight,
         r.assessment_set as "assessmentSet", r.added_on as "addedOn", r.effective_from as "effectiveFrom",
         r.confirmed_on as "confirmedOn", r.ended_on as "endedOn", trim_scale(r.guaranteed_rate)::text as "guaranteedRate",
         ${relationshipEffectiveOn('r', '$2')} as effective
    from relationships r join staff s on s.staff_no = r.staff_no
   where r.customer_no = $1
   order by r.effective_from desc, r.id desc`;

export const MONTHLY_TREND = `
  select to_char(month, 'YYYY-MM') as month, round(asset_end, 2) as "assetEnd",
         round(volume, 2) as volume, round(commission, 2) as commission
    from sum_customer_monthly
   where customer_no = $1
   order by month`;

/** The customer's latest contacts (接触记录), newest first: the 360° view's section (the full timeline is /timeline). */
export const RECENT_CONTACTS = `
  select c.id::text as id, c.at, c.channel, c.summary, c.staff_no as "staffNo", s.name as "staffName",
         c.next_action as "nextAction", c.next_due_on as "nextDueOn", c.next_done_at is not null as "nextDone"
    from contacts c left join staff s on s.staff_no = c.staff_no
   where c.customer_no = $1
   order by c.at desc, c.id desc
   limit 10`;

/** The customer's latest alerts (异常监控), newest day first: the 360° view's section (all of them: /api/alerts?customerNo=). */
export const RECENT_ALERTS = `
  select a.id::text as id, a.rule, a.trade_date as date, a.status, a.withdrawn, a.evidence
    from alerts a
   where a.customer_no = $1
   order by a.trade_date desc, a.id desc
   limit 10`;

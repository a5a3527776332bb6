/**
 * Customer value (客户价值, RFM) and contribution (客户贡献), business-rules.md §6, as set-based SQL
 * over the day's figures (sum_customer_daily with the 250-trading-day window carried by migration
 * 0021) for the open customers in the caller's scope (access/scope.ts, relationships effective on
 * the day). Everything stays numeric; money leaves unrounded and is rounded where it is shown.
 *
 * The window is the last 250 imported trading days ending on the day (fewer early on):
 * - R: imported trading days after the last trade up to the day; never traded in the imported
 *   history → every imported trading day it was open (value.rules.ts `recency`)
 * - F: trade_days250; M: commission_fees250 − Σ sum_guaranteed_daily.guaranteed of the window's days
 * - high/low against the scope's averages, exactly: R·n ≤ ΣR, F·n ≥ ΣF, M·n ≥ ΣM
 * - contribution: M + cash_sum250 × cash spread % ÷ 25,000 + debt_sum250 × margin spread % ÷ 25,000
 *   + product_fee250 × share % − contacts of the window × cost by channel − staff cost (each related
 *   staff member's monthly cost × 12 × days ÷ 250 × the customer's weight ÷ the staff's total weight)
 */
import { bindParam, customerScope, relationshipEffectiveOn, type ScopeSubject } from '../access/scope.js';
import { SEGMENTS } from './value.rules.js';

export interface ValueQueryContext {
  user: ScopeSubject;
  /** The imported trading day (YYYY-MM-DD). */
  day: string;
  /** The business time zone: a contact belongs to the day of its time there. */
  timeZone: string;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}


const SEGMENT_CASE = `case ${SEGMENTS.map((s) => `when x.rl = '${s.r}' and x.fl = '${s.f}' and x.ml = '${s.m}' then '${s.code}'`).join(' ')} end`;

/**
 * The CTEs `cal`, `today` (dn: the day's index, days: the window's length, first_day), `base` (one
 * row per open customer in scope with r, f, m and the window sums), `totals` and `rfm` (levels and
 * segment). `day` and the scope's parameters are bound into `params`. `wholeDay`: every open customer
 * of the day is wanted (the labels' head-office figures), so the day's rows are read in one scan and
 * hashed against the customers rather than probed customer by customer (on a day just written, with
 * no statistics yet, the planner probes the 100,000 rows one by one: performance.md part I).
 */
function rfmCtes(ctx: ValueQueryContext, params: unknown[], wholeDay = false): string {
  const day = `${bindParam(params, ctx.day)}::date`;
  const scope = customerScope(ctx.user, { alias: 'c', params, asOf: ctx.day });
  const columns = `s.net_asset, s.tier, s.net_asset_sum20, s.days20, s.last_trade_date,
             s.trade_days250, s.commission_fees250, s.cash_sum250, s.debt_sum250, s.product_fee250`;
  const dayRows = wholeDay
    ? `day_rows as materialized (
      select c.customer_no, c.name, c.branch_code, c.open_date, ${columns}
        -- offset 0: the day's partition scanned once (not probed per customer)
        from (select s.customer_no, ${columns} from sum_customer_daily s where s.trade_date = ${day} and s.is_open offset 0) s
        join customers c on c.customer_no = s.customer_no
       where ${scope}
    ),`
    : `-- the scope first (a broker's few hundred customers are then read by key, HQ's by one scan)
    scoped as materialized (select c.customer_no, c.name, c.branch_code, c.open_date from customers c where ${scope}),
    day_rows as materialized (
      select sc.customer_no, sc.name, sc.branch_code, sc.open_date, ${columns}
        from scoped sc join sum_customer_daily s on s.trade_date = ${day} and s.customer_no = sc.customer_no
       where s.is_open
    ),`;
  return `
    cal as materialized (select trade_date, row_number() over (order by trade_date)::int as n from trading_days where trade_date <= ${day}),
    today as (
      select t.n as dn, least(t.n, 250) as days, (select w.trade_date from cal w where w.n = greatest(t.n - 249, 1)) as first_day
        from cal t where t.trade_date = ${day}
    ),
    ${dayRows}
    -- never traded: R counts the imported trading days from the first on or after the open date
    first_open as (
      select o.open_date, w.n
        from (select distinct d.open_date from day_rows d where d.last_trade_date is null) o
        cross join lateral (select min(t.trade_date) as first_day from trading_days t where t.trade_date >= o.open_date) f
        join cal w on w.trade_date = f.first_day
    ),
    guaranteed as (
      select g.customer_no, sum(g.guaranteed) as amount
        from sum_guaranteed_daily g cross join today
       where g.trade_date between today.first_day and ${day}
       group by g.customer_no
    ),
    base as (
      select d.customer_no, d.name, d.branch_code, d.net_asset, d.tier,
             d.net_asset_sum20 / greatest(d.days20, 1) as avg_net_asset,
             -- the day's index as a value (not a join with the one row of today: the planner put the 100,000 rows in a Materialize for it)
             case when d.last_trade_date is null then (select dn from today) - fo.n + 1 else (select dn from today) - lt.n end as r,
             d.trade_days250 as f,
             d.commission_fees250 - coalesce(g.amount, 0) as m,
             d.cash_sum250, d.debt_sum250, d.product_fee250
        from day_rows d
        left join cal lt on lt.trade_date = d.last_trade_date
        left join first_open fo on d.last_trade_date is null and fo.open_date = d.open_date
        left join guaranteed g on g.customer_no = d.customer_no
    ),
    totals as (select count(*)::int as n, coalesce(sum(r), 0) as sr, coalesce(sum(f), 0) as sf, coalesce(sum(m), 0) as sm from base),
    rfm as (
      select x.*, ${SEGMENT_CASE} as segment
        from (
          select b.*,
                 case when b.r * t.n <= t.sr then 'H' else 'L' end as rl,
                 case when b.f * t.n >= t.sf then 'H' else 'L' end as fl,
                 case when b.m * t.n >= t.sm then 'H' else 'L' end as ml
            from base b cross join totals t
        ) x
    )`;
}

/**
 * The scope's totals (n, ΣR, ΣF, ΣM) on every row, and per segment found: customers and Σ net asset
 * (one row with a null segment when the scope is empty).
 */
export function rfmSummaryQuery(ctx: ValueQueryContext): SqlQuery {
  const params: unknown[] = [];
  return {
    sql: `with ${rfmCtes(ctx, params)}
      select t.n, t.sr::text as sr, t.sf::text as sf, t.sm::text as sm, g.segment, g.customers, g.net_asset::text as "netAsset"
        from totals t
        left join (select segment, count(*)::int as customers, sum(net_asset) as net_asset from rfm group by segment) g on true`,
    params,
  };
}

/** The staff related to customer row `c` on the day: names, SERVICE first, heaviest first. */
function staffNamesSql(params: unknown[], day: string): string {
  const d = bindParam(params, day);
  return `(select string_agg(st.name, '、' order by r.kind desc, r.weight desc, st.staff_no)
             from relationships r join staff st on st.staff_no = r.staff_no
            where r.customer_no = c.customer_no and ${relationshipEffectiveOn('r', d)})`;
}

export interface RfmListFilter {
  segment?: string;
}

/** The RFM rows of the scope (optionally of one segment), M high to low; count and rows (`page` null: every row, for the export). */
export function rfmCustomerQueries(ctx: ValueQueryContext, filter: RfmListFilter, page: { page: number; pageSize: number } | null): { count: SqlQuery; rows: SqlQuery } {
  const build = (forCount: boolean): SqlQuery => {
    const params: unknown[] = [];
    const ctes = rfmCtes(ctx, params);
    const where = filter.segment ? `where x.segment = ${bindParam(params, filter.segment)}` : '';
    if (forCount) return { sql: `with ${ctes} select count(*)::int as total from rfm x ${where}`, params };
    const limit = page ? `limit ${bindParam(params, page.pageSize)} offset ${bindParam(params, (page.page - 1) * page.pageSize)}` : '';
    const staff = staffNamesSql(params, ctx.day);
    return {
      sql: `with ${ctes},
        chosen as (select x.*, count(*) over () as total from rfm x ${where} order by x.m desc, x.customer_no ${limit})
        select x.customer_no as "customerNo", x.name, x.branch_code as "branchCode", b.branch_name as "branchName",
               x.segment, x.r, x.f, x.m, x.rl as "rLevel", x.fl as "fLevel", x.ml as "mLevel",
               x.net_asset as "netAsset", x.tier, ${staff} as staff, x.total::int as "__total"
          from chosen x
          join customers c on c.customer_no = x.customer_no
          join branches b on b.branch_code = x.branch_code
         order by x.m desc, x.customer_no`,
      params,
    };
  };
  return { count: build(true), rows: build(false) };
}

/** One customer's RFM row against the scope's totals (none when it is not open on the day or not in scope). */
export function customerRfmQuery(ctx: ValueQueryContext, customerNo: string): SqlQuery {
  const params: unknown[] = [];
  const ctes = rfmCtes(ctx, params);
  return {
    sql: `with ${ctes} select x.r, x.f, x.m::text as m, x.rl as "rLevel", x.fl as "fLevel", x.ml as "mLevel", x.segment
            from rfm x where x.customer_no = ${bindParam(params, customerNo)}`,
    params,
  };
}

/**
 * The contribution CTEs after rfmCtes' (which they read: `base`, `today`): `rates` (the setting),
 * `contact_cost`, `staff_cost` and `contribution` (every part, the total and `flagged`, a large but
 * unprofitable account).
 */
function contributionCtes(ctx: ValueQueryContext, params: unknown[], withRfm = false): string {
  const day = `${bindParam(params, ctx.day)}::date`;
  const tz = bindParam(params, ctx.timeZone);
  return `
    setting as (select coalesce((select value from settings where key = 'contribution'), '{}'::jsonb) as v),
    rates as (
      select coalesce((v->>'cashSpreadPercent')::numeric, 0) as cash_pct, coalesce((v->>'marginSpreadPercent')::numeric, 0) as margin_pct,
             coalesce((v->>'productFeeSharePercent')::numeric, 0) as product_pct, coalesce((v->>'usePayslips')::boolean, false) as use_payslips,
             coalesce((v->>'largeTopTiers')::int, 1) as top_tiers, coalesce((v->>'lowContributionPercent')::numeric, 0) as low_pct,
             v->'contactCost' as contact_cost, v->'staffMonthlyCost' as staff_cost
        from setting
    ),
    large_tiers as (
      select tr->>'name' as name from settings st, jsonb_array_elements(st.value) tr
       where st.key = 'tiers' order by (tr->>'min')::numeric desc limit (select top_tiers from rates)
    ),
    contact_cost as (
      select k.customer_no, sum(coalesce((rates.contact_cost->>k.channel)::numeric, 0)) as amount, count(*)::int as contacts
        from contacts k join base b on b.customer_no = k.customer_no cross join today cross join rates
       where (k.at at time zone ${tz})::date between today.first_day and ${day}
       group by k.customer_no
    ),
    rel as (
      select r.customer_no, r.staff_no, r.weight from relationships r join base b on b.customer_no = r.customer_no
       where ${relationshipEffectiveOn('r', day)}
    ),
    staff_weight as (
      select r.staff_no, sum(r.weight) as w from relationships r
       where r.staff_no in (select staff_no from rel) and ${relationshipEffectiveOn('r', day)}
       group by r.staff_no
    ),
    staff_monthly as (
      select st.staff_no, coalesce(case when rates.use_payslips then ps.total end, (rates.staff_cost->>st.category)::numeric, 0) as monthly
        from staff st cross join rates
        left join lateral (select p.total from payslips p where p.staff_no = st.staff_no and p.month <= ${day} order by p.month desc limit 1) ps on true
       where st.staff_no in (select staff_no from staff_weight)
    ),
    staff_cost as (
      select rel.customer_no, sum(sm.monthly * rel.weight * 12 * today.days / (sw.w * 250)) as amount
        from rel join staff_weight sw on sw.staff_no = rel.staff_no join staff_monthly sm on sm.staff_no = rel.staff_no cross join today
       group by rel.customer_no
    ),
    parts as (
      select b.customer_no, b.name, b.branch_code, b.tier, b.net_asset, b.avg_net_asset,${withRfm ? ' b.r, b.segment,' : ''}
             b.m as net_commission,
             b.cash_sum250 * rates.cash_pct / 25000 as cash_spread,
             b.debt_sum250 * rates.margin_pct / 25000 as margin_interest,
             b.product_fee250 * rates.product_pct / 100 as product_fees,
             coalesce(cc.amount, 0) as contact_cost, coalesce(cc.contacts, 0) as contacts,
             coalesce(sc.amount, 0) as staff_cost, rates.low_pct
        from ${withRfm ? 'rfm' : 'base'} b cross join rates
        left join contact_cost cc on cc.customer_no = b.customer_no
        left join staff_cost sc on sc.customer_no = b.customer_no
    ),
    contribution as (
      select y.*, (y.tier in (select name from large_tiers) and y.contribution * 100 <= y.avg_net_asset * y.low_pct) as flagged
        from (
          select p.*, p.net_commission + p.cash_spread + p.margin_interest + p.product_fees - p.contact_cost - p.staff_cost as contribution
            from parts p
        ) y
    )`;
}

/**
 * The CTEs ending in `contribution` (every part, the total and `flagged`, and R, M as
 * `net_commission` and the RFM segment) of every customer open on `day`, against the whole
 * brokerage's averages (head-office scope), bound onto `params`: what the labels store at each
 * import (labels.sql.ts), so that a group's 价值分群, RFM M and 客户贡献 are the pages' at head-office
 * scope. One row per customer in one pass: the contribution is computed from `rfm`'s rows (no join of
 * the two afterwards), the day's rows read in one scan (rfmCtes `wholeDay`).
 */
export function brokerageValueCtes(day: string, timeZone: string, params: unknown[]): string {
  const ctx: ValueQueryContext = { user: { role: 'HQ' }, day, timeZone };
  return `${rfmCtes(ctx, params, true)}, ${contributionCtes(ctx, params, true)}`;
}

function contributionWith(ctx: ValueQueryContext, params: unknown[]): string {
  const rfm = rfmCtes(ctx, params);
  return `with ${rfm}, ${contributionCtes(ctx, params)}`;
}

/**
 * The scope's exact totals of every part and how many accounts are flagged (with their Σ 20-day
 * average net asset), on every row, and the scatter's points: at most `limit`, the flagged first,
 * then the largest 20-day average net asset (one row of totals with null points when the scope is
 * empty). One pass over the scope: `contribution` is read twice, so PostgreSQL materializes it once.
 */
export function contributionOverviewQuery(ctx: ValueQueryContext, limit: number): SqlQuery {
  const params: unknown[] = [];
  const ctes = contributionWith(ctx, params);
  return {
    sql: `${ctes},
      sums as (
        select count(*)::int as customers,
               coalesce(sum(net_commission), 0)::text as "netCommission", coalesce(sum(cash_spread), 0)::text as "cashSpread",
               coalesce(sum(margin_interest), 0)::text as "marginInterest", coalesce(sum(product_fees), 0)::text as "productFees",
               coalesce(sum(contact_cost), 0)::text as "contactCost", coalesce(sum(staff_cost), 0)::text as "staffCost",
               coalesce(sum(contribution), 0)::text as contribution,
               coalesce(sum(avg_net_asset), 0)::text as "avgNetAsset",
               (count(*) filter (where flagged))::int as flagged,
               coalesce(sum(avg_net_asset) filter (where flagged), 0)::text as "flaggedAvgNetAsset",
               coalesce(sum(contribution) filter (where flagged), 0)::text as "flaggedContribution"
          from contribution
      )
      select t.*, p.customer_no as "customerNo", p.name, round(p.avg_net_asset, 2)::text as "pointAsset",
             round(p.contribution, 2)::text as "pointContribution", p.flagged as "pointFlagged"
        from sums t
        left join lateral (
          select x.* from contribution x order by x.flagged desc, x.avg_net_asset desc, x.customer_no limit ${bindParam(params, limit)}
        ) p on true
       order by p.flagged desc, p.avg_net_asset desc, p.customer_no`,
    params,
  };
}

export const CONTRIBUTION_SORTS = ['contribution', '-contribution', 'avgNetAsset', '-avgNetAsset', 'netCommission', '-netCommission'] as const;
export type ContributionSort = (typeof CONTRIBUTION_SORTS)[number];

const SORT_COLUMNS: Readonly<Record<string, string>> = { contribution: 'x.contribution', avgNetAsset: 'x.avg_net_asset', netCommission: 'x.net_commission' };

function contributionOrder(sort: ContributionSort): string {
  const column = SORT_COLUMNS[sort.replace(/^-/, '')] ?? 'x.contribution';
  return `${column} ${sort.startsWith('-') ? 'desc' : 'asc'}, x.customer_no`;
}

export interface ContributionListFilter {
  flagged?: boolean;
  sort: ContributionSort;
}

/** The contribution rows with every part (only the flagged when asked); count and rows (`page` null: every row). */
export function contributionCustomerQueries(
  ctx: ValueQueryContext, filter: ContributionListFilter, page: { page: number; pageSize: number } | null,
): { count: SqlQuery; rows: SqlQuery } {
  const build = (forCount: boolean): SqlQuery => {
    const params: unknown[] = [];
    const ctes = contributionWith(ctx, params);
    const where = filter.flagged === undefined ? '' : `where x.flagged = ${bindParam(params, filter.flagged)}`;
    if (forCount) return { sql: `${ctes} select count(*)::int as total from contribution x ${where}`, params };
    const order = contributionOrder(filter.sort);
    const limit = page ? `limit ${bindParam(params, page.pageSize)} offset ${bindParam(params, (page.page - 1) * page.pageSize)}` : '';
    const staff = staffNamesSql(params, ctx.day);
    return {
      sql: `${ctes},
        chosen as (select x.*, row_number() over (order by ${order}) as position, count(*) over () as total from contribution x ${where} order by ${order} ${limit})
        select x.customer_no as "customerNo", x.name, x.branch_code as "branchCode", b.branch_name as "branchName", x.tier,
               x.net_asset as "netAsset", x.avg_net_asset as "avgNetAsset",
               x.net_commission as "netCommission", x.cash_spread as "cashSpread", x.margin_interest as "marginInterest",
               x.product_fees as "productFees", x.contacts, x.contact_cost as "contactCost", x.staff_cost as "staffCost",
               x.contribution, x.flagged, ${staff} as staff, x.total::int as "__total"
          from chosen x
          join customers c on c.customer_no = x.customer_no
          join branches b on b.branch_code = x.branch_code
         order by x.position`,
      params,
    };
  };
  return { count: build(true), rows: build(false) };
}

/** One customer's contribution row (none when it is not open on the day or not in scope). */
export function customerContributionQuery(ctx: ValueQueryContext, customerNo: string): SqlQuery {
  const params: unknown[] = [];
  const ctes = contributionWith(ctx, params);
  return {
    sql: `${ctes}
      select net_commission::text as "netCommission", cash_spread::text as "cashSpread", margin_interest::text as "marginInterest",
             product_fees::text as "productFees", contact_cost::text as "contactCost", staff_cost::text as "staffCost",
             contribution::text as contribution, flagged
        from contribution where customer_no = ${bindParam(params, customerNo)}`,
    params,
  };
}

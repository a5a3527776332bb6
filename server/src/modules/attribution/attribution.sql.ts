/**
 * Staff attribution figures (business-rules.md §2, §4.8), set-based: every customer figure of a
 * date is attributed to the DEVELOP relationships effective on that date (both ends inclusive),
 * multiplied by their weight — trades and flows on their trade date, balances on the day read
 * (0 when the customer is not open), an opening on the open date, a closing on the close date.
 * SERVICE relationships give no credit.
 */
import type pg from 'pg';
import { periodFiguresSql, relationshipPeriod } from '../../lib/periods.js';
import { withLocalSettings } from '../../lib/sql.js';

/**
 * Replaces the staff rows of the given trading days in one statement however many days (and the
 * guaranteed commission of those days per fund account, sum_guaranteed_daily):
 * balances and flows from sum_customer_daily (already in CNY), openings and closings from the
 * customers' open and close dates (a customer closed that day need not have a daily row). Rows
 * are first summed per day, staff member, weight and guaranteed rate, and multiplied by the
 * weight after that (Σ w·x = w·Σx: exact, and far fewer multiplications).
 */
export async function deriveStaffDays(client: pg.PoolClient, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  const sorted = [...new Set(days)].sort();
  const params = [sorted, sorted[0], sorted[sorted.length - 1]];
  await client.query(`delete from sum_staff_daily where trade_date = any($1::date[]) and trade_date between $2::date and $3::date`, params);
  // every trading day of the span (an org import, a run of days): no membership test on millions of rows
  const { rows: span } = await client.query<{ n: string }>(`select count(*) as n from trading_days where trade_date between $1::date and $2::date`, [params[1], params[2]]);
  const wholeSpan = Number(span[0]?.n) === sorted.length;
  // Inside an import the day's rows (and, after an org import, the relationships) are new and
  // have no statistics yet: the planner then expects a handful of rows and picks nested loops
  // and sorts that cost seconds over months of days. Hash joins and hash aggregates it is.
  await withLocalSettings(client, { enable_nestloop: 'off', enable_mergejoin: 'off', enable_sort: 'off' }, () => client.query(
    `with rel as materialized (
       select customer_no, staff_no, weight, effective_from, ended_on, confirmed_on, coalesce(guaranteed_rate, 0) as guaranteed_rate
       from relationships where kind = 'DEVELOP' and effective_from <= $3::date and (ended_on is null or ended_on >= $2::date)
     ),
     days as materialized (select trade_date from trading_days where trade_date = any($1::date[]) and trade_date between $2::date and $3::date),
     parts as (
       select s.trade_date, r.staff_no, r.weight, r.guaranteed_rate,
         count(*) filter (where s.is_open) as customers,
         count(*) filter (where s.is_open and r.confirmed_on <= s.trade_date) as valid_customers,
         0 as new_customers, 0 as closed_customers,
         sum(s.total_asset) filter (where s.is_open) as total_asset, sum(s.net_asset) filter (where s.is_open) as net_asset,
         sum(s.stock_value + s.fund_value + s.bond_value + s.other_value) filter (where s.is_open) as market_value,
         sum(s.cash_cny) filter (where s.is_open) as cash,
         sum(s.volume) as volume, sum(s.quantity) as quantity, sum(s.commission) as commission, sum(s.fees) as fees,
         sum(s.bank_in) as bank_in, sum(s.bank_out) as bank_out, sum(s.product_sales) as product_sales
       from sum_customer_daily s
       join rel r on r.customer_no = s.customer_no and r.effective_from <= s.trade_date and (r.ended_on is null or r.ended_on >= s.trade_date)
       where s.trade_date between $2::date and $3::date and ($4::boolean or s.trade_date in (select trade_date from days))
       group by s.trade_date, r.staff_no, r.weight, r.guaranteed_rate
       union all
       select d.trade_date, r.staff_no, r.weight, 0, 0, 0, sum(e.opened), sum(e.closed), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
       from customers c
       cross join lateral (values (c.open_date, 1, 0), (c.close_date, 0, 1)) as e(day, opened, closed)
       join days d on d.trade_date = e.day
       join rel r on r.customer_no = c.customer_no and r.effective_from <= d.trade_date and (r.ended_on is null or r.ended_on >= d.trade_date)
       group by d.trade_date, r.staff_no, r.weight
     )
     insert into sum_staff_daily (trade_date, staff_no, customers, valid_customers, new_customers, closed_customers, total_asset, net_asset,
       market_value, cash, volume, quantity, commission, fees, guaranteed_commission, bank_in, bank_out, product_sales)
     select trade_date, staff_no, sum(customers * weight), sum(valid_customers * weight), sum(new_customers * weight), sum(closed_customers * weight),
       coalesce(sum(total_asset * weight), 0), coalesce(sum(net_asset * weight), 0), coalesce(sum(market_value * weight), 0),
       coalesce(sum(cash * weight), 0), sum(volume * weight), sum(quantity * weight), sum(commission * weight), sum(fees * weight),
       sum(volume * guaranteed_rate * weight), sum(bank_in * weight), sum(bank_out * weight), sum(product_sales * weight)
     from parts
     group by trade_date, staff_no`,
    [...params, wholeSpan],
  ));
  // 保底佣金 per day and fund account. A few percent of the customers have a guaranteed rate: per day
  // and such relationship, an index read of the customer's accounts that day (pkey prefix, one
  // partition) — a shape fixed by the query, not left to the planner: inside an org import the
  // relationships have no statistics yet, and the plan it picked then (a scan of every partition's
  // whole index per relationship) did not finish in hours at 100,000 customers × 250 days.
  // The branch is the customer's branch that day, looked up per row.
  await client.query(`delete from sum_guaranteed_daily where trade_date = any($1::date[]) and trade_date between $2::date and $3::date`, params);
  await client.query(
    `insert into sum_guaranteed_daily (trade_date, customer_no, fund_account, branch_code, guaranteed)
     with d as materialized (
       select trade_date from trading_days where trade_date between $2::date and $3::date and ($4::boolean or trade_date = any($1::date[]))
     ),
     r as materialized (
       select customer_no, weight, guaranteed_rate, effective_from, ended_on from relationships
       where kind = 'DEVELOP' and guaranteed_rate > 0 and effective_from <= $3::date and (ended_on is null or ended_on >= $2::date)
     )
     select g.trade_date, g.customer_no, g.fund_account,
       (select s.branch_code from sum_customer_daily s where s.trade_date = g.trade_date and s.customer_no = g.customer_no), g.guaranteed
     from (
       select d.trade_date, r.customer_no, a.fund_account, sum(a.volume_cny * r.guaranteed_rate * r.weight) as guaranteed
       from d
       join r on r.effective_from <= d.trade_date and (r.ended_on is null or r.ended_on >= d.trade_date)
       cross join lateral (
         select a.fund_account, a.volume_cny from sum_account_daily a
         where a.trade_date = d.trade_date and a.customer_no = r.customer_no and a.volume_cny <> 0
         offset 0
       ) a
       group by d.trade_date, r.customer_no, a.fund_account
     ) g`,
    [...params, wholeSpan],
  );
}

/**
 * Replaces the staff months from \`fromMonth\` to \`toMonth\` (first days of months) from the staff
 * days: flows summed, balances and customer counts those of the month's last imported trading day
 * (0 for a staff member with no row that day), openings and closings summed. And the same months
 * by the customers' opening month (deriveStaffCohortMonths).
 */
export async function deriveStaffMonths(client: pg.PoolClient, fromMonth: string, toMonth: string): Promise<void> {
  await client.query(`delete from sum_staff_monthly where month between $1::date and $2::date`, [fromMonth, toMonth]);
  await deriveStaffCohortMonths(client, fromMonth, toMonth);
  await client.query(
    `with m as (
       select date_trunc('month', trade_date)::date as month, max(trade_date) as last_day from trading_days
       where trade_date >= $1::date and trade_date < ($2::date + interval '1 month')
       group by 1
     )
     insert into sum_staff_monthly (month, staff_no, month_end_date, customers, valid_customers, new_customers, closed_customers,
       total_asset, net_asset, market_value, cash, asset_sum, volume, quantity, commission, fees, guaranteed_commission,
       bank_in, bank_out, product_sales)
     select m.month, s.staff_no, m.last_day,
       coalesce(sum(s.customers) filter (where s.trade_date = m.last_day), 0),
       coalesce(sum(s.valid_customers) filter (where s.trade_date = m.last_day), 0),
       sum(s.new_customers), sum(s.closed_customers),
       coalesce(sum(s.total_asset) filter (where s.trade_date = m.last_day), 0),
       coalesce(sum(s.net_asset) filter (where s.trade_date = m.last_day), 0),
       coalesce(sum(s.market_value) filter (where s.trade_date = m.last_day), 0),
       coalesce(sum(s.cash) filter (where s.trade_date = m.last_day), 0),
       sum(s.total_asset), sum(s.volume), sum(s.quantity), sum(s.commission), sum(s.fees), sum(s.guaranteed_commission),
       sum(s.bank_in), sum(s.bank_out), sum(s.product_sales)
     from sum_staff_daily s join m on s.trade_date >= m.month and s.trade_date < m.month + interval '1 month'
     group by m.month, m.last_day, s.staff_no`,
    [fromMonth, toMonth],
  );
}

/**
 * Replaces the months from \`fromMonth\` to \`toMonth\` of sum_staff_cohort_monthly: per staff member,
 * opening month of the customers and month, the trades attributed through the DEVELOP
 * relationships effective on the trade date (× weight) and the balances of the month's last
 * imported trading day. A month a relationship covers whole is read from the customer's monthly
 * summary, a month it covers in part (it starts or ends in it) day by day; so a change of
 * relationship mid-month splits the month at its effective date, exactly as the staff days do.
 */
export async function deriveStaffCohortMonths(client: pg.PoolClient, fromMonth: string, toMonth: string): Promise<void> {
  await client.query(`delete from sum_staff_cohort_monthly where month between $1::date and $2::date`, [fromMonth, toMonth]);
  const { rows: months } = await client.query<{ month: string; last_day: string }>(
    `select date_trunc('month', trade_date)::date as month, max(trade_date) as last_day from trading_days
     where trade_date >= $1::date and trade_date < ($2::date + interval '1 month') group by 1 order by 1`,
    [fromMonth, toMonth],
  );
  if (months.length === 0) return;
  // JIT compilation (its estimate counts every partition of the per-relationship day reads) cost
  // 1.4 s of a 2.4 s month at 100,000 customers, and the sort of the parts spilled at 4 MB.
  // No nested loop but the per-relationship day reads (a lateral join has no other shape): inside an
  // org import the relationships have no statistics, nor has the newest month's partition before
  // autovacuum reaches it, and the planner, expecting a row or two of each, joined a month end's
  // 26,000 customers to the 27,000 relationships by a nested loop — 670 million comparisons, 5 to
  // 18 minutes of the demo's first start (decisions.md "Demo build: no full-page images while it
  // loads, no nested loop in the staff cohort months").
  const values: unknown[] = [fromMonth, toMonth, months.map((m) => m.month), months.map((m) => m.last_day)];
  const trades = periodFiguresSql({
    rows: 'mo cross join rel r', period: relationshipPeriod('r'), customer: 'r.customer_no', month: 'mo.month', columns: ['volume', 'commission'],
    select: (f) => `mo.month, r.staff_no, r.open_month, ${f}.volume * r.weight as volume, ${f}.commission * r.weight as commission, 0 as total_asset, 0 as market_value, 0 as cash`,
  });
  // each month end's balances with its day bound (one partition's rows), not a join over every day
  const balances = months.map((m) => {
    values.push(m.month, m.last_day);
    const month = `$${values.length - 1}::date`;
    const day = `$${values.length}::date`;
    return `
       select ${month} as month, r.staff_no, r.open_month, 0 as volume, 0 as commission, s.total_asset * r.weight as total_asset,
         (s.stock_value + s.fund_value + s.bond_value + s.other_value) * r.weight as market_value, s.cash_cny * r.weight as cash
       from sum_customer_daily s
       join rel r on r.customer_no = s.customer_no and r.effective_from <= ${day} and (r.ended_on is null or r.ended_on >= ${day})
       where s.trade_date = ${day} and s.is_open`;
  });
  await withLocalSettings(client, { jit: 'off', work_mem: '64MB', enable_nestloop: 'off' }, () => client.query(
    `with mo as materialized (select * from unnest($3::date[], $4::date[]) as mo(month, last_day)),
     rel as materialized (
       select r.customer_no, r.staff_no, r.weight, r.effective_from, r.ended_on, date_trunc('month', c.open_date)::date as open_month
       from relationships r join customers c on c.customer_no = r.customer_no
       where r.kind = 'DEVELOP' and r.effective_from < ($2::date + interval '1 month') and (r.ended_on is null or r.ended_on >= $1::date)
     ),
     parts as (
       -- the trades of each month by the relationships effective on the trade date: a month the
       -- relationship covers whole from the customer's monthly summary, else its days
       ${trades}
       union all
       -- balances of the month end, by the relationships effective that day
       ${balances.join('\n       union all')}
     )
     insert into sum_staff_cohort_monthly (month, staff_no, open_month, month_end_date, total_asset, market_value, cash, volume, commission)
     select p.month, p.staff_no, p.open_month, mo.last_day, sum(p.total_asset), sum(p.market_value), sum(p.cash), sum(p.volume), sum(p.commission)
     from parts p join mo on mo.month = p.month
     group by p.month, p.staff_no, p.open_month, mo.last_day`,
    values,
  ));
}

/**
 * Confirmation (有效确认, business-rules.md §2): a relationship without a confirmed date gets the
 * first month end on or after its effective date (and not after its end) at which the customer is
 * valid — month-end net asset ≥ settings validCustomer.minNetAsset, or at least one trade that
 * month. Only complete months count (a later trading day is imported); the month end is the
 * month's last imported trading day. Reads sum_customer_monthly.
 *
 * Considers the complete months ending on or after the trading day before \`since\` (earlier
 * months were considered when they completed), for the relationships without a date and those
 * this rule confirmed at a month end of \`since\`'s month or later (which a corrected day may move
 * or withdraw; a loaded date is never touched). Writes only what changes; returns the dates
 * whose confirmations changed (old and new).
 */
export async function confirmRelationships(client: pg.PoolClient, since: string): Promise<string[]> {
  const { rows } = await client.query<{ day: string }>(
    `with complete as materialized (
       select date_trunc('month', trade_date)::date as month, max(trade_date) as last_day from trading_days group by 1
       having max(trade_date) < (select max(trade_date) from trading_days)
          and max(trade_date) >= coalesce((select max(trade_date) from trading_days where trade_date < $1::date), '-infinity'::date)
     ),
     candidates as materialized (
       select r.customer_no, r.id, r.effective_from, r.ended_on, r.confirmed_on as current, rc.confirmed_on as by_rule
       from relationships r
       left join relationship_confirmations rc on rc.customer_no = r.customer_no and rc.relationship_id = r.id
       where r.confirmed_on is null or (rc.confirmed_on = r.confirmed_on and rc.confirmed_on >= date_trunc('month', $1::date)::date)
     ),
     first_valid as (
       select distinct on (k.customer_no, k.id) k.customer_no, k.id, c.last_day
       from candidates k
       join complete c on k.effective_from <= c.last_day and (k.ended_on is null or k.ended_on >= c.last_day)
       join sum_customer_monthly s on s.month = c.month and s.customer_no = k.customer_no
       where s.trade_count > 0 or s.net_asset_end >= (select (value->>'minNetAsset')::numeric from settings where key = 'validCustomer')
       order by k.customer_no, k.id, c.last_day
     ),
     changed as materialized (
       select k.customer_no, k.id, k.current, k.by_rule, f.last_day as next
       from candidates k left join first_valid f on f.customer_no = k.customer_no and f.id = k.id
       where k.current is distinct from f.last_day
     ),
     updated as (
       update relationships r set confirmed_on = c.next from changed c where r.customer_no = c.customer_no and r.id = c.id
     ),
     withdrawn as (
       delete from relationship_confirmations rc using changed c
       where c.next is null and rc.customer_no = c.customer_no and rc.relationship_id = c.id
     ),
     recorded as (
       insert into relationship_confirmations (customer_no, relationship_id, confirmed_on)
       select customer_no, id, next from changed where next is not null
       on conflict (customer_no, relationship_id) do update set confirmed_on = excluded.confirmed_on
     )
     select distinct day from changed, lateral (values (current), (next)) as v(day) where day is not null`,
    [since],
  );
  return rows.map((r) => r.day);
}

/** The imported trading days on or after \`from\`. */
export async function tradingDaysFrom(client: pg.PoolClient, from: string): Promise<string[]> {
  const { rows } = await client.query<{ trade_date: string }>(`select trade_date from trading_days where trade_date >= $1::date order by 1`, [from]);
  return rows.map((r) => r.trade_date);
}

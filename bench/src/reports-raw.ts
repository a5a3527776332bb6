/**
 * The reference answers of the reports benchmark: for each report, one SQL query straight over the
 * raw facts (fact_assets, fact_trades, fact_fund_flows, fact_product_trades, with customers,
 * fund_accounts, trading_days' day rates and, for the staff reports, relationships and staff),
 * not over the summary tables the reports read. Each gives the report's rows under the report's
 * row keys, so that the two answers can be compared.
 *
 * The same text runs on PostgreSQL and on DuckDB (over the same tables exported to Parquet); the
 * few differences of dialect go through `Dialect`. Parameters are inlined as literals: they are
 * dates, codes and numbers made by the benchmark itself, never input.
 */
import { monthBounds } from '../../server/src/lib/dates.js';

export interface Dialect {
  name: 'postgres' | 'duckdb';
  /** A date expression as 'YYYY-MM'. */
  month(expr: string): string;
}

export const POSTGRES: Dialect = { name: 'postgres', month: (e) => `to_char(${e}, 'YYYY-MM')` };
export const DUCKDB: Dialect = { name: 'duckdb', month: (e) => `strftime(${e}, '%Y-%m')` };

export interface RawScope {
  /** A predicate over `customers c` (the report's customerScope): 'true' or the branch. */
  customer: (alias: string) => string;
  /** A predicate over `staff st` (the report's staffScope). */
  staff: (alias: string) => string;
}

export function branchScope(branch: string | null): RawScope {
  if (branch === null) return { customer: () => 'true', staff: () => 'true' };
  return { customer: (a) => `${a}.branch_code = ${lit(branch)}`, staff: (a) => `${a}.branch_code = ${lit(branch)}` };
}

export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
const day = (d: string) => `${lit(d)}::date`;

/** The day's rate of each currency, for every trading day (a currency without a rate that day has no row, as in the importer). */
const FX = `fx as (
  select trade_date, 'CNY' as currency, cast(1 as decimal(18,6)) as rate from trading_days
  union all select trade_date, 'USD', usd_rate from trading_days where usd_rate is not null
  union all select trade_date, 'HKD', hkd_rate from trading_days where hkd_rate is not null)`;

/** Open on `d`: opened on or before it and not closed by then (the summaries' is_open). */
const openOn = (c: string, d: string) => `(${c}.open_date <= ${d} and (${c}.close_date is null or ${c}.close_date > ${d}))`;
const effectiveOn = (r: string, d: string) => `(${r}.effective_from <= ${d} and (${r}.ended_on is null or ${r}.ended_on >= ${d}))`;

/** Trades of the customers in `cs` (a CTE with customer_no) in [from, untilExclusive), converted to CNY at the account's currency. */
function tradesCny(cs: string, from: string, untilExclusive: string): string {
  return `select t.trade_date, t.customer_no, t.amount * fx.rate as vol, t.quantity as qty, t.commission * fx.rate as com,
           (t.handling_fee + t.regulatory_fee) * fx.rate as fee
      from fact_trades t
      join ${cs} on ${cs}.customer_no = t.customer_no
      join fund_accounts f on f.fund_account = t.fund_account
      join fx on fx.trade_date = t.trade_date and fx.currency = f.currency
     where t.trade_date >= ${from} and t.trade_date < ${untilExclusive}`;
}

export interface RawParams {
  [key: string]: string | number | undefined;
}

export type RawQuery = (p: RawParams, scope: RawScope, d: Dialect, tiers: { name: string; min: string }[]) => string;

const s = (p: RawParams, k: string) => String(p[k]);
const nextMonth = (month: string) => monthBounds(month).next;

export const RAW: Record<string, RawQuery> = {
  'customer-assets': (p, scope) => {
    const from = day(s(p, 'from'));
    const to = day(s(p, 'to'));
    return `with ${FX},
      n as (select count(*) as n from trading_days where trade_date between ${from} and ${to}),
      cs as (select c.customer_no, c.name, c.open_date, c.close_date from customers c
              where c.open_date between ${day(s(p, 'openFrom'))} and ${day(s(p, 'openTo'))} and ${scope.customer('c')}),
      a as (select a.customer_no, sum(a.total_asset * fx.rate) as asset
              from fact_assets a join cs on cs.customer_no = a.customer_no
              join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
             where a.trade_date between ${from} and ${to} and ${openOn('cs', 'a.trade_date')}
             group by a.customer_no),
      v as (select x.customer_no, sum(x.vol) as volume from (${tradesCny('cs', from, `(${to} + 1)`)}) x group by x.customer_no)
      select cs.customer_no as "customerNo", cs.name, cs.open_date as "openDate", n.n as "tradingDays",
             coalesce(a.asset, 0) as "assetSum", coalesce(coalesce(a.asset, 0) / nullif(n.n, 0), 0) as "assetAvg",
             coalesce(v.volume, 0) as "volumeSum", coalesce(coalesce(v.volume, 0) / nullif(n.n, 0), 0) as "volumeAvg"
        from cs cross join n
        left join a on a.customer_no = cs.customer_no
        left join v on v.customer_no = cs.customer_no
       order by cs.customer_no`;
  },

  'commission-rate': (p, scope, d) => {
    const first = day(`${s(p, 'monthFrom')}-01`);
    const until = day(nextMonth(s(p, 'monthTo')));
    return `with ${FX},
      cs as (select c.customer_no from customers c where ${scope.customer('c')}),
      x as (${tradesCny('cs', first, until)})
      select x.customer_no as "customerNo", (select c.name from customers c where c.customer_no = x.customer_no) as name,
             ${d.month('x.trade_date')} as month, sum(x.vol) as volume, sum(x.com) as commission,
             sum(x.com) / sum(x.vol) as rate
        from x
       group by x.customer_no, ${d.month('x.trade_date')}
      having sum(x.vol) > 0
       order by 1, 3`;
  },

  'asset-extremes': (p, scope) => {
    const from = day(s(p, 'from'));
    const to = day(s(p, 'to'));
    return `with ${FX},
      cs as (select c.customer_no, c.open_date, c.close_date from customers c
              where ${scope.customer('c')} and c.open_date <= ${to} and (c.close_date is null or c.close_date > ${from})),
      days as (select trade_date from trading_days where trade_date between ${from} and ${to}),
      da as (select a.customer_no, a.trade_date, sum(a.total_asset * fx.rate) as asset
               from fact_assets a join cs on cs.customer_no = a.customer_no
               join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
              where a.trade_date between ${from} and ${to}
              group by a.customer_no, a.trade_date),
      x as (select cs.customer_no, days.trade_date, coalesce(da.asset, 0) as asset
              from cs join days on ${openOn('cs', 'days.trade_date')}
              left join da on da.customer_no = cs.customer_no and da.trade_date = days.trade_date)
      select x.customer_no as "customerNo", (select c.name from customers c where c.customer_no = x.customer_no) as name, max(x.asset) as "maxAsset",
             (array_agg(x.trade_date order by x.asset desc, x.trade_date))[1] as "maxDate",
             min(x.asset) as "minAsset",
             (array_agg(x.trade_date order by x.asset, x.trade_date))[1] as "minDate"
        from x
       group by x.customer_no
       order by x.customer_no`;
  },

  'trading-stats': (p, scope, d) => {
    const first = day(`${s(p, 'monthFrom')}-01`);
    const until = day(nextMonth(s(p, 'monthTo')));
    return `with ${FX},
      cs as (select c.customer_no, c.branch_code from customers c where ${scope.customer('c')}),
      tr as (select x.*, cs.branch_code from (${tradesCny('cs', first, until)}) x join cs on cs.customer_no = x.customer_no),
      base as (select ${d.month('tr.trade_date')} as month, tr.branch_code as key, sum(tr.vol) as volume, sum(tr.qty) as quantity,
                      sum(tr.com) as commission, sum(tr.fee) as fees
                 from tr group by 1, 2),
      daily as (select tr.trade_date, tr.customer_no, tr.branch_code, sum(tr.vol) as vol from tr group by 1, 2, 3),
      g as (select ${d.month('daily.trade_date')} as month, daily.branch_code as key, sum(daily.vol * r.guaranteed_rate * r.weight) as guaranteed
              from daily join relationships r on r.customer_no = daily.customer_no and r.kind = 'DEVELOP' and r.guaranteed_rate > 0
               and ${effectiveOn('r', 'daily.trade_date')}
             where daily.vol <> 0
             group by 1, 2)
      select b.month, b.key, (select br.branch_name from branches br where br.branch_code = b.key) as "keyName",
             b.volume, b.quantity, b.commission, b.fees, coalesce(g.guaranteed, 0) as guaranteed,
             b.commission - b.fees - coalesce(g.guaranteed, 0) as "netCommission"
        from base b left join g on g.month = b.month and g.key = b.key
       order by b.month, b.key`;
  },

  'customer-ranking': (p, scope) => {
    const from = day(s(p, 'from'));
    const to = day(s(p, 'to'));
    const measure = { volume: 't.volume', commission: 't.commission', netCommission: 't.net' }[s(p, 'by')] ?? 't.volume';
    return `with ${FX},
      cs as (select c.customer_no from customers c where ${scope.customer('c')}),
      tr as (${tradesCny('cs', from, `(${to} + 1)`)}),
      totals as (select customer_no, sum(vol) as volume, sum(com) as commission, sum(fee) as fees from tr group by 1 having sum(vol) > 0),
      daily as (select trade_date, customer_no, sum(vol) as vol from tr group by 1, 2),
      g as (select daily.customer_no, sum(daily.vol * r.guaranteed_rate * r.weight) as guaranteed
              from daily join relationships r on r.customer_no = daily.customer_no and r.kind = 'DEVELOP' and r.guaranteed_rate > 0
               and ${effectiveOn('r', 'daily.trade_date')}
             where daily.vol <> 0 group by 1),
      t as (select totals.*, totals.commission - totals.fees - coalesce(g.guaranteed, 0) as net
              from totals left join g on g.customer_no = totals.customer_no)
      select row_number() over (order by ${measure} desc, t.customer_no) as rank, t.customer_no as "customerNo", c.name,
             t.volume, t.commission, t.net as "netCommission"
        from t join customers c on c.customer_no = t.customer_no
       order by ${measure} desc, t.customer_no
       limit ${Number(p.limit)}`;
  },

  'tier-distribution': (p, scope, _d, tiers) => {
    const on = day(s(p, 'date'));
    const values = tiers.map((t, i) => `(${lit(t.name)}, cast(${t.min} as decimal(28,6)), ${i + 1})`).join(', ');
    return `with ${FX},
      tiers(name, min, ord) as (values ${values}),
      w as (select trade_date from trading_days where trade_date <= ${on} order by trade_date desc limit 20),
      n as (select count(*) as n from w),
      cs as (select c.customer_no, c.open_date, c.close_date from customers c where ${scope.customer('c')} and ${openOn('c', on)}),
      na as (select a.customer_no, a.trade_date, sum((a.total_asset - a.debt) * fx.rate) as net, sum(a.total_asset * fx.rate) as total
               from fact_assets a join cs on cs.customer_no = a.customer_no
               join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
              where a.trade_date in (select trade_date from w) and ${openOn('cs', 'a.trade_date')}
              group by 1, 2),
      per as (select cs.customer_no, coalesce(sum(na.net), 0) as s20, coalesce(sum(na.total) filter (where na.trade_date = ${on}), 0) as total
                from cs left join na on na.customer_no = cs.customer_no group by cs.customer_no),
      cls as (select per.total, (select t.name from tiers t where per.s20 / n.n >= t.min order by t.min desc limit 1) as tier
                from per cross join n)
      select cls.tier, count(*) as customers, sum(cls.total) as asset
        from cls left join tiers t on t.name = cls.tier
       group by cls.tier, t.ord
       order by t.ord nulls last, cls.tier`;
  },

  'asset-trend': (p, scope, d) => {
    return `with ${FX},
      me as (select max(trade_date) as day from trading_days group by date_trunc('month', trade_date) order by day desc limit ${Number(p.months)}),
      opened as (select me.day, c.customer_no from me join customers c on ${openOn('c', 'me.day')} where ${scope.customer('c')}),
      a as (select a.trade_date, sum(a.total_asset * fx.rate) as asset
              from fact_assets a join opened o on o.customer_no = a.customer_no and o.day = a.trade_date
              join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
             where a.trade_date in (select day from me)
             group by a.trade_date),
      k as (select day, count(*) as customers from opened group by day)
      select ${d.month('me.day')} as month, coalesce(k.customers, 0) as customers, coalesce(a.asset, 0) as asset
        from me left join k on k.day = me.day left join a on a.trade_date = me.day
       order by me.day`;
  },

  'staff-monthly': (p, scope) => {
    const m1 = day(`${s(p, 'month')}-01`);
    const m2 = day(nextMonth(s(p, 'month')));
    return `with ${FX},
      days as (select trade_date from trading_days where trade_date >= ${m1} and trade_date < ${m2}),
      e as (select max(trade_date) as day from days),
      rel as (select r.customer_no, r.staff_no, r.weight, r.effective_from, r.ended_on, r.confirmed_on, coalesce(r.guaranteed_rate, 0) as g,
                     c.open_date, c.close_date
                from relationships r join staff st on st.staff_no = r.staff_no join customers c on c.customer_no = r.customer_no
               where r.kind = 'DEVELOP' and ${scope.staff('st')} and r.effective_from < ${m2} and (r.ended_on is null or r.ended_on >= ${m1})),
      cs as (select distinct customer_no from rel),
      ab as (select a.customer_no, sum(a.total_asset * fx.rate) as total
               from fact_assets a join cs on cs.customer_no = a.customer_no
               join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
              where a.trade_date = (select day from e) group by 1),
      bal as (select rel.staff_no, sum(rel.weight) as customers,
                     coalesce(sum(rel.weight) filter (where rel.confirmed_on <= e.day), 0) as valid,
                     sum(coalesce(ab.total, 0) * rel.weight) as asset
                from rel cross join e left join ab on ab.customer_no = rel.customer_no
               where ${openOn('rel', 'e.day')} and ${effectiveOn('rel', 'e.day')}
               group by rel.staff_no),
      events as (select rel.staff_no, coalesce(sum(rel.weight) filter (where x.kind = 'open'), 0) as opened, count(*) as n
                   from rel cross join (values ('open'), ('close')) as x(kind)
                   join days on days.trade_date = case when x.kind = 'open' then rel.open_date else rel.close_date end
                  where ${effectiveOn('rel', 'days.trade_date')}
                  group by rel.staff_no),
      present as (select distinct rel.staff_no from rel join days on ${openOn('rel', 'days.trade_date')} and ${effectiveOn('rel', 'days.trade_date')}),
      cd as (
        select x.customer_no, x.trade_date, sum(x.vol) as vol, sum(x.com) as com, sum(x.fee) as fee, sum(x.inflow) as inflow, sum(x.sales) as sales
          from (
            select t.customer_no, t.trade_date, t.vol, t.com, t.fee, 0 as inflow, 0 as sales from (${tradesCny('cs', m1, m2)}) t
            union all
            select w.customer_no, w.trade_date, 0, 0, 0,
                   case w.flow_type when 'BANK_IN' then w.amount * fx.rate when 'BANK_OUT' then -w.amount * fx.rate else 0 end, 0
              from fact_fund_flows w join cs on cs.customer_no = w.customer_no
              join fx on fx.trade_date = w.trade_date and fx.currency = w.currency
             where w.trade_date >= ${m1} and w.trade_date < ${m2} and w.flow_type in ('BANK_IN', 'BANK_OUT')
            union all
            select pt.customer_no, pt.trade_date, 0, 0, 0, 0, pt.amount * fx.rate
              from fact_product_trades pt join cs on cs.customer_no = pt.customer_no
              join fund_accounts f on f.fund_account = pt.fund_account
              join fx on fx.trade_date = pt.trade_date and fx.currency = f.currency
             where pt.trade_date >= ${m1} and pt.trade_date < ${m2} and pt.txn_type in ('SUBSCRIBE', 'PURCHASE')
          ) x
         group by 1, 2),
      fl as (select rel.staff_no, sum(cd.vol * rel.weight) as volume, sum(cd.com * rel.weight) as commission,
                    sum(cd.fee * rel.weight) as fees, sum(cd.vol * rel.g * rel.weight) as guaranteed,
                    sum(cd.inflow * rel.weight) as inflow, sum(cd.sales * rel.weight) as sales
               from cd join rel on rel.customer_no = cd.customer_no and ${effectiveOn('rel', 'cd.trade_date')}
              group by rel.staff_no),
      staff_rows as (select staff_no from present union select staff_no from events union select staff_no from fl)
      select sr.staff_no as "staffNo", coalesce(bal.customers, 0) as customers, coalesce(bal.valid, 0) as "validCustomers",
             coalesce(events.opened, 0) as "newCustomers", coalesce(bal.asset, 0) as "monthEndAsset",
             coalesce(fl.inflow, 0) as "netInflow", coalesce(fl.volume, 0) as volume, coalesce(fl.commission, 0) as commission,
             coalesce(fl.commission, 0) - coalesce(fl.fees, 0) - coalesce(fl.guaranteed, 0) as "netCommission",
             coalesce(fl.sales, 0) as "productSales"
        from staff_rows sr
        left join bal on bal.staff_no = sr.staff_no
        left join events on events.staff_no = sr.staff_no
        left join fl on fl.staff_no = sr.staff_no
       order by sr.staff_no`;
  },

  'team-marketing': (p, scope) => {
    const openFrom = day(s(p, 'openFrom'));
    const openTo = day(s(p, 'openTo'));
    const first = day(`${s(p, 'monthFrom')}-01`);
    const until = day(nextMonth(s(p, 'monthTo')));
    const monthToFirst = day(`${s(p, 'monthTo')}-01`);
    const member = p.team !== undefined ? `st.team_code = ${lit(s(p, 'team'))}` : `st.branch_code = ${lit(s(p, 'branch'))}`;
    const inPeriod = `(x.open_date >= ${openFrom})`;
    return `with ${FX},
      members as (select st.staff_no, st.name from staff st where st.status = 'ACTIVE' and ${member} and ${scope.staff('st')}),
      rel as (select r.customer_no, r.staff_no, r.weight, r.effective_from, r.ended_on, c.open_date, c.close_date
                from relationships r join members mb on mb.staff_no = r.staff_no join customers c on c.customer_no = r.customer_no
               where r.kind = 'DEVELOP' and c.open_date <= ${openTo}),
      cs as (select distinct customer_no from rel),
      tr as (select t.customer_no, t.trade_date, sum(t.vol) as vol, sum(t.com) as com
               from (${tradesCny('cs', "'1900-01-01'::date", until)}) t group by 1, 2),
      trade_sums as (
        select x.staff_no,
               sum(x.vol * x.weight) filter (where ${inPeriod} and x.trade_date >= ${first}) as period_volume,
               sum(x.com * x.weight) filter (where ${inPeriod} and x.trade_date >= ${first}) as period_commission,
               sum(x.vol * x.weight) as cum_volume, sum(x.com * x.weight) as cum_commission
          from (select rel.staff_no, rel.open_date, rel.weight, tr.trade_date, tr.vol, tr.com
                  from tr join rel on rel.customer_no = tr.customer_no and ${effectiveOn('rel', 'tr.trade_date')}) x
         group by x.staff_no),
      e as (select max(trade_date) as day from trading_days where trade_date >= ${monthToFirst} and trade_date < ${until}),
      ab as (select a.customer_no, sum(a.total_asset * fx.rate) as total,
                    sum((a.stock_value + a.fund_value + a.bond_value + a.other_value) * fx.rate) as mv, sum(a.cash * fx.rate) as cash
               from fact_assets a join cs on cs.customer_no = a.customer_no
               join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
              where a.trade_date = (select day from e) group by 1),
      balances as (
        select x.staff_no,
               sum(x.total) filter (where ${inPeriod}) as period_asset, sum(x.mv) filter (where ${inPeriod}) as period_market_value,
               sum(x.cash) filter (where ${inPeriod}) as period_cash,
               sum(x.total) as cum_asset, sum(x.mv) as cum_market_value, sum(x.cash) as cum_cash
          from (select rel.staff_no, rel.open_date, ab.total * rel.weight as total, ab.mv * rel.weight as mv, ab.cash * rel.weight as cash
                  from rel cross join e join ab on ab.customer_no = rel.customer_no
                 where ${openOn('rel', 'e.day')} and ${effectiveOn('rel', 'e.day')}) x
         group by x.staff_no),
      events as (
        select x.staff_no,
               sum(x.weight) filter (where x.kind = 'open' and ${inPeriod}) as period_opened,
               sum(x.weight) filter (where x.kind = 'close' and x.day >= ${openFrom}) as period_closed,
               sum(x.weight) filter (where x.kind = 'open') as cum_opened,
               sum(x.weight) filter (where x.kind = 'close') as cum_closed
          from (select rel.staff_no, rel.open_date, rel.weight, ev.kind, ev.day
                  from rel cross join lateral (values ('open', rel.open_date), ('close', rel.close_date)) as ev(kind, day)
                 where ev.day <= ${openTo} and ${effectiveOn('rel', 'ev.day')}) x
         group by x.staff_no)
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
       order by mb.staff_no`;
  },

  'relationship-assets': (p, scope) => {
    const on = day(s(p, 'date'));
    return `with ${FX},
      rel as (select r.customer_no, r.staff_no, r.weight, c.open_date
                from relationships r join customers c on c.customer_no = r.customer_no join staff st on st.staff_no = r.staff_no
               where r.kind = 'DEVELOP' and ${effectiveOn('r', on)} and ${openOn('c', on)} and ${scope.customer('c')} and ${scope.staff('st')}),
      cs as (select distinct customer_no from rel),
      ad as (select a.customer_no, sum(a.stock_value * fx.rate) as stock, sum(a.fund_value * fx.rate) as fund,
                    sum(a.bond_value * fx.rate) as bond, sum(a.other_value * fx.rate) as other,
                    coalesce(sum(a.cash) filter (where a.currency = 'CNY'), 0) as cny, coalesce(sum(a.cash) filter (where a.currency = 'USD'), 0) as usd,
                    coalesce(sum(a.cash) filter (where a.currency = 'HKD'), 0) as hkd, sum(a.total_asset * fx.rate) as total
               from fact_assets a join cs on cs.customer_no = a.customer_no
               join fx on fx.trade_date = a.trade_date and fx.currency = a.currency
              where a.trade_date = ${on} group by 1),
      td as (select t.customer_no, sum(t.com) as com from (${tradesCny('cs', on, `(${on} + 1)`)}) t group by 1)
      select rel.customer_no as "customerNo", rel.staff_no as "staffNo", rel.open_date as "openDate",
             coalesce(ad.stock, 0) * rel.weight as "stockValue", coalesce(ad.fund, 0) * rel.weight as "fundValue",
             coalesce(ad.bond, 0) * rel.weight as "bondValue", coalesce(ad.other, 0) * rel.weight as "otherValue",
             coalesce(ad.cny, 0) * rel.weight as "cashCny", coalesce(ad.usd, 0) * rel.weight as "cashUsd",
             coalesce(ad.hkd, 0) * rel.weight as "cashHkd", coalesce(ad.total, 0) * rel.weight as "totalAsset",
             coalesce(td.com, 0) * rel.weight as commission
        from rel left join ad on ad.customer_no = rel.customer_no left join td on td.customer_no = rel.customer_no
       order by rel.customer_no, rel.staff_no`;
  },
};

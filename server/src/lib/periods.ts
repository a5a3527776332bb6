/**
 * How the figures of a period of days are read from the summary tables, written once for every
 * reader: the period's whole calendar months from the monthly table (sum_customer_monthly, with
 * its running totals *_cum, migration 0014), the days of the months it takes only in part (the
 * edge days) from the daily table (sum_customer_daily). So a read costs two edge months of days
 * at most, however long the period.
 *
 * - A period given as constants (a report's [from, to]): `periodParts` decides its whole months
 *   and edge-day ranges before the query, so each read has tight bounds of its own (an index range
 *   and only the partitions it needs); `periodRowsSql` reads them (customer-assets, asset extremes,
 *   customer ranking).
 * - A period per row (a relationship's [effective_from, ended_on]): `periodFiguresSql` reads, for
 *   each row, the months it covers whole and the days of the months it covers in part (the staff
 *   cohort months, team-marketing), so that a change of relationship mid-month splits the month at
 *   its effective date.
 *
 * A period [from, to] (both inclusive) takes a month whole when from ≤ the month's first day and to ≥
 * its last day; only the months of `from` and of `to` can be taken in part. A reading strategy, not
 * a business rule: it lives in lib/ (imports nothing from modules/) because both the figures
 * derivation (attribution) and the reports use it.
 */
import { addDays, monthBounds } from './dates.js';
import { bindParam } from './sql.js';

// ---------------------------------------------------------------- a period given as constants

export interface PeriodParts {
  /** The whole months [fullFrom, fullUntil), as first days; none when fullFrom ≥ fullUntil. */
  fullFrom: string;
  fullUntil: string;
  /** The edge days, as half-open ranges [first, until). */
  dayRanges: [string, string][];
}

/**
 * How the period [from, to] (YYYY-MM-DD, both inclusive) is read: its whole calendar months from the
 * monthly summary, and the days outside them, as half-open ranges, from the daily summary.
 */
export function periodParts(from: string, to: string): PeriodParts {
  const after = addDays(to, 1);
  const fullFrom = from.endsWith('-01') ? from : monthBounds(from.slice(0, 7)).next;
  const fullUntil = `${after.slice(0, 7)}-01`;
  if (fullFrom >= fullUntil) return { fullFrom, fullUntil, dayRanges: from < after ? [[from, after]] : [] };
  const dayRanges: [string, string][] = [];
  if (from < fullFrom) dayRanges.push([from, fullFrom]);
  if (fullUntil < after) dayRanges.push([fullUntil, after]);
  return { fullFrom, fullUntil, dayRanges };
}

/**
 * The daily rows of the days [first, until) in the columns of `periodRowsSql` (one day read as a
 * month of that day alone); only customer `customer`'s (an SQL expression, e.g. a lateral reference)
 * when given. Binds its own parameters onto `values`.
 */
export function dayRowsSql(values: unknown[], first: string, until: string, customer?: string): string {
  return `
    select s.customer_no, case when s.is_open then s.total_asset else 0 end as asset, s.volume, s.commission, s.fees,
           case when s.is_open then s.total_asset end as max_asset, case when s.is_open then s.trade_date end as max_date,
           case when s.is_open then s.total_asset end as min_asset, case when s.is_open then s.trade_date end as min_date
      from sum_customer_daily s
     where s.trade_date >= ${bindParam(values, first)}::date and s.trade_date < ${bindParam(values, until)}::date${customer ? ` and s.customer_no = ${customer}` : ''}`;
}

/**
 * Per customer, rows whose sums over the period [from, to] are the period's figures: asset
 * (Σ daily total asset, 0 on days not open), volume, commission, fees, and candidates for the
 * highest/lowest asset with their earliest dates (null when not open); only customer `customer`'s
 * (an SQL expression) when given. Binds its own parameters.
 */
export function periodRowsSql(values: unknown[], from: string, to: string, customer?: string): string {
  const parts = periodParts(from, to);
  const reads: string[] = [];
  if (parts.fullFrom < parts.fullUntil) {
    reads.push(`
    select m.customer_no, m.asset_sum as asset, m.volume, m.commission, m.fees,
           m.max_asset, m.max_date, m.min_asset, m.min_date
      from sum_customer_monthly m
     where m.month >= ${bindParam(values, parts.fullFrom)}::date and m.month < ${bindParam(values, parts.fullUntil)}::date${customer ? ` and m.customer_no = ${customer}` : ''}`);
  }
  for (const [first, until] of parts.dayRanges) reads.push(dayRowsSql(values, first, until, customer));
  if (!reads.length) {
    reads.push(`
    select null::text as customer_no, 0::numeric as asset, 0::numeric as volume, 0::numeric as commission, 0::numeric as fees,
           null::numeric as max_asset, null::date as max_date, null::numeric as min_asset, null::date as min_date where false`);
  }
  return reads.join('\n    union all');
}

// ---------------------------------------------------------------- a period per row

/** A period of days as SQL date expressions of a row, both ends inclusive; `to` may be null (open-ended). */
export interface SqlPeriod {
  from: string;
  to: string;
}

/** The period of a relationship row `r`: [effective_from, ended_on] (business-rules.md §2). */
export function relationshipPeriod(r: string): SqlPeriod {
  return { from: `${r}.effective_from`, to: `${r}.ended_on` };
}

/** The last day of the month whose first day is the SQL date expression `month`. */
export function monthEndSql(month: string): string {
  return `((${month} + interval '1 month')::date - 1)`;
}

/** Period `p` holds every day of the month whose first day is `month` (an SQL date expression): read it from the monthly summary. */
export function coversMonthSql(p: SqlPeriod, month: string): string {
  return `(${p.from} <= ${month} and (${p.to} is null or ${p.to} >= ${monthEndSql(month)}))`;
}

/** Period `p` holds at least one day of the month whose first day is `month`. */
export function overlapsMonthSql(p: SqlPeriod, month: string): string {
  return `${p.from} <= ${monthEndSql(month)} and (${p.to} is null or ${p.to} >= ${month})`;
}

/** The day `day` (an SQL date expression, e.g. an indexed column) is one of period `p`'s days of the month `month`. */
export function monthDaysSql(p: SqlPeriod, month: string, day: string): string {
  return `${day} >= greatest(${month}, ${p.from}) and ${day} <= least(${monthEndSql(month)}, coalesce(${p.to}, 'infinity'::date))`;
}

/** The months period `p` takes in part (of `from`, of `to`; at most two), as a lateral subquery of one column `month`. */
export function partMonthsSql(p: SqlPeriod): string {
  const first = `date_trunc('month', ${p.from})::date`;
  return `(
            select e.month from (values (${first}), (nullif(date_trunc('month', ${p.to})::date, ${first}))) as e(month)
             where e.month is not null and not ${coversMonthSql(p, 'e.month')}
          )`;
}

export interface PeriodFigures {
  /** The FROM items yielding one row per period (and per month, with `month`). */
  rows: string;
  /** The period of each row. */
  period: SqlPeriod;
  /** The customer whose figures each row reads (an SQL expression). */
  customer: string;
  /**
   * Only the month whose first day is this SQL expression (of `rows`, which then pair each period
   * with the months to read): the month from the monthly summary when the period covers it whole,
   * else the period's days of it. Without it, every month of the period.
   */
  month?: string;
  /** Only the months and days before this day (an SQL date expression). */
  before?: string;
  /** The columns of the figures row the select list reads (both summaries have them). */
  columns: readonly string[];
  /**
   * The select list, given the alias of the figures row (a monthly or a daily row: both carry the
   * `columns`) and the SQL expression of its day (the month's first day, or the trade date).
   */
  select: (figures: string, day: string) => string;
  /** Keep only the daily rows that pass this condition on alias `s` (e.g. the days with trades). */
  dayFilter?: string;
}

/**
 * Per row of `rows`, its period's figures: the months the period covers whole from
 * sum_customer_monthly (alias `m`), the days of the months it covers in part from
 * sum_customer_daily (alias `s`, one index range per row and month: `offset 0` keeps each a
 * per-row probe rather than a join of every daily row). A `union all` of the two reads in the
 * shape of `select`.
 */
export function periodFiguresSql(o: PeriodFigures): string {
  const p = o.period;
  const before = (day: string) => (o.before ? ` and ${day} < ${o.before}` : '');
  const dayColumns = ['trade_date', ...o.columns.filter((c) => c !== 'trade_date')].map((c) => `d.${c}`).join(', ');
  const whole = o.month
    ? `
       select ${o.select('m', 'm.month')}
         from ${o.rows}
         join sum_customer_monthly m on m.month = ${o.month} and m.customer_no = ${o.customer}${before('m.month')}
        where ${coversMonthSql(p, o.month)}`
    : `
       select ${o.select('m', 'm.month')}
         from ${o.rows}
         join sum_customer_monthly m on m.customer_no = ${o.customer}${before('m.month')} and ${coversMonthSql(p, 'm.month')}`;
  const partMonth = o.month ?? 'e.month';
  const days = `
       select ${o.select('s', 's.trade_date')}
         from ${o.rows}
         ${o.month ? '' : `cross join lateral ${partMonthsSql(p)} e\n         `}cross join lateral (
           select ${dayColumns} from sum_customer_daily d
            where d.customer_no = ${o.customer} and ${monthDaysSql(p, partMonth, 'd.trade_date')}${before('d.trade_date')}
           offset 0
         ) s`;
  const dayWhere = [...(o.month ? [`${overlapsMonthSql(p, o.month)} and not ${coversMonthSql(p, o.month)}`] : []), ...(o.dayFilter ? [o.dayFilter] : [])];
  return `${whole}
       union all${days}${dayWhere.length ? `\n        where ${dayWhere.join(' and ')}` : ''}`;
}

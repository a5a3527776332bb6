/**
 * The churn warning's queries (流失预警, business-rules.md §7): the raw figures of the features as of
 * cut-off days (one range scan of sum_customer_daily over the 21 imported trading days ending on each),
 * the churn events of the imported history (the labels), the writing of a day's scores with the
 * CHURN_RISK lifecycle and alerts that follow, and the reads of the model page and the score list.
 */
import type { RawFigures } from './churn.rules.js';
import { writeFiredAlerts } from '../monitoring/monitoring.sql.js';
import { bindParam, customerScope, relationshipEffectiveOn, servingOrder, type ScopeSubject } from '../access/scope.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** The raw figures of one customer on a cut-off day. */
export interface RawFeatureRow extends RawFigures {
  day: string;
  customerNo: string;
}

/**
 * $1 cut-off days (date[]), $2 the business time zone: per cut-off day D, every customer open on D and
 * not churned on D (no churned_on carried on D's row), with the figures of the 21 imported trading days
 * D−20 … D as D's row carries them (migrations 0021, 0025, 0057: the windows' sums, the net asset 5 and
 * 20 days before — 0 on a day not open or without a row, null before the window) and the days since its last contact recorded on or before D. One row per
 * customer and cut-off, read by key: the nightly scoring read the 21 days' rows (2.1 million at 100,000
 * customers) and grouped them, 3.4 of its 7 s.
 */
export const RAW_FEATURES_ANY_ORDER = `
  select s.trade_date::text as day, s.customer_no as "customerNo",
         -- float8, not numeric: the features are ratios and trends
         s.net_asset::float8 as na0, s.net_asset_before5::float8 as na5, s.net_asset_before20::float8 as na20,
         s.bank_out_sum20::float8 as out20, s.bank_out_sum5::float8 as out5, s.bank_in_sum20::float8 as in20,
         s.trade_days10 as td10, s.trade_days20 - s.trade_days10 as "tdPrev10",
         s.volume_sum10::float8 as vol10, (s.volume_sum20 - s.volume_sum10)::float8 as "volPrev10", s.commission_sum20::float8 as comm20,
         (s.trade_date - coalesce(s.last_trade_date, c.open_date))::int as "daysSinceTrade",
         -- the last contact on or before D (in the business time zone), looked up only for a customer with a contact:
         -- one probe of contacts_customer_at_idx each (a join to an aggregate of every contact went quadratic on a
         -- fresh load; a probe for every row cost 0.45 s at 100,000 customers)
         case when kc.customer_no is not null then (s.trade_date - (
           select (x.at at time zone $2)::date from contacts x
            where x.customer_no = s.customer_no and x.at < ((s.trade_date + 1)::timestamp at time zone $2)
            order by x.at desc limit 1))::int end as "daysSinceContact",
         (s.trade_date - c.open_date)::int as "tenureDays",
         case when c.customer_type = 'P' and c.birth_date is not null then extract(year from age(s.trade_date, c.birth_date))::int end as age,
         s.total_asset::float8 as "totalAsset", s.cash_cny::float8 as cash, s.debt::float8 as debt, s.product_value::float8 as product,
         (s.net_asset_sum20 / greatest(s.days20, 1))::float8 as "avgNa20"
    from sum_customer_daily s
    join customers c on c.customer_no = s.customer_no
    left join (select distinct customer_no from contacts) kc on kc.customer_no = s.customer_no
   where s.trade_date = any($1::date[]) and s.is_open and s.churned_on is null`;

/**
 * RAW_FEATURES_ANY_ORDER by cut-off day and customer: what a training reads, so that the same history
 * always gives the examples in the same order. The nightly scoring reads them in any order: each row is
 * scored on its own, and the merge of the parallel workers' sorted rows cost 0.2–0.3 s of ~1.2 s at
 * 100,000 customers.
 */
export const RAW_FEATURES = `${RAW_FEATURES_ANY_ORDER} order by s.trade_date, s.customer_no`;

/**
 * The churn events of the imported history (the labels): per customer, each day a churn by outflow
 * begins (churned_on) and the day its account closed.
 */
export const CHURN_EVENTS = `
  select customer_no as "customerNo", day::text as day from (
    select customer_no, churned_on as day from sum_customer_daily where churned_on is not null
    union
    select customer_no, close_date from customers where close_date is not null
  ) e order by 1, 2`;

/** The churn setting: the threshold and the horizon (defaults of business-rules.md §7). */
export const CHURN_SETTING = `
  select coalesce(value->>'threshold', '0.5') as threshold, coalesce((value->>'horizonDays')::int, 40) as "horizonDays"
    from (select (select value from settings where key = 'churn') as value) s`;

/** $1 day, $2 n: the n imported trading days ending on the day, newest first. */
export const WINDOW_DAYS = `select trade_date::text as day from trading_days where trade_date <= $1::date order by trade_date desc limit $2`;

/** How many trading days are imported. */
export const DAYS_IMPORTED = `select count(*)::int as n from trading_days`;

/** The imported trading days, oldest first. */
export const TRADING_DAYS = `select trade_date::text as day from trading_days order by trade_date`;

/** The active model (the newest trained one with a tree). */
export const ACTIVE_MODEL = `
  select id::text as id, trained_at as "trainedAt", horizon_days as "horizonDays", features, tree, importance, metrics,
         train_cutoffs::text[] as "trainCutoffs", test_cutoffs::text[] as "testCutoffs"
    from churn_models where active`;

/** The newest training, with or without a tree (the model page's "why no model"). */
export const LATEST_TRAINING = `
  select id::text as id, trained_at as "trainedAt", horizon_days as "horizonDays", features, importance, metrics, no_model_reason as "noModelReason",
         train_cutoffs::text[] as "trainCutoffs", test_cutoffs::text[] as "testCutoffs", active, history_from::text as "historyFrom", history_to::text as "historyTo"
    from churn_models order by trained_at desc, id desc limit 1`;

/** $1 by, $2 horizon, $3 from, $4 to, $5 train cut-offs, $6 test cut-offs, $7 metrics, $8 features, $9 tree, $10 importance, $11 reason. */
export const INSERT_MODEL = `
  insert into churn_models (trained_by, horizon_days, history_from, history_to, train_cutoffs, test_cutoffs, metrics, features, tree, importance, no_model_reason, active)
  values ($1, $2, $3, $4, $5::date[], $6::date[], $7, $8::text[], $9, $10, $11, $9::jsonb is not null)
  returning id::text as id`;

/** Before a new model becomes active. */
export const DEACTIVATE_MODELS = `update churn_models set active = false where active`;

/** $1 day: the previous scored day (an imported trading day: a removed day's scores do not count). */
export const PREVIOUS_SCORED_DAY = `
  select max(t.trade_date)::text as day from trading_days t
   where t.trade_date < $1::date and exists (select 1 from churn_scores s where s.trade_date = t.trade_date)`;

/**
 * $1 the latest day: what scoring left on later days, which were removed since (crm day remove) —
 * their scores go, and their CHURN_RISK alerts go when nobody acted on them, else stay withdrawn.
 */
export const FORGET_LATER_DAYS = `
  with scores as (delete from churn_scores where trade_date > $1::date returning 1),
  gone as (
    select a.customer_no, a.id, a.status = 'NEW' and not exists (select 1 from alert_history h where h.customer_no = a.customer_no and h.alert_id = a.id) as untouched
      from alerts a where a.trade_date > $1::date and a.rule = 'CHURN_RISK'
  ),
  deleted as (delete from alerts a using gone g where a.customer_no = g.customer_no and a.id = g.id and g.untouched returning 1),
  withdrawn as (
    update alerts a set withdrawn = true, updated_at = now()
      from gone g where a.customer_no = g.customer_no and a.id = g.id and not g.untouched and not a.withdrawn returning 1
  )
  select (select count(*) from scores)::int as scores, (select count(*) from deleted)::int as deleted, (select count(*) from withdrawn)::int as withdrawn`;

/** $1 day: before the day's scores are written again. */
export const DELETE_SCORES = `delete from churn_scores where trade_date = $1::date`;

/**
 * The day's scores, COPY'd in text format: customer_no, trade_date, score, reasons (JSON, the short form of churn.rules.ts compactReasons), model_id
 * (the trained model that scored them; \N, null, for the experience rules).
 */
export const COPY_SCORES = `copy churn_scores (customer_no, trade_date, score, reasons, model_id) from stdin`;

/** The scorer of a churn_scores row (alias s): RULES (经验模型, no model) or MODEL (a trained model). */
export const SCORER_SQL = `case when s.model_id is null then 'RULES' else 'MODEL' end`;

/** $1 day: the scorer of the day's scores (null: the day is not scored). */
export const SCORER_OF_DAY = `select ${SCORER_SQL} as scorer from churn_scores s where s.trade_date = $1::date limit 1`;


/**
 * $1 day, $2 threshold, $3 the previous scored day (null: none): the CHURN_RISK alerts of the day —
 * the customers whose score is at or above the threshold today and was below it or absent on the
 * previous scored day. One that fires is inserted or keeps its id, status and history with refreshed
 * evidence; one of the day that no longer fires is deleted when nobody acted on it, else withdrawn
 * (as monitoring.sql.ts DERIVE_ALERTS does for the other rules).
 */
export const DERIVE_CHURN_ALERTS = writeFiredAlerts(
  `fired as (
    select s.customer_no, 'CHURN_RISK' as rule, s.trade_date,
           jsonb_strip_nulls(jsonb_build_object('score', trim_scale(round(s.score, 4))::text, 'threshold', trim_scale($2::numeric)::text, 'scorer', ${SCORER_SQL},
             'previousDay', $3::text, 'previousScore', trim_scale(round(p.score, 4))::text,
             'reasons', (select string_agg(coalesce(r->>'r', r->>'f', r->>'code', r->>'feature'), ' ') from jsonb_array_elements(s.reasons) r))) as evidence
      from churn_scores s
      left join churn_scores p on p.customer_no = s.customer_no and p.trade_date = $3::date
     where s.trade_date = $1::date and s.score >= $2::numeric and (p.score is null or p.score < $2::numeric)
  )`,
  `a.trade_date = $1::date and a.rule = 'CHURN_RISK'`,
);

/** A scored customer as the list reads it. */
export interface ScoreRow {
  customerNo: string;
  customerName: string;
  branchCode: string;
  branchName: string;
  date: string;
  score: string;
  scorer: 'RULES' | 'MODEL';
  reasons: unknown;
  lifecycle: string | null;
  netAsset: string | null;
  staffNo: string | null;
  staffName: string | null;
}

export interface ScoreFilter {
  minScore?: string;
  customerNo?: string;
}

/**
 * The scores of day `day` of the customers in the caller's scope on `asOf`, highest first, with the
 * serving staff (SERVICE, else the heaviest DEVELOP relationship effective on the day).
 */
export function scoreQueries(user: ScopeSubject, asOf: string, day: string, filter: ScoreFilter, page?: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [day];
  const where = [`s.trade_date = $1::date`, customerScope(user, { alias: 'c', params, asOf })];
  if (filter.minScore !== undefined) where.push(`s.score >= ${bindParam(params, filter.minScore)}::numeric`);
  if (filter.customerNo) where.push(`s.customer_no = ${bindParam(params, filter.customerNo)}`);
  const condition = where.join(' and ');
  const rowParams = [...params];
  const limit = page ? ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}` : '';
  const from = `from churn_scores s join customers c on c.customer_no = s.customer_no`;
  return {
    count: { sql: `select count(*)::int as total ${from} where ${condition}`, params },
    rows: {
      sql: `select s.customer_no as "customerNo", c.name as "customerName", c.branch_code as "branchCode", b.branch_name as "branchName", s.trade_date::text as date,
                   trim_scale(s.score)::text as score, ${SCORER_SQL} as scorer, s.reasons, d.lifecycle, round(d.net_asset, 2)::text as "netAsset",
                   o.staff_no as "staffNo", o.name as "staffName"
              ${from}
              join branches b on b.branch_code = c.branch_code
              left join sum_customer_daily d on d.trade_date = s.trade_date and d.customer_no = s.customer_no
              left join lateral (
                select r.staff_no, st.name from relationships r join staff st on st.staff_no = r.staff_no
                 where r.customer_no = s.customer_no and ${relationshipEffectiveOn('r', 's.trade_date')}
                 order by ${servingOrder('r')} limit 1
              ) o on true
             where ${condition}
             order by s.score desc, s.customer_no${limit}`,
      params: rowParams,
    },
  };
}

/** The latest scored day (an imported trading day). */
export const LATEST_SCORED_DAY = `
  select max(t.trade_date)::text as day from trading_days t where exists (select 1 from churn_scores s where s.trade_date = t.trade_date)`;

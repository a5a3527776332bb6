/**
 * Customer intelligence (business-rules.md §6, §7, issue 12): what is derived for the latest
 * imported trading day once its figures are, in the same transaction — the churn scores (and the
 * CHURN_RISK lifecycle and alerts that follow from them), the customers' labels and the saved
 * customer groups' member counts. Called by the import (a new day or a correction: the latest
 * day's carried figures may change either way), by the removal of a day, and once at the end of
 * the first-start demo load.
 */
import type pg from 'pg';
import { LOCKS } from '../../db/locks.js';
import { profiled } from '../../lib/profile.js';
import { withLocalSettings } from '../../lib/sql.js';
import { scoreChurn, trainChurnModel, type TrainResult } from '../churn/churn.service.js';
import { FORGET_LATER_DAYS } from '../churn/churn.sql.js';
import { refreshGroups, refreshLabels } from '../labels/labels.service.js';
import { refreshKycScoresOfDay } from '../kyc/kyc.service.js';
import { REFRESH_CUSTOMER_LATEST } from '../customers/customers.sql.js';

/**
 * No imported trading day is left (the last one was removed, `crm day remove`): nothing derived from a
 * day may stay — every churn score (and the CHURN_RISK alerts nobody acted on; acted-on ones stay,
 * withdrawn), every customer's labels, every group's members and count history; the groups keep
 * their filters, with no members and no refresh day until the next import.
 */
async function forgetIntelligence(client: pg.PoolClient): Promise<void> {
  await client.query(FORGET_LATER_DAYS, ['-infinity']);
  await client.query(`delete from customer_label_facts`);
  await client.query(`delete from customer_label_day`);
  await client.query(`delete from customer_group_members`);
  await client.query(`delete from customer_group_branch_counts`);
  await client.query(`delete from customer_group_counts`);
  await client.query(`update customer_groups set members = 0, refreshed_on = null where members <> 0 or refreshed_on is not null`);
}

/** The tables whose partition of the day deriveIntelligenceOf analyzes first, with the columns its plans need. */
const DAY_STATISTICS: readonly (readonly [string, string])[] = [
  ['sum_customer_daily', 'trade_date, customer_no, branch_code, is_open, net_asset, total_asset, trade_count, last_trade_date, lifecycle, tier, churned_on'],
  ['fact_positions', 'trade_date, customer_no, fund_account, market, security_code, market_value'],
];

/**
 * Derives the intelligence of the latest imported trading day, then the latest state the customer
 * list and the 360° view read (refreshLatestState), in the caller's transaction; returns how many
 * customers of it were scored.
 */
export async function deriveIntelligence(client: pg.PoolClient): Promise<{ scored: number }> {
  const { rows } = await client.query<{ day: string | null }>(`select max(trade_date)::text as day from trading_days`);
  const day = rows[0]?.day;
  if (!day) {
    await forgetIntelligence(client);
    await refreshLatestState(client, null);
    return { scored: 0 };
  }
  const derived = await deriveIntelligenceOf(client, day);
  await refreshLatestState(client, day);
  return derived;
}

/**
 * The intelligence of `day`, the latest imported trading day (what issue 12's bar measures: churn
 * scores, labels and groups; the alerts are derived by the import beside it): the churn scores with
 * the CHURN_RISK lifecycle and crossing alerts they give, every customer's labels, every saved
 * group's members. Each step reads the figures of `day` (sum_customer_daily) and what the steps
 * before it wrote.
 */
export async function deriveIntelligenceOf(client: pg.PoolClient, day: string): Promise<{ scored: number }> {
  // Fresh statistics for the day's partitions of sum_customer_daily and fact_positions first: their rows were
  // written in this transaction (or the bulk load just before), and with the statistics of a partition that
  // held no such day the planner estimates a handful of rows — it joined the day's customers by nested loops
  // (the churn features then ran for minutes instead of ~2 s on the demo) and sorted the day's 144,000
  // positions twice for the labels' holdings where it now hashes them (0.5–0.8 s less at 100,000 customers,
  // performance.md "Session of 2026-12-07 (night, lead)").
  // Only the columns the plans of the steps below filter, join or group on (every column: 0.8–1.3 s at
  // 100,000 customers; these: ~0.5 s; the rest get theirs from autovacuum's ANALYZE later), from a sample
  // of 3,000 rows instead of 30,000 (statistics target 10 for this ANALYZE only; its backend CPU at 100,000
  // customers 270 → 30 ms, the steps after it unchanged, performance.md part P): the plans need the day's
  // row count and the customers' number of distinct values, which the small sample gives as well;
  // autovacuum's ANALYZE after the import's commit writes full statistics (decisions.md, part P).
  await profiled('intelligence: analyze the day', () => withLocalSettings(client, { default_statistics_target: '10' }, async () => {
    for (const [table, columns] of DAY_STATISTICS) {
      const { rows } = await client.query<{ name: string }>(
        `select tableoid::regclass::text as name from ${table} where trade_date = $1::date limit 1`, [day]);
      if (rows[0]) await client.query(`analyze ${rows[0].name} (${columns})`);
    }
  }));
  // churn scores, the CHURN_RISK lifecycle and the crossing alerts (the experience rules until a trained model is active;
  // nothing before the 21st day); beside them every customer's label facts of the day (customer_label_facts, read
  // through the view customer_labels, set-based), which PostgreSQL computes while Node scores the customers
  const { scored } = await profiled('intelligence: churn scoring and labels',
    () => scoreChurn(client, day, () => profiled('intelligence: labels (beside the scoring)', () => refreshLabels(client, day))));
  await profiled('intelligence: groups', () => refreshGroups(client, day)); // every saved group's members (all matching for a shared group, else the owner's scope) and its count of the day
  return { scored };
}

/**
 * The latest state of each customer that the customer list and the 360° view read, once the latest
 * day's figures and lifecycle are final (after the churn scoring): the list's assets, tier and
 * lifecycle (customer_latest, migration 0053) and the information completeness (客户信息完善) of
 * the customers the day changed — delivered rows, new ones, assessments valid or expired since last
 * scored. `day` null: no imported day is left (customer_latest only).
 */
export async function refreshLatestState(client: pg.PoolClient, day: string | null): Promise<void> {
  await profiled('latest state (customer list, KYC completeness)', async () => {
    await client.query(REFRESH_CUSTOMER_LATEST);
    if (day) await refreshKycScoresOfDay(client, day);
  });
}

/**
 * Trains the churn model on the imported history (crm churn train, POST /api/churn/train, the
 * first-start demo) and, when a model is kept, derives the latest day's intelligence again with it:
 * the scores and their reasons, the CHURN_RISK lifecycle and alerts, and the labels and groups
 * that read them. Under the importer's lock (an import derives the same rows), in the caller's
 * transaction; `scored` counts the customers of the latest day the new model scored (the active one now).
 */
export async function trainChurnAndDerive(client: pg.PoolClient, by: string, log?: (m: string) => void): Promise<TrainResult> {
  await client.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
  const result = await trainChurnModel(client, { by, log });
  if (result.noModelReason) return result;
  const { scored } = await deriveIntelligence(client);
  return { ...result, scored };
}

/**
 * Customer intelligence (business-rules.md §6, §7, issue 12): what is derived for the latest
 * imported trading day once its figures are, in the same transaction — the churn scores (and the
 * CHURN_RISK lifecycle and alerts that follow from them), the customers' labels and the saved
 * customer groups' member counts. Called by the import (a new day or a correction: the latest
 * day's carried figures may change either way), by the removal of a day, and once at the end of
 * the first-start demo load.
 */
import type pg from 'pg';
import { scoreChurn } from '../churn/churn.service.js';
import { refreshGroups, refreshLabels } from '../labels/labels.service.js';

/** Derives the intelligence of the latest imported trading day, in the caller's transaction. */
export async function deriveIntelligence(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ day: string | null }>(`select max(trade_date)::text as day from trading_days`);
  const day = rows[0]?.day;
  if (!day) return;
  // Fresh statistics for the day's partition of sum_customer_daily first: its rows were written in this
  // transaction (or the bulk load just before), and with the statistics of a partition that held no such
  // day the planner estimates a handful of rows and joins the day's customers by nested loops — the
  // churn features then ran for minutes instead of ~2 s on the demo. A sample of one partition: ~0.2 s.
  const { rows: part } = await client.query<{ name: string }>(
    `select tableoid::regclass::text as name from sum_customer_daily where trade_date = $1::date limit 1`, [day]);
  if (part[0]) await client.query(`analyze ${part[0].name}`);
  // each step below reads the figures of `day` (sum_customer_daily) and what the steps before it wrote
  await scoreChurn(client, day); // churn scores, the CHURN_RISK lifecycle and the crossing alerts (nothing before a model is trained)
  await refreshLabels(client, day); // every customer's labels of the day (customer_labels), set-based
  await refreshGroups(client, day); // every saved group's members (owner's scope) and its count of the day
}

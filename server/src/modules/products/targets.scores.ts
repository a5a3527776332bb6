/**
 * 目标客户挖掘's per-day score cache (migration 0036): the propensity of every customer open on an
 * imported day under a product family's stored model, computed once per (day, family, model) for all
 * customers — the feature query of targets.sql.ts over the whole population, the family vector and
 * the boosted trees of targets.rules.ts / churn.tree.ts, written by one insert … select from arrays —
 * and read ranked: the caller's scope, the MATCH check for the family's risk level and "does not hold
 * the product on the day" applied in the reading statement, best first (score, then customer number).
 *
 * Filled lazily by the first request that needs a (day, family, model) and in the background after
 * an import or the demo's target training (`warmTargetScores`); a retraining is a new model id, so a
 * new key: the older model's rows are deleted when the family's next key is filled.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { bindParam, customerScope, type ScopeSubject } from '../access/scope.js';
import { predictBoosted, type BoostedModel } from '../churn/churn.tree.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';
import { loadSuitabilitySettings, suitabilityCaseSql } from '../suitability/suitability.sql.js';
import { FEATURES, familyVector, type BaseRow, type ProductInfo } from './targets.rules.js';
import * as sql from './targets.sql.js';
import { matchSqlOf, productInfo, type Family } from './targets.train.js';

/** What scoring needs of a stored model (product_target_models). */
export interface ScoringModel {
  id: string;
  features: string[];
  model: BoostedModel;
}

/** Keep the family's filled days this many calendar days back from the day being filled. */
export const SCORE_DAYS_KEPT = 31;

/**
 * The model's probabilities for `rows` (featureQuery rows) as of `day`, by customer: the model's
 * columns taken by name (a model stored by an earlier version keeps its own column order; a feature
 * it does not know reads 0).
 */
export function scoreRows(
  rows: readonly BaseRow[], family: Family, model: ScoringModel, products: ReadonlyMap<string, ProductInfo>, day: string,
): { customerNo: string; x: number[]; p: number }[] {
  const fam = { type: family.productType, risk: family.riskLevel };
  const columnOf = model.features.map((name) => FEATURES.indexOf(name as (typeof FEATURES)[number]));
  return rows.map((r) => {
    const x = familyVector(r, fam, products, day);
    return { customerNo: r.customerNo, x, p: predictBoosted(model.model, columnOf.map((f) => (f < 0 ? 0 : x[f]!))) };
  });
}

/** Every customer open on `day` with their features (the whole population: no scope, no MATCH filter). */
async function populationOf(client: pg.PoolClient, day: string): Promise<BaseRow[]> {
  const q = sql.featureQuery([day], 'true', await matchSqlOf(client));
  return (await client.query<BaseRow>(q.sql, q.params)).rows;
}

async function filled(client: pg.PoolClient, family: Family, modelId: string, day: string): Promise<boolean> {
  const { rows } = await client.query(
    `select 1 from product_target_score_runs where product_type = $1 and risk_level = $2 and model_id = $3::bigint and trade_date = $4::date`,
    [family.productType, family.riskLevel, modelId, day],
  );
  return rows.length > 0;
}

/**
 * Makes sure the scores of (day, family, model) are stored, computing them for every customer open on
 * the day when they are not (one filling at a time per family: an advisory lock held to the end of the
 * caller's transaction, which must be able to write). `population` (featureQuery rows of the day for
 * every customer) saves reading it again when several families are filled together. Returns whether
 * it computed them.
 */
export async function ensureTargetScores(
  client: pg.PoolClient, family: Family, model: ScoringModel, day: string, population?: () => Promise<BaseRow[]>,
): Promise<boolean> {
  if (await filled(client, family, model.id, day)) return false;
  await client.query(`select pg_advisory_xact_lock(hashtext('product_target_scores'), hashtext($1))`, [`${family.productType}:${family.riskLevel}`]);
  if (await filled(client, family, model.id, day)) return false;
  const rows = population ? await population() : await populationOf(client, day);
  const scored = scoreRows(rows, family, model, await productInfo(client), day);
  // the older models' rows are never read again; days long past are dropped (a day asked for again is filled again)
  for (const table of ['product_target_scores', 'product_target_score_runs']) {
    await client.query(
      `delete from ${table} where product_type = $1 and risk_level = $2 and (model_id <> $3::bigint or trade_date < $4::date - $5::int)`,
      [family.productType, family.riskLevel, model.id, day, SCORE_DAYS_KEPT],
    );
  }
  await client.query(
    `insert into product_target_score_runs (trade_date, product_type, risk_level, model_id, customers) values ($1::date, $2, $3, $4::bigint, $5)`,
    [day, family.productType, family.riskLevel, model.id, scored.length],
  );
  // String(p): the shortest decimal that reads back as p, so numeric order = the order of the doubles
  await client.query(
    `insert into product_target_scores (trade_date, product_type, risk_level, model_id, customer_no, score)
     select $1::date, $2, $3, $4::bigint, x.customer_no, x.score from unnest($5::text[], $6::numeric[]) as x(customer_no, score)`,
    [day, family.productType, family.riskLevel, model.id, scored.map((s) => s.customerNo), scored.map((s) => String(s.p))],
  );
  return true;
}

/**
 * The ranked read of a (day, family, model) (filled first): the customers in `user`'s scope (as of
 * `asOf`) whose check for the family's risk level is MATCH (on `matchOn`, default the day) and who do
 * not hold `productCode` on the day, best first, at most `limit`. SQL yielding customer_no and score
 * (numeric), its parameters on `params`.
 */
export async function rankedTargetsSql(
  client: pg.PoolClient, user: ScopeSubject, key: { productCode: string; family: Family; modelId: string; day: string },
  opts: { limit: number; asOf: string; matchOn?: string }, params: unknown[],
): Promise<string> {
  const p = (v: unknown): string => bindParam(params, v);
  const day = p(key.day);
  const matchDay = opts.matchOn === undefined ? day : p(opts.matchOn);
  const match = suitabilityCaseSql({ customer: 'c', productRisk: `'${checkedRisk(key.family.riskLevel)}'`, day: `${matchDay}::date`, settings: await loadSuitabilitySettings(client) });
  return `
    select s.customer_no, s.score
      from product_target_scores s join customers c on c.customer_no = s.customer_no
     where s.product_type = ${p(key.family.productType)} and s.risk_level = ${p(key.family.riskLevel)}
       and s.model_id = ${p(key.modelId)}::bigint and s.trade_date = ${day}::date
       and ${match} = 'MATCH'
       and not exists (select 1 from fact_product_holdings h
                        where h.trade_date = ${day}::date and h.customer_no = s.customer_no and h.product_code = ${p(key.productCode)} and h.units > 0)
       and ${customerScope(user, { alias: 'c', params, asOf: opts.asOf })}
     order by s.score desc, s.customer_no
     limit ${p(opts.limit)}::int`;
}

/**
 * The same without a ranking (the family has no model yet): the MATCH customers of the scope (on
 * `matchOn`) who do not hold the product on the day (when there is one), by customer number, at most `limit`.
 */
export async function unrankedTargetsSql(
  client: pg.PoolClient, user: ScopeSubject, key: { productCode: string; family: Family; day: string | null },
  opts: { limit: number; asOf: string; matchOn: string }, params: unknown[],
): Promise<string> {
  const match = suitabilityCaseSql({
    customer: 'c', productRisk: `'${checkedRisk(key.family.riskLevel)}'`, day: `${bindParam(params, opts.matchOn)}::date`, settings: await loadSuitabilitySettings(client),
  });
  const held = key.day === null ? 'false' : `exists (select 1 from fact_product_holdings h
      where h.trade_date = ${bindParam(params, key.day)}::date and h.customer_no = c.customer_no and h.product_code = ${bindParam(params, key.productCode)} and h.units > 0)`;
  return `
    select c.customer_no from customers c
     where ${match} = 'MATCH' and not ${held} and ${customerScope(user, { alias: 'c', params, asOf: opts.asOf })}
     order by c.customer_no
     limit ${bindParam(params, opts.limit)}::int`;
}

function checkedRisk(risk: string): string {
  if (!/^R[1-5]$/.test(risk)) throw new Error(`targets: invalid product risk ${JSON.stringify(risk)}`);
  return risk;
}

/**
 * Fills the scores of the day (default the last imported day) for every family whose newest stored
 * training has a model (no training here: a family without one is trained by its first request),
 * reading the day's features once for all of them. Each family in a transaction of its own.
 */
export async function warmTargetScores(pool: pg.Pool, opts: { day?: string; log?: (m: string) => void } = {}): Promise<{ day: string | null; families: number; computed: number }> {
  const started = Date.now();
  const day = await inTransaction(pool, (client) => importedDayOnOrBefore(client, opts.day ?? null));
  if (!day) return { day: null, families: 0, computed: 0 };
  const models = (await pool.query<ScoringModel & Family>(`
    select distinct on (product_type, risk_level) product_type as "productType", risk_level as "riskLevel", id::text, features, model
      from product_target_models order by product_type, risk_level, trained_at desc, id desc`)).rows.filter((m) => m.model !== null);
  let population: Promise<BaseRow[]> | undefined;
  let computed = 0;
  for (const m of models) {
    const did = await inTransaction(pool, async (client) => {
      await client.query(`set local jit = off`);
      return ensureTargetScores(client, m, m, day, () => (population ??= populationOf(client, day)));
    });
    if (did) computed++;
  }
  opts.log?.(`  scored the target customers of ${computed} of ${models.length} product families for ${day} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { day, families: models.length, computed };
}

/** `warmTargetScores` in the background (after an import, after the demo's training): a failure is only logged (the first request fills the cache). */
export function warmTargetScoresLater(pool: pg.Pool, log: (m: string) => void): Promise<void> {
  return warmTargetScores(pool, { log }).then(
    () => undefined,
    (err: unknown) => log(`warning: the target customers' scores were not computed ahead (the first request computes them): ${err instanceof Error ? err.message : String(err)}`),
  );
}

/** The listener of a committed import (lib/day-imported.ts, registered in app.ts): the new day's scores ahead of the first request. */
export function warmTargetScoresAfterImport(pool: pg.Pool): Promise<void> {
  return warmTargetScoresLater(pool, (m) => console.warn(m));
}

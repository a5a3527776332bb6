/**
 * 目标客户挖掘: training a product family's propensity model on the deployment's own imported history
 * (issue 13 item 3; decisions.md "Target-customer mining"). Examples are the customers open on a
 * cut-off day whose suitability check for the family's risk level is MATCH; the label is a purchase
 * (SUBSCRIBE or PURCHASE) within the window after the day — of the family, or of its risk level, or of
 * any product when the family has too few buyers (`chooseLevel`). Measured out of time: trained on
 * the training cut-offs (labels up to the test cut-off C), tested on features at C with labels in
 * (C, C + W]; the model kept for scoring is then trained again on every cut-off. Boosted histogram
 * trees of churn/churn.tree.ts; nothing about any particular brokerage is coded here.
 */
import type pg from 'pg';
import { auc, topFraction } from '../churn/churn.rules.js';
import { predict, predictBoosted, trainBoosted, trainTree, type BoostedModel, type BoostOptions, type TreeOptions } from '../churn/churn.tree.js';
import { loadSuitabilitySettings, suitabilityCaseSql } from '../suitability/suitability.sql.js';
import { chooseLevel, FEATURES, familyVector, firstTimeFigures, matches, planCutoffs, type BaseRow, type Level, type ProductInfo } from './targets.rules.js';
import * as sql from './targets.sql.js';

/** The training's fixed choices (decisions.md "Target-customer mining"). */
export const TARGET_TRAINING = {
  /** at most this many training cut-offs, W apart, before the test cut-off */
  maxTrain: 3,
  /** a level is used when its training labels hold at least this many buyers */
  minBuyers: 30,
  /** the top-K list whose hit rate is reported beside the top 10 % */
  topK: 100,
  /** depth 2: with 50–600 training buyers a family, shallower trees rank better out of time (performance.md, part L) */
  boost: { trees: 60, maxDepth: 2, maxBins: 32, rate: 0.1, lambda: 1 } satisfies Omit<BoostOptions, 'minLeaf'>,
  tree: { maxDepth: 5, maxBins: 32, minGain: 1e-7, smoothing: 20 } satisfies Omit<TreeOptions, 'minLeaf'>,
  minLeafShare: 0.002,
};

const minLeafOf = (rows: number): number => Math.max(5, Math.round(rows * TARGET_TRAINING.minLeafShare));

export interface Family {
  productType: string;
  riskLevel: string;
}

export interface TargetMetrics {
  days: number;
  examples?: number;
  buyers?: number;
  testExamples?: number;
  testBuyers?: number;
  /** the test examples' purchase rate */
  baseRate?: string | null;
  auc?: string | null;
  hitRateTop10?: string | null;
  liftTop10?: string | null;
  topK?: number;
  hitRateTopK?: string | null;
  liftTopK?: string | null;
  singleTreeAuc?: string | null;
  singleTreeLiftTop10?: string | null;
  /** training buyers at each level (the level chosen is the narrowest with minBuyers) */
  buyersByLevel?: Record<Level, number>;
  /**
   * The same test figures among the first-time buyers' population: the test examples without a purchase of
   * what the label counts (the level's products) in the 365 days up to the test cut-off, ranked among themselves.
   */
  firstTimeExamples?: number;
  firstTimeBuyers?: number;
  firstTimeBaseRate?: string | null;
  firstTimeAuc?: string | null;
  firstTimeHitRateTop10?: string | null;
  firstTimeLiftTop10?: string | null;
  seconds?: string;
}

export interface TargetTrainResult {
  modelId: string;
  family: Family;
  level: Level | null;
  windowDays: number;
  cutoff: string | null;
  trainCutoffs: string[];
  noModelReason: 'NO_HISTORY' | 'NO_BUYERS' | null;
  metrics: TargetMetrics;
  importance: { name: string; importance: string }[];
  trainedAt: string;
}

const dec = (x: number | null | undefined, digits = 4): string | null => (x === null || x === undefined ? null : x.toFixed(digits));

/** The hit window W: setting outreach.hitWindowDays (30 when absent). */
export async function windowDaysOf(client: pg.PoolClient): Promise<number> {
  return (await client.query<{ windowDays: number }>(sql.WINDOW_SETTING)).rows[0]?.windowDays ?? 30;
}

/** The check's SQL over the feature query's customers row `c` on its day `$1`, for a product risk literal. */
export async function matchSqlOf(client: pg.PoolClient): Promise<(risk: string) => string> {
  const settings = await loadSuitabilitySettings(client);
  return (risk) => suitabilityCaseSql({ customer: 'c', productRisk: risk, day: '$1', settings });
}

/** The products by code (type, risk level, issuer). */
export async function productInfo(client: pg.PoolClient): Promise<Map<string, ProductInfo>> {
  const { rows } = await client.query<ProductInfo & { productCode: string }>(sql.PRODUCT_INFO);
  return new Map(rows.map((r) => [r.productCode, { type: r.type, risk: r.risk, issuer: r.issuer }]));
}

/** Every customer open on `day` with their base features (the population before the family's MATCH filter). */
export async function baseRows(client: pg.PoolClient, day: string): Promise<BaseRow[]> {
  const q = sql.featureQuery([day], 'true', await matchSqlOf(client));
  return (await client.query<BaseRow>(q.sql, q.params)).rows;
}

/** What a training reads once per cut-off day, shared by the families trained together. */
export type CutoffCache = Map<string, Promise<{ rows: BaseRow[]; bought: Map<string, string[]> }>>;

interface Labelled {
  rows: number[][];
  labels: Record<Level, Uint8Array>;
  /** 1 when the example bought, in the 365 days up to the cut-off, what the level's label counts */
  boughtBefore: Record<Level, Uint8Array>;
}

async function labelled(
  client: pg.PoolClient, family: Family, products: ReadonlyMap<string, ProductInfo>, cutoff: string, labelEnd: string, cache: CutoffCache,
): Promise<Labelled> {
  const key = `${cutoff}/${labelEnd}`;
  let read = cache.get(key);
  if (!read) {
    read = (async () => ({
      rows: await baseRows(client, cutoff),
      bought: new Map((await client.query<{ customerNo: string; products: string[] }>(sql.WINDOW_BUYERS, [cutoff, labelEnd])).rows.map((r) => [r.customerNo, r.products])),
    }))();
    cache.set(key, read);
  }
  const { rows, bought } = await read;
  // the examples: the customers whose check for the family's risk level is MATCH on the cut-off day
  const population = rows.filter((r) => matches(r, family.riskLevel));
  const n = population.length;
  const perLevel = (): Record<Level, Uint8Array> => ({ FAMILY: new Uint8Array(n), RISK: new Uint8Array(n), ALL: new Uint8Array(n) });
  const labels = perLevel();
  const boughtBefore = perLevel();
  // ALL: any product of the family's kind — advisory services (投顾/资讯) apart from investment products
  const advisory = family.productType === 'ADVISORY';
  const mark = (into: Record<Level, Uint8Array>, i: number, code: string): void => {
    const p = products.get(code);
    if (!p || (p.type === 'ADVISORY') !== advisory) return;
    into.ALL[i] = 1;
    if (p.risk === family.riskLevel) into.RISK[i] = 1;
    if (p.risk === family.riskLevel && p.type === family.productType) into.FAMILY[i] = 1;
  };
  population.forEach((r, i) => {
    for (const code of bought.get(r.customerNo) ?? []) mark(labels, i, code);
    for (const [code] of r.buys ?? []) mark(boughtBefore, i, code);
  });
  const fam = { type: family.productType, risk: family.riskLevel };
  return { rows: population.map((r) => familyVector(r, fam, products, cutoff)), labels, boughtBefore };
}

function concat(sets: readonly Labelled[]): Labelled {
  const join = (of: (s: Labelled) => Record<Level, Uint8Array>) => (level: Level): Uint8Array => Uint8Array.from(sets.flatMap((s) => Array.from(of(s)[level])));
  const labels = join((s) => s.labels);
  const before = join((s) => s.boughtBefore);
  return {
    rows: sets.flatMap((s) => s.rows),
    labels: { FAMILY: labels('FAMILY'), RISK: labels('RISK'), ALL: labels('ALL') },
    boughtBefore: { FAMILY: before('FAMILY'), RISK: before('RISK'), ALL: before('ALL') },
  };
}

function firstTimeMetrics(scores: readonly number[], labels: Uint8Array, boughtBefore: Uint8Array): Partial<TargetMetrics> {
  const f = firstTimeFigures(scores, labels, boughtBefore);
  return {
    firstTimeExamples: f.examples, firstTimeBuyers: f.buyers, firstTimeBaseRate: dec(f.baseRate, 6),
    firstTimeAuc: dec(f.auc), firstTimeHitRateTop10: dec(f.hitRateTop10), firstTimeLiftTop10: dec(f.liftTop10, 2),
  };
}

const sum = (a: Uint8Array): number => a.reduce((s, y) => s + y, 0);
const columnsOf = (rows: readonly number[][]): Float64Array[] => FEATURES.map((_, f) => Float64Array.from(rows, (r) => r[f]!));

/** The share of buyers among the `k` highest scores (ties in proportion, as topFraction). */
function hitRateTopK(scores: readonly number[], labels: Uint8Array, k: number): { rate: number; lift: number | null } {
  const n = scores.length;
  if (n === 0) return { rate: 0, lift: null };
  const top = topFraction(scores, labels, Math.min(1, k / n) - 1e-12);
  return { rate: top.precision, lift: top.lift };
}

/** One training of a family at a time (a lazy first request, the demo's background training): waits for another. */
export async function lockFamilyTraining(client: pg.PoolClient, family: Family): Promise<void> {
  await client.query(`select pg_advisory_xact_lock(hashtext('product_targets'), hashtext($1))`, [`${family.productType}:${family.riskLevel}`]);
}

/**
 * Trains the family's model and stores it (product_target_models), in the caller's transaction. A
 * training without history or without buyers is stored without a model (its reason says why).
 */
export async function trainTargetModel(
  client: pg.PoolClient, family: Family, opts: { by: string; log?: (m: string) => void; cache?: CutoffCache },
): Promise<TargetTrainResult> {
  const cache: CutoffCache = opts.cache ?? new Map();
  const started = Date.now();
  const windowDays = await windowDaysOf(client);
  const days = (await client.query<{ day: string }>(sql.TRADING_DAYS)).rows.map((r) => r.day);
  const plan = planCutoffs(days, windowDays, TARGET_TRAINING.maxTrain);
  const record = async (
    r: Omit<TargetTrainResult, 'modelId' | 'trainedAt' | 'family' | 'windowDays'>, model: BoostedModel | null,
  ): Promise<TargetTrainResult> => {
    const { rows } = await client.query<{ id: string; trainedAt: Date }>(sql.INSERT_MODEL, [
      family.productType, family.riskLevel, r.level, opts.by, windowDays, r.cutoff, r.trainCutoffs, JSON.stringify(r.metrics),
      [...FEATURES], model ? JSON.stringify(model) : null, JSON.stringify(r.importance), r.noModelReason,
    ]);
    return { ...r, family, windowDays, modelId: rows[0]!.id, trainedAt: rows[0]!.trainedAt.toISOString() };
  };
  if (!plan) return record({ level: null, cutoff: null, trainCutoffs: [], noModelReason: 'NO_HISTORY', metrics: { days: days.length }, importance: [] }, null);

  const products = await productInfo(client);
  const trainSets: Labelled[] = [];
  for (const t of plan.train) trainSets.push(await labelled(client, family, products, t.cutoff, t.labelEnd, cache));
  const train = concat(trainSets);
  const test = await labelled(client, family, products, plan.test, plan.testEnd, cache);
  const buyersByLevel = { FAMILY: sum(train.labels.FAMILY), RISK: sum(train.labels.RISK), ALL: sum(train.labels.ALL) };
  const level = chooseLevel(buyersByLevel, TARGET_TRAINING.minBuyers);
  const trainCutoffs = plan.train.map((t) => t.cutoff);
  const metrics: TargetMetrics = { days: days.length, buyersByLevel, examples: train.rows.length, testExamples: test.rows.length };
  if (!level) return record({ level: null, cutoff: plan.test, trainCutoffs, noModelReason: 'NO_BUYERS', metrics, importance: [] }, null);

  const trainLabels = train.labels[level];
  const testLabels = test.labels[level];
  const testBuyers = sum(testLabels);
  const boost = (rows: number): BoostOptions => ({ ...TARGET_TRAINING.boost, minLeaf: minLeafOf(rows) });
  const evaluated = trainBoosted({ columns: columnsOf(train.rows), labels: trainLabels }, boost(train.rows.length));
  const scores = test.rows.map((x) => predictBoosted(evaluated, x));
  const single = trainTree({ columns: columnsOf(train.rows), labels: trainLabels }, { ...TARGET_TRAINING.tree, minLeaf: minLeafOf(train.rows.length) });
  const singleScores = test.rows.map((x) => predict(single, x));
  const top = topFraction(scores, testLabels, 0.1);
  const topK = hitRateTopK(scores, testLabels, TARGET_TRAINING.topK);
  Object.assign(metrics, {
    buyers: sum(trainLabels), testBuyers, baseRate: dec(test.rows.length ? testBuyers / test.rows.length : 0, 6),
    auc: dec(auc(scores, testLabels)), hitRateTop10: dec(top.precision), liftTop10: dec(top.lift, 2),
    topK: Math.min(TARGET_TRAINING.topK, test.rows.length), hitRateTopK: dec(topK.rate), liftTopK: dec(topK.lift, 2),
    singleTreeAuc: dec(auc(singleScores, testLabels)), singleTreeLiftTop10: dec(topFraction(singleScores, testLabels, 0.1).lift, 2),
    ...firstTimeMetrics(scores, testLabels, test.boughtBefore[level]),
  } satisfies Partial<TargetMetrics>);

  // the model that scores: the same settings on every cut-off, the newest window included
  const all = concat([train, test]);
  const importanceSum = new Float64Array(FEATURES.length);
  const model = trainBoosted({ columns: columnsOf(all.rows), labels: all.labels[level] }, boost(all.rows.length), importanceSum);
  const total = importanceSum.reduce((a, b) => a + b, 0);
  const importance = FEATURES.map((name, f) => ({ name, importance: dec(total > 0 ? importanceSum[f]! / total : 0)! }))
    .sort((a, b) => Number(b.importance) - Number(a.importance));
  metrics.seconds = ((Date.now() - started) / 1000).toFixed(1);
  opts.log?.(`targets ${family.productType} ${family.riskLevel} (${level}): ${metrics.examples} train examples (${metrics.buyers} bought), ` +
    `${metrics.testExamples} test (${testBuyers}); AUC ${metrics.auc}, top 10 % hit rate ${metrics.hitRateTop10} lift ${metrics.liftTop10}; ` +
    `first-time ${metrics.firstTimeExamples} (${metrics.firstTimeBuyers}) lift ${metrics.firstTimeLiftTop10}`);
  return record({ level, cutoff: plan.test, trainCutoffs, noModelReason: null, metrics, importance }, model);
}

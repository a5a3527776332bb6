/**
 * Churn warning (流失预警, business-rules.md §7): training the tree on the imported history with an
 * out-of-time evaluation, the nightly scoring of the latest day inside the import's transaction (by the
 * trained model, or by the experience rules until one is active; the scores, the CHURN_RISK lifecycle
 * and the crossing alerts), and the reads of the model page and the scored customers in the caller's scope.
 *
 * The follow-up of a crossing: the CHURN_RISK alert is owned by the customer's serving staff (the
 * alert list's owner) and counts among 首页's NEW alerts until that staff member acknowledges it.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { codeLabel } from '../../../../shared/codes.js';
import { config } from '../../config.js';
import { type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { addTiming, profiled } from '../../lib/profile.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { withLocalSettings } from '../../lib/sql.js';
import { assertCustomerInScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import {
  auc, CHURN_RULES, churnLevel, FEATURES, featureVector, planCutoffs, compactReasons, readReasons, reasonsOf, reasonText, ruleCondition, rulesScore, topFraction, type StoredReason,
} from './churn.rules.js';
import type { ChurnModel, ChurnScore, ChurnScoreList, ChurnScoreQuery } from './churn.schemas.js';
import { classify } from '../figures/figures.sql.js';
import * as sql from './churn.sql.js';
import {
  predict, predictBoosted, predictPath, trainBoosted, trainTree, type BoostedModel, type BoostOptions, type PathStep, type TreeNode, type TreeOptions,
} from './churn.tree.js';

/** The training's fixed choices (documented in docs/decisions.md "Churn: …"). */
export const TRAINING = {
  /** feature window: the 20 trading days before a cut-off (plus the day 20 back) */
  window: 20,
  /** a cut-off every 4th imported trading day */
  step: 4,
  /** the last 3 labelled cut-offs are the test */
  testCutoffs: 3,
  /** at most the 12 latest train cut-offs before them */
  maxTrain: 12,
  /** the single CART, measured beside the model for comparison */
  tree: { maxDepth: 6, maxBins: 32, minGain: 1e-7, smoothing: 20 } satisfies Omit<TreeOptions, 'minLeaf'>,
  /** the model: boosted trees (logistic loss) */
  boost: { trees: 60, maxDepth: 3, maxBins: 32, rate: 0.1, lambda: 1 } satisfies Omit<BoostOptions, 'minLeaf'>,
  /** a leaf holds at least this share of the training rows, and at least 5 */
  minLeafShare: 0.002,
};

const minLeafOf = (rows: number): number => Math.max(5, Math.round(rows * TRAINING.minLeafShare));
const treeOptions = (rows: number): TreeOptions => ({ ...TRAINING.tree, minLeaf: minLeafOf(rows) });
const boostOptions = (rows: number): BoostOptions => ({ ...TRAINING.boost, minLeaf: minLeafOf(rows) });

/** A stored model: boosted trees, or one tree (a model stored by hand or by an earlier version). */
type StoredModel = BoostedModel | TreeNode;
const isBoosted = (m: StoredModel): m is BoostedModel => Array.isArray((m as BoostedModel).trees);

/** The probability and the path that explains it (the single tree's, or the boosted model's first tree's). */
function scoreRow(model: StoredModel, x: ArrayLike<number>): { p: number; path: PathStep[] } {
  if (isBoosted(model)) return { p: predictBoosted(model, x), path: model.trees[0] ? predictPath(model.trees[0], x).path : [] };
  const { leaf, path } = predictPath(model, x);
  return { p: leaf.p, path };
}

export interface TrainResult {
  modelId: string;
  horizonDays: number;
  noModelReason: 'NO_TEST_WINDOW' | 'NO_TRAIN_WINDOW' | 'NO_CHURN' | null;
  trainCutoffs: string[];
  testCutoffs: string[];
  metrics: Metrics;
  importance: { name: string; importance: string }[];
  scored: number;
}

export interface Metrics {
  days: number;
  needDays?: number;
  examples?: number;
  churners?: number;
  testExamples?: number;
  testChurners?: number;
  baseRate?: string;
  auc?: string | null;
  rulesAuc?: string | null;
  precisionAtTop10?: string;
  liftAtTop10?: string | null;
  rulesPrecisionAtTop10?: string;
  rulesLiftAtTop10?: string | null;
  singleTreeAuc?: string | null;
  trees?: number;
  seconds?: string;
}

const dec = (x: number | null, digits = 4): string | null => (x === null ? null : x.toFixed(digits));

/** The examples of some cut-off days: feature rows (FEATURES order) and labels. */
interface ExampleSet {
  rows: number[][];
  labels: Uint8Array;
}

/**
 * The raw figures of the customers on the cut-off days (indexes into `days`, the imported trading
 * days oldest first), as each cut-off day's rows carry them (the windows of the 21 imported days ending on it);
 * by day and customer unless `ordered` is false (the nightly scoring, churn.sql.ts RAW_FEATURES).
 */
async function rawFeatures(client: pg.PoolClient, days: readonly string[], cutoffIndexes: readonly number[], ordered = true): Promise<sql.RawFeatureRow[]> {
  const cutoffs = cutoffIndexes.map((i) => days[i]!);
  // the cut-off days' rows by the day index: a few days of a month's partition, which the planner would rather
  // scan whole (its page estimate ignores that a day's rows lie together: 79,000 pages read for 7,000 at
  // 100,000 customers on the 22nd day of a month, 1.3 → 0.9 s)
  const { rows } = await withLocalSettings(client, { enable_seqscan: 'off' },
    () => client.query<sql.RawFeatureRow>(ordered ? sql.RAW_FEATURES : sql.RAW_FEATURES_ANY_ORDER, [cutoffs, config().TZ_BUSINESS]));
  return rows;
}

async function readExamples(client: pg.PoolClient, days: readonly string[], cutoffIndexes: readonly number[], horizon: number, events: Map<string, string[]>): Promise<ExampleSet> {
  const labelEnd = new Map(cutoffIndexes.map((i) => [days[i]!, days[i + horizon]!]));
  const rows = await rawFeatures(client, days, cutoffIndexes);
  const labels = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    const end = labelEnd.get(r.day)!;
    // churned within the horizon: an event after D, on or before the horizon's last trading day
    labels[i] = (events.get(r.customerNo) ?? []).some((e) => e > r.day && e <= end) ? 1 : 0;
  });
  return { rows: rows.map(featureVector), labels };
}

function columnsOf(rows: readonly number[][]): Float64Array[] {
  return FEATURES.map((_, f) => Float64Array.from(rows, (r) => r[f]!));
}

function positives(labels: Uint8Array): number {
  let n = 0;
  for (const y of labels) n += y;
  return n;
}

/**
 * Trains the churn model on the imported history and makes it the active one (a training that
 * finds too little history or no churner is recorded without a tree and leaves the active model
 * as it was). Quality is measured out of time: the tree learns on the train cut-offs, whose label
 * windows end before the first test cut-off, and is scored on the test cut-offs; the rules alone
 * are scored on the same rows. The tree kept for scoring is then grown again, with the same
 * settings, on every cut-off of both sets (the newest behaviour matters most). In the caller's
 * transaction; re-scores the latest day when `score` is set.
 */
export async function trainChurnModel(client: pg.PoolClient, opts: { by: string; score?: boolean; log?: (m: string) => void }): Promise<TrainResult> {
  const started = Date.now();
  const setting = (await client.query<{ threshold: string; horizonDays: number }>(sql.CHURN_SETTING)).rows[0]!;
  const horizon = setting.horizonDays;
  const days = (await client.query<{ day: string }>(sql.TRADING_DAYS)).rows.map((r) => r.day);
  const plan = planCutoffs(days.length, { horizon, ...TRAINING });
  const record = async (result: Omit<TrainResult, 'modelId' | 'scored' | 'horizonDays'>, tree: StoredModel | null): Promise<TrainResult> => {
    if (tree) await client.query(sql.DEACTIVATE_MODELS);
    const { rows } = await client.query<{ id: string }>(sql.INSERT_MODEL, [
      opts.by, horizon, days[0] ?? null, days[days.length - 1] ?? null, result.trainCutoffs, result.testCutoffs,
      JSON.stringify(result.metrics), [...FEATURES], tree ? JSON.stringify(tree) : null, JSON.stringify(result.importance), result.noModelReason,
    ]);
    const latest = days[days.length - 1];
    const scored = tree && opts.score && latest ? (await scoreChurn(client, latest)).scored : 0;
    return { ...result, modelId: rows[0]!.id, horizonDays: horizon, scored };
  };
  if ('reason' in plan) {
    return record({ noModelReason: plan.reason, trainCutoffs: [], testCutoffs: [], metrics: { days: days.length, needDays: plan.needDays }, importance: [] }, null);
  }
  const trainCutoffs = plan.train.map((i) => days[i]!);
  const testCutoffs = plan.test.map((i) => days[i]!);
  const events = new Map<string, string[]>();
  for (const e of (await client.query<{ customerNo: string; day: string }>(sql.CHURN_EVENTS)).rows) {
    const list = events.get(e.customerNo);
    if (list) list.push(e.day);
    else events.set(e.customerNo, [e.day]);
  }
  const train = await readExamples(client, days, plan.train, horizon, events);
  const test = await readExamples(client, days, plan.test, horizon, events);
  const trainPos = positives(train.labels);
  const testPos = positives(test.labels);
  const metrics: Metrics = {
    days: days.length, examples: train.labels.length, churners: trainPos, testExamples: test.labels.length, testChurners: testPos,
    baseRate: dec(test.labels.length ? testPos / test.labels.length : 0, 6)!,
  };
  if (trainPos === 0 || testPos === 0) {
    return record({ noModelReason: 'NO_CHURN', trainCutoffs, testCutoffs, metrics, importance: [] }, null);
  }

  const trainSet = { columns: columnsOf(train.rows), labels: train.labels };
  const evaluated = trainBoosted(trainSet, boostOptions(train.rows.length));
  const modelScores = test.rows.map((x) => predictBoosted(evaluated, x));
  const single = trainTree(trainSet, treeOptions(train.rows.length));
  const singleScores = test.rows.map((x) => predict(single, x));
  const ruleScores = test.rows.map(rulesScore);
  const modelTop = topFraction(modelScores, test.labels, 0.1);
  const rulesTop = topFraction(ruleScores, test.labels, 0.1);
  Object.assign(metrics, {
    auc: dec(auc(modelScores, test.labels)), rulesAuc: dec(auc(ruleScores, test.labels)), singleTreeAuc: dec(auc(singleScores, test.labels)),
    precisionAtTop10: dec(modelTop.precision)!, liftAtTop10: dec(modelTop.lift, 2),
    rulesPrecisionAtTop10: dec(rulesTop.precision)!, rulesLiftAtTop10: dec(rulesTop.lift, 2),
  });

  const importanceSum = new Float64Array(FEATURES.length);
  const all = { columns: columnsOf([...train.rows, ...test.rows]), labels: Uint8Array.from([...train.labels, ...test.labels]) };
  const model = trainBoosted(all, boostOptions(all.labels.length), importanceSum);
  const total = importanceSum.reduce((a, b) => a + b, 0);
  const importance = FEATURES.map((name, f) => ({ name, importance: dec(total > 0 ? importanceSum[f]! / total : 0)! }))
    .sort((a, b) => Number(b.importance) - Number(a.importance));
  metrics.trees = model.trees.length;
  metrics.seconds = ((Date.now() - started) / 1000).toFixed(1);
  opts.log?.(`churn model: ${metrics.examples} train examples (${trainPos} churned), ${metrics.testExamples} test (${testPos}); ` +
    `out-of-time AUC trees ${metrics.auc} (one tree ${metrics.singleTreeAuc}, rules ${metrics.rulesAuc}), top 10 % precision ${metrics.precisionAtTop10} lift ${metrics.liftAtTop10}`);
  return record({ noModelReason: null, trainCutoffs, testCutoffs, metrics, importance }, model);
}

interface ActiveModel {
  id: string;
  features: string[];
  tree: StoredModel;
}

/** How many customers are scored between two turns of the event loop while statements run beside, and sent in one chunk of the COPY (scoreChurn). */
const SCORE_CHUNK = 2_000;

/** Who scores a day: the experience rules (经验模型) until a trained model is active, then the model. */
export type Scorer = 'RULES' | 'MODEL';

/**
 * Scores the customers open and not churned on `day`, in the caller's transaction: with the active
 * model, or — while no trained model is active — with the experience rules alone (rulesScore, the
 * reasons the rules that fired). Replaces the day's churn_scores (score, reasons and the model, null
 * for the rules), sets the day's CHURN_RISK lifecycle, and raises a CHURN_RISK alert for each customer
 * whose score crossed the threshold since the previous scored day (derived again, never twice, when
 * the day is re-scored). A day needs the 20-day feature window: before the 21st imported trading day
 * nothing is scored (and what such a day held goes). Scores and untouched CHURN_RISK alerts of days
 * after `day` (removed days) go first.
 *
 * `beside`: statements of the same transaction that do not read the day's scores (the labels' refresh),
 * sent on the connection once the features are read, so that PostgreSQL runs them while Node computes
 * the scores (which then yields every SCORE_CHUNK rows); the scores are written after them.
 */
export async function scoreChurn(
  client: pg.PoolClient, day: string, beside?: () => Promise<void>,
): Promise<{ scored: number; atRisk: number; alerts: number; scorer: Scorer | null }> {
  await client.query(sql.FORGET_LATER_DAYS, [day]);
  const recent = (await client.query<{ day: string }>(sql.WINDOW_DAYS, [day, TRAINING.window + 1])).rows.map((r) => r.day).reverse();
  if (recent.length < TRAINING.window + 1 || recent[recent.length - 1] !== day) {
    await beside?.();
    const dropped = (await client.query(sql.DELETE_SCORES, [day])).rowCount ?? 0;
    if (dropped > 0) await followScores(client, day);
    return { scored: 0, atRisk: 0, alerts: 0, scorer: null };
  }
  const active = (await client.query<ActiveModel>(sql.ACTIVE_MODEL)).rows[0];
  // a model that reads a feature this version no longer computes (drawdown20, before netAssetVsAvg20 replaced it)
  // scores nothing: the experience rules score until the next training (its reasons would name what is not there)
  const model = active?.features.every((f) => (FEATURES as readonly string[]).includes(f)) ? active : undefined;
  const { threshold } = (await client.query<{ threshold: string }>(sql.CHURN_SETTING)).rows[0]!;
  const rows = await profiled('churn: features', () => rawFeatures(client, recent, [recent.length - 1], false));
  // the model's columns by name: a model stored by an earlier version keeps its own order
  const columnOf = model ? model.features.map((name) => FEATURES.indexOf(name as (typeof FEATURES)[number])) : [];
  const modelId = model ? model.id : '\\N';
  // the day's rows in COPY's text format (customer numbers, scores and JSON carry no tab or newline of
  // their own; backslashes in the JSON are doubled): 2–3 times faster than an insert of unnested arrays;
  // sent SCORE_CHUNK rows to a chunk (a chunk a row, 100,000 small messages, cost 0.3–0.5 s more)
  const chunks: string[] = [];
  let chunk = '';
  let scored = 0;
  let atRisk = 0;
  const limit = Number(threshold);
  const besides = beside?.();
  const started = performance.now();
  try {
    for (let i = 0; i < rows.length; i++) {
      if (besides && i > 0 && i % SCORE_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
      const raw = rows[i]!;
      const x = featureVector(raw);
      let score: string;
      let reasons: StoredReason[];
      if (model) {
        const { p, path } = scoreRow(model.tree, columnOf.map((f) => (f < 0 ? 0 : x[f]!)));
        score = p.toFixed(6);
        reasons = reasonsOf(x, path, model.features);
      } else {
        score = rulesScore(x).toFixed(6);
        reasons = reasonsOf(x, [], []); // the rules that fired
      }
      chunk += `${raw.customerNo}\t${day}\t${score}\t${JSON.stringify(compactReasons(reasons)).replace(/\\/g, '\\\\')}\t${modelId}\n`;
      if (++scored % SCORE_CHUNK === 0) {
        chunks.push(chunk);
        chunk = '';
      }
      if (Number(score) >= limit) atRisk++;
    }
    if (chunk) chunks.push(chunk);
  } catch (e) {
    await besides?.catch(() => undefined); // the connection's statements end before the error leaves
    throw e;
  }
  addTiming('churn: score in Node', performance.now() - started);
  if (besides) await profiled('churn: waiting for the statements beside', () => besides);
  await profiled('churn: write scores', async () => {
    await client.query(sql.DELETE_SCORES, [day]);
    await pipeline(Readable.from(chunks), client.query(copyFrom(sql.COPY_SCORES)));
  });
  const alerts = await profiled('churn: lifecycle and alerts', () => followScores(client, day, threshold));
  return { scored, atRisk, alerts, scorer: model ? 'MODEL' : 'RULES' };
}

/**
 * What follows a day's scores: its lifecycle by the one rule (figures.sql.ts classify, which reads the
 * scores just written: CHURN_RISK follows them) and its CHURN_RISK alerts (the crossings since the
 * previous scored day). Returns the alerts that fired.
 */
async function followScores(client: pg.PoolClient, day: string, threshold?: string): Promise<number> {
  await classify(client, day, 'scored');
  const limit = threshold ?? (await client.query<{ threshold: string }>(sql.CHURN_SETTING)).rows[0]!.threshold;
  const previous = (await client.query<{ day: string | null }>(sql.PREVIOUS_SCORED_DAY, [day])).rows[0]?.day ?? null;
  return (await client.query<{ fired: number }>(sql.DERIVE_CHURN_ALERTS, [day, limit, previous])).rows[0]?.fired ?? 0;
}

/** What a churn read needs to know about the request. */
export interface ChurnContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

const labelOf = (language: Language) => (kind: 'churnFeature' | 'churnRule', code: string) => codeLabel(kind, code, language);

/** The stored reasons in words, in the caller's language: `code` the rule's code or the feature's name. */
export function renderReasons(stored: unknown, language: Language): { code: string; text: string }[] {
  if (!Array.isArray(stored)) return [];
  return readReasons(stored).map((r) => ({ code: r.kind === 'rule' ? r.code : r.feature, text: reasonText(r, language, labelOf(language)) }));
}

/**
 * The model page: the newest training's quality, cut-offs and importance, why there is no model (with
 * the days imported and the days a training needs), who scores (the experience rules until a trained
 * model is active) and the rules with their weights, in the caller's language.
 */
export async function getChurnModel(pool: pg.Pool, language: Language): Promise<ChurnModel> {
  return inReadSnapshot(pool, async (client) => {
    const setting = (await client.query<{ threshold: string; horizonDays: number }>(sql.CHURN_SETTING)).rows[0]!;
    const daysImported = (await client.query<{ n: number }>(sql.DAYS_IMPORTED)).rows[0]!.n;
    const latest = (await client.query<{
      trainedAt: Date; horizonDays: number; importance: { name: string; importance: string }[]; metrics: Metrics; noModelReason: ChurnModel['noModelReason'];
      trainCutoffs: string[]; testCutoffs: string[]; active: boolean;
    }>(sql.LATEST_TRAINING)).rows[0];
    const active = (await client.query<{ trainedAt: Date }>(sql.ACTIVE_MODEL)).rows[0];
    const scoredDay = (await client.query<{ day: string | null }>(sql.LATEST_SCORED_DAY)).rows[0]?.day ?? null;
    const scorer = scoredDay ? ((await client.query<{ scorer: Scorer }>(sql.SCORER_OF_DAY, [scoredDay])).rows[0]?.scorer ?? null) : null;
    const m = latest?.metrics;
    // never trained: the days a training would need at the current horizon (a training records its own)
    const plan = latest ? null : planCutoffs(daysImported, { horizon: setting.horizonDays, ...TRAINING });
    const label = labelOf(language);
    return {
      trainedAt: latest ? latest.trainedAt.toISOString() : null,
      horizonDays: latest?.horizonDays ?? setting.horizonDays,
      trainFrom: latest?.trainCutoffs[0] ?? null,
      trainTo: latest?.trainCutoffs[latest.trainCutoffs.length - 1] ?? null,
      testFrom: latest?.testCutoffs[0] ?? null,
      testTo: latest?.testCutoffs[latest.testCutoffs.length - 1] ?? null,
      auc: m?.auc ?? null,
      precisionAtTop10: m?.precisionAtTop10 ?? null,
      liftAtTop10: m?.liftAtTop10 ?? null,
      threshold: setting.threshold,
      features: latest?.importance ?? [],
      rulesAuc: m?.rulesAuc ?? null,
      rulesPrecisionAtTop10: m?.rulesPrecisionAtTop10 ?? null,
      rulesLiftAtTop10: m?.rulesLiftAtTop10 ?? null,
      trainCutoffs: latest?.trainCutoffs ?? [],
      testCutoffs: latest?.testCutoffs ?? [],
      examples: m?.examples ?? null,
      churners: m?.churners ?? null,
      testExamples: m?.testExamples ?? null,
      testChurners: m?.testChurners ?? null,
      baseRate: m?.baseRate ?? null,
      singleTreeAuc: m?.singleTreeAuc ?? null,
      trees: m?.trees ?? null,
      historyDays: m?.days ?? null,
      needDays: m?.needDays ?? (plan && 'reason' in plan ? plan.needDays : null),
      noModelReason: latest ? latest.noModelReason : 'NOT_TRAINED',
      activeTrainedAt: active ? active.trainedAt.toISOString() : null,
      scoredDay,
      scorer,
      daysImported,
      windowDays: TRAINING.window + 1,
      rules: CHURN_RULES.map((r) => ({ code: r.code, weight: r.weight.toFixed(2), condition: ruleCondition(r, language, label) })),
    };
  });
}

function toScore(row: sql.ScoreRow, threshold: number, language: Language): ChurnScore {
  return {
    customerNo: row.customerNo, customerName: row.customerName, branchCode: row.branchCode, branchName: row.branchName, date: row.date, score: row.score,
    scorer: row.scorer, level: churnLevel(Number(row.score), threshold), reasons: renderReasons(row.reasons, language), lifecycle: row.lifecycle,
    netAsset: row.netAsset, staffNo: row.staffNo, staffName: row.staffName,
  };
}

type ScoreFilters = Omit<ChurnScoreQuery, 'page' | 'pageSize' | 'format'>;

async function scoredDayAndThreshold(client: pg.PoolClient): Promise<{ day: string | null; threshold: string }> {
  const day = (await client.query<{ day: string | null }>(sql.LATEST_SCORED_DAY)).rows[0]?.day ?? null;
  const { threshold } = (await client.query<{ threshold: string }>(sql.CHURN_SETTING)).rows[0]!;
  return { day, threshold };
}

function filterOf(f: ScoreFilters, threshold: string): sql.ScoreFilter {
  const minScore = f.level === 'HIGH' ? threshold : f.level === 'MEDIUM' ? String(Number(threshold) / 2) : f.minScore;
  return { minScore, customerNo: f.customerNo };
}

/** The latest scored day's customers in the caller's scope, highest score first, with their reasons. */
export async function listScores(pool: pg.Pool, filter: ScoreFilters, page: { page: number; pageSize: number }, ctx: ChurnContext): Promise<ChurnScoreList> {
  return inReadSnapshot(pool, async (client) => {
    const { day, threshold } = await scoredDayAndThreshold(client);
    if (!day) return { date: null, threshold, items: [], total: 0 };
    const q = sql.scoreQueries(ctx.user, businessDate(ctx.now), day, filterOf(filter, threshold), page);
    const [count] = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows;
    const { rows } = await client.query<sql.ScoreRow>(q.rows.sql, q.rows.params);
    return { date: day, threshold, items: rows.map((r) => toScore(r, Number(threshold), ctx.language)), total: count?.total ?? 0 };
  });
}

/** One customer's latest score (the 360° view); 404 when the customer is unknown or out of scope, null score when unscored. */
export async function customerChurn(pool: pg.Pool, customerNo: string, ctx: ChurnContext): Promise<{ date: string | null; threshold: string; score: ChurnScore | null }> {
  return inReadSnapshot(pool, async (client) => {
    await assertCustomerInScope(client, ctx.user, customerNo, businessDate(ctx.now));
    const { day, threshold } = await scoredDayAndThreshold(client);
    if (!day) return { date: null, threshold, score: null };
    const q = sql.scoreQueries(ctx.user, businessDate(ctx.now), day, { customerNo });
    const row = (await client.query<sql.ScoreRow>(q.rows.sql, q.rows.params)).rows[0];
    return { date: day, threshold, score: row ? toScore(row, Number(threshold), ctx.language) : null };
  });
}

const EXPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'score', zh: '流失评分', en: 'Churn score', kind: 'text' },
  { key: 'scorer', zh: '评分模型', en: 'Scored by', kind: 'text', code: 'churnScorer' },
  { key: 'lifecycle', zh: '生命周期', en: 'Lifecycle', kind: 'text', code: 'lifecycle' },
  { key: 'netAsset', zh: '净资产', en: 'Net asset', kind: 'text' },
  { key: 'staffName', zh: '服务人员', en: 'Serving staff', kind: 'text' },
  { key: 'date', zh: '评分日', en: 'Scored on', kind: 'date' },
];

export function scoreExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('流失预警', 'churn-scores', businessDate(now));
}

/** Streams every filtered score in the caller's scope to `out` as .xlsx (audited as an export). */
export async function exportScores(pool: pg.Pool, filter: ScoreFilters, ctx: ChurnContext, out: Writable): Promise<number> {
  const asOf = businessDate(ctx.now);
  const { day, threshold } = await inReadSnapshot(pool, scoredDayAndThreshold);
  const { rows } = sql.scoreQueries(ctx.user, asOf, day ?? '1900-01-01', filterOf(filter, threshold));
  return exportReport(
    pool,
    {
      report: { id: 'churn-scores', title: { zh: '流失预警', en: 'Churn warning' }, columns: EXPORT_COLUMNS, paramCodes: {} },
      params: { ...filter },
      query: { text: rows.sql, values: rows.params },
    },
    { user: ctx.user, asOf, now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}

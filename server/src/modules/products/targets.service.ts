/**
 * 目标客户挖掘 (issue 13 item 3): a product's target customers — the customers in the caller's scope
 * whose suitability check is MATCH, who do not hold the product yet, ranked by the propensity model of
 * the product's family learned from the deployment's own product_trades (targets.train.ts), with their
 * reasons in words. The family's model is trained lazily: on the first request without one, and again
 * once the history has grown by a window (W, setting outreach.hitWindowDays) since the stored one's
 * test cut-off.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { notFound, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import type { ScopeSubject } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { BoostedModel } from '../churn/churn.tree.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import { addDays, familyVector, planCutoffs, reasonsFor, type BaseRow, type Level } from './targets.rules.js';
import { ensureTargetScores, rankedTargetsSql, unrankedTargetsSql, type ScoringModel } from './targets.scores.js';
import * as sql from './targets.sql.js';
import { lockFamilyTraining, matchSqlOf, productInfo, TARGET_TRAINING, trainTargetModel, windowDaysOf, type Family, type TargetMetrics } from './targets.train.js';

/** One reason a customer ranks high, in both languages (`code` a productTargetReason code). */
export interface TargetReason {
  code: string;
  zh: string;
  en: string;
}

/** One target customer: `score` is the model's probability (decimal string, 0 … 1) of buying within the window. */
export interface ProductTarget {
  customerNo: string;
  score: string;
  reasons: TargetReason[];
}

/** A target with what the list page shows beside it. */
export interface ProductTargetRow extends ProductTarget {
  rank: number;
  customerName: string;
  branchName: string;
}

/** The model behind a product's targets (its family's newest training). */
export interface TargetModelInfo {
  productType: string;
  riskLevel: string;
  level: Level | null;
  trainedAt: string;
  windowDays: number;
  cutoff: string | null;
  trainCutoffs: string[];
  metrics: TargetMetrics;
  noModelReason: 'NO_HISTORY' | 'NO_BUYERS' | null;
}

export interface TargetList {
  productCode: string;
  /** the day the features are read on (an imported trading day); null before any import */
  date: string | null;
  model: TargetModelInfo | null;
  items: ProductTargetRow[];
}

interface StoredModelRow {
  id: string;
  level: Level | null;
  trainedAt: Date;
  windowDays: number;
  cutoff: string | null;
  trainCutoffs: string[];
  metrics: TargetMetrics;
  features: string[];
  model: BoostedModel | null;
  importance: { name: string; importance: string }[];
  noModelReason: 'NO_HISTORY' | 'NO_BUYERS' | null;
}

/**
 * The family's model, trained first when none is stored or the history has grown by a window since
 * the stored one's test cut-off (one training at a time per family: an advisory lock). Needs a client
 * that may write.
 */
async function familyModel(client: pg.PoolClient, family: Family): Promise<StoredModelRow | null> {
  const read = async (): Promise<StoredModelRow | undefined> =>
    (await client.query<StoredModelRow>(sql.LATEST_MODEL, [family.productType, family.riskLevel])).rows[0];
  const stale = async (m: StoredModelRow | undefined): Promise<boolean> => {
    const windowDays = await windowDaysOf(client);
    const days = (await client.query<{ day: string }>(sql.TRADING_DAYS)).rows.map((r) => r.day);
    const plan = planCutoffs(days, windowDays, TARGET_TRAINING.maxTrain);
    if (!m) return days.length > 0;
    if (!plan) return false;
    return m.cutoff === null || m.windowDays !== windowDays || plan.test >= addDays(m.cutoff, windowDays);
  };
  let model = await read();
  if (await stale(model)) {
    await lockFamilyTraining(client, family);
    model = await read();
    if (await stale(model)) {
      await trainTargetModel(client, family, { by: 'auto' });
      model = await read();
    }
  }
  return model ?? null;
}

function infoOf(family: Family, m: StoredModelRow | null | undefined): TargetModelInfo | null {
  if (!m) return null;
  return {
    productType: family.productType, riskLevel: family.riskLevel, level: m.level, trainedAt: m.trainedAt.toISOString(), windowDays: m.windowDays,
    cutoff: m.cutoff, trainCutoffs: m.trainCutoffs, metrics: m.metrics, noModelReason: m.noModelReason,
  };
}

/** The product's family, the day its features are read on and the family's model (trained first when due). */
async function rankingOf(client: pg.PoolClient, productCode: string, date: string | undefined): Promise<{ family: Family; day: string | null; model: StoredModelRow | null }> {
  const product = (await client.query<{ productCode: string; productType: string; riskLevel: string }>(sql.PRODUCT_FAMILY, [productCode])).rows[0];
  if (!product) throw notFound();
  const family: Family = { productType: product.productType, riskLevel: product.riskLevel };
  const day = await importedDayOnOrBefore(client, date);
  return { family, day, model: await familyModel(client, family) };
}

const scoringModel = (m: StoredModelRow): ScoringModel => ({ id: m.id, features: m.features, model: m.model! });

/**
 * The targets and their model, in the caller's transaction (which may write: a lazy training, the
 * day's scores filled once for every customer — targets.scores.ts). Reasons are worked out for the
 * items in `opts.reasons` (index range of the ranked list; default all), the others have none.
 */
export async function targetListIn(
  client: pg.PoolClient, user: AuthUser, productCode: string,
  opts: { limit: number; date?: string; asOf?: string; reasons?: { from: number; count: number } },
): Promise<TargetList> {
  const { family, day, model } = await rankingOf(client, productCode, opts.date);
  if (!day || !model?.model) return { productCode, date: day, model: infoOf(family, model), items: [] };

  await ensureTargetScores(client, family, scoringModel(model), day);
  const params: unknown[] = [];
  const ranked = await rankedTargetsSql(client, user, { productCode, family, modelId: model.id, day }, { limit: opts.limit, asOf: opts.asOf ?? businessDate(new Date()) }, params);
  const top = (await client.query<{ customerNo: string; score: string }>(
    `select r.customer_no as "customerNo", r.score::text as score from (${ranked}) r order by r.score desc, r.customer_no`, params)).rows;
  const from = opts.reasons?.from ?? 0;
  const withReasons = top.slice(from, opts.reasons ? from + opts.reasons.count : undefined).map((t) => t.customerNo);
  const vectors = new Map<string, number[]>();
  if (withReasons.length > 0) {
    const matchSql = await matchSqlOf(client);
    const products = await productInfo(client);
    const fam = { type: family.productType, risk: family.riskLevel };
    // one customer a statement: \`customer_no = $2\` reaches every part of the feature query through the
    // join's equality (an index read a customer), where a list (\`= any\`) reads the day's aggregates of everyone
    for (const customerNo of withReasons) {
      const q = sql.featureQuery([day, customerNo], 'c.customer_no = $2::text', matchSql);
      for (const r of (await client.query<BaseRow>(q.sql, q.params)).rows) vectors.set(r.customerNo, familyVector(r, fam, products, day));
    }
  }
  const importance = new Map(model.importance.map((f) => [f.name, Number(f.importance)]));
  const names = new Map(
    (await client.query<{ customerNo: string; name: string; branchName: string }>(
      `select c.customer_no as "customerNo", c.name, b.branch_name as "branchName" from customers c join branches b on b.branch_code = c.branch_code
        where c.customer_no = any($1::text[])`, [top.map((t) => t.customerNo)])).rows.map((r) => [r.customerNo, r]),
  );
  const items = top.map((t, i) => {
    const x = vectors.get(t.customerNo);
    return {
      rank: i + 1,
      customerNo: t.customerNo,
      customerName: names.get(t.customerNo)?.name ?? '',
      branchName: names.get(t.customerNo)?.branchName ?? '',
      // the stored decimal reads back as the computed probability
      score: Number(t.score).toFixed(6),
      reasons: x ? reasonsFor(x, { type: family.productType, risk: family.riskLevel }, importance).map(({ code, zh, en }) => ({ code, zh, en })) : [],
    };
  });
  return { productCode, date: day, model: infoOf(family, model), items };
}

/**
 * A campaign's audience from a product's targets (营销活动, issue 13): SQL yielding the `customer_no`
 * of the `limit` best-ranked customers of `user`'s scope — MATCH on `matchOn` (the plan's day), not
 * holding the product on the last imported day — as GET …/targets ranks them (its parameters pushed onto `params`). Without a
 * model (too little history, no buyers yet) nothing ranks them: the MATCH customers of the scope who do
 * not hold the product, by customer number, at most `limit`.
 */
export async function targetAudienceSql(
  client: pg.PoolClient, user: ScopeSubject, productCode: string, opts: { limit: number; asOf: string; matchOn: string }, params: unknown[],
): Promise<string> {
  const { family, day, model } = await rankingOf(client, productCode, undefined);
  if (day && model?.model) {
    await ensureTargetScores(client, family, scoringModel(model), day);
    return `select ranked.customer_no from (${await rankedTargetsSql(client, user, { productCode, family, modelId: model.id, day }, opts, params)}) ranked`;
  }
  return unrankedTargetsSql(client, user, { productCode, family, day }, opts, params);
}

/**
 * The product's target customers for `user` (scope, MATCH only, not already holding), best first, at most
 * `opts.limit`; features as of `opts.date` (default the last imported day). Trains the product family's
 * model lazily when none is stored (so `client` must be able to write). Throws notFound for an unknown product.
 */
export async function productTargets(
  client: pg.PoolClient, user: AuthUser, productCode: string, opts: { limit: number; date?: string },
): Promise<ProductTarget[]> {
  const list = await targetListIn(client, user, productCode, opts);
  return list.items.map(({ customerNo, score, reasons }) => ({ customerNo, score, reasons }));
}

/** GET /api/products/{productCode}/targets: in a transaction of its own (a first request trains the family's model, fills the day's scores). */
export async function targetList(
  pool: pg.Pool, user: AuthUser, productCode: string, opts: { limit: number; date?: string; now: Date; reasons?: { from: number; count: number } },
): Promise<TargetList> {
  return inTransaction(pool, (client) => targetListIn(client, user, productCode, { ...opts, asOf: businessDate(opts.now) }));
}

const EXPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'rank', zh: '排名', en: 'Rank', kind: 'int' },
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'score', zh: '购买倾向', en: 'Propensity', kind: 'rate' },
  { key: 'reasons', zh: '理由', en: 'Reasons', kind: 'text' },
];

export function targetExportNames(productCode: string, now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames(`目标客户_${productCode}`, `targets-${productCode}`, businessDate(now));
}

/** Writes a target list (targetList's) to `out` as .xlsx, audited as an export (report.export); returns the rows. */
export async function exportTargets(
  pool: pg.Pool, user: AuthUser, list: TargetList, opts: { limit: number; now: Date; ip: string; language: Language }, out: Writable,
): Promise<number> {
  const rows = list.items.map((t) => ({ ...t, reasons: t.reasons.map((r) => r[opts.language]).join('；') }));
  return exportReport(
    pool,
    {
      report: { id: 'product-targets', title: { zh: '目标客户', en: 'Target customers' }, columns: EXPORT_COLUMNS, paramCodes: {} },
      params: { productCode: list.productCode, date: list.date, limit: opts.limit },
      query: {
        text: `select x.* from jsonb_to_recordset($1::jsonb) as x(rank int, "customerNo" text, "customerName" text, "branchName" text, score numeric, reasons text) order by x.rank`,
        values: [JSON.stringify(rows)],
      },
    },
    { user, asOf: businessDate(opts.now), now: opts.now, ip: opts.ip, language: opts.language },
    out,
  );
}

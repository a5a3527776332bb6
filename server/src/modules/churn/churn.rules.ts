/**
 * Churn warning (流失预警, business-rules.md §7), the pure parts: the features a customer is scored
 * on, the experience rules (经验模型: falling assets, transfers out, falling activity, no contact)
 * as a score of their own, the choice of cut-off days for an out-of-time evaluation, the quality
 * measures (AUC, precision and lift in the top 10 %), the level of a score and the reasons in words.
 * No I/O, no clock.
 */

/**
 * The features, as of a day D, in the order of the model's columns (the tree refers to them by
 * index; a stored model keeps their names). Each is a number; "missing" is a value of its own
 * (−1 for a ratio without a base, NEVER_DAYS for never), which the tree may split on like any other.
 * Window: the 21 imported trading days ending on D (D−20 … D).
 */
export const FEATURES = [
  'netAssetRatio20', // 净资产较20日前之比: net asset D ÷ net asset D−20 (−1: none then)
  'netAssetRatio5', // 净资产较5日前之比
  'netAssetVsAvg20', // 净资产较近20日日均之比: net asset D ÷ its average over D−19 … D (−1: none); it replaced drawdown20 (÷ the 20-day high), whose sliding maximum cost the import more than it gave the model (docs/decisions.md)
  'outflowShare20', // 近20日转出占净资产: BANK_OUT D−19 … D ÷ (net asset D + that outflow)
  'outflowShare5', // 近5日转出占净资产
  'netFlowShare20', // 近20日净转入占比: (BANK_IN − BANK_OUT) ÷ (net asset D + BANK_IN + BANK_OUT), −1 … 1
  'tradeDays10', // 近10日交易天数
  'tradeDaysPrev10', // 前10日交易天数 (D−19 … D−10)
  'tradeDaysDrop', // 交易天数降幅: (prev − recent) ÷ prev (−1: no trade in the earlier 10 days)
  'volumeRatio10', // 近10日成交额较前10日之比 (−1: none before)
  'daysSinceTrade', // 距上次交易天数 (calendar days; from the opening when never traded)
  'daysSinceContact', // 距上次接触天数 (NEVER_DAYS: never contacted)
  'tenureDays', // 开户天数
  'age', // 年龄 (−1: unknown or an institution)
  'netAsset', // 净资产 (CNY)
  'avgNetAsset20', // 近20日日均净资产
  'cashShare', // 现金占总资产 (−1: no assets)
  'debtShare', // 负债占总资产 (−1: no assets)
  'productShare', // 理财产品占比
  'commission20', // 近20日佣金
] as const;
export type Feature = (typeof FEATURES)[number];

/** "Never" for the days-since features. */
export const NEVER_DAYS = 9999;

/** The raw figures of a customer on a cut-off day (churn.sql.ts RAW_FEATURES), as floats. */
export interface RawFigures {
  na0: number;
  na5: number | null;
  na20: number | null;
  out20: number;
  out5: number;
  in20: number;
  td10: number;
  tdPrev10: number;
  vol10: number;
  volPrev10: number;
  comm20: number;
  daysSinceTrade: number;
  daysSinceContact: number | null;
  tenureDays: number;
  age: number | null;
  totalAsset: number;
  cash: number;
  debt: number;
  product: number;
  avgNa20: number;
}

const ratio = (a: number, b: number | null): number => (b === null || b <= 0 ? -1 : a / b);
const share = (a: number, b: number): number => (b <= 0 ? 0 : a / b);

/** The feature row of the raw figures, in the order of FEATURES. */
export function featureVector(r: RawFigures): number[] {
  const na = Math.max(r.na0, 0);
  return [
    ratio(r.na0, r.na20),
    ratio(r.na0, r.na5),
    ratio(r.na0, r.avgNa20),
    share(r.out20, na + r.out20),
    share(r.out5, na + r.out5),
    share(r.in20 - r.out20, na + r.in20 + r.out20),
    r.td10,
    r.tdPrev10,
    r.tdPrev10 > 0 ? (r.tdPrev10 - r.td10) / r.tdPrev10 : -1,
    ratio(r.vol10, r.volPrev10),
    r.daysSinceTrade,
    r.daysSinceContact ?? NEVER_DAYS,
    r.tenureDays,
    r.age ?? -1,
    r.na0,
    r.avgNa20,
    r.totalAsset > 0 ? r.cash / r.totalAsset : -1,
    r.totalAsset > 0 ? r.debt / r.totalAsset : -1,
    share(r.product, r.totalAsset + r.product),
    r.comm20,
  ];
}

/** How a feature's value reads in a reason. */
const FEATURE_FORMAT: Readonly<Record<Feature, 'percent' | 'ratio' | 'days' | 'count' | 'money' | 'years'>> = {
  netAssetRatio20: 'percent', netAssetRatio5: 'percent', netAssetVsAvg20: 'percent', outflowShare20: 'percent', outflowShare5: 'percent',
  netFlowShare20: 'percent', tradeDays10: 'count', tradeDaysPrev10: 'count', tradeDaysDrop: 'percent', volumeRatio10: 'percent',
  daysSinceTrade: 'days', daysSinceContact: 'days', tenureDays: 'days', age: 'years', netAsset: 'money', avgNetAsset20: 'money',
  cashShare: 'percent', debtShare: 'percent', productShare: 'percent', commission20: 'money',
};

/** A feature row: the value of each of FEATURES, by index. */
export type FeatureRow = ArrayLike<number>;

const at = (x: FeatureRow, f: Feature): number => x[FEATURES.indexOf(f)]!;

/**
 * The experience rules (经验模型) with their weights; the rules score is the sum of the weights of
 * the rules that fire (0 … 1). Thresholds are the seeds' rules of thumb, not fitted to any data.
 * A rule fires when its feature is at or above (`>=`) or at or below (`<=`) its bound; a missing
 * ratio (−1) never fires a `<=` rule. Until a trained model is active these rules score each
 * imported day on their own (churn.service.ts scoreChurn, docs/decisions.md).
 */
export const CHURN_RULES = [
  { code: 'OUTFLOW', feature: 'outflowShare20', weight: 0.35, op: '>=', bound: 0.3 }, // 近20日转出 ≥ 30 %
  { code: 'ASSET_DROP', feature: 'netAssetRatio20', weight: 0.25, op: '<=', bound: 0.7 }, // 净资产较20日前下降 ≥ 30 %
  { code: 'ACTIVITY_DROP', feature: 'tradeDaysDrop', weight: 0.2, op: '>=', bound: 0.5 }, // 交易天数下降 ≥ 50 %
  { code: 'NO_TRADE', feature: 'daysSinceTrade', weight: 0.1, op: '>=', bound: 60 }, // 60 天无交易
  { code: 'NO_CONTACT', feature: 'daysSinceContact', weight: 0.1, op: '>=', bound: 90 }, // 90 天未接触
] as const satisfies readonly { code: string; feature: Feature; weight: number; op: '>=' | '<='; bound: number }[];
export type ChurnRule = (typeof CHURN_RULES)[number];
export type ChurnRuleCode = ChurnRule['code'];

/** Whether a rule fires on its feature's value. */
export function ruleFires(rule: ChurnRule, v: number): boolean {
  return rule.op === '>=' ? v >= rule.bound : v >= 0 && v <= rule.bound;
}

/** The rules that fire on a row, with the value that made each fire. */
export function firedRules(x: FeatureRow): { code: ChurnRuleCode; feature: Feature; value: number }[] {
  return CHURN_RULES.filter((r) => ruleFires(r, at(x, r.feature))).map((r) => ({ code: r.code, feature: r.feature, value: at(x, r.feature) }));
}

/** The rules score (经验模型): Σ weights of the rules that fire, 0 … 1. */
export function rulesScore(x: FeatureRow): number {
  let s = 0;
  for (const r of CHURN_RULES) if (ruleFires(r, at(x, r.feature))) s += r.weight;
  return Math.round(s * 1e6) / 1e6;
}

/**
 * The cut-off days of a training (indexes into the imported trading days, oldest 0 … dayCount − 1):
 * - a cut-off needs `window` earlier days for its features (index ≥ window) and a complete label
 *   window (index + horizon ≤ dayCount − 1);
 * - test: the last `testCutoffs` labelled cut-offs, `step` days apart, ending at the last labelled day;
 * - train: every `step`-th day from `window`, whose label window (index + 1 … index + horizon)
 *   ends before the first test cut-off, at most `maxTrain` of them (the latest).
 * `reason` says why there is no plan: too few days for a test cut-off or for a train cut-off.
 */
export function planCutoffs(
  dayCount: number,
  o: { horizon: number; window: number; step: number; testCutoffs: number; maxTrain: number },
): { train: number[]; test: number[] } | { reason: 'NO_TEST_WINDOW' | 'NO_TRAIN_WINDOW'; needDays: number } {
  const lastLabelled = dayCount - 1 - o.horizon;
  const needDays = o.window + 1 + o.horizon + (o.testCutoffs - 1) * o.step + o.horizon + 1;
  const test: number[] = [];
  for (let i = 0; i < o.testCutoffs; i++) {
    const d = lastLabelled - (o.testCutoffs - 1 - i) * o.step;
    if (d >= o.window) test.push(d);
  }
  if (test.length < o.testCutoffs) return { reason: 'NO_TEST_WINDOW', needDays };
  const train: number[] = [];
  for (let d = o.window; d + o.horizon < test[0]!; d += o.step) train.push(d);
  if (train.length === 0) return { reason: 'NO_TRAIN_WINDOW', needDays };
  return { train: train.slice(-o.maxTrain), test };
}

/**
 * The area under the ROC curve: the chance that a random churner scores above a random
 * non-churner, ties counting half (Mann–Whitney with average ranks). Null without both classes.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1; // ranks i+1 … j+1
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]) {
        rankSumPos += avgRank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Precision in the top `fraction` of scores (the ceil(fraction × n) highest) and its lift over the
 * overall churn rate. Customers tied with the last one taken count in proportion (the expected
 * precision when ties are broken at random). Null lift without any churner.
 */
export function topFraction(scores: ArrayLike<number>, labels: ArrayLike<number>, fraction: number): { precision: number; lift: number | null; k: number } {
  const n = scores.length;
  const k = Math.ceil(fraction * n);
  if (n === 0 || k === 0) return { precision: 0, lift: null, k: 0 };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const cutScore = scores[order[k - 1]!]!;
  let above = 0; // taken for sure: scores above the cut
  let abovePos = 0;
  let tied = 0;
  let tiedPos = 0;
  let totalPos = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    const y = labels[i] ? 1 : 0;
    totalPos += y;
    if (s > cutScore) {
      above++;
      abovePos += y;
    } else if (s === cutScore) {
      tied++;
      tiedPos += y;
    }
  }
  const hits = abovePos + ((k - above) * tiedPos) / tied;
  const precision = hits / k;
  return { precision, lift: totalPos === 0 ? null : precision / (totalPos / n), k };
}

/** The level shown with a score: HIGH at or above the threshold, MEDIUM from half of it, else LOW. */
export function churnLevel(score: number, threshold: number): 'HIGH' | 'MEDIUM' | 'LOW' {
  if (score >= threshold) return 'HIGH';
  if (score >= threshold / 2) return 'MEDIUM';
  return 'LOW';
}

/** A reason of a score: a rule that fired, or a step of the tree's path. */
export type StoredReason =
  | { kind: 'rule'; code: ChurnRuleCode; feature: Feature; value: number }
  | { kind: 'tree'; feature: Feature; op: '<' | '>='; threshold: number; value: number };

/**
 * A reason as churn_scores.reasons stores it, short (100,000 rows a night at that many customers): a
 * rule `{r: code, v: value}` (its feature is the rule's), a tree step `{f: feature, o: op, t: bound,
 * v: value}`; numbers to 6 decimals (they are shown as whole percents, days or yuan).
 */
export type CompactReason = { r: ChurnRuleCode; v: number } | { f: Feature; o: '<' | '>='; t: number; v: number };

const sixDecimals = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The reasons in their stored, short form. */
export function compactReasons(reasons: readonly StoredReason[]): CompactReason[] {
  return reasons.map((r) => (r.kind === 'rule'
    ? { r: r.code, v: sixDecimals(r.value) }
    : { f: r.feature, o: r.op, t: sixDecimals(r.threshold), v: sixDecimals(r.value) }));
}

/**
 * The reasons stored in churn_scores.reasons: the short form, or the long one of the scores written
 * before it (`{kind, code, feature, value}` …); anything else (an unknown rule) is left out.
 */
export function readReasons(stored: unknown): StoredReason[] {
  if (!Array.isArray(stored)) return [];
  const out: StoredReason[] = [];
  for (const x of stored as Record<string, unknown>[]) {
    if (x.kind === 'rule' || x.kind === 'tree') {
      out.push(x as unknown as StoredReason);
    } else if (typeof x.r === 'string') {
      const rule = CHURN_RULES.find((r) => r.code === x.r);
      if (rule) out.push({ kind: 'rule', code: rule.code, feature: rule.feature, value: Number(x.v) });
    } else if (typeof x.f === 'string' && (FEATURES as readonly string[]).includes(x.f)) {
      out.push({ kind: 'tree', feature: x.f as Feature, op: x.o === '<' ? '<' : '>=', threshold: Number(x.t), value: Number(x.v) });
    }
  }
  return out;
}

/**
 * The reasons of a score: the rules that fired, then the tree path's steps towards the riskier side
 * of their split, one per feature and direction (the tightest bound) and none repeating a feature a
 * rule already names.
 */
export function reasonsOf(
  x: FeatureRow,
  path: readonly { feature: number; op: '<' | '>='; threshold: number; raises?: boolean }[],
  featureNames: readonly string[],
): StoredReason[] {
  const rules: StoredReason[] = firedRules(x).map((r) => ({ kind: 'rule', ...r }));
  const named = new Set(rules.map((r) => r.feature as string));
  const steps = new Map<string, StoredReason & { kind: 'tree' }>();
  for (const s of path) {
    const feature = featureNames[s.feature] as Feature | undefined;
    // a step towards the safer side of a split explains nothing about the risk ("距上次交易 0 天" is not a reason to leave)
    if (!feature || !FEATURES.includes(feature) || named.has(feature) || s.raises === false) continue;
    const key = `${feature}${s.op}`;
    const before = steps.get(key);
    // the later step of a path is the tighter bound in the same direction
    if (!before || (s.op === '<' ? s.threshold < before.threshold : s.threshold > before.threshold)) {
      steps.set(key, { kind: 'tree', feature, op: s.op, threshold: s.threshold, value: x[FEATURES.indexOf(feature)]! });
    }
  }
  return [...rules, ...steps.values()];
}

/** Labels of the features and rules (the dictionary's churnFeature / churnRule, passed in). */
export type LabelOf = (kind: 'churnFeature' | 'churnRule', code: string) => string;

/** A feature's value as it reads in a reason, e.g. 85 %, 42 天, ¥12,345. */
export function formatFeatureValue(feature: Feature, value: number, language: 'zh' | 'en'): string {
  const kind = FEATURE_FORMAT[feature];
  const missing = language === 'zh' ? '无' : 'none';
  if (value === -1 && kind !== 'money' && kind !== 'count') return missing;
  switch (kind) {
    case 'percent':
      return `${Math.round(value * 100)} %`;
    case 'ratio':
      return value.toFixed(2);
    case 'days':
      if (value >= NEVER_DAYS) return language === 'zh' ? '从未' : 'never';
      return language === 'zh' ? `${Math.round(value)} 天` : `${Math.round(value)} days`;
    case 'years':
      return language === 'zh' ? `${Math.round(value)} 岁` : `${Math.round(value)} years`;
    case 'count':
      return String(Math.round(value));
    case 'money':
      return `¥${Math.round(value).toLocaleString('en-US')}`;
  }
}

/**
 * A reason in words: a rule by its name and the value that made it fire ("近20日大额转出：近20日转出占净资产 85 %"),
 * a tree step by the feature, its value and the bound it crossed ("交易天数降幅 70 %（≥ 50 %）").
 */
export function reasonText(r: StoredReason, language: 'zh' | 'en', label: LabelOf): string {
  const value = formatFeatureValue(r.feature, r.value, language);
  const feature = label('churnFeature', r.feature);
  if (r.kind === 'rule') return `${label('churnRule', r.code)}${language === 'zh' ? '：' : ': '}${feature} ${value}`;
  const bound = formatFeatureValue(r.feature, r.threshold, language);
  return language === 'zh' ? `${feature} ${value}（${r.op === '<' ? '<' : '≥'} ${bound}）` : `${feature} ${value} (${r.op === '<' ? '<' : '≥'} ${bound})`;
}

/** A rule's condition in words: "近20日转出占净资产 ≥ 30 %", "Since the last contact ≥ 90 days". */
export function ruleCondition(rule: ChurnRule, language: 'zh' | 'en', label: LabelOf): string {
  return `${label('churnFeature', rule.feature)} ${rule.op === '>=' ? '≥' : '≤'} ${formatFeatureValue(rule.feature, rule.bound, language)}`;
}

import { describe, expect, it } from 'vitest';
import { codeLabel } from '../../../../shared/codes.js';
import {
  auc, CHURN_RULES, churnLevel, compactReasons, featureVector, FEATURES, firedRules, formatFeatureValue, NEVER_DAYS, planCutoffs, readReasons, reasonsOf, reasonText, ruleCondition, rulesScore, topFraction,
  type RawFigures,
} from './churn.rules.js';
import { cutPoints, leafCount, predict, predictBoosted, predictPath, trainBoosted, trainTree, type SplitNode } from './churn.tree.js';

const label = (language: 'zh' | 'en') => (kind: 'churnFeature' | 'churnRule', code: string) => codeLabel(kind, code, language);

describe('the histogram CART on a tiny dataset', () => {
  // x0 = 1 … 8, churned from 6 on; x1 alternates 1, 0 (noise)
  const x0 = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const x1 = Float64Array.from([1, 0, 1, 0, 1, 0, 1, 0]);
  const labels = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1]);
  const examples = { columns: [x0, x1], labels };

  it('cuts at the quantiles: with 8 bins over 8 values, every value from the second on', () => {
    // floor(b × 8 / 8) = b → sorted[1 … 7] = 2 … 8
    expect(cutPoints(x0, 8)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // values 0 and 1 only: the cut 1 (sorted[4 … 7]) separates them, once
    expect(cutPoints(x1, 8)).toEqual([1]);
  });

  it('splits where the gini gain is largest: x0 < 6, leaves pure', () => {
    // parent gini 2 × 3/8 × 5/8 = 0.46875; x0 < 6 leaves 5 × 0 | 3 × 1, both pure → gain 0.46875;
    // x1 < 1: (0,0,1,1) gini 0.5 and (0,0,0,1) gini 0.375 → 0.4375 → gain 0.03125
    const importance = new Float64Array(2);
    const tree = trainTree(examples, { minLeaf: 1, maxBins: 8, smoothing: 0, maxDepth: 3 }, importance);
    const root = tree as SplitNode;
    expect(root.feature).toBe(0);
    expect(root.threshold).toBe(6);
    expect(root.left).toEqual({ p: 0, n: 5, pos: 0 });
    expect(root.right).toEqual({ p: 1, n: 3, pos: 3 });
    expect(importance[0]).toBeCloseTo(0.46875, 10);
    expect(importance[1]).toBe(0);
    expect(leafCount(tree)).toBe(2);
    expect(predict(tree, [5.9, 1])).toBe(0);
    expect(predict(tree, [6, 1])).toBe(1);
    // the right side (3 of 3 churned) is riskier than the left (0 of 5): a reason for the risk; going left is not
    expect(predictPath(tree, [7, 0]).path).toEqual([{ feature: 0, op: '>=', threshold: 6, raises: true }]);
    expect(predictPath(tree, [5, 0]).path).toEqual([{ feature: 0, op: '<', threshold: 6, raises: false }]);
  });

  it('keeps min-leaf: with 4 rows a side the only split of x0 is x0 < 5', () => {
    // x0 < 5: (0,0,0,0) | (0,1,1,1): right gini 2 × 3/4 × 1/4 = 0.375 → 0.46875 − 4 × 0.375 / 8 = 0.28125 > x1's 0.03125;
    // the children hold 4 < 2 × minLeaf rows and stay leaves
    const tree = trainTree(examples, { minLeaf: 4, maxBins: 8, smoothing: 0 }) as SplitNode;
    expect(tree.feature).toBe(0);
    expect(tree.threshold).toBe(5);
    expect(tree.right).toEqual({ p: 0.75, n: 4, pos: 3 });
  });

  it('smooths a leaf towards the overall rate', () => {
    // base rate 3/8; smoothing 10: left (0 + 3.75) / (5 + 10) = 0.25, right (3 + 3.75) / (3 + 10) = 6.75 / 13
    const tree = trainTree(examples, { minLeaf: 1, maxBins: 8, smoothing: 10 }) as SplitNode;
    expect(predict(tree, [1, 0])).toBeCloseTo(0.25, 12);
    expect(predict(tree, [8, 0])).toBeCloseTo(6.75 / 13, 12);
  });

  it('does not split a pure node, nor beyond the depth', () => {
    expect(trainTree({ columns: [x0], labels: new Uint8Array(8) }, { minLeaf: 1, smoothing: 0 })).toEqual({ p: 0, n: 8, pos: 0 });
    expect(trainTree(examples, { minLeaf: 1, maxDepth: 0, smoothing: 0 })).toEqual({ p: 3 / 8, n: 8, pos: 3 });
  });
});

describe('boosted trees (logistic loss) on the same dataset', () => {
  const x0 = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const labels = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1]);

  it('one step of depth 1: the split of the largest second-order gain and Newton leaf values', () => {
    // base log-odds ln(3/8 ÷ 5/8) = ln 0.6; every row p = 0.375, g = y − 0.375, h = 0.375 × 0.625 = 0.234375.
    // x0 < 6: left G = 5 × −0.375 = −1.875, H = 1.171875 → value −1.6; right G = 3 × 0.625 = 1.875, H = 0.703125 → 8/3
    const importance = new Float64Array(1);
    const model = trainBoosted({ columns: [x0], labels }, { trees: 1, maxDepth: 1, minLeaf: 1, maxBins: 8, rate: 1, lambda: 0 }, importance);
    expect(model.base).toBeCloseTo(Math.log(0.6), 12);
    const root = model.trees[0] as SplitNode;
    expect(root.threshold).toBe(6);
    expect(root.left).toMatchObject({ n: 5, pos: 0 });
    expect((root.left as { p: number }).p).toBeCloseTo(-1.6, 12);
    expect((root.right as { p: number }).p).toBeCloseTo(8 / 3, 12);
    // gain = G_L²/H_L + G_R²/H_R − G²/H = 3 + 5 − 0 = 8
    expect(importance[0]).toBeCloseTo(8, 9);
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    expect(predictBoosted(model, [2])).toBeCloseTo(sigmoid(Math.log(0.6) - 1.6), 12);
    expect(predictBoosted(model, [7])).toBeCloseTo(sigmoid(Math.log(0.6) + 8 / 3), 12);
  });

  it('ranks every churner above every non-churner after more steps (AUC 1)', () => {
    const model = trainBoosted({ columns: [x0], labels }, { trees: 20, maxDepth: 2, minLeaf: 1, maxBins: 8 });
    const scores = Array.from(x0, (v) => predictBoosted(model, [v]));
    expect(Math.min(...scores.slice(5))).toBeGreaterThan(Math.max(...scores.slice(0, 5)));
    expect(auc(scores, labels)).toBe(1);
  });
});

describe('AUC, precision and lift in the top 10 %', () => {
  it('AUC: the share of churner–non-churner pairs ranked right, ties half', () => {
    // churners at 0.9 (beats 0.8, 0.6, 0.5: 3) and 0.7 (beats 0.6, 0.5: 2) of 2 × 3 pairs → 5/6
    expect(auc([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 0, 0])).toBeCloseTo(5 / 6, 12);
    // churner 0.5 ties the non-churner 0.5 (½) and beats 0.2 (1): 1.5 / 2
    expect(auc([0.5, 0.5, 0.2], [1, 0, 0])).toBe(0.75);
    expect(auc([0.1, 0.9], [1, 0])).toBe(0);
    expect(auc([0.1, 0.9], [0, 0])).toBeNull();
  });

  it('precision in the top 10 % and its lift over the churn rate', () => {
    // 10 customers, k = ceil(0.1 × 10) = 1: the top one churned → precision 1; rate 2/10 → lift 5
    const scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    expect(topFraction(scores, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0], 0.1)).toEqual({ precision: 1, lift: 5, k: 1 });
    expect(topFraction(scores, [0, 1, 0, 0, 0, 1, 0, 0, 0, 0], 0.1)).toEqual({ precision: 0, lift: 0, k: 1 });
  });

  it('counts customers tied at the cut in proportion', () => {
    // 20 customers, k = 2; the three highest tie at 0.9, one of them churned: 2 × 1/3 expected hits
    // → precision 1/3; rate 1/20 → lift 20/3
    const scores = [0.9, 0.9, 0.9, ...Array<number>(17).fill(0.1)];
    const labels = [0, 1, 0, ...Array<number>(17).fill(0)];
    const r = topFraction(scores, labels, 0.1);
    expect(r.k).toBe(2);
    expect(r.precision).toBeCloseTo(1 / 3, 12);
    expect(r.lift).toBeCloseTo(20 / 3, 12);
  });
});

describe('planCutoffs (out of time)', () => {
  const o = { horizon: 40, window: 20, step: 4, testCutoffs: 3, maxTrain: 12 };
  it('120 days: test at 71, 75, 79 (79 + 40 = 119, the last day); train 20, 24, 28 (28 + 40 = 68 < 71; 32 + 40 = 72 is not)', () => {
    expect(planCutoffs(120, o)).toEqual({ train: [20, 24, 28], test: [71, 75, 79] });
  });
  it('110 days is the least: test 61, 65, 69, train 20 (20 + 40 = 60 < 61); 109 days leave no train cut-off', () => {
    expect(planCutoffs(110, o)).toEqual({ train: [20], test: [61, 65, 69] });
    expect(planCutoffs(109, o)).toEqual({ reason: 'NO_TRAIN_WINDOW', needDays: 110 });
  });
  it('60 days: the first test cut-off (11) would have no 20-day feature window', () => {
    expect(planCutoffs(60, o)).toEqual({ reason: 'NO_TEST_WINDOW', needDays: 110 });
  });
  it('a long history keeps the latest maxTrain train cut-offs', () => {
    // 250 days: test 201, 205, 209; train 20, 24 … 160 (160 + 40 = 200 < 201): 36 of them, the last 12 kept
    const plan = planCutoffs(250, o);
    expect(plan).toEqual({ train: [116, 120, 124, 128, 132, 136, 140, 144, 148, 152, 156, 160], test: [201, 205, 209] });
  });
});

const raw: RawFigures = {
  na0: 15_000, na5: 60_000, na20: 100_000, out20: 85_000, out5: 40_000, in20: 0, td10: 3, tdPrev10: 10,
  vol10: 5_000, volPrev10: 20_000, comm20: 12.5, daysSinceTrade: 4, daysSinceContact: null, tenureDays: 900, age: 45,
  totalAsset: 20_000, cash: 5_000, debt: 5_000, product: 0, avgNa20: 70_000,
};

describe('features and the experience rules', () => {
  it('computes the features from the raw figures', () => {
    const x = featureVector(raw);
    const v = (f: (typeof FEATURES)[number]) => x[FEATURES.indexOf(f)];
    expect(v('netAssetRatio20')).toBe(0.15); // 15,000 / 100,000
    expect(v('netAssetRatio5')).toBe(0.25); // 15,000 / 60,000
    expect(v('netAssetVsAvg20')).toBeCloseTo(15 / 70, 12); // 15,000 / the 20-day average 70,000
    expect(v('outflowShare20')).toBe(0.85); // 85,000 / (15,000 + 85,000)
    expect(v('outflowShare5')).toBeCloseTo(40 / 55, 12); // 40,000 / (15,000 + 40,000)
    expect(v('netFlowShare20')).toBe(-0.85); // (0 − 85,000) / (15,000 + 0 + 85,000)
    expect(v('tradeDaysDrop')).toBe(0.7); // (10 − 3) / 10
    expect(v('volumeRatio10')).toBe(0.25);
    expect(v('daysSinceContact')).toBe(NEVER_DAYS);
    expect(v('cashShare')).toBe(0.25);
    expect(v('debtShare')).toBe(0.25);
    expect(featureVector({ ...raw, na20: null, tdPrev10: 0, totalAsset: 0 }).filter((_, i) => [0, 8, 16, 17].includes(i))).toEqual([-1, -1, -1, -1]);
  });

  it('fires each rule on its side of the threshold', () => {
    const x = featureVector(raw);
    // outflow 0.85 ≥ 0.3 (0.35), net asset 0.15 ≤ 0.7 (0.25), trading days −70 % ≥ 50 % (0.2), never contacted (0.1); 4 days since the last trade (< 60)
    expect(firedRules(x).map((r) => r.code)).toEqual(['OUTFLOW', 'ASSET_DROP', 'ACTIVITY_DROP', 'NO_CONTACT']);
    expect(rulesScore(x)).toBe(0.9);
    // just below each: 29.99… % out, net asset 70.1 %, trading days −40 %, 59 days, contact 89 days ago → none
    const below = featureVector({ ...raw, out20: 2_999, na0: 7_001, na20: 9_987, tdPrev10: 5, td10: 3, daysSinceTrade: 59, daysSinceContact: 89 });
    expect(below[FEATURES.indexOf('outflowShare20')]).toBeLessThan(0.3);
    expect(firedRules(below)).toEqual([]);
    // on each bound: 30 % out (3,000 / 10,000), 70 % net asset, −50 %, 60 days, 90 days → all five, 1.0
    const on = featureVector({ ...raw, out20: 3_000, na0: 7_000, na20: 10_000, tdPrev10: 4, td10: 2, daysSinceTrade: 60, daysSinceContact: 90 });
    expect(firedRules(on).map((r) => r.code)).toEqual(['OUTFLOW', 'ASSET_DROP', 'ACTIVITY_DROP', 'NO_TRADE', 'NO_CONTACT']);
    expect(rulesScore(on)).toBe(1);
  });

  it('states each rule’s condition in words', () => {
    expect(CHURN_RULES.map((r) => ruleCondition(r, 'zh', label('zh')))).toEqual([
      '近20日转出占净资产 ≥ 30 %', '净资产较20日前 ≤ 70 %', '交易天数较前10日下降 ≥ 50 %', '距上次交易 ≥ 60 天', '距上次接触 ≥ 90 天',
    ]);
    expect(ruleCondition(CHURN_RULES[1], 'en', label('en'))).toBe('Net asset vs 20 days ago ≤ 70 %');
    // a net asset without a base 20 days before (−1) is no drop
    expect(firedRules(featureVector({ ...raw, na20: null })).map((r) => r.code)).not.toContain('ASSET_DROP');
  });

  it('levels: HIGH from the threshold, MEDIUM from half of it', () => {
    expect(churnLevel(0.5, 0.5)).toBe('HIGH');
    expect(churnLevel(0.4999, 0.5)).toBe('MEDIUM');
    expect(churnLevel(0.25, 0.5)).toBe('MEDIUM');
    expect(churnLevel(0.2499, 0.5)).toBe('LOW');
  });
});

describe('reasons in words', () => {
  const x = featureVector(raw);
  const names = [...FEATURES];
  const path = [
    { feature: FEATURES.indexOf('outflowShare20'), op: '>=' as const, threshold: 0.3 }, // named by the OUTFLOW rule already
    { feature: FEATURES.indexOf('volumeRatio10'), op: '<' as const, threshold: 0.5 },
    { feature: FEATURES.indexOf('volumeRatio10'), op: '<' as const, threshold: 0.4 }, // the tighter bound wins
    { feature: FEATURES.indexOf('tenureDays'), op: '>=' as const, threshold: 365 },
  ];
  const reasons = reasonsOf(x, path, names);

  it('lists the rules that fired, then the path once per feature and direction', () => {
    expect(reasons.map((r) => (r.kind === 'rule' ? r.code : `${r.feature}${r.op}${r.threshold}`))).toEqual([
      'OUTFLOW', 'ASSET_DROP', 'ACTIVITY_DROP', 'NO_CONTACT', 'volumeRatio10<0.4', 'tenureDays>=365',
    ]);
  });

  it('reads in Chinese and English', () => {
    expect(reasons.map((r) => reasonText(r, 'zh', label('zh')))).toEqual([
      '资金大额转出：近20日转出占净资产 85 %',
      '资产下降：净资产较20日前 15 %',
      '交易活跃度下降：交易天数较前10日下降 70 %',
      '长期未接触：距上次接触 从未',
      '近10日成交额较前10日 25 %（< 40 %）',
      '开户时长 900 天（≥ 365 天）',
    ]);
    expect(reasonText(reasons[0]!, 'en', label('en'))).toBe('Large transfers out: Transfers out in 20 days, share of net asset 85 %');
    expect(reasonText(reasons[5]!, 'en', label('en'))).toBe('Since opening 900 days (≥ 365 days)');
  });

  it('are stored short and read back whole, as are the long ones stored before', () => {
    const stored = compactReasons([...reasons, { kind: 'tree', feature: 'netAsset', op: '<', threshold: 1234567.123456789, value: 1000.0000004 }]);
    expect(stored[0]).toEqual({ r: 'OUTFLOW', v: 0.85 });
    expect(stored[4]).toEqual({ f: 'volumeRatio10', o: '<', t: 0.4, v: 0.25 });
    // to 6 decimals: shown as whole percents, days and yuan
    expect(stored[6]).toEqual({ f: 'netAsset', o: '<', t: 1234567.123457, v: 1000 });
    const back = readReasons(JSON.parse(JSON.stringify(stored)));
    expect(back.slice(0, 6)).toEqual(reasons);
    expect(back[6]).toEqual({ kind: 'tree', feature: 'netAsset', op: '<', threshold: 1234567.123457, value: 1000 });
    // the long form of earlier scores reads as it is; an unknown rule or feature is left out
    expect(readReasons([{ kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.85 }, { r: 'GONE', v: 1 }, { f: 'nope', o: '<', t: 1, v: 0 }]))
      .toEqual([{ kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.85 }]);
    expect(readReasons(null)).toEqual([]);
  });

  it('formats money and missing values', () => {
    expect(formatFeatureValue('netAsset', 1234567.4, 'zh')).toBe('¥1,234,567');
    expect(formatFeatureValue('netAssetRatio20', -1, 'zh')).toBe('无');
    expect(formatFeatureValue('age', -1, 'en')).toBe('none');
  });
});

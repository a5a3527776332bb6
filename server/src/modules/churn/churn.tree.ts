/**
 * A histogram CART (分类回归树) for the churn model (流失预警, business-rules.md §7): each feature is
 * binned once at quantile cut points, a node's best split is found from per-bin counts (gini
 * impurity), and growth stops at the depth and minimum-leaf limits. A leaf holds its smoothed
 * churn rate, the predicted probability. Pure: no I/O, no clock; deterministic for the same input.
 *
 * Learns only what the examples show (the deployment's own imported history); nothing about any
 * particular brokerage is coded here.
 */

/** A split node: rows with `x[feature] < threshold` go left. */
export interface SplitNode {
  feature: number;
  threshold: number;
  left: TreeNode;
  right: TreeNode;
}

/** A leaf: `p` the (smoothed) churn rate of its `n` training rows, `pos` of them churned. */
export interface LeafNode {
  p: number;
  n: number;
  pos: number;
}

export type TreeNode = SplitNode | LeafNode;

export interface TreeOptions {
  maxDepth: number;
  /** the fewest training rows a leaf may hold */
  minLeaf: number;
  /** at most this many bins per feature (quantile cut points) */
  maxBins: number;
  /** a split must lower the weighted gini impurity by at least this much */
  minGain: number;
  /** the prior weight pulling a small leaf's rate to the overall rate (0: the raw rate) */
  smoothing: number;
}

export const DEFAULT_TREE_OPTIONS: TreeOptions = { maxDepth: 6, minLeaf: 50, maxBins: 32, minGain: 1e-7, smoothing: 10 };

/** The examples: `columns[f][i]` is feature f of row i; `labels[i]` 1 when row i churned. */
export interface Examples {
  columns: readonly Float64Array[];
  labels: Uint8Array;
}

export function isLeaf(node: TreeNode): node is LeafNode {
  return (node as SplitNode).feature === undefined;
}

/**
 * The cut points of one feature: up to `maxBins − 1` distinct values at the quantiles of its sorted
 * values; a value v falls in bin = the number of cuts ≤ v. A cut is always the smallest value of the
 * bin above it, so `x < cut` separates bins exactly.
 */
export function cutPoints(values: Float64Array, maxBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const cuts: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const v = sorted[Math.floor((b * n) / maxBins)];
    if (v === undefined) break;
    if (v > sorted[0]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  return cuts;
}

function binOf(cuts: readonly number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Each feature's cut points and every row's bin of it (the histogram both trainers split on). */
function binned(columns: readonly Float64Array[], rowCount: number, maxBins: number): { cuts: number[][]; bins: Uint8Array[] } {
  const cuts = columns.map((c) => cutPoints(c, maxBins));
  const bins = columns.map((c, f) => {
    const b = new Uint8Array(rowCount);
    const fc = cuts[f]!;
    for (let i = 0; i < rowCount; i++) b[i] = binOf(fc, c[i]!);
    return b;
  });
  return { cuts, bins };
}

const gini = (n: number, pos: number): number => (n === 0 ? 0 : 2 * (pos / n) * (1 - pos / n));

/** Trains one tree; `importance` gets each feature's total weighted gini decrease added to it. */
export function trainTree(examples: Examples, options: Partial<TreeOptions> = {}, importance?: Float64Array): TreeNode {
  const o = { ...DEFAULT_TREE_OPTIONS, ...options };
  const { columns, labels } = examples;
  const rowCount = labels.length;
  const { cuts, bins } = binned(columns, rowCount, o.maxBins);
  let totalPos = 0;
  for (let i = 0; i < rowCount; i++) totalPos += labels[i]!;
  const baseRate = rowCount === 0 ? 0 : totalPos / rowCount;
  const leaf = (n: number, pos: number): LeafNode => ({ p: (pos + o.smoothing * baseRate) / (n + o.smoothing), n, pos });

  const grow = (rows: Uint32Array, depth: number): TreeNode => {
    const n = rows.length;
    let pos = 0;
    for (const i of rows) pos += labels[i]!;
    if (depth >= o.maxDepth || n < 2 * o.minLeaf || pos === 0 || pos === n) return leaf(n, pos);
    const parentImpurity = gini(n, pos);
    let best: { feature: number; bin: number; gain: number } | null = null;
    for (let f = 0; f < columns.length; f++) {
      const k = cuts[f]!.length + 1;
      if (k < 2) continue;
      const count = new Uint32Array(k);
      const posCount = new Uint32Array(k);
      const fb = bins[f]!;
      for (const i of rows) {
        const b = fb[i]!;
        count[b]!++;
        posCount[b]! += labels[i]!;
      }
      let ln = 0;
      let lp = 0;
      for (let b = 0; b < k - 1; b++) {
        ln += count[b]!;
        lp += posCount[b]!;
        const rn = n - ln;
        if (ln < o.minLeaf) continue;
        if (rn < o.minLeaf) break;
        const gain = parentImpurity - (ln * gini(ln, lp) + rn * gini(rn, pos - lp)) / n;
        if (gain > o.minGain && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
      }
    }
    if (!best) return leaf(n, pos);
    const fb = bins[best.feature]!;
    let leftCount = 0;
    for (const i of rows) if (fb[i]! <= best.bin) leftCount++;
    const left = new Uint32Array(leftCount);
    const right = new Uint32Array(n - leftCount);
    let li = 0;
    let ri = 0;
    for (const i of rows) {
      if (fb[i]! <= best.bin) left[li++] = i;
      else right[ri++] = i;
    }
    if (importance) importance[best.feature] = (importance[best.feature] ?? 0) + (best.gain * n) / rowCount;
    return {
      feature: best.feature,
      // bins 0..best.bin go left: x < the cut that starts bin best.bin + 1
      threshold: cuts[best.feature]![best.bin]!,
      left: grow(left, depth + 1),
      right: grow(right, depth + 1),
    };
  };

  const all = new Uint32Array(rowCount);
  for (let i = 0; i < rowCount; i++) all[i] = i;
  return grow(all, 0);
}

/** One step of a path from the root: the feature, the comparison the row satisfied and the bound. */
export interface PathStep {
  feature: number;
  op: '<' | '>=';
  threshold: number;
  /** the side taken held a higher churn rate in training than the other side (a reason for the risk, not against it) */
  raises: boolean;
}

/** The churners and rows under a node (its leaves' training counts). */
function countsOf(node: TreeNode): { n: number; pos: number } {
  if (isLeaf(node)) return { n: node.n, pos: node.pos };
  const l = countsOf(node.left);
  const r = countsOf(node.right);
  return { n: l.n + r.n, pos: l.pos + r.pos };
}

const rateOf = (node: TreeNode): number => {
  const c = countsOf(node);
  return c.n === 0 ? 0 : c.pos / c.n;
};

/** The leaf a row reaches and the path it took (`x[f]` the row's feature f). */
export function predictPath(tree: TreeNode, x: ArrayLike<number>): { leaf: LeafNode; path: PathStep[] } {
  const path: PathStep[] = [];
  let node = tree;
  while (!isLeaf(node)) {
    const goLeft = x[node.feature]! < node.threshold;
    const [taken, other] = goLeft ? [node.left, node.right] : [node.right, node.left];
    path.push({ feature: node.feature, op: goLeft ? '<' : '>=', threshold: node.threshold, raises: rateOf(taken) > rateOf(other) });
    node = taken;
  }
  return { leaf: node, path };
}

/** The predicted churn probability of a row. */
export function predict(tree: TreeNode, x: ArrayLike<number>): number {
  let node = tree;
  while (!isLeaf(node)) node = x[node.feature]! < node.threshold ? node.left : node.right;
  return node.p;
}

/** The number of leaves (a measure of the tree's size shown with the model). */
export function leafCount(tree: TreeNode): number {
  return isLeaf(tree) ? 1 : leafCount(tree.left) + leafCount(tree.right);
}

/** A boosted model: the log-odds `base` plus `rate` × the sum of its regression trees' leaf values. */
export interface BoostedModel {
  base: number;
  rate: number;
  trees: TreeNode[];
}

export interface BoostOptions {
  trees: number;
  maxDepth: number;
  minLeaf: number;
  maxBins: number;
  rate: number;
  /** L2 regularisation of a leaf's value */
  lambda: number;
}

export const DEFAULT_BOOST_OPTIONS: BoostOptions = { trees: 40, maxDepth: 3, minLeaf: 50, maxBins: 32, rate: 0.1, lambda: 1 };

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Gradient-boosted regression trees on the logistic loss (histogram splits by the second-order
 * gain). A leaf's `p` holds its value (log-odds step), `n` its rows, `pos` its churners.
 */
export function trainBoosted(examples: Examples, options: Partial<BoostOptions> = {}, importance?: Float64Array): BoostedModel {
  const o = { ...DEFAULT_BOOST_OPTIONS, ...options };
  const { columns, labels } = examples;
  const rowCount = labels.length;
  const { cuts, bins } = binned(columns, rowCount, o.maxBins);
  let pos = 0;
  for (let i = 0; i < rowCount; i++) pos += labels[i]!;
  const rate0 = Math.min(Math.max(pos / Math.max(rowCount, 1), 1e-6), 1 - 1e-6);
  const base = Math.log(rate0 / (1 - rate0));
  const f = new Float64Array(rowCount).fill(base);
  const g = new Float64Array(rowCount);
  const h = new Float64Array(rowCount);
  const trees: TreeNode[] = [];
  const score = (G: number, H: number) => (G * G) / (H + o.lambda);

  const grow = (rows: Uint32Array, depth: number): TreeNode => {
    let G = 0;
    let H = 0;
    let p = 0;
    for (const i of rows) {
      G += g[i]!;
      H += h[i]!;
      p += labels[i]!;
    }
    const leaf = (): LeafNode => {
      const value = G / (H + o.lambda);
      // the rows of the leaf move by its step at once (no second pass over the tree)
      for (const i of rows) f[i] = f[i]! + o.rate * value;
      return { p: value, n: rows.length, pos: p };
    };
    if (depth >= o.maxDepth || rows.length < 2 * o.minLeaf) return leaf();
    const parent = score(G, H);
    let best: { feature: number; bin: number; gain: number } | null = null;
    for (let ft = 0; ft < columns.length; ft++) {
      const k = cuts[ft]!.length + 1;
      if (k < 2) continue;
      const cg = new Float64Array(k);
      const ch = new Float64Array(k);
      const cn = new Uint32Array(k);
      const fb = bins[ft]!;
      for (const i of rows) {
        const b = fb[i]!;
        cg[b]! += g[i]!;
        ch[b]! += h[i]!;
        cn[b]!++;
      }
      let lg = 0;
      let lh = 0;
      let ln = 0;
      for (let b = 0; b < k - 1; b++) {
        lg += cg[b]!;
        lh += ch[b]!;
        ln += cn[b]!;
        if (ln < o.minLeaf) continue;
        if (rows.length - ln < o.minLeaf) break;
        const gain = score(lg, lh) + score(G - lg, H - lh) - parent;
        if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature: ft, bin: b, gain };
      }
    }
    if (!best) return leaf();
    const fb = bins[best.feature]!;
    let leftCount = 0;
    for (const i of rows) if (fb[i]! <= best.bin) leftCount++;
    const left = new Uint32Array(leftCount);
    const right = new Uint32Array(rows.length - leftCount);
    let li = 0;
    let ri = 0;
    for (const i of rows) {
      if (fb[i]! <= best.bin) left[li++] = i;
      else right[ri++] = i;
    }
    if (importance) importance[best.feature] = (importance[best.feature] ?? 0) + best.gain;
    return { feature: best.feature, threshold: cuts[best.feature]![best.bin]!, left: grow(left, depth + 1), right: grow(right, depth + 1) };
  };

  const all = new Uint32Array(rowCount);
  for (let i = 0; i < rowCount; i++) all[i] = i;
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < rowCount; i++) {
      const q = sigmoid(f[i]!);
      g[i] = labels[i]! - q;
      h[i] = q * (1 - q);
    }
    trees.push(grow(all, 0));
  }
  return { base, rate: o.rate, trees };
}

/** The churn probability of a row under a boosted model. */
export function predictBoosted(model: BoostedModel, x: ArrayLike<number>): number {
  let z = model.base;
  for (const t of model.trees) z += model.rate * predict(t, x);
  return sigmoid(z);
}

/**
 * Payroll rules (薪酬, business-rules.md §5). Pure: no I/O, no clock, no database. Money is exact
 * (decimal.js); every amount a person sees is rounded half-up to the cent.
 */
import { Decimal } from 'decimal.js';
import { CODES, type CodeLabel } from '../../../../shared/codes.js';

/** Wide enough for weighted numeric inputs with many decimals; never rounds before `roundMoney`. */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export function money(value: Decimal.Value): Decimal {
  return new D(value);
}

/** Half-up to the cent. */
export function roundMoney(value: Decimal): Decimal {
  return new D(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** "1234.50": JSON carries money as strings. */
export function moneyText(value: Decimal): string {
  return roundMoney(value).toFixed(2);
}

export const STAFF_LEVELS = ['见习', '初级', '中级', '高级', '资深'] as const;

// ---------------------------------------------------------------- adjustments (薪酬调整)

export const ADJUSTMENT_KINDS = [
  'COMPLIANCE_DEDUCTION', // 合规扣款
  'PRODUCT_SALES_COMMISSION', // 金融产品销售提成
  'ATTENDANCE_DEDUCTION', // 考勤扣款
  'EARLY_PROMOTION_BONUS', // 提前晋级奖
  'OTHER_REWARD', // 其他奖励
  'WELFARE', // 福利费
] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** The kinds' titles, from the one dictionary of codes (shared/codes.ts). */
export const ADJUSTMENT_TITLES: Readonly<Record<AdjustmentKind, CodeLabel>> = CODES.adjustmentKind;

export function isDeduction(kind: AdjustmentKind): boolean {
  return kind === 'COMPLIANCE_DEDUCTION' || kind === 'ATTENDANCE_DEDUCTION';
}

/**
 * The stored, signed amount of an adjustment entered as a positive magnitude: deductions are
 * negative, every other kind positive. Null when the magnitude is not a positive amount in cents.
 */
export function signedAdjustment(kind: AdjustmentKind, magnitude: string): Decimal | null {
  let value: Decimal;
  try {
    value = new D(magnitude);
  } catch {
    return null;
  }
  if (!value.isFinite() || value.lte(0) || value.decimalPlaces() > 2) return null;
  return isDeduction(kind) ? value.neg() : value;
}

// ---------------------------------------------------------------- commission tiers (提成模板)

export interface CommissionTier {
  /** The tier applies from this amount of net commission up to the next tier's lower bound. */
  lowerBound: Decimal;
  rate: Decimal;
}

export interface TierPart {
  from: Decimal;
  /** null for the last, unbounded tier. */
  to: Decimal | null;
  rate: Decimal;
  /** The part of the net commission that falls in this tier. */
  base: Decimal;
  amount: Decimal;
}

export interface CommissionShare {
  /** Rounded to the cent. */
  share: Decimal;
  parts: TierPart[];
}

/** The default template's tiers: 0–20,000 at 20 %, 20,000–100,000 at 30 %, above at 40 %. */
export const DEFAULT_TIERS: readonly CommissionTier[] = [
  { lowerBound: new D(0), rate: new D('0.20') },
  { lowerBound: new D(20000), rate: new D('0.30') },
  { lowerBound: new D(100000), rate: new D('0.40') },
];

/** Tiers sorted by lower bound; throws unless they start at 0 with distinct bounds and rates in [0, 1]. */
export function checkedTiers(tiers: readonly CommissionTier[]): CommissionTier[] {
  const sorted = [...tiers].sort((a, b) => a.lowerBound.comparedTo(b.lowerBound));
  if (!sorted.length || !sorted[0]!.lowerBound.isZero()) throw new Error('payroll: the first commission tier must start at 0');
  sorted.forEach((tier, i) => {
    if (i > 0 && tier.lowerBound.eq(sorted[i - 1]!.lowerBound)) throw new Error('payroll: two commission tiers share a lower bound');
    if (tier.rate.lt(0) || tier.rate.gt(1)) throw new Error('payroll: a commission rate must be between 0 and 1');
  });
  return sorted;
}

/**
 * 佣金提成: the marginal tiers applied to the month's attributed net commission (净佣金), each tier's
 * rate on the part of the amount inside it, summed exactly and rounded to the cent once.
 *
 * Decision: a NEGATIVE (or zero) net commission gives a commission share of 0. The tiers apply to
 * positive amounts only; a loss-making month is not a debt of the staff member, and it is not
 * carried into the next month (business-rules.md is silent; a carry-forward would be a template
 * option, not this rule).
 */
export function commissionShare(netCommission: Decimal, tiers: readonly CommissionTier[]): CommissionShare {
  const sorted = checkedTiers(tiers);
  const net = new D(netCommission);
  const parts: TierPart[] = [];
  let total = new D(0);
  if (net.gt(0)) {
    sorted.forEach((tier, i) => {
      const next = sorted[i + 1];
      const to = next ? next.lowerBound : null;
      if (net.lte(tier.lowerBound)) return;
      const top = to && net.gt(to) ? to : net;
      const base = top.minus(tier.lowerBound);
      const amount = base.times(tier.rate);
      parts.push({ from: tier.lowerBound, to, rate: tier.rate, base, amount });
      total = total.plus(amount);
    });
  }
  return { share: roundMoney(total), parts };
}

// ---------------------------------------------------------------- payslip (工资单)

export interface PayslipParts {
  baseSalary: Decimal; // 底薪
  commissionShare: Decimal; // 佣金提成
  productSalesCommission: Decimal; // 金融产品销售提成
  adjustmentsTotal: Decimal; // 薪酬调整合计
}

/** 应发合计 = base + commission share + product sales commission + adjustments, each part to the cent first. */
export function payslipTotal(parts: PayslipParts): Decimal {
  return roundMoney(parts.baseSalary)
    .plus(roundMoney(parts.commissionShare))
    .plus(roundMoney(parts.productSalesCommission))
    .plus(roundMoney(parts.adjustmentsTotal));
}

// ---------------------------------------------------------------- templates (提成模板)

/** The template a month uses until another is chosen when it is computed. */
export const DEFAULT_TEMPLATE = 'DEFAULT';

/** A commission template as entered: every level's base salary and the marginal tiers, decimals as strings. */
export interface TemplateInput {
  baseSalaries: readonly { level: string; baseSalary: string }[];
  tiers: readonly { lowerBound: string; upperBound?: string | null; rate: string }[];
}

/** One problem with a template, at its path inside the input (`tiers.1.rate`). */
export interface TemplateProblem {
  path: (string | number)[];
  zh: string;
  en: string;
}

/**
 * The checks across fields of a template whose single fields are already well formed (the zod
 * schema in payroll.schemas.ts): one base salary per level, each level present; tiers starting at 0
 * with strictly ascending lower bounds; an upper bound, when given, equal to the next tier's lower
 * bound (contiguous) and absent on the last tier.
 */
export function templateProblems(input: TemplateInput): TemplateProblem[] {
  const num = (value: string | null | undefined): Decimal | null => {
    if (value === null || value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return null;
    return new D(value);
  };
  const problems: TemplateProblem[] = [];
  const seen = new Set<string>();
  input.baseSalaries.forEach((b, i) => {
    if (seen.has(b.level)) problems.push({ path: ['baseSalaries', i, 'level'], zh: `职级 ${b.level} 重复`, en: `level ${b.level} appears twice` });
    seen.add(b.level);
  });
  const missing = STAFF_LEVELS.filter((level) => !seen.has(level));
  if (missing.length) {
    problems.push({ path: ['baseSalaries'], zh: `缺少职级的底薪：${missing.join('、')}`, en: `base salary missing for level(s) ${missing.join(', ')}` });
  }
  const tiers = input.tiers;
  const first = num(tiers[0]?.lowerBound);
  if (first && !first.isZero()) {
    problems.push({ path: ['tiers', 0, 'lowerBound'], zh: '第一档的下限必须为 0', en: 'the first tier must start at 0' });
  }
  tiers.forEach((tier, i) => {
    const lower = num(tier.lowerBound);
    const previous = i > 0 ? num(tiers[i - 1]!.lowerBound) : null;
    if (lower && previous && !lower.gt(previous)) {
      problems.push({ path: ['tiers', i, 'lowerBound'], zh: '各档下限必须严格递增', en: 'lower bounds must be strictly ascending' });
    }
    if (tier.upperBound === undefined || tier.upperBound === null) return;
    const next = tiers[i + 1];
    const upper = num(tier.upperBound);
    const nextLower = num(next?.lowerBound);
    if (!next) problems.push({ path: ['tiers', i, 'upperBound'], zh: '最后一档没有上限', en: 'the last tier has no upper bound' });
    else if (upper && nextLower && !upper.eq(nextLower)) {
      problems.push({ path: ['tiers', i, 'upperBound'], zh: '上限必须等于下一档的下限（各档须连续）', en: "the upper bound must equal the next tier's lower bound (tiers are contiguous)" });
    }
  });
  return problems;
}

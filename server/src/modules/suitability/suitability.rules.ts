/**
 * 适当性匹配 (suitability.md, business-rules.md §8): whether a product may be recommended and sold to
 * a customer on a day. Pure: no I/O, no clock, no database.
 *
 *   professional investor (PRO_A / PRO_B / PRO_C)      MATCH, every product level
 *   no valid assessment (never assessed, undated, assessed after the day, or older than the
 *   validity: assessed on D counts until the day before D + validityYears)
 *                                                      R1 MATCH, anything above NEVER
 *   lowest category (风险承受能力最低类别)               R1 MATCH, anything above NEVER
 *   C1 … C5 with a valid assessment                    the matrix (configuration): MATCH, else MISMATCH
 *
 * MISMATCH (✘): the firm may not recommend or push it; a customer-initiated purchase needs the
 * recorded special warning and confirmation. NEVER: refused whatever the customer asks. A customer
 * without a valid assessment is NEVER above R1, not MISMATCH: the confirmation must record that the
 * customer is not of the lowest category, which nobody can know without a valid assessment
 * (docs/decisions.md "Suitability: no valid assessment is NEVER above R1").
 *
 * suitability.sql.ts writes the same decision as one SQL CASE expression, for set-based filters.
 */
import { addYears } from '../../lib/dates.js';

export const RISK_CATEGORIES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const; // 风险承受能力
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export const PRODUCT_RISKS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const; // 产品风险等级
export type ProductRisk = (typeof PRODUCT_RISKS)[number];
export const INVESTOR_CLASSES = ['ORDINARY', 'PRO_A', 'PRO_B', 'PRO_C'] as const;

export const SUITABILITY_RESULTS = ['MATCH', 'MISMATCH', 'NEVER'] as const;
export type SuitabilityResult = (typeof SUITABILITY_RESULTS)[number];

/** Why a check came out as it did (shared/codes.ts `suitabilityReason`). */
export const SUITABILITY_REASONS = [
  'PROFESSIONAL', 'ASSESSMENT_MISSING', 'ASSESSMENT_EXPIRED', 'LOWEST_CATEGORY', 'PRODUCT_R1', 'WITHIN_CATEGORY', 'ABOVE_CATEGORY',
] as const;
export type SuitabilityReason = (typeof SUITABILITY_REASONS)[number];

/** A customer's assessment as of a day (shared/codes.ts `assessmentStatus`). */
export const ASSESSMENT_STATUSES = ['NOT_REQUIRED', 'VALID', 'EXPIRING', 'EXPIRED', 'MISSING'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Settings key `suitability` (migration 0029). */
export interface SuitabilitySettings {
  /** A risk assessment counts for this many years (default 2). */
  validityYears: number;
  /** An assessment expiring within this many days is listed as expiring (default 30). */
  expiringWithinDays: number;
  /** The product risk levels each category may be recommended and sold (✔ of the matrix). */
  matrix: Readonly<Record<RiskCategory, readonly ProductRisk[]>>;
}

/** suitability.md's matrix and validity, as migration 0029 stores them. */
export const DEFAULT_SUITABILITY: SuitabilitySettings = {
  validityYears: 2,
  expiringWithinDays: 30,
  matrix: {
    C1: ['R1'],
    C2: ['R1', 'R2'],
    C3: ['R1', 'R2', 'R3'],
    C4: ['R1', 'R2', 'R3', 'R4'],
    C5: ['R1', 'R2', 'R3', 'R4', 'R5'],
  },
};

/** What the check needs to know about the customer (customers row). */
export interface SuitabilityCustomer {
  riskLevel: string | null;
  riskAssessedOn: string | null;
  investorClass: string;
  lowestRiskCategory: boolean;
}

export interface SuitabilityCheck {
  result: SuitabilityResult;
  /** The recorded category (C1…C5), whether or not its assessment still counts; null when never assessed. */
  customerRisk: string | null;
  productRisk: string;
  /** The assessment counts on the day (professionals: whether theirs does, though they need none). */
  assessmentValid: boolean;
  /** The first day the assessment no longer counts; null without an assessment date. */
  assessmentExpiresOn: string | null;
  reasons: SuitabilityReason[];
}

export function isProfessional(investorClass: string): boolean {
  return investorClass === 'PRO_A' || investorClass === 'PRO_B' || investorClass === 'PRO_C';
}

/**
 * The first day an assessment of `assessedOn` no longer counts: the same day `years` later, the
 * 29th of February becoming the 28th (PostgreSQL's `date + interval 'n years'`).
 */
export function assessmentExpiresOn(assessedOn: string, years: number): string {
  return addYears(assessedOn, years);
}

/** Whether the customer's assessment counts on `date`: assessed (category and date), on or before the day, not expired. */
function assessmentOn(customer: SuitabilityCustomer, date: string, settings: SuitabilitySettings): { valid: boolean; expiresOn: string | null } {
  const expiresOn = customer.riskAssessedOn === null ? null : assessmentExpiresOn(customer.riskAssessedOn, settings.validityYears);
  const valid = customer.riskLevel !== null && customer.riskAssessedOn !== null && customer.riskAssessedOn <= date && date < expiresOn!;
  return { valid, expiresOn };
}

/** The suitability of a product of risk level `product.riskLevel` for the customer on `date` (YYYY-MM-DD). */
export function checkSuitability(
  customer: SuitabilityCustomer, product: { riskLevel: string }, date: string, settings: SuitabilitySettings = DEFAULT_SUITABILITY,
): SuitabilityCheck {
  const productRisk = product.riskLevel;
  const { valid, expiresOn } = assessmentOn(customer, date, settings);
  const answer = (result: SuitabilityResult, reasons: SuitabilityReason[]): SuitabilityCheck => ({
    result, customerRisk: customer.riskLevel, productRisk, assessmentValid: valid, assessmentExpiresOn: expiresOn, reasons,
  });
  if (isProfessional(customer.investorClass)) return answer('MATCH', ['PROFESSIONAL']);
  if (!valid) {
    const why: SuitabilityReason = customer.riskLevel !== null && customer.riskAssessedOn !== null && customer.riskAssessedOn <= date
      ? 'ASSESSMENT_EXPIRED'
      : 'ASSESSMENT_MISSING';
    return productRisk === 'R1' ? answer('MATCH', [why, 'PRODUCT_R1']) : answer('NEVER', [why]);
  }
  if (customer.lowestRiskCategory) return productRisk === 'R1' ? answer('MATCH', ['LOWEST_CATEGORY', 'PRODUCT_R1']) : answer('NEVER', ['LOWEST_CATEGORY']);
  const allowed = settings.matrix[customer.riskLevel as RiskCategory] ?? [];
  return (allowed as readonly string[]).includes(productRisk) ? answer('MATCH', ['WITHIN_CATEGORY']) : answer('MISMATCH', ['ABOVE_CATEGORY']);
}

/**
 * The state of the customer's assessment on `date`: professionals need none; EXPIRING when it
 * stops counting within `expiringWithinDays` days (calendar days from `date` to the expiry day,
 * both counted as days ahead: expiring tomorrow is 1 day ahead).
 */
export function assessmentStatus(customer: SuitabilityCustomer, date: string, settings: SuitabilitySettings = DEFAULT_SUITABILITY): AssessmentStatus {
  if (isProfessional(customer.investorClass)) return 'NOT_REQUIRED';
  const { valid, expiresOn } = assessmentOn(customer, date, settings);
  if (valid) return daysBetween(date, expiresOn!) <= settings.expiringWithinDays ? 'EXPIRING' : 'VALID';
  return customer.riskLevel !== null && customer.riskAssessedOn !== null && customer.riskAssessedOn <= date ? 'EXPIRED' : 'MISSING';
}

/** Calendar days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

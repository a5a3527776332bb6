/**
 * 客户信息完善 (issue 14 item 3, business-rules.md §10): the completeness score of a customer's
 * information form (客户信息表). Pure: no I/O, no clock, no database.
 *
 * The score is the weighted share of the required fields that are filled and valid. Individuals
 * (customer type P) and institutions (O, and product accounts F) require different fields; each
 * table's weights sum to 100, so the score is a whole percent (docs/decisions.md "Part K").
 * kyc.sql.ts writes the same rule as one SQL expression for the set-based refresh; kyc.test.ts
 * checks that both agree.
 */
import { addYears } from '../../lib/dates.js';
import { residentIdFacts, residentIdProblem, type ResidentIdProblem } from '../../../../shared/identity.js';

export const OCCUPATIONS = ['CIVIL_SERVANT', 'PROFESSIONAL', 'MANAGER', 'CLERK', 'WORKER', 'SELF_EMPLOYED', 'FREELANCER', 'FARMER', 'STUDENT', 'RETIRED', 'MILITARY', 'UNEMPLOYED', 'OTHER'] as const;
export const INDUSTRIES = ['FINANCE', 'IT', 'MANUFACTURING', 'TRADE', 'REAL_ESTATE', 'CONSTRUCTION', 'ENERGY', 'HEALTH', 'EDUCATION', 'GOVERNMENT', 'AGRICULTURE', 'SERVICES', 'OTHER'] as const;
export const EDUCATIONS = ['DOCTORATE', 'MASTER', 'BACHELOR', 'COLLEGE', 'HIGH_SCHOOL', 'BELOW'] as const;
export const INCOME_BANDS = ['BELOW_100K', '100K_300K', '300K_500K', '500K_1M', 'ABOVE_1M'] as const;
export const ASSET_BANDS = ['BELOW_500K', '500K_3M', '3M_5M', '5M_10M', 'ABOVE_10M'] as const;
export const FUND_SOURCES = ['SALARY', 'BUSINESS', 'INVESTMENT', 'INHERITANCE', 'PROPERTY_SALE', 'OPERATING', 'OTHER'] as const;
export const PRODUCT_CLASSES = ['STOCK', 'FUND', 'BOND', 'DERIVATIVE', 'ASSET_MGMT'] as const;
export const GOALS = ['PRESERVATION', 'INCOME', 'BALANCED', 'GROWTH', 'SPECULATION'] as const;
export const HORIZONS = ['UNDER_1Y', '1Y_3Y', '3Y_5Y', 'OVER_5Y'] as const;
export const RELATIONS = ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'RELATIVE', 'FRIEND', 'COLLEAGUE', 'OTHER'] as const;
export const ACCOUNT_RELATIONS = ['SAME_PERSON', 'HOUSEHOLD', 'ACTUAL_CONTROLLER', 'CONTROLLED', 'AGENT', 'GUARANTOR', 'PRODUCT_MANAGER', 'OTHER'] as const;
/** What the score needs of the suitability settings: how many years a risk assessment counts (default 2, suitability.md). */
export interface RiskSettings {
  validityYears: number;
}
export const DEFAULT_RISK_SETTINGS: RiskSettings = { validityYears: 2 };

export const RISK_STATUSES = ['NOT_REQUIRED', 'VALID', 'EXPIRED', 'MISSING'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** The customer's risk assessment on `day` (assessmentStatus codes): professionals need none; an expired one counts as none. */
export function riskStatus(f: Pick<KycFacts, 'riskLevel' | 'riskAssessedOn' | 'investorClass'>, day: string, settings: RiskSettings): RiskStatus {
  if (f.investorClass === 'PRO_A' || f.investorClass === 'PRO_B' || f.investorClass === 'PRO_C') return 'NOT_REQUIRED';
  if (f.riskLevel === null || f.riskAssessedOn === null || f.riskAssessedOn > day) return 'MISSING';
  // the first day it no longer counts: the same day validityYears later (suitability.rules.ts assessmentExpiresOn)
  return day < addYears(f.riskAssessedOn, settings.validityYears) ? 'VALID' : 'EXPIRED';
}

export const SCORE_BANDS = ['LOW', 'MEDIUM', 'HIGH', 'COMPLETE'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];

/** Occupations without an employer: their 工作单位 counts as filled when empty. */
export const NO_EMPLOYER_OCCUPATIONS: readonly string[] = ['STUDENT', 'RETIRED', 'UNEMPLOYED'];

/** The fields the score weighs (kycField codes). */
export const SCORED_FIELDS = [
  'name', 'idNo', 'birthDate', 'mobile', 'email', 'address', 'occupation', 'employer', 'industry', 'education',
  'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'riskAssessment',
  'emergencyContact', 'controller', 'beneficialOwner',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

/** Weights (summing to 100) of the required fields: individuals (P) and institutions (O, F). A field absent is not required. */
export const KYC_WEIGHTS: Readonly<Record<'PERSON' | 'INSTITUTION', Readonly<Partial<Record<ScoredField, number>>>>> = {
  PERSON: {
    name: 4, idNo: 6, birthDate: 4, mobile: 10, email: 3, address: 5,
    occupation: 8, employer: 3, industry: 4, education: 4,
    incomeBand: 8, assetBand: 8, fundSource: 6,
    experience: 6, investmentGoal: 5, investmentHorizon: 4,
    riskAssessment: 8, emergencyContact: 4,
  },
  INSTITUTION: {
    name: 5, idNo: 8, mobile: 10, email: 4, address: 8,
    industry: 8, incomeBand: 8, assetBand: 10, fundSource: 8,
    experience: 6, investmentGoal: 5, investmentHorizon: 4,
    riskAssessment: 8, controller: 4, beneficialOwner: 4,
  },
};

export function weightsFor(customerType: string): Readonly<Partial<Record<ScoredField, number>>> {
  return customerType === 'P' ? KYC_WEIGHTS.PERSON : KYC_WEIGHTS.INSTITUTION;
}

/** An 11-digit mainland mobile (shared/identity.ts isValidMobile; the same pattern in SQL). */
export const MOBILE_PATTERN = '^1[3-9][0-9]{9}$';
/** An e-mail address: something, @, a domain with a dot; no spaces. */
export const EMAIL_PATTERN = '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$';

const mobileRe = new RegExp(MOBILE_PATTERN);
const emailRe = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** What the score reads: the extract's customer row and the CRM's form. */
export interface KycFacts {
  customerType: string;
  name: string | null;
  idType: string | null;
  idNo: string | null;
  /** the extract's gender code (M / F) */
  gender: string | null;
  birthDate: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
  riskLevel: string | null;
  riskAssessedOn: string | null;
  investorClass: string;
  altMobile: string | null;
  altEmail: string | null;
  altAddress: string | null;
  occupation: string | null;
  employer: string | null;
  industry: string | null;
  education: string | null;
  incomeBand: string | null;
  assetBand: string | null;
  fundSource: string | null;
  /** years by product class; at least one class answered (0 years is an answer) */
  experience: Readonly<Record<string, number>>;
  investmentGoal: string | null;
  investmentHorizon: string | null;
  controllerName: string | null;
  beneficialOwner: string | null;
  emergencyName: string | null;
  emergencyRelation: string | null;
  emergencyMobile: string | null;
}

const filled = (v: string | null | undefined): boolean => typeof v === 'string' && v.trim() !== '';
const validMobile = (v: string | null): boolean => v !== null && mobileRe.test(v);
const validEmail = (v: string | null): boolean => v !== null && emailRe.test(v);

export interface IdentityCheck {
  /** what is wrong with a resident ID number (idNoProblem code), null when valid or not a resident ID */
  idNo: ResidentIdProblem | null;
  /** whether the extract's birth date is the one the valid resident ID carries; null when there is nothing to compare */
  birthDateAgrees: boolean | null;
  /** whether the extract's gender is the one the valid resident ID carries; null when there is nothing to compare */
  genderAgrees: boolean | null;
}

/**
 * 证件号码校验 (GB 11643): for a resident ID (id_type 0), whether the number is valid (form, province,
 * real birth date, the MOD 11-2 check digit; an old 15-digit number is LEGACY_15), and whether the
 * extract's birth date and gender agree with what a valid number carries. Other ID types: nothing checked.
 */
export function identityCheck(f: Pick<KycFacts, 'idType' | 'idNo' | 'birthDate' | 'gender'>): IdentityCheck {
  if (f.idType !== '0' || !filled(f.idNo)) return { idNo: null, birthDateAgrees: null, genderAgrees: null };
  const problem = residentIdProblem(f.idNo!);
  const carried = problem === null ? residentIdFacts(f.idNo!) : null;
  return {
    idNo: problem,
    birthDateAgrees: carried && f.birthDate !== null ? carried.birthDate === f.birthDate : null,
    genderAgrees: carried && filled(f.gender) ? carried.gender === f.gender : null,
  };
}

/** Whether one field is filled and valid on `day` (YYYY-MM-DD). */
export function fieldComplete(field: ScoredField, f: KycFacts, day: string, settings: RiskSettings): boolean {
  switch (field) {
    case 'name':
      return filled(f.name);
    case 'idNo': {
      const check = identityCheck(f);
      return filled(f.idNo) && check.idNo === null && check.genderAgrees !== false;
    }
    case 'birthDate':
      return f.birthDate !== null && f.birthDate <= day && identityCheck(f).birthDateAgrees !== false;
    case 'mobile':
      return validMobile(f.mobile) || validMobile(f.altMobile);
    case 'email':
      return validEmail(f.email) || validEmail(f.altEmail);
    case 'address':
      return filled(f.address) || filled(f.altAddress);
    case 'occupation':
      return f.occupation !== null;
    case 'employer':
      return filled(f.employer) || (f.occupation !== null && NO_EMPLOYER_OCCUPATIONS.includes(f.occupation));
    case 'industry':
      return f.industry !== null;
    case 'education':
      return f.education !== null;
    case 'incomeBand':
      return f.incomeBand !== null;
    case 'assetBand':
      return f.assetBand !== null;
    case 'fundSource':
      return f.fundSource !== null;
    case 'experience':
      return Object.keys(f.experience).length > 0;
    case 'investmentGoal':
      return f.investmentGoal !== null;
    case 'investmentHorizon':
      return f.investmentHorizon !== null;
    case 'riskAssessment': {
      const status = riskStatus(f, day, settings);
      return status === 'NOT_REQUIRED' || status === 'VALID';
    }
    case 'emergencyContact':
      return filled(f.emergencyName) && f.emergencyRelation !== null && validMobile(f.emergencyMobile);
    case 'controller':
      return filled(f.controllerName);
    case 'beneficialOwner':
      return filled(f.beneficialOwner);
  }
}

export interface Completeness {
  /** 0–100, the weights of the filled and valid required fields */
  score: number;
  /** the required fields not filled or not valid, in the form's order */
  missing: ScoredField[];
}

/** The completeness of a customer's information on `day`. */
export function completeness(f: KycFacts, day: string, settings: RiskSettings): Completeness {
  const weights = weightsFor(f.customerType);
  let score = 0;
  const missing: ScoredField[] = [];
  for (const field of SCORED_FIELDS) {
    const weight = weights[field];
    if (weight === undefined) continue;
    if (fieldComplete(field, f, day, settings)) score += weight;
    else missing.push(field);
  }
  return { score, missing };
}

/** The band of a score (信息待完善's filter). */
export function scoreBand(score: number): ScoreBand {
  if (score >= 100) return 'COMPLETE';
  if (score >= 80) return 'HIGH';
  if (score >= 60) return 'MEDIUM';
  return 'LOW';
}

/** The score range [min, max] of a band. */
export const BAND_RANGES: Readonly<Record<ScoreBand, readonly [number, number]>> = { LOW: [0, 59], MEDIUM: [60, 79], HIGH: [80, 99], COMPLETE: [100, 100] };

/** The form's fields a change is recorded for, and whether their values are personal information (masked by role when shown). */
export const HISTORY_FIELDS = {
  altMobile: 'mobile', altEmail: 'email', altAddress: 'address',
  occupation: null, employer: null, industry: null, education: null, incomeBand: null, assetBand: null, fundSource: null,
  experience: null, investmentGoal: null, investmentHorizon: null, controller: null, beneficialOwner: null,
  emergencyName: null, emergencyRelation: null, emergencyMobile: 'mobile', household: null, relatedAccounts: null,
} as const satisfies Record<string, 'mobile' | 'email' | 'address' | null>;
export type HistoryField = keyof typeof HISTORY_FIELDS;

/** The fields whose old and new text differ (a value as text, null when empty), in HISTORY_FIELDS's order. */
export function changedFields(before: Readonly<Record<HistoryField, string | null>>, after: Readonly<Record<HistoryField, string | null>>): { field: HistoryField; old: string | null; new: string | null }[] {
  return (Object.keys(HISTORY_FIELDS) as HistoryField[])
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, old: before[field], new: after[field] }));
}

/**
 * The completeness rule (客户信息完善) with hand-worked values. Weights (kyc.rules.ts, docs/decisions.md):
 *
 *   individual   name 4, idNo 6, birthDate 4, mobile 10, email 3, address 5, occupation 8, employer 3,
 *                industry 4, education 4, incomeBand 8, assetBand 8, fundSource 6, experience 6,
 *                investmentGoal 5, investmentHorizon 4, riskAssessment 8, emergencyContact 4   = 100
 *   institution  name 5, idNo 8, mobile 10, email 4, address 8, industry 8, incomeBand 8, assetBand 10,
 *                fundSource 8, experience 6, investmentGoal 5, investmentHorizon 4, riskAssessment 8,
 *                controller 4, beneficialOwner 4                                                 = 100
 */
import { describe, expect, it } from 'vitest';
import { assessmentStatus } from '../suitability/suitability.rules.js';
import { residentIdFacts, residentIdProblem } from '../../../../shared/identity.js';
import { changedFields, completeness, DEFAULT_RISK_SETTINGS, identityCheck, KYC_WEIGHTS, riskStatus, scoreBand, type KycFacts } from './kyc.rules.js';

const DEFAULT_SUITABILITY = DEFAULT_RISK_SETTINGS;

const DAY = '2025-06-16';

const EMPTY_FORM = {
  altMobile: null, altEmail: null, altAddress: null, occupation: null, employer: null, industry: null, education: null,
  incomeBand: null, assetBand: null, fundSource: null, experience: {}, investmentGoal: null, investmentHorizon: null,
  controllerName: null, beneficialOwner: null, emergencyName: null, emergencyRelation: null, emergencyMobile: null,
};

/** 钱多多 as the extract gives her: identity, contact and a C4 assessment of 2024-06-01 (valid until 2026-06-01); no birth date. */
const person: KycFacts = {
  customerType: 'P', name: '钱多多', idType: '0', idNo: '110101199001011237', gender: null, birthDate: null,
  mobile: '13812345678', email: 'qian.duoduo@example.com', address: '北京市海淀区中关村大街1号',
  riskLevel: 'C4', riskAssessedOn: '2024-06-01', investorClass: 'ORDINARY', ...EMPTY_FORM,
};

const filledForm: Partial<KycFacts> = {
  birthDate: '1990-01-01', occupation: 'RETIRED', industry: 'FINANCE', education: 'BACHELOR', incomeBand: '100K_300K',
  assetBand: '500K_3M', fundSource: 'SALARY', experience: { STOCK: 0 }, investmentGoal: 'INCOME', investmentHorizon: '1Y_3Y',
  emergencyName: '钱少少', emergencyRelation: 'SPOUSE', emergencyMobile: '13900002222',
};

const institution: KycFacts = {
  customerType: 'O', name: '褚八科技有限公司', idType: '1', idNo: '91110108MA01XYZ8', gender: null, birthDate: null,
  mobile: '13700008888', email: null, address: null, riskLevel: 'C5', riskAssessedOn: null, investorClass: 'ORDINARY',
  ...EMPTY_FORM, controllerName: '褚八',
};

describe('completeness', () => {
  it('each table of weights sums to 100', () => {
    for (const weights of Object.values(KYC_WEIGHTS)) expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('an individual with only the extract: 4 + 6 + 10 + 3 + 5 + 8 = 36', () => {
    expect(completeness(person, DAY, DEFAULT_SUITABILITY)).toEqual({
      score: 36,
      missing: ['birthDate', 'occupation', 'employer', 'industry', 'education', 'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'emergencyContact'],
    });
  });

  it('every field filled: 100 (a retiree needs no employer; 0 years of stocks is an answer)', () => {
    expect(completeness({ ...person, ...filledForm }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 100, missing: [] });
  });

  it('an invalid emergency mobile loses the emergency contact (4): 96; an assessment expiring today loses 8 more: 88', () => {
    const badMobile = { ...person, ...filledForm, emergencyMobile: '12345' };
    expect(completeness(badMobile, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 96, missing: ['emergencyContact'] });
    // assessed 2023-06-16: valid for 2 years, so no longer on 2025-06-16
    expect(completeness({ ...badMobile, riskAssessedOn: '2023-06-16' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 88, missing: ['riskAssessment', 'emergencyContact'] });
    // with a validity of 3 years it counts again
    expect(completeness({ ...badMobile, riskAssessedOn: '2023-06-16' }, DAY, { validityYears: 3 }).score).toBe(96);
  });

  it('an employed person without an employer loses 3; a birth date after the day does not count', () => {
    expect(completeness({ ...person, ...filledForm, occupation: 'MANAGER' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 97, missing: ['employer'] });
    expect(completeness({ ...person, ...filledForm, birthDate: '2025-06-17' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 96, missing: ['birthDate'] });
  });

  it('the CRM’s alternate contact fills an invalid or missing extract contact; a malformed resident ID does not count', () => {
    const f = { ...person, mobile: '1381234', email: null, address: ' ', idNo: '11010119900101123' };
    // name 4, risk 8 only
    expect(completeness(f, DAY, DEFAULT_SUITABILITY).score).toBe(12);
    // + mobile 10, email 3, address 5
    expect(completeness({ ...f, altMobile: '13912345678', altEmail: 'a@b.cn', altAddress: '上海市浦东新区' }, DAY, DEFAULT_SUITABILITY).score).toBe(30);
  });

  it('an institution: name 5 + ID 8 + mobile 10 + controller 4 = 27; a professional needs no assessment: 35', () => {
    expect(completeness(institution, DAY, DEFAULT_SUITABILITY)).toEqual({
      score: 27,
      missing: ['email', 'address', 'industry', 'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'riskAssessment', 'beneficialOwner'],
    });
    expect(completeness({ ...institution, investorClass: 'PRO_A' }, DAY, DEFAULT_SUITABILITY).score).toBe(35);
    // an institution's form ignores the fields only an individual has
    expect(completeness({ ...institution, occupation: 'MANAGER', emergencyName: 'x' }, DAY, DEFAULT_SUITABILITY).score).toBe(27);
  });
});

describe('证件号码校验 (GB 11643) and the birth date and gender it carries', () => {
  // 11010119900101123 (first 17) × weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
  //   7 + 9 + 0 + 5 + 0 + 4 + 2 + 9 + 54 + 0 + 0 + 9 + 0 + 5 + 8 + 8 + 6 = 126; 126 mod 11 = 5 → (1 0 X 9 8 7 …)[5] = '7'
  // 11010519491231002 by the same weights:
  //   1×7 1×9 0×10 1×5 0×8 5×4 1×2 9×1 4×6 9×3 1×7 2×9 3×10 1×5 0×8 0×4 2×2 = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'
  it.each([
    ['110101199001011237', null],
    ['11010519491231002X', null],
    ['11010519491231002x', null], // a lower-case x is the same check digit
    ['110101199001011234', 'CHECK_DIGIT'],
    ['110101199001011230', 'CHECK_DIGIT'],
    ['110105194912310021', 'CHECK_DIGIT'],
    ['110101199002301237', 'BIRTH_DATE'], // 30 February
    ['990101199001011237', 'REGION'],
    ['11010119900101123', 'FORMAT'],
    ['1101011990010112X7', 'FORMAT'],
    ['110101900101123', 'LEGACY_15'],
  ] as const)('%s → %s', (id, problem) => {
    expect(residentIdProblem(id)).toBe(problem);
  });

  it('reads the birth date and gender of an 18- and a 15-digit number', () => {
    expect(residentIdFacts('110101199001011237')).toEqual({ birthDate: '1990-01-01', gender: 'M' }); // sequence 123: 3 odd
    expect(residentIdFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'F' }); // sequence 002: 2 even
    expect(residentIdFacts('110101900101124')).toEqual({ birthDate: '1990-01-01', gender: 'F' }); // old: 19 + 900101, sequence 124
    expect(residentIdFacts('110101199002301237')).toBeNull();
  });

  it('a wrong check digit loses the ID (6); a birth date or gender the ID does not carry loses the birth date (4) or the ID (6)', () => {
    const full = { ...person, ...filledForm };
    expect(completeness({ ...full, idNo: '110101199001011234' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 94, missing: ['idNo'] });
    expect(completeness({ ...full, idNo: '110101900101123' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 94, missing: ['idNo'] });
    expect(completeness({ ...full, birthDate: '1990-01-02' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 96, missing: ['birthDate'] });
    expect(completeness({ ...full, gender: 'F' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 94, missing: ['idNo'] });
    expect(completeness({ ...full, gender: 'M' }, DAY, DEFAULT_SUITABILITY)).toEqual({ score: 100, missing: [] });
    expect(identityCheck({ ...full, gender: 'F', birthDate: '1990-01-02' })).toEqual({ idNo: null, birthDateAgrees: false, genderAgrees: false });
    // an invalid number: nothing to compare the birth date with, so the birth date still counts
    expect(identityCheck({ ...full, idNo: '110101199001011234' })).toEqual({ idNo: 'CHECK_DIGIT', birthDateAgrees: null, genderAgrees: null });
    // other ID types are the trading system's: not checked
    expect(identityCheck(institution)).toEqual({ idNo: null, birthDateAgrees: null, genderAgrees: null });
  });
});

describe('scoreBand and changedFields', () => {
  it.each([[0, 'LOW'], [59, 'LOW'], [60, 'MEDIUM'], [79, 'MEDIUM'], [80, 'HIGH'], [99, 'HIGH'], [100, 'COMPLETE']] as const)('%i → %s', (score, band) => {
    expect(scoreBand(score)).toBe(band);
  });

  it('lists the fields whose text changed, in the form’s order', () => {
    const none = Object.fromEntries(Object.keys({ altMobile: 0, altEmail: 0, altAddress: 0, occupation: 0, employer: 0, industry: 0, education: 0, incomeBand: 0, assetBand: 0, fundSource: 0, experience: 0, investmentGoal: 0, investmentHorizon: 0, controller: 0, beneficialOwner: 0, emergencyName: 0, emergencyRelation: 0, emergencyMobile: 0, household: 0, relatedAccounts: 0 }).map((k) => [k, null])) as Parameters<typeof changedFields>[0];
    expect(changedFields(none, { ...none, household: 'SPOUSE C0002', occupation: 'RETIRED' })).toEqual([
      { field: 'occupation', old: null, new: 'RETIRED' },
      { field: 'household', old: null, new: 'SPOUSE C0002' },
    ]);
    expect(changedFields({ ...none, employer: 'A' }, { ...none, employer: 'A' })).toEqual([]);
  });
});

describe('the risk assessment as the suitability module reads it', () => {
  it.each([
    ['2024-02-29', 1, '2025-06-16'], ['2024-02-29', 4, '2028-02-28'], ['2023-06-16', 2, '2025-06-16'], ['2023-06-17', 2, '2025-06-16'],
    ['2025-06-17', 2, '2025-06-16'], ['2000-12-31', 10, '2025-06-16'],
  ] as const)('assessed %s, valid %i years, on %s', (assessedOn, years, day) => {
    const facts = { riskLevel: 'C3', riskAssessedOn: assessedOn, investorClass: 'ORDINARY' };
    const theirs = assessmentStatus({ ...facts, lowestRiskCategory: false }, day, { validityYears: years, expiringWithinDays: 30, matrix: { C1: ['R1'], C2: ['R1'], C3: ['R1'], C4: ['R1'], C5: ['R1'] } });
    expect(riskStatus(facts, day, { validityYears: years })).toBe(theirs === 'EXPIRING' ? 'VALID' : theirs);
  });
});

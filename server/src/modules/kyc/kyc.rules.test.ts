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
import { changedFields, completeness, DEFAULT_RISK_SETTINGS, KYC_WEIGHTS, riskStatus, scoreBand, type KycFacts } from './kyc.rules.js';

const DEFAULT_SUITABILITY = DEFAULT_RISK_SETTINGS;

const DAY = '2025-06-16';

const EMPTY_FORM = {
  altMobile: null, altEmail: null, altAddress: null, occupation: null, employer: null, industry: null, education: null,
  incomeBand: null, assetBand: null, fundSource: null, experience: {}, investmentGoal: null, investmentHorizon: null,
  controllerName: null, beneficialOwner: null, emergencyName: null, emergencyRelation: null, emergencyMobile: null,
};

/** 钱多多 as the extract gives her: identity, contact and a C4 assessment of 2024-06-01 (valid until 2026-06-01); no birth date. */
const person: KycFacts = {
  customerType: 'P', name: '钱多多', idType: '0', idNo: '110101199001011234', birthDate: null,
  mobile: '13812345678', email: 'qian.duoduo@example.com', address: '北京市海淀区中关村大街1号',
  riskLevel: 'C4', riskAssessedOn: '2024-06-01', investorClass: 'ORDINARY', ...EMPTY_FORM,
};

const filledForm: Partial<KycFacts> = {
  birthDate: '1990-01-01', occupation: 'RETIRED', industry: 'FINANCE', education: 'BACHELOR', incomeBand: '100K_300K',
  assetBand: '500K_3M', fundSource: 'SALARY', experience: { STOCK: 0 }, investmentGoal: 'INCOME', investmentHorizon: '1Y_3Y',
  emergencyName: '钱少少', emergencyRelation: 'SPOUSE', emergencyMobile: '13900002222',
};

const institution: KycFacts = {
  customerType: 'O', name: '褚八科技有限公司', idType: '1', idNo: '91110108MA01XYZ8', birthDate: null,
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

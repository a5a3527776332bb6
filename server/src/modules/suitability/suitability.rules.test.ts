/**
 * The matching matrix of suitability.md, cell by cell, worked out by hand from its table:
 *
 *   investor               R1  R2  R3  R4  R5
 *   C1, lowest category    ✔   never never never never
 *   C1                     ✔   ✘   ✘   ✘   ✘
 *   C2                     ✔   ✔   ✘   ✘   ✘
 *   C3                     ✔   ✔   ✔   ✘   ✘
 *   C4                     ✔   ✔   ✔   ✔   ✘
 *   C5, professional       ✔   ✔   ✔   ✔   ✔
 *
 * The day checked is 2026-12-06; the assessment of 2025-06-01 is valid (2 years: until 2027-05-31).
 */
import { describe, expect, it } from 'vitest';
import {
  assessmentExpiresOn, assessmentStatus, checkSuitability, DEFAULT_SUITABILITY, type SuitabilityCustomer, type SuitabilitySettings,
} from './suitability.rules.js';

const DAY = '2026-12-06';
const ordinary = (riskLevel: string | null, extra: Partial<SuitabilityCustomer> = {}): SuitabilityCustomer => ({
  riskLevel, riskAssessedOn: riskLevel ? '2025-06-01' : null, investorClass: 'ORDINARY', lowestRiskCategory: false, ...extra,
});
const R = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;

describe('checkSuitability: every cell of the matrix', () => {
  const M = 'MATCH';
  const X = 'MISMATCH';
  const N = 'NEVER';
  const table: Array<[string, SuitabilityCustomer, string[]]> = [
    ['C1, lowest category', ordinary('C1', { lowestRiskCategory: true }), [M, N, N, N, N]],
    ['C1', ordinary('C1'), [M, X, X, X, X]],
    ['C2', ordinary('C2'), [M, M, X, X, X]],
    ['C3', ordinary('C3'), [M, M, M, X, X]],
    ['C4', ordinary('C4'), [M, M, M, M, X]],
    ['C5', ordinary('C5'), [M, M, M, M, M]],
    ['professional A (no assessment needed)', { riskLevel: null, riskAssessedOn: null, investorClass: 'PRO_A', lowestRiskCategory: false }, [M, M, M, M, M]],
    ['professional B with a C4 assessment long expired', { riskLevel: 'C4', riskAssessedOn: '2019-01-01', investorClass: 'PRO_B', lowestRiskCategory: false }, [M, M, M, M, M]],
    ['professional C recorded C1', ordinary('C1', { investorClass: 'PRO_C' }), [M, M, M, M, M]],
  ];
  for (const [investor, customer, expected] of table) {
    it.each(R.map((risk, i) => [risk, expected[i]!]))(`${investor} × %s → %s`, (risk, result) => {
      expect(checkSuitability(customer, { riskLevel: risk }, DAY).result).toBe(result);
    });
  }

  it('answers with the categories, the validity and the reasons', () => {
    expect(checkSuitability(ordinary('C3'), { riskLevel: 'R3' }, DAY)).toEqual({
      result: 'MATCH', customerRisk: 'C3', productRisk: 'R3', assessmentValid: true, assessmentExpiresOn: '2027-06-01', reasons: ['WITHIN_CATEGORY'],
    });
    expect(checkSuitability(ordinary('C3'), { riskLevel: 'R4' }, DAY)).toEqual({
      result: 'MISMATCH', customerRisk: 'C3', productRisk: 'R4', assessmentValid: true, assessmentExpiresOn: '2027-06-01', reasons: ['ABOVE_CATEGORY'],
    });
    expect(checkSuitability(ordinary('C1', { lowestRiskCategory: true }), { riskLevel: 'R2' }, DAY).reasons).toEqual(['LOWEST_CATEGORY']);
    expect(checkSuitability(ordinary('C1', { lowestRiskCategory: true }), { riskLevel: 'R1' }, DAY).reasons).toEqual(['LOWEST_CATEGORY', 'PRODUCT_R1']);
    expect(checkSuitability(ordinary('C1', { investorClass: 'PRO_A' }), { riskLevel: 'R5' }, DAY).reasons).toEqual(['PROFESSIONAL']);
  });
});

describe('checkSuitability: an assessment that does not count is none (only R1 matches)', () => {
  // assessed 2024-12-06, valid 2 years: counts through 2026-12-05, expired from 2026-12-06
  const c4 = ordinary('C4', { riskAssessedOn: '2024-12-06' });

  it('the day before the expiry: still C4', () => {
    expect(checkSuitability(c4, { riskLevel: 'R4' }, '2026-12-05')).toMatchObject({ result: 'MATCH', assessmentValid: true, assessmentExpiresOn: '2026-12-06' });
    expect(checkSuitability(c4, { riskLevel: 'R5' }, '2026-12-05').result).toBe('MISMATCH');
  });

  it.each([['R1', 'MATCH'], ['R2', 'NEVER'], ['R3', 'NEVER'], ['R4', 'NEVER'], ['R5', 'NEVER']])('on the expiry day and after: %s → %s', (risk, result) => {
    for (const day of ['2026-12-06', '2027-03-01']) {
      const check = checkSuitability(c4, { riskLevel: risk }, day);
      expect(check).toMatchObject({ result, customerRisk: 'C4', assessmentValid: false, assessmentExpiresOn: '2026-12-06' });
      expect(check.reasons).toEqual(risk === 'R1' ? ['ASSESSMENT_EXPIRED', 'PRODUCT_R1'] : ['ASSESSMENT_EXPIRED']);
    }
  });

  it('an expired lowest-category C1 stays refused above R1', () => {
    const lowest = ordinary('C1', { riskAssessedOn: '2020-01-01', lowestRiskCategory: true });
    expect(checkSuitability(lowest, { riskLevel: 'R2' }, DAY)).toMatchObject({ result: 'NEVER', reasons: ['ASSESSMENT_EXPIRED'] });
    expect(checkSuitability(lowest, { riskLevel: 'R1' }, DAY).result).toBe('MATCH');
  });

  it.each<[string, SuitabilityCustomer]>([
    ['never assessed', ordinary(null)],
    ['a category without an assessment date', ordinary('C5', { riskAssessedOn: null })],
    ['an assessment dated after the day checked', ordinary('C5', { riskAssessedOn: '2026-12-07' })],
  ])('%s: R1 matches, R2–R5 never', (_what, customer) => {
    expect(checkSuitability(customer, { riskLevel: 'R1' }, DAY)).toMatchObject({ result: 'MATCH', assessmentValid: false, reasons: ['ASSESSMENT_MISSING', 'PRODUCT_R1'] });
    for (const risk of ['R2', 'R3', 'R4', 'R5']) {
      expect(checkSuitability(customer, { riskLevel: risk }, DAY)).toMatchObject({ result: 'NEVER', assessmentValid: false, reasons: ['ASSESSMENT_MISSING'] });
    }
  });

  it('the validity is configuration: 3 years keeps the 2024-12-06 assessment until 2027-12-05', () => {
    const three: SuitabilitySettings = { ...DEFAULT_SUITABILITY, validityYears: 3 };
    expect(checkSuitability(c4, { riskLevel: 'R4' }, '2027-12-05', three)).toMatchObject({ result: 'MATCH', assessmentExpiresOn: '2027-12-06' });
    expect(checkSuitability(c4, { riskLevel: 'R4' }, '2027-12-06', three).result).toBe('NEVER');
  });

  it('so is the matrix: C3 allowed R4 by configuration', () => {
    const wider: SuitabilitySettings = { ...DEFAULT_SUITABILITY, matrix: { ...DEFAULT_SUITABILITY.matrix, C3: ['R1', 'R2', 'R3', 'R4'] } };
    expect(checkSuitability(ordinary('C3'), { riskLevel: 'R4' }, DAY, wider).result).toBe('MATCH');
    expect(checkSuitability(ordinary('C3'), { riskLevel: 'R5' }, DAY, wider).result).toBe('MISMATCH');
    // the lowest category and the missing assessment are the regulator's, not the matrix's
    expect(checkSuitability(ordinary('C1', { lowestRiskCategory: true }), { riskLevel: 'R2' }, DAY, wider).result).toBe('NEVER');
  });
});

describe('assessmentExpiresOn', () => {
  it.each([
    ['2024-12-06', 2, '2026-12-06'],
    ['2024-02-29', 2, '2026-02-28'], // no 29th of February in 2026 (as PostgreSQL's date + interval '2 years')
    ['2024-02-29', 4, '2028-02-29'],
    ['2025-01-31', 1, '2026-01-31'],
  ])('%s + %i years → %s', (from, years, expected) => {
    expect(assessmentExpiresOn(from, years)).toBe(expected);
  });
});

describe('assessmentStatus', () => {
  // assessed 2024-12-06: expires 2026-12-06; 30 days ahead of 2026-11-06 is the expiry day itself
  const c3 = ordinary('C3', { riskAssessedOn: '2024-12-06' });
  it.each([
    ['2026-11-05', 'VALID'], // 31 days ahead
    ['2026-11-06', 'EXPIRING'], // 30 days ahead
    ['2026-12-05', 'EXPIRING'], // 1 day ahead
    ['2026-12-06', 'EXPIRED'],
    ['2024-12-05', 'MISSING'], // before the assessment
  ])('on %s: %s', (day, status) => {
    expect(assessmentStatus(c3, day)).toBe(status);
  });
  it('professionals need none; never assessed is missing', () => {
    expect(assessmentStatus(ordinary(null, { investorClass: 'PRO_B' }), DAY)).toBe('NOT_REQUIRED');
    expect(assessmentStatus(ordinary(null), DAY)).toBe('MISSING');
  });
});

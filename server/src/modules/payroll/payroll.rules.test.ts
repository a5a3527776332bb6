import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  checkedTiers, commissionShare, DEFAULT_TIERS, money, moneyText, payslipTotal, roundMoney, signedAdjustment,
  templateProblems, type AdjustmentKind, type TemplateInput,
} from './payroll.rules.js';

describe('commissionShare: default marginal tiers 0–20,000 20 %, 20,000–100,000 30 %, above 40 %', () => {
  it.each([
    ['0', '0.00', 0],
    ['15000', '3000.00', 1], // 15,000 × 20 %
    ['19999.99', '4000.00', 1], // 3,999.998 → 4,000.00
    ['20000', '4000.00', 1], // exactly the first bound: nothing in tier 2
    ['20000.01', '4000.00', 2], // 4,000 + 0.003 → 4,000.00
    ['20000.05', '4000.02', 2], // 4,000 + 0.015 → 4,000.015 → half-up 4,000.02
    ['50000', '13000.00', 2], // 4,000 + 30,000 × 30 % = 4,000 + 9,000
    ['100000', '28000.00', 2], // 4,000 + 80,000 × 30 %
    ['100000.01', '28000.00', 3], // + 0.004
    ['150000', '48000.00', 3], // 4,000 + 24,000 + 50,000 × 40 % = 20,000
    ['12345.678', '2469.14', 1], // 2,469.1356
    ['-500', '0.00', 0], // negative net commission: share 0
    ['-0.01', '0.00', 0],
  ])('%s → %s', (net, share, partCount) => {
    const result = commissionShare(money(net), DEFAULT_TIERS);
    expect(result.share.toFixed(2)).toBe(share);
    expect(result.parts).toHaveLength(partCount);
  });

  it('lists each tier part: 150,000', () => {
    const { parts } = commissionShare(money(150000), DEFAULT_TIERS);
    expect(parts.map((p) => [p.from.toString(), p.to?.toString() ?? null, p.rate.toString(), p.base.toString(), p.amount.toString()])).toEqual([
      ['0', '20000', '0.2', '20000', '4000'],
      ['20000', '100000', '0.3', '80000', '24000'],
      ['100000', null, '0.4', '50000', '20000'],
    ]);
  });

  it('sorts tiers given out of order and keeps weighted inputs exact', () => {
    const tiers = [DEFAULT_TIERS[2]!, DEFAULT_TIERS[0]!, DEFAULT_TIERS[1]!];
    // 0.1 + 0.2 in floating point is 0.30000000000000004; here it is exact
    expect(commissionShare(money('0.1').plus('0.2'), tiers).parts[0]!.amount.toString()).toBe('0.06');
    expect(commissionShare(money('20000.000000000000000001'), tiers).share.toFixed(2)).toBe('4000.00');
  });

  it.each([
    [[{ lowerBound: new Decimal(10), rate: new Decimal('0.2') }], 'start at 0'],
    [[{ lowerBound: new Decimal(0), rate: new Decimal('0.2') }, { lowerBound: new Decimal(0), rate: new Decimal('0.3') }], 'share a lower bound'],
    [[{ lowerBound: new Decimal(0), rate: new Decimal('1.5') }], 'between 0 and 1'],
    [[], 'start at 0'],
  ])('refuses bad tiers (%#)', (tiers, message) => {
    expect(() => checkedTiers(tiers)).toThrow(message);
  });
});

describe('payslipTotal = base + commission share + product sales commission + adjustments', () => {
  it.each([
    ['5000', '13000.00', '120.00', '-300.00', '17820.00'],
    ['3000', '0', '0', '0', '3000.00'],
    ['4000', '0', '12.345', '-4100', '-87.65'], // product commission 12.345 → 12.35; a negative total is shown as is
    ['6500', '48000', '0.004', '800', '55300.00'],
  ])('%s + %s + %s + %s = %s', (base, share, product, adjustments, total) => {
    const result = payslipTotal({ baseSalary: money(base), commissionShare: money(share), productSalesCommission: money(product), adjustmentsTotal: money(adjustments) });
    expect(result.toFixed(2)).toBe(total);
  });
});

describe('signedAdjustment: the sign follows the kind', () => {
  /** One magnitude of every kind (the Record makes the compiler ask for each) and its signed amount: deductions negative. */
  const SIGNED: Record<AdjustmentKind, [magnitude: string, signed: string]> = {
    COMPLIANCE_DEDUCTION: ['200', '-200'],
    ATTENDANCE_DEDUCTION: ['50.5', '-50.5'],
    PRODUCT_SALES_COMMISSION: ['120.00', '120'],
    EARLY_PROMOTION_BONUS: ['1000', '1000'],
    OTHER_REWARD: ['0.01', '0.01'],
    WELFARE: ['300', '300'],
  };
  const refused: [AdjustmentKind, string, null][] = [
    ['WELFARE', '0', null],
    ['WELFARE', '-5', null],
    ['WELFARE', '1.005', null],
    ['WELFARE', 'abc', null],
  ];
  it.each<[AdjustmentKind, string, string | null]>([
    ...Object.entries(SIGNED).map(([kind, [magnitude, signed]]): [AdjustmentKind, string, string] => [kind as AdjustmentKind, magnitude, signed]),
    ...refused,
  ])('%s %s → %s', (kind, magnitude, expected) => {
    expect(signedAdjustment(kind, magnitude)?.toString() ?? null).toBe(expected);
  });
});

describe('money', () => {
  it.each([
    ['1.005', '1.01'],
    ['-1.005', '-1.01'], // half away from zero
    ['2.004', '2.00'],
  ])('roundMoney %s → %s', (value, expected) => {
    expect(roundMoney(money(value)).toFixed(2)).toBe(expected);
    expect(moneyText(money(value))).toBe(expected);
  });
});

describe('templateProblems: one base salary per level, tiers contiguous from 0 and ascending', () => {
  const bases = ['见习', '初级', '中级', '高级', '资深'].map((level) => ({ level, baseSalary: '1000' }));
  const tiers = [{ lowerBound: '0', upperBound: '20000', rate: '0.2' }, { lowerBound: '20000', rate: '0.3' }];
  const paths = (input: Partial<TemplateInput>) => templateProblems({ baseSalaries: bases, tiers, ...input }).map((p) => p.path.join('.'));

  it.each<[string, Partial<TemplateInput>, string[]]>([
    ['a good template', {}, []],
    ['a single tier at 0', { tiers: [{ lowerBound: '0.00', rate: '1' }] }, []],
    ['upper bounds given in another notation', { tiers: [{ lowerBound: '0', upperBound: '20000.00', rate: '0.2' }, { lowerBound: '20000.0', upperBound: null, rate: '0.3' }] }, []],
    ['a first tier above 0', { tiers: [{ lowerBound: '0.01', rate: '0.2' }] }, ['tiers.0.lowerBound']],
    ['a descending bound', { tiers: [{ lowerBound: '0', rate: '0.2' }, { lowerBound: '50000', rate: '0.3' }, { lowerBound: '49999.99', rate: '0.4' }] }, ['tiers.2.lowerBound']],
    ['a gap', { tiers: [{ lowerBound: '0', upperBound: '19999.99', rate: '0.2' }, { lowerBound: '20000', rate: '0.3' }] }, ['tiers.0.upperBound']],
    ['an upper bound on the last tier', { tiers: [{ lowerBound: '0', upperBound: '100', rate: '0.2' }] }, ['tiers.0.upperBound']],
    ['two missing levels', { baseSalaries: bases.slice(0, 3) }, ['baseSalaries']],
    ['a level twice', { baseSalaries: [...bases, bases[1]!] }, ['baseSalaries.5.level']],
  ])('%s → %j', (_what, input, expected) => {
    expect(paths(input)).toEqual(expected);
  });

  it('names the missing levels in both languages', () => {
    const [problem] = templateProblems({ baseSalaries: bases.slice(0, 3), tiers });
    expect(problem).toMatchObject({ zh: '缺少职级的底薪：高级、资深', en: 'base salary missing for level(s) 高级, 资深' });
  });
});

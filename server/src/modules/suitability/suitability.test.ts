/**
 * 适当性管理 against a real PostgreSQL, on the fixture brokerage at FIXED_NOW (business date
 * 2025-06-16). The customers' assessments are set here, and the expected values worked out by hand:
 *
 *   customer  scope (brokers)   category  assessed on   expires on   on 2025-06-16
 *   C0001     broker1           C4        2024-06-01    2026-06-01   valid (350 days left)
 *   C0002     broker1, broker2  C1 lowest 2025-01-01    2027-01-01   valid
 *   C0003     broker2           C3        2023-06-20    2025-06-20   expiring, 4 days left
 *   C0004     broker3           C3        2023-06-16    2025-06-16   expired today (0 days left)
 *   C0005     broker3           C3        2023-06-17    2025-06-17   expiring, 1 day left
 *   C0006     broker3           C3        2021-01-01    2023-01-01   expired (−897 days: 731 + 166)
 *   C0007     (B01)             C1        —             —            missing (frozen, still open)
 *   C0008     (B01)             PRO_A     —             —            professional: needs none
 *   C2001     (B02)             C4        —             —            missing
 *   C2002     (B02)             closed                               never listed
 *
 * Products: PR1 … PR5 of risk R1 … R5.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import type { TestDb } from '../../../test/harness.js';
import { checkSuitability, DEFAULT_SUITABILITY, type SuitabilityCustomer } from './suitability.rules.js';
import { suitabilityCaseSql } from './suitability.sql.js';

async function seed(db: TestDb): Promise<void> {
  await withBrokerage()(db);
  await db.pool.query(`
    update customers c set risk_level = v.risk, risk_assessed_on = v.assessed::date, lowest_risk_category = v.lowest, investor_class = v.class
      from (values
        ('C0001', 'C4', '2024-06-01', false, 'ORDINARY'),
        ('C0002', 'C1', '2025-01-01', true,  'ORDINARY'),
        ('C0003', 'C3', '2023-06-20', false, 'ORDINARY'),
        ('C0004', 'C3', '2023-06-16', false, 'ORDINARY'),
        ('C0005', 'C3', '2023-06-17', false, 'ORDINARY'),
        ('C0006', 'C3', '2021-01-01', false, 'ORDINARY'),
        ('C0007', 'C1', null,         false, 'ORDINARY'),
        ('C0008', null, null,         false, 'PRO_A'),
        ('C2001', 'C4', null,         false, 'ORDINARY')
      ) v(customer_no, risk, assessed, lowest, class)
     where c.customer_no = v.customer_no`);
  await db.pool.query(`insert into products (product_code, name, product_type, risk_level, updated_on) values
    ('PR1', '货币增利', 'PUBLIC_FUND', 'R1', '2025-06-13'), ('PR2', '纯债优选', 'PUBLIC_FUND', 'R2', '2025-06-13'),
    ('PR3', '平衡配置', 'PUBLIC_FUND', 'R3', '2025-06-13'), ('PR4', '成长精选', 'ASSET_MGMT', 'R4', '2025-06-13'),
    ('PR5', '雪球结构', 'STRUCTURED', 'R5', '2025-06-13')`);
}

/** A problem+json answer with this status and code. */
function expectProblem(res: { statusCode: number; json(): unknown }, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toMatchObject({ status, code });
}

const t = useTestApp({ seed, sessions: ['admin', 'compliance', 'broker1', 'broker2', 'broker3', 'service4', 'tl_t11'] });

const check = (username: string, body: unknown, headers?: Record<string, string>) => t.call(username, 'POST', '/api/suitability/check', body, headers);
const confirm = (username: string, body: unknown) => t.call(username, 'POST', '/api/suitability/confirmations', body);
const WARNING = '本产品风险等级高于您的风险承受能力，可能导致本金损失。';

describe('POST /api/suitability/check', () => {
  it('matches C4 × R4 and answers with the categories, validity and reasons (zh)', async () => {
    const res = await check('broker1', { customerNo: 'C0001', productCode: 'PR4' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      result: 'MATCH', customerRisk: 'C4', productRisk: 'R4', assessmentValid: true,
      reasons: [{ code: 'WITHIN_CATEGORY', text: '产品风险等级在客户风险承受能力范围内' }],
      date: '2025-06-16', customerNo: 'C0001', customerName: '钱多多', investorClass: 'ORDINARY', lowestRiskCategory: false,
      assessedOn: '2024-06-01', assessmentExpiresOn: '2026-06-01', productCode: 'PR4', productName: '成长精选',
    });
  });

  it('C4 × R5 is a mismatch; reasons in English on request', async () => {
    const res = await check('broker1', { customerNo: 'C0001', productCode: 'PR5' }, { 'accept-language': 'en-US' });
    expect(res.json()).toMatchObject({ result: 'MISMATCH', reasons: [{ code: 'ABOVE_CATEGORY', text: 'Product risk above the customer’s risk tolerance' }] });
  });

  it.each([
    ['C0002', 'PR1', 'MATCH', ['LOWEST_CATEGORY', 'PRODUCT_R1']], // lowest category: R1 only
    ['C0002', 'PR2', 'NEVER', ['LOWEST_CATEGORY']],
    ['C0002', 'PR5', 'NEVER', ['LOWEST_CATEGORY']],
  ])('%s × %s → %s', async (customerNo, productCode, result, reasons) => {
    const res = await check('broker1', { customerNo, productCode });
    expect(res.json()).toMatchObject({ result, lowestRiskCategory: true, reasons: (reasons as string[]).map((code) => ({ code })) });
  });

  it('an assessment expires on its second anniversary: C0004 (2023-06-16) counts until 2025-06-15', async () => {
    const before = await check('admin', { customerNo: 'C0004', productCode: 'PR3', date: '2025-06-15' });
    expect(before.json()).toMatchObject({ result: 'MATCH', assessmentValid: true, assessmentExpiresOn: '2025-06-16' });
    const on = await check('admin', { customerNo: 'C0004', productCode: 'PR3' });
    expect(on.json()).toMatchObject({ result: 'NEVER', customerRisk: 'C3', assessmentValid: false, reasons: [{ code: 'ASSESSMENT_EXPIRED' }] });
    expect((await check('admin', { customerNo: 'C0004', productCode: 'PR1' })).json()).toMatchObject({ result: 'MATCH', reasons: [{ code: 'ASSESSMENT_EXPIRED' }, { code: 'PRODUCT_R1' }] });
  });

  it('a missing assessment: only R1; a professional: everything', async () => {
    expect((await check('admin', { customerNo: 'C2001', productCode: 'PR2' })).json()).toMatchObject({ result: 'NEVER', reasons: [{ code: 'ASSESSMENT_MISSING' }] });
    expect((await check('admin', { customerNo: 'C2001', productCode: 'PR1' })).json()).toMatchObject({ result: 'MATCH' });
    expect((await check('admin', { customerNo: 'C0008', productCode: 'PR5' })).json()).toMatchObject({ result: 'MATCH', customerRisk: null, reasons: [{ code: 'PROFESSIONAL' }] });
  });

  it('404 for a customer out of scope, an unknown customer or product; 422 for a bad date', async () => {
    expectProblem(await check('broker1', { customerNo: 'C2001', productCode: 'PR1' }), 404, 'NOT_FOUND');
    expectProblem(await check('broker1', { customerNo: 'C9999', productCode: 'PR1' }), 404, 'NOT_FOUND');
    expectProblem(await check('broker1', { customerNo: 'C0001', productCode: 'NOPE' }), 404, 'NOT_FOUND');
    expectProblem(await check('broker1', { customerNo: 'C0001', productCode: 'PR1', date: '2025-02-30' }), 422, 'VALIDATION_FAILED');
  });

  it('follows the configured validity (3 years keeps C0004 valid)', async () => {
    const current = (await t.call('admin', 'GET', '/api/admin/settings')).json().suitability.value;
    expect(current).toEqual(DEFAULT_SUITABILITY);
    const put = await t.call('admin', 'PUT', '/api/admin/settings/suitability', { ...current, validityYears: 3 });
    expect(put.statusCode, put.body).toBe(200);
    try {
      expect((await check('admin', { customerNo: 'C0004', productCode: 'PR3' })).json()).toMatchObject({ result: 'MATCH', assessmentExpiresOn: '2026-06-16' });
    } finally {
      await t.call('admin', 'PUT', '/api/admin/settings/suitability', current);
    }
    const bad = await t.call('admin', 'PUT', '/api/admin/settings/suitability', { ...current, matrix: { ...current.matrix, C2: ['R2'] } });
    expect(bad.statusCode).toBe(422);
  });
});

describe('POST /api/suitability/confirmations', () => {
  it('records a MISMATCH with who, when, product and the warning text, audited', async () => {
    const res = await confirm('broker1', { customerNo: 'C0001', productCode: 'PR5', warningText: `  ${WARNING}  ` });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^\d+$/), customerNo: 'C0001', customerName: '钱多多', productCode: 'PR5', productName: '雪球结构',
      customerRisk: 'C4', assessedOn: '2024-06-01', investorClass: 'ORDINARY', productRisk: 'R5', warningText: WARNING,
      confirmedAt: '2025-06-16T02:00:00.000Z', staffNo: 'S001', staffName: '张伟', createdBy: 'broker1',
    });
    const audit = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'suitability.confirm'`);
    expect(audit.rows).toEqual([{
      username: 'broker1', entity: 'suitability_confirmation', entity_id: res.json().id,
      detail: { customerNo: 'C0001', productCode: 'PR5', result: 'MISMATCH', customerRisk: 'C4', productRisk: 'R5' },
    }]);
  });

  it('422 for NEVER (lowest category; expired assessment) and for MATCH, writing nothing', async () => {
    const before = (await t.db.pool.query(`select count(*)::int as n from suitability_confirmations`)).rows[0].n;
    const never = await confirm('broker1', { customerNo: 'C0002', productCode: 'PR2', warningText: WARNING });
    expectProblem(never, 422, 'SUITABILITY_NEVER');
    expect(never.json().detail).toContain('风险承受能力最低类别');
    expectProblem(await confirm('broker3', { customerNo: 'C0004', productCode: 'PR2', warningText: WARNING }), 422, 'SUITABILITY_NEVER');
    expectProblem(await confirm('broker1', { customerNo: 'C0001', productCode: 'PR3', warningText: WARNING }), 422, 'SUITABILITY_MATCH');
    expect((await t.db.pool.query(`select count(*)::int as n from suitability_confirmations`)).rows[0].n).toBe(before);
  });

  it('404 out of scope, 403 for compliance (read-only), 422 for an empty warning', async () => {
    expectProblem(await confirm('broker2', { customerNo: 'C0001', productCode: 'PR5', warningText: WARNING }), 404, 'NOT_FOUND');
    expectProblem(await confirm('compliance', { customerNo: 'C0001', productCode: 'PR5', warningText: WARNING }), 403, 'FORBIDDEN');
    expectProblem(await confirm('broker1', { customerNo: 'C0001', productCode: 'PR5', warningText: '   ' }), 422, 'VALIDATION_FAILED');
  });
});

describe('GET /api/suitability/confirmations', () => {
  it('lists the confirmations of the customers in scope only, newest first, filtered', async () => {
    await confirm('admin', { customerNo: 'C2001', productCode: 'PR1', warningText: WARNING }).then((r) => expectProblem(r, 422, 'SUITABILITY_MATCH'));
    const mine = await t.call('broker1', 'GET', '/api/suitability/confirmations');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { customerNo: string; productCode: string }) => [i.customerNo, i.productCode])).toEqual([['C0001', 'PR5']]);
    expect((await t.call('broker2', 'GET', '/api/suitability/confirmations')).json()).toEqual({ items: [], total: 0 });
    expect((await t.call('compliance', 'GET', '/api/suitability/confirmations?productCode=PR5')).json().total).toBe(1);
    expect((await t.call('admin', 'GET', '/api/suitability/confirmations?productCode=PR4')).json().total).toBe(0);
    expect((await t.call('admin', 'GET', '/api/suitability/confirmations?from=2025-06-16&to=2025-06-16')).json().total).toBe(1);
    expect((await t.call('admin', 'GET', '/api/suitability/confirmations?from=2025-06-17')).json().total).toBe(0);
  });
});

describe('GET /api/suitability/expiring', () => {
  const rows = async (username: string, query = '') => {
    const res = await t.call(username, 'GET', `/api/suitability/expiring${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { date: string; withinDays: number; total: number; items: Array<{ customerNo: string; status: string; daysLeft: number | null; expiresOn: string | null }> };
  };
  const brief = (list: Awaited<ReturnType<typeof rows>>) => list.items.map((i) => [i.customerNo, i.status, i.daysLeft]);

  it('lists expiring (within 30 days) and expired assessments of open ordinary investors, soonest expiry first', async () => {
    const all = await rows('admin');
    expect(all).toMatchObject({ date: '2025-06-16', withinDays: 30, total: 4 });
    expect(brief(all)).toEqual([['C0006', 'EXPIRED', -897], ['C0004', 'EXPIRED', 0], ['C0005', 'EXPIRING', 1], ['C0003', 'EXPIRING', 4]]);
    expect(all.items[3]).toMatchObject({ expiresOn: '2025-06-20', staff: [{ staffNo: 'S002', name: '李娜', kind: 'DEVELOP' }] });
  });

  it('in the caller’s scope: broker2 sees C0003, broker3 C0004–C0006', async () => {
    expect(brief(await rows('broker2'))).toEqual([['C0003', 'EXPIRING', 4]]);
    expect(brief(await rows('broker3'))).toEqual([['C0006', 'EXPIRED', -897], ['C0004', 'EXPIRED', 0], ['C0005', 'EXPIRING', 1]]);
  });

  it('within 4 days includes 4 days left, within 3 does not; missing assessments on request', async () => {
    expect(brief(await rows('admin', '?status=EXPIRING&withinDays=4'))).toEqual([['C0005', 'EXPIRING', 1], ['C0003', 'EXPIRING', 4]]);
    expect(brief(await rows('admin', '?status=EXPIRING&withinDays=3'))).toEqual([['C0005', 'EXPIRING', 1]]);
    expect(brief(await rows('admin', '?status=MISSING'))).toEqual([['C0007', 'MISSING', null], ['C2001', 'MISSING', null]]);
    expect(brief(await rows('admin', '?q=C000&branch=B01&status=MISSING'))).toEqual([['C0007', 'MISSING', null]]);
  });

  // The to-do (mine=true) of the customers the caller serves on 2025-06-16 (fixtures.ts): the SERVICE
  // relationship, else the heaviest DEVELOP one. C0006: S003 DEVELOP + S004 SERVICE → S004. C0004: S003
  // from today → S003. C0005: S003 through today (S001 only from tomorrow) → S003. C0003: S002 → S002.
  it('mine=true lists only the customers the caller serves today, within the caller’s scope', async () => {
    expect(brief(await rows('broker3', '?mine=true'))).toEqual([['C0004', 'EXPIRED', 0], ['C0005', 'EXPIRING', 1]]);
    expect(brief(await rows('service4', '?mine=true'))).toEqual([['C0006', 'EXPIRED', -897]]);
    expect(brief(await rows('broker2', '?mine=true'))).toEqual([['C0003', 'EXPIRING', 4]]);
    // S001 serves C0005 only from tomorrow
    expect(await rows('broker1', '?mine=true')).toMatchObject({ total: 0, items: [] });
    // the team lead sees C0003 and C0006 in the team's scope but serves neither; a login without a staff member serves nobody
    expect(brief(await rows('tl_t11'))).toEqual([['C0006', 'EXPIRED', -897], ['C0003', 'EXPIRING', 4]]);
    expect(await rows('tl_t11', '?mine=true')).toMatchObject({ total: 0, items: [] });
    expect(await rows('admin', '?mine=true')).toMatchObject({ total: 0, items: [] });
    // the other filters still apply; mine=false is no filter
    expect(brief(await rows('broker3', '?mine=true&status=EXPIRED'))).toEqual([['C0004', 'EXPIRED', 0]]);
    expect(brief(await rows('broker3', '?mine=false'))).toEqual([['C0006', 'EXPIRED', -897], ['C0004', 'EXPIRED', 0], ['C0005', 'EXPIRING', 1]]);
    const bad = await t.call('broker3', 'GET', '/api/suitability/expiring?mine=yes');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('mine');
  });
});

describe('suitabilityCaseSql agrees with checkSuitability', () => {
  it('on every combination of category, assessment date, class, lowest flag, product risk and day', async () => {
    const customers: SuitabilityCustomer[] = [];
    for (const riskLevel of [null, 'C1', 'C2', 'C3', 'C4', 'C5']) {
      for (const riskAssessedOn of [null, '2024-12-06', '2024-02-29', '2026-12-07']) {
        for (const investorClass of ['ORDINARY', 'PRO_A', 'PRO_B', 'PRO_C']) {
          for (const lowestRiskCategory of [false, true]) customers.push({ riskLevel, riskAssessedOn, investorClass, lowestRiskCategory });
        }
      }
    }
    const days = ['2026-12-05', '2026-12-06', '2026-02-27', '2026-02-28'];
    const risks = ['R1', 'R2', 'R3', 'R4', 'R5'];
    const settings = { ...DEFAULT_SUITABILITY, matrix: { ...DEFAULT_SUITABILITY.matrix, C3: ['R1', 'R2', 'R3', 'R5'] as const } };
    const expression = suitabilityCaseSql({ customer: 'c', productRisk: 'p.risk', day: 'd.day', settings });
    const { rows } = await t.db.pool.query<{ i: number; risk: string; day: string; result: string }>(
      `select c.i, p.risk, d.day::text as day, ${expression} as result
         from jsonb_to_recordset($1::jsonb) as c(i int, risk_level text, risk_assessed_on date, investor_class text, lowest_risk_category boolean)
         cross join unnest($2::text[]) as p(risk) cross join unnest($3::date[]) as d(day)`,
      [JSON.stringify(customers.map((c, i) => ({
        i, risk_level: c.riskLevel, risk_assessed_on: c.riskAssessedOn, investor_class: c.investorClass, lowest_risk_category: c.lowestRiskCategory,
      }))), risks, days],
    );
    expect(rows).toHaveLength(customers.length * risks.length * days.length);
    const differ = rows.filter((r) => checkSuitability(customers[r.i]!, { riskLevel: r.risk }, r.day, settings).result !== r.result);
    expect(differ).toEqual([]);
    expect(new Set(rows.map((r) => r.result))).toEqual(new Set(['MATCH', 'MISMATCH', 'NEVER']));
  });
});

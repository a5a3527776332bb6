/**
 * 客户信息完善 against a real PostgreSQL, on the fixture brokerage at FIXED_NOW (business date
 * 2025-06-16). The fixture's customers have a risk category but no assessment date (no valid
 * assessment), so their stored scores after the first refresh, worked out by hand (kyc.rules.ts):
 *
 *   C0001       P  name 4 + ID 6 + mobile 10 + e-mail 3 + address 5           = 28
 *   C0002–C0005 P  name 4 + ID 6 + mobile 10                                  = 20
 *   C0006       P  name 4 + mobile 10 (the fixture's ID …66666: check digit X) = 14
 *   C0007       P  name 4 + mobile 10 (gender F, but its ID's sequence 777 is odd: male; born 1974-07-08, the ID says 07-07) = 14
 *   C0008       O  name 5 + ID 8 + mobile 10                                  = 23
 *   C2001       P  name 4 + ID 6 + birth date 4 (1980-01-01, as its ID) + mobile 10 = 24 (branch B02);  C2002 closed: never listed
 *
 * The fixture's resident IDs have made-up last digits; the seed gives each the GB 11643 check digit
 * (C0001 …1234 → …1237: the 17 digits weigh 126, 126 mod 11 = 5 → 7), except C0006's.
 *
 * Scopes (test/fixtures.ts): broker1 (S001) sees C0001 and C0002; broker2 (S002) C0002 and C0003;
 * C0002 is served by S001 (DEVELOP 0.6 before S002's 0.4).
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import type { TestDb } from '../../../test/harness.js';
import { invalidFields } from '../../../test/problem.js';
import { downloadedSheet, rowsFrom } from '../../../test/xlsx.js';
import { inTransaction } from '../../db/database.js';
import { residentIdProblem } from '../../../../shared/identity.js';
import { completeness, DEFAULT_RISK_SETTINGS, type KycFacts } from './kyc.rules.js';
import { refreshAllKycScores, refreshKycScoresOfDay } from './kyc.service.js';
import { KYC_ROW } from './kyc.sql.js';

/** The check digits of the fixture's IDs (worked out by GB 11643, as shared/identity.ts computes them). */
const VALID_IDS: Record<string, string> = {
  C0001: '110101199001011237', C0002: '310101198502023458', C0003: '110101197003033334', C0004: '110101197104044446',
  C0005: '110101197205055558', C0007: '110101197407077771', C2001: '310101198001012005', C2002: '31010119810202200X',
};

async function seed(db: TestDb): Promise<void> {
  await withBrokerage()(db);
  for (const [customerNo, idNo] of Object.entries(VALID_IDS)) await db.pool.query(`update customers set id_no = $2 where customer_no = $1`, [customerNo, idNo]);
  await db.pool.query(`update customers set gender = 'F', birth_date = '1974-07-08' where customer_no = 'C0007'`);
  await db.pool.query(`update customers set gender = 'F', birth_date = '1980-01-01' where customer_no = 'C2001'`);
  await inTransaction(db.pool, (client) => refreshAllKycScores(client, '2025-06-16'));
}

const t = useTestApp({ seed, sessions: ['admin', 'compliance', 'broker1', 'broker2', 'tl_t11'] });

const kyc = (username: string, customerNo: string) => t.call(username, 'GET', `/api/customers/${customerNo}/kyc`);
const save = (username: string, customerNo: string, body: unknown) => t.call(username, 'PUT', `/api/customers/${customerNo}/kyc`, body);
const incomplete = async (username: string, query = '') => {
  const res = await t.call(username, 'GET', `/api/kyc/incomplete${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { threshold: number; total: number; items: { customerNo: string; score: number; missing: string[] }[] };
};
const auditRows = async (action: string) =>
  (await t.db.pool.query<{ username: string; entity_id: string; detail: unknown }>(`select username, entity_id, detail from audit_log where action = $1 order by id`, [action])).rows;

const FILLED = {
  occupation: 'PROFESSIONAL', employer: '中关村科技', industry: 'IT', education: 'MASTER', incomeBand: '300K_500K', assetBand: '500K_3M',
  fundSource: 'SALARY', experience: [{ productClass: 'STOCK', years: 5 }, { productClass: 'FUND', years: 2 }], investmentGoal: 'BALANCED',
  investmentHorizon: '3Y_5Y', emergencyName: '钱少少', emergencyRelation: 'SPOUSE', emergencyMobile: '13900002222',
  household: [{ customerNo: 'C0002', relation: 'SPOUSE' }, { name: '钱小小', relation: 'CHILD' }],
  relatedAccounts: [{ customerNo: 'C0002', relation: 'HOUSEHOLD' }],
};

describe('the stored scores', () => {
  it('are refreshed set-based for every customer as worked out above', async () => {
    const { rows } = await t.db.pool.query<{ customer_no: string; score: number }>(`select customer_no, score from customer_kyc order by customer_no`);
    expect(Object.fromEntries(rows.map((r) => [r.customer_no, r.score]))).toEqual({
      C0001: 28, C0002: 20, C0003: 20, C0004: 20, C0005: 20, C0006: 14, C0007: 14, C0008: 23, C2001: 24, C2002: 20,
    });
  });
});

describe('the import\'s refresh (refreshKycScoresOfDay)', () => {
  it('scores again only the customers the day delivered and those whose assessment became valid or expired since they were scored', async () => {
    const scores = async (client: pg.PoolClient) =>
      Object.fromEntries((await client.query<{ customer_no: string; score: number; scored_on: string }>(
        `select customer_no, score, scored_on::text from customer_kyc where customer_no in ('C0003', 'C0004', 'C0005') order by customer_no`)).rows
        .map((r) => [r.customer_no, `${r.score} ${r.scored_on}`]));
    await inTransaction(t.db.pool, async (client) => {
      // C0003 gains an e-mail (+3) in a row not delivered by a later day: the import's refresh leaves it
      await client.query(`update customers set email = 'zhou.san@example.com' where customer_no = 'C0003'`);
      // C0004's assessment of 2023-06-18 arrives with the day 2025-06-17: valid until 2025-06-18 (two years), +8
      await client.query(`update customers set risk_assessed_on = '2023-06-18', updated_on = '2025-06-17' where customer_no = 'C0004'`);
      await refreshKycScoresOfDay(client, '2025-06-17');
      expect(await scores(client)).toEqual({ C0003: '20 2025-06-16', C0004: '28 2025-06-17', C0005: '20 2025-06-16' });
      // 2025-06-18: C0004's assessment has expired (no row delivered), 28 → 20; C0003 is delivered that day, 20 → 23
      await client.query(`update customers set updated_on = '2025-06-18' where customer_no = 'C0003'`);
      await refreshKycScoresOfDay(client, '2025-06-18');
      expect(await scores(client)).toEqual({ C0003: '23 2025-06-18', C0004: '20 2025-06-18', C0005: '20 2025-06-16' });
      // undo for the tests below (the fixture's rows and scores as they were)
      await client.query(`update customers set email = null, updated_on = '2025-06-13' where customer_no = 'C0003'`);
      await client.query(`update customers set risk_assessed_on = null, updated_on = '2025-06-13' where customer_no = 'C0004'`);
      await refreshAllKycScores(client, '2025-06-16');
    });
  });
});

describe('GET /api/customers/{customerNo}/kyc', () => {
  it('a broker sees the form of their customer, personal information masked, the score and what is missing; no audit', async () => {
    const res = await kyc('broker1', 'C0001');
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      customerNo: 'C0001', customerType: 'P', branchCode: 'B01',
      identity: { name: '钱多多', idNo: '110101********1237' }, identityCheck: { idNo: null, birthDateAgrees: null, genderAgrees: null },
      contact: { mobile: '138****5678', email: 'q***@example.com', address: '北京市海淀区****' },
      risk: { riskLevel: 'C4', assessedOn: null, status: 'MISSING', investorClass: 'ORDINARY' },
      score: 28, threshold: 80, updatedAt: null, household: [], relatedAccounts: [],
    });
    expect(view.missing).toEqual(['birthDate', 'occupation', 'employer', 'industry', 'education', 'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'riskAssessment', 'emergencyContact']);
    expect(view.required[0]).toEqual({ field: 'name', weight: 4, complete: true });
    expect(await auditRows('customer.view_pii')).toEqual([]);
  });

  it('compliance sees it unmasked, audited in the same read', async () => {
    const res = await kyc('compliance', 'C0001');
    expect(res.json()).toMatchObject({ identity: { idNo: '110101199001011237' }, contact: { mobile: '13812345678' } });
    expect(await auditRows('customer.view_pii')).toEqual([{ username: 'compliance', entity_id: 'C0001', detail: { via: 'kyc' } }]);
  });

  it('404 for a customer out of scope or unknown; a broker can neither read nor write another broker’s customer', async () => {
    for (const res of [await kyc('broker1', 'C2001'), await kyc('broker1', 'C9999'), await save('broker1', 'C2001', { occupation: 'RETIRED' })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await t.db.pool.query(`select 1 from customer_kyc_history`)).toMatchObject({ rowCount: 0 });
  });

  it('compliance (read-only) may not save: 403', async () => {
    expect((await save('compliance', 'C0001', { occupation: 'RETIRED' })).statusCode).toBe(403);
  });
});

describe('PUT /api/customers/{customerNo}/kyc', () => {
  it('422 naming each bad field', async () => {
    const res = await save('broker1', 'C0001', { altMobile: '123', incomeBand: 'LOTS', experience: [{ productClass: 'STOCK', years: -1 }], emergencyMobile: '1390000' });
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(invalidFields(res).sort()).toEqual(['altMobile', 'emergencyMobile', 'experience.0.years', 'incomeBand'].sort());
  });

  it('422 for a linked customer out of the caller’s scope (as for an unknown one) or the customer themself', async () => {
    const res = await save('broker1', 'C0001', { household: [{ customerNo: 'C2001', relation: 'SPOUSE' }, { customerNo: 'C0001', relation: 'CHILD' }], relatedAccounts: [{ customerNo: 'C9999', relation: 'OTHER' }] });
    expect(invalidFields(res)).toEqual(['household.0.customerNo', 'household.1.customerNo', 'relatedAccounts.0.customerNo']);
    expect(await t.db.pool.query(`select 1 from customer_kyc_history`)).toMatchObject({ rowCount: 0 });
  });

  it('saves the form: 28 + 8 + 3 + 4 + 4 + 8 + 8 + 6 + 6 + 5 + 4 + 4 = 88, stored, each change in the history, the save audited', async () => {
    const res = await save('broker1', 'C0001', FILLED);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      score: 88, missing: ['birthDate', 'riskAssessment'], updatedBy: 'broker1',
      form: { occupation: 'PROFESSIONAL', experience: FILLED.experience, emergencyMobile: '139****2222' },
      household: [
        { customerNo: 'C0002', customerName: '孙分成', inScope: true, memberName: null, relation: 'SPOUSE' },
        { customerNo: null, customerName: null, inScope: false, memberName: '钱小小', relation: 'CHILD' },
      ],
      relatedAccounts: [{ customerNo: 'C0002', customerName: '孙分成', inScope: true, relation: 'HOUSEHOLD' }],
    });
    const stored = await t.db.pool.query(`select score, missing from customer_kyc where customer_no = 'C0001'`);
    expect(stored.rows).toEqual([{ score: 88, missing: ['birthDate', 'riskAssessment'] }]);
    const audit = await auditRows('kyc.update');
    expect(audit).toEqual([{
      username: 'broker1', entity_id: 'C0001',
      detail: { fields: ['occupation', 'employer', 'industry', 'education', 'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'emergencyName', 'emergencyRelation', 'emergencyMobile', 'household', 'relatedAccounts'] },
    }]);
  });

  it('a field left out keeps its value; null clears it (employer: 88 − 3 = 85)', async () => {
    const res = await save('broker1', 'C0001', { employer: null });
    expect(res.json()).toMatchObject({ score: 85, missing: ['birthDate', 'employer', 'riskAssessment'], form: { occupation: 'PROFESSIONAL', employer: null } });
  });

  it('the history: newest first, personal values masked for a broker; unmasked for compliance, audited', async () => {
    const res = await t.call('broker1', 'GET', '/api/customers/C0001/kyc/history?pageSize=50');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json() as { total: number; items: { field: string; oldValue: string | null; newValue: string | null; username: string }[] };
    expect(total).toBe(16);
    expect(items[0]).toMatchObject({ field: 'employer', oldValue: '中关村科技', newValue: null, username: 'broker1' });
    const byField = Object.fromEntries(items.map((i) => [i.field, i]));
    expect(byField.emergencyMobile).toMatchObject({ oldValue: null, newValue: '139****2222' });
    expect(byField.experience).toMatchObject({ oldValue: null, newValue: 'STOCK=5, FUND=2' });
    expect(byField.household).toMatchObject({ newValue: 'SPOUSE C0002; CHILD 钱小小' });
    expect((await auditRows('customer.view_pii')).filter((r) => (r.detail as { via: string }).via === 'kycHistory')).toEqual([]);

    const unmasked = (await t.call('compliance', 'GET', '/api/customers/C0001/kyc/history?pageSize=50')).json() as { items: { field: string; newValue: string | null }[] };
    expect(unmasked.items.find((i) => i.field === 'emergencyMobile')?.newValue).toBe('13900002222');
    expect((await auditRows('customer.view_pii')).filter((r) => (r.detail as { via: string }).via === 'kycHistory')).toEqual([
      { username: 'compliance', entity_id: 'C0001', detail: { via: 'kycHistory' } },
    ]);
  });

  it('a household member out of the reader’s scope is shown by number only', async () => {
    // C0003 is broker2's, not broker1's: broker2 links it, broker1 reads C0002
    expect((await save('broker2', 'C0002', { household: [{ customerNo: 'C0003', relation: 'PARENT' }] })).statusCode).toBe(200);
    expect((await kyc('broker1', 'C0002')).json().household).toEqual([{ customerNo: 'C0003', customerName: null, inScope: false, memberName: null, relation: 'PARENT' }]);
  });

  it('证件号码校验: the view says what is wrong with the extract’s identity (C0006 check digit, C0007 gender and birth date)', async () => {
    expect((await kyc('tl_t11', 'C0006')).json()).toMatchObject({ identityCheck: { idNo: 'CHECK_DIGIT', birthDateAgrees: null, genderAgrees: null }, score: 14 });
    const c7 = (await kyc('admin', 'C0007')).json();
    expect(c7).toMatchObject({ identityCheck: { idNo: null, birthDateAgrees: false, genderAgrees: false }, score: 14 });
    expect(c7.missing.slice(0, 2)).toEqual(['idNo', 'birthDate']);
    expect((await kyc('admin', 'C2001')).json()).toMatchObject({ identityCheck: { idNo: null, birthDateAgrees: true, genderAgrees: true }, score: 24 });
  });

  it('the SQL check (resident_id_valid) agrees with shared/identity.ts on hand-worked numbers', async () => {
    const ids = ['110101199001011237', '11010519491231002X', '11010519491231002x', '110101199001011234', '110105194912310021', '110101199002301237',
      '110101190002291230', '990101199001011237', '11010119900101123', '1101011990010112X7', '110101900101123', ' 110101199001011237 '];
    const { rows } = await t.db.pool.query<{ id: string; valid: boolean }>(`select id, resident_id_valid(id) as valid from unnest($1::text[]) as id`, [ids]);
    expect(rows.map((r) => r.valid)).toEqual(ids.map((id) => residentIdProblem(id) === null));
    expect(rows.map((r) => r.valid)).toEqual([true, true, true, false, false, false, false, false, false, false, false, true]);
  });

  it('the stored scores agree with the pure rule for every customer', async () => {
    const { rows } = await t.db.pool.query<{ customer_no: string; score: number; missing: string[] }>(`select customer_no, score, missing from customer_kyc order by customer_no`);
    for (const row of rows) {
      const facts = (await t.db.pool.query<KycFacts>(KYC_ROW, [row.customer_no])).rows[0]!;
      expect(completeness(facts, '2025-06-16', DEFAULT_RISK_SETTINGS), row.customer_no).toEqual({ score: row.score, missing: row.missing });
    }
  });
});

describe('GET /api/kyc/incomplete', () => {
  it('below the threshold (80), lowest first then by number, closed customers never; C0001 (85) is not listed', async () => {
    const list = await incomplete('admin');
    expect(list.threshold).toBe(80);
    expect(list.items.map((i) => `${i.customerNo}:${i.score}`)).toEqual(['C0006:14', 'C0007:14', 'C0002:20', 'C0003:20', 'C0004:20', 'C0005:20', 'C0008:23', 'C2001:24']);
    expect(list.total).toBe(8);
    expect(list.items[0]!.missing).toEqual(['idNo', 'birthDate', 'email', 'address', 'occupation', 'employer', 'industry', 'education', 'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'riskAssessment', 'emergencyContact']);
    expect(list.items[6]!.missing).toEqual(['email', 'address', 'industry', 'incomeBand', 'assetBand', 'fundSource', 'experience', 'investmentGoal', 'investmentHorizon', 'riskAssessment', 'controller', 'beneficialOwner']);
  });

  it('filters by band, branch and staff, in the caller’s scope, and orders on request', async () => {
    expect((await incomplete('admin', '?band=HIGH')).items.map((i) => i.customerNo)).toEqual(['C0001']);
    expect((await incomplete('admin', '?branch=B02')).items.map((i) => i.customerNo)).toEqual(['C2001']);
    expect((await incomplete('admin', '?staffNo=S002')).items.map((i) => i.customerNo)).toEqual(['C0002', 'C0003']);
    expect((await incomplete('admin', '?sort=-score&pageSize=2')).items.map((i) => i.customerNo)).toEqual(['C2001', 'C0008']);
    expect((await incomplete('broker1')).items.map((i) => i.customerNo)).toEqual(['C0002']);
    expect((await incomplete('tl_t11', '?band=LOW')).items.map((i) => i.customerNo)).toEqual(['C0006', 'C0002', 'C0003', 'C0008']);
  });

  it('mine=true: the customers the caller serves (C0002 is S001’s, not S002’s)', async () => {
    expect((await incomplete('broker1', '?mine=true')).items.map((i) => i.customerNo)).toEqual(['C0002']);
    expect((await incomplete('broker2', '?mine=true')).items.map((i) => i.customerNo)).toEqual(['C0003']);
    expect((await incomplete('admin', '?mine=true')).total).toBe(0);
  });

  it('follows the configured threshold', async () => {
    const put = await t.call('admin', 'PUT', '/api/admin/settings/kyc', { todoThreshold: 90 });
    expect(put.statusCode, put.body).toBe(200);
    try {
      expect((await incomplete('broker1')).items.map((i) => `${i.customerNo}:${i.score}`)).toEqual(['C0002:20', 'C0001:85']);
    } finally {
      await t.call('admin', 'PUT', '/api/admin/settings/kyc', { todoThreshold: 80 });
    }
    expect((await t.call('admin', 'PUT', '/api/admin/settings/kyc', { todoThreshold: 0 })).statusCode).toBe(422);
  });

  it('exports the filtered list to Excel with the missing fields by label, audited', async () => {
    const res = await t.call('broker1', 'GET', '/api/kyc/incomplete?format=xlsx&band=LOW');
    const sheet = await downloadedSheet(res, 'kyc-incomplete_2025-06-16.xlsx', '信息待完善客户_2025-06-16.xlsx');
    const rows = rowsFrom(sheet, 5);
    expect(rows[0]).toEqual(['客户号', '客户名称', '客户类型', '营业部', '完善度(%)', '待完善项', '服务人员']);
    expect(rows[1]).toEqual(['C0002', '孙分成', '个人', '北京中关村营业部', 20, '出生日期、电子邮箱、联系地址、职业、工作单位、所属行业、学历、年收入、金融资产、资金来源、投资经验、投资目标、投资期限、风险测评、紧急联系人', '张伟、李娜']);
    expect(rows).toHaveLength(2);
    expect((await auditRows('report.export')).map((r) => r.entity_id)).toEqual(['kyc-incomplete']);
  });
});

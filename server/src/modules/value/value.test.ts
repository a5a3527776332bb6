/**
 * Customer value (RFM) and contribution (business-rules.md §6) against a real PostgreSQL, through
 * the HTTP API. The figures are written straight into sum_customer_daily (the carried 250-day
 * window of migration 0021 is the input here, tested with the figures), so every number below was
 * worked out by hand.
 *
 * Trading days: 252 weekdays ending on Friday D = 2026-11-06 (index 252); the 250-day window starts
 * at index 3. Index 243 is Monday 2026-10-26, index 242 Friday 2026-10-23.
 *
 * Customers open on D (branch B1), HQ scope (n = 8):
 *   no  last trade     R   F    M (net commission)                 segment at HQ
 *   V1  D              0   100  1,000                              IMPORTANT_VALUE   (H,H,H)
 *   V2  D              0   20   1,250 − guaranteed 200 (idx 3) = 1,050; the 50 of idx 2 is outside
 *                                                                  IMPORTANT_DEVELOP (H,L,H)
 *   V3  idx 242        10  100  1,000                              IMPORTANT_KEEP    (L,H,H)
 *   V4  idx 242        10  20   1,000                              IMPORTANT_RETAIN  (L,L,H)
 *   V5  D              0   100  100                                GENERAL_VALUE     (H,H,L)
 *   V6  D              0   20   100                                GENERAL_DEVELOP   (H,L,L)
 *   V7  idx 242        10  100  100                                GENERAL_KEEP      (L,H,L)
 *   V8  never, opened Saturday 2026-10-24 → first trading day idx 243: R = 252 − 243 + 1 = 10, F 20, M 100
 *                                                                  GENERAL_RETAIN    (L,L,L)
 *   X9  closed (not open on D): in no figure.
 * HQ averages: R 40/8 = 5, F 480/8 = 60, M 4,450/8 = 556.25.
 *
 * Broker S1 (login `broker`) is related on D to V3, V7, V8 (its V4 relationship ended the day
 * before): n = 3, ΣR = 30 → average 10, so R = 10 ≤ 10 is high for all three (the boundary);
 * ΣF = 220 (73.33): V3, V7 high, V8 low; ΣM = 1,200 (400): V3 high, V7 and V8 low →
 * V3 IMPORTANT_VALUE, V7 GENERAL_VALUE, V8 GENERAL_DEVELOP (against HQ's: KEEP, KEEP, RETAIN).
 *
 * Contribution (migration 0022's rates: cash 1.5 %, margin 3 %, product share 50 %, VISIT 200,
 * PHONE 10, SMS 0.1; BROKER 12,000 and SERVICE 8,000 a month; payslips used; top 1 tier; 0.1 %).
 * The window is full (250 days): 12 months.
 * - V1: net commission 1,000.00; cash Σ 50,000,000 × 1.5 ÷ 25,000 = 3,000.00; debt Σ 25,000,000 × 3
 *   ÷ 25,000 = 3,000.00; product fees 400 × 50 % = 200.00; contacts in the window: a VISIT and two
 *   PHONE (one at 23:30 on D in Shanghai) = 220.00 — an SMS on idx 2 and a PHONE at 00:30 of the
 *   next day are outside; staff: S2 (payslip 5,000.00 of October; December's 9,999 is after D)
 *   weight 0.6 of S2's 1.0 (V5 0.4; V6's ended) → 5,000 × 12 × 0.6 = 36,000.00, S3 (SERVICE,
 *   8,000) weight 1 of 2 → 48,000.00: 84,000.00. Contribution 1,000 + 3,000 + 3,000 + 200 − 220 −
 *   84,000 = −77,020.00. Tier 玉满堂, 20-day average 1,000,000 → flagged.
 * - V2: 1,050 − S3 48,000 = −46,950.00. V3: 1,000 + cash Σ 800,000,000 × 1.5 ÷ 25,000 = 48,000 −
 *   S1 12,000 × 12 × 1/3 = 48,000 → 1,000.00 = 0.1 % of 1,000,000: flagged (≤). V4: 1,000 + product
 *   0.02 × 50 % = 0.01 → 1,000.01: not flagged. V5: 100 − 5,000 × 12 × 0.4 = −23,900.00 (金满堂: not
 *   large). V6: 100. V7, V8: 100 − 48,000 = −47,900.00.
 * - HQ totals: net commission 4,450; cash 51,000; margin 3,000; product 200.01; contacts 220;
 *   staff 300,000 → −241,569.99.
 */
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { useTestApp } from '../../../test/app-harness.js';
import { PASSWORD } from '../../../test/fixtures.js';
import { downloadedSheet, rowsFrom } from '../../../test/xlsx.js';
import { inTransaction } from '../../db/database.js';
import { createUser } from '../auth/auth.service.js';
import { contributionOf, isLargeUnprofitable, type ContributionSettings } from './value.rules.js';
import { customerValue } from './value.service.js';

const D = '2026-11-06';

/** 252 weekdays ending on D, oldest first. */
function tradingDays(): string[] {
  const days: string[] = [];
  const at = new Date(`${D}T00:00:00Z`);
  while (days.length < 252) {
    const wd = at.getUTCDay();
    if (wd !== 0 && wd !== 6) days.unshift(at.toISOString().slice(0, 10));
    at.setUTCDate(at.getUTCDate() - 1);
  }
  return days;
}
const DAYS = tradingDays();
const idx = (n: number) => DAYS[n - 1]!;

interface Row {
  no: string;
  last: string | null;
  f: number;
  cf: string;
  net: string;
  tier: string;
  sum20?: string;
  cash?: string;
  debt?: string;
  fee?: string;
  open?: string;
  isOpen?: boolean;
}

const ROWS: Row[] = [
  { no: 'V1', last: D, f: 100, cf: '1000', net: '1000000.00', tier: '玉满堂', sum20: '20000000', cash: '50000000', debt: '25000000', fee: '400' },
  { no: 'V2', last: D, f: 20, cf: '1250', net: '200000.00', tier: '金满堂' },
  { no: 'V3', last: idx(242), f: 100, cf: '1000', net: '1000000.00', tier: '玉满堂', sum20: '20000000', cash: '800000000' },
  { no: 'V4', last: idx(242), f: 20, cf: '1000', net: '1000000.00', tier: '玉满堂', sum20: '20000000', fee: '0.02' },
  { no: 'V5', last: D, f: 100, cf: '100', net: '300000.00', tier: '金满堂' },
  { no: 'V6', last: D, f: 20, cf: '100', net: '50000.00', tier: '银满堂' },
  { no: 'V7', last: idx(242), f: 100, cf: '100', net: '60000.00', tier: '银满堂' },
  { no: 'V8', last: null, f: 20, cf: '100', net: '70000.25', tier: '银满堂', open: '2026-10-24' },
  { no: 'X9', last: idx(100), f: 5, cf: '999', net: '0', tier: '银满堂', isOpen: false },
];

async function seed(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`insert into branches (branch_code, branch_name) values ('B1', '上海营业部')`);
    await client.query(`insert into staff (staff_no, name, category, level, branch_code, hire_date, contract_type) values
      ('S1', '经纪人甲', 'BROKER', '中级', 'B1', '2020-01-01', 'LABOR'),
      ('S2', '经纪人乙', 'BROKER', '中级', 'B1', '2020-01-01', 'LABOR'),
      ('S3', '客服丙', 'SERVICE', '中级', 'B1', '2020-01-01', 'LABOR')`);
    await client.query(`insert into trading_days (trade_date, run_id) select d::date, 1 from unnest($1::text[]) d`, [DAYS]);
    for (const r of ROWS) {
      await client.query(
        `insert into customers (customer_no, name, customer_type, branch_code, open_date, close_date, status, first_seen_on, updated_on)
         values ($1, $2, 'P', 'B1', $3, $4, $5, '2025-01-01', '2025-01-01')`,
        [r.no, `客户${r.no}`, r.open ?? '2020-01-01', r.isOpen === false ? '2026-06-01' : null, r.isOpen === false ? 'CLOSED' : 'NORMAL'],
      );
    }
    await client.query(`select crm_ensure_partition('sum_customer_daily', $1::date)`, [D]);
    for (const r of ROWS) {
      await client.query(
        `insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, net_asset, total_asset, net_asset_sum20, days20, last_trade_date, tier,
           days250, trade_days250, commission_fees250, cash_sum250, debt_sum250, product_fee250)
         values ($1, $2, 'B1', $3, $4, $4, $5, 20, $6, $7, 250, $8, $9, $10, $11, $12)`,
        [D, r.no, r.isOpen !== false, r.net, r.sum20 ?? '0', r.last, r.tier, r.f, r.cf, r.cash ?? '0', r.debt ?? '0', r.fee ?? '0'],
      );
    }
    await client.query(`insert into sum_guaranteed_daily (trade_date, customer_no, fund_account, branch_code, guaranteed) values
      ($1, 'V2', 'AV2', 'B1', 200), ($2, 'V2', 'AV2', 'B1', 50)`, [idx(3), idx(2)]);
    const rel = (customer: string, staff: string, kind: string, weight: string, ended: string | null) =>
      client.query(
        `insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, source) values ($1, $2, $3, $4, '2020-01-01', '2020-01-01', $5, 'TEST')`,
        [customer, staff, kind, weight, ended],
      );
    const dayBefore = idx(251);
    await rel('V3', 'S1', 'DEVELOP', '1', null);
    await rel('V7', 'S1', 'DEVELOP', '1', null);
    await rel('V8', 'S1', 'DEVELOP', '1', null);
    await rel('V4', 'S1', 'DEVELOP', '1', dayBefore);
    await rel('V1', 'S2', 'DEVELOP', '0.6', null);
    await rel('V5', 'S2', 'DEVELOP', '0.4', null);
    await rel('V6', 'S2', 'DEVELOP', '1', dayBefore);
    await rel('V1', 'S3', 'SERVICE', '1', null);
    await rel('V2', 'S3', 'SERVICE', '1', null);
    await client.query(`insert into payroll_templates (template_code, name) values ('T', '模板')`);
    await client.query(`insert into payroll_months (month, template_code) values ('2026-10-01', 'T'), ('2026-12-01', 'T')`);
    await client.query(`insert into payslips (month, staff_no, level, template_code, base_salary, net_commission, commission_share, product_sales,
        product_sales_commission, adjustments_total, total, inputs, computed_at) values
      ('2026-10-01', 'S2', '中级', 'T', 5000, 0, 0, 0, 0, 0, 5000.00, '{}', now()),
      ('2026-12-01', 'S2', '中级', 'T', 9999, 0, 0, 0, 0, 0, 9999.00, '{}', now())`);
    await createUser(client, { username: 'hq_user', password: PASSWORD, role: 'HQ' });
    await createUser(client, { username: 'broker', password: PASSWORD, role: 'BROKER', staffNo: 'S1' });
    await createUser(client, { username: 'admin', password: PASSWORD, role: 'ADMIN' });
    const { rows } = await client.query<{ id: string }>(`select id from users where username = 'hq_user'`);
    const contact = (channel: string, at: string) =>
      client.query(`insert into contacts (customer_no, channel, summary, at, created_by) values ('V1', $1, '回访', $2, $3)`, [channel, at, rows[0]!.id]);
    await contact('VISIT', `${idx(3)}T01:00:00Z`); // 09:00 in Shanghai on the window's first day
    await contact('PHONE', `${idx(200)}T02:00:00Z`);
    await contact('PHONE', `${D}T15:30:00Z`); // 23:30 on D in Shanghai
    await contact('SMS', `${idx(2)}T02:00:00Z`); // before the window
    await contact('PHONE', `${D}T16:30:00Z`); // 00:30 of the next day in Shanghai
  });
}

const t = useTestApp({ seed: (db) => seed(db.pool), sessions: ['hq_user', 'broker', 'admin'], now: () => new Date(`${D}T12:00:00Z`) });

async function get<T>(user: string, url: string): Promise<T> {
  const res = await t.call(user, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

interface Segment {
  segment: string;
  customers: number;
  netAsset: string;
}

describe('RFM value segments (客户价值)', () => {
  it('puts each of HQ’s eight customers in its own segment against HQ’s averages', async () => {
    const answer = await get<{ date: string; customers: number; averages: { r: string; f: string; m: string }; segments: Segment[] }>('hq_user', '/api/intelligence/rfm');
    expect(answer.date).toBe(D);
    expect(answer.customers).toBe(8);
    expect(answer.averages).toEqual({ r: '5.00', f: '60.00', m: '556.25' });
    expect(answer.segments.map((s) => [s.segment, s.customers, s.netAsset])).toEqual([
      ['IMPORTANT_VALUE', 1, '1000000.00'],
      ['IMPORTANT_DEVELOP', 1, '200000.00'],
      ['IMPORTANT_KEEP', 1, '1000000.00'],
      ['IMPORTANT_RETAIN', 1, '1000000.00'],
      ['GENERAL_VALUE', 1, '300000.00'],
      ['GENERAL_DEVELOP', 1, '50000.00'],
      ['GENERAL_KEEP', 1, '60000.00'],
      ['GENERAL_RETAIN', 1, '70000.25'],
    ]);
  });

  it('lists a segment’s customers with R (never traded: its open days), F, M net of the window’s guaranteed commission', async () => {
    const dev = await get<{ items: Record<string, unknown>[]; total: number }>('hq_user', '/api/intelligence/rfm/customers?segment=IMPORTANT_DEVELOP');
    expect(dev.total).toBe(1);
    expect(dev.items[0]).toMatchObject({ customerNo: 'V2', name: '客户V2', r: 0, f: 20, m: '1050.00', rLevel: 'H', fLevel: 'L', mLevel: 'H', tier: '金满堂', staff: '客服丙' });
    const retain = await get<{ items: Record<string, unknown>[] }>('hq_user', '/api/intelligence/rfm/customers?segment=GENERAL_RETAIN');
    expect(retain.items).toEqual([expect.objectContaining({ customerNo: 'V8', r: 10, f: 20, m: '100.00', netAsset: '70000.25', staff: '经纪人甲' })]);
    const all = await get<{ items: { customerNo: string }[]; total: number }>('hq_user', '/api/intelligence/rfm/customers?pageSize=3');
    expect(all.total).toBe(8);
    // M high to low, then customer number: V2 1,050, V1, V3, V4 1,000 …
    expect(all.items.map((i) => i.customerNo)).toEqual(['V2', 'V1', 'V3']);
    const past = await get<{ items: unknown[]; total: number }>('hq_user', '/api/intelligence/rfm/customers?pageSize=5&page=3');
    expect(past).toMatchObject({ items: [], total: 8 });
  });

  it('segments the same customers against a broker’s own scope', async () => {
    const answer = await get<{ customers: number; averages: { r: string; f: string; m: string }; segments: Segment[] }>('broker', '/api/intelligence/rfm');
    expect(answer.customers).toBe(3);
    expect(answer.averages).toEqual({ r: '10.00', f: '73.33', m: '400.00' });
    const counts = Object.fromEntries(answer.segments.map((s) => [s.segment, s.customers]));
    expect(counts).toEqual({
      IMPORTANT_VALUE: 1, IMPORTANT_DEVELOP: 0, IMPORTANT_KEEP: 0, IMPORTANT_RETAIN: 0, GENERAL_VALUE: 1, GENERAL_DEVELOP: 1, GENERAL_KEEP: 0, GENERAL_RETAIN: 0,
    });
    const list = await get<{ items: { customerNo: string; segment: string }[] }>('broker', '/api/intelligence/rfm/customers');
    expect(list.items.map((i) => [i.customerNo, i.segment])).toEqual([['V3', 'IMPORTANT_VALUE'], ['V7', 'GENERAL_VALUE'], ['V8', 'GENERAL_DEVELOP']]);
  });

  it('gives the profile the segment against the caller’s scope, by its Chinese name', async () => {
    const client = await t.db.pool.connect();
    try {
      const hq = await customerValue(client, { role: 'HQ' }, 'V3', D);
      expect(hq.rfm).toEqual({ r: 10, f: 100, m: '1000.00', segment: '重要保持', segmentCode: 'IMPORTANT_KEEP', rLevel: 'L', fLevel: 'H', mLevel: 'H' });
      const broker = await customerValue(client, { role: 'BROKER', staffNo: 'S1' }, 'V3', D);
      expect(broker.rfm?.segment).toBe('重要价值');
      expect(broker.contribution).toMatchObject({ contribution: '1000.00', flagged: true });
      const closed = await customerValue(client, { role: 'HQ' }, 'X9', D);
      expect(closed).toEqual({ rfm: null, contribution: null });
    } finally {
      client.release();
    }
  });

  it('exports a segment’s customers to Excel', async () => {
    const res = await t.call('hq_user', 'GET', '/api/intelligence/rfm/customers?segment=GENERAL_RETAIN&format=xlsx');
    const rows = rowsFrom(await downloadedSheet(res, `customer-value_${D}.xlsx`, `客户价值_${D}.xlsx`), 1);
    expect(rows).toContainEqual(['V8', '客户V8', '上海营业部', '一般挽留', 10, 20, 100, 70000.25, '银满堂', '经纪人甲']);
  });
});

describe('contribution (客户贡献)', () => {
  it('sums every part exactly over HQ’s scope and flags the large but unprofitable', async () => {
    const answer = await get<{ summary: Record<string, unknown>; rule: unknown; points: Record<string, unknown[]>; truncated: boolean }>('hq_user', '/api/intelligence/contribution');
    expect(answer.summary).toEqual({
      customers: 8, netCommission: '4450.00', cashSpread: '51000.00', marginInterest: '3000.00', productFees: '200.01', contactCost: '220.00', staffCost: '300000.00',
      contribution: '-241569.99', avgNetAsset: '3000000.00', flagged: 2, flaggedAvgNetAsset: '2000000.00', flaggedContribution: '-76020.00',
    });
    expect(answer.rule).toEqual({ largeTiers: ['玉满堂'], lowContributionPercent: '0.1' });
    expect(answer.truncated).toBe(false);
    // the flagged first, then by average net asset
    expect(answer.points.customerNo!.slice(0, 2)).toEqual(['V1', 'V3']);
    expect(answer.points.flagged!.filter(Boolean)).toHaveLength(2);
  });

  it('lists every part of each customer’s contribution', async () => {
    const list = await get<{ items: Record<string, unknown>[]; total: number }>('hq_user', '/api/intelligence/contribution/customers?sort=-contribution');
    expect(list.total).toBe(8);
    const byNo = Object.fromEntries(list.items.map((i) => [i.customerNo, i]));
    expect(byNo.V1).toMatchObject({
      netCommission: '1000.00', cashSpread: '3000.00', marginInterest: '3000.00', productFees: '200.00', contacts: 3, contactCost: '220.00', staffCost: '84000.00',
      contribution: '-77020.00', avgNetAsset: '1000000.00', flagged: true, staff: '客服丙、经纪人乙',
    });
    expect(byNo.V2).toMatchObject({ netCommission: '1050.00', staffCost: '48000.00', contribution: '-46950.00', flagged: false });
    // the SQL agrees with the pure rule (value.rules.ts) on the same inputs
    const settings = (await t.db.pool.query<{ value: ContributionSettings }>(`select value from settings where key = 'contribution'`)).rows[0]!.value;
    const rule = contributionOf(
      {
        days: 250, commissionFees: '1000', guaranteed: '0', cashSum: '50000000', debtSum: '25000000', productFees: '400', contacts: { VISIT: 1, PHONE: 2 },
        staff: [{ monthlyCost: '5000', weight: '0.6', totalWeight: '1' }, { monthlyCost: '8000', weight: '1', totalWeight: '2' }],
      },
      settings,
    );
    expect(rule.contribution.toFixed(2)).toBe(byNo.V1!.contribution);
    expect(isLargeUnprofitable(1, rule.contribution, '1000000', settings)).toBe(byNo.V1!.flagged);
    expect(byNo.V3).toMatchObject({ cashSpread: '48000.00', staffCost: '48000.00', contribution: '1000.00', flagged: true });
    expect(byNo.V4).toMatchObject({ productFees: '0.01', staffCost: '0.00', contribution: '1000.01', flagged: false });
    expect(byNo.V5).toMatchObject({ staffCost: '24000.00', contribution: '-23900.00', flagged: false });
    expect(byNo.V6).toMatchObject({ staffCost: '0.00', contribution: '100.00' });
    expect(byNo.V7).toMatchObject({ contribution: '-47900.00' });
    expect(list.items.map((i) => i.customerNo)).toEqual(['V4', 'V3', 'V6', 'V5', 'V2', 'V7', 'V8', 'V1']);
    const flagged = await get<{ items: { customerNo: string }[]; total: number }>('hq_user', '/api/intelligence/contribution/customers?flagged=true');
    expect(flagged.items.map((i) => i.customerNo)).toEqual(['V1', 'V3']);
  });

  it('keeps a customer’s contribution whoever asks, and lists only the caller’s scope', async () => {
    const list = await get<{ items: { customerNo: string; contribution: string }[] }>('broker', '/api/intelligence/contribution/customers');
    expect(list.items.map((i) => [i.customerNo, i.contribution])).toEqual([['V7', '-47900.00'], ['V8', '-47900.00'], ['V3', '1000.00']]);
    const summary = await get<{ summary: { customers: number; flagged: number } }>('broker', '/api/intelligence/contribution');
    expect(summary.summary).toMatchObject({ customers: 3, flagged: 1 });
  });

  it('follows the rates of the setting', async () => {
    await t.db.pool.query(`update settings set value = jsonb_set(jsonb_set(value, '{cashSpreadPercent}', '"3"'), '{largeTopTiers}', '2') where key = 'contribution'`);
    try {
      const list = await get<{ items: Record<string, unknown>[] }>('hq_user', '/api/intelligence/contribution/customers?flagged=true');
      // cash spread doubles: V1 6,000 → −74,020; V3 96,000 → 49,000 (no longer ≤ 1,000); 金满堂 counts as large now:
      // V2 −46,950 and V5 −23,900 against a 20-day average of 0 → flagged
      expect(list.items.map((i) => [i.customerNo, i.contribution])).toEqual([['V1', '-74020.00'], ['V2', '-46950.00'], ['V5', '-23900.00']]);
    } finally {
      await t.db.pool.query(`update settings set value = jsonb_set(jsonb_set(value, '{cashSpreadPercent}', '"1.5"'), '{largeTopTiers}', '1') where key = 'contribution'`);
    }
  });

  it('is a setting of 系统设置, validated', async () => {
    const current = (await get<{ contribution: { value: Record<string, unknown> } }>('admin', '/api/admin/settings')).contribution.value;
    expect(current).toMatchObject({ cashSpreadPercent: '1.5', largeTopTiers: 1, usePayslips: true, contactCost: { VISIT: '200' } });
    const bad = await t.call('admin', 'PUT', '/api/admin/settings/contribution', { ...current, largeTopTiers: 0, contactCost: { ...(current.contactCost as object), SMS: '-1' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field).sort()).toEqual(['contribution.contactCost.SMS', 'contribution.largeTopTiers']);
    const good = await t.call('admin', 'PUT', '/api/admin/settings/contribution', current);
    expect(good.statusCode).toBe(200);
  });

  it('exports each part to Excel with exact totals', async () => {
    const res = await t.call('hq_user', 'GET', '/api/intelligence/contribution/customers?flagged=true&format=xlsx');
    const rows = rowsFrom(await downloadedSheet(res, `customer-contribution_${D}.xlsx`, `客户贡献_${D}.xlsx`), 1);
    const v1 = rows.find((r) => r[0] === 'V1');
    expect(v1?.slice(0, 4)).toEqual(['V1', '客户V1', '上海营业部', '玉满堂']);
    expect(rows.at(-1)?.[13]).toBe(-76020);
  });
});

describe('GET /api/customers/{customerNo}/profile', () => {
  it('answers tier, lifecycle, RFM against the caller’s scope, contribution, churn with reasons, and labels', async () => {
    // the derivation's lifecycles (the rows above carry none): V3 scored at risk, X9 closed
    await t.db.pool.query(`update sum_customer_daily set lifecycle = case customer_no when 'V3' then 'CHURN_RISK' else 'CHURNED' end where customer_no in ('V3', 'X9')`);
    await t.db.pool.query(
      `insert into churn_scores (customer_no, trade_date, score, reasons) values ('V3', $1, 0.62, $2)`,
      [D, JSON.stringify([{ kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.85 }])],
    );
    try {
      const hq = await get<Record<string, unknown>>('hq_user', '/api/customers/V3/profile');
      // V3 (header): R 10, F 100, M 1,000 → 重要保持 at HQ; contribution 1,000.00, flagged; score 0.62 ≥ 0.5 → HIGH
      expect(hq).toEqual({
        date: D, tier: '玉满堂', lifecycle: 'CHURN_RISK',
        rfm: { r: 10, f: 100, m: '1000.00', segment: '重要保持', segmentCode: 'IMPORTANT_KEEP' },
        contribution: '1000.00',
        contributionParts: { netCommission: '1000.00', cashSpread: '48000.00', marginInterest: '0.00', productFees: '0.00', contactCost: '0.00', staffCost: '48000.00', flagged: true },
        churn: { score: '0.62', scorer: 'RULES', level: 'HIGH', horizonDays: 40, reasons: [{ code: 'OUTFLOW', text: '资金大额转出：近20日转出占净资产 85 %' }] },
        labels: {},
      });
      // the broker's scope (V3, V7, V8) puts V3 in 重要价值
      const broker = await get<{ rfm: { segment: string } }>('broker', '/api/customers/V3/profile');
      expect(broker.rfm.segment).toBe('重要价值');
      // a closed customer: no figures, CHURNED
      const closed = await get<Record<string, unknown>>('hq_user', '/api/customers/X9/profile');
      expect(closed).toMatchObject({ date: D, lifecycle: 'CHURNED', rfm: null, contribution: null, churn: null });
    } finally {
      await t.db.pool.query(`delete from churn_scores`);
      await t.db.pool.query(`update sum_customer_daily set lifecycle = null where customer_no in ('V3', 'X9')`);
    }
  });

  it('answers a customer outside the caller’s scope exactly like an unknown one', async () => {
    const outside = await t.call('broker', 'GET', '/api/customers/V1/profile');
    const unknown = await t.call('broker', 'GET', '/api/customers/NOPE/profile');
    expect([outside.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(outside.json()).toEqual({ ...unknown.json(), instance: '/api/customers/V1/profile' });
  });
});

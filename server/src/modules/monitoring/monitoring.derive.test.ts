/**
 * The derivation of the monitoring alerts at import (business-rules.md §9), against a real
 * PostgreSQL: each rule on both sides of its threshold, worked out by hand, then re-import and
 * corrections. Days D1 … D5 are Monday 2026-11-02 to Friday 2026-11-06. Every customer has one CNY
 * account A<n> (margin customers a CREDIT one) holding 1,000,000.00 unless stated.
 *
 * - L1 D1 net 1,000,000.00, D2 out 500,000.00: 50 % and ≥ 500,000 → LARGE_WITHDRAWAL
 * - L2 D1 net 900,000.00, D2 out 499,999.99: 55.6 % but under 500,000 → none
 * - L3 D1 net 1,000,200.00, D2 out 500,000.00: 49.99 % → none
 * - Q1 D1 in 100,000.00, D2 out 90,000.00: 90 %, 1 trading day later → QUICK_IN_OUT on D2
 * - Q2 D1 in 100,000.00, D2 out 89,000.00: 89 % → none
 * - Q3 D1 in 100,000.00, D2 a trade, D3 out 95,000.00: a trade between → none
 * - Q4 D1 in 100,000.00, D5 out 90,000.00: 4 trading days later → none
 * - Q5 D1 in 100,000.00, D4 out 90,000.00: 3 trading days later → QUICK_IN_OUT on D4
 * - C1 D2 20 orders, 10 cancelled (50 %) → FREQUENT_CANCEL; C2 19 orders all cancelled → none;
 *   C3 100 orders, 49 cancelled → none
 * - M1 D2 collateral 150,000.00 / debt 100,000.00 = 150 % → none; M2 149,990.00 → 149.99 % →
 *   MARGIN_WARNING; M3 130,000.00 → 130 % → MARGIN_WARNING; M4 129,990.00 → 129.99 % →
 *   MARGIN_LIQUIDATION only; M5 no debt → none
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { writeDay, type Rows } from '../../../test/extract-builder.js';
import { removeDay } from '../extract/day-removal.js';
import { importDay } from '../extract/extract.service.js';

const [D1, D2, D3, D4, D5] = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'] as const;
const NORMAL = ['L1', 'L2', 'L3', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'C1', 'C2', 'C3'];
const MARGIN = ['M1', 'M2', 'M3', 'M4', 'M5'];
const CUSTOMERS = [...NORMAL, ...MARGIN];

const startNet: Record<string, string> = { L2: '900000.00', L3: '1000200.00' };

function reference(): Record<string, Rows> {
  return {
    'branches.csv': [{ branch_code: 'B01', branch_name: '上海营业部', city: '上海' }],
    'customers.csv': CUSTOMERS.map((c) => ({ customer_no: c, name: `客户${c}`, customer_type: 'P', branch_code: 'B01', open_date: '2026-01-05', status: 'NORMAL' })),
    'fund_accounts.csv': CUSTOMERS.map((c) => ({
      fund_account: `A${c}`, customer_no: c, account_kind: MARGIN.includes(c) ? 'CREDIT' : 'NORMAL', currency: 'CNY', open_date: '2026-01-05', status: 'NORMAL', commission_rate: '0.0003',
    })),
    'securities.csv': [{ market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' }],
  };
}

function assets(net: Record<string, string> = {}): Rows {
  return CUSTOMERS.map((c) => {
    const total = net[c] ?? '1000000.00';
    return { fund_account: `A${c}`, currency: 'CNY', cash: total, stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: total, debt: '0.00' };
  });
}

let flowNo = 0;
const flow = (c: string, type: 'BANK_IN' | 'BANK_OUT', amount: string) => ({
  flow_no: `W${++flowNo}`, fund_account: `A${c}`, currency: 'CNY', flow_type: type, amount, flow_time: '10:00:00',
});

function orders(c: string, n: number, cancelled: number): Rows {
  return Array.from({ length: n }, (_, i) => ({
    order_no: `${c}-${i}`, fund_account: `A${c}`, market: 'SH', security_code: '600519', side: 'B', price: '1500.0000', quantity: '100',
    filled_quantity: '0', status: i < cancelled ? 'CANCELLED' : 'REJECTED', channel: 'WEB', order_time: '10:00:00',
  }));
}

const trade = (c: string) => ({
  trade_no: `T${c}`, order_no: '', fund_account: `A${c}`, market: 'SH', security_code: '600519', side: 'B', price: '1500.0000', quantity: '1', amount: '1500.00',
  commission: '5.00', stamp_duty: '0.00', transfer_fee: '0.00', handling_fee: '0.00', regulatory_fee: '0.00', trade_time: '10:00:00', channel: 'WEB',
});

const credit = (c: string, collateral: string, financing: string, lending: string, interest: string) => ({
  fund_account: `A${c}`, financing_debt: financing, lending_debt: lending, interest_payable: interest, collateral_value: collateral,
});

interface Variant {
  d1QuickIn?: string;
  l1Out?: string;
  c1Cancelled?: number;
}

function files(day: string, v: Variant = {}): Record<string, Rows> {
  switch (day) {
    case D1:
      return {
        ...reference(),
        'assets.csv': assets(startNet),
        'fund_flows.csv': ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'].map((c) => flow(c, 'BANK_IN', c === 'Q1' ? (v.d1QuickIn ?? '100000.00') : '100000.00')),
      };
    case D2:
      return {
        'assets.csv': assets(),
        'fund_flows.csv': [
          flow('L1', 'BANK_OUT', v.l1Out ?? '500000.00'), flow('L2', 'BANK_OUT', '499999.99'), flow('L3', 'BANK_OUT', '500000.00'),
          flow('Q1', 'BANK_OUT', '90000.00'), flow('Q2', 'BANK_OUT', '89000.00'),
        ],
        'orders.csv': [...orders('C1', 20, v.c1Cancelled ?? 10), ...orders('C2', 19, 19), ...orders('C3', 100, 49)],
        'trades.csv': [trade('Q3')],
        'credit.csv': [
          credit('M1', '150000.00', '90000.00', '9000.00', '1000.00'), credit('M2', '149990.00', '90000.00', '9000.00', '1000.00'),
          credit('M3', '130000.00', '90000.00', '9000.00', '1000.00'), credit('M4', '129990.00', '90000.00', '9000.00', '1000.00'),
          credit('M5', '1000.00', '0.00', '0.00', '0.00'),
        ],
      };
    case D3:
      return { 'assets.csv': assets(), 'fund_flows.csv': [flow('Q3', 'BANK_OUT', '95000.00')] };
    case D4:
      return { 'assets.csv': assets(), 'fund_flows.csv': [flow('Q5', 'BANK_OUT', '90000.00')] };
    default:
      return { 'assets.csv': assets(), 'fund_flows.csv': [flow('Q4', 'BANK_OUT', '90000.00')] };
  }
}

interface AlertRow {
  id: string;
  customer_no: string;
  rule: string;
  day: string;
  evidence: Record<string, unknown>;
  status: string;
  withdrawn: boolean;
}

describe('alert derivation at import', () => {
  let db: TestDb;
  let root: string;

  async function load(day: string, v: Variant = {}): Promise<void> {
    const r = await importDay(db.pool, await writeDay(root, day, files(day, v)), { startedBy: 'test', today: '2026-12-06' });
    if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems));
  }

  async function alerts(): Promise<AlertRow[]> {
    const { rows } = await db.pool.query<AlertRow>(
      `select id::text, customer_no, rule, trade_date::text as day, evidence, status, withdrawn from alerts order by trade_date, customer_no, rule`,
    );
    return rows;
  }

  beforeAll(async () => {
    db = await createTestDb();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-alerts-'));
    for (const day of [D1, D2, D3, D4, D5]) await load(day);
  });
  afterAll(async () => {
    await db?.drop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('raises each rule exactly on its side of the threshold, with its evidence', async () => {
    expect((await alerts()).map(({ id: _id, ...a }) => a)).toEqual([
      { customer_no: 'C1', rule: 'FREQUENT_CANCEL', day: D2, evidence: { orders: 20, cancelled: 10, share: '0.5000' }, status: 'NEW', withdrawn: false },
      { customer_no: 'L1', rule: 'LARGE_WITHDRAWAL', day: D2,
        evidence: { bankOut: '500000.00', previousNetAsset: '1000000.00', previousDay: D1, share: '0.5000' }, status: 'NEW', withdrawn: false },
      { customer_no: 'M2', rule: 'MARGIN_WARNING', day: D2,
        evidence: { ratio: '1.4999', collateral: '149990.00', debt: '100000.00', line: '1.5' }, status: 'NEW', withdrawn: false },
      { customer_no: 'M3', rule: 'MARGIN_WARNING', day: D2,
        evidence: { ratio: '1.3000', collateral: '130000.00', debt: '100000.00', line: '1.5' }, status: 'NEW', withdrawn: false },
      { customer_no: 'M4', rule: 'MARGIN_LIQUIDATION', day: D2,
        evidence: { ratio: '1.2999', collateral: '129990.00', debt: '100000.00', line: '1.3' }, status: 'NEW', withdrawn: false },
      { customer_no: 'Q1', rule: 'QUICK_IN_OUT', day: D2,
        evidence: { bankIn: '100000.00', bankInDay: D1, bankOut: '90000.00', share: '0.9000', tradingDaysBetween: 1 }, status: 'NEW', withdrawn: false },
      { customer_no: 'Q5', rule: 'QUICK_IN_OUT', day: D4,
        evidence: { bankIn: '100000.00', bankInDay: D1, bankOut: '90000.00', share: '0.9000', tradingDaysBetween: 3 }, status: 'NEW', withdrawn: false },
    ]);
  });

  it('a re-delivered day gives the same alerts: ids, statuses and history kept', async () => {
    await db.pool.query(`update alerts set status = 'ACKNOWLEDGED' where customer_no = 'M2'`);
    const before = await alerts();
    await load(D2);
    await load(D1);
    expect(await alerts()).toEqual(before);
    await db.pool.query(`update alerts set status = 'NEW' where customer_no = 'M2'`);
  });

  it('a correction deletes an alert nobody acted on and withdraws one somebody acknowledged', async () => {
    const before = await alerts();
    const c1 = before.find((a) => a.customer_no === 'C1')!;
    const { rows: [user] } = await db.pool.query<{ id: string }>(`insert into users (username, password_hash, role) values ('u', 'x', 'ADMIN') returning id::text`);
    await db.pool.query(`update alerts set status = 'ACKNOWLEDGED' where id = $1`, [c1.id]);
    await db.pool.query(`insert into alert_history (customer_no, alert_id, at, action, user_id) values ('C1', $1, now(), 'acknowledge', $2)`, [c1.id, user!.id]);

    // D2 again: L1 takes out 499,999.99 (under 500,000), C1 has 9 of 20 orders cancelled (45 %)
    await load(D2, { l1Out: '499999.99', c1Cancelled: 9 });
    const after = await alerts();
    expect(after.find((a) => a.customer_no === 'L1')).toBeUndefined();
    expect(after.find((a) => a.customer_no === 'C1')).toEqual({ ...c1, status: 'ACKNOWLEDGED', withdrawn: true });
    const { rows: history } = await db.pool.query(`select action from alert_history where alert_id = $1`, [c1.id]);
    expect(history).toEqual([{ action: 'acknowledge' }]);

    // the condition again: the same alert, no longer withdrawn, its status and history kept
    await load(D2);
    const again = await alerts();
    expect(again.find((a) => a.customer_no === 'C1')).toEqual({ ...c1, status: 'ACKNOWLEDGED', withdrawn: false });
    expect(again.find((a) => a.customer_no === 'L1')).toMatchObject({ rule: 'LARGE_WITHDRAWAL', status: 'NEW' });
  });

  it('a late correction of an earlier day re-derives the later days it changes', async () => {
    // D1 again with Q1's BANK_IN 100,010.00: D2's 90,000.00 out is 89.99 % of it
    await load(D1, { d1QuickIn: '100010.00' });
    expect((await alerts()).find((a) => a.customer_no === 'Q1')).toBeUndefined();
    await load(D1);
    expect((await alerts()).find((a) => a.customer_no === 'Q1')).toMatchObject({ rule: 'QUICK_IN_OUT', day: D2 });
  });

  it('takes its thresholds from the monitoring setting (系统设置)', async () => {
    await db.pool.query(`update settings set value = jsonb_set(value, '{cancelMinOrders}', '19') where key = 'monitoring'`);
    await load(D2);
    expect((await alerts()).find((a) => a.customer_no === 'C2')).toMatchObject({ rule: 'FREQUENT_CANCEL', evidence: { orders: 19, cancelled: 19, share: '1.0000' } });
    await db.pool.query(`update settings set value = jsonb_set(value, '{cancelMinOrders}', '20') where key = 'monitoring'`);
    await load(D2);
    expect((await alerts()).find((a) => a.customer_no === 'C2')).toBeUndefined();
  });

  it('removing a day re-derives the alerts of the later days its data changed', async () => {
    // without D3, Q5's BANK_IN on D1 and BANK_OUT on D4 are 2 trading days apart; Q4's D5 out is now 3 days later
    await removeDay(db.pool, D3, { user: { username: 'cli:test' } });
    const after = await alerts();
    expect(after.filter((a) => a.rule === 'QUICK_IN_OUT').map((a) => [a.customer_no, a.day, a.evidence.tradingDaysBetween])).toEqual([
      ['Q1', D2, 1], ['Q5', D4, 2], ['Q4', D5, 3],
    ]);
  });
});

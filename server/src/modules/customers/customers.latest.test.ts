/**
 * customer_latest (migration 0053): the customer list's latest assets, tier and lifecycle, kept by the
 * import's derivation, re-derived by a correction and by the removal of a day; the list reads it inside
 * the one data scope; its total is exact up to 10,000 customers and an estimate past that.
 *
 * Days (test/extract-fixtures.ts): 2026-11-02 (day1, USD 7.1) and 2026-11-03 (day2, inherits 7.1).
 * 0100001 (B01): day1 F1 60,000 + F1U USD 1,000 = 67,100; day2 62,000 + 7,100 = 69,100; 20-day average
 *   net (67,100 + 69,100) / 2 = 68,100 → 银满堂; traded on day1 → ACTIVE.
 * 0100002 (B01, opened day1): 5,000 both days → 银满堂, ACTIVE.
 * 0100003 (B02): 200,000 on day1, closed on day2 (close_date = day2, no assets) → no row on day2: the list
 *   keeps its last known 200,000.00, no tier, CHURNED.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDay } from '../../../test/extract-builder.js';
import { asset, day1, day2 } from '../../../test/extract-fixtures.js';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import type { ScopeSubject } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import { removeDay } from '../extract/day-removal.js';
import { importDay } from '../extract/extract.service.js';
import { listCustomers } from './customers.service.js';
import { customerListQueries, REFRESH_CUSTOMER_LATEST, type CustomerListFilter } from './customers.sql.js';

const DAY1 = '2026-11-02';
const DAY2 = '2026-11-03';

let db: TestDb;
let root: string;

async function imported(day: string, files: ReturnType<typeof day1>): Promise<void> {
  const r = await importDay(db.pool, await writeDay(root, day, files), { startedBy: 'test' });
  if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems));
}

async function latest(): Promise<unknown[]> {
  const { rows } = await db.pool.query(`select customer_no, total_asset, net_asset, tier, lifecycle from customer_latest order by customer_no`);
  return rows;
}

type Listed = { customerNo: string; totalAsset: string; netAsset: string; tier: string | null; lifecycle: string | null };

/** The list's page (its customer numbers and figures) and count for `user`, as the service runs them. */
async function list(user: ScopeSubject, filter: Partial<CustomerListFilter> = {}): Promise<{ total: number; rows: Listed[] }> {
  const q = customerListQueries(user, DAY2, { page: 1, pageSize: 50, sort: 'customerNo', ...filter });
  const count = await db.pool.query<{ total: string }>(q.count.sql, q.count.params);
  const page = await db.pool.query<Listed>(q.page.sql, q.page.params);
  return {
    total: Number(count.rows[0]!.total),
    rows: page.rows.map((r) => ({ customerNo: r.customerNo, totalAsset: r.totalAsset, netAsset: r.netAsset, tier: r.tier, lifecycle: r.lifecycle })),
  };
}

const HQ: ScopeSubject = { role: 'HQ' };
const MANAGER_B01: ScopeSubject = { role: 'BRANCH_MANAGER', staffNo: 'S1' };

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'customer-latest-'));
  db = await createTestDb();
  await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '上海浦东南路营业部')`);
  await db.pool.query(
    `insert into staff (staff_no, name, category, level, branch_code, hire_date, contract_type) values ('S1', '王五', 'BROKER', '初级', 'B01', '2020-01-01', 'LABOR')`,
  );
  await imported(DAY1, day1());
  await imported(DAY2, day2());
});

afterAll(async () => {
  await db.drop();
  await fs.rm(root, { recursive: true, force: true });
});

describe('customer_latest, kept by the import', () => {
  it('holds the last day’s row of each customer, and a customer without one keeps its last known assets and no tier', async () => {
    expect(await latest()).toEqual([
      { customer_no: '0100001', total_asset: '69100.00', net_asset: '69100.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100002', total_asset: '5000.00', net_asset: '5000.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100003', total_asset: '200000.00', net_asset: '200000.00', tier: null, lifecycle: null },
    ]);
  });

  it('gives the list what customer_state and the latest daily row give: CHURNED without a row on the last day', async () => {
    expect((await list(HQ)).rows).toEqual([
      { customerNo: '0100001', totalAsset: '69100.00', netAsset: '69100.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customerNo: '0100002', totalAsset: '5000.00', netAsset: '5000.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customerNo: '0100003', totalAsset: '200000.00', netAsset: '200000.00', tier: null, lifecycle: 'CHURNED' },
    ]);
    const { rows: state } = await db.pool.query(`select customer_no, tier, lifecycle from customer_state order by customer_no`);
    expect(state).toEqual([
      { customer_no: '0100001', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100002', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100003', tier: null, lifecycle: 'CHURNED' },
    ]);
  });

  it('filters and sorts on it: by total asset descending (ties by number, the same direction), asset bounds, tier, lifecycle', async () => {
    const numbers = async (filter: Partial<CustomerListFilter>) => {
      const r = await list(HQ, filter);
      return { total: r.total, nos: r.rows.map((x) => x.customerNo) };
    };
    expect(await numbers({ sort: '-totalAsset' })).toEqual({ total: 3, nos: ['0100003', '0100001', '0100002'] });
    expect(await numbers({ sort: 'netAsset' })).toEqual({ total: 3, nos: ['0100002', '0100001', '0100003'] });
    expect(await numbers({ minAsset: '69100', sort: '-totalAsset' })).toEqual({ total: 2, nos: ['0100003', '0100001'] });
    expect(await numbers({ minAsset: '69100.01', maxAsset: '200000' })).toEqual({ total: 1, nos: ['0100003'] });
    expect(await numbers({ maxAsset: '5000' })).toEqual({ total: 1, nos: ['0100002'] });
    expect(await numbers({ tier: '银满堂', lifecycle: 'ACTIVE' })).toEqual({ total: 2, nos: ['0100001', '0100002'] });
    expect(await numbers({ lifecycle: 'CHURNED' })).toEqual({ total: 1, nos: ['0100003'] });
    expect(await numbers({ lifecycle: 'POTENTIAL' })).toEqual({ total: 0, nos: [] });
  });

  it('stays inside the scope: a B01 manager never sees B02’s 0100003, however sorted or filtered; no scope, no rows', async () => {
    expect((await list(MANAGER_B01, { sort: '-totalAsset' })).rows.map((r) => r.customerNo)).toEqual(['0100001', '0100002']);
    expect(await list(MANAGER_B01, { minAsset: '100000', sort: '-totalAsset' })).toEqual({ total: 0, rows: [] });
    expect(await list(MANAGER_B01, { lifecycle: 'CHURNED' })).toEqual({ total: 0, rows: [] });
    expect(await list({ role: 'BROKER' }, { sort: '-totalAsset' })).toEqual({ total: 0, rows: [] });
  });
});

describe('customer_latest after a correction and a removal', () => {
  it('re-derives a customer absent on the last day from its corrected latest day; the others keep the last day', async () => {
    // day1 again, 0100003's F3 now 250,000 (50,000 of it in stock)
    const corrected = day1();
    corrected['assets.csv'] = corrected['assets.csv']!.map((a) => (a.fund_account === 'F3' ? asset('F3', 'CNY', '200000.00', '50000.00', '250000.00') : a));
    await imported(DAY1, corrected);
    expect(await latest()).toEqual([
      { customer_no: '0100001', total_asset: '69100.00', net_asset: '69100.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100002', total_asset: '5000.00', net_asset: '5000.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100003', total_asset: '250000.00', net_asset: '250000.00', tier: null, lifecycle: null },
    ]);
  });

  it('takes day1’s rows once day2 is removed: 0100003 is back with 金满堂 (250,000 ≥ 100,000) and SLEEPING (no trade since opening in 2020)', async () => {
    await removeDay(db.pool, DAY2, { user: { username: 'cli:test' } });
    expect(await latest()).toEqual([
      { customer_no: '0100001', total_asset: '67100.00', net_asset: '67100.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100002', total_asset: '5000.00', net_asset: '5000.00', tier: '银满堂', lifecycle: 'ACTIVE' },
      { customer_no: '0100003', total_asset: '250000.00', net_asset: '250000.00', tier: '金满堂', lifecycle: 'SLEEPING' },
    ]);
  });

  it('gives every customer 0 and no tier once no day is left', async () => {
    await removeDay(db.pool, DAY1, { user: { username: 'cli:test' } });
    expect(await latest()).toEqual([
      { customer_no: '0100001', total_asset: '0.00', net_asset: '0.00', tier: null, lifecycle: null },
      { customer_no: '0100002', total_asset: '0.00', net_asset: '0.00', tier: null, lifecycle: null },
      { customer_no: '0100003', total_asset: '0.00', net_asset: '0.00', tier: null, lifecycle: null },
    ]);
    // without any imported day customer_state has no rows: no lifecycle either
    expect((await list(HQ)).rows.map((r) => r.lifecycle)).toEqual([null, null, null]);
  });
});

describe('the list’s total past 10,000', () => {
  const admin = { role: 'ADMIN', staffNo: null, username: 'admin', permissions: [] } as unknown as AuthUser;
  const ctx = { asOf: DAY2, ip: '127.0.0.1', language: 'zh' as const };

  it('is exact up to 10,000 matching customers, and the planner’s estimate (at least 10,001) past that', async () => {
    // 10,001 more customers of B01 (none with figures: assets 0), and the statistics the estimate reads
    await db.pool.query(
      `insert into customers (customer_no, name, customer_type, branch_code, open_date, status, first_seen_on, updated_on)
       select 'X' || lpad(i::text, 5, '0'), '客户' || i, 'P', 'B01', '2026-01-05', 'NORMAL', '2026-11-02', '2026-11-02' from generate_series(1, 10001) i`,
    );
    await db.pool.query(REFRESH_CUSTOMER_LATEST);
    await db.pool.query(`analyze customers`);
    const all = await listCustomers(db.pool, admin, { page: 1, pageSize: 2, sort: 'customerNo' }, ctx);
    expect(all.totalExact).toBe(false);
    expect(all.total).toBeGreaterThanOrEqual(10_001);
    expect(all.items.map((i) => i.customerNo)).toEqual(['0100001', '0100002']);
    // the 10,001 customers numbered X…: one past the bound; less one, exact
    const past = await listCustomers(db.pool, admin, { q: 'X', page: 1, pageSize: 1, sort: '-customerNo' }, ctx);
    expect(past.totalExact).toBe(false);
    expect(past.total).toBeGreaterThanOrEqual(10_001);
    await db.pool.query(`delete from customers where customer_no = 'X00001'`);
    const exact = await listCustomers(db.pool, admin, { q: 'X', page: 1, pageSize: 1, sort: '-customerNo' }, ctx);
    expect(exact).toMatchObject({ total: 10_000, totalExact: true, items: [expect.objectContaining({ customerNo: 'X10001' })] });
  });
});

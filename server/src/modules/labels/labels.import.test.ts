/**
 * Labels and groups refreshed by the import itself (deriveIntelligence in the import's
 * transaction), against a real PostgreSQL: a new day, a re-delivery of the same day (no second
 * history row), and the removal of a day (its count forgotten, the labels back on the day before).
 * Days D1 = Monday 2026-11-02, D2 = Tuesday 2026-11-03. Two customers with one CNY account each:
 *   G1 holds 100,000.00 on both days and trades on D2; G2 holds 50,000.00, never trades.
 * The group "no trade in 30 days" (admin's, scope ALL) has 2 members on D1 (neither traded yet),
 * 1 on D2 (G1 traded).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/fixtures.js';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { writeDay, type Rows } from '../../../test/extract-builder.js';
import { inTransaction } from '../../db/database.js';
import { createUser } from '../auth/auth.service.js';
import { removeDay } from '../extract/day-removal.js';
import { importDay } from '../extract/extract.service.js';

const [D1, D2] = ['2026-11-02', '2026-11-03'] as const;
const FILTER = { all: [{ label: 'no_trade_30d', op: '=', value: true }] };

function files(day: string): Record<string, Rows> {
  const assets: Rows = [
    { fund_account: 'AG1', currency: 'CNY', cash: '100000.00', stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: '100000.00', debt: '0.00' },
    { fund_account: 'AG2', currency: 'CNY', cash: '50000.00', stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: '50000.00', debt: '0.00' },
  ];
  if (day === D1) {
    return {
      'branches.csv': [{ branch_code: 'B01', branch_name: '上海营业部', city: '上海' }],
      'customers.csv': ['G1', 'G2'].map((c) => ({ customer_no: c, name: `客户${c}`, customer_type: 'P', branch_code: 'B01', open_date: '2026-01-05', status: 'NORMAL' })),
      'fund_accounts.csv': ['G1', 'G2'].map((c) => ({ fund_account: `A${c}`, customer_no: c, account_kind: 'NORMAL', currency: 'CNY', open_date: '2026-01-05', status: 'NORMAL', commission_rate: '0.0003' })),
      'securities.csv': [{ market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' }],
      'assets.csv': assets,
    };
  }
  return {
    'assets.csv': assets,
    'trades.csv': [{
      trade_no: 'T1', order_no: '', fund_account: 'AG1', market: 'SH', security_code: '600519', side: 'B', price: '1500.0000', quantity: '1', amount: '1500.00',
      commission: '5.00', stamp_duty: '0.00', transfer_fee: '0.00', handling_fee: '0.00', regulatory_fee: '0.00', trade_time: '10:00:00', channel: 'MOBILE',
    }],
  };
}

describe('labels and groups at import', () => {
  let db: TestDb;
  let root: string;

  async function load(day: string): Promise<void> {
    const r = await importDay(db.pool, await writeDay(root, day, files(day)), { startedBy: 'test', today: '2026-12-06' });
    if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems));
  }

  async function history(): Promise<{ date: string; members: number }[]> {
    return (await db.pool.query<{ date: string; members: number }>(`select trade_date::text as date, members from customer_group_counts order by trade_date`)).rows;
  }

  async function noTrade30(): Promise<Record<string, boolean>> {
    const { rows } = await db.pool.query<{ customer_no: string; no_trade_30d: boolean; trade_date: string }>(`select customer_no, no_trade_30d from customer_labels order by 1`);
    return Object.fromEntries(rows.map((r) => [r.customer_no, r.no_trade_30d]));
  }

  beforeAll(async () => {
    db = await createTestDb();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'labels-import-'));
    await load(D1);
    const admin = await inTransaction(db.pool, (client) => createUser(client, { username: 'admin', password: PASSWORD, role: 'ADMIN' }));
    // a group saved after D1 (its first count comes with the next import)
    await db.pool.query(`insert into customer_groups (name, filter, owner_id) values ('无交易', $1, $2)`, [JSON.stringify(FILTER), admin.id]);
  });

  afterAll(async () => {
    await db?.drop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('the import of D1 labelled every customer for D1', async () => {
    expect((await db.pool.query(`select distinct trade_date::text as day from customer_labels`)).rows).toEqual([{ day: D1 }]);
    expect(await noTrade30()).toEqual({ G1: true, G2: true });
  });

  it('the import of D2 relabels and refreshes the group: 1 member (G2); a re-delivery of D2 adds no second row', async () => {
    await load(D2);
    expect(await noTrade30()).toEqual({ G1: false, G2: true });
    expect(await history()).toEqual([{ date: D2, members: 1 }]);
    await load(D2);
    expect(await history()).toEqual([{ date: D2, members: 1 }]);
    expect((await db.pool.query(`select customer_no from customer_group_members`)).rows).toEqual([{ customer_no: 'G2' }]);
  });

  it('removing D2 forgets its count and labels D1 again', async () => {
    await removeDay(db.pool, D2, { user: { username: 'cli:test' } });
    expect((await db.pool.query(`select distinct trade_date::text as day from customer_labels`)).rows).toEqual([{ day: D1 }]);
    expect(await history()).toEqual([{ date: D1, members: 2 }]);
  });
});

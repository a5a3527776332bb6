import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness.js';

/** The customer_state view (migrations 0003, 0011): the lifecycle of a customer with no row on the last imported day. */
describe('customer_state', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '上海营业部')`);
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into import_runs (kind, started_by, folder, trade_date, status) values ('EXTRACT', 'test', '20261120', '2026-11-20', 'SUCCEEDED') returning id`,
    );
    await db.pool.query(`insert into trading_days (trade_date, run_id) values ('2026-11-19', $1), ('2026-11-20', $1)`, [rows[0]!.id]);
    await db.pool.query(
      `insert into customers (customer_no, name, customer_type, branch_code, open_date, close_date, status, first_seen_on, updated_on) values
         ('C1', '在册', 'P', 'B01', '2026-01-05', null, 'NORMAL', '2026-11-19', '2026-11-20'),
         ('C2', '已销户', 'P', 'B01', '2026-01-05', '2026-11-20', 'CLOSED', '2026-11-19', '2026-11-20'),
         ('C3', '待开户', 'P', 'B01', '2026-11-23', null, 'NORMAL', '2026-11-20', '2026-11-20')`,
    );
    await db.pool.query(`select crm_ensure_partition('sum_customer_daily', '2026-11-20'::date)`);
    await db.pool.query(
      `insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, lifecycle, tier)
       values ('2026-11-20', 'C1', 'B01', true, 5000, 5000, 'ACTIVE', '银满堂')`,
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is the day row when there is one; CHURNED without one once opened; POTENTIAL before the open date', async () => {
    const { rows } = await db.pool.query(`select customer_no, as_of::text, lifecycle, tier from customer_state order by customer_no`);
    expect(rows).toEqual([
      { customer_no: 'C1', as_of: '2026-11-20', lifecycle: 'ACTIVE', tier: '银满堂' },
      { customer_no: 'C2', as_of: '2026-11-20', lifecycle: 'CHURNED', tier: null },
      { customer_no: 'C3', as_of: '2026-11-20', lifecycle: 'POTENTIAL', tier: null },
    ]);
  });
});

/**
 * Removing an imported day leaves every table exactly as if the day had never been imported:
 * a database that imported days A, B, C and removed B is compared, table by table, with one that
 * imported only A and C (customer, month and staff figures, confirmations included).
 *
 * A 2026-10-30 (October's last day, USD 7.1), B 2026-11-02 (USD 7.2, a trade), C 2026-11-03 (no
 * rate: inherits B's, then A's once B is gone). Staff S1 develops 0100001 and 0100003, S2 develops
 * 0100002 with a guaranteed rate.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { writeDay, type Rows } from '../../../test/extract-builder.js';
import { asset, day1, day2, EXTRACT_TABLES, fingerprint } from '../../../test/extract-fixtures.js';
import { inTransaction } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { rederiveStaffFiguresSince } from '../attribution/attribution.service.js';
import { deriveIntelligence } from '../intelligence/intelligence.derive.js';
import { removeDay } from './day-removal.js';
import { importDay } from './extract.service.js';

const A = '2026-10-30';
const B = '2026-11-02';
const C = '2026-11-03';

const TABLES = [
  ...EXTRACT_TABLES, 'fact_credit', 'fact_product_holdings', 'fact_product_trades',
  'relationships', 'relationship_confirmations', 'sum_staff_daily', 'sum_staff_monthly', 'sum_staff_cohort_monthly', 'sum_guaranteed_daily',
];

function dayB(): Record<string, Rows> {
  return {
    'fx_rates.csv': [{ currency: 'USD', rate_to_cny: '7.2000' }],
    'assets.csv': [
      asset('F1', 'CNY', '10000.00', '51000.00', '61000.00'),
      asset('F1U', 'USD', '100.00', '950.00', '1050.00'),
      asset('F2', 'CNY', '5000.00', '0.00', '5000.00'),
      asset('F3', 'CNY', '150000.00', '0.00', '150000.00'),
    ],
    'trades.csv': [
      { trade_no: 'T9', order_no: '', fund_account: 'F3', market: 'SZ', security_code: '000001', side: 'B', price: '10.0000', quantity: '1000', amount: '10000.00',
        commission: '5.00', stamp_duty: '0.00', transfer_fee: '0.10', handling_fee: '0.34', regulatory_fee: '0.20', trade_time: '10:15:00', channel: 'WEB' },
    ],
  };
}

const FILES: Record<string, () => Record<string, Rows>> = { [A]: day1, [B]: dayB, [C]: day2 };

describe('crm day remove', () => {
  const dbs: TestDb[] = [];
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-remove-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  /** A fresh database with the staff, then `days` imported in order (relationships loaded after the first, as an org import would). */
  async function brokerage(days: string[]): Promise<TestDb> {
    const db = await createTestDb();
    dbs.push(db);
    await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '上海浦东南路营业部')`);
    await db.pool.query(
      `insert into staff (staff_no, name, category, level, branch_code, hire_date, contract_type) values
         ('S1', '王五', 'BROKER', '初级', 'B01', '2020-01-01', 'LABOR'), ('S2', '赵六', 'DISTRIBUTOR', '中级', 'B01', '2020-01-01', 'AGENCY')`,
    );
    for (const [i, day] of days.entries()) {
      const r = await importDay(db.pool, await writeDay(root, day, FILES[day]!()), { startedBy: 'test' });
      if (r.status !== 'SUCCEEDED') throw new Error(JSON.stringify(r.problems));
      if (i === 0) {
        await db.pool.query(
          `insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, guaranteed_rate, source) values
             ('0100001', 'S1', 'DEVELOP', 1, '2026-10-01', '2026-10-01', null, null, 'TEST'),
             ('0100002', 'S2', 'DEVELOP', 1, '2026-10-01', '2026-10-01', null, 0.001, 'TEST'),
             ('0100003', 'S1', 'DEVELOP', 1, '2026-10-01', '2026-10-01', null, null, 'TEST')`,
        );
        // as the org import does after relationships change
        await inTransaction(db.pool, (client) => rederiveStaffFiguresSince(client, '2026-10-01'));
      }
    }
    return db;
  }

  const by = { user: { username: 'cli:test' } };

  it('removes a middle day: every table as if only the days before and after it had been imported', async () => {
    const removed = await brokerage([A, B, C]);
    const { rows: withB } = await removed.pool.query(`select total_asset from sum_customer_daily where customer_no = '0100001' and trade_date = $1`, [C]);
    expect(withB[0].total_asset).toBe('69200.000000'); // 62,000 + 1,000 USD × 7.2 inherited from B
    const r = await removeDay(removed.pool, B, by);
    expect(r.rederivedDays).toEqual([C]);
    expect(r.deleted).toMatchObject({ fact_assets: 4, fact_trades: 1, sum_customer_daily: 3, fx_rates: 1 });
    const { rows: withoutB } = await removed.pool.query(`select total_asset from sum_customer_daily where customer_no = '0100001' and trade_date = $1`, [C]);
    expect(withoutB[0].total_asset).toBe('69100.000000'); // 62,000 + 1,000 USD × 7.1 inherited from A again
    const { rows: audit } = await removed.pool.query(`select username, detail from audit_log where action = 'extract.remove_day' and entity_id = $1`, [B]);
    expect(audit).toEqual([{ username: 'cli:test', detail: expect.objectContaining({ rederivedDays: [C], referenceFilesKept: [] }) }]);

    const never = await brokerage([A, C]);
    const expected = await fingerprint(never, TABLES);
    expect(expected.sum_staff_daily).not.toBe('0:'); // the staff figures are there to compare
    expect(await fingerprint(removed, TABLES)).toEqual(expected);
  });

  it('removes the latest day: its month is no longer complete, and the confirmation made at its end is withdrawn', async () => {
    const removed = await brokerage([A, B]);
    // B completes October: 0100001 (net asset 67,100 at 2026-10-30, a trade) is confirmed at October's end
    const { rows: confirmed } = await removed.pool.query(`select confirmed_on from relationships where customer_no = '0100001'`);
    expect(confirmed[0].confirmed_on).toBe(A);
    await removeDay(removed.pool, B, by);
    const { rows: after } = await removed.pool.query(`select confirmed_on from relationships where customer_no = '0100001'`);
    expect(after[0].confirmed_on).toBeNull();
    const never = await brokerage([A]);
    expect(await fingerprint(removed, TABLES)).toEqual(await fingerprint(never, TABLES));
  });

  it('removes the only day: no churn score, label, group member or count stays, and untouched churn alerts go', async () => {
    const db = await brokerage([A]);
    const { rows: owner } = await db.pool.query<{ id: string }>(`insert into users (username, password_hash, role) values ('admin', '!', 'ADMIN') returning id::text`);
    // 近30日无交易 on A: 0100001 and 0100003 (0100002 opens on 2026-11-02, after A); every customer is labelled
    await db.pool.query(`insert into customer_groups (name, filter, owner_id) values ('无交易', $1, $2)`, [JSON.stringify({ all: [{ label: 'no_trade_30d', op: '=', value: true }] }), owner[0]!.id]);
    await inTransaction(db.pool, (client) => deriveIntelligence(client));
    // A as a trained model scored it, one crossing alert untouched and one acknowledged
    await db.pool.query(`delete from churn_scores`);
    await db.pool.query(`insert into churn_scores (customer_no, trade_date, score) values ('0100001', $1, 0.7), ('0100003', $1, 0.6)`, [A]);
    await db.pool.query(`insert into alerts (customer_no, rule, trade_date, evidence, status) values
      ('0100001', 'CHURN_RISK', $1, '{}', 'NEW'), ('0100003', 'CHURN_RISK', $1, '{}', 'ACKNOWLEDGED')`, [A]);
    const count = async (sql: string) => (await db.pool.query<{ n: number }>(`select count(*)::int as n from ${sql}`)).rows[0]!.n;
    expect([await count('customer_labels'), await count('customer_group_members'), await count('customer_group_counts')]).toEqual([3, 2, 1]);

    const r = await removeDay(db.pool, A, by);
    expect(r.deleted).toMatchObject({ churn_scores: 2, customer_group_counts: 1 });
    expect(await count('trading_days')).toBe(0);
    expect([await count('churn_scores'), await count('customer_labels'), await count('customer_group_members'), await count('customer_group_counts')]).toEqual([0, 0, 0, 0]);
    expect((await db.pool.query(`select name, members, refreshed_on from customer_groups`)).rows).toEqual([{ name: '无交易', members: 0, refreshed_on: null }]);
    expect((await db.pool.query(`select customer_no, status, withdrawn from alerts where rule = 'CHURN_RISK'`)).rows)
      .toEqual([{ customer_no: '0100003', status: 'ACKNOWLEDGED', withdrawn: true }]);
  });

  it('removes an earlier day that was scored when it was the latest: its scores go', async () => {
    const db = await brokerage([A, B]);
    await db.pool.query(`insert into churn_scores (customer_no, trade_date, score) values ('0100001', $1, 0.7), ('0100003', $1, 0.2)`, [A]);
    const r = await removeDay(db.pool, A, by);
    expect(r.deleted).toMatchObject({ churn_scores: 2 });
    expect((await db.pool.query(`select count(*)::int as n from churn_scores where trade_date = $1`, [A])).rows).toEqual([{ n: 0 }]);
  });

  it('refuses a day that was not imported', async () => {
    const db = await brokerage([A]);
    const err = await removeDay(db.pool, B, by).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'NO_SUCH_TRADING_DAY', status: 404 });
  });
});

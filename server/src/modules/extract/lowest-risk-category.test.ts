/**
 * customers.csv's optional column `lowest_risk_category` (extract-format.md; suitability.md): `Y`
 * marks a C1 investor of the lowest category; empty or absent means no. The column may be left out
 * of the header altogether; a wrong value is a line and field error like any other.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { HEADERS, toCsv, writeDay, type Rows } from '../../../test/extract-builder.js';
import { day1, day2 } from '../../../test/extract-fixtures.js';
import { importDay } from './extract.service.js';

const opts = { startedBy: 'test' };
const WITH_FLAG = [...HEADERS['customers.csv']!, 'lowest_risk_category'];

/** day1() whose customers carry the given risk level and flag (customers 0100001, 0100002, 0100003). */
function dayWith(flags: Array<[risk: string, flag: string]>): { files: Record<string, Rows>; raw: Record<string, string> } {
  const files = day1();
  const customers = files['customers.csv']!;
  flags.forEach(([risk, flag], i) => {
    customers[i]!.risk_level = risk;
    customers[i]!.risk_assessed_on = risk ? '2026-06-01' : '';
    customers[i]!.lowest_risk_category = flag;
  });
  return { files, raw: { 'customers.csv': toCsv('customers.csv', customers, WITH_FLAG) } };
}

describe('customers.csv lowest_risk_category', () => {
  let db: TestDb;
  let root: string;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-lowest-'));
    await db.pool.query(`truncate branches, customers, fund_accounts, securities, products, fx_rates, trading_days, sum_customer_monthly, import_runs cascade`);
    await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, fact_credit, fact_product_holdings,
      fact_product_trades, sum_account_daily, sum_customer_daily`);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const flags = async () =>
    (await db.pool.query<{ customer_no: string; risk_level: string | null; lowest_risk_category: boolean }>(
      `select customer_no, risk_level, lowest_risk_category from customers order by customer_no`,
    )).rows;

  it('is optional in the header: absent, every customer is not of the lowest category', async () => {
    const r = await importDay(db.pool, await writeDay(root, '2026-11-02', day1()), opts);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect((await flags()).map((c) => c.lowest_risk_category)).toEqual([false, false, false]);
  });

  it('Y marks the customer, an empty field does not; a later delivery without the column or with it empty clears it', async () => {
    const { files, raw } = dayWith([['C1', 'Y'], ['C1', ''], ['C2', '']]);
    const r = await importDay(db.pool, await writeDay(root, '2026-11-02', files, { raw }), opts);
    expect(r.problems).toEqual([]);
    expect(await flags()).toEqual([
      { customer_no: '0100001', risk_level: 'C1', lowest_risk_category: true },
      { customer_no: '0100002', risk_level: 'C1', lowest_risk_category: false },
      { customer_no: '0100003', risk_level: 'C2', lowest_risk_category: false },
    ]);
    // re-importing the same folder: the same flags (idempotent)
    expect((await importDay(db.pool, await writeDay(root, '2026-11-02', files, { raw }), opts)).status).toBe('SUCCEEDED');
    expect((await flags()).map((c) => c.lowest_risk_category)).toEqual([true, false, false]);
    // the next day re-delivers customer 0100001 without the column (absent means no)
    const next = day2();
    const customer = { ...day1()['customers.csv']![0]!, risk_level: 'C1', risk_assessed_on: '2026-06-01' };
    next['customers.csv'] = [customer];
    expect((await importDay(db.pool, await writeDay(root, '2026-11-03', next), opts)).problems).toEqual([]);
    expect((await flags()).map((c) => c.lowest_risk_category)).toEqual([false, false, false]);
  });

  it.each<[string, Array<[string, string]>, unknown[]]>([
    [
      'a value other than Y (case-sensitive) is a field error',
      [['C1', 'y'], ['C1', 'N'], ['C1', 'YES']],
      [
        { file: 'customers.csv', line: 2, column: 'lowest_risk_category', reason: 'must be one of Y: y' },
        { file: 'customers.csv', line: 3, column: 'lowest_risk_category', reason: 'must be one of Y: N' },
        { file: 'customers.csv', line: 4, column: 'lowest_risk_category', reason: 'must be one of Y: YES' },
      ],
    ],
    [
      'Y on a customer who is not C1 (or not assessed) is a line error',
      [['C2', 'Y'], ['', 'Y'], ['C1', 'Y']],
      [
        { file: 'customers.csv', line: 2, column: 'lowest_risk_category', reason: 'Y marks a C1 investor, but risk_level is C2' },
        { file: 'customers.csv', line: 3, column: 'lowest_risk_category', reason: 'Y marks a C1 investor, but risk_level is empty' },
      ],
    ],
  ])('%s, and the day is refused', async (_what, rows, problems) => {
    const { files, raw } = dayWith(rows);
    const r = await importDay(db.pool, await writeDay(root, '2026-11-02', files, { raw }), opts);
    expect(r.status).toBe('FAILED');
    expect(r.problems).toEqual(problems);
    expect(await flags()).toEqual([]);
  });
});

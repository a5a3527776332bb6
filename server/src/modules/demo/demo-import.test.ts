/**
 * The first start imports its generated demo as `trusted` (extract.service.ts: the row, key,
 * reference, rate and row-count checks skipped): this proves that a generated demo passes every
 * one of those checks, and that the trusted import writes exactly the database the checked one does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { EXTRACT_TABLES, fingerprint } from '../../../test/extract-fixtures.js';
import { importPath } from '../extract/extract.service.js';
import { generateDemo, type DemoSummary } from './generator.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quancrm-demo-import-'));
const TABLES = [...EXTRACT_TABLES, 'fact_credit', 'fact_product_holdings', 'fact_product_trades'];
const opts = { startedBy: 'test', today: '2026-11-20' };
let demo: DemoSummary;
let db: TestDb;

beforeAll(async () => {
  // margin accounts, USD and HKD accounts, openings and closings, product trades: all within 6 days of 400 customers
  demo = await generateDemo({ outDir: path.join(tmp, 'demo'), customers: 400, days: 6, seed: 11, end: '2026-11-20' });
  db = await createTestDb();
});

afterAll(async () => {
  await db.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the generated demo through the importer', () => {
  it('passes every check of a delivered extract, and the trusted import writes the same database', async () => {
    const checked = await importPath(db.pool, demo.extractDir, opts);
    expect(checked.days.map((d) => [d.status, d.problems, d.warnings])).toEqual(Array(6).fill(['SUCCEEDED', [], []]));
    expect(checked.ok).toBe(true);
    const once = await fingerprint(db, TABLES);
    for (const t of TABLES) expect(Number(once[t]!.split(':')[0]), t).toBeGreaterThan(0);

    await db.pool.query(`truncate branches, customers, fund_accounts, securities, products, fx_rates, trading_days,
      sum_customer_monthly, import_runs cascade`);
    await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, fact_credit, fact_product_holdings,
      fact_product_trades, sum_account_daily, sum_customer_daily`);
    const trusted = await importPath(db.pool, demo.extractDir, { ...opts, trusted: true });
    expect(trusted.days.map((d) => d.status)).toEqual(Array(6).fill('SUCCEEDED'));
    expect(await fingerprint(db, TABLES)).toEqual(once);
  });
});

/**
 * `crm import <dir>` does after its days what the inbox import of the web UI does after its day
 * (lib/day-imported.ts, day-imported-listeners.ts): 目标客户's scores of the newest day are computed
 * for every product family with a model, and the command waits for them before it closes its pool.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeDay } from '../../../test/extract-builder.js';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { account, asset, customer } from '../../../test/reports-harness.js';
import { storeModel } from '../../modules/products/targets.test-fixtures.js';
import { run } from './import.js';

describe('crm import <dir>', () => {
  let db: TestDb;
  let dir: string;
  let err: string[];

  beforeAll(async () => {
    db = await createTestDb();
    process.env.DATABASE_URL = db.url; // read once by config() when the command first runs
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-import-cli-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await db.drop();
  });
  beforeEach(() => {
    err = [];
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
    vi.spyOn(console, 'warn').mockImplementation((m: string) => void err.push(m));
    return () => vi.restoreAllMocks();
  });

  const scoreRuns = async () =>
    (await db.pool.query<{ day: string; customers: number }>(`select trade_date::text as day, customers from product_target_score_runs order by trade_date`)).rows;

  it('scores the newest imported day for the families with a model before it exits, as the inbox import does', async () => {
    // one stored model of PUBLIC_FUND × R3, a tree on netAsset (targets.test-fixtures.ts): below 100,000 yuan → σ(−2) = 0.119203,
    // from 1,000,000 → σ(2) = 0.880797
    await storeModel(db.pool, [-2, -1, 1, 2], '2025-06-14T00:00:00Z');
    const reference = {
      'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
      'customers.csv': [customer('C0001', '甲客户', 'B01', '2025-06-13'), customer('C0002', '乙客户', 'B01', '2025-06-13')],
      'fund_accounts.csv': [account('FA1', 'C0001', 'CNY', '2025-06-13'), account('FA2', 'C0002', 'CNY', '2025-06-13')],
    };
    await writeDay(dir, '2025-06-13', {
      ...reference,
      'assets.csv': [asset('FA1', 'CNY', { cash: '1000.00', total: '1000.00' }), asset('FA2', 'CNY', { cash: '1000.00', total: '1000.00' })],
    });
    await writeDay(dir, '2025-06-16', {
      'assets.csv': [asset('FA1', 'CNY', { cash: '1000.00', total: '1000.00' }), asset('FA2', 'CNY', { cash: '1500000.00', total: '1500000.00' })],
    });
    expect(await run([dir])).toBe(0);
    // the newest day only, its two open customers
    expect(await scoreRuns()).toEqual([{ day: '2025-06-16', customers: 2 }]);
    const { rows } = await db.pool.query<{ customer_no: string; score: string }>(`select customer_no, round(score::numeric, 6)::text as score from product_target_scores order by customer_no`);
    expect(rows).toEqual([{ customer_no: 'C0001', score: '0.119203' }, { customer_no: 'C0002', score: '0.880797' }]);
    expect(err.join('\n')).toMatch(/scored the target customers of 1 of 1 product families for 2025-06-16/);
  });

  it('scores nothing after a run that imported no day', async () => {
    const refused = path.join(dir, 'refused');
    // 2025-06-02, a Monday: 端午 (Dragon Boat Festival), an exchange holiday, refused without --force
    await writeDay(refused, '2025-06-02', { 'assets.csv': [asset('FA1', 'CNY', { cash: '1000.00', total: '1000.00' })] });
    expect(await run([refused])).toBe(1);
    expect(await scoreRuns()).toEqual([{ day: '2025-06-16', customers: 2 }]);
    expect(err.join('\n')).not.toMatch(/scored the target customers/);
  });
});

/**
 * The derivation of a day's figures (figures.service.ts) against real PostgreSQL, on the
 * hand-made brokerage of test/extract-fixtures.ts: the importer writes the facts with
 * `deferDerivation`, then the service derives them — in the import's way (one transaction, the
 * newest day incrementally) and in the bulk load's way (deferred days, the month at the end) —
 * and both give the figures worked out by hand and the same database.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.js';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { writeDay } from '../../../test/extract-builder.js';
import { day1, day2, fingerprint } from '../../../test/extract-fixtures.js';
import { importDay } from '../extract/extract.service.js';
import { deriveDeferredAccounts, deriveDeferredDay, deriveDeferredMonth, deriveImportedDay } from './figures.service.js';

const opts = { startedBy: 'test' };

describe('figures of an imported day', () => {
  let db: TestDb;
  let root: string;
  let f1: string;
  let f2: string;
  beforeAll(async () => {
    db = await createTestDb();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-figures-'));
    f1 = await writeDay(root, '2026-11-02', day1());
    f2 = await writeDay(root, '2026-11-03', day2());
  });
  afterAll(async () => {
    await db.drop();
    await fs.rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.pool.query(`truncate branches, customers, fund_accounts, securities, products, fx_rates, trading_days,
      sum_customer_monthly, import_runs cascade`);
    await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, fact_credit, fact_product_holdings,
      fact_product_trades, sum_account_daily, sum_customer_daily`);
  });

  const figures = async (customer: string) =>
    (await db.pool.query(`select trade_date, total_asset, volume, commission from sum_customer_daily where customer_no = $1 order by trade_date`, [customer])).rows;

  it('derives the written facts of each new day in CNY, the month included', async () => {
    for (const f of [f1, f2]) {
      const r = await importDay(db.pool, f, { ...opts, deferDerivation: true });
      expect(r.status).toBe('SUCCEEDED');
      // the facts are written, the figures are not yet
      expect(await figures('0100001')).toHaveLength(f === f1 ? 0 : 1);
      const later = await inTransaction(db.pool, (client) => deriveImportedDay(client, r.tradeDate!, false));
      expect(later).toEqual([]); // the newest day: no later day to re-derive
    }
    // 60,000.00 CNY + 1,000.00 USD × 7.1000 = 67,100.00 on the 2nd; 69,100.00 on the 3rd (extract-fixtures.ts)
    expect(await figures('0100001')).toEqual([
      { trade_date: '2026-11-02', total_asset: '67100.000000', volume: '15000.000000', commission: '5.000000' },
      expect.objectContaining({ trade_date: '2026-11-03', total_asset: '69100.000000' }),
    ]);
    const { rows: month } = await db.pool.query(`select open_days, asset_sum, asset_end from sum_customer_monthly where customer_no = '0100001'`);
    // two open days: 67,100 + 69,100 = 136,200
    expect(month).toEqual([{ open_days: 2, asset_sum: '136200.000000', asset_end: '69100.000000' }]);
  });

  it('derives the same figures when a bulk load defers the derivation of each day', async () => {
    await importDay(db.pool, f1, opts);
    await importDay(db.pool, f2, opts);
    const atomic = await fingerprint(db);
    const reset = async () => {
      await db.pool.query(`truncate trading_days, fx_rates, sum_customer_monthly`);
      await db.pool.query(`truncate fact_assets, fact_positions, fact_orders, fact_trades, fact_fund_flows, sum_account_daily, sum_customer_daily`);
    };
    await reset();
    const r1 = await importDay(db.pool, f1, { ...opts, deferDerivation: true });
    const pending = deriveDeferredAccounts(db.pool, r1.tradeDate!).then(() => deriveDeferredDay(db.pool, r1.tradeDate!));
    const r2 = await importDay(db.pool, f2, { ...opts, deferDerivation: true }); // the next day imports while the first derives
    await pending;
    await deriveDeferredAccounts(db.pool, r2.tradeDate!);
    await deriveDeferredDay(db.pool, r2.tradeDate!);
    expect(await fingerprint(db)).toEqual(atomic);
    // and with the month left to the end of the load
    await reset();
    for (const f of [f1, f2]) {
      const r = await importDay(db.pool, f, { ...opts, deferDerivation: true });
      await deriveDeferredAccounts(db.pool, r.tradeDate!);
      await deriveDeferredDay(db.pool, r.tradeDate!, { month: false, staff: true });
    }
    await deriveDeferredMonth(db.pool, '2026-11-01');
    expect(await fingerprint(db)).toEqual(atomic);
    // and in the first-start demo's pipeline: day 2's accounts derived while day 1's customers are
    await reset();
    const a1 = await importDay(db.pool, f1, { ...opts, deferDerivation: true });
    await deriveDeferredAccounts(db.pool, a1.tradeDate!);
    const a2 = await importDay(db.pool, f2, { ...opts, deferDerivation: true });
    await Promise.all([
      deriveDeferredDay(db.pool, a1.tradeDate!, { month: false, staff: true }),
      deriveDeferredAccounts(db.pool, a2.tradeDate!),
    ]);
    await deriveDeferredDay(db.pool, a2.tradeDate!, { month: false, staff: true });
    await deriveDeferredMonth(db.pool, '2026-11-01');
    expect(await fingerprint(db)).toEqual(atomic);
  });
});

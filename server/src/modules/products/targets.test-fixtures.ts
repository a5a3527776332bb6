/**
 * A ranked product for the score cache and the campaigns to a product's targets, on the fixture
 * brokerage (imported days 2025-05-30, 06-12, 06-13): PR3 (PUBLIC_FUND R3), every customer assessed on
 * 2025-01-02 (C0003 C2 and C0007 C1 are MISMATCH for R3, the others MATCH), daily rows on 06-13 for
 * every customer but the closed C2002, C0006 holding PR3 on 06-13, and a stored model of PUBLIC_FUND ×
 * R3 that is one tree on netAsset (base 0, rate 1, so score = σ(leaf)):
 *   < 100000 → −2 (0.119203) · [100000, 500000) → −1 (0.268941) · [500000, 1000000) → 1 (0.731059) · ≥ 1000000 → 2 (0.880797)
 * Net assets on 06-13: C0001 1200000.005, C0006 2000000 (holds PR3) · C0003 700000 (MISMATCH), C0004 700000 ·
 * C0005 300000, C0007 200000 (MISMATCH), C0008 150000 · C0002 50000.005, C2001 80000.
 * The ranked MATCH customers who do not hold PR3, firm-wide: C0001 0.880797, C0004 0.731059, C0005 0.268941,
 * C0008 0.268941 (a tie: by customer number), C0002 0.119203, C2001 0.119203.
 */
import type pg from 'pg';
import { insertOtherBranchAccount } from '../../../test/fixtures.js';
import { FEATURES } from './targets.rules.js';

const NET_ASSET = FEATURES.indexOf('netAsset');
const leaf = (p: number) => ({ p, n: 1, pos: 0 });

/** One tree on netAsset: the leaves (log-odds) below 100000, below 500000, below 1000000 and from 1000000. */
export function netAssetModel(leaves: [number, number, number, number]): unknown {
  const tree = {
    feature: NET_ASSET, threshold: 500000,
    left: { feature: NET_ASSET, threshold: 100000, left: leaf(leaves[0]), right: leaf(leaves[1]) },
    right: { feature: NET_ASSET, threshold: 1000000, left: leaf(leaves[2]), right: leaf(leaves[3]) },
  };
  return { base: 0, rate: 1, trees: [tree] };
}

/** Stores a model of PUBLIC_FUND × R3 trained at `trainedAt`; returns its id. */
export async function storeModel(pool: pg.Pool, leaves: [number, number, number, number], trainedAt: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into product_target_models (product_type, risk_level, level, trained_at, trained_by, window_days, cutoff, train_cutoffs, metrics, features, model, importance)
     values ('PUBLIC_FUND', 'R3', 'FAMILY', $1, 'test', 30, '2025-05-14', '{2025-04-14}', '{"days": 3}', $2, $3, $4) returning id::text`,
    [trainedAt, [...FEATURES], JSON.stringify(netAssetModel(leaves)), JSON.stringify([{ name: 'netAsset', importance: '1.0000' }])],
  );
  return rows[0]!.id;
}

export async function seedRankedProduct(pool: pg.Pool): Promise<void> {
  await insertOtherBranchAccount(pool);
  await pool.query(`update customers set risk_assessed_on = '2025-01-02'`);
  await pool.query(`insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, cash_cny) values
    ('2025-06-13', 'C0004', 'B01', true, 700000, 700000, 0),
    ('2025-06-13', 'C0005', 'B01', true, 300000, 300000, 0), ('2025-06-13', 'C0006', 'B01', true, 2000000, 2000000, 0),
    ('2025-06-13', 'C0007', 'B01', true, 200000, 200000, 0), ('2025-06-13', 'C0008', 'B01', true, 150000, 150000, 0),
    ('2025-06-13', 'C2001', 'B02', true, 80000, 80000, 0)`);
  await pool.query(`update sum_customer_daily set total_asset = 700000, net_asset = 700000, cash_cny = 0 where trade_date = '2025-06-13' and customer_no = 'C0003'`);
  await pool.query(`insert into products (product_code, name, product_type, risk_level, issuer, min_amount, updated_on) values
    ('PR3', '平衡配置', 'PUBLIC_FUND', 'R3', '某某基金', 1000, '2025-06-13')`);
  await pool.query(`insert into fact_product_holdings (trade_date, customer_no, fund_account, product_code, units, market_value) values
    ('2025-06-13', 'C0006', 'F0002', 'PR3', 1000, 1000)`);
  await storeModel(pool, [-2, -1, 1, 2], '2025-06-14T00:00:00Z');
}

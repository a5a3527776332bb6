/**
 * The per-day score cache of 目标客户挖掘 (migration 0036, targets.scores.ts) against a real PostgreSQL,
 * on the ranked product PR3 of targets.test-fixtures.ts (scores worked out there by hand).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import type { AuthUser } from '../auth/auth.service.js';
import { matches } from './targets.rules.js';
import { ensureTargetScores, scoreRows, warmTargetScores } from './targets.scores.js';
import { targetListIn } from './targets.service.js';
import { seedRankedProduct, storeModel } from './targets.test-fixtures.js';
import { baseRows, productInfo } from './targets.train.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await seedRankedProduct(db.pool);
  },
  sessions: ['admin', 'broker1'],
});

const FAMILY = { productType: 'PUBLIC_FUND', riskLevel: 'R3' };

const ranked = async (username: string, query = '') => {
  const res = await t.call(username, 'GET', `/api/products/PR3/targets${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: { customerNo: string; score: string; reasons: { code: string }[] }[] };
};

const runs = async () =>
  (await t.db.pool.query<{ model: string; day: string; customers: number; at: Date; rows: number }>(
    `select r.model_id::text as model, r.trade_date::text as day, r.customers, r.computed_at as at,
            (select count(*)::int from product_target_scores s where s.model_id = r.model_id and s.trade_date = r.trade_date) as rows
       from product_target_score_runs r order by r.model_id`)).rows;

describe('the score cache', () => {
  it('is computed once per (day, family, model) for every customer open on the day, and read again after', async () => {
    expect(await runs()).toEqual([]);
    const first = await ranked('admin');
    expect(first.items.map((i) => [i.customerNo, i.score])).toEqual([
      ['C0001', '0.880797'], ['C0004', '0.731059'], ['C0005', '0.268941'], ['C0008', '0.268941'], ['C0002', '0.119203'], ['C2001', '0.119203'],
    ]);
    // nine customers open on 06-13 (every one but the closed C2002), whatever their check or holdings
    const filled = await runs();
    expect(filled.map(({ day, customers, rows }) => ({ day, customers, rows }))).toEqual([{ day: '2025-06-13', customers: 9, rows: 9 }]);
    const stored = await t.db.pool.query<{ customer_no: string; score: string }>(`select customer_no, score::text as score from product_target_scores where customer_no in ('C0006', 'C0003')`);
    // the holder and the MISMATCH customer are scored too: the filters apply when reading
    expect(stored.rows.map((r) => [r.customer_no, Number(r.score).toFixed(6)]).sort()).toEqual([['C0003', '0.731059'], ['C0006', '0.880797']]);

    // a second request, and another caller's, read the same rows: nothing is computed again
    const again = await ranked('broker1');
    expect(again.items.map((i) => i.customerNo)).toEqual(['C0001', 'C0002']);
    expect(await runs()).toEqual(filled);
    const client = await t.db.pool.connect();
    try {
      expect(await ensureTargetScores(client, FAMILY, { id: filled[0]!.model, ...(await modelOf(filled[0]!.model)) }, '2025-06-13')).toBe(false);
    } finally {
      client.release();
    }
    // the background warming finds it filled too
    expect(await warmTargetScores(t.db.pool)).toEqual({ day: '2025-06-13', families: 1, computed: 0 });
  });

  it('ranks as the direct scoring of every customer did (MATCH, not holding, best first, then by customer number)', async () => {
    const client = await t.db.pool.connect();
    try {
      const model = (await runs())[0]!.model;
      const rows = (await baseRows(client, '2025-06-13')).filter((r) => matches(r, 'R3') && !(r.held ?? []).includes('PR3'));
      const direct = scoreRows(rows, FAMILY, { id: model, ...(await modelOf(model)) }, await productInfo(client), '2025-06-13')
        .sort((a, b) => b.p - a.p || (a.customerNo < b.customerNo ? -1 : 1))
        .map((s) => [s.customerNo, s.p.toFixed(6)]);
      expect((await ranked('admin')).items.map((i) => [i.customerNo, i.score])).toEqual(direct);
    } finally {
      client.release();
    }
  });

  it('works out the reasons of the page shown only', async () => {
    const page = await ranked('admin', '?page=2&pageSize=2');
    expect([page.total, page.items.map((i) => i.customerNo)]).toEqual([6, ['C0005', 'C0008']]);
    const client = await t.db.pool.connect();
    try {
      const admin: AuthUser = {
        id: '1', username: 'admin', displayName: null, role: 'ADMIN', staffNo: null, teamCode: null, branchCode: null, permissions: [], scopeLevel: 'ALL', via: 'session',
      };
      const list = await targetListIn(client, admin, 'PR3', { limit: 10, asOf: '2025-06-16', reasons: { from: 1, count: 1 } });
      // the second only: C0004's net asset 700000 (C0001, first, would have 净资产 120.0 万元 and more)
      expect(list.items.map((i) => [i.customerNo, i.reasons.map((r) => r.zh)])).toEqual([
        ['C0001', []], ['C0004', ['净资产 70.0 万元']], ['C0005', []], ['C0008', []], ['C0002', []], ['C2001', []],
      ]);
    } finally {
      client.release();
    }
  });

  it('is a new key for a new model: retrained, the family is scored again and the older model’s rows go', async () => {
    const before = await runs();
    // the new model prefers the smaller accounts
    const id = await storeModel(t.db.pool, [2, 1, -1, -2], '2025-06-15T00:00:00Z');
    const list = await ranked('admin');
    expect(list.items.map((i) => [i.customerNo, i.score])).toEqual([
      ['C0002', '0.880797'], ['C2001', '0.880797'], ['C0005', '0.731059'], ['C0008', '0.731059'], ['C0004', '0.268941'], ['C0001', '0.119203'],
    ]);
    const after = await runs();
    expect(after.map(({ model, customers, rows }) => ({ model, customers, rows }))).toEqual([{ model: id, customers: 9, rows: 9 }]);
    expect(after[0]!.model).not.toBe(before[0]!.model);
  });
});

async function modelOf(id: string) {
  const { rows } = await t.db.pool.query(`select features, model from product_target_models where id = $1::bigint`, [id]);
  return rows[0] as { features: string[]; model: never };
}

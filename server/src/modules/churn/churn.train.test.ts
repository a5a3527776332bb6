/**
 * Training and nightly scoring of the churn model (流失预警, business-rules.md §7) against a real
 * PostgreSQL, on a history written straight into sum_customer_daily: 110 trading days, Monday
 * 2026-01-05 on (index 0 … 109), every customer holding 100,000.00 and trading daily unless stated.
 *
 * - N01 … N20 never churn.
 * - T12 … T20 ("train drainers", T<s>) transfer 10,000.00 out on days s … s + 9; the net asset reaches 0
 *   on day s + 9, their churned_on (carried from then on).
 * - E52 … E61 ("test drainers", E<s>) do the same later.
 * - Z60 closes on day 60, Z61 on day 61 (close_date; not open from that day).
 *
 * With a 40-day horizon the cut-offs (planCutoffs) are train [20], test [61, 65, 69] (see churn.rules.test.ts).
 * Train, D = 20 (label window days 21 … 60): N 20 + T 9 + E 10 + Z 2 = 41 examples; churned: T12 … T20
 * (days 21 … 29) and Z60 (day 60, the last of the window) = 10; E52 (day 61) and Z61 (day 61) are not.
 * Test: D = 61: N 20 + E53 … E61 (churn days 62 … 70; E52 churned on day 61, Z* closed) = 29, all 9 churn;
 * D = 65: N 20 + E57 … E61 = 25, 5 churn; D = 69: N 20 + E61 = 21, 1 churns → 75 examples, 15 churners,
 * rate 0.2. Every test churner has transferred out by D and no one else has: the tree, which split the
 * train day on a falling net asset, ranks them all first → AUC 1; top 10 % = ceil(7.5) = 8 customers, all
 * churners → precision 1, lift 1 / 0.2 = 5.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.js';
import { useTestDb } from '../../../test/harness.js';
import { scoreChurn, trainChurnModel } from './churn.service.js';
import { FEATURES, readReasons } from './churn.rules.js';

const customers = [
  ...Array.from({ length: 20 }, (_, i) => ({ no: `N${String(i + 1).padStart(2, '0')}`, s: null as number | null, close: null as number | null })),
  ...Array.from({ length: 9 }, (_, i) => ({ no: `T${12 + i}`, s: 12 + i as number | null, close: null })),
  ...Array.from({ length: 10 }, (_, i) => ({ no: `E${52 + i}`, s: 52 + i as number | null, close: null })),
  { no: 'Z60', s: null, close: 60 as number | null },
  { no: 'Z61', s: null, close: 61 as number | null },
];

const db = useTestDb(async (db) => {
  await inTransaction(db.pool, async (client) => {
    await client.query(`insert into branches (branch_code, branch_name, city) values ('B01', '北京中关村营业部', '北京')`);
    await client.query(`create temp table cal as
      select d::date as day, (row_number() over (order by d) - 1)::int as idx
        from generate_series('2026-01-05'::date, '2026-07-31'::date, '1 day') d where extract(isodow from d) < 6 order by d limit 110`);
    for (const month of ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']) {
      await client.query(`select crm_ensure_partition('sum_customer_daily', $1::date)`, [month]);
    }
    await client.query(`insert into trading_days (trade_date, usd_rate, hkd_rate, run_id) select day, 7.2, 0.92, 1 from cal`);
    await client.query(`create temp table who (no text, s int, close int)`);
    await client.query(`insert into who select * from unnest($1::text[], $2::int[], $3::int[])`, [
      customers.map((c) => c.no), customers.map((c) => c.s), customers.map((c) => c.close),
    ]);
    await client.query(`insert into customers (customer_no, name, customer_type, branch_code, open_date, close_date, status, first_seen_on, updated_on)
      select w.no, '客户' || w.no, 'P', 'B01', '2025-01-02', z.day, case when w.close is null then 'NORMAL' else 'CLOSED' end, '2025-01-02', '2026-01-05'
        from who w left join cal z on z.idx = w.close`);
    await client.query(`insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, cash_cny, trade_count,
        volume, commission, bank_out, net_asset_sum20, days20, last_trade_date, lifecycle, churned_on)
      select c.day, w.no, 'B01', w.close is null or c.idx < w.close, x.na, x.na, x.na, 1, 1000, 1,
             case when c.idx between w.s and w.s + 9 then 10000 else 0 end, x.na * 20, 20, c.day, 'ACTIVE',
             case when c.idx >= w.s + 9 then e.day end
        from who w cross join cal c
        left join cal e on e.idx = w.s + 9
        cross join lateral (select case when w.s is null then 100000 else 100000 - 10000 * greatest(0, least(c.idx - w.s + 1, 10)) end as na) x`);
    await client.query(CARRY_WINDOWS);
  });
});

/**
 * The windows each row carries (migrations 0021, 0025, 0057; what the import's derivation writes) from the
 * rows' own figures, which the churn features read: after the fixture and after a test changes a day's figures.
 */
const CARRY_WINDOWS = `
  with days as (select trade_date, row_number() over (order by trade_date) as idx from trading_days),
  w as (
    select s.customer_no, s.trade_date,
           sum(s.bank_out) over w20 as bank_out_sum20, sum(s.bank_in) over w20 as bank_in_sum20,
           (count(*) filter (where s.trade_count > 0) over w20)::int as trade_days20, sum(s.volume) over w20 as volume_sum20,
           sum(s.commission) over w20 as commission_sum20,
           case when d.idx > 20 then coalesce(sum(case when s.is_open then s.net_asset else 0 end) over before20, 0) end as net_asset_before20,
           sum(s.bank_out) over w5 as bank_out_sum5, (count(*) filter (where s.trade_count > 0) over w10)::int as trade_days10,
           sum(s.volume) over w10 as volume_sum10,
           case when d.idx > 5 then coalesce(sum(case when s.is_open then s.net_asset else 0 end) over before5, 0) end as net_asset_before5
      from sum_customer_daily s join days d on d.trade_date = s.trade_date
    window w5 as (partition by s.customer_no order by d.idx range between 4 preceding and current row),
           w10 as (partition by s.customer_no order by d.idx range between 9 preceding and current row),
           w20 as (partition by s.customer_no order by d.idx range between 19 preceding and current row),
           before5 as (partition by s.customer_no order by d.idx range between 5 preceding and 5 preceding),
           before20 as (partition by s.customer_no order by d.idx range between 20 preceding and 20 preceding)
  )
  update sum_customer_daily t set bank_out_sum20 = w.bank_out_sum20, bank_in_sum20 = w.bank_in_sum20, trade_days20 = w.trade_days20,
         volume_sum20 = w.volume_sum20, commission_sum20 = w.commission_sum20, net_asset_before20 = w.net_asset_before20,
         bank_out_sum5 = w.bank_out_sum5, trade_days10 = w.trade_days10, volume_sum10 = w.volume_sum10,
         net_asset_before5 = w.net_asset_before5
    from w where t.trade_date = w.trade_date and t.customer_no = w.customer_no`;

/** Sets customer E59's transfer out and net asset of day 59 (a correction of that day's figures) and carries the windows again. */
async function setE59(bankOut: number, netAsset: number, day59: string): Promise<void> {
  await db.pool.query(`update sum_customer_daily set bank_out = $1, net_asset = $2 where customer_no = 'E59' and trade_date = $3`, [bankOut, netAsset, day59]);
  await db.pool.query(CARRY_WINDOWS);
}

const dayOf = async (idx: number) => (await db.pool.query<{ day: string }>(`select trade_date::text as day from trading_days order by trade_date offset $1 limit 1`, [idx])).rows[0]!.day;

/**
 * Before a model is trained the experience rules score (经验模型: Σ weights of the rules that fire), from
 * the 21st imported day on. Day 58 (nobody contacted except E52, on day 50):
 * - E52: 7 × 10,000 out (days 52 … 58), 30,000 left → OUTFLOW 70,000 ÷ 100,000 = 0.7 ≥ 0.3 (0.35) and
 *   ASSET_DROP 30,000 ÷ 100,000 (day 38) = 0.3 ≤ 0.7 (0.25); contacted 8 trading days before → 0.6 ≥ 0.5
 * - E53 … E55: the same two rules, never contacted (NO_CONTACT 0.1) → 0.7; E56 on both bounds (3 × 10,000
 *   out: 0.3 out, 70,000 ÷ 100,000 = 0.7 net asset) → 0.7
 * - E57 (0.2 out, net asset 0.8), E58, N01 … N20, Z60, Z61: only NO_CONTACT → 0.1 < 0.5
 */
describe('churn scoring with the experience rules while no model is trained', () => {
  const score = (idx: number) => dayOf(idx).then((day) => inTransaction(db.pool, (client) => scoreChurn(client, day)));

  it('scores nothing before the 21st imported day (the feature window), every open customer from it', async () => {
    expect(await score(19)).toEqual({ scored: 0, atRisk: 0, alerts: 0, scorer: null });
    // day 20: N 20 + T12 … T20 (none churned yet) + E 10 + Z 2 = 41; T12 … T20 have drained 9 … 1 × 10,000:
    // T12 … T17 fire OUTFLOW and ASSET_DROP (0.7 with NO_CONTACT, T17: 4 × 10,000 → 0.4 out, 0.6 net asset),
    // T18 (0.3 out, 0.7 net asset: both bounds) too; T19, T20 do not
    expect(await score(20)).toEqual({ scored: 41, atRisk: 7, alerts: 7, scorer: 'RULES' });
    // what day 20 left goes before the day-58 case
    await db.pool.query(`delete from alerts where rule = 'CHURN_RISK'; delete from churn_scores; update sum_customer_daily set lifecycle = 'ACTIVE' where lifecycle = 'CHURN_RISK'`);
  });

  it('day 58: OUTFLOW + ASSET_DROP reach the threshold (CHURN_RISK and one alert each), NO_CONTACT alone does not', async () => {
    const { rows: [user] } = await db.pool.query<{ id: string }>(`insert into users (username, password_hash, role) values ('rules_test', 'x', 'ADMIN') returning id::text as id`);
    await db.pool.query(`insert into contacts (customer_no, channel, summary, at, created_by) values ('E52', 'PHONE', '回访', ($1::date + time '10:00') at time zone 'Asia/Shanghai', $2)`, [await dayOf(50), user!.id]);
    const day58 = await dayOf(58);
    // open and not churned on day 58: N 20 + E 10 + Z 2 = 32 (T churned)
    expect(await score(58)).toEqual({ scored: 32, atRisk: 5, alerts: 5, scorer: 'RULES' });
    const { rows } = await db.pool.query<{ customer_no: string; score: string; model_id: string | null; reasons: unknown }>(
      `select customer_no, score::text, model_id, reasons from churn_scores where trade_date = $1 and customer_no in ('E52', 'E56', 'E57', 'N01') order by 1`, [day58]);
    // stored short (churn.rules.ts compactReasons), read back whole
    expect(rows[0]!.reasons).toEqual([{ r: 'OUTFLOW', v: 0.7 }, { r: 'ASSET_DROP', v: 0.3 }]);
    expect(rows.map((r) => ({ ...r, reasons: readReasons(r.reasons) }))).toEqual([
      { customer_no: 'E52', score: '0.600000', model_id: null, reasons: [
        { kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.7 },
        { kind: 'rule', code: 'ASSET_DROP', feature: 'netAssetRatio20', value: 0.3 },
      ] },
      { customer_no: 'E56', score: '0.700000', model_id: null, reasons: [
        { kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.3 },
        { kind: 'rule', code: 'ASSET_DROP', feature: 'netAssetRatio20', value: 0.7 },
        { kind: 'rule', code: 'NO_CONTACT', feature: 'daysSinceContact', value: 9999 },
      ] },
      { customer_no: 'E57', score: '0.100000', model_id: null, reasons: [{ kind: 'rule', code: 'NO_CONTACT', feature: 'daysSinceContact', value: 9999 }] },
      { customer_no: 'N01', score: '0.100000', model_id: null, reasons: [{ kind: 'rule', code: 'NO_CONTACT', feature: 'daysSinceContact', value: 9999 }] },
    ]);
    const atRisk = await db.pool.query<{ customer_no: string }>(`select customer_no from sum_customer_daily where trade_date = $1 and lifecycle = 'CHURN_RISK' order by 1`, [day58]);
    expect(atRisk.rows.map((r) => r.customer_no)).toEqual(['E52', 'E53', 'E54', 'E55', 'E56']);
    const alerts = await db.pool.query<{ customer_no: string; evidence: unknown }>(`select customer_no, evidence from alerts where rule = 'CHURN_RISK' order by customer_no`);
    expect(alerts.rows.map((a) => a.customer_no)).toEqual(['E52', 'E53', 'E54', 'E55', 'E56']);
    expect(alerts.rows[0]!.evidence).toEqual({ score: '0.6', threshold: '0.5', scorer: 'RULES', reasons: 'OUTFLOW ASSET_DROP' });
    // the contact goes again (the model's cases below read E52 as never contacted); day 58's rules scores,
    // lifecycle and alerts stay for the model to take over
    await db.pool.query(`delete from contacts; delete from users where username = 'rules_test'`);
  });
});

describe('trainChurnModel', () => {
  it('learns on the train cut-off and measures out of time on the test cut-offs', async () => {
    const r = await inTransaction(db.pool, (client) => trainChurnModel(client, { by: 'test' }));
    expect(r.noModelReason).toBeNull();
    expect(r.trainCutoffs).toEqual([await dayOf(20)]);
    expect(r.testCutoffs).toEqual([await dayOf(61), await dayOf(65), await dayOf(69)]);
    expect(r.metrics).toMatchObject({
      days: 110, examples: 41, churners: 10, testExamples: 75, testChurners: 15, baseRate: '0.200000',
      auc: '1.0000', precisionAtTop10: '1.0000', liftAtTop10: '5.00',
    });
    // the importance goes to the features that separate the drainers (a falling net asset or the outflow)
    expect(Number(r.importance[0]!.importance)).toBeGreaterThan(0);
    expect(['netAssetRatio20', 'netAssetRatio5', 'netAssetVsAvg20', 'outflowShare20', 'outflowShare5', 'netFlowShare20', 'netAsset', 'avgNetAsset20', 'cashShare']).toContain(r.importance[0]!.name);
    const { rows } = await db.pool.query(`select active, no_model_reason, horizon_days from churn_models`);
    expect(rows).toEqual([{ active: true, no_model_reason: null, horizon_days: 40 }]);
  });

  it('keeps the active model when a training finds the history too short (horizon 60: 150 days needed)', async () => {
    // test cut-offs 41, 45, 49 (49 + 60 = 109); a train cut-off would need d ≥ 20 and d + 60 < 41: none
    await db.pool.query(`update settings set value = jsonb_set(value, '{horizonDays}', '60') where key = 'churn'`);
    try {
      const r = await inTransaction(db.pool, (client) => trainChurnModel(client, { by: 'test' }));
      // needDays = 20 + 1 + 60 + 2 × 4 + 60 + 1 = 150
      expect(r).toMatchObject({ noModelReason: 'NO_TRAIN_WINDOW', metrics: { days: 110, needDays: 150 } });
      const { rows } = await db.pool.query(`select active, no_model_reason from churn_models order by id`);
      expect(rows).toEqual([{ active: true, no_model_reason: null }, { active: false, no_model_reason: 'NO_TRAIN_WINDOW' }]);
    } finally {
      await db.pool.query(`update settings set value = jsonb_set(value, '{horizonDays}', '40') where key = 'churn'`);
    }
  });
});

/**
 * A hand-made model: outflowShare20 < 0.1 → 0.4999, else 0.5 (the threshold). On day 58 E52 … E58
 * have transferred out (E58: 10,000 of 100,000 → exactly 0.1); on day 59 E59 joins them.
 */
describe('scoreChurn: scores, CHURN_RISK lifecycle and crossing alerts', () => {
  const tree = { feature: FEATURES.indexOf('outflowShare20'), threshold: 0.1, left: { p: 0.4999, n: 1, pos: 0 }, right: { p: 0.5, n: 1, pos: 1 } };
  const score = (idx: number) => dayOf(idx).then((day) => inTransaction(db.pool, (client) => scoreChurn(client, day)));
  const alerts = async () => (await db.pool.query<{ customer_no: string; day: string; status: string; withdrawn: boolean; evidence: Record<string, string> }>(
    `select customer_no, trade_date::text as day, status, withdrawn, evidence from alerts where rule = 'CHURN_RISK' order by trade_date, customer_no`)).rows;
  const atRisk = async (idx: number) => (await db.pool.query<{ customer_no: string }>(
    `select customer_no from sum_customer_daily where trade_date = $1 and lifecycle = 'CHURN_RISK' order by 1`, [await dayOf(idx)])).rows.map((r) => r.customer_no);

  it('day 58: 7 at the threshold, each crossing (no earlier scored day)', async () => {
    await db.pool.query(`update churn_models set active = false`);
    await db.pool.query(`insert into churn_models (trained_by, horizon_days, features, tree, active) values ('test', 40, $1, $2, true)`, [[...FEATURES], JSON.stringify(tree)]);
    // open and not churned on day 58: N 20 + E52 … E61 10 + Z60, Z61 = 32 (T churned); the rules' scores of
    // the day (above) are replaced, none left behind, and the rules' alerts of E52 … E56 keep their ids
    const ruleAlerts = (await db.pool.query(`select customer_no, id from alerts where rule = 'CHURN_RISK' order by 1`)).rows;
    expect(await score(58)).toEqual({ scored: 32, atRisk: 7, alerts: 7, scorer: 'MODEL' });
    expect((await db.pool.query(`select count(*)::int as n, count(*) filter (where model_id is null)::int as rules from churn_scores where trade_date = $1`, [await dayOf(58)])).rows)
      .toEqual([{ n: 32, rules: 0 }]);
    expect((await db.pool.query(`select customer_no, id from alerts where rule = 'CHURN_RISK' and customer_no <= 'E56' order by 1`)).rows).toEqual(ruleAlerts);
    expect(await atRisk(58)).toEqual(['E52', 'E53', 'E54', 'E55', 'E56', 'E57', 'E58']);
    const { rows } = await db.pool.query<{ customer_no: string; score: string; reasons: unknown }>(
      `select customer_no, score::text, reasons from churn_scores where trade_date = $1 and customer_no in ('E52', 'E58', 'N01') order by 1`, [await dayOf(58)]);
    expect(rows[1]!.reasons).toEqual([{ r: 'NO_CONTACT', v: 9999 }, { f: 'outflowShare20', o: '>=', t: 0.1, v: 0.1 }]);
    expect(rows.map((r) => ({ ...r, reasons: readReasons(r.reasons) }))).toEqual([
      // E52: 7 × 10,000 out, 30,000 left → 70 % out, net asset 30 % of day 38's; never contacted
      { customer_no: 'E52', score: '0.500000', reasons: [
        { kind: 'rule', code: 'OUTFLOW', feature: 'outflowShare20', value: 0.7 },
        { kind: 'rule', code: 'ASSET_DROP', feature: 'netAssetRatio20', value: 0.3 },
        { kind: 'rule', code: 'NO_CONTACT', feature: 'daysSinceContact', value: 9999 },
      ] },
      // E58: 10,000 of 100,000 → 0.1 exactly, the tree's bound
      { customer_no: 'E58', score: '0.500000', reasons: [
        { kind: 'rule', code: 'NO_CONTACT', feature: 'daysSinceContact', value: 9999 },
        { kind: 'tree', feature: 'outflowShare20', op: '>=', threshold: 0.1, value: 0.1 },
      ] },
      // N01 went to the safer side of the tree's split (no outflow): that step is no reason for the risk
      { customer_no: 'N01', score: '0.499900', reasons: [
        { kind: 'rule', code: 'NO_CONTACT', feature: 'daysSinceContact', value: 9999 },
      ] },
    ]);
  });

  it('day 59: only E59 crosses; a re-score raises nothing twice', async () => {
    expect(await score(59)).toMatchObject({ scored: 32, atRisk: 8, alerts: 1 });
    const once = await alerts();
    const [day58, day59] = [await dayOf(58), await dayOf(59)];
    expect(once.map((a) => [a.customer_no, a.day])).toEqual([
      ...['E52', 'E53', 'E54', 'E55', 'E56', 'E57', 'E58'].map((c) => [c, day58]),
      ['E59', day59],
    ]);
    expect(once.at(-1)!.evidence).toEqual({ score: '0.5', threshold: '0.5', scorer: 'MODEL', previousDay: day58, previousScore: '0.4999', reasons: 'NO_CONTACT outflowShare20' });
    const ids = (await db.pool.query(`select id from alerts order by id`)).rows;
    await score(59);
    expect((await db.pool.query(`select id from alerts order by id`)).rows).toEqual(ids);
  });

  it('a correction that removes the outflow withdraws an acknowledged alert and restores the lifecycle', async () => {
    const day59 = await dayOf(59);
    await db.pool.query(`update alerts set status = 'ACKNOWLEDGED' where customer_no = 'E59'`);
    await setE59(0, 100000, day59);
    expect(await score(59)).toMatchObject({ atRisk: 7, alerts: 0 });
    expect((await alerts()).filter((a) => a.customer_no === 'E59')).toEqual([expect.objectContaining({ status: 'ACKNOWLEDGED', withdrawn: true })]);
    expect(await atRisk(59)).not.toContain('E59');
    expect((await db.pool.query(`select lifecycle from sum_customer_daily where customer_no = 'E59' and trade_date = $1`, [day59])).rows).toEqual([{ lifecycle: 'ACTIVE' }]);
  });

  it('scoring an earlier day forgets the later (removed) days: their scores and untouched alerts go', async () => {
    // day 59 is scored with E59's alert acknowledged-then-withdrawn and 8 NEW ones of day 58 … 59;
    // scoring day 58 again as the latest (day 59 removed) drops day 59's scores; E59's alert was
    // acted on and stays withdrawn
    const [day58, day59] = [await dayOf(58), await dayOf(59)];
    await db.pool.query(`create table keep_days as select * from churn_scores where trade_date = $1`, [day59]);
    await score(58);
    expect((await db.pool.query(`select count(*)::int as n from churn_scores where trade_date = $1`, [day59])).rows).toEqual([{ n: 0 }]);
    expect((await alerts()).filter((a) => a.day === day59).map((a) => [a.customer_no, a.withdrawn])).toEqual([['E59', true]]);
    expect((await alerts()).filter((a) => a.day === day58)).toHaveLength(7);
    // put day 59 back as it was
    await db.pool.query(`insert into churn_scores select * from keep_days; drop table keep_days`);
  });

  it('an untouched alert that no longer fires is deleted', async () => {
    const day59 = await dayOf(59);
    await setE59(10000, 90000, day59);
    await score(59);
    await db.pool.query(`delete from alerts where customer_no = 'E59'`); // start again: a NEW alert nobody touched
    await score(59);
    expect((await alerts()).filter((a) => a.customer_no === 'E59')).toEqual([expect.objectContaining({ status: 'NEW', withdrawn: false })]);
    await setE59(0, 100000, day59);
    await score(59);
    expect((await alerts()).filter((a) => a.customer_no === 'E59')).toEqual([]);
  });

  it('a model that reads a feature this version no longer computes does not score: the rules do until the next training', async () => {
    const day59 = await dayOf(59);
    // a model trained before netAssetVsAvg20 replaced drawdown20 (its features name the old one)
    await db.pool.query(`update churn_models set features = array_append(array_remove(features, 'netAssetVsAvg20'), 'drawdown20') where active`);
    expect(await score(59)).toMatchObject({ scored: 32, scorer: 'RULES' });
    expect((await db.pool.query(`select count(*)::int as n from churn_scores where trade_date = $1 and model_id is not null`, [day59])).rows).toEqual([{ n: 0 }]);
    await db.pool.query(`update churn_models set features = array_append(array_remove(features, 'drawdown20'), 'netAssetVsAvg20') where active`);
    expect(await score(59)).toMatchObject({ scored: 32, scorer: 'MODEL' });
  });
});

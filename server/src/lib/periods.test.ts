/**
 * The whole-months / edge-days split, worked by hand. The SQL builders run against stand-in
 * summary tables (temporary tables of the same names, which PostgreSQL finds first) whose values
 * tell the reads apart: every day of 2025-01-01 … 2025-04-30 has volume 1 and commission 2, while
 * the monthly rows have volumes 1000 × the month's number (Jan 1000 … Apr 4000) and commission
 * 10 × that. So a month read whole adds 1000s, a day read from the daily table adds 1.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { periodFiguresSql, periodParts, periodRowsSql, relationshipPeriod } from './periods.js';

describe('periodParts: a constant period', () => {
  it.each([
    // from the 15th to a month end: January's days, February and March whole
    ['2025-01-15', '2025-03-31', { fullFrom: '2025-02-01', fullUntil: '2025-04-01', dayRanges: [['2025-01-15', '2025-02-01']] }],
    // exactly one month (a leap February)
    ['2024-02-01', '2024-02-29', { fullFrom: '2024-02-01', fullUntil: '2024-03-01', dayRanges: [] }],
    // inside one month: days only (no whole month: fullFrom ≥ fullUntil)
    ['2025-02-10', '2025-02-20', { fullFrom: '2025-03-01', fullUntil: '2025-02-01', dayRanges: [['2025-02-10', '2025-02-21']] }],
    // across a month end, a day on each side
    ['2025-03-31', '2025-04-01', { fullFrom: '2025-04-01', fullUntil: '2025-04-01', dayRanges: [['2025-03-31', '2025-04-02']] }],
    // across a year end: edge days on both sides of January
    ['2024-12-15', '2025-02-10', { fullFrom: '2025-01-01', fullUntil: '2025-02-01', dayRanges: [['2024-12-15', '2025-01-01'], ['2025-02-01', '2025-02-11']] }],
    // an empty period (to before from)
    ['2025-06-05', '2025-06-01', { fullFrom: '2025-07-01', fullUntil: '2025-06-01', dayRanges: [] }],
  ])('[%s, %s]', (from, to, parts) => {
    expect(periodParts(from, to)).toEqual(parts);
  });
});

describe('the period readers against the summary tables', () => {
  let db: TestDb;
  let client: pg.PoolClient;
  beforeAll(async () => {
    db = await createTestDb();
    client = await db.pool.connect();
    await client.query(`
      create temp table sum_customer_daily as
        select d::date as trade_date, 'C1'::text as customer_no, true as is_open, 1::numeric as total_asset,
               1::numeric as volume, 2::numeric as commission, 0::numeric as fees
          from generate_series('2025-01-01'::date, '2025-04-30'::date, interval '1 day') d;
      create temp table sum_customer_monthly as
        select make_date(2025, n, 1) as month, 'C1'::text as customer_no, (1000 * n)::numeric as volume, (10000 * n)::numeric as commission,
               0::numeric as fees, 0::numeric as asset_sum, null::numeric as max_asset, null::date as max_date, null::numeric as min_asset, null::date as min_date
          from generate_series(1, 4) n;
      -- the periods, one per row: id, from, to (null: open-ended)
      create temp table periods (id text, customer_no text, effective_from date, ended_on date);
      insert into periods values
        ('P1', 'C1', '2025-01-15', '2025-03-31'),
        ('P2', 'C1', '2025-02-01', null),
        ('P3', 'C1', '2025-02-10', '2025-02-20'),
        ('P4', 'C1', '2025-03-31', '2025-04-01'),
        ('P5', 'C1', '2025-01-01', '2025-01-31'),
        ('P6', 'C1', '2025-01-01', '2025-01-30');`);
  });
  afterAll(async () => {
    client.release();
    await db.drop();
  });

  async function sums(sql: string): Promise<Record<string, string>> {
    const { rows } = await client.query<{ id: string; volume: string }>(`select id, sum(volume)::text as volume from (${sql}) x group by id order by id`);
    return Object.fromEntries(rows.map((r) => [r.id, r.volume]));
  }

  it('reads each period: whole months from the monthly table, the other days from the daily table', async () => {
    const sql = periodFiguresSql({
      rows: 'periods r', period: relationshipPeriod('r'), customer: 'r.customer_no', columns: ['volume'],
      select: (f) => `r.id, ${f}.volume`,
    });
    expect(await sums(sql)).toEqual({
      P1: '5017', // Jan 15–31: 17 days; Feb 2000 + Mar 3000
      P2: '9000', // open-ended: Feb, Mar, Apr whole
      P3: '11', // Feb 10–20: 11 days
      P4: '2', // Mar 31 and Apr 1
      P5: '1000', // Jan whole
      P6: '30', // Jan 1–30: a day short of the whole month
    });
  });

  it('stops before a month, and keeps only the days that pass a filter', async () => {
    const sql = periodFiguresSql({
      rows: 'periods r', period: relationshipPeriod('r'), customer: 'r.customer_no', columns: ['volume'], before: `'2025-03-01'::date`,
      select: (f) => `r.id, ${f}.volume`, dayFilter: `s.trade_date <> '2025-01-20'`,
    });
    expect(await sums(sql)).toEqual({
      P1: '2016', // Jan 15–31 less the 20th: 16 days; Feb 2000 (March is not before)
      P2: '2000', // Feb
      P3: '11',
      P5: '1000', // a month read whole is not filtered
      P6: '29', // Jan 1–30 less the 20th
    });
  });

  it('reads one month per row: whole when the period covers it, else the period’s days of it', async () => {
    const sql = periodFiguresSql({
      rows: `(select make_date(2025, n, 1) as month from generate_series(1, 4) n) mo cross join periods r`,
      period: relationshipPeriod('r'), customer: 'r.customer_no', month: 'mo.month', columns: ['volume', 'commission'],
      select: (f) => `r.id || ' ' || to_char(mo.month, 'MM') as id, ${f}.volume, ${f}.commission`,
    });
    expect(await sums(sql)).toEqual({
      'P1 01': '17',
      'P1 02': '2000',
      'P1 03': '3000',
      'P2 02': '2000',
      'P2 03': '3000',
      'P2 04': '4000',
      'P3 02': '11',
      'P4 03': '1',
      'P4 04': '1',
      'P5 01': '1000',
      'P6 01': '30',
    });
  });

  it('reads a constant period the same way (periodRowsSql)', async () => {
    const read = async (from: string, to: string) => {
      const values: unknown[] = [];
      const { rows } = await client.query<{ volume: string }>(`select sum(volume)::text as volume from (${periodRowsSql(values, from, to)}) x`, values);
      return rows[0]?.volume ?? null;
    };
    expect([
      await read('2025-01-15', '2025-03-31'),
      await read('2025-02-10', '2025-02-20'),
      await read('2025-03-31', '2025-04-01'),
      await read('2025-01-01', '2025-01-31'),
      await read('2025-01-01', '2025-01-30'),
      await read('2025-06-05', '2025-06-01'),
    ]).toEqual(['5017', '11', '2', '1000', '30', null]);
  });
});

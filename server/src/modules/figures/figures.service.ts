/**
 * The derivation of every figure from the imported facts (business-rules.md §3 and §4): the
 * per-account and per-customer day figures, the carried-forward columns of later days, the
 * customer months with their running totals (figures.sql.ts), then the staff figures by
 * attribution (attribution/, which also confirms relationships and derives the guaranteed
 * commission). The importer calls `deriveImportedDay` inside its transaction; a bulk load (the
 * first-start demo) derives with `deriveDeferredDay` / `deriveDeferredMonth` on a connection of
 * its own while the next day imports.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { deriveStaffFigures } from '../attribution/attribution.service.js';
import { deriveAlertsOf } from '../monitoring/monitoring.service.js';
import { profiled } from '../../lib/profile.js';
import {
  accumulateCustomerMonths, addDayToMonth, carryForward, deriveAccountDaily, deriveCustomerDaily, deriveCustomerMonth, keepUnchangedCustomers,
  refreshDayRates, snapshotCorrectedDay, type CorrectionScope,
} from './figures.sql.js';

/**
 * Derives the figures of a written day, in the import's transaction. The common case, a new
 * latest day, is derived incrementally from the day before (carried-forward columns and the month
 * included); a re-delivered or late day re-derives every later day whose inherited rate changed,
 * the carried columns of every later day and the months touched. Returns the later days
 * re-derived.
 */
export async function deriveImportedDay(client: pg.PoolClient, day: string, replaced: boolean): Promise<string[]> {
  const rateChanged = await refreshDayRates(client, day);
  const { rows: later } = await client.query<{ n: string }>(`select count(*) as n from trading_days where trade_date > $1`, [day]);
  const isLatest = Number(later[0]?.n) === 0;
  const days = [day, ...rateChanged.filter((d) => d > day)];
  // A re-delivered day before the latest whose rates moved no later day (a correction): only the customers
  // whose figures of the day changed have later windows, tiers, lifecycles and months to re-derive.
  const scope: CorrectionScope = replaced && !isLatest && days.length === 1 ? 'corrected' : 'all';
  if (scope === 'corrected') await snapshotCorrectedDay(client, day);
  for (const d of days) {
    await deriveAccountDaily(client, d);
    await deriveCustomerDaily(client, d, { carryForward: isLatest });
  }
  if (scope === 'corrected') await keepUnchangedCustomers(client, day);
  if (!isLatest) await carryForward(client, day, scope);
  if (isLatest && !replaced) {
    await addDayToMonth(client, day);
  } else {
    const months = [...new Set(days.map((d) => d.slice(0, 7) + '-01'))].sort();
    for (const m of months) await deriveCustomerMonth(client, m, scope);
    await accumulateCustomerMonths(client, months[0]!, scope);
  }
  await deriveStaffFigures(client, days);
  return days.slice(1);
}

/** Session settings of a transaction that imports or derives a day. */
export async function tuneTransaction(client: pg.PoolClient): Promise<void> {
  // a day's aggregates hash tens of thousands of groups: keep them in memory
  await client.query(`set local work_mem = '128MB'`);
  // JIT compilation costs more than it saves on these statements (seconds of compile time on PostgreSQL 15)
  await client.query(`set local jit = off`);
}

/**
 * A bulk load's transaction commits without waiting for its WAL to reach the disk: a crash may lose
 * the last commits but never leaves a half-written day (the WAL stays ordered), and the only bulk
 * load, the first-start demo, is rebuilt from empty at the next start when it did not finish (main.ts).
 */
export async function tuneBulkTransaction(client: pg.PoolClient): Promise<void> {
  await tuneTransaction(client);
  await client.query(`set local synchronous_commit = off`);
}

/**
 * Bulk loading only (the first-start demo, before the server serves anyone), a day imported with
 * `deferDerivation` in two steps, each in its own transaction:
 * - deriveDeferredAccounts: the day's rates and its per-account figures, which depend on no other
 *   day — a pipelined load derives day N + 1's accounts while day N's customers are derived;
 * - deriveDeferredDay, after it: the rest, as the newest derived day. Days must be derived in date
 *   order, each after the one before it, and none may be derived yet after it; the import of the
 *   next day may run meanwhile on another connection.
 */
export async function deriveDeferredAccounts(pool: pg.Pool, day: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await tuneBulkTransaction(client);
    await refreshDayRates(client, day, day);
    await profiled('deriveDeferredAccounts: deriveAccountDaily', () => deriveAccountDaily(client, day));
  });
}

export async function deriveDeferredDay(
  pool: pg.Pool,
  day: string,
  opts: { month: boolean; staff: boolean } = { month: true, staff: true },
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await tuneBulkTransaction(client);
    await profiled('deriveDeferredDay: deriveCustomerDaily', () => deriveCustomerDaily(client, day, { carryForward: true }));
    // a bulk load may leave the month to deriveDeferredMonth() once its last day is derived
    if (opts.month) await addDayToMonth(client, day);
    // a load whose relationships come after its days (the first-start demo) derives staff figures once, at the org import
    if (opts.staff) await deriveStaffFigures(client, [day]);
    // 异常监控: the newest day's alerts (no later day exists yet)
    await profiled('deriveDeferredDay: deriveAlertsOf', () => deriveAlertsOf(client, [day]));
  });
}

/** Bulk loading only: (re)computes a month's per-customer summary once its days are derived. */
export async function deriveDeferredMonth(pool: pg.Pool, month: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await tuneBulkTransaction(client);
    await deriveCustomerMonth(client, month);
    await accumulateCustomerMonths(client, month);
  });
}

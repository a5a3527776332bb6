/**
 * Removing an imported day (`crm day remove <date>`): a day that should never have been imported
 * (a future date, a weekend, a test delivery) goes, and every figure is derived again as if it
 * had never been imported, in one transaction under the importer's lock, audited:
 *
 *   - the day's facts, its per-account and per-customer rows, its rates and its trading day;
 *   - the later days whose inherited USD/HKD rate changes, re-derived; the carried-forward
 *     columns (20-day window, last trade date, tier, lifecycle) of every later day;
 *   - the day's month (and the months of the re-derived days), and the running totals after them;
 *   - the staff figures: the day's rows go, confirmations are considered again from the day (a
 *     removed month-end may withdraw one), and every later day and month is re-derived;
 *   - the alerts (异常监控): the day's go (kept as withdrawn when somebody acted on them), and the
 *     later days whose alerts its data changed are derived again;
 *   - 客户洞察: the day's churn scores and group counts go; the latest day left is scored, labelled
 *     and its groups refreshed again — with no day left, no score, label or group member stays.
 *
 * Reference rows the day delivered (customers, accounts, securities …) stay as delivered: they are
 * the latest known state of those records, not figures of the day (docs/decisions.md).
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { LOCKS } from '../../db/locks.js';
import { AppError } from '../../errors.js';
import { writeAudit, type AuditActor } from '../audit/audit.service.js';
import { deriveStaffFigures } from '../attribution/attribution.service.js';
import { tradingDaysFrom } from '../attribution/attribution.sql.js';
import { accumulateCustomerMonths, carryForward, deriveAccountDaily, deriveCustomerDaily, deriveCustomerMonth, refreshDayRates } from '../figures/figures.sql.js';
import { deriveIntelligence } from '../intelligence/intelligence.derive.js';
import { deriveAlerts } from '../monitoring/monitoring.service.js';
import { FACT_TABLES } from './extract.sql.js';

export interface DayRemoval {
  tradeDate: string;
  /** Rows deleted per table (facts and the day's derived rows). */
  deleted: Record<string, number>;
  /** Later days re-derived because the rate they inherited changed. */
  rederivedDays: string[];
  /** Reference files the removed day delivered (their rows stay). */
  referenceFilesKept: string[];
}

const REFERENCE_FILES = ['branches.csv', 'customers.csv', 'fund_accounts.csv', 'securities.csv', 'products.csv'];
const monthOf = (day: string) => day.slice(0, 8) + '01';

export function noSuchDay(day: string): AppError {
  return new AppError({ code: 'NO_SUCH_TRADING_DAY', status: 404, zh: `没有导入过 ${day} 的日终数据。`, en: `No end-of-day data was imported for ${day}.` });
}

export async function removeDay(pool: pg.Pool, day: string, by: { user: AuditActor; ip?: string }): Promise<DayRemoval> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
    await client.query(`set local work_mem = '128MB'`);
    const { rows: found } = await client.query<{ run_id: string; row_counts: Record<string, number> | null }>(
      `select t.run_id, r.row_counts from trading_days t left join import_runs r on r.id = t.run_id where t.trade_date = $1`,
      [day],
    );
    if (found.length === 0) throw noSuchDay(day);
    const { run_id: runId, row_counts: rowCounts } = found[0]!;

    const deleted: Record<string, number> = {};
    for (const table of [...FACT_TABLES, 'sum_account_daily', 'sum_customer_daily']) {
      deleted[table] = (await client.query(`delete from ${table} where trade_date = $1`, [day])).rowCount ?? 0;
    }
    deleted.fx_rates = (await client.query(`delete from fx_rates where trade_date = $1`, [day])).rowCount ?? 0;
    // what the day was scored and counted with when it was the latest (a later day's derivation only
    // forgets the days after it; with no day left, deriveIntelligence forgets everything)
    deleted.churn_scores = (await client.query(`delete from churn_scores where trade_date = $1`, [day])).rowCount ?? 0;
    deleted.customer_group_counts = (await client.query(`delete from customer_group_counts where trade_date = $1`, [day])).rowCount ?? 0;
    await client.query(`delete from trading_days where trade_date = $1`, [day]);

    // later days: the rate they inherit, their own figures where it changed, then the carried columns
    const rederived = (await refreshDayRates(client, day)).filter((d) => d > day);
    for (const d of rederived) {
      await deriveAccountDaily(client, d);
      await deriveCustomerDaily(client, d, { carryForward: false });
    }
    const later = await tradingDaysFrom(client, day);
    if (later.length > 0) await carryForward(client, later[0]!);
    const months = [...new Set([day, ...rederived].map(monthOf))].sort();
    for (const m of months) await deriveCustomerMonth(client, m);
    await accumulateCustomerMonths(client, months[0]!);
    // The removed day's staff rows go (it is no longer a trading day) and every later day is
    // re-derived. Confirmations are reconsidered from the trading day before it: removing a
    // month's last day moves its month end, and removing the latest day may leave the month
    // before it incomplete (no confirmation at its end yet).
    const { rows: before } = await client.query<{ day: string | null }>(`select max(trade_date) as day from trading_days where trade_date < $1`, [day]);
    const previous = before[0]?.day ?? null;
    await deriveStaffFigures(client, [...(previous ? [previous] : []), day, ...later]);
    // 客户洞察: the latest day's churn scores, labels and groups
    await deriveIntelligence(client);
    // 异常监控: the day's alerts go (withdrawn when somebody acted on them), the later days' are derived again
    await deriveAlerts(client, [day, ...rederived]);

    const referenceFilesKept = REFERENCE_FILES.filter((f) => (rowCounts?.[f] ?? 0) > 0);
    await writeAudit(client, {
      user: by.user, action: 'extract.remove_day', entity: 'trading_day', entityId: day, ip: by.ip,
      detail: { runId, deleted, rederivedDays: rederived, referenceFilesKept },
    });
    return { tradeDate: day, deleted, rederivedDays: rederived, referenceFilesKept };
  });
}

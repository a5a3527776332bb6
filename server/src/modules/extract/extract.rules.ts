/**
 * The importer's plausibility rules for a whole day, pure (docs/decisions.md "Import: days the
 * importer refuses"):
 *
 * - 交易日: the trade date must be a trading day of the exchange calendar and not after today
 *   (the business date, Asia/Shanghai); an operator may force either (`crm import --force`).
 * - 空日: a day whose assets.csv has no row while fund accounts are open that day is refused,
 *   forced or not: end-of-day balances of open accounts are never legitimately absent.
 * - 骤降: a day whose assets.csv has fewer rows than `minAssetRowsPercent` % of the previous
 *   imported trading day's is refused unless forced (a truncated or partial export).
 */
import type { TradingCalendar } from '../calendar/calendar.rules.js';
import { isWeekend } from '../calendar/calendar.rules.js';

export interface DayRuleBreach {
  reason: string;
  /** True when `--force` (the import API's `force`) lets the day in with a warning. */
  forcible: boolean;
}

/** Why the trade date is refused (a future day, a weekend, an exchange holiday), if it is. */
export function tradeDateBreaches(day: string, today: string, calendar: TradingCalendar): DayRuleBreach[] {
  const breaches: DayRuleBreach[] = [];
  if (day > today) breaches.push({ reason: `trade_date ${day} is after today (${today}, Asia/Shanghai): a day is imported after it ends`, forcible: true });
  if (isWeekend(day)) breaches.push({ reason: `trade_date ${day} is a weekend day: the exchanges do not trade`, forcible: true });
  else if (!calendar.isTradingDay(day)) breaches.push({ reason: `trade_date ${day} is an exchange holiday (trading calendar): the exchanges do not trade`, forcible: true });
  return breaches;
}

export interface AssetRowCounts {
  /** Rows of the day's assets.csv. */
  rows: number;
  /** Fund accounts open on the day (open_date ≤ day < close_date), after the day's fund_accounts.csv. */
  openAccounts: number;
  /** The previous imported trading day and its asset rows, if any. */
  previous: { day: string; rows: number } | null;
  /** The setting importChecks.minAssetRowsPercent (0–100). */
  minPercent: number;
}

/** Why the day's asset rows are implausible (none, or far fewer than the day before), if they are. */
export function assetRowBreach(c: AssetRowCounts): DayRuleBreach | null {
  if (c.rows === 0 && c.openAccounts > 0) {
    return { reason: `no data rows, but ${c.openAccounts} fund account(s) are open on this day: a day without end-of-day balances is refused`, forcible: false };
  }
  // integers only: rows / previous < minPercent / 100  ⇔  rows × 100 < minPercent × previous
  if (c.previous && c.rows * 100 < c.minPercent * c.previous.rows) {
    return {
      reason: `${c.rows} data rows, fewer than ${c.minPercent} % of the ${c.previous.rows} rows of the previous trading day ${c.previous.day} ` +
        `(setting importChecks.minAssetRowsPercent): a partial export? Refused unless forced`,
      forcible: true,
    };
  }
  return null;
}

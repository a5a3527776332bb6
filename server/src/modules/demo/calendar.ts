/**
 * The trading calendar of the Shanghai and Shenzhen stock exchanges (沪深交易所交易日历).
 *
 * The exchanges trade Monday to Friday except public holidays, and they stay closed on the
 * make-up working weekends (调休上班的周末) that the State Council schedules around the holidays.
 * Dates are 'YYYY-MM-DD' strings; all arithmetic is on UTC day numbers, so no time zone can move
 * a date.
 *
 * CLOSED_WEEKDAYS is configuration-like data: it must be extended every year when the State
 * Council publishes the next year's holiday schedule (国务院办公厅关于…年部分节假日安排的通知,
 * usually in November) and the exchanges publish their closing notice. Years not listed here are
 * treated as weekdays-only (no holidays), which is good enough for the old open dates the demo
 * invents but wrong for real trading.
 */

/** Weekdays on which the exchanges are closed, by year. */
const CLOSED_WEEKDAYS: Record<number, readonly string[]> = {
  // 2024 (国办发明电〔2023〕7号)
  2024: [
    '2024-01-01',
    '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', // 春节
    '2024-04-04', '2024-04-05', // 清明
    '2024-05-01', '2024-05-02', '2024-05-03', // 劳动节
    '2024-06-10', // 端午
    '2024-09-16', '2024-09-17', // 中秋
    '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07', // 国庆
  ],
  // 2025 (国办发明电〔2024〕12号)
  2025: [
    '2025-01-01',
    '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04', // 春节
    '2025-04-04', // 清明
    '2025-05-01', '2025-05-02', '2025-05-05', // 劳动节
    '2025-06-02', // 端午
    '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', // 国庆、中秋
  ],
  // 2026 (国务院办公厅 2025 年 11 月通知)
  2026: [
    '2026-01-01', '2026-01-02',
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', // 春节
    '2026-04-06', // 清明
    '2026-05-01', '2026-05-04', '2026-05-05', // 劳动节
    '2026-06-19', // 端午
    '2026-09-25', // 中秋
    '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', // 国庆
  ],
  // 2027: the State Council had not published its schedule when this list was written; these are
  // the festival dates (元旦 Fri 1 Jan, 除夕 Fri 5 Feb, 清明 Mon 5 Apr, 劳动节 Sat 1 May,
  // 端午 Wed 9 Jun, 中秋 Wed 15 Sep, 国庆 Fri 1 Oct) with the usual bridging. Replace with the
  // official list when it appears.
  2027: [
    '2027-01-01',
    '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', // 春节
    '2027-04-05', // 清明
    '2027-05-03', '2027-05-04', '2027-05-05', // 劳动节
    '2027-06-09', // 端午
    '2027-09-15', // 中秋
    '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07', // 国庆
  ],
};

/** The years whose holidays are known; outside them only weekends are closed. */
export const CALENDAR_YEARS: readonly number[] = Object.keys(CLOSED_WEEKDAYS).map(Number);

const closed = new Set<string>(Object.values(CLOSED_WEEKDAYS).flat());

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Civil-date arithmetic on day numbers (Howard Hinnant's days_from_civil / civil_from_days):
// exact, free of time zones, and much faster than Date for the millions of dates the demo writes.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on a malformed or impossible date. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: '${date}'`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new Error(`no such date: '${date}'`);
  return daysFromCivil(y, mo, d);
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOf(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The date `n` calendar days after `date` (negative n goes back). */
export function addDays(date: string, n: number): string {
  return dateOf(dayNumber(date) + n);
}

/** True when the date is a weekday that is not an exchange holiday. */
export function isTradingDay(date: string): boolean {
  const weekday = (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  if (weekday === 0 || weekday === 6) return false;
  return !closed.has(date);
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: string): string {
  let day = dayNumber(date) - 1;
  while (!isTradingDay(dateOf(day))) day--;
  return dateOf(day);
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string): string {
  let day = dayNumber(date) + 1;
  while (!isTradingDay(dateOf(day))) day++;
  return dateOf(day);
}

/** The trading day on or before `date`. */
export function tradingDayOnOrBefore(date: string): string {
  return isTradingDay(date) ? date : previousTradingDay(date);
}

/** The trading day on or after `date`. */
export function tradingDayOnOrAfter(date: string): string {
  return isTradingDay(date) ? date : nextTradingDay(date);
}

/** The `count` trading days ending on or before `end`, in ascending order. */
export function tradingDaysEnding(end: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, not ${count}`);
  const days: string[] = [];
  if (count === 0) return days;
  let day = tradingDayOnOrBefore(end);
  days.push(day);
  while (days.length < count) {
    day = previousTradingDay(day);
    days.push(day);
  }
  return days.reverse();
}

/** The last trading day of the month that contains `date` (it may fall before `date`). */
export function lastTradingDayOfMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return tradingDayOnOrBefore(`${date.slice(0, 8)}${daysInMonth(y, m)}`);
}

/**
 * The trading calendar of the Shanghai and Shenzhen stock exchanges (沪深交易所交易日历), pure: no I/O.
 *
 * The exchanges trade Monday to Friday except public holidays, and they stay closed on the
 * make-up working weekends (调休上班的周末) that the State Council schedules around the holidays.
 * A `TradingCalendar` is the weekdays minus a set of closed weekdays: the shipped list
 * (exchange-holidays.ts) and, where a database is at hand, an administrator's changes to it
 * (calendar.service.ts). Years without a list are treated as weekdays-only (no holidays), which is
 * good enough for the old open dates the demo invents but wrong for real trading.
 * Dates are 'YYYY-MM-DD' strings; all arithmetic is on UTC day numbers, so no time zone can move
 * a date.
 */
import { SHIPPED_CLOSED_WEEKDAYS } from './exchange-holidays.js';

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

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/** The weekdays on which the exchanges trade, given the weekdays on which they are closed. */
export class TradingCalendar {
  private readonly closed: ReadonlySet<string>;

  constructor(closedWeekdays: Iterable<string>) {
    this.closed = new Set(closedWeekdays);
  }

  /** True when the date is a weekday that is not an exchange holiday. */
  isTradingDay(date: string): boolean {
    return !isWeekend(date) && !this.closed.has(date);
  }

  /** The last trading day strictly before `date`. */
  previousTradingDay(date: string): string {
    let day = dayNumber(date) - 1;
    while (!this.isTradingDay(dateOf(day))) day--;
    return dateOf(day);
  }

  /** The first trading day strictly after `date`. */
  nextTradingDay(date: string): string {
    let day = dayNumber(date) + 1;
    while (!this.isTradingDay(dateOf(day))) day++;
    return dateOf(day);
  }

  /** The trading day on or before `date`. */
  tradingDayOnOrBefore(date: string): string {
    return this.isTradingDay(date) ? date : this.previousTradingDay(date);
  }

  /** The trading day on or after `date`. */
  tradingDayOnOrAfter(date: string): string {
    return this.isTradingDay(date) ? date : this.nextTradingDay(date);
  }

  /** The `count` trading days ending on or before `end`, in ascending order. */
  tradingDaysEnding(end: string, count: number): string[] {
    if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, not ${count}`);
    const days: string[] = [];
    if (count === 0) return days;
    let day = this.tradingDayOnOrBefore(end);
    days.push(day);
    while (days.length < count) {
      day = this.previousTradingDay(day);
      days.push(day);
    }
    return days.reverse();
  }

  /** The last trading day of the month that contains `date` (it may fall before `date`). */
  lastTradingDayOfMonth(date: string): string {
    const y = Number(date.slice(0, 4));
    const m = Number(date.slice(5, 7));
    return this.tradingDayOnOrBefore(`${date.slice(0, 8)}${daysInMonth(y, m)}`);
  }
}

/** The years whose holidays are shipped; outside them only weekends are closed. */
export const CALENDAR_YEARS: readonly number[] = Object.keys(SHIPPED_CLOSED_WEEKDAYS).map(Number);

/** The shipped closed weekdays of a year (none for a year not shipped). */
export function shippedClosedWeekdays(year: number): readonly string[] {
  return SHIPPED_CLOSED_WEEKDAYS[year] ?? [];
}

/** The calendar as shipped, without an administrator's changes: the demo generator's calendar. */
export const SHIPPED_CALENDAR = new TradingCalendar(Object.values(SHIPPED_CLOSED_WEEKDAYS).flat());

// The shipped calendar's operations as functions, for the demo generator's many call sites.
export const isTradingDay = (date: string): boolean => SHIPPED_CALENDAR.isTradingDay(date);
export const previousTradingDay = (date: string): string => SHIPPED_CALENDAR.previousTradingDay(date);
export const nextTradingDay = (date: string): string => SHIPPED_CALENDAR.nextTradingDay(date);
export const tradingDayOnOrBefore = (date: string): string => SHIPPED_CALENDAR.tradingDayOnOrBefore(date);
export const tradingDayOnOrAfter = (date: string): string => SHIPPED_CALENDAR.tradingDayOnOrAfter(date);
export const tradingDaysEnding = (end: string, count: number): string[] => SHIPPED_CALENDAR.tradingDaysEnding(end, count);
export const lastTradingDayOfMonth = (date: string): string => SHIPPED_CALENDAR.lastTradingDayOfMonth(date);

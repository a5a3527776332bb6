/**
 * The trading calendar of the Shanghai and Shenzhen stock exchanges (沪深交易所交易日历), pure: no I/O.
 *
 * The exchanges trade Monday to Friday except public holidays, and they stay closed on the
 * make-up working weekends (调休上班的周末) that the State Council schedules around the holidays.
 * A `TradingCalendar` is the weekdays minus a set of closed weekdays: the shipped list
 * (exchange-holidays.ts) and, where a database is at hand, an administrator's changes to it
 * (calendar.service.ts). Years without a list are treated as weekdays-only (no holidays), which is
 * good enough for the old open dates the demo invents but wrong for real trading.
 * Dates are 'YYYY-MM-DD' strings; all arithmetic is on day numbers (lib/dates.ts), so no time zone
 * can move a date.
 */
import { dateOf, dayNumber, daysInMonth } from '../../lib/dates.js';
import { SHIPPED_CLOSED_WEEKDAYS } from './exchange-holidays.js';

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

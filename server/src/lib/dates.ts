/**
 * Calendar dates (YYYY-MM-DD) and months (YYYY-MM), written once for the whole server: what
 * QuanCRM accepts at every edge (the HTTP API's zod schemas, the CLI, the CSV rows of the
 * organisation import), day and month arithmetic, and "today" as the brokerage counts days.
 * Not business rules: no module is imported here.
 *
 * The accepted range, 1900-01-01 to 2999-12-31, covers every birth, open, hire and trading date a
 * brokerage holds, with room for "until further notice" end dates, and keeps out a day PostgreSQL
 * cannot store (year 0000) or an absurd one (a 9999 report).
 */
import { z } from 'zod';
import { config } from '../config.js';

export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_PARTS = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH_PARTS = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The number of days of month `month` (1–12) of `year` (proleptic Gregorian): `daysInMonth(2024, 2)` = 29. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A real day of the Gregorian calendar written YYYY-MM-DD, in any year (the extract's date columns). */
export function isRealDate(text: string): boolean {
  const m = DATE_PARTS.exec(text);
  return m !== null && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]));
}

/** A real day of the Gregorian calendar between EARLIEST_DATE and LATEST_DATE, written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  return text >= EARLIEST_DATE && text <= LATEST_DATE && isRealDate(text);
}

/** A month YYYY-MM within the years of `isCalendarDate`. */
export function isCalendarMonth(text: string): boolean {
  return MONTH_PARTS.test(text) && text >= EARLIEST_DATE.slice(0, 7) && text <= LATEST_DATE.slice(0, 7);
}

/** A date field: 422 `须为 1900–2999 年的日期 YYYY-MM-DD` unless `isCalendarDate`. */
export const calendarDate = z
  .string({ error: '必填，格式 YYYY-MM-DD / required, YYYY-MM-DD' })
  .refine(isCalendarDate, '须为 1900–2999 年间的有效日期 YYYY-MM-DD / must be a valid date YYYY-MM-DD between 1900 and 2999')
  .describe('YYYY-MM-DD, 1900-01-01 … 2999-12-31');

/** A month field: 422 unless `isCalendarMonth`. */
export const calendarMonth = z
  .string({ error: '必填，格式 YYYY-MM / required, YYYY-MM' })
  .refine(isCalendarMonth, '须为 1900–2999 年间的月份 YYYY-MM / must be a month YYYY-MM between 1900 and 2999')
  .describe('YYYY-MM, 1900-01 … 2999-12');

// ---------------------------------------------------------------- arithmetic

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

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on a malformed or impossible date. */
export function dayNumber(date: string): number {
  const m = DATE_SHAPE.exec(date);
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

/** The day `delta` calendar days after `day` (before, when negative): `addDays('2024-02-28', 1)` = '2024-02-29'. Throws on an impossible day. */
export function addDays(day: string, delta: number): string {
  return dateOf(dayNumber(day) + delta);
}

/**
 * The same day `years` later, the 29th of February becoming the 28th (PostgreSQL's `date + interval
 * 'n years'`): `addYears('2024-02-29', 1)` = '2025-02-28'.
 */
export function addYears(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years;
  const month = Number(day.slice(5, 7));
  const date = Math.min(Number(day.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${day.slice(5, 7)}-${String(date).padStart(2, '0')}`;
}

function monthParts(month: string): [number, number] {
  const m = MONTH_PARTS.exec(month);
  if (!m) throw new Error(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  return [Number(m[1]), Number(m[2])];
}

/** `YYYY-MM` plus `delta` months: `addMonths('2025-12', 1)` = '2026-01'. Throws unless `month` is YYYY-MM. */
export function addMonths(month: string, delta: number): string {
  const [year, mon] = monthParts(month);
  const index = year * 12 + mon - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `YYYY-MM` → its first and last day and the first day of the month after (YYYY-MM-DD). Throws unless `month` is YYYY-MM. */
export function monthBounds(month: string): { first: string; last: string; next: string } {
  const [year, mon] = monthParts(month);
  const last = String(daysInMonth(year, mon)).padStart(2, '0');
  return { first: `${month}-01`, last: `${month}-${last}`, next: `${addMonths(month, 1)}-01` };
}

// ---------------------------------------------------------------- today

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "Today" as the brokerage counts days: the calendar date (YYYY-MM-DD) of the instant `now` in
 * `timeZone` — by default the business time zone (config TZ_BUSINESS, Asia/Shanghai), not the server's.
 */
export function businessDate(now: Date, timeZone: string = config().TZ_BUSINESS): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

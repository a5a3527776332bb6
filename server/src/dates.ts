/**
 * Calendar dates (YYYY-MM-DD) and months (YYYY-MM) as QuanCRM accepts them at every edge: the HTTP
 * API's zod schemas, the CLI and the CSV rows of the organisation import. One definition, so that
 * no route lets through a day PostgreSQL cannot store (year 0000) or an absurd one (a 9999 report).
 *
 * The accepted range, 1900-01-01 to 2999-12-31, covers every birth, open, hire and trading date a
 * brokerage holds, with room for "until further notice" end dates.
 */
import { z } from 'zod';

export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A real day of the Gregorian calendar between EARLIEST_DATE and LATEST_DATE, written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text) || text < EARLIEST_DATE || text > LATEST_DATE) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** A month YYYY-MM within the years of `isCalendarDate`. */
export function isCalendarMonth(text: string): boolean {
  return ISO_MONTH.test(text) && text >= EARLIEST_DATE.slice(0, 7) && text <= LATEST_DATE.slice(0, 7);
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

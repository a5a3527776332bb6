/**
 * "Today" as the brokerage counts days: the calendar date in the business time zone
 * (config TZ_BUSINESS, Asia/Shanghai), not the server's.
 */
import { config } from '../../config.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of the instant `now` in `timeZone`. */
export function businessDate(now: Date, timeZone: string = config().TZ_BUSINESS): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

import { describe, expect, it } from 'vitest';
import { addDays, dayNumber } from '../../lib/dates.js';
import {
  isTradingDay,
  lastTradingDayOfMonth,
  nextTradingDay,
  previousTradingDay,
  tradingDaysEnding,
  SHIPPED_CALENDAR,
  TradingCalendar,
} from './calendar.rules.js';
import { defaultEndDate } from '../demo/generator.js';

describe('exchange calendar', () => {
  it.each([
    ['2026-10-08', true], // Thursday after National Day
    ['2026-10-05', false], // National Day
    ['2026-10-09', true],
    ['2026-10-10', false], // Saturday make-up working day: the exchanges stay closed
    ['2026-09-20', false], // Sunday make-up working day
    ['2026-02-13', true], // Friday before the Spring Festival
    ['2026-02-16', false],
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-01-02', false],
    ['2026-06-19', false], // Dragon Boat
    ['2026-09-25', false], // Mid-Autumn
    ['2026-11-20', true], // a Friday
    ['2026-11-21', false], // a Saturday
    ['2025-01-27', true],
    ['2025-01-28', false],
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-04-04', false],
    ['2025-06-02', false],
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2027-01-01', false],
  ])('%s is a trading day: %s', (date, expected) => {
    expect(isTradingDay(date)).toBe(expected);
  });

  it('counts 243 trading days in 2025 and 242 in 2026', () => {
    // weekdays: 261 in 2025 and 261 in 2026; closed weekdays: 18 and 19
    const count = (year: number): number => {
      let n = 0;
      for (let d = dayNumber(`${year}-01-01`); d <= dayNumber(`${year}-12-31`); d++) if (isTradingDay(addDays('1970-01-01', d))) n++;
      return n;
    };
    expect(count(2025)).toBe(243);
    expect(count(2026)).toBe(242);
  });

  it('lists the trading days ending on or before a date, ascending', () => {
    expect(tradingDaysEnding('2026-10-09', 3)).toEqual(['2026-09-30', '2026-10-08', '2026-10-09']);
    expect(tradingDaysEnding('2026-10-04', 2)).toEqual(['2026-09-29', '2026-09-30']);
    expect(tradingDaysEnding('2026-11-20', 0)).toEqual([]);
  });

  it('steps over weekends and holidays', () => {
    expect(previousTradingDay('2026-02-24')).toBe('2026-02-13');
    expect(previousTradingDay('2026-01-05')).toBe('2025-12-31');
    expect(nextTradingDay('2026-09-30')).toBe('2026-10-08');
    expect(lastTradingDayOfMonth('2026-05-10')).toBe('2026-05-29');
    expect(lastTradingDayOfMonth('2026-09-03')).toBe('2026-09-30');
  });

  it('takes the default end date from the date in Shanghai, not UTC', () => {
    // 16:30 UTC on Friday 20 November is 00:30 on Saturday 21 November in Shanghai
    expect(defaultEndDate(new Date('2026-11-20T16:30:00Z'))).toBe('2026-11-20');
    // 15:30 UTC is still Friday in Shanghai: the last trading day strictly before it is Thursday
    expect(defaultEndDate(new Date('2026-11-20T15:30:00Z'))).toBe('2026-11-19');
  });
});

describe('TradingCalendar with changes', () => {
  it('closes an added weekday and follows it in every operation', () => {
    const calendar = new TradingCalendar(['2026-11-04']);
    expect(calendar.isTradingDay('2026-11-04')).toBe(false);
    expect(calendar.nextTradingDay('2026-11-03')).toBe('2026-11-05');
    expect(calendar.previousTradingDay('2026-11-05')).toBe('2026-11-03');
    expect(calendar.tradingDaysEnding('2026-11-05', 3)).toEqual(['2026-11-02', '2026-11-03', '2026-11-05']);
    // without the shipped list, National Day is an ordinary Monday; weekends stay closed
    expect(calendar.isTradingDay('2026-10-05')).toBe(true);
    expect(calendar.isTradingDay('2026-10-10')).toBe(false);
    expect(SHIPPED_CALENDAR.isTradingDay('2026-10-05')).toBe(false);
  });
});

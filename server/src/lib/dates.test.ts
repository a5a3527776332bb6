import { describe, expect, it } from 'vitest';
import {
  addDays, addMonths, addYears, businessDate, calendarDate, calendarMonth, dateOf, dayNumber, daysInMonth, isCalendarDate, isCalendarMonth, isRealDate, monthBounds,
} from './dates.js';

describe('calendar dates', () => {
  it.each([
    ['2026-11-20', true],
    ['2024-02-29', true], // 2024 is a leap year
    ['2026-02-29', false],
    ['1900-02-29', false], // 1900 is not (divisible by 100, not by 400)
    ['2000-02-29', true], // 2000 is (divisible by 400)
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
    ['20261120', false],
    ['1900-01-01', true], // the range's ends are in it
    ['2999-12-31', true],
    ['1899-12-31', false], // outside the range
    ['3000-01-01', false],
    ['0000-01-01', false],
    ['', false],
  ])('%j is a calendar date: %s', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });

  it('takes a real date in any year for the extract (isRealDate), but no impossible day', () => {
    expect([isRealDate('0001-01-01'), isRealDate('9999-12-31'), isRealDate('1850-06-30')]).toEqual([true, true, true]);
    expect([isRealDate('2025-06-31'), isRealDate('2025-6-30'), isRealDate('2025-06-30 '), isRealDate('2023-02-29')]).toEqual([false, false, false, false]);
  });

  it('counts the days of a month', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2025, 2), daysInMonth(2100, 2), daysInMonth(2025, 4), daysInMonth(2025, 12)]).toEqual([29, 28, 28, 30, 31]);
  });

  it('takes a month YYYY-MM of 1900 … 2999', () => {
    expect(['2025-06', '1900-01', '2999-12'].map(isCalendarMonth)).toEqual([true, true, true]);
    expect(['1899-12', '3000-01', '2025-13', '2025-00', '2025-6', '2025-06-01'].map(isCalendarMonth)).toEqual([false, false, false, false, false, false]);
  });

  it('refuses a bad date or month field with a message in both languages', () => {
    expect(calendarDate.safeParse('2025-06-16').success).toBe(true);
    expect(calendarDate.safeParse('2025-02-30').error?.issues[0]?.message).toBe(
      '须为 1900–2999 年间的有效日期 YYYY-MM-DD / must be a valid date YYYY-MM-DD between 1900 and 2999',
    );
    expect(calendarMonth.safeParse('2025-06').success).toBe(true);
    expect(calendarMonth.safeParse('9999-01').success).toBe(false);
  });
});

describe('day and month arithmetic', () => {
  it('numbers days from 1970-01-01 and back', () => {
    // 1970…1999: 30 years, 7 of them leap (72 76 80 84 88 92 96) → 10,957 days; + January 31 + February 29
    expect([dayNumber('1970-01-01'), dayNumber('1970-01-02'), dayNumber('2000-01-01'), dayNumber('2000-03-01'), dayNumber('1969-12-31')]).toEqual([0, 1, 10_957, 11_017, -1]);
    expect([dateOf(0), dateOf(11_017), dateOf(-1), dateOf(10_956)]).toEqual(['1970-01-01', '2000-03-01', '1969-12-31', '1999-12-31']);
  });

  it('rejects impossible dates', () => {
    expect(() => dayNumber('2026-02-29')).toThrow();
    expect(() => dayNumber('2026-1-5')).toThrow();
    expect(() => addDays('2025-06-31', 1)).toThrow('no such date');
  });

  it('steps days over month and year ends and leap days', () => {
    expect([addDays('2026-06-30', 1), addDays('2026-12-31', 1), addDays('2024-02-28', 1)]).toEqual(['2026-07-01', '2027-01-01', '2024-02-29']);
    // a change effective on a day ends the old relationship the day before
    expect([addDays('2025-06-16', -1), addDays('2025-07-01', -1), addDays('2024-03-01', -1), addDays('2025-01-01', -1)]).toEqual([
      '2025-06-15', '2025-06-30', '2024-02-29', '2024-12-31',
    ]);
    expect([addDays('2025-01-31', 30), addDays('2025-03-01', 0)]).toEqual(['2025-03-02', '2025-03-01']);
  });

  it('adds months across years, both ways', () => {
    expect([addMonths('2025-05', 1), addMonths('2025-12', 1), addMonths('2025-01', -1), addMonths('2025-06', -11), addMonths('2025-06', 11), addMonths('2025-06', 0)]).toEqual([
      '2025-06', '2026-01', '2024-12', '2024-07', '2026-05', '2025-06',
    ]);
    expect(addMonths('2025-03', -27)).toBe('2022-12');
  });

  it.each([
    ['2025-01', { first: '2025-01-01', last: '2025-01-31', next: '2025-02-01' }],
    ['2025-05', { first: '2025-05-01', last: '2025-05-31', next: '2025-06-01' }],
    ['2024-02', { first: '2024-02-01', last: '2024-02-29', next: '2024-03-01' }],
    ['2025-02', { first: '2025-02-01', last: '2025-02-28', next: '2025-03-01' }],
    ['2025-04', { first: '2025-04-01', last: '2025-04-30', next: '2025-05-01' }],
    ['2025-12', { first: '2025-12-01', last: '2025-12-31', next: '2026-01-01' }],
  ])('monthBounds %s', (month, bounds) => {
    expect(monthBounds(month)).toEqual(bounds);
  });

  it('refuses what is not a month YYYY-MM', () => {
    expect(() => monthBounds('2025-13')).toThrow('YYYY-MM');
    expect(() => addMonths('2025-6', 1)).toThrow('YYYY-MM');
    expect(() => monthBounds('2025-06-01')).toThrow('YYYY-MM');
  });
});

describe('addYears', () => {
  it.each([
    ['2024-02-29', 1, '2025-02-28'], // no 29th of February: the 28th, as PostgreSQL's date + interval '1 year'
    ['2024-02-29', 4, '2028-02-29'],
    ['2023-06-16', 2, '2025-06-16'],
    ['2000-12-31', 10, '2010-12-31'],
    ['2025-03-01', -1, '2024-03-01'],
  ] as const)('%s plus %i years is %s', (day, years, expected) => {
    expect(addYears(day, years)).toBe(expected);
  });
});

describe('businessDate', () => {
  it('is the calendar date in Shanghai', () => {
    expect(businessDate(new Date('2025-06-15T16:00:00Z'), 'Asia/Shanghai')).toBe('2025-06-16'); // 00:00 in Shanghai
    expect(businessDate(new Date('2025-06-15T15:59:59Z'), 'Asia/Shanghai')).toBe('2025-06-15');
    expect(businessDate(new Date('2025-06-16T02:00:00Z'))).toBe('2025-06-16');
    expect(businessDate(new Date('2025-06-16T02:00:00Z'), 'America/New_York')).toBe('2025-06-15'); // 22:00 the day before
  });
});

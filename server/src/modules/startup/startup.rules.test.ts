import { describe, expect, it } from 'vitest';
import { estimateSecondsLeft, recentSecondsPerDay, type ProgressPoint } from './startup.rules.js';

// ORG_UNITS_PER_DAY = 0.125: the org import of 120 days costs as much as 15 days.
const cases: Array<[string, ProgressPoint, number | null]> = [
  ['no day imported yet: no pace', { stage: 'GENERATING', daysImported: 0, daysTotal: 120, secondsPerDay: null, secondsInStage: 9 }, null],
  // (90 days + 15 org units) × 2 s = 210, +1 for the logins
  ['a quarter of the days', { stage: 'IMPORTING', daysImported: 30, daysTotal: 120, secondsPerDay: 2, secondsInStage: 55 }, 211],
  // (4 + 0.625) × 7 = 32.375 → 33, +1
  ['a tiny demo after its first day', { stage: 'IMPORTING', daysImported: 1, daysTotal: 5, secondsPerDay: 7, secondsInStage: 2 }, 34],
  // 15 units × 2 s = 30 − 10 s in the stage = 20, +1
  ['org stage under way', { stage: 'ORG', daysImported: 120, daysTotal: 120, secondsPerDay: 2, secondsInStage: 10 }, 21],
  // 30 − 60 < 0: the stage overran its estimate, still at least a second
  ['org stage overran', { stage: 'ORG', daysImported: 120, daysTotal: 120, secondsPerDay: 2, secondsInStage: 60 }, 1],
  ['creating the logins', { stage: 'LOGINS', daysImported: 120, daysTotal: 120, secondsPerDay: 2, secondsInStage: 0 }, 1],
  ['ready', { stage: 'READY', daysImported: 120, daysTotal: 120, secondsPerDay: 2, secondsInStage: 0 }, 0],
  ['ready without a demo build', { stage: 'READY', daysImported: 0, daysTotal: 0, secondsPerDay: null, secondsInStage: 0 }, 0],
];

describe('estimateSecondsLeft', () => {
  it.each(cases)('%s', (_name, point, expected) => {
    expect(estimateSecondsLeft(point)).toBe(expected);
  });
});

describe('recentSecondsPerDay', () => {
  it('has no pace before the first day', () => {
    expect(recentSecondsPerDay(0, [])).toBeNull();
  });

  it('counts from the start of the build while fewer than 10 days are in', () => {
    expect(recentSecondsPerDay(0, [7000])).toBe(7);
    // 8 s for 3 days
    expect(recentSecondsPerDay(0, [4000, 6000, 8000])).toBeCloseTo(8 / 3, 10);
  });

  it('takes the last 10 days once there are more', () => {
    // a slow first day (20 s, beside the generator) and then one every 2 s: 12 days at 20, 22, … 42 s;
    // the window runs from the 2nd day (22 s) to the 12th (42 s): 20 s for 10 days (overall: 42 / 12 = 3.5)
    const days = Array.from({ length: 12 }, (_, i) => 20_000 + 2000 * i);
    expect(recentSecondsPerDay(0, days)).toBe(2);
  });
});

/**
 * The customer space's pure rules: the questionnaire's scoring (worked out by hand from the points
 * below and the standard thresholds C2 20, C3 37, C4 54, C5 83), the code throttle and the mobile.
 */
import { describe, expect, it } from 'vitest';
import {
  answerProblems, categoryOfScore, DEFAULT_THRESHOLDS, LOGIN_CODE, loginCodeWait, normalMobile, scoreQuestionnaire, type Question,
} from './customer-space.rules.js';

const q = (key: string, points: number[], lowest?: number): Question => ({
  key, zh: key, en: key,
  options: points.map((p, i) => ({ key: String.fromCharCode(65 + i), zh: '', en: '', points: p, ...(i === lowest ? { lowest: true } : {}) })),
});
/** Three questions: AGE A 8 / B 10 / C 2; GOAL A 1 / B 7 / C 10; LOSS A 0 (lowest) / B 3 / C 10. */
const QUESTIONS = [q('AGE', [8, 10, 2]), q('GOAL', [1, 7, 10]), q('LOSS', [0, 3, 10], 0)];
/** Small thresholds for three questions: C2 from 5, C3 from 12, C4 from 18, C5 from 25. */
const SMALL = { C2: 5, C3: 12, C4: 18, C5: 25 };

describe('scoreQuestionnaire', () => {
  it.each([
    // answers                                 total            category
    [{ AGE: 'C', GOAL: 'A', LOSS: 'B' }, 2 + 1 + 3, 'C2', false], // 6 ≥ 5
    [{ AGE: 'C', GOAL: 'A', LOSS: 'A' }, 2 + 1 + 0, 'C1', true], // lowest: C1 whatever the score
    [{ AGE: 'B', GOAL: 'C', LOSS: 'A' }, 10 + 10 + 0, 'C1', true], // 20 would be C4, but no loss at all is the lowest category
    [{ AGE: 'A', GOAL: 'A', LOSS: 'B' }, 8 + 1 + 3, 'C3', false], // 12: exactly C3's threshold
    [{ AGE: 'B', GOAL: 'B', LOSS: 'A' }, 10 + 7 + 0, 'C1', true],
    [{ AGE: 'B', GOAL: 'B', LOSS: 'B' }, 10 + 7 + 3, 'C4', false], // 20
    [{ AGE: 'B', GOAL: 'C', LOSS: 'C' }, 10 + 10 + 10, 'C5', false], // 30
  ] as const)('%o scores %i → %s (lowest %s)', (answers, score, riskLevel, lowestCategory) => {
    expect(scoreQuestionnaire(QUESTIONS, answers, SMALL)).toEqual({ score, riskLevel, lowestCategory });
  });

  it('throws on an answer that is not an option (answerProblems first)', () => {
    expect(() => scoreQuestionnaire(QUESTIONS, { AGE: 'Z', GOAL: 'A', LOSS: 'B' }, SMALL)).toThrow(/AGE/);
  });
});

describe('categoryOfScore with the standard thresholds', () => {
  it.each([
    [0, 'C1'], [19, 'C1'], [20, 'C2'], [36, 'C2'], [37, 'C3'], [53, 'C3'], [54, 'C4'], [82, 'C4'], [83, 'C5'], [100, 'C5'],
  ] as const)('%i → %s', (score, category) => {
    expect(categoryOfScore(score, DEFAULT_THRESHOLDS)).toBe(category);
  });
});

describe('answerProblems', () => {
  it('names the unanswered questions, the unknown options and the unknown questions', () => {
    expect(answerProblems(QUESTIONS, { AGE: 'A', GOAL: 'X', EXTRA: 'A' })).toEqual([
      { question: 'EXTRA', problem: 'UNKNOWN_QUESTION' },
      { question: 'GOAL', problem: 'UNKNOWN_OPTION' },
      { question: 'LOSS', problem: 'MISSING' },
    ]);
    expect(answerProblems(QUESTIONS, { AGE: 'A', GOAL: 'B', LOSS: 'C' })).toEqual([]);
  });
});

describe('loginCodeWait', () => {
  const now = new Date('2025-06-16T02:00:00Z');
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  const none = { lastAt: null, numberInHour: 0, oldestInHourAt: null, addressInHour: 0, oldestAddressInHourAt: null };

  it('lets the first code through', () => {
    expect(loginCodeWait(none, now)).toBe(0);
  });
  it('holds a new code for the number until 60 s after the last (20 s ago: 40 s more)', () => {
    expect(loginCodeWait({ ...none, lastAt: ago(20), numberInHour: 1, oldestInHourAt: ago(20) }, now)).toBe(40);
    expect(loginCodeWait({ ...none, lastAt: ago(60), numberInHour: 1, oldestInHourAt: ago(60) }, now)).toBe(0);
  });
  it('holds the sixth code of the hour until the oldest of the five is an hour old (50 min ago: 600 s)', () => {
    expect(loginCodeWait({ ...none, lastAt: ago(120), numberInHour: LOGIN_CODE.perNumberPerHour, oldestInHourAt: ago(3000) }, now)).toBe(600);
    expect(loginCodeWait({ ...none, lastAt: ago(120), numberInHour: LOGIN_CODE.perNumberPerHour - 1, oldestInHourAt: ago(3000) }, now)).toBe(0);
  });
  it('holds an address after 30 codes in the hour, whatever the numbers', () => {
    expect(loginCodeWait({ ...none, addressInHour: 30, oldestAddressInHourAt: ago(3590) }, now)).toBe(10);
  });
});

describe('normalMobile', () => {
  it.each([
    ['13812345678', '13812345678'], ['+86 138 1234 5678', '13812345678'], ['0086-13812345678', '13812345678'], ['8613812345678', '13812345678'],
    ['1381234567', null], ['23812345678', null], ['abc', null],
  ] as const)('%s → %s', (raw, mobile) => {
    expect(normalMobile(raw)).toBe(mobile);
  });
});

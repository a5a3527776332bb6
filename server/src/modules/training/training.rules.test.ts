/**
 * The training rules with hand-worked values: question validity, scoring of each kind (multiple
 * choice only when exactly right), the pass mark boundary, the draw's counts, the time limit and the
 * candidate's exam and course states.
 */
import { describe, expect, it } from 'vitest';
import {
  attemptDeadline, courseCompletion, drawQuestions, drawShortfalls, examMaxScore, examState, isCorrect, isInTime, isPass, normalizeLetters, questionErrors,
  MATERIAL_MAX_BYTES, materialType, responsesAtSubmission, scoreAttempt, startRefusal,
} from './training.rules.js';

describe('questionErrors', () => {
  it.each([
    ['a single choice with one answer', { kind: 'SINGLE', options: ['甲', '乙', '丙', '丁'], answer: ['B'] }, []],
    ['a multiple choice with two answers', { kind: 'MULTIPLE', options: ['甲', '乙', '丙'], answer: ['c', 'A'] }, []],
    ['a true/false question answered F', { kind: 'TRUE_FALSE', options: [], answer: ['F'] }, []],
    ['a single choice with two answers', { kind: 'SINGLE', options: ['甲', '乙'], answer: ['A', 'B'] }, ['answer']],
    ['a multiple choice with one answer', { kind: 'MULTIPLE', options: ['甲', '乙', '丙'], answer: ['A'] }, ['answer']],
    ['an answer beyond the options', { kind: 'SINGLE', options: ['甲', '乙'], answer: ['C'] }, ['answer']],
    ['one option only', { kind: 'SINGLE', options: ['甲'], answer: ['A'] }, ['options']],
    ['an empty option', { kind: 'SINGLE', options: ['甲', ' '], answer: ['A'] }, ['options']],
    ['nine options', { kind: 'MULTIPLE', options: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], answer: ['A', 'B'] }, ['options']],
    ['a true/false question with options', { kind: 'TRUE_FALSE', options: ['对', '错'], answer: ['T'] }, ['options']],
    ['a true/false question answered A', { kind: 'TRUE_FALSE', options: [], answer: ['A'] }, ['answer']],
  ] as const)('%s', (_name, q, fields) => {
    expect(questionErrors(q).map((e) => e.field)).toEqual(fields);
  });
});

describe('scoring', () => {
  it('normalises letters: upper case, no repeats, sorted', () => {
    expect(normalizeLetters(['c', 'A', 'C', ' b '])).toEqual(['A', 'B', 'C']);
  });

  it.each([
    ['single right', ['B'], ['B'], true],
    ['single wrong', ['B'], ['C'], false],
    ['multiple exactly right, in another order and case', ['A', 'C'], ['c', 'a'], true],
    ['multiple with one missing (少选)', ['A', 'C', 'D'], ['A', 'C'], false],
    ['multiple with one extra (多选)', ['A', 'C'], ['A', 'B', 'C'], false],
    ['multiple with a wrong one (错选)', ['A', 'C'], ['A', 'D'], false],
    ['true/false right', ['T'], ['T'], true],
    ['true/false wrong', ['T'], ['F'], false],
    ['unanswered', ['T'], null, false],
    ['answered with nothing', ['A'], [], false],
  ] as const)('%s', (_name, answer, response, correct) => {
    expect(isCorrect(answer, response)).toBe(correct);
  });

  // 2 single × 10 + 2 multiple × 20 + 2 true/false × 20 = 100 full marks
  const questions = [
    { answer: ['A'], points: 10 }, { answer: ['B'], points: 10 },
    { answer: ['A', 'B'], points: 20 }, { answer: ['B', 'C', 'D'], points: 20 },
    { answer: ['T'], points: 20 }, { answer: ['F'], points: 20 },
  ];

  it('adds the points of the questions answered exactly right', () => {
    const responses = [['A'], ['C'], ['B', 'A'], ['B', 'C'], ['T'], ['F']];
    // right: q1 10, q3 20, q5 20, q6 20 = 70; q2 wrong, q4 missing D
    expect(scoreAttempt(questions, responses, 60)).toEqual({ score: 70, maxScore: 100, correct: [true, false, true, false, true, true], passed: true });
  });

  it('60 of 100 passes at a pass mark of 60, 59 would not', () => {
    const responses = [['A'], ['B'], ['A', 'B'], ['B', 'C'], ['T'], ['T']]; // 10 + 10 + 20 + 0 + 20 + 0 = 60
    expect(scoreAttempt(questions, responses, 60)).toMatchObject({ score: 60, passed: true });
    expect(isPass(60, 60)).toBe(true);
    expect(isPass(59, 60)).toBe(false);
    expect(scoreAttempt(questions, [], 60)).toMatchObject({ score: 0, maxScore: 100, passed: false });
  });

  it('computes full marks from the draw and the points', () => {
    expect(examMaxScore({ single: 10, multiple: 5, trueFalse: 10 }, { single: 5, multiple: 6, trueFalse: 2 })).toBe(100); // 50 + 30 + 20
  });
});

describe('the draw', () => {
  const pool = { SINGLE: ['s1', 's2', 's3', 's4'], MULTIPLE: ['m1', 'm2'], TRUE_FALSE: ['t1', 't2', 't3'] };

  it('takes the asked number of each kind, single first, each question once', () => {
    const drawn = drawQuestions(pool, { single: 3, multiple: 1, trueFalse: 2 }, Math.random);
    expect(drawn.map((d) => d.kind)).toEqual(['SINGLE', 'SINGLE', 'SINGLE', 'MULTIPLE', 'TRUE_FALSE', 'TRUE_FALSE']);
    expect(new Set(drawn.map((d) => d.id)).size).toBe(6);
    for (const d of drawn) expect((pool[d.kind] as readonly string[]).includes(d.id)).toBe(true);
  });

  it('follows the random numbers (a partial Fisher–Yates shuffle)', () => {
    // singles [s1 s2 s3 s4]: i=0 picks 0 + floor(0.99 × 4) = 3 → s4; i=1 picks 1 + floor(0 × 3) = 1 → s2
    const sequence = [0.99, 0, 0.5];
    let i = 0;
    const drawn = drawQuestions(pool, { single: 2, multiple: 1, trueFalse: 0 }, () => sequence[i++]!);
    // multiple [m1 m2]: i=0 picks 0 + floor(0.5 × 2) = 1 → m2
    expect(drawn).toEqual([{ kind: 'SINGLE', id: 's4' }, { kind: 'SINGLE', id: 's2' }, { kind: 'MULTIPLE', id: 'm2' }]);
  });

  it('names the kinds a bank is short of', () => {
    expect(drawShortfalls({ single: 4, multiple: 3, trueFalse: 0 }, { SINGLE: 4, MULTIPLE: 2, TRUE_FALSE: 0 })).toEqual([{ kind: 'MULTIPLE', wanted: 3, available: 2 }]);
    expect(() => drawQuestions(pool, { single: 5, multiple: 0, trueFalse: 0 }, Math.random)).toThrow();
  });
});

describe('the time limit and the states', () => {
  const start = new Date('2025-06-16T02:00:00Z');
  const deadline = attemptDeadline(start, 30);

  it('ends 30 minutes after the start and accepts a submission until 30 s after that', () => {
    expect(deadline.toISOString()).toBe('2025-06-16T02:30:00.000Z');
    expect(isInTime(new Date('2025-06-16T02:30:30Z'), deadline)).toBe(true);
    expect(isInTime(new Date('2025-06-16T02:30:30.001Z'), deadline)).toBe(false);
  });

  const exam = { opensAt: new Date('2025-06-10T00:00:00Z'), closesAt: new Date('2025-06-20T00:00:00Z'), maxAttempts: 2, attemptsUsed: 0, inProgress: false, passed: false };
  const now = new Date('2025-06-16T02:00:00Z');

  it.each([
    ['open', {}, now, 'OPEN', null],
    ['before the window', {}, new Date('2025-06-09T23:59:59Z'), 'NOT_OPEN', 'NOT_OPEN'],
    ['at the closing time', {}, new Date('2025-06-20T00:00:00Z'), 'CLOSED', 'CLOSED'],
    ['closed after a failed attempt', { attemptsUsed: 1 }, new Date('2025-06-21T00:00:00Z'), 'FAILED', 'CLOSED'],
    ['both attempts used', { attemptsUsed: 2 }, now, 'NO_ATTEMPTS_LEFT', 'NO_ATTEMPTS_LEFT'],
    ['one of two used', { attemptsUsed: 1 }, now, 'OPEN', null],
    ['passed', { attemptsUsed: 1, passed: true }, now, 'PASSED', 'PASSED'],
    ['in progress', { inProgress: true }, now, 'IN_PROGRESS', null],
  ] as const)('%s', (_name, change, at, state, refusal) => {
    expect(examState({ ...exam, ...change }, at)).toBe(state);
    expect(startRefusal({ ...exam, ...change }, at)).toBe(refusal);
  });

  it('a mandatory course is done once passed, overdue only after its due date', () => {
    expect(courseCompletion(true, '2025-06-01', '2025-06-16')).toBe('DONE');
    expect(courseCompletion(false, '2025-06-16', '2025-06-16')).toBe('PENDING');
    expect(courseCompletion(false, '2025-06-15', '2025-06-16')).toBe('OVERDUE');
    expect(courseCompletion(false, null, '2025-06-16')).toBe('PENDING');
  });
});

describe('materialType: course documents by extension and content', () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0]);
  it.each([
    ['手册.pdf', bytes(0x25, 0x50, 0x44, 0x46, 0x2d), { contentType: 'application/pdf' }],
    ['课件.PPTX', bytes(0x50, 0x4b, 0x03, 0x04), { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' }],
    ['旧表.xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), { contentType: 'application/vnd.ms-excel' }],
    ['图.jpeg', bytes(0xff, 0xd8, 0xff), { contentType: 'image/jpeg' }],
    ['图.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), { contentType: 'image/png' }],
    ['page.pdf', bytes(0x3c, 0x68, 0x74, 0x6d, 0x6c), { problem: 'CONTENT' }], // <html
    ['doc.docx', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), { problem: 'CONTENT' }], // an old .doc renamed
    ['run.exe', bytes(0x4d, 0x5a), { problem: 'TYPE' }],
    ['noextension', bytes(0x25, 0x50, 0x44, 0x46, 0x2d), { problem: 'TYPE' }],
    ['empty.pdf', new Uint8Array(), { problem: 'EMPTY' }],
  ] as const)('%s', (name, content, expected) => {
    expect(materialType(name, content)).toEqual(expected);
  });

  it('refuses a document over 20 MB', () => {
    const big = new Uint8Array(MATERIAL_MAX_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(materialType('big.pdf', big)).toEqual({ problem: 'TOO_LARGE' });
    expect(materialType('max.pdf', big.subarray(0, MATERIAL_MAX_BYTES))).toEqual({ contentType: 'application/pdf' });
  });
});

describe('responsesAtSubmission: the submitted responses, else the autosaved draft', () => {
  it('takes the submission first, the draft for what it leaves out, null for neither', () => {
    const submitted = new Map([[1, ['A']], [3, []]]);
    const drafts = new Map<number, string[] | null>([[1, ['B']], [2, ['C']], [3, ['D']], [4, null]]);
    expect(responsesAtSubmission([1, 2, 3, 4, 5], submitted, drafts)).toEqual([['A'], ['C'], [], null, null]);
  });
});

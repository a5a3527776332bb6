import { describe, expect, it } from 'vitest';
import { contactTimingErrors, isOverdue, mergeTimeline } from './contacts.rules.js';

const now = new Date('2025-06-16T02:00:00Z');
const today = '2025-06-16';
const fields = (input: { at: Date; dueOn?: string }) => contactTimingErrors(input, now, today).map((e) => e.field);

describe('contactTimingErrors', () => {
  it.each([
    ['now', '2025-06-16T02:00:00Z', undefined, []],
    ['a week ago', '2025-06-09T02:00:00Z', undefined, []],
    ['exactly 5 minutes ahead', '2025-06-16T02:05:00Z', undefined, []],
    ['5 minutes and 1 ms ahead', '2025-06-16T02:05:00.001Z', undefined, ['at']],
    ['10 minutes ahead', '2025-06-16T02:10:00Z', undefined, ['at']],
    ['due today', '2025-06-16T02:00:00Z', '2025-06-16', []],
    ['due tomorrow', '2025-06-16T02:00:00Z', '2025-06-17', []],
    ['due yesterday', '2025-06-16T02:00:00Z', '2025-06-15', ['nextAction.dueOn']],
    ['both wrong', '2025-06-16T03:00:00Z', '2025-05-31', ['at', 'nextAction.dueOn']],
  ] as const)('%s', (_name, at, dueOn, expected) => {
    expect(fields({ at: new Date(at), dueOn })).toEqual(expected);
  });
});

describe('isOverdue', () => {
  it.each([
    ['due yesterday, open', '2025-06-15', null, true],
    ['due today, open', '2025-06-16', null, false],
    ['due tomorrow, open', '2025-06-17', null, false],
    ['due yesterday, done', '2025-06-15', '2025-06-16T01:00:00.000Z', false],
  ] as const)('%s', (_name, dueOn, doneAt, expected) => {
    expect(isOverdue({ dueOn, doneAt }, today)).toBe(expected);
  });
});

describe('mergeTimeline', () => {
  const c = (at: string) => ({ at, from: 'contact' });
  const w = (at: string) => ({ at, from: 'workflow' });

  it('merges lists that are each newest first into one newest first, at most limit entries', () => {
    const contacts = [c('2025-06-16T03:00:00.000Z'), c('2025-06-14T00:00:00.000Z')];
    const events = [w('2025-06-16T02:00:00.000Z'), w('2025-06-15T00:00:00.000Z'), w('2025-06-01T00:00:00.000Z')];
    expect(mergeTimeline([contacts, events], 10).map((e) => `${e.from}@${e.at.slice(0, 10)}`)).toEqual([
      'contact@2025-06-16', 'workflow@2025-06-16', 'workflow@2025-06-15', 'contact@2025-06-14', 'workflow@2025-06-01',
    ]);
    expect(mergeTimeline([contacts, events], 2)).toEqual([contacts[0], events[0]]);
  });

  it('puts a contact before a workflow event of the same instant, and handles empty lists', () => {
    const at = '2025-06-16T02:00:00.000Z';
    expect(mergeTimeline([[c(at)], [w(at)]], 5).map((e) => e.from)).toEqual(['contact', 'workflow']);
    expect(mergeTimeline([[], [w(at)]], 5)).toEqual([w(at)]);
    expect(mergeTimeline([[], []], 5)).toEqual([]);
  });
});

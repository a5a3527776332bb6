import { describe, expect, it } from 'vitest';
import { alertTimelineAt, statusAfter } from './monitoring.rules.js';

describe('statusAfter', () => {
  it.each([
    ['NEW', 'acknowledge', 'ACKNOWLEDGED'],
    ['NEW', 'close', 'CLOSED'],
    ['NEW', 'note', 'NEW'],
    ['ACKNOWLEDGED', 'acknowledge', null],
    ['ACKNOWLEDGED', 'close', 'CLOSED'],
    ['ACKNOWLEDGED', 'note', 'ACKNOWLEDGED'],
    ['CLOSED', 'acknowledge', null],
    ['CLOSED', 'close', null],
    ['CLOSED', 'note', 'CLOSED'],
  ] as const)('%s + %s → %s', (status, action, expected) => {
    expect(statusAfter(status, action)).toBe(expected);
  });
});

describe('alertTimelineAt', () => {
  it('is the day at 15:00 in Shanghai, 07:00 UTC', () => {
    expect(alertTimelineAt('2026-11-03')).toBe('2026-11-03T07:00:00.000Z');
  });
});

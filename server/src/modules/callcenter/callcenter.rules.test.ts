import { describe, expect, it } from 'vitest';
import { callCardOpen, callContactSummary, callDurationSeconds, durationText, phoneKey } from './callcenter.rules.js';

/** Numbers as switchboards send them, and the key they are matched by (worked out by hand from the rule). */
const PHONE_KEY_CASES: readonly (readonly [string, string | null])[] = [
  ['13812345678', '13812345678'],
  ['+86 138-1234-5678', '13812345678'],
  ['+8613812345678', '13812345678'],
  ['008613812345678', '13812345678'],
  ['86 138 1234 5678', '13812345678'],
  ['013812345678', '13812345678'], // trunk prefix 0 before a mobile of another city
  ['(138) 1234-5678', '13812345678'],
  ['021-6888 8888', '02168888888'], // a landline keeps its area code
  ['+86 21 6888 8888', '862168888888'], // not a mobile: digits only
  ['1381234567', '1381234567'], // 10 digits: not a mobile, kept
  ['8613812345678 ', '13812345678'],
  ['23812345678', '23812345678'], // 11 digits not starting with 1
  ['anonymous', null],
  ['', null],
];

describe('phoneKey (号码归一)', () => {
  it.each(PHONE_KEY_CASES)('%j → %j', (raw, key) => {
    expect(phoneKey(raw)).toBe(key);
  });
});

describe('callDurationSeconds (通话时长)', () => {
  const at = (s: string) => new Date(`2025-06-16T02:${s}Z`);
  it.each([
    ['answered 02:00:05, hung up 02:02:10 → 125 s', at('00:05'), at('02:10'), 125],
    ['the last part second is dropped: 02:00:05.000 → 02:00:06.999 → 1 s', at('00:05.000'), at('00:06.999'), 1],
    ['never answered → 0', null, at('02:10'), 0],
    ['not hung up yet → 0', at('00:05'), null, 0],
    ['hang-up reported before the answer → 0', at('02:10'), at('00:05'), 0],
  ] as const)('%s', (_what, answered, hungUp, seconds) => {
    expect(callDurationSeconds(answered, hungUp)).toBe(seconds);
  });
});

describe('durationText and the contact summary', () => {
  it.each([
    [0, '0秒'],
    [59, '59秒'],
    [125, '2分05秒'],
    [600, '10分00秒'],
    [3725, '1小时02分05秒'],
  ])('%i s → %s', (seconds, text) => {
    expect(durationText(seconds)).toBe(text);
  });

  it('says the duration, or that nobody answered, and adds the agent’s summary', () => {
    const answeredAt = new Date('2025-06-16T02:00:05Z');
    const hungUpAt = new Date('2025-06-16T02:02:10Z');
    expect(callContactSummary({ answeredAt, hungUpAt, note: null })).toBe('呼叫中心来电，通话 2分05秒');
    expect(callContactSummary({ answeredAt, hungUpAt, note: '咨询新股申购' })).toBe('呼叫中心来电，通话 2分05秒；坐席小结：咨询新股申购');
    expect(callContactSummary({ answeredAt: null, hungUpAt, note: null })).toBe('呼叫中心来电，未接通');
  });
});

describe('callCardOpen', () => {
  it('keeps the card open for 12 hours after the ring, not a millisecond longer', () => {
    const rang = new Date('2025-06-16T02:00:00Z');
    expect(callCardOpen(rang, new Date('2025-06-16T14:00:00Z'))).toBe(true);
    expect(callCardOpen(rang, new Date('2025-06-16T14:00:00.001Z'))).toBe(false);
  });
});

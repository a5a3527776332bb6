import { describe, expect, it } from 'vitest';
import {
  isQuietTime, nextAllowedSendTime, overlongParams, parseTemplate, renderTemplate, sensitiveWordsIn, smsLength, unknownVariables, variablesOf,
} from './outreach.rules.js';

const SH = 'Asia/Shanghai';
const overnight = { start: '21:00', end: '08:00' };
const daytime = { start: '12:00', end: '14:00' };

describe('nextAllowedSendTime (quiet hours, business-rules.md §10)', () => {
  it.each([
    // [at (Shanghai wall clock, +08:00), window, expected]
    ['2026-12-07T20:59:00+08:00', overnight, '2026-12-07T20:59:00+08:00'], // outside, just before start
    ['2026-12-07T21:00:00+08:00', overnight, '2026-12-08T08:00:00+08:00'], // exactly at start: quiet
    ['2026-12-07T22:30:00+08:00', overnight, '2026-12-08T08:00:00+08:00'], // evening part: tomorrow's end
    ['2026-12-07T23:59:59+08:00', overnight, '2026-12-08T08:00:00+08:00'],
    ['2026-12-08T00:00:00+08:00', overnight, '2026-12-08T08:00:00+08:00'], // after midnight: today's end
    ['2026-12-08T07:59:59+08:00', overnight, '2026-12-08T08:00:00+08:00'],
    ['2026-12-08T08:00:00+08:00', overnight, '2026-12-08T08:00:00+08:00'], // exactly at end: allowed
    ['2026-12-08T12:00:00+08:00', overnight, '2026-12-08T12:00:00+08:00'], // midday: outside
    ['2026-12-31T23:00:00+08:00', overnight, '2027-01-01T08:00:00+08:00'], // across the year end
    ['2026-02-28T22:00:00+08:00', overnight, '2026-03-01T08:00:00+08:00'], // across a month end
    ['2026-12-08T11:59:00+08:00', daytime, '2026-12-08T11:59:00+08:00'], // a window within a day
    ['2026-12-08T12:00:00+08:00', daytime, '2026-12-08T14:00:00+08:00'],
    ['2026-12-08T13:15:00+08:00', daytime, '2026-12-08T14:00:00+08:00'],
    ['2026-12-08T14:00:00+08:00', daytime, '2026-12-08T14:00:00+08:00'],
    ['2026-12-08T03:00:00+08:00', { start: '08:00', end: '08:00' }, '2026-12-08T03:00:00+08:00'], // start = end: none
  ])('%s in %o → %s', (at, quiet, expected) => {
    expect(nextAllowedSendTime(new Date(at), quiet, SH).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('reads the wall clock of the business time zone, not UTC', () => {
    // 13:30 UTC = 21:30 in Shanghai (quiet) but 13:30 in London (not quiet)
    const at = new Date('2026-12-07T13:30:00Z');
    expect(isQuietTime(at, overnight, SH)).toBe(true);
    expect(nextAllowedSendTime(at, overnight, SH).toISOString()).toBe('2026-12-08T00:00:00.000Z'); // 08:00 +08:00
    expect(isQuietTime(at, overnight, 'Europe/London')).toBe(false);
    expect(nextAllowedSendTime(at, overnight, 'Europe/London').toISOString()).toBe(at.toISOString());
  });

  it('keeps the wall-clock end across a daylight-saving change', () => {
    // Europe/Berlin springs forward on 2026-03-29 (02:00 → 03:00): 08:00 that day is 06:00 UTC
    expect(nextAllowedSendTime(new Date('2026-03-28T22:00:00Z'), overnight, 'Europe/Berlin').toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('refuses a time that is not HH:mm', () => {
    expect(() => nextAllowedSendTime(new Date(), { start: '9:00', end: '08:00' }, SH)).toThrow(/HH:mm/);
  });
});

describe('templates', () => {
  it('names the unknown variables once each, in order', () => {
    expect(unknownVariables('{{customerName}} {{foo}} {{ bar }} {{foo}} {{netAsset}}')).toEqual(['foo', 'bar']);
    expect(unknownVariables('您好{{customerName}}')).toEqual([]);
  });

  it('lists the variables used and renders them, white space inside the braces allowed', () => {
    const text = '尊敬的{{customerName}}：{{ productName }}（{{productRisk}}）现已发售，您的客户经理{{staffName}} {{staffMobile}}。{{customerName}}';
    expect(variablesOf(text)).toEqual(['customerName', 'productName', 'productRisk', 'staffName', 'staffMobile']);
    expect(renderTemplate(text, { customerName: '钱多多', productName: '稳健理财1号', productRisk: 'R2 中低风险', staffName: '张伟', staffMobile: null }))
      .toBe('尊敬的钱多多：稳健理财1号（R2 中低风险）现已发售，您的客户经理张伟 。钱多多');
  });

  it('keeps literal text, an unknown variable and single braces as they are', () => {
    expect(parseTemplate('a{b}{{x}}c{{netAsset}}')).toEqual([{ text: 'a{b}{{x}}c' }, { variable: 'netAsset' }]);
    expect(parseTemplate('')).toEqual([]);
  });
});

describe('sensitiveWordsIn (禁用语)', () => {
  const words = ['保本', '稳赚', '无风险', '高收益无风险', 'VIP'];
  it('finds each configured word once, in the configured order, across subject and body', () => {
    expect(sensitiveWordsIn(['本产品稳赚不赔', '保本保息，稳赚！', null], words)).toEqual(['保本', '稳赚']);
  });
  it('sees through spaces and case; a clean text has none', () => {
    expect(sensitiveWordsIn(['高收益 无 风险', 'vip 专享'], words)).toEqual(['无风险', '高收益无风险', 'VIP']);
    expect(sensitiveWordsIn(['市场有风险，投资需谨慎'], words)).toEqual([]);
  });
});

describe('smsLength (短信字数: one SMS of 70 characters, segments of 67, 35 per variable, 500 in all)', () => {
  const sign = 'QuanCRM'; // 【QuanCRM】 = 9 characters
  it.each([
    [61, 70, 1], // 9 + 61 = 70: one SMS
    [62, 71, 2], // 71 > 70: ⌈71 ÷ 67⌉ = 2
    [125, 134, 2], // 134 = 2 × 67
    [126, 135, 3],
  ])('a body of %i characters is %i with the signature, %i SMS', (bodyLength, length, segments) => {
    const r = smsLength('字'.repeat(bodyLength), sign, {});
    expect([r.length, r.segments, r.tooLong]).toEqual([length, segments, false]);
  });

  it('counts Chinese and Latin characters alike, and flags a variable over 35 characters or a message over 500', () => {
    expect(smsLength('Hi 张三', '泉商证券', {}).length).toBe(6 + 5); // 【泉商证券】 6, "Hi 张三" 5
    const r = smsLength('您好', sign, { staffName: '张伟', customerName: 'x'.repeat(36), productName: 'y'.repeat(35) });
    expect(r.variables).toEqual([
      { name: 'customerName', length: 36, tooLong: true }, { name: 'productName', length: 35, tooLong: false }, { name: 'staffName', length: 2, tooLong: false },
    ]);
    expect(r.tooLong).toBe(true);
    expect(smsLength('字'.repeat(491), sign, {})).toMatchObject({ length: 500, segments: 8, tooLong: false }); // ⌈500 ÷ 67⌉ = 8
    expect(smsLength('字'.repeat(492), sign, {})).toMatchObject({ length: 501, tooLong: true });
  });

  it('names the parameters over the limit as the provider’s error text', () => {
    expect(overlongParams({ customerName: '钱多多', productName: 'y'.repeat(36) })).toBe('参数超出长度限制 / parameter over 35 characters: productName (36)');
    expect(overlongParams({ customerName: 'x'.repeat(35) })).toBeNull();
  });
});


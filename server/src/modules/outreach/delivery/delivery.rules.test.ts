import { describe, expect, it } from 'vitest';
import {
  batchSize, callbackSignature, callbackSignatureValid, contactSummary, emailMessageId, idempotencyKey, isOptOutReply, parseIdempotencyKey,
  replySummary, unsubscribeToken, verifyUnsubscribeToken,
} from './delivery.rules.js';
import { parseFrom, rfc5322Mail } from './email-transport.js';
import { normalizeMobile } from './delivery.service.js';

describe('delivery rules', () => {
  it('derives the idempotency key and the Message-ID from campaign and customer', () => {
    expect(idempotencyKey('12', 'C0001')).toBe('12:C0001');
    expect(parseIdempotencyKey('12:C0001')).toEqual({ campaignId: '12', customerNo: 'C0001' });
    expect(parseIdempotencyKey('x:C0001')).toBeNull();
    // 'C0001' in UTF-8 hex is 4330303031
    expect(emailMessageId('12', 'C0001')).toBe('<outreach.12.4330303031@quancrm>');
  });

  it('signs unsubscribe tokens so that an altered or foreign one is refused', () => {
    const token = unsubscribeToken('s3cret-s3cret-s3cret', 'C0001', 'EMAIL', '12');
    expect(verifyUnsubscribeToken('s3cret-s3cret-s3cret', token)).toEqual({ customerNo: 'C0001', channel: 'EMAIL', campaignId: '12' });
    expect(verifyUnsubscribeToken('another-secret-entirely', token)).toBeNull();
    const [payload, signature] = token.split('.') as [string, string];
    const otherPayload = Buffer.from(JSON.stringify(['C0002', 'EMAIL', '12'])).toString('base64url');
    expect(verifyUnsubscribeToken('s3cret-s3cret-s3cret', `${otherPayload}.${signature}`)).toBeNull();
    expect(verifyUnsubscribeToken('s3cret-s3cret-s3cret', payload)).toBeNull();
    expect(verifyUnsubscribeToken('s3cret-s3cret-s3cret', '')).toBeNull();
  });

  it.each([
    ['TD', true], ['td', true], [' T ', true], ['退订', true], [' 退订\n', true], ['TD谢谢', false], ['好的', false], ['TDD', false], ['', false],
  ])('reply %j opts out: %s', (text, expected) => expect(isOptOutReply(text)).toBe(expected));

  it('checks the callback signature and its 5-minute window', () => {
    const now = 1_750_000_000_000;
    const sig = callbackSignature('k', String(now), '[]');
    expect(callbackSignatureValid('k', String(now), '[]', sig, now)).toBe(true);
    expect(callbackSignatureValid('k', String(now), '[ ]', sig, now)).toBe(false);
    expect(callbackSignatureValid('k', String(now), '[]', sig, now + 5 * 60_000)).toBe(true);
    expect(callbackSignatureValid('k', String(now), '[]', sig, now + 5 * 60_000 + 1)).toBe(false);
  });

  it('sizes a batch by the rate, and writes the contact summaries', () => {
    expect([batchSize(0), batchSize(1), batchSize(200), batchSize(200.9), batchSize(50_000)]).toEqual([1, 1, 200, 200, 2000]);
    expect(contactSummary('春季理财', '讲座邀请')).toBe('营销活动《春季理财》：讲座邀请');
    expect(contactSummary('a', 'x'.repeat(3000))).toHaveLength(2000);
    expect(replySummary('  TD ')).toBe('客户回复：TD');
    expect(normalizeMobile('+86 139-0000-1111')).toBe('13900001111');
  });

  it('writes the mail with encoded subject, List-Unsubscribe and a base64 body', () => {
    expect(parseFrom('营销中心 <mkt@example.com>')).toEqual({ header: '=?UTF-8?B?6JCl6ZSA5Lit5b+D?= <mkt@example.com>', address: 'mkt@example.com' });
    const text = rfc5322Mail('QuanCRM <a@b.c>', { to: 'x@example.com', subject: '邀请', text: '你好', messageId: '<m@q>', unsubscribeUrl: 'https://u' }, new Date('2025-06-16T02:00:00Z'));
    expect(text).toBe([
      'From: QuanCRM <a@b.c>', 'To: x@example.com', 'Subject: =?UTF-8?B?6YKA6K+3?=', 'Message-ID: <m@q>', 'Date: Mon, 16 Jun 2025 02:00:00 +0000',
      'MIME-Version: 1.0', 'List-Unsubscribe: <https://u>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', '5L2g5aW9', '',
    ].join('\r\n'));
  });
});

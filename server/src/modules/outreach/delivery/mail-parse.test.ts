import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { rfc5322Mail } from './email-transport.js';
import { quickParseMail } from './mail-parse.js';

const date = new Date('2026-12-06T10:00:00Z');
const campaignMail = (subject: string, text: string) =>
  Buffer.from(rfc5322Mail('=?UTF-8?B?5Y2O5rOw?= <no-reply@quancrm.local>', {
    to: 'c1@example.com', subject, text, messageId: '<outreach.7.43303030303031@quancrm>',
    unsubscribeUrl: 'https://crm.example.com/api/outreach/unsubscribe?token=abc.def',
  }, date), 'utf8');

/** What the embedded server stored before (embedded-smtp.ts): mailparser's subject, Message-ID and text. */
async function byMailparser(raw: Buffer) {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  return { subject: mail.subject ?? null, messageId: mail.messageId ?? null, text: mail.text ?? null, html: typeof mail.html === 'string' ? mail.html : null };
}

describe('quickParseMail reads a campaign mail as mailparser does', () => {
  const cases: [string, string, string][] = [
    ['Chinese subject and body with the unsubscribe footer', '理财讲座邀请', '尊敬的客户1，欢迎参加理财讲座。本邮件由 QuanCRM 发送。\n\n——\n退订 / Unsubscribe: https://crm.example.com/api/outreach/unsubscribe?token=abc.def\n'],
    ['ASCII subject, several lines', 'Seminar invitation', 'Dear customer,\nline two\r\nline three\n'],
    ['a long body (several base64 lines)', '两融业务介绍（2026年12月）', '融资融券业务介绍。'.repeat(120)],
    ['a subject with spaces and punctuation', '【理财】讲座 12/20 (周六) 14:00', 'x'],
    ['an empty body', 'Empty', ''],
  ];
  it.each(cases)('%s', async (_name, subject, text) => {
    const raw = campaignMail(subject, text);
    const quick = quickParseMail(raw);
    expect(quick).not.toBeNull();
    const parsed = await byMailparser(raw);
    expect(parsed.html).toBeNull();
    expect(quick).toEqual({ subject: parsed.subject, messageId: parsed.messageId, text: parsed.text });
  });

  it('gives the hand-worked values of one mail', () => {
    const quick = quickParseMail(campaignMail('理财讲座邀请', '您好\n再见'));
    expect(quick).toEqual({ subject: '理财讲座邀请', messageId: '<outreach.7.43303030303031@quancrm>', text: '您好\n再见' });
  });

  it('reads a plain 7bit mail without Content-Type', async () => {
    const raw = Buffer.from('From: a@b.c\r\nTo: d@e.f\r\nSubject: Hello there\r\nMessage-ID: <x.1@host>\r\n\r\nline 1\r\nline 2\r\n', 'utf8');
    const quick = quickParseMail(raw);
    expect(quick).toEqual({ subject: 'Hello there', messageId: '<x.1@host>', text: 'line 1\nline 2\n' });
    const parsed = await byMailparser(raw);
    expect(quick).toEqual({ subject: parsed.subject, messageId: parsed.messageId, text: parsed.text });
  });
});

describe('quickParseMail leaves every other mail to mailparser', () => {
  const head = 'From: a@b.c\r\nTo: d@e.f\r\nMessage-ID: <x.1@host>\r\n';
  const cases: [string, string][] = [
    ['multipart', `${head}Subject: s\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n`],
    ['HTML', `${head}Subject: s\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>\r\n`],
    ['quoted-printable', `${head}Subject: s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nh=C3=A9\r\n`],
    ['a GBK body', `${head}Subject: s\r\nContent-Type: text/plain; charset=gbk\r\n\r\nhi\r\n`],
    ['a GB2312 encoded subject', `${head}Subject: =?GB2312?B?xOO6ww==?=\r\n\r\nhi\r\n`],
    ['a subject of two encoded words', `${head}Subject: =?UTF-8?B?5L2g?= =?UTF-8?B?5aW9?=\r\n\r\nhi\r\n`],
    ['a Q-encoded subject', `${head}Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\nhi\r\n`],
    ['an encoded subject with a control character', `${head}Subject: =?UTF-8?B?YQli?=\r\n\r\nhi\r\n`],
    ['an encoded subject starting with a space', `${head}Subject: =?UTF-8?B?IHg=?=\r\n\r\nhi\r\n`],
    ['a folded header', `${head}Subject: a long\r\n subject\r\n\r\nhi\r\n`],
    ['a repeated Subject', `${head}Subject: one\r\nSubject: two\r\n\r\nhi\r\n`],
    ['8-bit header bytes', `${head}Subject: 你好\r\n\r\nhi\r\n`],
    ['format=flowed', `${head}Subject: s\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\nhi\r\n`],
    ['no header/body separator', `${head}Subject: s`],
    ['a Message-ID without angle brackets', 'Subject: s\r\nMessage-ID: x.1@host\r\n\r\nhi\r\n'],
  ];
  it.each(cases)('%s', (_name, text) => {
    expect(quickParseMail(Buffer.from(text, 'utf8'))).toBeNull();
  });

  it('a body that is not valid UTF-8', () => {
    const raw = Buffer.concat([Buffer.from(`${head}Subject: s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), Buffer.from([0xc4, 0xe3, 0x0d, 0x0a])]);
    expect(quickParseMail(raw)).toBeNull();
  });
});

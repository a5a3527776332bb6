/**
 * Outreach e-mail over SMTP with nodemailer: SMTP_URL's relay, or the embedded SMTP server. Each
 * mail carries the Message-ID derived from its idempotency key and the unsubscribe link both as
 * List-Unsubscribe (RFC 2369, one-click RFC 8058) and in the body. The mail is one text/plain
 * UTF-8 part that `rfc5322Mail` writes itself (nodemailer's MIME builder costs ~3 ms of CPU a mail,
 * most of the sending time); nodemailer carries it (pooled connections). Only the embedded server
 * can be asked afterwards whether a mail arrived (mailbox_messages by Message-ID).
 */
import nodemailer from 'nodemailer';
import type pg from 'pg';
import type { EmailMessage, EmailTransport } from './sender.js';

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** `Name <addr>` or `addr` → the header value (a non-ASCII name as an encoded word) and the bare address. */
export function parseFrom(from: string): { header: string; address: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  if (!m) return { header: from.trim(), address: from.trim() };
  const name = m[1]!.replace(/^"|"$/g, '');
  return { header: name ? `${encodedWord(name)} <${m[2]}>` : `<${m[2]}>`, address: m[2]! };
}

/** The whole mail as RFC 5322 text: headers, then the body in base64 (lines of 76). */
export function rfc5322Mail(fromHeader: string, mail: EmailMessage, date: Date): string {
  const body = Buffer.from(mail.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${fromHeader}`, `To: ${mail.to}`, `Subject: ${encodedWord(mail.subject)}`, `Message-ID: ${mail.messageId}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`, 'MIME-Version: 1.0',
    `List-Unsubscribe: <${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', body, '',
  ].join('\r\n');
}

/**
 * `mailbox`: the database of the embedded server SMTP_URL points at (it can be asked by Message-ID),
 * else null. `maxConnections`: parallel SMTP connections; each carries one mail at a time, so this is
 * how many mails are in flight (a relay's limit; the embedded server takes 64, see embedded-smtp.ts).
 */
export function smtpTransport(url: string, from: string, mailbox: pg.Pool | null, maxConnections = 16): EmailTransport {
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections, maxMessages: Infinity, connectionTimeout: 10_000, socketTimeout: 20_000 });
  const sender = parseFrom(from);
  return {
    storesOnAccept: mailbox !== null,
    async send(mail: EmailMessage) {
      // messageId: nodemailer would otherwise make a random one for its own record (randomBytes, ~5 % of the CPU)
      await transporter.sendMail({ envelope: { from: sender.address, to: [mail.to] }, messageId: mail.messageId, raw: rfc5322Mail(sender.header, mail, new Date()) });
    },
    async find(messageIds) {
      if (!mailbox) return null;
      const { rows } = await mailbox.query<{ messageId: string }>(
        `select distinct message_id as "messageId" from mailbox_messages where message_id = any($1::text[])`, [messageIds],
      );
      return new Set(rows.map((r) => r.messageId));
    },
    close() {
      transporter.close();
    },
  };
}

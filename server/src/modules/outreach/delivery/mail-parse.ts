/**
 * The embedded SMTP server's quick reading of a received mail (issue 13: ≥ 500 messages/s). The
 * campaign mails this server receives are one text/plain UTF-8 part (email-transport.ts
 * rfc5322Mail): for such a mail the subject, Message-ID and text are read here, in a few string
 * operations, with the same result as mailparser's simpleParser (mail-parse.test.ts compares them).
 * Anything else (several parts, HTML, another charset, quoted-printable, a folded or partly encoded
 * subject, a repeated header) answers null and is read by mailparser as before.
 */

export interface QuickMail {
  subject: string | null;
  messageId: string | null;
  /** null for an empty body, as mailparser */
  text: string | null;
}

const ENCODED_WORD = /^=\?utf-8\?b\?([A-Za-z0-9+/]*={0,2})\?=$/i;
const PRINTABLE = /^[\x20-\x7e]*$/;

/** The subject's value: printable ASCII without encoded words, or exactly one UTF-8 base64 encoded word; undefined otherwise. */
function quickSubject(value: string): string | undefined {
  if (PRINTABLE.test(value) && !value.includes('=?')) return value;
  const m = ENCODED_WORD.exec(value);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  // empty, control characters, a replacement character or whitespace at either end: mailparser may read it otherwise
  return decoded !== '' && decoded === decoded.trim() && !/[\p{Cc}\ufffd]/u.test(decoded) ? decoded : undefined;
}

/** Subject, Message-ID and text of a single-part text/plain UTF-8 (or ASCII) mail in 7bit, 8bit or base64; null for anything else. */
export function quickParseMail(raw: Buffer): QuickMail | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = raw.subarray(0, end).toString('latin1');
  if (!PRINTABLE.test(head.replace(/\r\n/g, ''))) return null; // 8-bit header bytes: leave them to mailparser
  const lines = head.split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines) {
    if (line === '' || line[0] === ' ' || line[0] === '\t') return null; // folded header lines
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (headers.has(key)) return null;
    headers.set(key, line.slice(colon + 1).trim());
  }
  const contentType = headers.get('content-type');
  if (contentType !== undefined && !/^text\/plain\s*(;\s*charset="?(utf-8|us-ascii)"?\s*)?$/i.test(contentType)) return null;
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding !== '7bit' && encoding !== '8bit' && encoding !== 'base64') return null;

  let subject: string | null = null;
  const subjectValue = headers.get('subject');
  if (subjectValue !== undefined) {
    const s = quickSubject(subjectValue);
    if (s === undefined) return null;
    subject = s === '' ? null : s;
  }
  let messageId: string | null = null;
  const idValue = headers.get('message-id');
  if (idValue !== undefined) {
    if (!/^<[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(idValue)) return null;
    messageId = idValue;
  }

  const bodyBytes = raw.subarray(end + 4);
  let body: Buffer;
  if (encoding === 'base64') {
    const b64 = bodyBytes.toString('latin1').replace(/\r\n/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
    body = Buffer.from(b64, 'base64');
  } else body = bodyBytes;
  const text = body.toString('utf8');
  if (text.includes('\ufffd') || text.includes('\r') && /\r(?!\n)/.test(text)) return null;
  return { subject, messageId, text: text === '' ? null : text.replace(/\r\n/g, '\n') };
}

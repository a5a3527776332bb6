/**
 * The embedded SMTP server (the laptop's and the tests' mail relay, like Mailpit): every mail it
 * accepts is kept in mailbox_messages, shown on the admin page 邮件与短信收件箱. A mail is
 * acknowledged (250) only once it is stored: what the sender was told arrived is in the mailbox,
 * which is what the sender asks after a crash, and why a sender that knows this relay is the
 * embedded one (EmailTransport.storesOnAccept) records its campaign mail DELIVERED at once.
 * For throughput (issue 13: ≥ 500 messages/s) mails are stored in batches (one insert per up to 64
 * mails, 5 ms after the first), and a campaign mail is read by mail-parse.ts, not mailparser.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { quickParseMail } from './mail-parse.js';

interface Received {
  mailFrom: string | null;
  rcptTo: string[];
  subject: string | null;
  messageId: string | null;
  text: string | null;
  html: string | null;
  raw: string;
  done: (err?: Error | null) => void;
}

/** The sender's SMTP connections to this server (one mail in flight on each): up to this many mails wait for one batch's commit. */
export const EMBEDDED_SMTP_CONNECTIONS = 64;
/** A batch is stored at once when it holds this many mails, else 5 ms after its first. */
const FLUSH_AT = EMBEDDED_SMTP_CONNECTIONS;

export interface EmbeddedSmtp {
  port: number;
  close(): Promise<void>;
}

const STORE = `
insert into mailbox_messages (mail_from, rcpt_to, subject, message_id, text_body, html_body, raw)
select mail_from, string_to_array(rcpt_to, E'\\n'), subject, message_id, text_body, html_body, raw
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       as t(mail_from, rcpt_to, subject, message_id, text_body, html_body, raw)`;

export async function startEmbeddedSmtp(pool: pg.Pool, port: number, log: (m: string) => void = () => undefined): Promise<EmbeddedSmtp> {
  let batch: Received[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    timer = undefined;
    const mails = batch;
    batch = [];
    try {
      await pool.query(STORE, [
        mails.map((m) => m.mailFrom), mails.map((m) => m.rcptTo.join('\n')), mails.map((m) => m.subject), mails.map((m) => m.messageId),
        mails.map((m) => m.text), mails.map((m) => m.html), mails.map((m) => m.raw),
      ]);
      for (const m of mails) m.done();
    } catch (err) {
      log(`embedded SMTP: mails not stored: ${err instanceof Error ? err.message : String(err)}`);
      const failure = Object.assign(new Error('451 local error, try again later'), { responseCode: 451 });
      for (const m of mails) m.done(failure);
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 10 * 1024 * 1024,
    logger: false,
    maxClients: EMBEDDED_SMTP_CONNECTIONS * 2,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const received = (mail: { subject: string | null; messageId: string | null; text: string | null; html: string | null }) => {
          batch.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            ...mail,
            raw: raw.toString('utf8'),
            done: (err) => callback(err ?? null),
          });
          if (batch.length >= FLUSH_AT) {
            if (timer) clearTimeout(timer);
            void flush();
          } else timer ??= setTimeout(() => void flush(), 5);
        };
        const quick = quickParseMail(raw);
        if (quick) {
          received({ ...quick, html: null });
          return;
        }
        simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true }).then((mail) => received({
          subject: mail.subject ?? null,
          messageId: mail.messageId ?? null,
          text: mail.text ?? null,
          html: typeof mail.html === 'string' ? mail.html : null,
        }), (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });
  server.on('error', (err) => log(`embedded SMTP: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The embedded SMTP server (the laptop's and the tests' mail relay, like Mailpit): every mail it
 * accepts is kept in mailbox_messages, shown on the admin page 邮件与短信收件箱, and a campaign's
 * mail is marked DELIVERED on receipt (found by its Message-ID). A mail is acknowledged (250) only
 * once it is stored: what the sender was told arrived is in the mailbox, which is what the sender
 * asks after a crash. Mails are stored in small batches (one statement per ~20 ms) for throughput.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type pg from 'pg';
import { SMTPServer } from 'smtp-server';

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

export interface EmbeddedSmtp {
  port: number;
  close(): Promise<void>;
}

const MARK_DELIVERED_AND_STORE = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           as t(mail_from, rcpt_to, subject, message_id, text_body, html_body, raw)
), stored as (
  insert into mailbox_messages (mail_from, rcpt_to, subject, message_id, text_body, html_body, raw)
  select mail_from, string_to_array(rcpt_to, E'\\n'), subject, message_id, text_body, html_body, raw from input
  returning id
), delivered as (
  update campaign_messages m set status = 'DELIVERED', delivered_at = now()
  where m.provider_message_id in (select message_id from input where message_id is not null) and m.status in ('SENDING', 'SENT')
  returning m.customer_no, m.contact_id
)
update contacts c set delivery_status = 'DELIVERED'
from delivered d where c.customer_no = d.customer_no and c.id = d.contact_id`;

export async function startEmbeddedSmtp(pool: pg.Pool, port: number, log: (m: string) => void = () => undefined): Promise<EmbeddedSmtp> {
  let batch: Received[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    timer = undefined;
    const mails = batch;
    batch = [];
    try {
      await pool.query(MARK_DELIVERED_AND_STORE, [
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
    maxClients: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true }).then((mail) => {
          batch.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? null,
            messageId: mail.messageId ?? null,
            text: mail.text ?? null,
            html: typeof mail.html === 'string' ? mail.html : null,
            raw: raw.toString('utf8'),
            done: (err) => callback(err ?? null),
          });
          if (batch.length >= 64) {
            if (timer) clearTimeout(timer);
            void flush();
          } else timer ??= setTimeout(() => void flush(), 5);
        }, (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
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

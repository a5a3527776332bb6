/**
 * What arrives from outside about outreach messages: the unsubscribe link (退订, no login), the SMS
 * provider's delivery reports and the customers' replies (signed callbacks, never a session); and
 * what the admin page shows of the embedded SMTP server's mailbox and the SMS gateway's inbox.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { config } from '../../../config.js';
import { inTransaction } from '../../../db/database.js';
import { AppError, badRequest } from '../../../errors.js';
import { servingOrder } from '../../access/scope.js';
import { isOptOutReply, parseIdempotencyKey, replySummary, verifyUnsubscribeToken, type Channel } from './delivery.rules.js';
import type { SmsReply, SmsReport } from './sms-gateway.js';

/** A secret from the configuration, else the one generated at first use and kept in outreach_secrets. */
export async function storedSecret(pool: pg.Pool, name: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await pool.query(`insert into outreach_secrets (name, secret) values ($1, $2) on conflict (name) do nothing`, [name, randomBytes(32).toString('hex')]);
  const { rows } = await pool.query<{ secret: string }>(`select secret from outreach_secrets where name = $1`, [name]);
  return rows[0]!.secret;
}

/** The embedded SMS gateway's AccessKey id when SMS_ACCESS_KEY_ID is unset. */
export const EMBEDDED_SMS_ACCESS_KEY_ID = 'quancrm-embedded';

/** The embedded SMS gateway's AccessKey secret: SMS_ACCESS_KEY_SECRET, else generated once into outreach_secrets ('sms-gateway'). */
export function embeddedSmsSecret(pool: pg.Pool): Promise<string> {
  return storedSecret(pool, 'sms-gateway', config().SMS_ACCESS_KEY_SECRET);
}

export function invalidUnsubscribeToken(): AppError {
  return badRequest('UNSUBSCRIBE_TOKEN_INVALID', '退订链接无效：链接不完整或已被改动，请使用邮件中的原始链接。', 'The unsubscribe link is not valid: it is incomplete or was altered. Please use the original link from the e-mail.');
}

export function callbackUnauthorized(): AppError {
  return new AppError({ code: 'SMS_CALLBACK_SIGNATURE', status: 401, zh: '短信回调签名无效或已过期。', en: 'The SMS callback signature is missing, wrong or expired.' });
}

/** The serving staff of a customer (SERVICE first, then the heaviest DEVELOP), else the campaign creator's. */
const SERVING_STAFF = `coalesce(
  (select r.staff_no from relationships r where r.customer_no = $1 and r.ended_on is null
    order by ${servingOrder('r')} limit 1),
  c.created_staff_no)`;

export interface UnsubscribeResult {
  channel: Channel;
  /** false when the customer had already opted out of the channel (the link clicked again). */
  recorded: boolean;
}

/** Records the opt-out of the token's customer and channel (source UNSUBSCRIBE_LINK) once, with a contact record. */
export async function unsubscribe(pool: pg.Pool, secret: string, token: string, at: Date): Promise<UnsubscribeResult> {
  const claim = verifyUnsubscribeToken(secret, token);
  if (!claim) throw invalidUnsubscribeToken();
  return inTransaction(pool, async (client) => {
    const [campaign] = (await client.query<{ id: string }>(
      `select c.id from campaigns c join campaign_messages m on m.campaign_id = c.id and m.customer_no = $2 where c.id = $1`,
      [claim.campaignId, claim.customerNo],
    )).rows;
    if (!campaign) throw invalidUnsubscribeToken();
    const inserted = (await client.query(
      `insert into outreach_opt_outs (customer_no, channel, at, source, campaign_id) values ($1, $2, $3, 'UNSUBSCRIBE_LINK', $4)
       on conflict (customer_no, channel) do nothing returning customer_no`,
      [claim.customerNo, claim.channel, at, claim.campaignId],
    )).rowCount === 1;
    if (inserted) {
      const summary = claim.channel === 'EMAIL' ? '客户通过邮件中的退订链接退订营销邮件' : '客户通过退订链接退订营销短信';
      await client.query(
        `insert into contacts (customer_no, channel, summary, at, staff_no, created_by, campaign_id)
         select $1, $2, $3, $4, ${SERVING_STAFF}, c.created_by, c.id from campaigns c where c.id = $5`,
        [claim.customerNo, claim.channel, summary, at, claim.campaignId],
      );
    }
    return { channel: claim.channel, recorded: inserted };
  });
}

/** The small bilingual page the unsubscribe link answers with. */
export function unsubscribePage(result: UnsubscribeResult): string {
  const zh = result.channel === 'EMAIL' ? '营销邮件' : '营销短信';
  const en = result.channel === 'EMAIL' ? 'marketing e-mail' : 'marketing text messages';
  const lead = result.recorded ? `您已成功退订${zh}。` : `您此前已退订${zh}，无需再次操作。`;
  const leadEn = result.recorded ? `You have been unsubscribed from our ${en}.` : `You had already unsubscribed from our ${en}; nothing more to do.`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>退订成功 / Unsubscribed</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}p.en{color:#666}</style></head>
<body><h1>退订成功 / Unsubscribed</h1><p>${lead}我们不会再向您发送此类消息。</p><p class="en">${leadEn} We will not send you such messages again.</p></body></html>`;
}

/** Delivery reports: DELIVERED or FAILED on the message (found by OutId, else BizId) and on its contact record. */
export async function recordSmsReports(pool: pg.Pool, reports: readonly SmsReport[], at: Date): Promise<{ updated: number }> {
  const keys = reports.map((r) => (r.out_id ? parseIdempotencyKey(r.out_id) : null));
  const { rowCount } = await pool.query(
    `with r as (
       select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) as r(biz_id, campaign_id, customer_no, status, error)
     ), k as (
       select coalesce(r.campaign_id, m2.campaign_id) as campaign_id, coalesce(r.customer_no, m2.customer_no) as customer_no, r.status, r.error
         from r left join campaign_messages m2 on r.campaign_id is null and m2.provider_message_id = r.biz_id
     ), upd as (
       update campaign_messages m set status = k.status, error = k.error,
              delivered_at = case when k.status = 'DELIVERED' then $6::timestamptz else m.delivered_at end
         from k where m.campaign_id = k.campaign_id and m.customer_no = k.customer_no and m.status in ('SENDING', 'SENT')
       returning m.customer_no, m.contact_id, m.status
     )
     update contacts c set delivery_status = upd.status from upd where c.customer_no = upd.customer_no and c.id = upd.contact_id`,
    [
      reports.map((r) => r.biz_id), keys.map((k) => k?.campaignId ?? null), keys.map((k) => k?.customerNo ?? null),
      reports.map((r) => (r.success ? 'DELIVERED' : 'FAILED')),
      reports.map((r) => (r.success ? null : `${r.err_code ?? 'FAILED'}${r.err_msg ? `: ${r.err_msg}` : ''}`.slice(0, 500))), at,
    ],
  );
  return { updated: rowCount ?? 0 };
}

/** 13812345678 from +86 138 1234 5678 and the like. */
export function normalizeMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

/** How long after an SMS a reply from its mobile is taken as the customer's answer to it (days). */
export const REPLY_WINDOW_DAYS = 30;

/**
 * Customers' replies: each becomes a contact record (客户回复：…) of the customer who received an SMS
 * at that mobile most recently (within REPLY_WINDOW_DAYS); TD / T / 退订 also records the SMS opt-out
 * (source SMS_REPLY). A reply from a mobile no recent SMS went to is not matched to anyone.
 */
export async function recordSmsReplies(pool: pg.Pool, replies: readonly SmsReply[], at: Date): Promise<{ matched: number; optOuts: number }> {
  let matched = 0;
  let optOuts = 0;
  for (const reply of replies) {
    await inTransaction(pool, async (client) => {
      const [recipient] = (await client.query<{ customerNo: string; campaignId: string }>(
        `select m.customer_no as "customerNo", m.campaign_id as "campaignId"
           from campaign_messages m join campaigns c on c.id = m.campaign_id and c.channel = 'SMS'
          where m.address = $1 and m.sent_at is not null and m.sent_at > $2::timestamptz - make_interval(days => $3)
          order by m.sent_at desc limit 1`,
        [normalizeMobile(reply.phone_number), at, REPLY_WINDOW_DAYS],
      )).rows;
      if (!recipient) return;
      matched++;
      await client.query(
        `insert into contacts (customer_no, channel, summary, at, staff_no, created_by, campaign_id)
         select $1, 'SMS', $2, $3, ${SERVING_STAFF}, c.created_by, c.id from campaigns c where c.id = $4`,
        [recipient.customerNo, replySummary(reply.content), at, recipient.campaignId],
      );
      if (isOptOutReply(reply.content)) {
        const { rowCount } = await client.query(
          `insert into outreach_opt_outs (customer_no, channel, at, source, campaign_id) values ($1, 'SMS', $2, 'SMS_REPLY', $3)
           on conflict (customer_no, channel) do nothing`,
          [recipient.customerNo, at, recipient.campaignId],
        );
        optOuts += rowCount ?? 0;
      }
    });
  }
  return { matched, optOuts };
}

export interface Paging {
  page: number;
  pageSize: number;
}

export async function listMailbox(pool: pg.Pool, q: Paging & { q?: string }) {
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, '\\$&')}%` : null;
  const where = `where $1::text is null or subject ilike $1 or array_to_string(rcpt_to, ',') ilike $1`;
  const { rows } = await pool.query<{ id: string; receivedAt: Date; mailFrom: string | null; rcptTo: string[]; subject: string | null; messageId: string | null }>(
    `select id, received_at as "receivedAt", mail_from as "mailFrom", rcpt_to as "rcptTo", subject, message_id as "messageId"
       from mailbox_messages ${where} order by received_at desc, id desc limit $2 offset $3`,
    [like, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const total = (await pool.query<{ n: number }>(`select count(*)::int as n from mailbox_messages ${where}`, [like])).rows[0]!.n;
  return { items: rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })), total };
}

export async function mailboxMessage(pool: pg.Pool, id: string) {
  const [row] = (await pool.query<{ id: string; receivedAt: Date; mailFrom: string | null; rcptTo: string[]; subject: string | null; messageId: string | null; textBody: string | null; raw: string }>(
    `select id, received_at as "receivedAt", mail_from as "mailFrom", rcpt_to as "rcptTo", subject, message_id as "messageId", text_body as "textBody", raw
       from mailbox_messages where id = $1`, [id],
  )).rows;
  return row ? { ...row, receivedAt: row.receivedAt.toISOString() } : null;
}

export async function listSmsInbox(pool: pg.Pool, q: Paging & { direction?: 'OUT' | 'REPLY'; q?: string }) {
  const conditions: string[] = [];
  const params: unknown[] = [q.pageSize, (q.page - 1) * q.pageSize];
  if (q.direction) conditions.push(`direction = $${params.push(q.direction)}`);
  if (q.q) conditions.push(`(mobile like $${params.push(`%${q.q.replace(/[\\%_]/g, '\\$&')}%`)} or content ilike $${params.length})`);
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const { rows } = await pool.query<{
    id: string; direction: 'OUT' | 'REPLY'; receivedAt: Date; mobile: string; templateCode: string | null; content: string | null;
    bizId: string | null; outId: string | null; reportStatus: 'DELIVERED' | 'FAILED' | null; reportedAt: Date | null;
  }>(
    `select id, direction, received_at as "receivedAt", mobile, template_code as "templateCode", content, biz_id as "bizId", out_id as "outId",
            report_status as "reportStatus", reported_at as "reportedAt"
       from sms_gateway_messages ${where} order by received_at desc, id desc limit $1 offset $2`,
    params,
  );
  const countParams = params.slice(2);
  const renumbered = where.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) - 2}`);
  const total = (await pool.query<{ n: number }>(`select count(*)::int as n from sms_gateway_messages ${renumbered}`, countParams)).rows[0]!.n;
  return {
    items: rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), reportedAt: r.reportedAt?.toISOString() ?? null })),
    total,
  };
}

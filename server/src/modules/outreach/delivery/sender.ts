/**
 * Sending a campaign's messages (issue 13 item 5), exactly once per customer:
 *
 * 1. One worker per campaign at a time: the slice holds a session advisory lock (LOCKS.outreachSend,
 *    campaign id); a killed worker's session ends and frees it.
 * 2. Claim: `update … set status = 'SENDING', attempts = attempts + 1, claimed_at = now() where
 *    status = 'QUEUED' … returning`, committed on its own before anything reaches a transport.
 * 3. Send (SMTP with a Message-ID derived from the key; SMS with OutId = the key), then in one
 *    transaction mark SENT (a report that arrived first keeps DELIVERED/FAILED; an e-mail the
 *    embedded mailbox accepted is DELIVERED) and write the contact record (接触记录) of each message,
 *    while the next batch is already being claimed and sent.
 * 4. Recovery: a SENDING message claimed longer ago than the lease (its worker died between claim
 *    and finish) is looked up at the provider by its key: found → finished as sent; absent → QUEUED
 *    again; a provider that cannot be asked (a real relay) → FAILED, never sent twice. A campaign cancelled
 *    (撤销) meanwhile is recovered too, once its claims are older than the lease: found → sent, absent →
 *    CANCELLED (never sent after the cancel), so no message stays SENDING.
 * Quiet hours are checked at send time (nextAllowedSendTime): a slice in them stops and asks to run
 * again at their end. The rate is the setting outreach.ratePerSecond: one batch of that many per second.
 */
import type pg from 'pg';
import { z } from 'zod';
import { inTransaction } from '../../../db/database.js';
import { LOCKS } from '../../../db/locks.js';
import { servingOrder } from '../../access/scope.js';
import { nextAllowedSendTime, type QuietHours } from '../outreach.rules.js';
import { batchSize, contactSummary, emailMessageId, idempotencyKey, unsubscribeToken, type Channel } from './delivery.rules.js';
import type { SmsProvider } from './sms-gateway.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  unsubscribeUrl: string;
}

export interface EmailTransport {
  send(mail: EmailMessage): Promise<void>;
  /** The relay is the embedded mailbox (embedded-smtp.ts): a mail it accepted is stored there, i.e. DELIVERED. */
  readonly storesOnAccept?: boolean;
  /** Message-IDs among these the relay already has; null when it cannot be asked (a real relay). */
  find(messageIds: readonly string[]): Promise<Set<string> | null>;
  close(): void;
}

export interface SenderDeps {
  pool: pg.Pool;
  email: EmailTransport;
  sms: SmsProvider;
  /** Base of the unsubscribe link (PUBLIC_URL). */
  publicUrl: string;
  unsubscribeSecret: () => Promise<string>;
  timeZone: string;
  leaseSeconds: number;
  now?: () => Date;
  log?: (message: string) => void;
}

export type SliceResult =
  | { kind: 'DONE' }
  | { kind: 'CONTINUE' }
  | { kind: 'LATER'; at: Date }
  /** another worker holds the campaign */
  | { kind: 'BUSY' };

/** The part of settings 'outreach' the sender reads (the admin module validates the whole on save). */
const outreachSettings = z.object({
  quietHours: z.object({ start: z.string(), end: z.string() }).default({ start: '21:00', end: '08:00' }),
  ratePerSecond: z.coerce.number().int().min(1).max(100_000).default(200),
});
export type SenderSettings = z.infer<typeof outreachSettings>;

export async function readSenderSettings(db: pg.Pool | pg.PoolClient): Promise<SenderSettings> {
  const { rows } = await db.query<{ value: unknown }>(`select value from settings where key = 'outreach'`);
  return outreachSettings.parse(rows[0]?.value ?? {});
}

interface CampaignRow {
  id: string;
  name: string;
  channel: Channel;
  status: string;
  smsTemplateCode: string | null;
}

interface Claimed {
  customerNo: string;
  address: string | null;
  subject: string | null;
  body: string | null;
  /** SMS: the provider template's parameters (TemplateParam), fixed at approval; null before migration 0037 */
  params: Record<string, string> | null;
}

/** The Message-ID in SQL, equal to delivery.rules.ts emailMessageId. */
const MESSAGE_ID_SQL = `'<outreach.' || $1::text || '.' || encode(convert_to(m.customer_no, 'UTF8'), 'hex') || '@quancrm>'`;

const CLAIM = `
with due as (
  select customer_no from campaign_messages
  where campaign_id = $1 and status = 'QUEUED' and (not_before is null or not_before <= $2)
    and exists (select 1 from campaigns c where c.id = $1 and c.status in ('APPROVED', 'SENDING')) -- a cancelled campaign stops here
  limit $3
  for update skip locked
)
update campaign_messages m
   set status = 'SENDING', attempts = m.attempts + 1, claimed_at = $2, error = null,
       provider_message_id = case when $4 = 'EMAIL' then ${MESSAGE_ID_SQL} else m.provider_message_id end
  from due
 where m.campaign_id = $1 and m.customer_no = due.customer_no
returning m.customer_no as "customerNo", m.address, m.subject, m.body, m.params`;

/**
 * Marks the sent messages $5 (SENT, or DELIVERED when the relay is the embedded mailbox; a delivery
 * report that came first stays) and gives each its contact id.
 */
const FINISH = `
update campaign_messages m
   set status = case when m.status = 'SENDING' then $5 else m.status end,
       delivered_at = case when m.status = 'SENDING' and $5 = 'DELIVERED' then now() else m.delivered_at end,
       provider_message_id = d.pid, sent_at = $3, error = null,
       contact_id = nextval(pg_get_serial_sequence('contacts', 'id'))
  from unnest($2::text[], $4::text[]) as d(customer_no, pid)
 where m.campaign_id = $1 and m.customer_no = d.customer_no and m.contact_id is null
returning m.customer_no as "customerNo", m.status, m.contact_id as "contactId", m.subject, m.body`;

/** The contact records of the sent messages: staff = the customer's serving staff (SERVICE first, then the heaviest DEVELOP), else the campaign's creator's. */
const INSERT_CONTACTS = `
insert into contacts (customer_no, id, channel, summary, at, staff_no, created_by, delivery_status, campaign_id)
select d.customer_no, d.id, c.channel, d.summary, $3, coalesce(
         (select r.staff_no from relationships r
           where r.customer_no = d.customer_no and r.ended_on is null
           order by ${servingOrder('r')} limit 1),
         c.created_staff_no),
       c.created_by, d.status, c.id
  from unnest($2::text[], $4::bigint[], $5::text[], $6::text[]) as d(customer_no, id, summary, status)
  cross join campaigns c
 where c.id = $1`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sends the campaign's due messages for at most `maxMs`, then says what is next: DONE (nothing
 * QUEUED or SENDING is left: the campaign is DONE), CONTINUE (more are due), LATER (quiet hours, a
 * later not_before, or claims younger than the lease) or BUSY (another worker has it).
 */
export async function sendCampaignSlice(deps: SenderDeps, campaignId: string, maxMs = 30_000): Promise<SliceResult> {
  const now = deps.now ?? (() => new Date());
  const lockClient = await deps.pool.connect();
  let locked = false;
  try {
    const [lock] = (await lockClient.query<{ ok: boolean }>('select pg_try_advisory_lock($1, ($2::bigint % 2147483647)::int) as ok', [LOCKS.outreachSend, campaignId])).rows;
    locked = lock?.ok === true;
    if (!locked) return { kind: 'BUSY' };
    return await sendWhileLocked(deps, campaignId, maxMs, now);
  } finally {
    if (locked) await lockClient.query('select pg_advisory_unlock($1, ($2::bigint % 2147483647)::int)', [LOCKS.outreachSend, campaignId]).catch(() => undefined);
    lockClient.release();
  }
}

async function sendWhileLocked(deps: SenderDeps, campaignId: string, maxMs: number, now: () => Date): Promise<SliceResult> {
  const { pool } = deps;
  const [campaign] = (
    await pool.query<CampaignRow>(
      `select c.id, c.name, c.channel, c.status, t.sms_template_code as "smsTemplateCode"
         from campaigns c join outreach_templates t on t.id = c.template_id where c.id = $1`,
      [campaignId],
    )
  ).rows;
  if (campaign?.status === 'CANCELLED') return finishCancelled(deps, campaign, now());
  if (!campaign || (campaign.status !== 'APPROVED' && campaign.status !== 'SENDING')) return { kind: 'DONE' };
  const settings = await readSenderSettings(pool);
  const started = Date.now();
  await recoverStale(deps, campaign, now());

  // at least one batch per slice, then as many as fit in maxMs. A batch's bookkeeping (SENT + contact
  // records, recordOutcome) runs while the next batch is claimed and sent; at most one is pending,
  // and the slice ends (and frees the campaign's lock) only after it.
  let recording: Promise<void> = Promise.resolve();
  try {
    for (let first = true; first || Date.now() - started < maxMs; first = false) {
      const at = now();
      const allowed = nextAllowedSendTime(at, settings.quietHours as QuietHours, deps.timeZone);
      if (allowed.getTime() > at.getTime()) return { kind: 'LATER', at: allowed };
      const batchStarted = Date.now();
      const claimed = (await pool.query<Claimed>(CLAIM, [campaignId, at, batchSize(settings.ratePerSecond), campaign.channel])).rows;
      if (claimed.length === 0) break;
      await pool.query(`update campaigns set status = 'SENDING' where id = $1 and status = 'APPROVED'`, [campaignId]);
      const outcome = await sendBatch(deps, campaign, claimed);
      await recording;
      recording = recordOutcome(pool, campaign, outcome, at);
      recording.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      const rest = 1000 - (Date.now() - batchStarted);
      if (rest > 0) await sleep(rest);
    }
  } finally {
    await recording;
  }
  return whatNext(deps, campaignId, now());
}

/**
 * A cancelled campaign's messages still SENDING (claimed before the cancel): those whose claim has
 * outlived the lease (their worker died) are recovered — finished as sent when the provider has them,
 * else CANCELLED; the younger ones belong to a live worker, asked again when their lease ends.
 */
async function finishCancelled(deps: SenderDeps, campaign: CampaignRow, at: Date): Promise<SliceResult> {
  await recoverStale(deps, campaign, at);
  const [state] = (
    await deps.pool.query<{ oldestClaim: Date | null }>(
      `select min(claimed_at) as "oldestClaim" from campaign_messages where campaign_id = $1 and status = 'SENDING'`, [campaign.id],
    )
  ).rows;
  if (!state?.oldestClaim) return { kind: 'DONE' };
  return { kind: 'LATER', at: new Date(Math.max(state.oldestClaim.getTime() + deps.leaseSeconds * 1000, at.getTime() + 1000)) };
}

async function whatNext(deps: SenderDeps, campaignId: string, at: Date): Promise<SliceResult> {
  const [state] = (
    await deps.pool.query<{ due: boolean; nextNotBefore: Date | null; oldestClaim: Date | null }>(
      `select bool_or(status = 'QUEUED' and (not_before is null or not_before <= $2)) as due,
              min(not_before) filter (where status = 'QUEUED') as "nextNotBefore",
              min(claimed_at) filter (where status = 'SENDING') as "oldestClaim"
         from campaign_messages where campaign_id = $1 and status in ('QUEUED', 'SENDING')`,
      [campaignId, at],
    )
  ).rows;
  if (state?.due) return { kind: 'CONTINUE' };
  const times = [state?.nextNotBefore?.getTime(), state?.oldestClaim ? state.oldestClaim.getTime() + deps.leaseSeconds * 1000 : undefined]
    .filter((t): t is number => t !== undefined);
  if (times.length > 0) return { kind: 'LATER', at: new Date(Math.max(Math.min(...times), at.getTime() + 1000)) };
  await deps.pool.query(
    `update campaigns set status = 'DONE', finished_at = $2
      where id = $1 and status in ('APPROVED', 'SENDING')
        and not exists (select 1 from campaign_messages where campaign_id = $1 and status in ('QUEUED', 'SENDING'))`,
    [campaignId, at],
  );
  return { kind: 'DONE' };
}

interface BatchOutcome {
  /** customerNo → provider id */
  sent: Map<string, string>;
  /** customerNo → error */
  failed: Map<string, string>;
  /** what a sent message is: DELIVERED when the embedded mailbox accepted (stored) it, else SENT */
  status: 'SENT' | 'DELIVERED';
}

/** Hands the claimed messages to the provider (SMS: one call; e-mail: one SMTP transaction each, in parallel on the pooled connections). */
async function sendBatch(deps: SenderDeps, campaign: CampaignRow, claimed: readonly Claimed[]): Promise<BatchOutcome> {
  const sent = new Map<string, string>(); // customerNo → provider id
  const failed = new Map<string, string>(); // customerNo → error
  if (campaign.channel === 'SMS') {
    const { accepted, errors } = await deps.sms.send(claimed.map((m) => ({
      outId: idempotencyKey(campaign.id, m.customerNo), mobile: m.address ?? '', templateCode: campaign.smsTemplateCode,
      params: m.params ?? { content: m.body ?? '' }, content: m.body ?? '',
    })));
    for (const m of claimed) {
      const key = idempotencyKey(campaign.id, m.customerNo);
      const bizId = accepted.get(key);
      if (bizId) sent.set(m.customerNo, bizId);
      else failed.set(m.customerNo, errors.get(key) ?? 'not accepted');
    }
  } else {
    const secret = await deps.unsubscribeSecret();
    await Promise.all(claimed.map(async (m) => {
      const messageId = emailMessageId(campaign.id, m.customerNo);
      const unsubscribeUrl = `${deps.publicUrl}/api/outreach/unsubscribe?token=${unsubscribeToken(secret, m.customerNo, 'EMAIL', campaign.id)}`;
      try {
        await deps.email.send({
          to: m.address ?? '', subject: m.subject ?? campaign.name, messageId, unsubscribeUrl,
          text: `${m.body ?? ''}\n\n——\n退订 / Unsubscribe: ${unsubscribeUrl}\n`,
        });
        sent.set(m.customerNo, messageId);
      } catch (err) {
        failed.set(m.customerNo, (err instanceof Error ? err.message : String(err)).slice(0, 500));
      }
    }));
  }
  return { sent, failed, status: campaign.channel === 'EMAIL' && deps.email.storesOnAccept === true ? 'DELIVERED' : 'SENT' };
}

/** SENT + contact records of the sent messages, FAILED with the error of the others. */
async function recordOutcome(pool: pg.Pool, campaign: CampaignRow, { sent, failed, status }: BatchOutcome, at: Date): Promise<void> {
  await finishSent(pool, campaign, sent, at, status);
  if (failed.size > 0) {
    await pool.query(
      `update campaign_messages m set status = 'FAILED', error = d.error
         from unnest($2::text[], $3::text[]) as d(customer_no, error)
        where m.campaign_id = $1 and m.customer_no = d.customer_no and m.status = 'SENDING'`,
      [campaign.id, [...failed.keys()], [...failed.values()]],
    );
  }
}

/** SENT (or DELIVERED) plus one contact record per message, in one transaction. */
async function finishSent(pool: pg.Pool, campaign: CampaignRow, sent: ReadonlyMap<string, string>, at: Date, status: 'SENT' | 'DELIVERED'): Promise<void> {
  if (sent.size === 0) return;
  await inTransaction(pool, async (client) => {
    const done = (
      await client.query<{ customerNo: string; status: string; contactId: string; subject: string | null; body: string | null }>(
        FINISH, [campaign.id, [...sent.keys()], at, [...sent.values()], status],
      )
    ).rows;
    if (done.length === 0) return;
    await client.query(INSERT_CONTACTS, [
      campaign.id, done.map((d) => d.customerNo), at, done.map((d) => d.contactId),
      done.map((d) => contactSummary(campaign.name, (campaign.channel === 'EMAIL' ? d.subject : d.body) ?? '')),
      done.map((d) => (d.status === 'DELIVERED' || d.status === 'FAILED' ? d.status : 'SENT')),
    ]);
  });
}

/** Claims older than the lease whose worker is gone: asked at the provider, finished, queued again or failed. */
async function recoverStale(deps: SenderDeps, campaign: CampaignRow, at: Date): Promise<void> {
  const stale = (
    await deps.pool.query<{ customerNo: string; providerMessageId: string | null }>(
      `select customer_no as "customerNo", provider_message_id as "providerMessageId" from campaign_messages
        where campaign_id = $1 and claimed_at < $2 and contact_id is null and sent_at is null
          and (status = 'SENDING' or (status in ('DELIVERED', 'FAILED') and provider_message_id is not null and error is null))`,
      [campaign.id, new Date(at.getTime() - deps.leaseSeconds * 1000)],
    )
  ).rows;
  if (stale.length === 0) return;
  const found = new Map<string, string>();
  let askable = true;
  if (campaign.channel === 'SMS') {
    const byKey = await deps.sms.find(stale.map((s) => idempotencyKey(campaign.id, s.customerNo)));
    if (byKey === null) askable = false;
    else for (const s of stale) {
      const bizId = byKey.get(idempotencyKey(campaign.id, s.customerNo));
      if (bizId) found.set(s.customerNo, bizId);
    }
  } else {
    const ids = stale.map((s) => emailMessageId(campaign.id, s.customerNo));
    const have = await deps.email.find(ids);
    if (have === null) askable = false;
    else for (const s of stale) {
      const id = emailMessageId(campaign.id, s.customerNo);
      if (have.has(id)) found.set(s.customerNo, id);
    }
  }
  // an e-mail found was found in the embedded mailbox: delivered
  await finishSent(deps.pool, campaign, found, at, campaign.channel === 'EMAIL' ? 'DELIVERED' : 'SENT');
  const missing = stale.filter((s) => !found.has(s.customerNo)).map((s) => s.customerNo);
  if (missing.length === 0) return;
  if (askable && campaign.status === 'CANCELLED') {
    await deps.pool.query(
      `update campaign_messages set status = 'CANCELLED', claimed_at = null
        where campaign_id = $1 and customer_no = any($2::text[]) and status = 'SENDING'`,
      [campaign.id, missing],
    );
  } else if (askable) {
    await deps.pool.query(
      `update campaign_messages set status = 'QUEUED', claimed_at = null
        where campaign_id = $1 and customer_no = any($2::text[]) and status = 'SENDING'`,
      [campaign.id, missing],
    );
  } else {
    await deps.pool.query(
      `update campaign_messages set status = 'FAILED', error = $3
        where campaign_id = $1 and customer_no = any($2::text[]) and status = 'SENDING'`,
      [campaign.id, missing, 'the worker stopped while sending and the provider cannot be asked: not sent again (at most once)'],
    );
  }
  const fate = !askable ? 'failed' : campaign.status === 'CANCELLED' ? 'cancelled (the campaign was cancelled)' : 'queued again';
  deps.log?.(`outreach: campaign ${campaign.id}: ${stale.length} interrupted sends checked, ${found.size} had arrived, ${missing.length} ${fate}`);
}

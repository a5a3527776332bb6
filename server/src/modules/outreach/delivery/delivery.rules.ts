/**
 * Delivery rules (issue 13 items 5–6), pure: no I/O, no clock, no database. The idempotency key of a
 * message and the ids derived from it, the signed unsubscribe token, the SMS reply that opts out
 * (回复TD), the callback signature, and how many messages one second's batch holds.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Channel = 'SMS' | 'EMAIL';

/** The provider-side idempotency key of a campaign's message to a customer (SMS OutId). */
export function idempotencyKey(campaignId: string, customerNo: string): string {
  return `${campaignId}:${customerNo}`;
}

/** `${campaignId}:${customerNo}` back into its parts; null for anything else. */
export function parseIdempotencyKey(key: string): { campaignId: string; customerNo: string } | null {
  const m = /^(\d{1,18}):(.{1,64})$/.exec(key);
  return m ? { campaignId: m[1]!, customerNo: m[2]! } : null;
}

/** The SMTP Message-ID of a campaign's e-mail to a customer: derived from the key, so a resend could be recognised. */
export function emailMessageId(campaignId: string, customerNo: string): string {
  return `<outreach.${campaignId}.${Buffer.from(customerNo, 'utf8').toString('hex')}@quancrm>`;
}

function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url');
}

/** The unsubscribe token of an e-mail (退订链接): customer, channel and campaign, signed with the server's key. */
export function unsubscribeToken(secret: string, customerNo: string, channel: Channel, campaignId: string): string {
  const payload = Buffer.from(JSON.stringify([customerNo, channel, campaignId]), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export interface UnsubscribeClaim {
  customerNo: string;
  channel: Channel;
  campaignId: string;
}

/** The claim of a token whose signature holds; null for a malformed, altered or forged one. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  const m = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const [, payload, signature] = m as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [customerNo, channel, campaignId] = parsed as unknown[];
  if (typeof customerNo !== 'string' || (channel !== 'SMS' && channel !== 'EMAIL') || typeof campaignId !== 'string' || !/^\d{1,18}$/.test(campaignId)) return null;
  return { customerNo, channel, campaignId };
}

/** 回复TD: a reply that is "TD", "T" or "退订" (trimmed, any case) asks to stop the SMS. */
export function isOptOutReply(content: string): boolean {
  const text = content.trim().toUpperCase();
  return text === 'TD' || text === 'T' || text === '退订';
}

/** The signature of an SMS callback: HMAC-SHA256 over `${timestamp}\n${body}`, hex. */
export function callbackSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex');
}

/** Whether a callback's signature is right and its timestamp (ms) within 5 minutes of `nowMs`. */
export function callbackSignatureValid(secret: string, timestamp: string, body: string, signature: string, nowMs: number): boolean {
  if (!/^\d{10,16}$/.test(timestamp) || Math.abs(Number(timestamp) - nowMs) > 5 * 60_000) return false;
  const expected = Buffer.from(callbackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The messages one batch holds at `ratePerSecond` (one batch per second), at least 1, at most 2,000. */
export function batchSize(ratePerSecond: number): number {
  if (!Number.isFinite(ratePerSecond) || ratePerSecond < 1) return 1;
  return Math.min(2000, Math.floor(ratePerSecond));
}

/** The contact summary of a sent message: 营销活动《name》：subject (e-mail) or text (SMS), at most 2,000 characters. */
export function contactSummary(campaignName: string, subjectOrBody: string): string {
  const text = `营销活动《${campaignName}》：${subjectOrBody}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

/** The contact summary of an SMS reply: 客户回复：content, at most 2,000 characters. */
export function replySummary(content: string): string {
  const text = `客户回复：${content.trim()}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

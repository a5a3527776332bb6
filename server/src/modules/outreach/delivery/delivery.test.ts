/**
 * Delivery against a real PostgreSQL: the unsubscribe link, the SMS callbacks (reports, replies,
 * 回复TD), quiet hours at send time, the rate setting, and an e-mail's status by relay. The crash test is delivery.crash.test.ts.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBrokerage, insertLogins } from '../../../../test/fixtures.js';
import { useTestApp } from '../../../../test/app-harness.js';
import { callbackSignature, unsubscribeToken } from './delivery.rules.js';
import { storedSecret } from './delivery.service.js';
import { insertQueuedCampaign, setSendSettings } from './delivery.test-fixtures.js';
import { readSenderSettings, sendCampaignSlice, type EmailMessage, type SenderDeps } from './sender.js';
import { EmbeddedSmsGateway } from './sms-gateway.js';

const t = useTestApp({
  seed: async (db) => {
    await insertBrokerage(db.pool);
    await insertLogins(db.pool, ['admin', 'broker1']);
  },
  sessions: ['admin', 'broker1'],
});

let baseUrl = '';
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** An e-mail "transport" that keeps what it was given. */
function memoryMail(): SenderDeps['email'] & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return { sent, send: async (m) => void sent.push(m), find: async (ids) => new Set(sent.map((m) => m.messageId).filter((id) => ids.includes(id))), close: () => undefined };
}

function deps(now: Date, extra: Partial<SenderDeps> = {}): SenderDeps {
  const pool = t.db.pool;
  return {
    pool, email: memoryMail(),
    sms: new EmbeddedSmsGateway(pool, { callbackBaseUrl: () => baseUrl, secret: () => storedSecret(pool, 'sms-callback'), reportDelayMs: 60_000 }),
    publicUrl: 'https://crm.example.com', unsubscribeSecret: () => storedSecret(pool, 'unsubscribe'),
    timeZone: 'Asia/Shanghai', leaseSeconds: 60, now: () => now, ...extra,
  };
}

// 2025-06-16 10:00 in Shanghai: outside the default quiet hours 21:00–08:00
const DAYTIME = new Date('2025-06-16T02:00:00Z');

describe('the unsubscribe link', () => {
  it('answers 400 naming the problem for a malformed or forged token, records the opt-out once for a good one', async () => {
    const campaign = await insertQueuedCampaign(t.db.pool, 'EMAIL', ['C0001'], { name: '退订测试' });
    const mail = memoryMail();
    await setSendSettings(t.db.pool, 10);
    expect(await sendCampaignSlice(deps(DAYTIME, { email: mail }), campaign.id, 1)).toEqual({ kind: 'DONE' });
    expect(mail.sent).toHaveLength(1);
    const link = mail.sent[0]!.unsubscribeUrl;
    expect(link.startsWith('https://crm.example.com/api/outreach/unsubscribe?token=')).toBe(true);
    expect(mail.sent[0]!.text).toContain(`退订 / Unsubscribe: ${link}`);
    const token = new URL(link).searchParams.get('token')!;

    for (const bad of ['', 'nonsense', unsubscribeToken('another-secret-of-somebody', 'C0001', 'EMAIL', campaign.id), `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/outreach/unsubscribe?token=${encodeURIComponent(bad)}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
    }
    expect((await t.db.pool.query(`select 1 from outreach_opt_outs where customer_no = 'C0001'`)).rowCount).toBe(0);

    const first = await t.app.inject({ method: 'GET', url: `/api/outreach/unsubscribe?token=${token}` });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/html');
    expect(first.body).toContain('您已成功退订营销邮件');
    const again = await t.app.inject({ method: 'GET', url: `/api/outreach/unsubscribe?token=${token}` });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('您此前已退订营销邮件');

    const { rows } = await t.db.pool.query(`select channel, source, campaign_id as "campaignId" from outreach_opt_outs where customer_no = 'C0001'`);
    expect(rows).toEqual([{ channel: 'EMAIL', source: 'UNSUBSCRIBE_LINK', campaignId: campaign.id }]);
    const contacts = await t.db.pool.query(`select summary from contacts where customer_no = 'C0001' and campaign_id = $1 order by id`, [campaign.id]);
    expect(contacts.rows).toEqual([{ summary: '营销活动《退订测试》：理财讲座邀请' }, { summary: '客户通过邮件中的退订链接退订营销邮件' }]);
  });
});

describe('SMS delivery reports', () => {
  it('marks the message and its contact DELIVERED, or FAILED for a number the gateway refuses', async () => {
    await t.db.pool.query(`update customers set mobile = '2000' where customer_no = 'C0004'`);
    const campaign = await insertQueuedCampaign(t.db.pool, 'SMS', ['C0003', 'C0004'], { name: '报告测试' });
    const d = deps(DAYTIME);
    expect(await sendCampaignSlice(d, campaign.id, 1)).toEqual({ kind: 'DONE' });
    const before = await t.db.pool.query(`select customer_no, status from campaign_messages where campaign_id = $1 order by 1`, [campaign.id]);
    expect(before.rows).toEqual([{ customer_no: 'C0003', status: 'SENT' }, { customer_no: 'C0004', status: 'SENT' }]);
    await (d.sms as EmbeddedSmsGateway).drain(); // the gateway pushes its reports to POST /api/outreach/sms/reports
    const { rows } = await t.db.pool.query(
      `select m.customer_no, m.status, m.error, c.delivery_status from campaign_messages m join contacts c on c.customer_no = m.customer_no and c.id = m.contact_id
        where m.campaign_id = $1 order by 1`,
      [campaign.id],
    );
    expect(rows).toEqual([
      { customer_no: 'C0003', status: 'DELIVERED', error: null, delivery_status: 'DELIVERED' },
      { customer_no: 'C0004', status: 'FAILED', error: 'MOBILE_NUMBER_ILLEGAL: 号码格式错误 / invalid mobile number', delivery_status: 'FAILED' },
    ]);
    // the contact's staff is the customer's serving staff (C0003: S002)
    expect((await t.db.pool.query(`select staff_no from contacts where customer_no = 'C0003' and campaign_id = $1`, [campaign.id])).rows).toEqual([{ staff_no: 'S002' }]);
  });

  it('refuses a callback without a valid signature (401), and never takes a session instead', async () => {
    const body = JSON.stringify([{ biz_id: 'x', success: true }]);
    const unsigned = await t.call('admin', 'POST', '/api/outreach/sms/reports', body, { 'content-type': 'application/json' });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ code: 'SMS_CALLBACK_SIGNATURE' });
    const ts = String(Date.now());
    const wrong = await t.app.inject({
      method: 'POST', url: '/api/outreach/sms/reports', payload: body,
      headers: { 'content-type': 'application/json', 'x-sms-timestamp': ts, 'x-sms-signature': callbackSignature('not-the-secret', ts, body) },
    });
    expect(wrong.statusCode).toBe(401);
    const stale = String(Date.now() - 10 * 60_000);
    const secret = await storedSecret(t.db.pool, 'sms-callback');
    const old = await t.app.inject({
      method: 'POST', url: '/api/outreach/sms/reports', payload: body,
      headers: { 'content-type': 'application/json', 'x-sms-timestamp': stale, 'x-sms-signature': callbackSignature(secret, stale, body) },
    });
    expect(old.statusCode).toBe(401);
    const byKey = await t.app.inject({ method: 'POST', url: `/api/outreach/sms/reports?key=${secret}`, payload: body, headers: { 'content-type': 'application/json' } });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.json()).toEqual({ code: 0, msg: '成功', updated: 0 });
  });
});

describe('SMS replies', () => {
  const signed = async (payload: unknown) => {
    const body = JSON.stringify(payload);
    const ts = String(Date.now());
    const secret = await storedSecret(t.db.pool, 'sms-callback');
    return t.app.inject({
      method: 'POST', url: '/api/outreach/sms/replies', payload: body,
      headers: { 'content-type': 'application/json', 'x-sms-timestamp': ts, 'x-sms-signature': callbackSignature(secret, ts, body) },
    });
  };

  it('records 回复TD as an SMS opt-out of the customer who received an SMS at that mobile, and every reply as a contact', async () => {
    const campaign = await insertQueuedCampaign(t.db.pool, 'SMS', ['C0002'], { name: 'TD测试' });
    expect(await sendCampaignSlice(deps(DAYTIME), campaign.id, 1)).toEqual({ kind: 'DONE' });
    const hello = await signed([{ phone_number: '+86 139 0000 1111', content: '好的，谢谢' }]);
    expect(hello.json()).toEqual({ code: 0, msg: '成功', matched: 1, optOuts: 0 });
    const td = await signed([{ phone_number: '13900001111', content: ' td ' }]);
    expect(td.json()).toEqual({ code: 0, msg: '成功', matched: 1, optOuts: 1 });
    const stranger = await signed([{ phone_number: '13700008888', content: 'TD' }]);
    expect(stranger.json()).toEqual({ code: 0, msg: '成功', matched: 0, optOuts: 0 });
    expect((await t.db.pool.query(`select customer_no, channel, source from outreach_opt_outs where source = 'SMS_REPLY'`)).rows)
      .toEqual([{ customer_no: 'C0002', channel: 'SMS', source: 'SMS_REPLY' }]);
    const { rows } = await t.db.pool.query(`select summary from contacts where customer_no = 'C0002' and campaign_id = $1 order by id`, [campaign.id]);
    expect(rows.map((r) => r.summary)).toEqual(['营销活动《TD测试》：尊敬的孙分成，欢迎参加理财讲座。', '客户回复：好的，谢谢', '客户回复：td']);
  });

  it('lets an administrator simulate a reply through the embedded gateway; the SMS inbox lists it', async () => {
    const res = await t.call('admin', 'POST', '/api/outreach/sms-inbox/replies', { mobile: '13900001111', content: '退订' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ matched: 1, optOuts: 0 }); // already opted out above
    const inbox = await t.call('admin', 'GET', '/api/outreach/sms-inbox?direction=REPLY');
    expect(inbox.json().items[0]).toMatchObject({ direction: 'REPLY', mobile: '13900001111', content: '退订' });
    expect((await t.call('broker1', 'GET', '/api/outreach/sms-inbox')).statusCode).toBe(403);
    expect((await t.call('admin', 'POST', '/api/outreach/sms-inbox/replies', { mobile: '123', content: 'x' })).statusCode).toBe(422);
  });
});

describe('quiet hours and rate at send time', () => {
  it('sends nothing in quiet hours and asks to run again at their end', async () => {
    await setSendSettings(t.db.pool, 10, { start: '21:00', end: '08:00' });
    const campaign = await insertQueuedCampaign(t.db.pool, 'SMS', ['C0005', 'C0006'], { name: '免打扰' });
    // 22:30 in Shanghai → 08:00 the next morning (00:00 UTC)
    expect(await sendCampaignSlice(deps(new Date('2025-06-16T14:30:00Z')), campaign.id, 1)).toEqual({ kind: 'LATER', at: new Date('2025-06-17T00:00:00Z') });
    // 07:59 → 08:00 the same morning
    expect(await sendCampaignSlice(deps(new Date('2025-06-16T23:59:00Z')), campaign.id, 1)).toEqual({ kind: 'LATER', at: new Date('2025-06-17T00:00:00Z') });
    const queued = await t.db.pool.query(`select count(*)::int as n from campaign_messages where campaign_id = $1 and status = 'QUEUED'`, [campaign.id]);
    expect(queued.rows[0]).toEqual({ n: 2 });
    expect(await sendCampaignSlice(deps(new Date('2025-06-17T00:00:00Z')), campaign.id, 1)).toEqual({ kind: 'DONE' });
  });

  it('reads the rate from the settings: one batch of ratePerSecond messages a second', async () => {
    await setSendSettings(t.db.pool, 3);
    expect((await readSenderSettings(t.db.pool)).ratePerSecond).toBe(3);
    const campaign = await insertQueuedCampaign(t.db.pool, 'SMS', ['C0001', 'C0002', 'C0003', 'C0005', 'C0006'], { name: '限速' });
    // a slice of 1 ms sends one batch: 3 of the 5
    expect(await sendCampaignSlice(deps(DAYTIME), campaign.id, 1)).toEqual({ kind: 'CONTINUE' });
    // (sent ones may already be DELIVERED: the gateway's reports arrive on their own)
    const { rows } = await t.db.pool.query(`select status = 'QUEUED' as queued, count(*)::int as n from campaign_messages where campaign_id = $1 group by 1 order by 1`, [campaign.id]);
    expect(rows).toEqual([{ queued: false, n: 3 }, { queued: true, n: 2 }]);
    expect((await t.db.pool.query(`select status from campaigns where id = $1`, [campaign.id])).rows).toEqual([{ status: 'SENDING' }]);
  });
});

describe('e-mail: SENT, or DELIVERED when the relay is the embedded mailbox', () => {
  it('records DELIVERED at once for a relay that stores on acceptance, SENT for another; one contact each, over batches recorded while the next is sent', async () => {
    await setSendSettings(t.db.pool, 2);
    const customers = ['C0001', 'C0002', 'C0003'];
    const relay = await insertQueuedCampaign(t.db.pool, 'EMAIL', customers, { name: '外部中继' });
    const embedded = await insertQueuedCampaign(t.db.pool, 'EMAIL', customers, { name: '内置邮箱' });
    const relayMail = memoryMail();
    const embeddedMail = { ...memoryMail(), storesOnAccept: true };
    // rate 2: a batch of 2, then (after a second) a batch of 1, within one slice of 5 s
    expect(await sendCampaignSlice(deps(DAYTIME, { email: relayMail }), relay.id, 5_000)).toEqual({ kind: 'DONE' });
    expect(await sendCampaignSlice(deps(DAYTIME, { email: embeddedMail }), embedded.id, 5_000)).toEqual({ kind: 'DONE' });
    expect(relayMail.sent.map((m) => m.to).sort()).toEqual(embeddedMail.sent.map((m) => m.to).sort());
    expect(relayMail.sent).toHaveLength(3);
    const { rows } = await t.db.pool.query(
      `select m.campaign_id::text as campaign, m.status, m.delivered_at is not null as "deliveredAt", c.delivery_status as "contactStatus", count(*)::int as n
         from campaign_messages m join contacts c on c.customer_no = m.customer_no and c.id = m.contact_id
        where m.campaign_id = any($1::bigint[]) group by 1, 2, 3, 4 order by 1`,
      [[relay.id, embedded.id]],
    );
    expect(rows).toEqual([
      { campaign: relay.id, status: 'SENT', deliveredAt: false, contactStatus: 'SENT', n: 3 },
      { campaign: embedded.id, status: 'DELIVERED', deliveredAt: true, contactStatus: 'DELIVERED', n: 3 },
    ]);
    expect((await t.db.pool.query(`select status from campaigns where id = any($1::bigint[])`, [[relay.id, embedded.id]])).rows).toEqual([{ status: 'DONE' }, { status: 'DONE' }]);
  });
});

afterAll(async () => undefined);

/**
 * Exactly once after a crash (issue 13 item 5): a worker process sends an e-mail and an SMS campaign
 * (300 customers each) through the embedded SMTP server and SMS gateway; it is SIGKILLed in the
 * middle, a new one is started, and every customer ends with exactly one mail and one SMS, one
 * contact record per message and both campaigns DONE. And a worker that died with messages claimed
 * (SENDING) of a campaign cancelled (撤销) meanwhile: the next worker finishes them — sent if the
 * gateway has them, else CANCELLED — and sends nothing more.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../db/database.js';
import { FIXED_NOW, insertBrokerage, insertLogins } from '../../../../test/fixtures.js';
import { useTestDb } from '../../../../test/harness.js';
import type { AuthUser } from '../../auth/auth.service.js';
import { cancelCampaign } from '../outreach.service.js';
import { idempotencyKey } from './delivery.rules.js';
import { storedSecret } from './delivery.service.js';
import { startEmbeddedSmtp, type EmbeddedSmtp } from './embedded-smtp.js';
import { enqueueCampaign } from './queue.js';
import { EmbeddedSmsGateway } from './sms-gateway.js';
import { insertExtraCustomers, insertQueuedCampaign, setSendSettings } from './delivery.test-fixtures.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-process.ts');
const db = useTestDb(async (d) => {
  await insertBrokerage(d.pool);
  await insertLogins(d.pool, ['admin']);
});

let smtp: EmbeddedSmtp | undefined;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await smtp?.close();
});

function startWorker(smtpPort: number): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env, DATABASE_URL: db.url, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, OUTREACH_RELAY_EMBEDDED: '1',
      OUTREACH_LEASE_SECONDS: '1', TZ_BUSINESS: 'Asia/Shanghai', LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a worker killed in the middle of two campaigns', () => {
  it('sends every customer exactly one mail and one SMS once a new worker has finished', async () => {
    const customers = await insertExtraCustomers(db.pool, 300);
    await setSendSettings(db.pool, 40);
    const mail = await insertQueuedCampaign(db.pool, 'EMAIL', customers, { name: '邮件活动' });
    const sms = await insertQueuedCampaign(db.pool, 'SMS', customers, { name: '短信活动' });
    await inTransaction(db.pool, async (client) => {
      await enqueueCampaign(client, mail.id);
      await enqueueCampaign(client, sms.id);
    });
    smtp = await startEmbeddedSmtp(db.pool, 0);

    const first = startWorker(smtp.port);
    const sent = async (id: string) =>
      Number((await db.pool.query<{ n: string }>(`select count(*) as n from campaign_messages where campaign_id = $1 and status in ('SENT', 'DELIVERED')`, [id])).rows[0]!.n);
    await waitFor('the first worker to have sent some of both', async () => (await sent(mail.id)) >= 60 && (await sent(sms.id)) >= 60);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const { rows: atKill } = await db.pool.query<{ status: string; n: string }>(
      `select status, count(*) as n from campaign_messages where campaign_id in ($1, $2) group by status`, [mail.id, sms.id],
    );
    // the kill left work undone
    expect(atKill.find((r) => r.status === 'QUEUED')).toBeDefined();

    startWorker(smtp.port);
    await waitFor('both campaigns to be DONE', async () =>
      (await db.pool.query(`select 1 from campaigns where id in ($1, $2) and status = 'DONE'`, [mail.id, sms.id])).rowCount === 2);

    const mails = await db.pool.query<{ rcpt: string; n: string }>(
      `select rcpt_to[1] as rcpt, count(*) as n from mailbox_messages group by 1`,
    );
    expect(mails.rows).toHaveLength(300);
    expect(mails.rows.every((r) => r.n === '1')).toBe(true);
    const texts = await db.pool.query<{ mobile: string; n: string }>(
      `select mobile, count(*) as n from sms_gateway_messages where direction = 'OUT' group by 1`,
    );
    expect(texts.rows).toHaveLength(300);
    expect(texts.rows.every((r) => r.n === '1')).toBe(true);

    // every message finished, with its contact record; the e-mail marked DELIVERED by the embedded server on receipt
    const { rows: states } = await db.pool.query<{ campaignId: string; status: string; n: string; contacts: string }>(
      `select m.campaign_id as "campaignId", m.status, count(*) as n, count(c.id) as contacts
         from campaign_messages m left join contacts c on c.customer_no = m.customer_no and c.id = m.contact_id
        where m.campaign_id in ($1, $2) group by 1, 2 order by 1, 2`,
      [mail.id, sms.id],
    );
    expect(states).toEqual([
      { campaignId: mail.id, status: 'DELIVERED', n: '300', contacts: '300' },
      { campaignId: sms.id, status: 'SENT', n: '300', contacts: '300' },
    ]);
    const { rows: byChannel } = await db.pool.query<{ channel: string; deliveryStatus: string; n: string }>(
      `select channel, delivery_status as "deliveryStatus", count(*) as n from contacts where campaign_id in ($1, $2) group by 1, 2 order by 1`,
      [mail.id, sms.id],
    );
    // SMS: no HTTP server takes the gateway's reports in this test, so they stay SENT (delivery.test.ts follows a report)
    expect(byChannel).toEqual([{ channel: 'EMAIL', deliveryStatus: 'DELIVERED', n: '300' }, { channel: 'SMS', deliveryStatus: 'SENT', n: '300' }]);
    const { rows: [one] } = await db.pool.query<{ mailSummary: string; smsSummary: string }>(
      `select (select summary from contacts where campaign_id = $1 and customer_no = 'X00007') as "mailSummary",
              (select summary from contacts where campaign_id = $2 and customer_no = 'X00007') as "smsSummary"`,
      [mail.id, sms.id],
    );
    expect(one).toEqual({ mailSummary: '营销活动《邮件活动》：理财讲座邀请', smsSummary: '营销活动《短信活动》：尊敬的客户7，欢迎参加理财讲座。' });
  }, 150_000);
});

describe('a worker killed with messages claimed, the campaign cancelled before a new worker starts', () => {
  it('finishes the claimed messages (sent when the gateway has them, else CANCELLED) and sends nothing more', async () => {
    // no worker runs (the one the test above started is stopped)
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const have = Number((await db.pool.query<{ n: string }>(`select count(*) as n from customers where customer_no like 'X%'`)).rows[0]!.n);
    if (have < 6) await insertExtraCustomers(db.pool, 6);
    const customers = ['X00001', 'X00002', 'X00003', 'X00004', 'X00005', 'X00006'];
    await setSendSettings(db.pool, 40);
    const campaign = await insertQueuedCampaign(db.pool, 'SMS', customers, { name: '撤销时崩溃' });
    // what the killed worker left: X00001–X00004 claimed an hour ago (the lease is 1 s), of which X00001 and
    // X00002 reached the gateway before the kill; X00005 and X00006 still QUEUED; the campaign SENDING
    await db.pool.query(`update campaigns set status = 'SENDING' where id = $1`, [campaign.id]);
    await db.pool.query(
      `update campaign_messages set status = 'SENDING', attempts = 1, claimed_at = now() - interval '1 hour'
        where campaign_id = $1 and customer_no = any($2::text[])`,
      [campaign.id, customers.slice(0, 4)],
    );
    const gateway = new EmbeddedSmsGateway(db.pool, { callbackBaseUrl: () => undefined, secret: () => storedSecret(db.pool, 'sms-callback') });
    const { accepted } = await gateway.send(customers.slice(0, 2).map((c, i) => ({
      outId: idempotencyKey(campaign.id, c), mobile: `139${String(i + 1).padStart(8, '0')}`, templateCode: 'SMS_0001', params: {}, content: '尊敬的客户，欢迎参加理财讲座。',
    })));
    expect(accepted.size).toBe(2);

    // cancelled by the admin while no worker runs: the queued two are CANCELLED, the claimed four wait for a worker
    const { rows: [admin] } = await db.pool.query<{ id: string }>(`select id::text from users where username = 'admin'`);
    const user: AuthUser = {
      id: admin!.id, username: 'admin', displayName: null, role: 'ADMIN', staffNo: null, teamCode: null, branchCode: null, permissions: [], scopeLevel: 'ALL', via: 'session',
    };
    const detail = await cancelCampaign(db.pool, campaign.id, { user, now: FIXED_NOW, language: 'zh' });
    expect(detail.status).toBe('CANCELLED');
    expect((await db.pool.query(`select 1 from outreach_dispatches where campaign_id = $1`, [campaign.id])).rowCount).toBe(1);

    smtp ??= await startEmbeddedSmtp(db.pool, 0);
    const worker = startWorker(smtp.port);
    await waitFor('no message of the cancelled campaign SENDING', async () =>
      (await db.pool.query(`select 1 from campaign_messages where campaign_id = $1 and status = 'SENDING'`, [campaign.id])).rowCount === 0);
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));

    const { rows } = await db.pool.query<{ customer_no: string; status: string; contact: boolean }>(
      `select customer_no, status, contact_id is not null as contact from campaign_messages where campaign_id = $1 order by customer_no`, [campaign.id],
    );
    expect(rows).toEqual([
      { customer_no: 'X00001', status: 'SENT', contact: true },
      { customer_no: 'X00002', status: 'SENT', contact: true },
      { customer_no: 'X00003', status: 'CANCELLED', contact: false },
      { customer_no: 'X00004', status: 'CANCELLED', contact: false },
      { customer_no: 'X00005', status: 'CANCELLED', contact: false },
      { customer_no: 'X00006', status: 'CANCELLED', contact: false },
    ]);
    // the gateway holds the two sent before the kill, no more; the campaign stays CANCELLED as of the cancel
    const atGateway = await db.pool.query(`select count(*)::int as n from sms_gateway_messages where out_id like $1`, [`${campaign.id}:%`]);
    expect(atGateway.rows).toEqual([{ n: 2 }]);
    const { rows: [after] } = await db.pool.query(`select status, finished_at as "finishedAt" from campaigns where id = $1`, [campaign.id]);
    expect(after).toEqual({ status: 'CANCELLED', finishedAt: FIXED_NOW });
    const contacts = await db.pool.query(`select customer_no from contacts where campaign_id = $1 order by 1`, [campaign.id]);
    expect(contacts.rows.map((r) => r.customer_no)).toEqual(['X00001', 'X00002']);
  }, 150_000);
});

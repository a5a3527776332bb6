/**
 * Exactly once after a crash (issue 13 item 5): a worker process sends an e-mail and an SMS campaign
 * (300 customers each) through the embedded SMTP server and SMS gateway; it is SIGKILLed in the
 * middle, a new one is started, and every customer ends with exactly one mail and one SMS, one
 * contact record per message and both campaigns DONE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../db/database.js';
import { insertBrokerage, insertLogins } from '../../../../test/fixtures.js';
import { useTestDb } from '../../../../test/harness.js';
import { startEmbeddedSmtp, type EmbeddedSmtp } from './embedded-smtp.js';
import { enqueueCampaign } from './queue.js';
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

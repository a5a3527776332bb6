/**
 * `npm run bench -- outreach-send [--messages N] [--channel SMS|EMAIL|both]` (issue 13 quality bar:
 * "sent through the embedded gateways at ≥ 500 messages/s"). On a scratch database: N customers
 * (default 100,000) with mobiles and e-mail addresses, and for each channel a campaign with one
 * QUEUED message per customer; the delivery runner (pg-boss job, claim → send → SENT + contact
 * record) sends them through the embedded SMS gateway and the embedded SMTP server (nodemailer over
 * TCP, parsed by mailparser, stored) with ratePerSecond set high enough not to be the limit.
 * Prints the markdown lines for docs/performance.md.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { enqueueCampaign } from '../../server/src/modules/outreach/delivery/queue.js';
import { inTransaction } from '../../server/src/db/database.js';
import { startOutreachDelivery } from '../../server/src/modules/outreach/delivery/delivery.start.js';
import { scratchDb } from './scratch-db.js';

async function seed(pool: pg.Pool, n: number): Promise<void> {
  await pool.query(`insert into branches (branch_code, branch_name, city) values ('B01', '北京中关村营业部', '北京')`);
  await pool.query(`insert into users (username, password_hash, role) values ('bench_owner', 'bench', 'ADMIN')`);
  await pool.query(
    `insert into customers (customer_no, name, customer_type, id_type, id_no, mobile, email, branch_code, open_date, status, risk_level, first_seen_on, updated_on)
     select 'C' || lpad(i::text, 7, '0'), '客户' || i, 'P', '0', '1101011990' || lpad(i::text, 8, '0'), '139' || lpad(i::text, 8, '0'),
            'c' || i || '@example.com', 'B01', '2020-01-01', 'NORMAL', 'C3', '2020-01-01', '2025-06-13'
       from generate_series(1, $1::int) i`, [n],
  );
  await pool.query(`update settings set value = value || '{"ratePerSecond": 5000, "quietHours": {"start": "00:00", "end": "00:00"}}' where key = 'outreach'`);
}

async function queueCampaign(pool: pg.Pool, channel: 'SMS' | 'EMAIL'): Promise<string> {
  const owner = (await pool.query<{ id: string }>(`select id from users where username = 'bench_owner'`)).rows[0]!.id;
  const t = (await pool.query<{ id: string }>(
    `insert into outreach_templates (name, channel, subject, body, sms_template_code, owner_id)
     values ($1, $2, case when $2 = 'EMAIL' then '理财讲座邀请' end, '尊敬的{{customerName}}，欢迎参加理财讲座。', case when $2 = 'SMS' then 'SMS_0001' end, $3) returning id`,
    [`bench ${channel}`, channel, owner],
  )).rows[0]!.id;
  const c = (await pool.query<{ id: string }>(
    `insert into campaigns (name, channel, template_id, source, status, created_by, approved_at) values ($1, $2, $3, 'MARGIN_POOL', 'APPROVED', $4, now()) returning id`,
    [`bench ${channel}`, channel, t, owner],
  )).rows[0]!.id;
  await pool.query(
    `insert into campaign_messages (customer_no, campaign_id, status, address, subject, body)
     select customer_no, $1, 'QUEUED', case when $2 = 'SMS' then mobile else email end, case when $2 = 'EMAIL' then '理财讲座邀请' end,
            '尊敬的' || name || '，欢迎参加理财讲座。本邮件由 QuanCRM 发送。' from customers`,
    [c, channel],
  );
  await pool.query('analyze campaign_messages');
  return c;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { messages: { type: 'string', default: '100000' }, channel: { type: 'string', default: 'both' } } });
  const n = Number(values.messages);
  const channels = values.channel === 'both' ? (['SMS', 'EMAIL'] as const) : [values.channel as 'SMS' | 'EMAIL'];
  const db = await scratchDb();
  (db.pool as unknown as { options: { max: number } }).options.max = 12;
  const lines: string[] = [];
  try {
    await seed(db.pool, n);
    const delivery = await startOutreachDelivery(db.pool, {
      PORT: 0, SMTP_URL: undefined, SMTP_EMBEDDED_PORT: 0, SMTP_FROM: 'QuanCRM <no-reply@quancrm.local>', SMS_URL: undefined,
      SMS_ACCESS_KEY_ID: undefined, SMS_ACCESS_KEY_SECRET: undefined, SMS_SIGN_NAME: 'QuanCRM', SMS_CALLBACK_SECRET: undefined,
      OUTREACH_SECRET: undefined, PUBLIC_URL: 'https://crm.example.com', OUTREACH_WORKER: 'on', OUTREACH_LEASE_SECONDS: 60, TZ_BUSINESS: 'Asia/Shanghai',
    }, { workers: 1, callbackBaseUrl: null, pollSeconds: 0.5, log: (m) => console.error(m) });
    try {
      for (const channel of channels) {
        const id = await queueCampaign(db.pool, channel);
        const loadAtStart = os.loadavg()[0]!;
        const started = Date.now();
        await inTransaction(db.pool, (client) => enqueueCampaign(client, id));
        // the campaign's status every 200 ms; the sent count (a scan of the campaign's messages, whose
        // cost grows with N and competes with the sender) only every 10 s, for the log
        for (let lastLog = started; ;) {
          const { rows } = await db.pool.query<{ status: string }>(`select status from campaigns where id = $1`, [id]);
          if (rows[0]!.status === 'DONE') break;
          await new Promise((resolve) => setTimeout(resolve, 200));
          if (Date.now() - lastLog >= 10_000) {
            lastLog = Date.now();
            const { rows: [progress] } = await db.pool.query<{ sent: number }>(`select count(*)::int as sent from campaign_messages where campaign_id = $1 and sent_at is not null`, [id]);
            console.error(`${channel}: ${progress!.sent} sent after ${Math.round((Date.now() - started) / 1000)} s (load ${os.loadavg()[0]!.toFixed(1)})`);
          }
        }
        const seconds = (Date.now() - started) / 1000;
        const counts = (await db.pool.query<{ received: number; contacts: number }>(
          channel === 'SMS'
            ? `select (select count(*)::int from sms_gateway_messages where direction = 'OUT') as received, (select count(*)::int from contacts where campaign_id = $1) as contacts`
            : `select (select count(*)::int from mailbox_messages) as received, (select count(*)::int from contacts where campaign_id = $1) as contacts`, [id],
        )).rows[0]!;
        lines.push(`| outreach-send ${channel} | ${n.toLocaleString('en-US')} messages | ${seconds.toFixed(1)} s | ${Math.round(n / seconds)} messages/s | received ${counts.received}, contacts ${counts.contacts} | ${loadAtStart.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} |`);
      }
    } finally {
      await delivery.stop();
    }
  } finally {
    await db.close();
  }
  console.log(`\n${db.where}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''})\n| bench | size | time | rate | check | load (1 min) |\n|---|---|---|---|---|---|\n${lines.join('\n')}`);
}

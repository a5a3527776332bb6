/**
 * Test data for the delivery tests: a template and a campaign with QUEUED messages, written
 * directly (the campaign side — planning, approval — is tested in ../outreach.test.ts).
 */
import type pg from 'pg';

export interface QueuedCampaign {
  id: string;
  customers: string[];
}

let nextId = 9000;

/** Extra customers X00001… of branch B01 with mobile 1390000xxxx and e-mail xNNNNN@example.com. */
export async function insertExtraCustomers(pool: pg.Pool, count: number): Promise<string[]> {
  await pool.query(
    `insert into customers (customer_no, name, customer_type, id_type, id_no, mobile, email, branch_code, open_date, status, risk_level, first_seen_on, updated_on)
     select 'X' || lpad(i::text, 5, '0'), '客户' || i, 'P', '0', '11010119900101' || lpad(i::text, 4, '0'),
            '139' || lpad(i::text, 8, '0'), 'x' || lpad(i::text, 5, '0') || '@example.com', 'B01', '2024-01-01', 'NORMAL', 'C3', '2024-01-01', '2025-06-13'
       from generate_series(1, $1::int) i`,
    [count],
  );
  return Array.from({ length: count }, (_, i) => `X${String(i + 1).padStart(5, '0')}`);
}

/** A campaign (status APPROVED) with one QUEUED message per customer, to the customer's mobile or e-mail. */
export async function insertQueuedCampaign(
  pool: pg.Pool, channel: 'SMS' | 'EMAIL', customers: readonly string[], opts: { name?: string; notBefore?: Date } = {},
): Promise<QueuedCampaign> {
  const id = String(nextId++);
  const name = opts.name ?? `测试活动${id}`;
  await pool.query(
    `insert into outreach_templates (id, name, channel, subject, body, sms_template_code, owner_id)
     select $1, $2, $3, case when $3 = 'EMAIL' then '理财讲座邀请' end, '尊敬的{{customerName}}，欢迎参加理财讲座。', case when $3 = 'SMS' then 'SMS_0001' end, id
       from users where username = 'admin'`,
    [id, name, channel],
  );
  await pool.query(
    `insert into campaigns (id, name, channel, template_id, source, status, created_by, created_staff_no, approved_at)
     select $1, $2, $3, $1, 'MARGIN_POOL', 'APPROVED', id, null, now() from users where username = 'admin'`,
    [id, name, channel],
  );
  await pool.query(
    `insert into campaign_messages (customer_no, campaign_id, status, address, subject, body, not_before)
     select c.customer_no, $1, 'QUEUED', case when $2 = 'SMS' then c.mobile else coalesce(c.email, lower(c.customer_no) || '@example.com') end,
            case when $2 = 'EMAIL' then '理财讲座邀请' end, '尊敬的' || c.name || '，欢迎参加理财讲座。', $4
       from customers c where c.customer_no = any($3::text[])`,
    [id, channel, customers, opts.notBefore ?? null],
  );
  return { id, customers: [...customers] };
}

/** No quiet hours and the given rate (settings 'outreach'). */
export async function setSendSettings(pool: pg.Pool, ratePerSecond: number, quiet = { start: '00:00', end: '00:00' }): Promise<void> {
  await pool.query(
    `update settings set value = value || jsonb_build_object('ratePerSecond', $1::int, 'quietHours', $2::jsonb) where key = 'outreach'`,
    [ratePerSecond, JSON.stringify(quiet)],
  );
}

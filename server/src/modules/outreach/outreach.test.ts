/**
 * 营销活动 against a real PostgreSQL, on the fixture brokerage (FIXED_NOW 2025-06-16 10:00 Shanghai,
 * last imported day 2025-06-13) plus:
 * - S001 (张伟) has the mobile 13511112222; C0003's mobile is blank; C0001, C0002, C0006, C0008 were
 *   assessed on 2025-01-01 (C0003, C2 without an assessment date, is NEVER for the R2 product P001);
 * - group G (id 901, shared, admin's) holds all ten customers; team lead tl_t11 (team T11) sees
 *   C0001, C0002, C0003, C0006 (via S004) and C0008 (via S099) on 2025-06-16 — the audience of
 *   their campaigns to G; C0004, C0005, C0007, C2001, C2002 are outside;
 * - C0002 has opted out of SMS (a staff record);
 * - earlier campaigns D1–D4 (DONE) gave, around T = 2025-06-17 00:00 UTC (08:00 Shanghai, where the
 *   product campaign's send time 2025-06-16 22:30 Shanghai leaves the quiet hours 21:00–08:00),
 *   with the cap 3 messages in 7 days:
 *     C0006: SENT T−1d, DELIVERED T−7d+1s, QUEUED for T+2d                     → 3 → SKIPPED_CAP
 *     C0008: SENT T−7d exactly (outside), SENT T−1d, DELIVERED T+7d−1s, FAILED → 2 → PLANNED (the 3rd)
 * CAMPAIGN flows (0032): branch manager (bm_b01), then head office (hq_user).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';

let now = FIXED_NOW;
const T = '2025-06-17T00:00:00.000Z';

const t = useTestApp({
  now: () => now,
  seed: async (db) => {
    await withBrokerage()(db);
    const q = (text: string) => db.pool.query(text);
    await q(`update staff set mobile = '13511112222' where staff_no = 'S001'`);
    await q(`update customers set mobile = '  ' where customer_no = 'C0003'`);
    await q(`update customers set risk_assessed_on = '2025-01-01' where customer_no in ('C0001', 'C0002', 'C0006', 'C0008')`);
    await q(`insert into customer_groups (id, name, filter, shared, owner_id, members, refreshed_on)
             select 901, '全部客户', '{"all":[]}', true, id, 10, '2025-06-13' from users where username = 'admin'`);
    await q(`insert into customer_group_members (group_id, customer_no, branch_code) select 901, customer_no, branch_code from customers`);
    await q(`insert into outreach_opt_outs (customer_no, channel, source, at) values ('C0002', 'SMS', 'STAFF', '2025-05-01T00:00:00Z')`);
    await q(`insert into outreach_templates (id, name, channel, body, owner_id) select 801, '旧模板', 'SMS', '旧活动', id from users where username = 'admin'`);
    await q(`insert into campaigns (id, name, channel, template_id, source, group_id, status, created_by)
             select d, '旧活动' || d, 'SMS', 801, 'GROUP', 901, 'DONE', u.id from generate_series(1, 4) d, users u where u.username = 'admin'`);
    await q(`insert into campaign_messages (customer_no, campaign_id, status, sent_at, not_before) values
      ('C0006', 1, 'SENT', '2025-06-16T00:00:00Z', null),
      ('C0006', 2, 'DELIVERED', '2025-06-10T00:00:01Z', null),
      ('C0006', 3, 'QUEUED', null, '2025-06-19T00:00:00Z'),
      ('C0008', 1, 'SENT', '2025-06-10T00:00:00Z', null),
      ('C0008', 2, 'SENT', '2025-06-16T00:00:00Z', null),
      ('C0008', 3, 'DELIVERED', '2025-06-23T23:59:59Z', null),
      ('C0008', 4, 'FAILED', null, '2025-06-16T12:00:00Z')`);
    for (const table of ['customer_groups', 'outreach_templates', 'campaigns']) await db.pool.query(`select setval(pg_get_serial_sequence($1, 'id'), 1000)`, [table]);
  },
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t11', 'broker1'],
});

const PRODUCT_SMS = '【QuanCRM】{{customerName}}您好，{{productName}}（{{productRisk}}）开放申购。客户经理{{staffName}} {{staffMobile}}，{{branchName}}。';

async function template(user: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.call(user, 'POST', '/api/outreach/templates', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function approve(workflowId: string, users = ['bm_b01', 'hq_user']) {
  let res;
  for (const user of users) {
    res = await t.call(user, 'POST', `/api/workflows/${workflowId}/actions`, { action: 'approve', comment: 'ok' });
    expect(res.statusCode, res.body).toBe(200);
  }
  return res!;
}

/** The problem+json answer of `res`, which must have `status`. */
function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return res.json() as { errors: { field: string; message: string }[]; detail: string };
}

const zero = { PLANNED: 0, QUEUED: 0, SENDING: 0, SENT: 0, DELIVERED: 0, FAILED: 0, SKIPPED_OPT_OUT: 0, SKIPPED_CAP: 0, SKIPPED_SUITABILITY: 0, SKIPPED_NO_ADDRESS: 0, CANCELLED: 0 };

describe('templates', () => {
  it('refuses an unknown variable with 422 naming the field and the variable, and a subject on an SMS template', async () => {
    const res = await t.call('tl_t11', 'POST', '/api/outreach/templates', { name: 'x', channel: 'SMS', subject: '主题', body: '{{customerName}}，{{vipLevel}}' });
    const problem = expectProblem(res, 422);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'subject']);
    expect(JSON.stringify(problem.errors)).toContain('{{vipLevel}}');
    const email = await t.call('tl_t11', 'POST', '/api/outreach/templates', { name: 'x', channel: 'EMAIL', body: '您好' });
    expect(expectProblem(email, 422).errors.map((e: { field: string }) => e.field)).toEqual(['subject']);
  });

  it('lists the variables and the sensitive words a template contains; the check endpoint does the same for unsaved text', async () => {
    const id = await template('tl_t11', { name: '保本宣传', channel: 'SMS', body: '{{customerName}}：本产品保本，稳 赚！' });
    const res = await t.call('tl_t11', 'GET', `/api/outreach/templates/${id}`);
    expect(res.json()).toMatchObject({ variables: ['customerName'], sensitiveWords: ['保本', '稳赚'], editable: true, branchCode: 'B01', ownerUsername: 'tl_t11' });
    const check = await t.call('tl_t11', 'POST', '/api/outreach/templates/check', { subject: '零风险', body: '{{netAsset}} {{foo}}' });
    expect(check.json()).toEqual({ variables: ['netAsset'], unknownVariables: ['foo'], sensitiveWords: ['零风险'] });
    // another branch's team lead does not see it; head office does
    expect((await t.call('hq_user', 'GET', `/api/outreach/templates/${id}`)).json().editable).toBe(true);
    await t.login('tl_t21').then((cookie) => (t.cookies['tl_t21'] = cookie));
    expectProblem(await t.call('tl_t21', 'GET', `/api/outreach/templates/${id}`), 404);
  });

  it('previews every variable for a customer in scope, the address masked without pii; unmasked for admin and audited', async () => {
    const id = await template('tl_t11', { name: '产品推荐', channel: 'SMS', body: PRODUCT_SMS + '净资产{{netAsset}}元' });
    const res = await t.call('tl_t11', 'POST', `/api/outreach/templates/${id}/preview`, { customerNo: 'C0001', productCode: 'P001' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      customerNo: 'C0001', customerName: '钱多多', address: '138****5678', subject: null,
      // net asset 1,200,000.005 on 2025-06-13, shown to the cent
      body: '【QuanCRM】钱多多您好，稳健理财1号（R2 中低风险）开放申购。客户经理张伟 13511112222，北京中关村营业部。净资产1,200,000.01元',
      // the body: 30 characters of text (【QuanCRM】 9, 您好， 3, （ 1, ）开放申购。客户经理 10, space 1, ， 1, 。 1, 净资产 3, 元 1) and 49 of
      // variables = 79; with the signature 【QuanCRM】 (SMS_SIGN_NAME) 88 > 70: two segments of 67
      sms: {
        signName: 'QuanCRM', length: 88, segments: 2, maxVariableLength: 35, maxLength: 500, tooLong: false,
        variables: [
          { name: 'branchName', length: 8, tooLong: false }, { name: 'customerName', length: 3, tooLong: false }, { name: 'netAsset', length: 12, tooLong: false },
          { name: 'productName', length: 6, tooLong: false }, { name: 'productRisk', length: 7, tooLong: false }, { name: 'staffMobile', length: 11, tooLong: false },
          { name: 'staffName', length: 2, tooLong: false },
        ],
      },
    });
    // C0004 is outside team T11 on 2025-06-16: answered like an unknown customer
    expectProblem(await t.call('tl_t11', 'POST', `/api/outreach/templates/${id}/preview`, { customerNo: 'C0004', productCode: 'P001' }), 404);
    const admin = await t.call('admin', 'POST', `/api/outreach/templates/${id}/preview`, { customerNo: 'C0001', productCode: 'P001' });
    expect(admin.json().address).toBe('13812345678');
    const audit = await t.db.pool.query(`select action, entity_id, detail from audit_log where action = 'customer.view_pii' and username = 'admin' order by id desc limit 1`);
    expect(audit.rows[0]).toMatchObject({ entity_id: 'C0001', detail: { via: 'preview', fields: ['mobile'] } });
  });

  it('keeps brokers out: outreach is for branch managers, team leads, head office and admin', async () => {
    expectProblem(await t.call('broker1', 'GET', '/api/outreach/templates'), 403);
    expectProblem(await t.call('broker1', 'POST', '/api/campaigns', { name: 'x', channel: 'SMS', templateId: '801', groupId: '901' }), 403);
    // nor through the workflow API
    expectProblem(await t.call('broker1', 'POST', '/api/workflows', { type: 'CAMPAIGN', payload: { name: 'x', channel: 'SMS', templateId: '801', groupId: '901' } }), 403);
  });
});

describe('a product campaign to a group (team lead → branch manager → head office)', () => {
  let campaignId = '';
  let workflowId = '';

  it('plans at submission: the team’s members only, each skipped for its reason or planned, with a sample', async () => {
    const templateId = await template('tl_t11', { name: '产品推荐短信', channel: 'SMS', body: PRODUCT_SMS });
    const res = await t.call('tl_t11', 'POST', '/api/campaigns', {
      name: '稳健理财1号推广', channel: 'SMS', templateId, groupId: '901', productCode: 'P001', sendAt: '2025-06-16T22:30:00+08:00',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    campaignId = body.id;
    workflowId = body.workflowId;
    expect(body).toMatchObject({ status: 'PENDING_APPROVAL', source: 'GROUP', groupName: '全部客户', productName: '稳健理财1号', audience: 5, workflowStatus: 'PENDING', notBefore: null });
    expect(body.counts).toEqual({ ...zero, PLANNED: 2, SKIPPED_OPT_OUT: 1, SKIPPED_SUITABILITY: 1, SKIPPED_CAP: 1 });
    const statuses = await t.db.pool.query(`select customer_no, status from campaign_messages where campaign_id = $1 order by customer_no`, [campaignId]);
    expect(statuses.rows.map((r) => [r.customer_no, r.status])).toEqual([
      ['C0001', 'PLANNED'], ['C0002', 'SKIPPED_OPT_OUT'], ['C0003', 'SKIPPED_SUITABILITY'], ['C0006', 'SKIPPED_CAP'], ['C0008', 'PLANNED'],
    ]);
    expect(body.sample).toEqual([
      { customerNo: 'C0001', customerName: '钱多多', status: 'PLANNED', address: '138****5678', subject: null, body: '【QuanCRM】钱多多您好，稳健理财1号（R2 中低风险）开放申购。客户经理张伟 13511112222，北京中关村营业部。' },
      // C0008's only relationship is with S099, who has left: no serving staff member to name
      { customerNo: 'C0008', customerName: '褚八', status: 'PLANNED', address: '137****8888', subject: null, body: '【QuanCRM】褚八您好，稳健理财1号（R2 中低风险）开放申购。客户经理 ，北京中关村营业部。' },
    ]);
  });

  it('shows the flow in the branch manager’s to-dos, and the campaign to the approvers', async () => {
    const todo = await t.call('bm_b01', 'GET', '/api/workflows?view=todo');
    expect(todo.json().items.map((w: { id: string; type: string }) => [w.id, w.type])).toContainEqual([workflowId, 'CAMPAIGN']);
    const byFlow = await t.call('bm_b01', 'GET', `/api/campaigns?workflowId=${workflowId}`);
    expect(byFlow.json().items.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    const hq = await t.call('hq_user', 'GET', `/api/campaigns/${campaignId}`);
    expect(hq.statusCode, hq.body).toBe(200);
    expect(hq.json().audience).toBe(5);
  });

  it('plans again at the final approval and queues the planned messages out of quiet hours, rendered, for delivery', async () => {
    // C0001 opts out of SMS while the flow waits: the approval's plan skips them
    await t.db.pool.query(`insert into outreach_opt_outs (customer_no, channel, source, campaign_id) values ('C0001', 'SMS', 'SMS_REPLY', 1)`);
    const first = await approve(workflowId, ['bm_b01']);
    expect(first.json().status).toBe('PENDING');
    expect((await t.call('tl_t11', 'GET', `/api/campaigns/${campaignId}`)).json().counts.PLANNED).toBe(2); // not planned again before the last step
    const res = await approve(workflowId, ['hq_user']);
    expect(res.json()).toMatchObject({ status: 'APPROVED', outcome: { campaignId, audience: 5, queued: 1, notBefore: T } });
    const detail = (await t.call('tl_t11', 'GET', `/api/campaigns/${campaignId}`)).json();
    expect(detail).toMatchObject({ status: 'APPROVED', notBefore: T, approvedAt: FIXED_NOW.toISOString(), workflowStatus: 'APPROVED' });
    expect(detail.counts).toEqual({ ...zero, QUEUED: 1, SKIPPED_OPT_OUT: 2, SKIPPED_SUITABILITY: 1, SKIPPED_CAP: 1 });
    const queued = await t.db.pool.query(`select customer_no, address, subject, body, not_before from campaign_messages where campaign_id = $1 and status = 'QUEUED'`, [campaignId]);
    expect(queued.rows).toEqual([{
      customer_no: 'C0008', address: '13700008888', subject: null, not_before: new Date(T),
      body: '【QuanCRM】褚八您好，稳健理财1号（R2 中低风险）开放申购。客户经理 ，北京中关村营业部。',
    }]);
    const handed = await t.db.pool.query(`select campaign_id::text from outreach_dispatches`);
    expect(handed.rows).toEqual([{ campaign_id: campaignId }]);
  });

  it('lists the recipients with masked addresses, filtered by status', async () => {
    const res = await t.call('bm_b01', 'GET', `/api/campaigns/${campaignId}/messages?status=SKIPPED_OPT_OUT`);
    expect(res.json()).toEqual({
      total: 2,
      items: [
        { customerNo: 'C0001', customerName: '钱多多', status: 'SKIPPED_OPT_OUT', address: '138****5678', notBefore: null, sentAt: null, deliveredAt: null, error: null },
        { customerNo: 'C0002', customerName: '孙分成', status: 'SKIPPED_OPT_OUT', address: '139****1111', notBefore: null, sentAt: null, deliveredAt: null, error: null },
      ],
    });
    const list = await t.call('tl_t11', 'GET', '/api/campaigns?status=APPROVED');
    expect(list.json().items.find((c: { id: string }) => c.id === campaignId).counts.QUEUED).toBe(1);
  });

  it('measures the hit rate once the window has passed: recipients who bought, against the team’s base rate', async () => {
    // the delivery side sent C0008's message; C0008 and C0003 (not a recipient) bought P001 within 30 days of 2025-06-17
    await t.db.pool.query(`update campaign_messages set status = 'DELIVERED', sent_at = $2, delivered_at = $2 where campaign_id = $1 and status = 'QUEUED'`, [campaignId, T]);
    await t.db.pool.query(`insert into fact_product_trades (trade_date, customer_no, txn_no, fund_account, product_code, txn_type, amount, fee, txn_time) values
      ('2025-06-20', 'C0008', 'PX1', 'F0008', 'P001', 'PURCHASE', 10000, 0, '10:00:00'),
      ('2025-06-18', 'C0003', 'PX2', 'F0003', 'P001', 'SUBSCRIBE', 5000, 0, '10:00:00'),
      ('2025-06-19', 'C0001', 'PX3', 'F0001', 'P001', 'REDEEM', 5000, 0, '10:00:00')`);
    // first-time buyers: no purchase of P001's family (ASSET_MGMT R2) in the 365 days before 2025-06-17, i.e. 2024-06-17 … 2025-06-16.
    // C0006 bought P008 (ASSET_MGMT R2) on 2024-06-17, the first of those days: not first-time; C0002 on 2024-06-16, the day
    // before: first-time; C0008's P009 is a PUBLIC_FUND R2, another family: first-time
    await t.db.pool.query(`insert into products (product_code, name, product_type, risk_level, updated_on) values
      ('P008', '稳健理财8号', 'ASSET_MGMT', 'R2', '2025-06-13'), ('P009', '货币增强', 'PUBLIC_FUND', 'R2', '2025-06-13')`);
    for (const day of ['2024-06-01', '2025-03-01']) await t.db.pool.query(`select crm_ensure_partition('fact_product_trades', $1)`, [day]);
    await t.db.pool.query(`insert into fact_product_trades (trade_date, customer_no, txn_no, fund_account, product_code, txn_type, amount, fee, txn_time) values
      ('2024-06-17', 'C0006', 'PY1', 'F0006', 'P008', 'PURCHASE', 10000, 0, '10:00:00'),
      ('2024-06-16', 'C0002', 'PY2', 'F0002', 'P008', 'SUBSCRIBE', 10000, 0, '10:00:00'),
      ('2025-03-03', 'C0008', 'PY3', 'F0008', 'P009', 'PURCHASE', 10000, 0, '10:00:00')`);
    const during = (await t.call('tl_t11', 'GET', `/api/campaigns/${campaignId}`)).json().hitRate;
    expect(during).toMatchObject({ windowFrom: '2025-06-17', windowTo: '2025-07-16', available: false });
    now = new Date('2025-08-01T02:00:00Z');
    try {
      const cookie = await t.login('tl_t11'); // the session of 2025-06-16 has expired by then
      const later = await t.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}`, headers: { cookie } });
      expect(later.statusCode, later.body).toBe(200);
      const hit = later.json().hitRate;
      // 1 recipient, 1 hit; base: team T11's scope on 2025-06-17 is C0001, C0002, C0003, C0005 (S001 from that day), C0006 and
      // C0008, of whom C0003 and C0008 bought (C0001's redemption is not a purchase) → 2 ÷ 6; lift 1 ÷ (1/3) = 3
      expect(hit).toEqual({
        windowFrom: '2025-06-17', windowTo: '2025-07-16', available: true, recipients: 1, hits: 1, hitRate: '1.000000',
        baseCustomers: 6, baseBuyers: 2, baseRate: '0.333333', lift: '3.000000',
        // first-time: the recipient C0008 bought → 1 ÷ 1; base: the six but C0006 → 5, of whom C0003 and C0008 bought → 2 ÷ 5;
        // lift 1 ÷ 0.4 = 2.5
        firstTimeRecipients: 1, firstTimeHits: 1, firstTimeHitRate: '1.000000',
        firstTimeBaseCustomers: 5, firstTimeBaseBuyers: 2, firstTimeBaseRate: '0.400000', firstTimeLift: '2.500000',
      });
    } finally {
      now = FIXED_NOW;
      for (const user of ['admin', 'hq_user', 'bm_b01', 'tl_t11', 'broker1']) t.cookies[user] = await t.login(user);
    }
  });

  it('honours the opt-out in the next campaign too, and skips customers without an address', async () => {
    const templateId = await template('tl_t11', { name: '邮件问候', channel: 'EMAIL', subject: '{{customerName}}，您好', body: '感谢您选择{{branchName}}。' });
    const email = (await t.call('tl_t11', 'POST', '/api/campaigns', { name: '邮件问候', channel: 'EMAIL', templateId, groupId: '901' })).json();
    // only C0001 has an e-mail address; an SMS opt-out does not stop e-mail
    expect(email.counts).toEqual({ ...zero, PLANNED: 1, SKIPPED_NO_ADDRESS: 4 });
    expect(email.sample).toEqual([{ customerNo: 'C0001', customerName: '钱多多', status: 'PLANNED', address: 'q***@example.com', subject: '钱多多，您好', body: '感谢您选择北京中关村营业部。' }]);
    const smsTemplate = await template('tl_t11', { name: '短信问候', channel: 'SMS', body: '{{customerName}}您好' });
    const sms = (await t.call('tl_t11', 'POST', '/api/campaigns', { name: '短信问候', channel: 'SMS', templateId: smsTemplate, groupId: '901' })).json();
    // C0001 and C0002 opted out of SMS; C0003 has a blank mobile; around now (2025-06-16 02:00 UTC) C0006 is at the cap (T−1d,
    // T−7d+1s, T+2d); so is C0008: T−7d (6 d 2 h before now), T−1d and the product campaign's message at T count, while
    // T+7d−1s (7 d 21 h 59 m 59 s after now) does not
    expect(sms.counts).toEqual({ ...zero, SKIPPED_OPT_OUT: 2, SKIPPED_NO_ADDRESS: 1, SKIPPED_CAP: 2 });
  });
});

describe('sensitive words and product variables', () => {
  it('refuses to start a campaign whose template contains sensitive words, naming them', async () => {
    const templateId = await template('tl_t11', { name: '违规', channel: 'SMS', body: '{{customerName}}：保证收益，翻倍！' });
    const problem = expectProblem(await t.call('tl_t11', 'POST', '/api/campaigns', { name: 'x', channel: 'SMS', templateId, groupId: '901' }), 422);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'payload.templateId' })]);
    expect(JSON.stringify(problem)).toContain('保证收益、翻倍');
  });

  it('refuses the final approval when the template gained a sensitive word meanwhile; the flow stays pending', async () => {
    const templateId = await template('tl_t11', { name: '干净', channel: 'SMS', body: '{{customerName}}您好' });
    const started = (await t.call('tl_t11', 'POST', '/api/campaigns', { name: '问候', channel: 'SMS', templateId, groupId: '901' })).json();
    const put = await t.call('tl_t11', 'PUT', `/api/outreach/templates/${templateId}`, { name: '干净', channel: 'SMS', body: '{{customerName}}您好，稳赚不赔' });
    expect(put.statusCode, put.body).toBe(200);
    await approve(started.workflowId, ['bm_b01']);
    const refused = await t.call('hq_user', 'POST', `/api/workflows/${started.workflowId}/actions`, { action: 'approve' });
    const problem = expectProblem(refused, 422);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'payload.templateId' })]);
    expect(JSON.stringify(problem)).toContain('稳赚');
    const after = (await t.call('tl_t11', 'GET', `/api/campaigns/${started.id}`)).json();
    expect([after.status, after.workflowStatus, after.counts.QUEUED]).toEqual(['PENDING_APPROVAL', 'PENDING', 0]);
    // rejected: the campaign closes
    await t.call('hq_user', 'POST', `/api/workflows/${started.workflowId}/actions`, { action: 'reject', comment: '含禁用语' });
    expect((await t.call('tl_t11', 'GET', `/api/campaigns/${started.id}`)).json().status).toBe('REJECTED');
  });

  it('asks for the product when the template uses product variables, and names an unknown group', async () => {
    const templateId = await template('tl_t11', { name: '产品', channel: 'SMS', body: '{{productName}}' });
    const problem = expectProblem(await t.call('tl_t11', 'POST', '/api/campaigns', { name: 'x', channel: 'EMAIL', templateId, groupId: '999' }), 422);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['payload.channel', 'payload.groupId', 'payload.productCode']);
  });
});

describe('a product’s target customers', () => {
  it('reaches only the matching customers in the initiator’s scope', async () => {
    const templateId = await template('bm_b01', { name: '产品', channel: 'SMS', body: '{{customerName}}：{{productName}}' });
    const res = await t.call('bm_b01', 'POST', '/api/campaigns', { name: '目标客户', channel: 'SMS', templateId, productCode: 'P001' });
    expect(res.statusCode, res.body).toBe(201);
    // branch B01, R2: C0001 C4, C0002 C3, C0006 C3, C0008 C5 assessed → MATCH; C0003–C0005 and C0007 have no valid assessment
    // → NEVER and are not targets; C0001 holds P001 on 06-13 and is no target either (the family has too little history
    // for a model: the unranked targets, at most the default top K 1,000). Of the three: C0002 opted out of SMS, C0006
    // and C0008 at the cap
    expect(res.json()).toMatchObject({ source: 'PRODUCT_TARGETS', audience: 3, targetLimit: 1000 });
    expect(res.json().counts).toEqual({ ...zero, SKIPPED_OPT_OUT: 1, SKIPPED_CAP: 2 });
  });
});

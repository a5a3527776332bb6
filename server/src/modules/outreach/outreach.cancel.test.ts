/**
 * 撤销营销活动 (POST /api/campaigns/{id}/cancel) against a real PostgreSQL, on the fixture brokerage
 * (FIXED_NOW 2025-06-16 10:00 Shanghai) plus group G (id 901, shared, admin's) holding all ten
 * customers. Team lead tl_t11's campaigns to G reach team T11's customers on 2025-06-16: C0001,
 * C0002, C0003, C0006 (via S004) and C0008 (via S099) — all with a mobile, none opted out, no earlier
 * message (no cap): five PLANNED. CAMPAIGN flows (0032): branch manager (bm_b01), then head office.
 *
 * The SMS template names the customer and the serving staff member (the DEVELOP relationship in force,
 * heaviest first, of an ACTIVE staff member): C0001 and C0002 张伟 (S001), C0003 李娜 (S002), C0006
 * 王强 (S003), C0008 nobody (S099 has left).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';
import { setSendSettings } from './delivery/delivery.test-fixtures.js';
import { sendCampaignSlice, type SenderDeps } from './delivery/sender.js';
import { EmbeddedSmsGateway, type SmsMessage, type SmsProvider } from './delivery/sms-gateway.js';
import { storedSecret } from './delivery/delivery.service.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`insert into customer_groups (id, name, filter, shared, owner_id, members, refreshed_on)
             select 901, '全部客户', '{"all":[]}', true, id, 10, '2025-06-13' from users where username = 'admin'`);
    await db.pool.query(`insert into customer_group_members (group_id, customer_no, branch_code) select 901, customer_no, branch_code from customers`);
    for (const table of ['customer_groups', 'outreach_templates', 'campaigns']) await db.pool.query(`select setval(pg_get_serial_sequence($1, 'id'), 1000)`, [table]);
  },
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1'],
});

const zero = {
  PLANNED: 0, QUEUED: 0, SENDING: 0, SENT: 0, DELIVERED: 0, FAILED: 0, SKIPPED_OPT_OUT: 0, SKIPPED_CAP: 0, SKIPPED_SUITABILITY: 0, SKIPPED_NO_ADDRESS: 0, CANCELLED: 0,
};

/** The SMS template's parameters (TemplateParam) each customer's message carries. */
const PARAMS: Record<string, Record<string, string>> = {
  C0001: { customerName: '钱多多', staffName: '张伟' },
  C0002: { customerName: '孙分成', staffName: '张伟' },
  C0003: { customerName: '周三', staffName: '李娜' },
  C0006: { customerName: '冯六', staffName: '王强' },
  C0008: { customerName: '褚八', staffName: '' },
};

async function startSmsCampaign(name: string): Promise<{ id: string; workflowId: string }> {
  const template = await t.call('tl_t11', 'POST', '/api/outreach/templates', { name, channel: 'SMS', body: '{{customerName}}您好，我是{{staffName}}。', smsTemplateCode: 'SMS_71390007' });
  expect(template.statusCode, template.body).toBe(201);
  const res = await t.call('tl_t11', 'POST', '/api/campaigns', { name, channel: 'SMS', templateId: template.json().id, groupId: '901' });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().counts).toEqual({ ...zero, PLANNED: 5 });
  return { id: res.json().id, workflowId: res.json().workflowId };
}

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  if (code) expect(res.json()).toMatchObject({ code });
}

describe('cancelling a campaign in approval', () => {
  it('ends its flow (out of the to-dos), queues nothing, and is audited; a second cancel is 409; outside the scope 404', async () => {
    const campaign = await startSmsCampaign('审批中撤销');
    const todo = async () => (await t.call('bm_b01', 'GET', '/api/workflows?view=todo')).json().items.map((w: { id: string }) => w.id);
    expect(await todo()).toContain(campaign.workflowId);

    // another branch's team lead cannot read it: answered like an unknown campaign; a broker has no outreach permission
    expectProblem(await t.call('tl_t21', 'POST', `/api/campaigns/${campaign.id}/cancel`), 404);
    expectProblem(await t.call('broker1', 'POST', `/api/campaigns/${campaign.id}/cancel`), 403);
    expectProblem(await t.call('tl_t11', 'POST', '/api/campaigns/99999/cancel'), 404);

    // the branch manager's scope covers the team lead's campaign
    const res = await t.call('bm_b01', 'POST', `/api/campaigns/${campaign.id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'CANCELLED', workflowStatus: 'WITHDRAWN', notBefore: null, finishedAt: FIXED_NOW.toISOString(), sample: [] });
    expect(res.json().counts).toEqual({ ...zero, CANCELLED: 5 });
    expect(await todo()).not.toContain(campaign.workflowId);

    const steps = await t.db.pool.query(`select seq, status from workflow_steps where workflow_id = $1 order by seq`, [campaign.workflowId]);
    expect(steps.rows).toEqual([{ seq: 1, status: 'CANCELLED' }, { seq: 2, status: 'CANCELLED' }]);
    const history = await t.db.pool.query(
      `select h.event, u.username, h.comment from workflow_history h join users u on u.id = h.actor_id where h.workflow_id = $1 order by h.id`, [campaign.workflowId]);
    expect(history.rows).toEqual([
      { event: 'submit', username: 'tl_t11', comment: null },
      { event: 'withdraw', username: 'bm_b01', comment: '撤销营销活动 / campaign cancelled' },
    ]);
    const audit = await t.db.pool.query(`select username, detail from audit_log where action = 'outreach.campaign_cancelled' and entity_id = $1`, [campaign.id]);
    expect(audit.rows).toEqual([{ username: 'bm_b01', detail: { from: 'PENDING_APPROVAL', workflowId: campaign.workflowId, flowEnded: true, cancelledMessages: 5 } }]);
    expect((await t.db.pool.query(`select 1 from outreach_dispatches where campaign_id = $1`, [campaign.id])).rowCount).toBe(0);

    // the flow can no longer be approved, and a second cancel is refused
    expectProblem(await t.call('bm_b01', 'POST', `/api/workflows/${campaign.workflowId}/actions`, { action: 'approve' }), 409, 'WORKFLOW_STATE');
    expectProblem(await t.call('tl_t11', 'POST', `/api/campaigns/${campaign.id}/cancel`), 409, 'CAMPAIGN_NOT_CANCELLABLE');
  });
});

describe('cancelling a campaign while it is sent', () => {
  it('keeps the messages already sending (they finish), never sends the queued ones, and counts them CANCELLED', async () => {
    const campaign = await startSmsCampaign('发送中撤销');
    for (const user of ['bm_b01', 'hq_user']) {
      const res = await t.call(user, 'POST', `/api/workflows/${campaign.workflowId}/actions`, { action: 'approve' });
      expect(res.statusCode, res.body).toBe(200);
    }
    // the provider's template parameters were fixed with the texts at approval
    const queued = await t.db.pool.query(`select customer_no, body, params from campaign_messages where campaign_id = $1 and status = 'QUEUED' order by 1`, [campaign.id]);
    expect(queued.rows).toEqual(Object.entries(PARAMS).map(([customerNo, p]) => ({ customer_no: customerNo, body: `${p.customerName}您好，我是${p.staffName}。`, params: p })));

    // two messages a second; the campaign is cancelled while the provider handles the first two
    await setSendSettings(t.db.pool, 2);
    const gateway = new EmbeddedSmsGateway(t.db.pool, { callbackBaseUrl: () => undefined, secret: () => storedSecret(t.db.pool, 'sms-callback') });
    const calls: SmsMessage[][] = [];
    let cancelled: { statusCode: number; body: string } | undefined;
    const provider: SmsProvider = {
      async send(messages) {
        calls.push([...messages]);
        if (!cancelled) cancelled = await t.call('tl_t11', 'POST', `/api/campaigns/${campaign.id}/cancel`);
        return gateway.send(messages);
      },
      find: (outIds) => gateway.find(outIds),
    };
    const deps: SenderDeps = {
      pool: t.db.pool, sms: provider, email: { send: async () => undefined, find: async () => new Set(), close: () => undefined },
      publicUrl: 'https://crm.example.com', unsubscribeSecret: () => storedSecret(t.db.pool, 'unsubscribe'),
      timeZone: 'Asia/Shanghai', leaseSeconds: 60, now: () => FIXED_NOW,
    };
    expect(await sendCampaignSlice(deps, campaign.id, 60_000)).toEqual({ kind: 'DONE' });
    expect(cancelled?.statusCode, cancelled?.body).toBe(200);
    // one batch only: the next claim found the campaign cancelled
    expect(calls.map((c) => c.length)).toEqual([2]);
    // each SMS goes with the provider template and its own parameters
    for (const m of calls[0]!) {
      const customerNo = m.outId.split(':')[1]!;
      expect(m).toMatchObject({ templateCode: 'SMS_71390007', params: PARAMS[customerNo], mobile: expect.stringMatching(/^1\d{10}$/) });
    }

    const detail = (await t.call('tl_t11', 'GET', `/api/campaigns/${campaign.id}`)).json();
    expect(detail).toMatchObject({ status: 'CANCELLED', workflowStatus: 'APPROVED' });
    expect(detail.counts).toEqual({ ...zero, SENT: 2, CANCELLED: 3 });
    const sentTo = calls[0]!.map((m) => m.outId.split(':')[1]).sort();
    const sent = await t.db.pool.query(`select customer_no from campaign_messages where campaign_id = $1 and status = 'SENT' and contact_id is not null order by 1`, [campaign.id]);
    expect(sent.rows.map((r) => r.customer_no)).toEqual(sentTo);
    const audit = await t.db.pool.query(`select detail from audit_log where action = 'outreach.campaign_cancelled' and entity_id = $1`, [campaign.id]);
    expect(audit.rows).toEqual([{ detail: { from: 'SENDING', workflowId: campaign.workflowId, flowEnded: false, cancelledMessages: 3 } }]);

    // a later slice (a job still waiting) sends nothing
    expect(await sendCampaignSlice(deps, campaign.id, 60_000)).toEqual({ kind: 'DONE' });
    expect(calls).toHaveLength(1);
    const atGateway = await t.db.pool.query(`select count(*)::int as n from sms_gateway_messages where out_id like $1`, [`${campaign.id}:%`]);
    expect(atGateway.rows).toEqual([{ n: 2 }]);
    expectProblem(await t.call('hq_user', 'POST', `/api/campaigns/${campaign.id}/cancel`), 409, 'CAMPAIGN_NOT_CANCELLABLE');
  });
});

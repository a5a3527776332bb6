/**
 * The call center (呼叫中心) against a real PostgreSQL, on the fixture brokerage at FIXED_NOW =
 * 2025-06-16T02:00:00Z. Agents: service4 (SERVICE, S004 赵敏, scope C0006 only, holds `callcenter`) at
 * extension 8001, broker1 (BROKER, S001 张伟, scope C0001 and C0002, no `callcenter`) at 8002,
 * admin_s (ADMIN linked to S006, sees PII) at 8003. C0003's mobile is set to C0002's (13900001111):
 * one number, two customers.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app-harness.js';
import { insertBrokerage, insertLogins, PASSWORD } from '../../../test/fixtures.js';
import { expectProblem, invalidFields } from '../../../test/problem.js';
import { createUser } from '../auth/auth.service.js';

const t = useTestApp({
  seed: async (db) => {
    await insertBrokerage(db.pool);
    await insertLogins(db.pool, ['admin', 'broker1', 'broker2', 'service4', 'tl_t11']);
    const client = await db.pool.connect();
    try {
      await createUser(client, { username: 'admin_s', password: PASSWORD, role: 'ADMIN', staffNo: 'S006' });
    } finally {
      client.release();
    }
    await db.pool.query(`update customers set mobile = '13900001111' where customer_no = 'C0003'`);
  },
  sessions: ['admin', 'broker1', 'broker2', 'service4', 'admin_s', 'tl_t11'],
});

let token = '';

async function userId(username: string): Promise<string> {
  const { rows } = await t.db.pool.query<{ id: string }>(`select id::text as id from users where username = $1`, [username]);
  return rows[0]!.id;
}

function event(body: Record<string, unknown>, auth = `Bearer ${token}`) {
  return t.app.inject({ method: 'POST', url: '/api/cti/events', headers: { authorization: auth }, payload: body });
}

async function ok(body: Record<string, unknown>) {
  const res = await event(body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('agents and the token (系统管理 → 呼叫中心坐席)', () => {
  it('shows the generated token to the administrator only, audited', async () => {
    expect((await t.call('broker1', 'GET', '/api/cti/settings')).statusCode).toBe(403);
    const res = await t.call('admin', 'GET', '/api/cti/settings');
    expect(res.statusCode).toBe(200);
    token = res.json().token;
    expect(res.json()).toEqual({ token: expect.stringMatching(/^[0-9a-f]{64}$/), configured: false, webhookPath: '/api/cti/events' });
    // the same token at the next read: generated once
    expect((await t.call('admin', 'GET', '/api/cti/settings')).json().token).toBe(token);
    const audit = await t.db.pool.query(`select count(*)::int as n from audit_log where action = 'callcenter.token_view' and username = 'admin'`);
    expect(audit.rows[0].n).toBe(2);
  });

  it('gives staff logins an extension, one each; a login without staff or a taken extension is refused', async () => {
    for (const [extension, username] of [['8001', 'service4'], ['8002', 'broker1'], ['8003', 'admin_s']] as const) {
      const res = await t.call('admin', 'POST', '/api/cti/agents', { extension, userId: await userId(username) });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await t.call('admin', 'POST', '/api/cti/agents', { extension: '8001', userId: await userId('broker2') })).json().code).toBe('CTI_EXTENSION_TAKEN');
    expect((await t.call('admin', 'POST', '/api/cti/agents', { extension: '8009', userId: await userId('broker1') })).json().code).toBe('CTI_AGENT_HAS_EXTENSION');
    const noStaff = await t.call('admin', 'POST', '/api/cti/agents', { extension: '8009', userId: await userId('admin') });
    expect(invalidFields(noStaff)).toEqual(['userId']);
    expect((await t.call('broker1', 'POST', '/api/cti/agents', { extension: '8009', userId: await userId('broker2') })).statusCode).toBe(403);
    const list = await t.call('admin', 'GET', '/api/cti/agents');
    expect(list.json().items.map((a: { extension: string; username: string; staffName: string }) => [a.extension, a.username, a.staffName])).toEqual([
      ['8001', 'service4', '赵敏'], ['8002', 'broker1', '张伟'], ['8003', 'admin_s', '陈静'],
    ]);
    expect((await t.call('service4', 'GET', '/api/cti/me')).json()).toEqual({ extension: '8001' });
    expect((await t.call('broker2', 'GET', '/api/cti/me')).json()).toEqual({ extension: null });
  });
});

describe('the normalised number in SQL is the rule’s', () => {
  it.each([
    ['+86 138-1234-5678', '13812345678'], ['008613812345678', '13812345678'], ['013812345678', '13812345678'],
    ['021-6888 8888', '02168888888'], ['1381234567', '1381234567'], ['anonymous', null],
  ])('cti_phone_key(%j) = %j', async (raw, key) => {
    const { rows } = await t.db.pool.query(`select cti_phone_key($1) as key`, [raw]);
    expect(rows[0].key).toBe(key);
  });
});

describe('POST /api/cti/events (the CTI webhook)', () => {
  it('refuses a missing or wrong token with 401 problem+json, and a session instead of the token', async () => {
    const body = { event: 'RINGING', callId: 'x-1', callerNumber: '13812345678', extension: '8001' };
    for (const auth of ['', 'Bearer nope', `Basic ${token}`, `Bearer ${token}x`]) {
      expectProblem(await event(body, auth), {
        status: 401, code: 'CTI_TOKEN_INVALID', title: '未登录', detail: 'CTI 令牌缺失或错误。', instance: '/api/cti/events',
      });
    }
    expect((await t.call('admin', 'POST', '/api/cti/events', body)).statusCode).toBe(401);
    expect((await t.db.pool.query(`select count(*)::int as n from cti_calls`)).rows[0].n).toBe(0);
  });

  it('names an extension nobody has (422), a number without digits and a bad event (422)', async () => {
    const unknown = await event({ event: 'RINGING', callId: 'x-2', callerNumber: '13812345678', extension: '9999' });
    expect(invalidFields(unknown)).toEqual(['extension']);
    expect(unknown.json().code).toBe('CTI_UNKNOWN_EXTENSION');
    expect(unknown.json().detail).toContain('分机号 9999 未分配给任何坐席');
    expect(invalidFields(await event({ event: 'RINGING', callId: 'x-3', callerNumber: 'anonymous', extension: '8001' }))).toEqual(['callerNumber']);
    expect(invalidFields(await event({ event: 'TRANSFER', callId: 'x-4', callerNumber: '13812345678', extension: '8001' }))).toEqual(['event']);
    expect(invalidFields(await event({ event: 'RINGING', callId: 'x-5', callerNumber: '13812345678', extension: '8001', at: '2025-06-16T02:10:00Z' }))).toEqual(['at']);
  });

  it('RINGING finds the customer by mobile (+86, spaces, dashes): the card of the agent’s own call, outside its scope through callcenter', async () => {
    const answer = await ok({ event: 'RINGING', callId: 'call-1', callerNumber: '+86 138-1234-5678', extension: '8001' });
    expect(answer).toEqual({ callId: 'call-1', event: 'RINGING', matched: 1, contactId: null, durationSeconds: 0 });
    const res = await t.call('service4', 'GET', '/api/cti/calls/call-1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      callId: 'call-1', extension: '8001', callerNumber: '138****5678', state: 'RINGING',
      rangAt: '2025-06-16T02:00:00.000Z', answeredAt: null, hungUpAt: null, durationSeconds: 0,
      customers: [{
        customerNo: 'C0001', name: '钱多多', idNo: '110101********1234', mobile: '138****5678', riskLevel: 'C4',
        tier: expect.any(String), lifecycle: expect.any(String),
        servingStaff: { staffNo: 'S001', name: '张伟' },
        inScope: false, // S004 serves only C0006: the card comes through the callcenter permission
        lastContacts: [], openAlerts: expect.any(Array),
      }],
      hiddenMatches: 0, customerNo: 'C0001', note: null, contactId: null, prospect: null,
      agents: [{ extension: '8001', username: 'service4', staffName: '赵敏', startedAt: '2025-06-16T02:00:00.000Z', endedAt: null }], transferredAway: false,
    });
    // nobody else reads the call, not even a login that has C0001 in scope
    expect((await t.call('broker1', 'GET', '/api/cti/calls/call-1')).statusCode).toBe(404);
    expect((await t.call('admin', 'GET', '/api/cti/calls/call-1')).statusCode).toBe(404);
    // and the 360° view stays scoped
    expect((await t.call('service4', 'GET', '/api/customers/C0001')).statusCode).toBe(404);
  });

  it('an agent without callcenter sees only the callers in its scope; the others are counted, not shown', async () => {
    await ok({ event: 'RINGING', callId: 'call-b1', callerNumber: '13700006666', extension: '8002' }); // C0006, not broker1's
    const hidden = (await t.call('broker1', 'GET', '/api/cti/calls/call-b1')).json();
    expect(hidden.customers).toEqual([]);
    expect(hidden.hiddenMatches).toBe(1);
    await ok({ event: 'RINGING', callId: 'call-b2', callerNumber: '13812345678', extension: '8002' }); // C0001, broker1's
    const shown = (await t.call('broker1', 'GET', '/api/cti/calls/call-b2')).json();
    expect(shown.customers.map((c: { customerNo: string; inScope: boolean }) => [c.customerNo, c.inScope])).toEqual([['C0001', true]]);
  });

  it('a number shared by two customers lists both, records neither until the agent picks one', async () => {
    const answer = await ok({ event: 'RINGING', callId: 'call-2', callerNumber: '139 0000 1111', extension: '8001' });
    expect(answer.matched).toBe(2);
    const card = (await t.call('service4', 'GET', '/api/cti/calls/call-2')).json();
    expect(card.customers.map((c: { customerNo: string; name: string }) => [c.customerNo, c.name])).toEqual([['C0002', '孙分成'], ['C0003', '周三']]);
    expect(card.customerNo).toBeNull();
    await ok({ event: 'ANSWERED', callId: 'call-2', callerNumber: '139 0000 1111', extension: '8001', at: '2025-06-16T02:00:10Z' });
    const hangup = await ok({ event: 'HANGUP', callId: 'call-2', callerNumber: '139 0000 1111', extension: '8001', at: '2025-06-16T02:01:00Z' });
    expect(hangup).toMatchObject({ contactId: null, durationSeconds: 50 });
    // the agent picks 周三 after the hang-up: the contact is written then
    const recorded = await t.call('service4', 'POST', '/api/cti/calls/call-2/record', { customerNo: 'C0003', note: '询问密码重置' });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ customerNo: 'C0003', note: '询问密码重置', contactId: expect.stringMatching(/^\d+$/), state: 'ENDED', durationSeconds: 50 });
    const { rows } = await t.db.pool.query(`select customer_no, channel, summary, staff_no, at from contacts where id = $1`, [recorded.json().contactId]);
    expect(rows).toEqual([{ customer_no: 'C0003', channel: 'CALL_CENTER', summary: '呼叫中心来电，通话 50秒；坐席小结：询问密码重置', staff_no: 'S004', at: new Date('2025-06-16T02:00:10Z') }]);
    // another customer for a recorded call: 409; a customer neither on the card nor in scope: 404
    expect((await t.call('service4', 'POST', '/api/cti/calls/call-2/record', { customerNo: 'C0002' })).json().code).toBe('CTI_CALL_RECORDED');
    expect((await t.call('service4', 'POST', '/api/cti/calls/call-2/record', { customerNo: 'C0001' })).statusCode).toBe(404);
  });

  it('HANGUP records one contact (CALL_CENTER, the agent as staff, answered → hang-up), however often it comes', async () => {
    const base = { callId: 'call-3', callerNumber: '13812345678', extension: '8001' };
    await ok({ ...base, event: 'RINGING', at: '2025-06-16T01:59:50Z' });
    await ok({ ...base, event: 'ANSWERED', at: '2025-06-16T02:00:05Z' });
    const first = await ok({ ...base, event: 'HANGUP', at: '2025-06-16T02:02:10Z' });
    expect(first).toEqual({ callId: 'call-3', event: 'HANGUP', matched: 1, contactId: expect.stringMatching(/^\d+$/), durationSeconds: 125 });
    const again = await ok({ ...base, event: 'HANGUP', at: '2025-06-16T02:03:00Z' }); // a retried webhook
    expect(again).toEqual(first);
    const { rows } = await t.db.pool.query(
      `select k.customer_no, k.channel, k.summary, k.staff_no, k.at, u.username from contacts k join users u on u.id = k.created_by where k.channel = 'CALL_CENTER' and k.customer_no = 'C0001'`);
    expect(rows).toEqual([{ customer_no: 'C0001', channel: 'CALL_CENTER', summary: '呼叫中心来电，通话 2分05秒', staff_no: 'S004', at: new Date('2025-06-16T02:00:05Z'), username: 'service4' }]);
    // the broker who serves C0001 sees it among the customer's contacts
    const contacts = (await t.call('broker1', 'GET', '/api/customers/C0001/contacts')).json();
    expect(contacts.items[0]).toMatchObject({ channel: 'CALL_CENTER', summary: '呼叫中心来电，通话 2分05秒', staffNo: 'S004', staffName: '赵敏', createdBy: 'service4' });
    // the agent's summary afterwards replaces the call's summary on the same contact
    const noted = await t.call('service4', 'POST', '/api/cti/calls/call-3/record', { customerNo: 'C0001', note: '客户咨询两融开户', nextAction: { text: '回电告知材料', dueOn: '2025-06-17' } });
    expect(noted.json().contactId).toBe(first.contactId);
    const after = await t.db.pool.query(`select summary, next_action, next_due_on from contacts where id = $1`, [first.contactId]);
    expect(after.rows).toEqual([{ summary: '呼叫中心来电，通话 2分05秒；坐席小结：客户咨询两融开户', next_action: '回电告知材料', next_due_on: '2025-06-17' }]);
    // the card now lists the call among the last contacts
    expect((await t.call('service4', 'GET', '/api/cti/calls/call-3')).json().customers[0].lastContacts[0]).toMatchObject({ channel: 'CALL_CENTER', staffName: '赵敏' });
  });

  it('a call never answered is recorded as such', async () => {
    const base = { callId: 'call-4', callerNumber: '13812345678', extension: '8001' };
    await ok({ ...base, event: 'RINGING' });
    const hangup = await ok({ ...base, event: 'HANGUP' });
    const { rows } = await t.db.pool.query(`select summary from contacts where id = $1`, [hangup.contactId]);
    expect(rows[0].summary).toBe('呼叫中心来电，未接通');
  });

  it('an unknown number: a prospect noted once with the call’s number, or a contact for a customer in the agent’s scope', async () => {
    const answer = await ok({ event: 'RINGING', callId: 'call-5', callerNumber: '+86 186 0000 0000', extension: '8001' });
    expect(answer.matched).toBe(0);
    const card = (await t.call('service4', 'GET', '/api/cti/calls/call-5')).json();
    expect(card).toMatchObject({ customers: [], hiddenMatches: 0, callerNumber: '186****0000' });
    const noted = await t.call('service4', 'POST', '/api/cti/calls/call-5/prospect', { name: '  王先生 ', note: '想了解开户流程' });
    expect(noted.statusCode).toBe(201);
    expect(noted.json().prospect).toEqual({ id: expect.any(String), name: '王先生' });
    expect((await t.call('service4', 'POST', '/api/cti/calls/call-5/prospect', { name: '王先生' })).json().code).toBe('CTI_PROSPECT_NOTED');
    // a customer picked from the agent's own scope (C0006), but not one outside it
    expect((await t.call('service4', 'POST', '/api/cti/calls/call-5/record', { customerNo: 'C0001' })).statusCode).toBe(404);
    expect((await t.call('service4', 'POST', '/api/cti/calls/call-5/record', { customerNo: 'C0006', note: '代家人来电' })).json()).toMatchObject({ customerNo: 'C0006', contactId: null });
    // the prospect list: masked for the agent, unmasked for the administrator (audited)
    const mine = (await t.call('service4', 'GET', '/api/cti/prospects')).json();
    expect(mine.items).toEqual([{ id: expect.any(String), callId: 'call-5', name: '王先生', mobile: '186****0000', note: '想了解开户流程', createdBy: 'service4', staffName: '赵敏', createdAt: '2025-06-16T02:00:00.000Z' }]);
    expect((await t.call('broker1', 'GET', '/api/cti/prospects')).json().items).toEqual([]); // another staff member's
    expect((await t.call('admin', 'GET', '/api/cti/prospects')).json().items[0].mobile).toBe('18600000000');
    const audit = await t.db.pool.query(`select count(*)::int as n from audit_log where action = 'cti_prospect.view_pii' and username = 'admin'`);
    expect(audit.rows[0].n).toBe(1);
  });

  it('a login with the pii permission sees the card unmasked, and that view is audited', async () => {
    await ok({ event: 'RINGING', callId: 'call-6', callerNumber: '13812345678', extension: '8003' });
    const card = (await t.call('admin_s', 'GET', '/api/cti/calls/call-6')).json();
    expect(card.callerNumber).toBe('13812345678');
    expect(card.customers[0]).toMatchObject({ idNo: '110101199001011234', mobile: '13812345678', inScope: true });
    const { rows } = await t.db.pool.query(`select action, entity, detail from audit_log where username = 'admin_s' and action = 'customer.view_pii'`);
    expect(rows).toEqual([{ action: 'customer.view_pii', entity: 'customer', detail: { via: 'callcenter', callId: 'call-6', customerNos: ['C0001'] } }]);
    // the agent reading masked cards writes no such entry
    const masked = await t.db.pool.query(`select count(*)::int as n from audit_log where username = 'service4' and action = 'customer.view_pii'`);
    expect(masked.rows[0].n).toBe(0);
  });

  it('the stream is for agents only', async () => {
    const res = await t.call('broker2', 'GET', '/api/cti/stream');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CTI_NOT_AN_AGENT');
    expect((await t.app.inject({ method: 'GET', url: '/api/cti/stream' })).statusCode).toBe(401);
  });
});

describe('转接: TRANSFERRED moves the call to another extension; one contact record with both agents', () => {
  const base = { callId: 'call-t1', callerNumber: '13812345678' };

  it('refuses a transfer without a target, to the same or an unknown extension', async () => {
    await ok({ ...base, event: 'RINGING', extension: '8001', at: '2025-06-16T01:58:00Z' });
    await ok({ ...base, event: 'ANSWERED', extension: '8001', at: '2025-06-16T01:58:10Z' });
    expect(invalidFields(await event({ ...base, event: 'TRANSFERRED', extension: '8001' }))).toEqual(['toExtension']);
    expect(invalidFields(await event({ ...base, event: 'TRANSFERRED', extension: '8001', toExtension: '8001' }))).toEqual(['toExtension']);
    expect(invalidFields(await event({ ...base, event: 'RINGING', extension: '8001', toExtension: '8002' }))).toEqual(['toExtension']);
    const unknown = await event({ ...base, event: 'TRANSFERRED', extension: '8001', toExtension: '9999' });
    expect(invalidFields(unknown)).toEqual(['toExtension']);
    expect(unknown.json().code).toBe('CTI_UNKNOWN_EXTENSION');
  });

  it('moves the call from service4 (8001) to broker1 (8002); a retry changes nothing; a transfer from where the call is not: 409', async () => {
    const moved = await ok({ ...base, event: 'TRANSFERRED', extension: '8001', toExtension: '8002', at: '2025-06-16T01:59:00Z' });
    expect(moved).toEqual({ callId: 'call-t1', event: 'TRANSFERRED', matched: 1, contactId: null, durationSeconds: 0 });
    expect(await ok({ ...base, event: 'TRANSFERRED', extension: '8001', toExtension: '8002', at: '2025-06-16T01:59:30Z' })).toEqual(moved);
    const elsewhere = await event({ ...base, event: 'TRANSFERRED', extension: '8001', toExtension: '8003' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().code).toBe('CTI_TRANSFER_NOT_HERE');
    const legs = [
      { extension: '8001', username: 'service4', staffName: '赵敏', startedAt: '2025-06-16T01:58:00.000Z', endedAt: '2025-06-16T01:59:00.000Z' },
      { extension: '8002', username: 'broker1', staffName: '张伟', startedAt: '2025-06-16T01:59:00.000Z', endedAt: null },
    ];
    // broker1 holds the call now (C0001 is in its scope); service4 still reads it, marked as transferred away
    expect((await t.call('broker1', 'GET', '/api/cti/calls/call-t1')).json()).toMatchObject({ extension: '8002', agents: legs, transferredAway: false, customers: [{ customerNo: 'C0001', inScope: true }] });
    expect((await t.call('service4', 'GET', '/api/cti/calls/call-t1')).json()).toMatchObject({ extension: '8002', agents: legs, transferredAway: true });
    expect((await t.call('admin_s', 'GET', '/api/cti/calls/call-t1')).statusCode).toBe(404);
    // only the agent holding the call records it
    expect((await t.call('service4', 'POST', '/api/cti/calls/call-t1/record', { customerNo: 'C0001', note: 'x' })).json().code).toBe('CTI_CALL_TRANSFERRED');
  });

  it('the hang-up at 8002 writes one contact: broker1’s, answered 01:58:10 → 02:01:15 = 3分05秒, naming both agents', async () => {
    const hangup = await ok({ ...base, event: 'HANGUP', extension: '8002', at: '2025-06-16T02:01:15Z' });
    expect(hangup).toMatchObject({ durationSeconds: 185, contactId: expect.stringMatching(/^\d+$/) });
    const { rows } = await t.db.pool.query(
      `select k.customer_no, k.summary, k.staff_no, k.at, u.username from contacts k join users u on u.id = k.created_by where k.id = $1`, [hangup.contactId]);
    expect(rows).toEqual([{ customer_no: 'C0001', summary: '呼叫中心来电，通话 3分05秒，转接：赵敏(8001) → 张伟(8002)', staff_no: 'S001', at: new Date('2025-06-16T01:58:10Z'), username: 'broker1' }]);
    const noted = await t.call('broker1', 'POST', '/api/cti/calls/call-t1/record', { customerNo: 'C0001', note: '转接后办理两融咨询' });
    expect(noted.json().contactId).toBe(hangup.contactId);
    const after = await t.db.pool.query(`select summary from contacts where id = $1`, [hangup.contactId]);
    expect(after.rows[0].summary).toBe('呼叫中心来电，通话 3分05秒，转接：赵敏(8001) → 张伟(8002)；坐席小结：转接后办理两融咨询');
    expect((await t.db.pool.query(`select count(*)::int as n from contacts where channel = 'CALL_CENTER' and summary like '%转接%'`)).rows[0].n).toBe(1);
    // a transfer after the hang-up: 409
    expect((await event({ ...base, event: 'TRANSFERRED', extension: '8002', toExtension: '8001' })).json().code).toBe('CTI_CALL_ENDED');
  });
});

describe('GET /api/cti/calls (通话记录)', () => {
  type Row = { callId: string; outcome: string; durationSeconds: number; callerNumber: string; mine: boolean; agents: { extension: string }[];
    customer: { customerNo: string; name: string | null; inScope: boolean } | null; contact: { id: string; summary: string | null } | null; prospectName: string | null };
  const list = async (user: string, query = '') => {
    const res = await t.call(user, 'GET', `/api/cti/calls${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Row[]; total: number };
  };
  const ids = (rows: Row[]) => rows.map((r) => r.callId).sort();

  it('an agent lists the calls it held (a transferred call for both agents), answered / missed / in progress', async () => {
    expect(ids((await list('service4', '?mine=true')).items)).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'call-t1']);
    expect(ids((await list('broker1', '?mine=true')).items)).toEqual(['call-b1', 'call-b2', 'call-t1']);
    expect(ids((await list('service4', '?mine=true&outcome=ANSWERED')).items)).toEqual(['call-2', 'call-3', 'call-t1']);
    expect(ids((await list('service4', '?mine=true&outcome=MISSED')).items)).toEqual(['call-4']);
    expect(ids((await list('service4', '?mine=true&outcome=IN_PROGRESS')).items)).toEqual(['call-1', 'call-5']);
    expect((await list('broker2')).total).toBe(0);
  });

  it('a row: masked number, duration, agents, the customer and the contact; names outside the scope only on one’s own call’s card hours', async () => {
    const mine = (await list('service4', '?mine=true')).items;
    const t1 = mine.find((r) => r.callId === 'call-t1')!;
    expect(t1).toMatchObject({
      outcome: 'ANSWERED', durationSeconds: 185, callerNumber: '138****5678', mine: true, agents: [{ extension: '8001' }, { extension: '8002' }],
      customer: { customerNo: 'C0001', name: '钱多多', inScope: false },
      contact: { summary: '呼叫中心来电，通话 3分05秒，转接：赵敏(8001) → 张伟(8002)；坐席小结：转接后办理两融咨询' },
    });
    expect(mine.find((r) => r.callId === 'call-5')).toMatchObject({ outcome: 'IN_PROGRESS', prospectName: '王先生', customer: { customerNo: 'C0006', name: '冯六', inScope: true }, contact: null });
    // broker1 has no callcenter permission: C0006 (not its customer) by number only
    expect((await list('broker1')).items.find((r) => r.callId === 'call-b1')).toMatchObject({ mine: true, customer: { customerNo: 'C0006', name: null, inScope: false } });
    // once the card hours are over (call-3 made to have rung 13 hours ago), service4 keeps the number only for C0001 (not in its scope)
    await t.db.pool.query(`update cti_calls set rang_at = rang_at - interval '13 hours' where call_id = 'call-3'`);
    try {
      expect((await list('service4', '?mine=true')).items.find((r) => r.callId === 'call-3')).toMatchObject({ customer: { customerNo: 'C0001', name: null }, contact: { summary: null } });
    } finally {
      await t.db.pool.query(`update cti_calls set rang_at = rang_at + interval '13 hours' where call_id = 'call-3'`);
    }
  });

  it('a supervisor lists the calls of the agents in its staff scope: the team lead of T11 (赵敏, 张伟) all but 陈静’s; head office all', async () => {
    const team = await list('tl_t11');
    expect(ids(team.items)).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'call-b1', 'call-b2', 'call-t1']);
    expect(team.items.every((r) => !r.mine)).toBe(true);
    expect(team.items.find((r) => r.callId === 'call-3')).toMatchObject({ customer: { customerNo: 'C0001', name: '钱多多', inScope: true } });
    expect((await list('tl_t11', '?mine=true')).total).toBe(0);
    expect((await list('tl_t11', '?pageSize=3&page=3')).items).toHaveLength(2);
    const all = await list('admin');
    expect(all.total).toBe(9);
    expect(all.items.find((r) => r.callId === 'call-6')!.callerNumber).toBe('13812345678');
    expect((await t.db.pool.query(`select count(*)::int as n from audit_log where username = 'admin' and action = 'customer.view_pii' and detail->>'via' = 'callList'`)).rows[0].n).toBe(1);
    expect((await list('admin', '?from=2025-06-17')).total).toBe(0);
    expect((await list('admin', '?from=2025-06-16&to=2025-06-16')).total).toBe(9);
  });
});

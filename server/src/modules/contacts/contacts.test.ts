/**
 * Contact records (接触记录) and follow-ups against a real PostgreSQL, on the fixture brokerage at
 * FIXED_NOW = 2025-06-16T02:00:00Z (business date 2025-06-16 in Asia/Shanghai). broker1 = S001
 * (张伟, scope C0001 钱多多 and C0002 孙分成), broker2 = S002 (李娜, scope C0002 and C0003).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { expectProblem, invalidFields } from '../../../test/problem.js';

const t = useTestApp({ seed: withBrokerage(), sessions: ['admin', 'compliance', 'broker1', 'broker2', 'broker3'] });

const NOW = '2025-06-16T02:00:00.000Z';

function post(username: string, body: unknown) {
  return t.call(username, 'POST', '/api/contacts', body);
}

function get(username: string, url: string) {
  return t.call(username, 'GET', url);
}

async function created(username: string, body: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
  const res = await post(username, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('POST /api/contacts', () => {
  it('records a contact without a next action: at defaults to now, staff is the caller’s', async () => {
    const res = await post('broker1', { customerNo: 'C0001', channel: 'PHONE', summary: '  电话回访，客户关注新股申购  ' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^\d+$/),
      customerNo: 'C0001',
      customerName: '钱多多',
      channel: 'PHONE',
      summary: '电话回访，客户关注新股申购', // trimmed
      at: NOW,
      staffNo: 'S001',
      staffName: '张伟',
      createdBy: 'broker1',
      nextAction: null,
    });
    const audit = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'contact.create' and entity_id = $1`, [res.json().id]);
    expect(audit.rows).toEqual([
      { username: 'broker1', entity: 'contact', entity_id: res.json().id, detail: { customerNo: 'C0001', channel: 'PHONE', nextActionDueOn: null } },
    ]);
  });

  it('records a contact with a time and a next action; a user without a staff link records none', async () => {
    const res = await post('admin', {
      customerNo: 'C2001', channel: 'VISIT', summary: '上门拜访', at: '2025-06-15T09:30:00+08:00', nextAction: { text: ' 寄送资产配置方案 ', dueOn: '2025-06-16' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      customerNo: 'C2001',
      channel: 'VISIT',
      at: '2025-06-15T01:30:00.000Z', // 09:30 in Shanghai
      staffNo: null,
      staffName: null,
      createdBy: 'admin',
      nextAction: { text: '寄送资产配置方案', dueOn: '2025-06-16', doneAt: null }, // due today is allowed
    });
  });

  it('accepts a time exactly 5 minutes ahead and a 2000-character summary', async () => {
    const res = await post('broker1', { customerNo: 'C0001', channel: 'WECHAT', summary: '长'.repeat(2000), at: '2025-06-16T02:05:00Z' });
    expect(res.statusCode).toBe(201);
    expect(res.json().at).toBe('2025-06-16T02:05:00.000Z');
  });

  it.each([
    ['an unknown channel', { channel: 'FAX' }, ['channel']],
    ['an empty summary', { summary: '' }, ['summary']],
    ['a blank summary (empty once trimmed)', { summary: '   ' }, ['summary']],
    ['a 2001-character summary', { summary: '长'.repeat(2001) }, ['summary']],
    ['a time 10 minutes ahead', { at: '2025-06-16T02:10:00Z' }, ['at']],
    ['a time 5 minutes and 1 second ahead', { at: '2025-06-16T02:05:01Z' }, ['at']],
    ['a time that is no date-time', { at: '2025-06-16' }, ['at']],
    ['a next action due yesterday', { nextAction: { text: '回电', dueOn: '2025-06-15' } }, ['nextAction.dueOn']],
    ['a next action without text', { nextAction: { text: '', dueOn: '2025-06-20' } }, ['nextAction.text']],
    ['a NUL byte in the summary', { summary: '回访\u0000' }, ['summary']],
  ])('422 for %s', async (_name, change, fields) => {
    const before = await t.db.pool.query(`select count(*)::int as n from contacts`);
    const res = await post('broker1', { customerNo: 'C0001', channel: 'PHONE', summary: '回访', ...change });
    expect(invalidFields(res)).toEqual(fields);
    expect((await t.db.pool.query(`select count(*)::int as n from contacts`)).rows).toEqual(before.rows);
  });

  it('answers a broker for a customer outside its scope exactly like an unknown customer', async () => {
    const answers = await Promise.all(['C2001', 'C0006', 'C9999'].map((customerNo) => post('broker1', { customerNo, channel: 'PHONE', summary: '回访' })));
    for (const res of answers) {
      expectProblem(res, { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: '/api/contacts' });
    }
    const stored = await t.db.pool.query(`select count(*)::int as n from contacts where customer_no in ('C2001', 'C0006', 'C9999') and created_by = (select id from users where username = 'broker1')`);
    expect(stored.rows).toEqual([{ n: 0 }]);
  });

  it('is 403 for COMPLIANCE, which only reads', async () => {
    const res = await post('compliance', { customerNo: 'C0001', channel: 'PHONE', summary: '回访' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await get('compliance', '/api/customers/C0001/contacts')).statusCode).toBe(200);
  });

  it('writes the contact and its audit row in one transaction: no contact when the audit fails', async () => {
    await t.db.pool.query(`
      create function fail_contact_audit() returns trigger language plpgsql as $$
      begin if new.action = 'contact.create' then raise exception 'audit refused'; end if; return new; end $$;
      create trigger fail_contact_audit before insert on audit_log for each row execute function fail_contact_audit();`);
    try {
      const before = await t.db.pool.query(`select count(*)::int as n from contacts`);
      const res = await post('broker1', { customerNo: 'C0001', channel: 'SMS', summary: '审计失败时不应留下记录' });
      expect(res.statusCode).toBe(500);
      expect((await t.db.pool.query(`select count(*)::int as n from contacts`)).rows).toEqual(before.rows);
    } finally {
      await t.db.pool.query(`drop trigger fail_contact_audit on audit_log; drop function fail_contact_audit();`);
    }
  });
});

describe('GET /api/customers/{customerNo}/contacts', () => {
  it('lists the customer’s contacts newest first (by contact time, not by entry), a page at a time', async () => {
    // C0003: only broker2's so far; entered out of time order
    const a = await created('broker2', { customerNo: 'C0003', channel: 'COUNTER', summary: '柜台办理', at: '2025-06-10T01:00:00Z' });
    const c = await created('broker2', { customerNo: 'C0003', channel: 'EMAIL', summary: '发送月报', at: '2025-06-14T01:00:00Z' });
    const b = await created('broker2', { customerNo: 'C0003', channel: 'CALL_CENTER', summary: '来电咨询', at: '2025-06-12T01:00:00Z' });

    const first = await get('broker2', '/api/customers/C0003/contacts?page=1&pageSize=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().total).toBe(3);
    expect(first.json().items.map((i: { id: string }) => i.id)).toEqual([c.id, b.id]);
    expect(first.json().items[0]).toEqual(c);
    const second = await get('broker2', '/api/customers/C0003/contacts?page=2&pageSize=2');
    expect(second.json()).toEqual({ items: [a], total: 3 });
  });

  it('answers out of scope like unknown (404), and lists nothing for a customer without contacts', async () => {
    const outside = await get('broker1', '/api/customers/C0003/contacts');
    const unknown = await get('broker1', '/api/customers/C9999/contacts');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual({ ...unknown.json(), instance: '/api/customers/C0003/contacts' });
    expect((await get('broker1', '/api/customers/C0002/contacts')).json()).toEqual({ items: [], total: 0 });
  });
});

describe('GET /api/customers/{customerNo}/timeline', () => {
  it('merges the customer’s contacts and the events of its workflows newest first', async () => {
    // C0008: no contacts yet; a relationship flow submitted by admin at NOW, contacts an hour before and 3 minutes after
    // the acting user is shown by display name (a staff login's is the staff member's name), the username kept beside it
    await t.db.pool.query(`update users set display_name = '系统管理员' where username = 'admin'`);
    const flow = await t.call('admin', 'POST', '/api/workflows', {
      type: 'RELATIONSHIP_ADD', payload: { customerNo: 'C0008', staffNo: 'S002', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' },
    });
    expect(flow.statusCode, flow.body).toBe(201);
    const before = await created('admin', { customerNo: 'C0008', channel: 'PHONE', summary: '确认服务人员', at: '2025-06-16T01:00:00Z' });
    const after = await created('admin', { customerNo: 'C0008', channel: 'SMS', summary: '通知新服务人员', at: '2025-06-16T02:03:00Z' });

    const res = await get('admin', '/api/customers/C0008/timeline');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { kind: 'CONTACT', at: '2025-06-16T02:03:00.000Z', contact: after },
        { kind: 'WORKFLOW', at: NOW, workflow: { id: flow.json().id, type: 'RELATIONSHIP_ADD', status: 'PENDING', event: 'submit', by: 'admin', byName: '系统管理员' } },
        { kind: 'CONTACT', at: '2025-06-16T01:00:00.000Z', contact: before },
      ],
    });
    const limited = await get('admin', '/api/customers/C0008/timeline?limit=2');
    expect(limited.json().items.map((i: { kind: string }) => i.kind)).toEqual(['CONTACT', 'WORKFLOW']);
  });

  it('answers out of scope like unknown, and 422 for a limit over 200', async () => {
    const outside = await get('broker1', '/api/customers/C0008/timeline');
    expect(outside.statusCode).toBe(404);
    expect(outside.json().detail).toBe((await get('broker1', '/api/customers/C9999/timeline')).json().detail);
    expect(invalidFields(await get('admin', '/api/customers/C0008/timeline?limit=201'))).toEqual(['limit']);
  });
});

describe('follow-ups', () => {
  it('lists the caller’s open next actions by due date (overdue first), marks them done, and counts them on /api/me', async () => {
    // broker3 (S003: C0004, C0005, C0006) has none yet
    expect((await get('broker3', '/api/me')).json().openFollowUps).toBe(0);
    const later = await created('broker3', { customerNo: 'C0004', channel: 'PHONE', summary: '约下周面谈', nextAction: { text: '面谈', dueOn: '2025-06-20' } });
    const today = await created('broker3', { customerNo: 'C0005', channel: 'PHONE', summary: '资料待补', nextAction: { text: '补交资料', dueOn: '2025-06-16' } });
    const overdue = await created('broker3', { customerNo: 'C0006', channel: 'VISIT', summary: '拜访', nextAction: { text: '回访', dueOn: '2025-06-18' } });
    await created('broker3', { customerNo: 'C0006', channel: 'WEB', summary: '无后续' }); // no next action: no follow-up
    await t.db.pool.query(`update contacts set next_due_on = '2025-06-10' where id = $1`, [overdue.id]); // as if recorded a week ago

    const open = await get('broker3', '/api/follow-ups');
    expect(open.statusCode).toBe(200);
    expect(open.json().total).toBe(3);
    expect(open.json().items.map((f: { id: string; overdue: boolean; nextAction: { dueOn: string } }) => [f.id, f.nextAction.dueOn, f.overdue])).toEqual([
      [overdue.id, '2025-06-10', true],
      [today.id, '2025-06-16', false],
      [later.id, '2025-06-20', false],
    ]);
    expect(open.json().items[1]).toEqual({ ...today, overdue: false });
    expect((await get('broker3', '/api/me')).json().openFollowUps).toBe(2); // due today or earlier

    const done = await t.call('broker3', 'POST', `/api/follow-ups/${today.id}/done`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ ...today, nextAction: { text: '补交资料', dueOn: '2025-06-16', doneAt: NOW }, overdue: false });
    await t.call('broker3', 'POST', `/api/follow-ups/${later.id}/done`);
    await t.db.pool.query(`update contacts set next_done_at = '2025-06-16T01:00:00Z' where id = $1`, [today.id]); // done an hour earlier

    expect((await get('broker3', '/api/follow-ups?status=open')).json().items.map((f: { id: string }) => f.id)).toEqual([overdue.id]);
    const doneList = await get('broker3', '/api/follow-ups?status=done&pageSize=1');
    expect(doneList.json().total).toBe(2);
    expect(doneList.json().items.map((f: { id: string }) => f.id)).toEqual([later.id]); // done last, listed first
    expect((await get('broker3', '/api/follow-ups?status=done&page=2&pageSize=1')).json().items.map((f: { id: string }) => f.id)).toEqual([today.id]);
    expect((await get('broker3', '/api/me')).json().openFollowUps).toBe(1);
    expect((await get('broker2', '/api/follow-ups')).json()).toEqual({ items: [], total: 0 }); // only one's own
  });

  it('is 404 for another user’s follow-up, as for an unknown one, and changes nothing', async () => {
    const mine = await created('broker1', { customerNo: 'C0002', channel: 'PHONE', summary: '回访', nextAction: { text: '回电', dueOn: '2025-06-17' } });
    const byOther = await t.call('broker2', 'POST', `/api/follow-ups/${mine.id}/done`);
    const unknown = await t.call('broker2', 'POST', '/api/follow-ups/999999999/done');
    expect(byOther.statusCode).toBe(404);
    expect(byOther.json()).toEqual({ ...unknown.json(), instance: `/api/follow-ups/${mine.id}/done` });
    const row = await t.db.pool.query(`select next_done_at from contacts where id = $1`, [mine.id]);
    expect(row.rows).toEqual([{ next_done_at: null }]);
  });
});

/**
 * The alerts API against a real PostgreSQL, on the fixture brokerage at FIXED_NOW =
 * 2025-06-16T02:00:00Z (business date 2025-06-16). Four alerts are inserted by SQL (their
 * derivation is monitoring.derive.test.ts):
 *   a1 C0001 LARGE_WITHDRAWAL 2025-06-13  owner S001 张伟 (DEVELOP 1)
 *   a2 C0002 FREQUENT_CANCEL  2025-06-12  owner S001 (DEVELOP 0.6 beats S002's 0.4)
 *   a3 C0003 MARGIN_WARNING   2025-06-13  owner S001 (a SERVICE relationship on that day only, beating S002's DEVELOP)
 *   a4 C2001 QUICK_IN_OUT     2025-06-13  owner S201
 * broker1 = S001 sees C0001 and C0002 today; broker2 = S002 sees C0002 and C0003.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { expectProblem, invalidFields } from '../../../test/problem.js';
import { downloadedSheet } from '../../../test/xlsx.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, source)
                         values ('C0003', 'S001', 'SERVICE', 1, '2025-06-13', '2025-06-13', '2025-06-13', 'test')`);
    await db.pool.query(`insert into alerts (customer_no, rule, trade_date, evidence, updated_at) values
      ('C0001', 'LARGE_WITHDRAWAL', '2025-06-13', '{"bankOut":"600000.00","previousNetAsset":"1150000.00","previousDay":"2025-06-12","share":"0.5217"}', '2025-06-13T12:00:00Z'),
      ('C0002', 'FREQUENT_CANCEL', '2025-06-12', '{"orders":20,"cancelled":10,"share":"0.5000"}', '2025-06-12T12:00:00Z'),
      ('C0003', 'MARGIN_WARNING', '2025-06-13', '{"ratio":"1.4999","collateral":"149990.00","debt":"100000.00","line":"1.5"}', '2025-06-13T12:00:00Z'),
      ('C2001', 'QUICK_IN_OUT', '2025-06-13', '{"bankIn":"100000.00","bankInDay":"2025-06-12","bankOut":"90000.00","share":"0.9000","tradingDaysBetween":1}', '2025-06-13T12:00:00Z')`);
  },
  sessions: ['admin', 'compliance', 'broker1', 'broker2'],
});

const NOW = '2025-06-16T02:00:00.000Z';

async function idOf(customerNo: string): Promise<string> {
  const { rows } = await t.db.pool.query<{ id: string }>(`select id::text from alerts where customer_no = $1`, [customerNo]);
  return rows[0]!.id;
}

/** A problem+json answer with this status and code. */

function act(username: string, id: string, body: unknown) {
  return t.call(username, 'POST', `/api/alerts/${id}/actions`, body);
}

describe('GET /api/alerts', () => {
  it('lists the alerts in scope, newest day first, with their owner', async () => {
    const res = await t.call('broker1', 'GET', '/api/alerts');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      total: 2,
      items: [
        {
          id: await idOf('C0001'), rule: 'LARGE_WITHDRAWAL', customerNo: 'C0001', customerName: '钱多多', date: '2025-06-13',
          evidence: { bankOut: '600000.00', previousNetAsset: '1150000.00', previousDay: '2025-06-12', share: '0.5217' },
          ownerStaffNo: 'S001', ownerName: '张伟', status: 'NEW', withdrawn: false, updatedAt: '2025-06-13T12:00:00.000Z',
        },
        expect.objectContaining({ customerNo: 'C0002', rule: 'FREQUENT_CANCEL', date: '2025-06-12', ownerStaffNo: 'S001' }),
      ],
    });
  });

  it('shows each owner: SERVICE on the day before DEVELOP, the heaviest DEVELOP otherwise', async () => {
    const res = await t.call('admin', 'GET', '/api/alerts?from=2025-06-13&to=2025-06-13');
    expect(res.json().items.map((a: { customerNo: string; ownerStaffNo: string }) => [a.customerNo, a.ownerStaffNo])).toEqual([
      ['C2001', 'S201'], ['C0003', 'S001'], ['C0001', 'S001'], // same day: newest id first
    ]);
  });

  it('filters by rule, status, customer and days; pages', async () => {
    expect((await t.call('admin', 'GET', '/api/alerts?rule=MARGIN_WARNING')).json().items.map((a: { customerNo: string }) => a.customerNo)).toEqual(['C0003']);
    expect((await t.call('broker2', 'GET', '/api/alerts?customerNo=C0001')).json()).toEqual({ items: [], total: 0 }); // out of scope
    expect((await t.call('admin', 'GET', '/api/alerts?to=2025-06-12')).json().total).toBe(1);
    const page = (await t.call('admin', 'GET', '/api/alerts?pageSize=1&page=2')).json();
    expect([page.total, page.items.length]).toEqual([4, 1]);
    expect((await t.call('admin', 'GET', '/api/alerts?status=CLOSED')).json().total).toBe(0);
    expectProblem(await t.call('admin', 'GET', '/api/alerts?rule=NOPE'), {
      status: 422, code: 'VALIDATION_FAILED', title: '数据校验未通过', detail: '提交的数据有误，请检查各字段。', instance: '/api/alerts',
      errors: [{ field: 'rule', message: '无效选项：期望以下之一 "LARGE_WITHDRAWAL"|"QUICK_IN_OUT"|"FREQUENT_CANCEL"|"MARGIN_WARNING"|"MARGIN_LIQUIDATION"|"CHURN_RISK"' }],
    });
  });

  it('exports the filtered alerts in scope as Excel with coded cells by their label', async () => {
    const res = await t.call('broker2', 'GET', '/api/alerts?format=xlsx');
    const sheet = await downloadedSheet(res, 'alerts_2025-06-16.xlsx', '异常监控_2025-06-16.xlsx');
    expect(sheet.getCell('A1').value).toBe('异常监控');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual(['日期', '预警规则', '客户号', '客户姓名', '依据', '服务人员编号', '服务人员', '状态']);
    expect((sheet.getRow(6).values as unknown[]).slice(1, 5)).toEqual(['2025-06-13', '融资融券预警', 'C0003', '周三']);
    expect((sheet.getRow(7).values as unknown[]).slice(1, 4)).toEqual(['2025-06-12', '频繁撤单', 'C0002']);
    expect(sheet.rowCount).toBe(7);
    const { rows: audit } = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'report.export'`);
    expect(audit).toEqual([{ username: 'broker2', entity: 'report', entity_id: 'alerts', detail: { id: 'alerts', parameters: {}, rows: 2 } }]);
  });
});

describe('GET /api/alerts/{id} and POST /api/alerts/{id}/actions', () => {
  it('acknowledges, notes and closes an alert: history, audit in the same transaction, 409 after close', async () => {
    const id = await idOf('C0002');
    await t.db.pool.query(`update users set display_name = '李娜' where username = 'broker2'`);
    const ack = await act('broker1', id, { action: 'acknowledge' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ id, status: 'ACKNOWLEDGED', updatedAt: NOW });
    expectProblem(await act('broker1', id, { action: 'acknowledge' }), {
      status: 409, code: 'ALERT_STATUS', title: '冲突', detail: '该预警已确认，不能确认。', instance: `/api/alerts/${id}/actions`,
    });
    expect((await act('broker2', id, { action: 'note', comment: '  已电话联系客户  ' })).json().status).toBe('ACKNOWLEDGED');
    expect((await act('broker1', id, { action: 'close', comment: '客户确认为本人操作' })).json().status).toBe('CLOSED');
    expectProblem(await act('broker1', id, { action: 'close' }), {
      status: 409, code: 'ALERT_STATUS', title: '冲突', detail: '该预警已关闭，不能关闭。', instance: `/api/alerts/${id}/actions`,
    });
    expect((await act('broker1', id, { action: 'note', comment: '补充说明' })).json().status).toBe('CLOSED');

    const detail = await t.call('broker2', 'GET', `/api/alerts/${id}`);
    expect(detail.json()).toMatchObject({ id, status: 'CLOSED' });
    expect(detail.json().history).toEqual([
      { at: NOW, action: 'acknowledge', comment: null, by: 'broker1', byName: 'broker1' },
      { at: NOW, action: 'note', comment: '已电话联系客户', by: 'broker2', byName: '李娜' } /* the display name, else the username */,
      { at: NOW, action: 'close', comment: '客户确认为本人操作', by: 'broker1', byName: 'broker1' },
      { at: NOW, action: 'note', comment: '补充说明', by: 'broker1', byName: 'broker1' },
    ]);
    const { rows: audit } = await t.db.pool.query(`select username, action, entity, entity_id, detail from audit_log where entity = 'alert' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['alert.acknowledge', 'alert.note', 'alert.close', 'alert.note']);
    expect(audit[0]).toEqual({ username: 'broker1', action: 'alert.acknowledge', entity: 'alert', entity_id: id, detail: { customerNo: 'C0002', rule: 'FREQUENT_CANCEL', status: 'ACKNOWLEDGED' } });
  });

  it('closes a NEW alert directly; /api/me counts the NEW alerts in scope', async () => {
    expect((await t.call('broker2', 'GET', '/api/me')).json().openAlerts).toBe(1); // C0003 (C0002's is closed)
    expect((await t.call('admin', 'GET', '/api/me')).json().openAlerts).toBe(3);
    const id = await idOf('C0003');
    expect((await act('broker2', id, { action: 'close' })).json().status).toBe('CLOSED');
    expect((await t.call('broker2', 'GET', '/api/me')).json().openAlerts).toBe(0);
  });

  it('answers 404 for an alert out of scope or unknown, and writes nothing', async () => {
    const id = await idOf('C2001');
    expectProblem(await t.call('broker1', 'GET', `/api/alerts/${id}`), { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: `/api/alerts/${id}` });
    expectProblem(await act('broker1', id, { action: 'acknowledge' }), { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: `/api/alerts/${id}/actions` });
    expectProblem(await act('admin', '999999', { action: 'acknowledge' }), { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: '/api/alerts/999999/actions' });
    // out of the broker's scope answers exactly like an alert that does not exist (the message included)
    const unknown = (await t.call('broker1', 'GET', '/api/alerts/999999')).json();
    expect((await t.call('broker1', 'GET', `/api/alerts/${id}`)).json()).toEqual({ ...unknown, instance: `/api/alerts/${id}` });
    const unknownAct = (await act('broker1', '999999', { action: 'acknowledge' })).json();
    expect((await act('broker1', id, { action: 'acknowledge' })).json()).toEqual({ ...unknownAct, instance: `/api/alerts/${id}/actions` });
    const { rows } = await t.db.pool.query(`select status from alerts where id = $1`, [id]);
    expect(rows).toEqual([{ status: 'NEW' }]);
  });

  it('refuses COMPLIANCE (read-only: 403), a note without comment and a comment over 1000 characters (422)', async () => {
    const id = await idOf('C0001');
    expect((await t.call('compliance', 'GET', `/api/alerts/${id}`)).statusCode).toBe(200);
    expectProblem(await act('compliance', id, { action: 'acknowledge' }), {
      status: 403, code: 'FORBIDDEN', title: '无权访问', detail: '您无权执行此操作。', instance: `/api/alerts/${id}/actions`,
    });
    expect(invalidFields(await act('broker1', id, { action: 'note' }))).toEqual(['comment']);
    expect(invalidFields(await act('broker1', id, { action: 'note', comment: '长'.repeat(1001) }))).toEqual(['comment']);
    expect((await act('broker1', id, { action: 'note', comment: '长'.repeat(1000) })).statusCode).toBe(200);
  });
});

describe('the customer timeline', () => {
  it('shows the customer’s alerts as ALERT entries at the day’s 15:00 in Shanghai', async () => {
    const res = await t.call('broker1', 'GET', '/api/customers/C0001/timeline');
    expect(res.json().items).toContainEqual({
      kind: 'ALERT', at: '2025-06-13T07:00:00.000Z', alert: expect.objectContaining({ rule: 'LARGE_WITHDRAWAL', customerNo: 'C0001' }),
    });
  });
});

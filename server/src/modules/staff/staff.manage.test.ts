/**
 * Staff management (人员管理, write side) against the fixture brokerage (test/fixtures.ts), today
 * 2025-06-16: create, edit, level/team history with effective dates (pending ones applied on their
 * day), leave dates, the 'to reassign' list, staffActiveOn, permissions and audit.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { staffActiveOn, staffInactiveReason } from '../org/org.employment.js';
import { applyDueStaffChanges } from './staff.manage.history.js';

const t = useTestApp({
  seed: withBrokerage(),
  sessions: ['admin', 'hq_user', 'compliance', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1', 'broker_left'],
});

const NEW_STAFF = {
  staffNo: 'S301', name: '郑新', category: 'BROKER', level: '见习', branchCode: 'B02', teamCode: 'T21', hireDate: '2025-06-02',
  contractType: 'AGENCY', mobile: '13912345678',
};

async function staffRow(staffNo: string) {
  const { rows } = await t.db.pool.query(
    'select level, team_code, category, contract_type, leave_date, status, name, mobile, hire_date from staff where staff_no = $1',
    [staffNo],
  );
  return rows[0];
}

async function history(staffNo: string) {
  const { rows } = await t.db.pool.query(
    `select field, old_value, new_value, changed_on, source, recorded_by, note, recorded_on from staff_history where staff_no = $1 order by id`,
    [staffNo],
  );
  return rows;
}

async function audits(action: string, entityId: string) {
  const { rows } = await t.db.pool.query('select username, detail from audit_log where action = $1 and entity_id = $2 order by id', [action, entityId]);
  return rows;
}

function fields(res: { json: () => { errors?: { field: string }[] } }): string[] {
  return (res.json().errors ?? []).map((e) => e.field);
}

describe('staffActiveOn: may a staff member hold a relationship on a day', () => {
  it.each([
    ['S099', '2025-05-31', true, null], // the leave date is the last working day
    ['S099', '2025-06-01', false, 'LEFT'],
    ['S001', '2020-03-01', true, null], // hire date
    ['S001', '2020-02-29', false, 'NOT_YET_HIRED'],
    ['S404', '2025-06-16', false, 'UNKNOWN_STAFF'],
  ])('%s on %s → %s', async (staffNo, date, active, reason) => {
    expect(await staffActiveOn(t.db.pool, staffNo, date)).toBe(active);
    expect(await staffInactiveReason(t.db.pool, staffNo, date)).toBe(reason);
  });
});

describe('POST /api/staff', () => {
  it('creates a staff member, audited', async () => {
    const res = await t.call('admin', 'POST', '/api/staff', NEW_STAFF);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      staffNo: 'S301', name: '郑新', category: 'BROKER', level: '见习', branchCode: 'B02', branchName: '上海陆家嘴营业部', teamCode: 'T21',
      teamName: '浦东一组', hireDate: '2025-06-02', leaveDate: null, contractType: 'AGENCY', mobile: '13912345678', email: null, status: 'ACTIVE',
      history: [], currentRelationships: 0, toReassign: 0,
    });
    expect(await audits('staff.created', 'S301')).toEqual([{ username: 'admin', detail: expect.objectContaining({ staffNo: 'S301', branchCode: 'B02' }) }]);
  });

  it('refuses a staff number that exists (409)', async () => {
    const res = await t.call('admin', 'POST', '/api/staff', NEW_STAFF);
    expect(res.statusCode).toBe(409);
  });

  it.each([
    [{ ...NEW_STAFF, staffNo: 'S302', leaveDate: '2025-06-01' }, ['leaveDate']],
    [{ ...NEW_STAFF, staffNo: 'S302', teamCode: 'T11' }, ['teamCode']], // T11 is in B01
    [{ ...NEW_STAFF, staffNo: 'S302', branchCode: 'B99', teamCode: null }, ['branchCode']],
    [{ ...NEW_STAFF, staffNo: 'S302', teamCode: 'T99' }, ['teamCode']],
    [{ ...NEW_STAFF, staffNo: 'S302', name: '' }, ['name']],
    [{ ...NEW_STAFF, staffNo: 'S302', level: '大师', mobile: '12345' }, ['level', 'mobile']],
    [{ ...NEW_STAFF, staffNo: 'S302', hireDate: '2025-02-30' }, ['hireDate']],
  ])('422 naming the bad fields %#', async (body, expected) => {
    const res = await t.call('admin', 'POST', '/api/staff', body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res)).toEqual(expected);
    expect(await staffRow('S302')).toBeUndefined();
  });

  it('lets a branch manager create staff in their own branch only', async () => {
    expect((await t.call('bm_b01', 'POST', '/api/staff', { ...NEW_STAFF, staffNo: 'S303' })).statusCode).toBe(403);
    const res = await t.call('bm_b01', 'POST', '/api/staff', { ...NEW_STAFF, staffNo: 'S303', branchCode: 'B01', teamCode: 'T12' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ branchCode: 'B01', teamCode: 'T12', mobile: '139****5678' }); // no pii permission: masked
  });

  it.each(['tl_t11', 'broker1', 'compliance'])('refuses %s (403)', async (username) => {
    const res = await t.call(username, 'POST', '/api/staff', { ...NEW_STAFF, staffNo: 'S304' });
    expect(res.statusCode).toBe(403);
    expect(await staffRow('S304')).toBeUndefined();
  });
});

describe('PATCH /api/staff/{staffNo}: level and team history (历史信息)', () => {
  it('records a back-dated level change as history and changes the staff row', async () => {
    const res = await t.call('admin', 'PATCH', '/api/staff/S002', { level: '中级', effectiveDate: '2025-06-01', note: '年度评级' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ historyAdded: 1, workflows: [], staff: { level: '中级', history: [expect.objectContaining({ field: 'level', oldValue: '初级', newValue: '中级', changedOn: '2025-06-01', recordedBy: 'admin', note: '年度评级', pending: false })] } });
    expect(await history('S002')).toEqual([
      { field: 'level', old_value: '初级', new_value: '中级', changed_on: '2025-06-01', source: 'STAFF_MANAGE', recorded_by: 'admin', note: '年度评级', recorded_on: '2025-06-16' },
    ]);
    expect((await staffRow('S002'))?.level).toBe('中级');
    expect(await audits('staff.updated', 'S002')).toHaveLength(1);
  });

  it('refuses a change dated before the field’s last change, and writes nothing', async () => {
    const res = await t.call('admin', 'PATCH', '/api/staff/S002', { level: '高级', effectiveDate: '2025-05-01' });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(['effectiveDate']);
    expect(await history('S002')).toHaveLength(1);
    expect(await audits('staff.updated', 'S002')).toHaveLength(1);
  });

  it('adds nothing when the value is already in force', async () => {
    const res = await t.call('admin', 'PATCH', '/api/staff/S002', { level: '中级' });
    expect(res.json()).toMatchObject({ historyAdded: 0 });
    expect(await history('S002')).toHaveLength(1);
  });

  it('keeps a future change pending until its day comes', async () => {
    const res = await t.call('admin', 'PATCH', '/api/staff/S002', { level: '高级', effectiveDate: '2025-07-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().staff.level).toBe('中级');
    expect(res.json().staff.history[0]).toMatchObject({ oldValue: '中级', newValue: '高级', changedOn: '2025-07-01', pending: true });
    // a later change of the same field builds on the pending one
    const refused = await t.call('admin', 'PATCH', '/api/staff/S002', { level: '资深', effectiveDate: '2025-06-20' });
    expect(fields(refused)).toEqual(['effectiveDate']);

    expect(await applyDueStaffChanges(t.db.pool, '2025-06-30')).toBe(0);
    expect((await staffRow('S002'))?.level).toBe('中级');
    expect(await applyDueStaffChanges(t.db.pool, '2025-07-01')).toBe(1);
    expect((await staffRow('S002'))?.level).toBe('高级');
    expect(await applyDueStaffChanges(t.db.pool, '2025-07-02')).toBe(0); // idempotent
  });

  it('moves a staff member to another team of the same branch, never across branches', async () => {
    const across = await t.call('admin', 'PATCH', '/api/staff/S001', { teamCode: 'T21' });
    expect(across.statusCode).toBe(422);
    expect(fields(across)).toEqual(['teamCode']);
    const res = await t.call('admin', 'PATCH', '/api/staff/S001', { teamCode: 'T12', effectiveDate: '2025-06-16' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().staff).toMatchObject({ teamCode: 'T12', teamName: '财富二组' });
    expect(await history('S001')).toEqual([expect.objectContaining({ field: 'team_code', old_value: 'T11', new_value: 'T12', changed_on: '2025-06-16' })]);
    // and back, so that the scope of the other tests stays as the fixtures describe
    await t.call('admin', 'PATCH', '/api/staff/S001', { teamCode: 'T11' });
    expect((await staffRow('S001'))?.team_code).toBe('T11');
  });

  it('edits plain fields without history', async () => {
    const res = await t.call('hq_user', 'PATCH', '/api/staff/S004', { name: '赵敏敏', mobile: '13800000004', contractType: 'AGENCY' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await staffRow('S004')).toMatchObject({ name: '赵敏敏', mobile: '13800000004', contract_type: 'AGENCY' });
    expect((await history('S004')).map((h) => [h.field, h.old_value, h.new_value])).toEqual([['contract_type', 'LABOR', 'AGENCY']]);
  });

  it.each([
    [{ effectiveDate: '2025-06-01' }, ['body']], // nothing to change
    [{ level: '高级', effectiveDate: '2019-01-01' }, ['effectiveDate']], // before the hire date 2020-03-01
    [{ hireDate: '2024-02-01' }, ['hireDate']], // after the start of C0001's relationship (2024-01-10)
    [{ leaveDate: '2019-01-01' }, ['leaveDate']], // before the hire date
    [{ email: 'not-an-email' }, ['email']],
  ])('422 on S001 %#', async (body, expected) => {
    const res = await t.call('admin', 'PATCH', '/api/staff/S001', body);
    expect(res.statusCode, res.body).toBe(422);
    expect(fields(res)).toEqual(expected);
  });

  it('hides staff outside a branch manager’s branch (404) and refuses other roles (403)', async () => {
    expect((await t.call('bm_b01', 'PATCH', '/api/staff/S201', { name: 'x' })).statusCode).toBe(404);
    expect((await t.call('bm_b01', 'GET', '/api/staff/S201/manage')).statusCode).toBe(404);
    expect((await t.call('admin', 'PATCH', '/api/staff/S404', { name: 'x' })).statusCode).toBe(404);
    expect((await t.call('tl_t11', 'PATCH', '/api/staff/S001', { name: 'x' })).statusCode).toBe(403);
    expect((await t.call('broker1', 'GET', '/api/staff/S001/manage')).statusCode).toBe(403);
    expect((await staffRow('S201'))?.name).toBe('周杰');
  });
});

describe('leave dates and the customers to reassign (待重新分配)', () => {
  it('lists the customers of staff who have left, scoped', async () => {
    const admin = await t.call('admin', 'GET', '/api/staff/to-reassign');
    expect(admin.statusCode, admin.body).toBe(200);
    expect(admin.json()).toEqual({
      total: 1,
      items: [{ relationshipId: expect.any(String), customerNo: 'C0008', customerName: '褚八', branchCode: 'B01', staffNo: 'S099', staffName: '孙离', leaveDate: '2025-05-31', kind: 'DEVELOP', weight: '1', effectiveFrom: '2024-01-01', endedOn: null }],
    });
    for (const [username, total] of [['bm_b01', 1], ['tl_t11', 1], ['tl_t21', 0], ['broker1', 0], ['broker_left', 0]] as const) {
      const res = await t.call(username, 'GET', '/api/staff/to-reassign');
      expect([username, res.json().total]).toEqual([username, total]);
    }
  });

  it('refuses a leave date before the start of one of the staff member’s relationships', async () => {
    // S003 holds C0004 from 2025-06-16
    const res = await t.call('admin', 'PATCH', '/api/staff/S003', { leaveDate: '2025-06-10' });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(['leaveDate']);
    expect((await staffRow('S003'))?.leave_date).toBeNull();
  });

  it('makes the staff member LEFT from the leave date and lists their open relationships', async () => {
    const res = await t.call('bm_b01', 'PATCH', '/api/staff/S003', { leaveDate: '2025-06-16', note: '辞职' });
    expect(res.statusCode, res.body).toBe(200);
    // C0004 (from 06-16) and C0006 stay open after the leave date; C0005 ends on it
    expect(res.json().staff).toMatchObject({ status: 'LEFT', leaveDate: '2025-06-16', currentRelationships: 3, toReassign: 2 });
    expect(await history('S003')).toEqual([expect.objectContaining({ field: 'leave_date', old_value: null, new_value: '2025-06-16', changed_on: '2025-06-16', recorded_by: 'bm_b01', note: '辞职' })]);
    expect(await staffActiveOn(t.db.pool, 'S003', '2025-06-16')).toBe(true);
    expect(await staffActiveOn(t.db.pool, 'S003', '2025-06-17')).toBe(false);

    const list = await t.call('admin', 'GET', '/api/staff/to-reassign');
    expect(list.json().items.map((i: { customerNo: string; staffNo: string }) => `${i.customerNo}/${i.staffNo}`)).toEqual(['C0008/S099', 'C0004/S003', 'C0006/S003']);
    const filtered = await t.call('admin', 'GET', '/api/staff/to-reassign?staffNo=S003&pageSize=1&page=2');
    expect(filtered.json()).toMatchObject({ total: 2, items: [{ customerNo: 'C0006' }] });
    expect(await audits('staff.updated', 'S003')).toEqual([{ username: 'bm_b01', detail: expect.objectContaining({ change: { leaveDate: '2025-06-16', note: '辞职' } }) }]);
  });

  it('a future leave date keeps the staff member ACTIVE until that day', async () => {
    const res = await t.call('admin', 'PATCH', '/api/staff/S301', { leaveDate: '2025-06-30' });
    expect(res.json().staff.status).toBe('ACTIVE');
    expect(await applyDueStaffChanges(t.db.pool, '2025-06-29', 'S301')).toBe(0);
    expect(await applyDueStaffChanges(t.db.pool, '2025-06-30', 'S301')).toBe(1);
    expect((await staffRow('S301'))?.status).toBe('LEFT');
  });
});

describe('level and team changes through approval (staff.changesNeedApproval on)', () => {
  it('starts a flow instead of changing, and records the history row when the flow is approved', async () => {
    await t.call('admin', 'PUT', '/api/staff/manage/settings', { changesNeedApproval: true });
    try {
      const mixed = await t.call('admin', 'PATCH', '/api/staff/S201', { level: '高级', name: '周杰伦' });
      expect(mixed.statusCode).toBe(422);
      expect(fields(mixed)).toEqual(['level']);

      const res = await t.call('admin', 'PATCH', '/api/staff/S201', { level: '高级', effectiveDate: '2025-06-16', note: '晋级' });
      expect(res.statusCode, res.body).toBe(200);
      const { workflows, historyAdded, staff } = res.json();
      expect({ historyAdded, level: staff.level }).toEqual({ historyAdded: 0, level: '中级' });
      expect(workflows).toEqual([{ type: 'STAFF_LEVEL_CHANGE', id: expect.any(String), status: 'PENDING' }]);
      expect(await history('S201')).toEqual([]);

      // steps: the branch manager of B02 (no such login: skipped), then head office
      const approved = await t.call('hq_user', 'POST', `/api/workflows/${workflows[0].id}/actions`, { action: 'approve', comment: '同意' });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().status).toBe('APPROVED');
      expect(await history('S201')).toEqual([
        { field: 'level', old_value: '中级', new_value: '高级', changed_on: '2025-06-16', source: 'WORKFLOW', recorded_by: 'hq_user', note: '晋级', recorded_on: '2025-06-16' },
      ]);
      expect((await staffRow('S201'))?.level).toBe('高级');
      expect(await audits('staff.updated', 'S201')).toEqual([{ username: 'hq_user', detail: expect.objectContaining({ historyAdded: 1 }) }]);
    } finally {
      await t.call('admin', 'PUT', '/api/staff/manage/settings', { changesNeedApproval: false });
    }
  });

  it('refuses a flow whose change fails the checks, naming the payload field', async () => {
    const res = await t.call('admin', 'POST', '/api/workflows', { type: 'STAFF_TEAM_CHANGE', payload: { staffNo: 'S201', teamCode: 'T11', effectiveDate: '2025-06-16' } });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(['payload.teamCode']);
    const broker = await t.call('broker1', 'POST', '/api/workflows', { type: 'STAFF_LEVEL_CHANGE', payload: { staffNo: 'S001', level: '资深', effectiveDate: '2025-06-16' } });
    expect(broker.statusCode).toBe(422);
    expect(fields(broker)).toEqual(['payload.staffNo']);
  });
});

describe('settings and options', () => {
  it('lets an administrator require approval for level and team changes, audited', async () => {
    expect((await t.call('hq_user', 'PUT', '/api/staff/manage/settings', { changesNeedApproval: true })).statusCode).toBe(403);
    const res = await t.call('admin', 'PUT', '/api/staff/manage/settings', { changesNeedApproval: true });
    expect(res.json()).toEqual({ changesNeedApproval: true });
    expect((await audits('settings.updated', 'staff.changesNeedApproval')).at(-1)).toEqual({ username: 'admin', detail: { old: false, new: true } });
    expect((await t.call('admin', 'GET', '/api/staff/manage/options')).json().changesNeedApproval).toBe(true);
    await t.call('admin', 'PUT', '/api/staff/manage/settings', { changesNeedApproval: false });
  });

  it('offers a branch manager their own branch and its teams', async () => {
    const res = await t.call('bm_b01', 'GET', '/api/staff/manage/options');
    expect(res.json()).toEqual({
      branches: [{ code: 'B01', name: '北京中关村营业部' }],
      teams: [{ code: 'T11', name: '财富一组', branchCode: 'B01' }, { code: 'T12', name: '财富二组', branchCode: 'B01' }],
      changesNeedApproval: false,
    });
  });
});

describe('unmasked personal information in staff management is audited', () => {
  it('writes staff.view_pii for a pii role shown a mobile or e-mail, and nothing for a masked view or a record without them', async () => {
    await t.db.pool.query(`update staff set mobile = '13800000202', email = 'wu.gang@example.com' where staff_no = 'S202'`);
    const views = async () => (await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'staff.view_pii' order by id`)).rows;
    const before = await views();
    const masked = await t.call('hq_user', 'GET', '/api/staff/S202/manage'); // HQ manages staff but has no `pii`
    expect(masked.statusCode, masked.body).toBe(200);
    expect(masked.json()).toMatchObject({ mobile: '138****0202', email: 'w***@example.com' });
    expect((await t.call('admin', 'GET', '/api/staff/S006/manage')).statusCode).toBe(200); // S006 has neither
    expect(await views()).toEqual(before);

    const shown = await t.call('admin', 'GET', '/api/staff/S202/manage');
    expect(shown.json()).toMatchObject({ mobile: '13800000202', email: 'wu.gang@example.com' });
    const patched = await t.call('admin', 'PATCH', '/api/staff/S202', { name: '吴刚' }); // the answer shows the record again
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await views()).slice(before.length)).toEqual([
      { username: 'admin', entity: 'staff', entity_id: 'S202', detail: { via: 'manage' } },
      { username: 'admin', entity: 'staff', entity_id: 'S202', detail: { via: 'manage' } },
    ]);
  });
});

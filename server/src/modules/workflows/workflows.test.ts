/**
 * The workflow engine and the relationship operations against real PostgreSQL, on the fixture
 * brokerage (test/fixtures.ts): T11 = S001, S002, S004, S005 (lead tl_t11), S099 (left); T12 = S003;
 * S006 manages B01 (bm_b01); T21 (B02) = S201, S202 (lead tl_t21), no branch manager login in B02.
 * The clock is 2025-06-16.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { idCheckDigit } from '../../../../shared/identity.js';

const t = useTestApp({
  seed: withBrokerage(),
  sessions: ['admin', 'hq_user', 'compliance', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1', 'broker2', 'broker3'],
});

const idNo = (first17: string) => first17 + idCheckDigit(first17);

async function start(username: string, type: string, payload: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return t.call(username, 'POST', '/api/workflows', { type, payload });
}

async function started(username: string, type: string, payload: Record<string, unknown>): Promise<string> {
  const res = await start(username, type, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

function act(username: string, id: string, action: string, comment?: string, payload?: Record<string, unknown>) {
  return t.call(username, 'POST', `/api/workflows/${id}/actions`, { action, comment, ...(payload ? { payload } : {}) });
}

async function acted(username: string, id: string, action: string, comment?: string) {
  const res = await act(username, id, action, comment);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const fields = (res: LightMyRequestResponse) => (res.json().errors as { field: string }[]).map((e) => e.field).sort();

async function relationshipsOf(customerNo: string) {
  const { rows } = await t.db.pool.query(
    `select staff_no, kind, weight::text as weight, effective_from, ended_on, source from relationships where customer_no = $1 order by id`,
    [customerNo],
  );
  return rows;
}

async function listIds(username: string, view: string): Promise<string[]> {
  const res = await t.call(username, 'GET', `/api/workflows?view=${view}&pageSize=500`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((w: { id: string }) => w.id);
}

describe('starting a flow', () => {
  it('names each bad payload field (422), and an unknown type', async () => {
    const res = await start('broker1', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S001', kind: 'BOTH', weight: '1.5', assessmentSet: null, effectiveFrom: '2025-02-30' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res)).toEqual(['payload.effectiveFrom', 'payload.kind', 'payload.weight']);

    const appointment = await start('broker1', 'APPOINTMENT_OPEN', { name: '新客', idNo: '110101199003071230', mobile: '2381234567', branch: 'B01', appointmentDate: '2025-06-20' });
    expect(appointment.statusCode).toBe(422);
    // 110101199003071230: the check digit of 11010119900307123 is not 0
    expect(idCheckDigit('11010119900307123')).not.toBe('0');
    expect(fields(appointment)).toEqual(['payload.idNo', 'payload.mobile']);

    const unknown = await start('broker1', 'NO_SUCH_TYPE', {});
    expect(unknown.statusCode).toBe(422);
    expect(fields(unknown)).toEqual(['type']);
  });

  it('assigns the default steps: the initiator’s team lead, then the branch manager', async () => {
    const res = await start('broker1', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S001', kind: 'DEVELOP', weight: '0.5', assessmentSet: 'A', effectiveFrom: '2025-06-16' });
    expect(res.statusCode, res.body).toBe(201);
    const flow = res.json();
    expect(flow.status).toBe('PENDING');
    expect(flow.steps.map((s: { seq: number; role: string; scopeCode: string; status: string; assignees: { username: string }[] }) => [s.seq, s.role, s.scopeCode, s.status, s.assignees.map((a) => a.username)])).toEqual([
      [1, 'TEAM_LEAD', 'T11', 'PENDING', ['tl_t11']],
      [2, 'BRANCH_MANAGER', 'B01', 'WAITING', ['bm_b01']],
    ]);
    expect(flow.history.map((h: { event: string }) => h.event)).toEqual(['submit']);
    expect(await relationshipsOf('C0007')).toEqual([]); // nothing happens before the approval
    // cleanup for later tests
    await acted('broker1', flow.id, 'withdraw');
  });

  it('skips a step nobody but the initiator could act on, and refuses a flow nobody could approve', async () => {
    // tl_t21 (S202, T21) starts: the T21 lead step would be the initiator's own, and B02 has no branch manager login
    const res = await start('tl_t21', 'RELATIONSHIP_ADD', { customerNo: 'C2002', staffNo: 'S201', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-01-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('NO_APPROVER');
    // bm_b01 (S006, no team): the lead step has no team; the branch step is the initiator's own — HQ configured as a further step approves
    const put = await t.call('admin', 'PUT', '/api/workflows/definitions', { items: [{ type: 'RELATIONSHIP_REVOKE', steps: ['TEAM_LEAD', 'BRANCH_MANAGER', 'HQ'] }] });
    expect(put.statusCode, put.body).toBe(200);
    const revoke = await start('bm_b01', 'RELATIONSHIP_REVOKE', { customerNo: 'C0006', staffNo: 'S004', endedOn: '2025-06-30' });
    expect(revoke.statusCode, revoke.body).toBe(201);
    expect(revoke.json().steps.map((s: { role: string; status: string }) => [s.role, s.status])).toEqual([
      ['TEAM_LEAD', 'SKIPPED'], ['BRANCH_MANAGER', 'SKIPPED'], ['HQ', 'PENDING'],
    ]);
    await acted('bm_b01', revoke.json().id, 'withdraw');
    await t.call('admin', 'PUT', '/api/workflows/definitions', { items: [{ type: 'RELATIONSHIP_REVOKE', steps: ['TEAM_LEAD', 'BRANCH_MANAGER'] }] });
  });
});

describe('approving a relationship add', () => {
  it('refuses the wrong role (403) and out-of-scope callers (404), then applies at the last approval', async () => {
    const id = await started('broker1', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S001', kind: 'DEVELOP', weight: '0.6', assessmentSet: 'A', effectiveFrom: '2025-06-16' });
    expect((await act('bm_b01', id, 'approve')).statusCode).toBe(403); // step 1 is the team lead's
    expect((await act('broker1', id, 'approve')).statusCode).toBe(403); // the initiator never approves
    expect((await act('tl_t21', id, 'approve')).statusCode).toBe(404); // another branch's lead cannot even see it
    expect((await act('broker2', id, 'approve')).statusCode).toBe(404);
    expect(await listIds('tl_t11', 'todo')).toContain(id);
    expect(await listIds('bm_b01', 'todo')).not.toContain(id);

    const afterLead = await acted('tl_t11', id, 'approve', '同意');
    expect(afterLead.status).toBe('PENDING');
    expect(afterLead.currentStep).toBe(2);
    expect(await relationshipsOf('C0007')).toEqual([]);
    expect(await listIds('tl_t11', 'todo')).not.toContain(id);
    expect(await listIds('tl_t11', 'participated')).toContain(id);
    expect(await listIds('bm_b01', 'todo')).toContain(id);
    expect((await act('tl_t11', id, 'approve')).statusCode).toBe(403); // step 2 is the branch manager's

    const done = await acted('bm_b01', id, 'approve', '批准');
    expect(done.status).toBe('APPROVED');
    expect(done.finishedAt).not.toBeNull();
    expect(done.history.map((h: { event: string; actor: { username: string } | null; comment: string | null }) => [h.event, h.actor?.username ?? null, h.comment])).toEqual([
      ['submit', 'broker1', null], ['approve', 'tl_t11', '同意'], ['approve', 'bm_b01', '批准'], ['applied', null, null],
    ]);
    expect(done.steps.map((s: { status: string; actedBy: { username: string } }) => [s.status, s.actedBy.username])).toEqual([['APPROVED', 'tl_t11'], ['APPROVED', 'bm_b01']]);
    expect(await relationshipsOf('C0007')).toEqual([
      { staff_no: 'S001', kind: 'DEVELOP', weight: '0.600000', effective_from: '2025-06-16', ended_on: null, source: 'WORKFLOW' },
    ]);
    expect((await act('bm_b01', id, 'approve')).statusCode).toBe(409); // already approved
    const { rows: audit } = await t.db.pool.query(`select action, username from audit_log where entity in ('workflow', 'relationship') and (entity_id = $1 or entity_id like 'C0007/%') order by id`, [id]);
    expect(audit).toEqual([
      { action: 'workflow.started', username: 'broker1' },
      { action: 'workflow.approve', username: 'tl_t11' },
      { action: 'relationship.added', username: 'bm_b01' },
      { action: 'workflow.approve', username: 'bm_b01' },
    ]);
  });

  it('checks weights again at the final approval: a flow that would now exceed 1 is refused and changes nothing', async () => {
    // C0007 holds S001 0.6 (above); two flows of 0.3 each pass at start (0.6 + 0.3 = 0.9) …
    const first = await started('admin', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S002', kind: 'DEVELOP', weight: '0.3', assessmentSet: null, effectiveFrom: '2025-06-20' });
    const second = await started('admin', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S004', kind: 'DEVELOP', weight: '0.3', assessmentSet: null, effectiveFrom: '2025-06-20' });
    await acted('tl_t11', first, 'approve');
    await acted('bm_b01', first, 'approve');
    await acted('tl_t11', second, 'approve');
    // … but the second's final approval would make 0.6 + 0.3 + 0.3 = 1.2
    const refused = await act('bm_b01', second, 'approve');
    expect(refused.statusCode).toBe(422);
    expect(fields(refused)).toEqual(['payload.weight']);
    expect(refused.json().errors[0].message).toContain('1.2');
    expect((await t.call('bm_b01', 'GET', `/api/workflows/${second}`)).json().status).toBe('PENDING');
    expect((await relationshipsOf('C0007')).map((r) => r.staff_no)).toEqual(['S001', 'S002']);
    await acted('bm_b01', second, 'reject', '权重超限');
  });
});

describe('refusals at start', () => {
  it('refuses weights above 1, overlapping periods, cross-branch changes and staff not employed', async () => {
    // C0002: S001 0.6 + S002 0.4 → any further DEVELOP weight is too much
    const weight = await start('admin', 'RELATIONSHIP_ADD', { customerNo: 'C0002', staffNo: 'S003', kind: 'DEVELOP', weight: '0.1', assessmentSet: null, effectiveFrom: '2025-07-01' });
    expect(weight.statusCode).toBe(422);
    expect(fields(weight)).toEqual(['payload.weight']);
    // C0006: S004 SERVICE open since 2024-05-01 → another S004 SERVICE period overlaps
    const overlap = await start('admin', 'RELATIONSHIP_ADD', { customerNo: 'C0006', staffNo: 'S004', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-07-01' });
    expect(overlap.statusCode).toBe(422);
    expect(fields(overlap)).toEqual(['payload.effectiveFrom']);
    // 对应关系变更 to B02's S201: refused
    const crossBranch = await start('broker1', 'RELATIONSHIP_CHANGE', { customerNo: 'C0001', fromStaffNo: 'S001', toStaffNo: 'S201', effectiveFrom: '2025-07-01' });
    expect(crossBranch.statusCode).toBe(422);
    expect(fields(crossBranch)).toEqual(['payload.toStaffNo']);
    // S099 left on 2025-05-31
    const left = await start('admin', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S099', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' });
    expect(left.statusCode).toBe(422);
    expect(fields(left)).toEqual(['payload.staffNo']);
    // a broker asks only for themselves, and only for customers of the branch
    const other = await start('broker1', 'RELATIONSHIP_ADD', { customerNo: 'C0007', staffNo: 'S002', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' });
    expect(fields(other)).toEqual(['payload.staffNo']);
    const otherBranch = await start('broker1', 'NON_APPOINTMENT_OPEN', { customerNo: 'C2001', effectiveFrom: '2025-06-16' });
    expect(fields(otherBranch)).toEqual(['payload.customerNo']);
  });
});

describe('rejecting, returning and withdrawing', () => {
  it('a rejected change changes nothing', async () => {
    const before = await relationshipsOf('C0001');
    const id = await started('broker1', 'RELATIONSHIP_CHANGE', { customerNo: 'C0001', fromStaffNo: 'S001', toStaffNo: 'S002', effectiveFrom: '2025-07-01' });
    const rejected = await acted('tl_t11', id, 'reject', '理由不充分');
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.steps.map((s: { status: string }) => s.status)).toEqual(['REJECTED', 'CANCELLED']);
    expect(await relationshipsOf('C0001')).toEqual(before);
    expect((await act('bm_b01', id, 'approve')).statusCode).toBe(409);
    expect((await act('broker1', id, 'withdraw')).statusCode).toBe(409);
  });

  it('a returned flow goes back to the initiator, who resubmits a corrected payload', async () => {
    const id = await started('broker1', 'RELATIONSHIP_REVOKE', { customerNo: 'C0001', staffNo: 'S001', endedOn: '2025-06-30' });
    const returned = await acted('tl_t11', id, 'return', '请改为月底');
    expect(returned.status).toBe('RETURNED');
    expect(await listIds('broker1', 'todo')).toContain(id);
    expect((await act('tl_t11', id, 'approve')).statusCode).toBe(409);
    expect((await act('tl_t11', id, 'resubmit')).statusCode).toBe(403);
    const bad = await act('broker1', id, 'resubmit', undefined, { customerNo: 'C0001', staffNo: 'S001', endedOn: 'soon' });
    expect(fields(bad)).toEqual(['payload.endedOn']);
    const resubmitted = await act('broker1', id, 'resubmit', '已修改', { customerNo: 'C0001', staffNo: 'S001', endedOn: '2025-07-31' });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json().status).toBe('PENDING');
    expect(resubmitted.json().payload.endedOn).toBe('2025-07-31');
    expect(resubmitted.json().steps.map((s: { status: string }) => s.status)).toEqual(['PENDING', 'WAITING']);
    expect(resubmitted.json().history.map((h: { event: string }) => h.event)).toEqual(['submit', 'return', 'resubmit']);
    await acted('broker1', id, 'withdraw');
  });

  it('a withdrawn flow changes nothing; only the initiator withdraws', async () => {
    const before = await relationshipsOf('C0003');
    const id = await started('broker2', 'RELATIONSHIP_REVOKE', { customerNo: 'C0003', staffNo: 'S002', endedOn: '2025-06-30' });
    expect((await act('tl_t11', id, 'withdraw')).statusCode).toBe(403);
    const withdrawn = await acted('broker2', id, 'withdraw', '不需要了');
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(withdrawn.steps.map((s: { status: string }) => s.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect((await act('tl_t11', id, 'approve')).statusCode).toBe(409);
    expect(await relationshipsOf('C0003')).toEqual(before);
    expect(await listIds('broker2', 'started')).toContain(id);
    expect(await listIds('tl_t11', 'todo')).not.toContain(id);
  });
});

describe('relationship change and revoke through the flow', () => {
  it('a change ends the old relationship the day before and adds the new one; a revoke sets ended_on', async () => {
    const change = await started('broker1', 'RELATIONSHIP_CHANGE', { customerNo: 'C0001', fromStaffNo: 'S001', toStaffNo: 'S003', effectiveFrom: '2025-07-01' });
    await acted('tl_t11', change, 'approve');
    const applied = await acted('bm_b01', change, 'approve');
    expect(applied.outcome).toMatchObject({ endedOn: '2025-06-30', rederivedFrom: '2025-07-01' });
    expect(await relationshipsOf('C0001')).toEqual([
      { staff_no: 'S001', kind: 'DEVELOP', weight: '1.000000', effective_from: '2024-01-10', ended_on: '2025-06-30', source: 'test' },
      { staff_no: 'S003', kind: 'DEVELOP', weight: '1.000000', effective_from: '2025-07-01', ended_on: null, source: 'WORKFLOW' },
    ]);
    // broker3 (S003) revokes from the end of July
    const revoke = await started('broker3', 'RELATIONSHIP_REVOKE', { customerNo: 'C0001', staffNo: 'S003', endedOn: '2025-07-31' });
    const steps = (await t.call('broker3', 'GET', `/api/workflows/${revoke}`)).json().steps;
    expect(steps.map((s: { role: string; scopeCode: string }) => [s.role, s.scopeCode])).toEqual([['TEAM_LEAD', 'T12'], ['BRANCH_MANAGER', 'B01']]);
    expect(steps[0].status).toBe('SKIPPED'); // T12 has no lead login
    await acted('bm_b01', revoke, 'approve');
    expect((await relationshipsOf('C0001'))[1]).toMatchObject({ staff_no: 'S003', ended_on: '2025-07-31' });
  });
});

describe('monitoring (工作流监控) by scope level', () => {
  it('shows every flow to ALL, the branch’s to a branch manager, the team’s to a lead, own to a broker', async () => {
    const b02 = await started('admin', 'RELATIONSHIP_ADD', { customerNo: 'C2001', staffNo: 'S201', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' });
    // each broker for a customer of their own (C0003: S002; C0006: S003)
    const t11 = await started('broker2', 'RELATIONSHIP_ADD', { customerNo: 'C0003', staffNo: 'S002', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' });
    const t12 = await started('broker3', 'RELATIONSHIP_ADD', { customerNo: 'C0006', staffNo: 'S003', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' });
    const { rows } = await t.db.pool.query<{ id: string; branch_code: string; team_code: string; initiator: string; subject: string }>(
      `select w.id::text as id, w.branch_code, w.team_code, u.username as initiator, w.subject_staff_no as subject from workflows w join users u on u.id = w.initiator_user_id order by w.id`,
    );
    const all = rows.map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([b02, t11, t12]));
    const sorted = (ids: string[]) => [...ids].sort((a, b) => Number(a) - Number(b));
    expect(sorted(await listIds('admin', 'monitor'))).toEqual(all);
    expect(sorted(await listIds('hq_user', 'monitor'))).toEqual(all);
    expect(sorted(await listIds('bm_b01', 'monitor'))).toEqual(rows.filter((r) => r.branch_code === 'B01').map((r) => r.id));
    expect(sorted(await listIds('tl_t11', 'monitor'))).toEqual(rows.filter((r) => r.team_code === 'T11').map((r) => r.id));
    expect(sorted(await listIds('tl_t21', 'monitor'))).toEqual(rows.filter((r) => r.team_code === 'T21').map((r) => r.id));
    expect(sorted(await listIds('broker2', 'monitor'))).toEqual(rows.filter((r) => r.initiator === 'broker2' || r.subject === 'S002').map((r) => r.id));
    expect(await listIds('tl_t21', 'monitor')).toContain(b02);
    expect(await listIds('tl_t21', 'todo')).toEqual([b02]);
    expect(await listIds('bm_b01', 'monitor')).not.toContain(b02);
    expect(await listIds('broker3', 'monitor')).toContain(t12);
    expect(await listIds('broker3', 'monitor')).not.toContain(t11);
    expect((await t.call('broker3', 'GET', `/api/workflows/${t11}`)).statusCode).toBe(404);
    expect((await t.call('compliance', 'GET', '/api/workflows?view=monitor')).statusCode).toBe(403); // read-only role
    const paged = await t.call('admin', 'GET', '/api/workflows?view=monitor&page=2&pageSize=2');
    expect(paged.json().total).toBe(all.length);
    expect(paged.json().items).toHaveLength(2);
  });
});

describe('appointments (预约客户开户)', () => {
  it('registers a pending appointment, approves it, lists it masked and scoped, and voids it', async () => {
    const person = idNo('11010119950505123');
    const id = await started('broker1', 'APPOINTMENT_OPEN', { name: '预约客', idNo: person, mobile: '13912345678', branch: 'B01', appointmentDate: '2025-06-20' });
    const pending = await t.call('broker1', 'GET', '/api/appointments?status=pending');
    expect(pending.json().items.map((a: { name: string; idNo: string; mobile: string; staffNo: string; weight: string; workflowId: string }) => [a.name, a.idNo, a.mobile, a.staffNo, a.weight, a.workflowId])).toEqual([
      ['预约客', '110101********' + person.slice(14), '139****5678', 'S001', '1.000000', id],
    ]);
    // the same person cannot be registered twice while the first is open
    const twice = await start('broker1', 'APPOINTMENT_OPEN', { name: '预约客', idNo: person, mobile: '13912345678', branch: 'B01', appointmentDate: '2025-06-21' });
    expect(fields(twice)).toEqual(['payload.idNo']);
    // the flow itself shows the prospect's personal information masked to roles without `pii` (initiator and approvers alike)
    for (const who of ['broker1', 'tl_t11']) {
      expect((await t.call(who, 'GET', `/api/workflows/${id}`)).json().payload).toMatchObject({ idNo: '110101********' + person.slice(14), mobile: '139****5678', name: '预约客' });
    }
    expect((await t.call('admin', 'GET', `/api/workflows/${id}`)).json().payload).toMatchObject({ idNo: person, mobile: '13912345678' });
    await acted('tl_t11', id, 'approve');
    const approved = await acted('bm_b01', id, 'approve');
    expect(approved.outcome).toMatchObject({ status: 'APPROVED' });
    const list = await t.call('admin', 'GET', '/api/appointments?status=APPROVED');
    expect(list.json().items.map((a: { idNo: string; status: string }) => [a.idNo, a.status])).toEqual([[person, 'APPROVED']]); // admin sees PII
    expect((await t.call('broker2', 'GET', '/api/appointments')).json().items).toEqual([]); // another broker's
    expect((await t.call('tl_t21', 'GET', '/api/appointments')).json().items).toEqual([]);
    expect((await t.call('bm_b01', 'GET', '/api/appointments')).json().total).toBe(1);
    const appointmentId = list.json().items[0].id;

    const voidFlow = await started('broker1', 'APPOINTMENT_VOID', { appointmentId });
    await acted('tl_t11', voidFlow, 'approve');
    await acted('bm_b01', voidFlow, 'approve');
    const voided = (await t.call('broker1', 'GET', '/api/appointments?status=void')).json().items;
    expect(voided.map((a: { id: string; statusReason: string }) => a.id)).toEqual([appointmentId]);
    expect(voided[0].statusReason).toContain(voidFlow);
  });

  it('a rejected appointment is closed as REJECTED, a withdrawn one as VOID', async () => {
    const rejected = await started('broker1', 'APPOINTMENT_OPEN', { name: '甲', idNo: idNo('11010119800101001'), mobile: '13900000001', branch: 'B01', appointmentDate: '2025-06-20' });
    await acted('tl_t11', rejected, 'reject');
    const withdrawn = await started('broker1', 'APPOINTMENT_OPEN', { name: '乙', idNo: idNo('11010119800101002'), mobile: '13900000002', branch: 'B01', appointmentDate: '2025-06-20' });
    await acted('broker1', withdrawn, 'withdraw');
    const { rows } = await t.db.pool.query(`select workflow_id::text as w, status from prospects where workflow_id in ($1, $2) order by id`, [rejected, withdrawn]);
    expect(rows).toEqual([{ w: rejected, status: 'REJECTED' }, { w: withdrawn, status: 'VOID' }]);
  });
});

describe('flow definitions (administrator)', () => {
  it('only ADMIN reads and changes them; a change is audited and used by new flows', async () => {
    expect((await t.call('hq_user', 'GET', '/api/workflows/definitions')).statusCode).toBe(403);
    expect((await t.call('bm_b01', 'PUT', '/api/workflows/definitions', { items: [{ type: 'RELATIONSHIP_ADD', steps: ['HQ'] }] })).statusCode).toBe(403);
    const bad = await t.call('admin', 'PUT', '/api/workflows/definitions', { items: [{ type: 'NOPE', steps: ['HQ'] }, { type: 'RELATIONSHIP_ADD', steps: ['BROKER'] }] });
    expect(bad.statusCode).toBe(422);
    const put = await t.call('admin', 'PUT', '/api/workflows/definitions', { items: [{ type: 'NON_APPOINTMENT_OPEN', steps: ['BRANCH_MANAGER'] }] });
    expect(put.statusCode, put.body).toBe(200);
    const item = put.json().items.find((d: { type: string }) => d.type === 'NON_APPOINTMENT_OPEN');
    expect(item).toMatchObject({ steps: ['BRANCH_MANAGER'], isDefault: false, updatedBy: 'admin' });
    expect(put.json().items.find((d: { type: string }) => d.type === 'RELATIONSHIP_ADD')).toMatchObject({ steps: ['TEAM_LEAD', 'BRANCH_MANAGER'], isDefault: true });
    const { rows } = await t.db.pool.query(`select detail from audit_log where action = 'workflow.definition_changed' and entity_id = 'NON_APPOINTMENT_OPEN'`);
    expect(rows).toEqual([{ detail: { before: ['TEAM_LEAD', 'BRANCH_MANAGER'], after: ['BRANCH_MANAGER'] } }]);

    // broker3 claims C0009, opened at the counter on 2025-06-13 and nobody's yet (no appointment): one step, the branch manager
    await t.db.pool.query(`insert into customers (customer_no, name, customer_type, id_type, id_no, branch_code, open_date, status, first_seen_on, updated_on)
                           values ('C0009', '柜台客', 'P', '0', 'X0009', 'B01', '2025-06-13', 'NORMAL', '2025-06-13', '2025-06-13')`);
    const flow = await start('broker3', 'NON_APPOINTMENT_OPEN', { customerNo: 'C0009', effectiveFrom: '2025-06-16', weight: '0.1' });
    expect(flow.statusCode, flow.body).toBe(201);
    expect(flow.json().payload).toMatchObject({ staffNo: 'S003', weight: '0.1' });
    expect(flow.json().steps.map((s: { role: string }) => s.role)).toEqual(['BRANCH_MANAGER']);
  });
});

describe('nothing outside the initiator’s scope leaks through validation', () => {
  const errorsOf = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(422);
    return res.json().errors as { field: string; message: string }[];
  };
  /** The errors with `id` replaced, to compare the answer for one record with the answer for another. */
  const errorsWithout = (res: LightMyRequestResponse, id: string) => errorsOf(res).map((e) => ({ ...e, message: e.message.replaceAll(id, '<id>') }));

  it('APPOINTMENT_OPEN: an ID number of another branch’s customer or appointment is refused without its date, number or branch', async () => {
    const otherCustomer = idNo('31010119800101200'); // C2001 (B02), opened 2024-01-01
    const ownCustomer = idNo('11010119900101123'); // C0001 (broker1's), opened 2024-01-10
    await t.db.pool.query(`update customers set id_no = $2 where customer_no = $1`, ['C2001', otherCustomer]);
    await t.db.pool.query(`update customers set id_no = $2 where customer_no = $1`, ['C0001', ownCustomer]);
    const otherProspect = idNo('31010119960606123');
    const b02 = await started('admin', 'APPOINTMENT_OPEN', { name: '浦东预约', idNo: otherProspect, mobile: '13912340000', branch: 'B02', appointmentDate: '2025-06-20', staffNo: 'S201' });
    const { rows } = await t.db.pool.query<{ id: string }>(`select id::text as id from prospects where workflow_id = $1`, [b02]);
    const prospectId = rows[0]!.id;
    const asBroker = (person: string, branch = 'B01') => start('broker1', 'APPOINTMENT_OPEN', { name: '某人', idNo: person, mobile: '13912345670', branch, appointmentDate: '2025-06-20' });
    const taken = [{ field: 'payload.idNo', message: '该证件号码不能预约（已开户或已有预约），请联系营业部' }];

    expect(errorsOf(await asBroker(otherCustomer))).toEqual(taken); // not "已于 2024-01-01 开户"
    expect(errorsOf(await asBroker(otherProspect))).toEqual(taken); // not "已有进行中的预约（#…）"
    // an unknown branch is answered first and alone
    expect(errorsOf(await asBroker(otherCustomer, 'B999'))).toEqual([{ field: 'payload.branch', message: '营业部 B999 不存在' }]);
    // what the caller may see is named precisely: broker1's own customer, and the B02 appointment for ADMIN
    expect(errorsOf(await asBroker(ownCustomer))).toEqual([
      { field: 'payload.appointmentDate', message: '该证件号码已于 2024-01-10 开户，早于预约日期，请使用非预约开户' },
    ]);
    const asAdmin = await start('admin', 'APPOINTMENT_OPEN', { name: '某人', idNo: otherProspect, mobile: '13912345670', branch: 'B02', appointmentDate: '2025-06-20', staffNo: 'S201' });
    expect(errorsOf(asAdmin)).toEqual([{ field: 'payload.idNo', message: `该证件号码已有进行中的预约（#${prospectId}）` }]);
    await acted('admin', b02, 'withdraw');
  });

  it('relationship operations answer for another broker’s customer and another branch’s staff exactly as for unknown ones', async () => {
    // C0006 (B01: S003 DEVELOP 1 + S004 SERVICE 1) is not broker1's: its 360° view is 404
    expect((await t.call('broker1', 'GET', '/api/customers/C0006')).statusCode).toBe(404);
    const add = (customerNo: string) =>
      start('broker1', 'RELATIONSHIP_ADD', { customerNo, staffNo: 'S001', kind: 'DEVELOP', weight: '1', assessmentSet: null, effectiveFrom: '2024-01-01' });
    const unknownAdd = errorsWithout(await add('C9999'), 'C9999');
    expect(unknownAdd).toEqual([{ field: 'payload.customerNo', message: '客户 <id> 不存在或不在您的权限范围内' }]);
    // before: the open date (早于客户开户日期 2024-05-01) and the other staff's weights (S003 1, S001 1)
    expect(errorsWithout(await add('C0006'), 'C0006')).toEqual(unknownAdd);
    const revoke = (customerNo: string) => start('broker1', 'RELATIONSHIP_REVOKE', { customerNo, staffNo: 'S001', endedOn: '2025-06-30' });
    expect(errorsWithout(await revoke('C0006'), 'C0006')).toEqual(errorsWithout(await revoke('C9999'), 'C9999'));
    const change = (customerNo: string) => start('broker1', 'RELATIONSHIP_CHANGE', { customerNo, fromStaffNo: 'S003', toStaffNo: 'S001', effectiveFrom: '2025-07-01' });
    expect(errorsWithout(await change('C0006'), 'C0006')).toEqual(errorsWithout(await change('C9999'), 'C9999'));
    // the new staff member of a change: another branch's (before: "员工 S201 属于营业部 B02") as an unknown one
    const to = (toStaffNo: string) => start('broker1', 'RELATIONSHIP_CHANGE', { customerNo: 'C0002', fromStaffNo: 'S001', toStaffNo, effectiveFrom: '2025-07-01' });
    const unknownTo = errorsWithout(await to('S999'), 'S999');
    expect(unknownTo).toEqual([{ field: 'payload.toStaffNo', message: '员工 <id> 不存在或不在您的权限范围内' }]);
    expect(errorsWithout(await to('S201'), 'S201')).toEqual(unknownTo);
  });

  it('a claimable customer’s conflicts name no other staff member nor weight', async () => {
    // C0010: opened at the counter, once developed by S002 until 2025-05-31, nobody's now — broker1 may claim it
    await t.db.pool.query(`insert into customers (customer_no, name, customer_type, id_type, id_no, branch_code, open_date, status, first_seen_on, updated_on)
                           values ('C0010', '柜台客二', 'P', '0', 'X0010', 'B01', '2025-01-02', 'NORMAL', '2025-01-02', '2025-06-13')`);
    await t.db.pool.query(`insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, source)
                           values ('C0010', 'S002', 'DEVELOP', 1, '2025-01-02', '2025-01-02', '2025-05-31', 'test')`);
    const claim = await start('broker1', 'NON_APPOINTMENT_OPEN', { customerNo: 'C0010', effectiveFrom: '2025-05-01' });
    // before: "客户 C0010 在 2025-05-01 的开发关系权重合计 2，超过 1（S002 1, S001 1）"
    expect(errorsOf(claim)).toEqual([{ field: 'payload.weight', message: '该客户的开发关系权重合计将超过 1，请联系营业部' }]);
    expect((await start('broker1', 'NON_APPOINTMENT_OPEN', { customerNo: 'C0010', effectiveFrom: '2025-06-16' })).statusCode).toBe(201);
  });
});

describe('unmasked personal information is audited', () => {
  it('a flow’s detail and the appointment list write customer-style view_pii rows for a pii role only, in the read’s request', async () => {
    const person = idNo('11010119880808123');
    const id = await started('broker1', 'APPOINTMENT_OPEN', { name: '审计客', idNo: person, mobile: '13911112222', branch: 'B01', appointmentDate: '2025-06-25' });
    const viewRows = async () =>
      (await t.db.pool.query(`select username, action, entity, entity_id, detail from audit_log where action like '%.view_pii' and entity in ('workflow', 'appointment') order by id`)).rows;
    const before = await viewRows();
    expect((await t.call('broker1', 'GET', `/api/workflows/${id}`)).statusCode).toBe(200); // masked: nothing to audit
    expect((await t.call('broker1', 'GET', '/api/appointments')).statusCode).toBe(200);
    expect(await viewRows()).toEqual(before);

    const detail = await t.call('admin', 'GET', `/api/workflows/${id}`);
    expect(detail.json().payload).toMatchObject({ idNo: person, mobile: '13911112222' });
    const list = await t.call('admin', 'GET', '/api/appointments?status=pending');
    const shownIds = list.json().items.map((a: { id: string }) => a.id);
    expect(shownIds.length).toBeGreaterThan(0);
    expect((await viewRows()).slice(before.length)).toEqual([
      { username: 'admin', action: 'workflow.view_pii', entity: 'workflow', entity_id: id, detail: { via: 'detail', fields: ['idNo', 'mobile'] } },
      { username: 'admin', action: 'appointment.view_pii', entity: 'appointment', entity_id: null, detail: { via: 'list', appointmentIds: shownIds } },
    ]);
    await acted('broker1', id, 'withdraw');
  });
});

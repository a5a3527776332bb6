/**
 * The staff changes that go through approval when the administrator requires it (settings
 * 'staff.changesNeedApproval'): STAFF_LEVEL_CHANGE and STAFF_TEAM_CHANGE, registered with the
 * workflow engine's operation registry. The checks are the direct path's (staffChangeProblems), at
 * the start and again before the final approval; the outcome records the history row
 * (applyApprovedStaffChange) in the approval's transaction. A PATCH /api/staff/{staffNo} that changes
 * the level or the team starts the flow (startApprovalFlow). The operations are registered with the
 * engine at start-up (app.ts registers staffOperations); importing this file registers nothing.
 */
import type pg from 'pg';
import { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { notFound, validationFailed, type FieldError } from '../../errors.js';
import { staffScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { hasPermission } from '../auth/auth.rules.js';
import { isCalendarDate } from '../../lib/dates.js';
import { STAFF_LEVELS } from '../org/org.rules.js';
import { defineOperation, type OperationContext, type PayloadProblem } from '../workflows/workflows.registry.js';
import { actorOf, startWorkflow } from '../workflows/workflows.service.js';
import type { StaffChangeResult, StaffPatch, StaffRecord } from './staff.manage.schemas.js';
import { applyDueStaffChanges, fieldError, planTrackedChanges, recordTrackedChanges, type TrackedChange } from './staff.manage.history.js';
import { managedRow, managedStaff, STAFF_SELECT, toRecord, type Db, type ManageContext, type StaffDbRow } from './staff.manage.records.js';

// ---------------------------------------------------------------- the setting

export const APPROVAL_SETTING = 'staff.changesNeedApproval';

/** Whether level and team changes go through an approval flow (settings 'staff.changesNeedApproval', default off). */
export async function changesNeedApproval(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ value: unknown }>('select value from settings where key = $1', [APPROVAL_SETTING]);
  return rows[0]?.value === true;
}

export async function setChangesNeedApproval(pool: pg.Pool, value: boolean, ctx: ManageContext): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const old = await client.query<{ value: unknown }>('select value from settings where key = $1 for update', [APPROVAL_SETTING]);
    await client.query(
      `insert into settings (key, value, updated_at, updated_by) values ($1, $2, now(), $3)
       on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`,
      [APPROVAL_SETTING, JSON.stringify(value), ctx.user.username],
    );
    await writeAudit(client, {
      user: ctx.user, action: 'settings.updated', entity: 'setting', entityId: APPROVAL_SETTING,
      detail: { old: old.rows[0]?.value ?? null, new: value }, ip: ctx.ip,
    });
    return value;
  });
}

// ---------------------------------------------------------------- the flows

/** A level or team change that the administrator sends through approval (STAFF_LEVEL_CHANGE / STAFF_TEAM_CHANGE). */
export type StaffFlowType = 'STAFF_LEVEL_CHANGE' | 'STAFF_TEAM_CHANGE';
export interface StaffChangePayload {
  staffNo: string;
  level?: StaffRecord['level'];
  teamCode?: string | null;
  effectiveDate: string;
  note?: string;
}

/**
 * While level and team changes need approval, a PATCH that changes the level or the team starts a
 * flow for that one change instead (422 when it changes anything else too, or both at once); the
 * change is recorded when the flow is approved (applyApprovedStaffChange).
 */
export async function startApprovalFlow(pool: pg.Pool, staffNo: string, patch: StaffPatch, ctx: ManageContext): Promise<StaffChangeResult | null> {
  if ((patch.level === undefined && patch.teamCode === undefined) || !(await changesNeedApproval(pool))) return null;
  const others = Object.entries(patch).filter(([key, value]) => value !== undefined && !['level', 'teamCode', 'effectiveDate', 'note'].includes(key));
  if (others.length > 0 || (patch.level !== undefined && patch.teamCode !== undefined)) {
    const field = patch.level !== undefined ? 'level' : 'teamCode';
    throw validationFailed([fieldError(field, '级别和团队变动需要审批：请单独提交一项级别或团队变动', 'level and team changes need approval: submit one level or team change on its own')]);
  }
  const staff = await managedRow(pool, ctx.user, staffNo);
  if (!staff) throw notFound();
  const type: StaffFlowType = patch.level !== undefined ? 'STAFF_LEVEL_CHANGE' : 'STAFF_TEAM_CHANGE';
  const payload: StaffChangePayload = {
    staffNo, effectiveDate: patch.effectiveDate ?? ctx.today, ...(patch.note ? { note: patch.note } : {}),
    ...(patch.level !== undefined ? { level: patch.level } : { teamCode: patch.teamCode ?? null }),
  };
  const started = await startWorkflow(pool, actorOf(ctx.user), { type, payload: { ...payload } }, { ip: ctx.ip ?? '', now: ctx.now ?? new Date() });
  const flow = { id: started.id, status: started.status };
  return { staff: await inTransaction(pool, (client) => managedStaff(client, staff, ctx)), historyAdded: 0, workflows: [{ type, ...flow }] };
}

function trackedChangeOf(type: StaffFlowType, payload: StaffChangePayload): TrackedChange {
  return type === 'STAFF_LEVEL_CHANGE' ? { field: 'level', newValue: payload.level ?? null } : { field: 'team_code', newValue: payload.teamCode ?? null };
}

/**
 * The checks of a staff change flow, at its start and before its final approval: the initiator may
 * manage the staff member (ADMIN, HQ, the branch's manager) and the change passes planTrackedChanges.
 * Problems name payload fields.
 */
export async function staffChangeProblems(
  client: pg.PoolClient,
  type: StaffFlowType,
  payload: StaffChangePayload,
  initiator: { role: string; staffNo: string | null },
): Promise<FieldError[]> {
  if (!hasPermission(initiator.role, 'staff.manage')) return [fieldError('staffNo', '只有管理员、总部或本营业部经理可以变更员工', 'only ADMIN, HQ or the branch manager may change staff')];
  const params: unknown[] = [payload.staffNo];
  const { rows } = await client.query<StaffDbRow>(`${STAFF_SELECT} where s.staff_no = $1 and ${staffScope(initiator, { alias: 's', params })}`, params);
  const staff = rows[0];
  if (!staff) return [fieldError('staffNo', `员工 ${payload.staffNo} 不存在或不在您的管理范围内`, `no staff member ${payload.staffNo} within your reach`)];
  const plan = await planTrackedChanges(client, staff, [trackedChangeOf(type, payload)], payload.effectiveDate);
  if (plan.errors.length === 0 && plan.rows.length === 0) {
    const field = type === 'STAFF_LEVEL_CHANGE' ? 'level' : 'teamCode';
    return [fieldError(field, '与当前值相同，无需变动', 'already the value in force')];
  }
  return plan.errors;
}

/**
 * Applies an approved STAFF_LEVEL_CHANGE / STAFF_TEAM_CHANGE (the flow's outcome, in the transaction
 * of the final approval): the same checks and history rows as the direct path (source WORKFLOW), audited.
 */
export async function applyApprovedStaffChange(
  client: pg.PoolClient,
  type: StaffFlowType,
  payload: StaffChangePayload,
  by: { actor: { id?: string | null; username: string }; today: string; ip?: string; workflowId?: string | null },
): Promise<number> {
  await applyDueStaffChanges(client, by.today, payload.staffNo);
  const { rows } = await client.query<StaffDbRow>(`${STAFF_SELECT} where s.staff_no = $1 for update of s`, [payload.staffNo]);
  const staff = rows[0];
  if (!staff) throw notFound();
  const added = await recordTrackedChanges(client, staff, [trackedChangeOf(type, payload)], payload.effectiveDate, {
    username: by.actor.username, today: by.today, note: payload.note ?? null, source: 'WORKFLOW',
  });
  await writeAudit(client, {
    user: by.actor, action: 'staff.updated', entity: 'staff', entityId: staff.staff_no,
    detail: { before: toRecord(staff), approved: { type, payload, workflowId: by.workflowId ?? null }, historyAdded: added }, ip: by.ip,
  });
  return added;
}

// ---------------------------------------------------------------- the operations of the workflow engine

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'not a valid date');
const staffNo = z.string().trim().min(1).max(32);
const note = z.string().trim().max(200).optional();

export const staffLevelChangePayload = z.object({ staffNo, level: z.enum(STAFF_LEVELS), effectiveDate: date, note });
export const staffTeamChangePayload = z.object({ staffNo, teamCode: z.string().trim().min(1).max(32).nullable(), effectiveDate: date, note });

function problemsFor(type: StaffFlowType) {
  return async (client: Parameters<typeof staffChangeProblems>[0], payload: StaffChangePayload, ctx: OperationContext): Promise<PayloadProblem[]> =>
    (await staffChangeProblems(client, type, payload, ctx.initiator)).map((e) => ({ field: e.field, zh: e.message.zh, en: e.message.en }));
}

function applyFor(type: StaffFlowType) {
  return async (client: Parameters<typeof applyApprovedStaffChange>[0], payload: StaffChangePayload, ctx: OperationContext) => {
    const historyAdded = await applyApprovedStaffChange(client, type, payload, {
      actor: { id: ctx.actor.userId, username: ctx.actor.username }, today: ctx.today, ip: ctx.ip, workflowId: ctx.workflowId,
    });
    return { staffNo: payload.staffNo, historyAdded };
  };
}

const staffLevelChange = defineOperation({
  type: 'STAFF_LEVEL_CHANGE', // 级别变动
  payloadSchema: staffLevelChangePayload,
  describe: (p) => ({ title: `${p.staffNo}：级别 → ${p.level}，${p.effectiveDate} 起`, subjectStaffNo: p.staffNo, customerNo: null }),
  validate: problemsFor('STAFF_LEVEL_CHANGE'),
  apply: applyFor('STAFF_LEVEL_CHANGE'),
});

const staffTeamChange = defineOperation({
  type: 'STAFF_TEAM_CHANGE', // 团队变动
  payloadSchema: staffTeamChangePayload,
  describe: (p) => ({ title: `${p.staffNo}：团队 → ${p.teamCode ?? '无'}，${p.effectiveDate} 起`, subjectStaffNo: p.staffNo, customerNo: null }),
  validate: problemsFor('STAFF_TEAM_CHANGE'),
  apply: applyFor('STAFF_TEAM_CHANGE'),
});

/** The staff operations of the workflow engine; registered at start-up (app.ts). */
export const staffOperations = [staffLevelChange, staffTeamChange] as const;

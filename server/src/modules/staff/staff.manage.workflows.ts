/**
 * The staff changes that go through approval when the administrator requires it (settings
 * 'staff.changesNeedApproval'): STAFF_LEVEL_CHANGE and STAFF_TEAM_CHANGE, registered with the
 * workflow engine's operation registry. The checks are the direct path's (staffChangeProblems), at
 * the start and again before the final approval; the outcome records the history row
 * (applyApprovedStaffChange) in the approval's transaction. A PATCH /api/staff/{staffNo} that changes
 * the level or the team starts the flow through the starter set here.
 */
import { z } from 'zod';
import { isCalendarDate, STAFF_LEVELS } from '../org/org.rules.js';
import { registerOperation, type OperationContext, type PayloadProblem } from '../workflows/workflows.registry.js';
import { actorOf, startWorkflow } from '../workflows/workflows.service.js';
import { applyApprovedStaffChange, setStaffFlowStarter, staffChangeProblems, type StaffChangePayload, type StaffFlowType } from './staff.manage.service.js';

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

registerOperation({
  type: 'STAFF_LEVEL_CHANGE', // 级别变动
  payloadSchema: staffLevelChangePayload,
  describe: (p) => ({ title: `${p.staffNo}：级别 → ${p.level}，${p.effectiveDate} 起`, subjectStaffNo: p.staffNo, customerNo: null }),
  validate: problemsFor('STAFF_LEVEL_CHANGE'),
  apply: applyFor('STAFF_LEVEL_CHANGE'),
});

registerOperation({
  type: 'STAFF_TEAM_CHANGE', // 团队变动
  payloadSchema: staffTeamChangePayload,
  describe: (p) => ({ title: `${p.staffNo}：团队 → ${p.teamCode ?? '无'}，${p.effectiveDate} 起`, subjectStaffNo: p.staffNo, customerNo: null }),
  validate: problemsFor('STAFF_TEAM_CHANGE'),
  apply: applyFor('STAFF_TEAM_CHANGE'),
});

setStaffFlowStarter(async (pool, user, type, payload, meta) => {
  const flow = await startWorkflow(pool, actorOf(user), { type, payload: { ...payload } }, meta);
  return { id: flow.id, status: flow.status };
});

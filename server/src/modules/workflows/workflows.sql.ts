/**
 * The workflow engine's queries: who may act on a step, the views (待办 / 发起的 / 参与的 /
 * 工作流监控) and the monitoring scope, which follows the caller's data-scope level
 * (business-rules.md §1: "Workflow monitoring shows the flows within the user's scope level").
 */
import { bindParam } from '../access/scope.js';
import type { WorkflowActor } from './workflows.registry.js';
import type { WorkflowView } from './workflows.schemas.js';

/**
 * The logins that may act on a step of role `role` in `scope_code`: enabled logins of that role,
 * linked (TEAM_LEAD, BRANCH_MANAGER) to an active staff member of that team or branch.
 * Parameters: $1 role, $2 scope code (null for HQ / ADMIN).
 */
export const STEP_ASSIGNEES_SQL = `
  select u.id::text as "userId", u.username, u.display_name as "displayName", u.staff_no as "staffNo"
    from users u
    left join staff s on s.staff_no = u.staff_no and s.status = 'ACTIVE'
   where not u.disabled and u.role = $1
     and case $1
           when 'TEAM_LEAD' then s.team_code = $2
           when 'BRANCH_MANAGER' then s.branch_code = $2
           else $1 in ('HQ', 'ADMIN')
         end
   order by u.username`;

/** The caller's active staff record's column, as a scalar subquery (null when it has none or has left). */
function ownStaff(column: 'team_code' | 'branch_code', staffNo: string): string {
  return `(select own.${column} from staff own where own.staff_no = ${staffNo} and own.status = 'ACTIVE')`;
}

/**
 * The caller may act on step row `st` (the current step of flow `w`): same role, and for a team
 * lead or branch manager the step's team or branch is that of the caller's active staff record.
 * The initiator never acts on their own flow.
 */
export function actsOnStep(actor: WorkflowActor, params: unknown[], w = 'w', st = 'st'): string {
  const me = bindParam(params, actor.userId);
  const role = bindParam(params, actor.role);
  const onStep = (() => {
    if (actor.role === 'HQ' || actor.role === 'ADMIN') return 'true';
    if (!actor.staffNo) return 'false';
    if (actor.role === 'TEAM_LEAD') return `${st}.scope_code = ${ownStaff('team_code', bindParam(params, actor.staffNo))}`;
    if (actor.role === 'BRANCH_MANAGER') return `${st}.scope_code = ${ownStaff('branch_code', bindParam(params, actor.staffNo))}`;
    return 'false';
  })();
  return `(${st}.role = ${role} and ${onStep} and ${w}.initiator_user_id <> ${me}::bigint)`;
}

/**
 * 工作流监控: the flows within the caller's scope level — ALL: every flow; BRANCH: flows assigned
 * in the caller's branch; TEAM: in the caller's team; SELF: flows the caller started or that are
 * about the caller's staff record. Fail closed: a scoped caller without an active staff record
 * sees only the flows they started.
 */
export function monitorScope(actor: WorkflowActor, params: unknown[], w = 'w'): string {
  if (actor.scopeLevel === 'ALL') return 'true';
  const started = `${w}.initiator_user_id = ${bindParam(params, actor.userId)}::bigint`;
  if (!actor.staffNo) return started;
  const staff = bindParam(params, actor.staffNo);
  switch (actor.scopeLevel) {
    case 'BRANCH':
      return `(${started} or ${w}.branch_code = ${ownStaff('branch_code', staff)})`;
    case 'TEAM':
      return `(${started} or ${w}.team_code = ${ownStaff('team_code', staff)})`;
    case 'SELF':
      return `(${started} or ${w}.subject_staff_no = (select own.staff_no from staff own where own.staff_no = ${staff} and own.status = 'ACTIVE'))`;
  }
}

/** A flow the caller may open: within monitoring scope, started by them, acted on by them, or waiting for them. */
export function visibleTo(actor: WorkflowActor, params: unknown[], w = 'w'): string {
  const me = bindParam(params, actor.userId);
  return `(${monitorScope(actor, params, w)}
    or exists (select 1 from workflow_history vh where vh.workflow_id = ${w}.id and vh.actor_id = ${me}::bigint)
    or exists (select 1 from workflow_steps vs where vs.workflow_id = ${w}.id and vs.seq = ${w}.current_step and ${actsOnStep(actor, params, w, 'vs')}))`;
}

/** The predicate of a view over flow `w`. */
export function viewPredicate(view: WorkflowView, actor: WorkflowActor, params: unknown[], w = 'w'): string {
  switch (view) {
    case 'todo': {
      const me = bindParam(params, actor.userId);
      return `((${w}.status = 'PENDING' and exists (select 1 from workflow_steps st where st.workflow_id = ${w}.id and st.seq = ${w}.current_step and ${actsOnStep(actor, params, w, 'st')}))
        or (${w}.status = 'RETURNED' and ${w}.initiator_user_id = ${me}::bigint))`;
    }
    case 'started':
      return `${w}.initiator_user_id = ${bindParam(params, actor.userId)}::bigint`;
    case 'participated':
      return `exists (select 1 from workflow_history ph where ph.workflow_id = ${w}.id and ph.actor_id = ${bindParam(params, actor.userId)}::bigint
        and ph.event in ('approve', 'reject', 'return'))`;
    case 'monitor':
      return monitorScope(actor, params, w);
  }
}

/** The columns of a flow summary, over `w` joined to the initiator `iu` and the current step `cs`. */
export const SUMMARY_COLUMNS = `
  w.id::text as id, w.type, w.title, w.status,
  iu.id::text as "initiatorUserId", iu.username as "initiatorUsername", iu.display_name as "initiatorDisplayName",
  w.initiator_staff_no as "initiatorStaffNo",
  w.branch_code as "branchCode", w.team_code as "teamCode", w.customer_no as "customerNo",
  case when w.status = 'PENDING' then w.current_step end as "currentStep",
  case when w.status = 'PENDING' then cs.role end as "currentRole",
  w.created_at as "createdAt", w.updated_at as "updatedAt", w.finished_at as "finishedAt"`;

export const SUMMARY_FROM = `
  workflows w
  join users iu on iu.id = w.initiator_user_id
  left join workflow_steps cs on cs.workflow_id = w.id and cs.seq = w.current_step`;

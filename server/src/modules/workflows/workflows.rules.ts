/**
 * The workflow engine's rules (business-rules.md §2 "each taking effect only after its approval
 * workflow completes", §10): default steps, which actions a flow's state allows, where a step is
 * assigned, and what follows an approval. Pure: no I/O, no clock, no database.
 */
import type { StepRole, StepStatus, WorkflowAction, WorkflowStatus } from './workflows.schemas.js';

/** The default flow of every type: the initiator's team lead, then the branch manager. */
export const DEFAULT_STEPS: readonly StepRole[] = ['TEAM_LEAD', 'BRANCH_MANAGER'];

/** The organisation a flow's steps are assigned in (the initiator's, or the subject staff member's). */
export interface FlowOrg {
  teamCode: string | null;
  branchCode: string | null;
}

/** The team (TEAM_LEAD) or branch (BRANCH_MANAGER) whose login acts on a step; null for HQ and ADMIN (any such login). */
export function stepScopeCode(role: StepRole, org: FlowOrg): string | null {
  if (role === 'TEAM_LEAD') return org.teamCode;
  if (role === 'BRANCH_MANAGER') return org.branchCode;
  return null;
}

/** A step with no one to act on it but the initiator (or no one at all) is skipped: nobody approves their own request. */
export function plannedStepStatus(assigneesOtherThanInitiator: number): Extract<StepStatus, 'WAITING' | 'SKIPPED'> {
  return assigneesOtherThanInitiator > 0 ? 'WAITING' : 'SKIPPED';
}

/** The steps' statuses when a flow starts (or is resubmitted): the first one not skipped is PENDING. Null when every step is skipped. */
export function startingStatuses(planned: readonly Extract<StepStatus, 'WAITING' | 'SKIPPED'>[]): StepStatus[] | null {
  const first = planned.indexOf('WAITING');
  if (first < 0) return null;
  return planned.map((status, i) => (i === first ? 'PENDING' : status));
}

/** The seq (1-based) of the step after `seq` that is waiting, or null when `seq` was the last one to act. */
export function nextWaitingStep(steps: readonly { seq: number; status: StepStatus }[], seq: number): number | null {
  const next = [...steps].sort((a, b) => a.seq - b.seq).find((s) => s.seq > seq && s.status === 'WAITING');
  return next ? next.seq : null;
}

/** Who may take an action, and in which state of the flow. */
export type ActionRule = { who: 'ASSIGNEE' | 'INITIATOR'; from: readonly WorkflowStatus[] };

export const ACTION_RULES: Readonly<Record<WorkflowAction, ActionRule>> = {
  approve: { who: 'ASSIGNEE', from: ['PENDING'] },
  reject: { who: 'ASSIGNEE', from: ['PENDING'] },
  return: { who: 'ASSIGNEE', from: ['PENDING'] },
  withdraw: { who: 'INITIATOR', from: ['PENDING', 'RETURNED'] },
  resubmit: { who: 'INITIATOR', from: ['RETURNED'] },
};

export type ActionVerdict = 'ALLOWED' | 'FORBIDDEN' | 'WRONG_STATE';

/**
 * Whether `action` may be taken: FORBIDDEN (403) when the caller is not the current step's
 * assignee (approve, reject, return) or not the initiator (withdraw, resubmit); WRONG_STATE (409)
 * when the flow's status does not allow it (a flow that is not PENDING has no step to act on).
 */
export function actionVerdict(action: WorkflowAction, status: WorkflowStatus, caller: { isInitiator: boolean; isAssignee: boolean }): ActionVerdict {
  const rule = ACTION_RULES[action];
  const inState = rule.from.includes(status);
  if (rule.who === 'INITIATOR') return !caller.isInitiator ? 'FORBIDDEN' : inState ? 'ALLOWED' : 'WRONG_STATE';
  if (!inState) return 'WRONG_STATE';
  return caller.isAssignee && !caller.isInitiator ? 'ALLOWED' : 'FORBIDDEN';
}

/** The flow's status after an allowed action (approve: APPROVED only when it was the last step). */
export function statusAfter(action: WorkflowAction, lastStep: boolean): WorkflowStatus {
  switch (action) {
    case 'approve':
      return lastStep ? 'APPROVED' : 'PENDING';
    case 'reject':
      return 'REJECTED';
    case 'return':
      return 'RETURNED';
    case 'withdraw':
      return 'WITHDRAWN';
    case 'resubmit':
      return 'PENDING';
  }
}

/** The status the acting step takes. */
export function stepStatusAfter(action: 'approve' | 'reject' | 'return'): StepStatus {
  return action === 'approve' ? 'APPROVED' : action === 'reject' ? 'REJECTED' : 'RETURNED';
}

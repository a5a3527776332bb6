/**
 * The workflow (协同工作) and relationship-operation API's shapes (interfaces.md "Workflows and
 * relationships"): one zod schema each, used for validation, the OpenAPI document and (through
 * z.infer) the service's and the web client's types. Weights and rates are decimal strings; dates
 * YYYY-MM-DD; timestamps ISO 8601. Shapes change only additively.
 */
import { z } from 'zod';
import { isValidIdNo, isValidMobile } from '../../../../shared/identity.js';
import { isCalendarDate } from '../../lib/dates.js';
import { rateProblem, RELATIONSHIP_KINDS, weightProblem } from '../org/org.rules.js';

// ---------------------------------------------------------------- values

const date = z.string().describe('YYYY-MM-DD');
const timestamp = z.string().describe('ISO 8601 timestamp');
const decimal = z.string().describe('decimal string');

const calendarDate = z.string().refine(isCalendarDate, { message: '须为日期 YYYY-MM-DD / must be a date YYYY-MM-DD' }).describe('YYYY-MM-DD');
const code = z.string().trim().min(1).max(32);

/** A weight (权重) 0 < w ≤ 1, at most 6 decimals; a JSON number is accepted and read as its text. */
const weight = z
  .union([z.string().trim(), z.number().transform(String)])
  .superRefine((value, ctx) => {
    const reason = weightProblem(value);
    if (reason) ctx.addIssue({ code: 'custom', message: `权重须大于 0 且不超过 1，最多 6 位小数 / weight ${reason}` });
  })
  .describe('decimal string, 0 < w ≤ 1');

/** A guaranteed commission rate (保底佣金率) 0 ≤ r < 1, at most 6 decimals. */
const rate = z
  .union([z.string().trim(), z.number().transform(String)])
  .superRefine((value, ctx) => {
    const reason = rateProblem(value);
    if (reason) ctx.addIssue({ code: 'custom', message: `费率须不小于 0 且小于 1，最多 6 位小数 / rate ${reason}` });
  })
  .describe('decimal string, 0 ≤ r < 1');

const idNo = z
  .string()
  .trim()
  .refine(isValidIdNo, { message: '须为有效的 18 位居民身份证号码 / must be a valid 18-character resident ID number' })
  .transform((value) => value.toUpperCase());

const mobile = z
  .string()
  .trim()
  .refine(isValidMobile, { message: '须为 11 位手机号码 / must be an 11-digit mainland mobile number' });

export { RELATIONSHIP_KINDS }; // 开发关系 / 服务关系

// ---------------------------------------------------------------- types, statuses, actions

// The flow types themselves are listed in shared/workflow-types.ts (the web's menus and filters use them too).

/**
 * A flow's status: PENDING (waiting at a step), RETURNED (sent back to the initiator for changes;
 * the initiator resubmits or withdraws), APPROVED (the last step approved and the change applied),
 * REJECTED, WITHDRAWN.
 */
export const WORKFLOW_STATUSES = ['PENDING', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/**
 * A step's status: WAITING (not reached), PENDING (current), APPROVED, REJECTED, RETURNED,
 * CANCELLED (the flow was withdrawn before the step acted), SKIPPED (no login but the initiator
 * could act on it: nobody approves their own request).
 */
export const STEP_STATUSES = ['WAITING', 'PENDING', 'APPROVED', 'REJECTED', 'RETURNED', 'CANCELLED', 'SKIPPED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** What a caller may do: the interfaces.md actions, plus `resubmit` (the initiator, after a return, optionally with a corrected payload). */
export const WORKFLOW_ACTIONS = ['approve', 'reject', 'return', 'withdraw', 'resubmit'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** History entries: every action plus `submit` (started), `skip` (a step skipped) and `applied` (the outcome hook ran). */
export const HISTORY_EVENTS = ['submit', 'approve', 'reject', 'return', 'withdraw', 'resubmit', 'skip', 'applied'] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export const WORKFLOW_VIEWS = ['todo', 'started', 'participated', 'monitor'] as const; // 待办 / 发起的 / 参与的 / 工作流监控
export type WorkflowView = (typeof WORKFLOW_VIEWS)[number];

/** Roles a definition step may name: the initiator's team lead, branch manager, or any HQ / ADMIN login. */
export const STEP_ROLES = ['TEAM_LEAD', 'BRANCH_MANAGER', 'HQ', 'ADMIN'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

// ---------------------------------------------------------------- operation payloads (request)

export const appointmentOpenPayload = z
  .object({
    name: z.string().trim().min(1).max(64),
    idNo,
    mobile,
    branch: code.describe('branch code (营业部)'),
    appointmentDate: calendarDate,
    staffNo: code.optional().describe("defaults to the caller's staff record"),
    weight: weight.optional().describe('defaults to 1'),
  })
  .strict();
export type AppointmentOpenPayload = z.output<typeof appointmentOpenPayload>;

export const appointmentVoidPayload = z
  .object({ appointmentId: z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive().transform(String)]) })
  .strict();
export type AppointmentVoidPayload = z.output<typeof appointmentVoidPayload>;

export const nonAppointmentOpenPayload = z
  .object({
    customerNo: code,
    staffNo: code.optional().describe("defaults to the caller's staff record"),
    effectiveFrom: calendarDate,
    weight: weight.optional().describe('defaults to 1'),
    assessmentSet: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type NonAppointmentOpenPayload = z.output<typeof nonAppointmentOpenPayload>;

export const relationshipAddPayload = z
  .object({
    customerNo: code,
    staffNo: code,
    kind: z.enum(RELATIONSHIP_KINDS),
    weight,
    assessmentSet: z.string().trim().min(1).max(64).nullable(),
    effectiveFrom: calendarDate,
    guaranteedRate: rate.nullable().optional(),
  })
  .strict();
export type RelationshipAddPayload = z.output<typeof relationshipAddPayload>;

export const relationshipChangePayload = z
  .object({
    customerNo: code,
    fromStaffNo: code,
    toStaffNo: code,
    effectiveFrom: calendarDate,
    kind: z.enum(RELATIONSHIP_KINDS).optional().describe('defaults to DEVELOP'),
  })
  .strict()
  .refine((p) => p.fromStaffNo !== p.toStaffNo, { path: ['toStaffNo'], message: '不能与原员工相同 / must differ from fromStaffNo' });
export type RelationshipChangePayload = z.output<typeof relationshipChangePayload>;

export const relationshipRevokePayload = z
  .object({
    customerNo: code,
    staffNo: code,
    endedOn: calendarDate,
    kind: z.enum(RELATIONSHIP_KINDS).optional().describe('omitted: every relationship of the pair current on endedOn'),
  })
  .strict();
export type RelationshipRevokePayload = z.output<typeof relationshipRevokePayload>;

/** POST /api/workflows: `payload` is validated against the type's schema (422 naming `payload.<field>`). */
export const startWorkflowBody = z.object({
  type: z.string().trim().min(1).max(64).describe('APPOINTMENT_OPEN, APPOINTMENT_VOID, NON_APPOINTMENT_OPEN, RELATIONSHIP_ADD, RELATIONSHIP_CHANGE, RELATIONSHIP_REVOKE, …'),
  payload: z.record(z.string(), z.unknown()),
});
export type StartWorkflowBody = z.infer<typeof startWorkflowBody>;

/** POST /api/workflows/{id}/actions. `payload` only with `resubmit` (a corrected payload; omitted = unchanged). */
export const workflowActionBody = z.object({
  action: z.enum(WORKFLOW_ACTIONS),
  comment: z.string().trim().max(1000).optional().nullable(),
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type WorkflowActionBody = z.infer<typeof workflowActionBody>;

export const workflowIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

export const workflowListQuery = z.object({
  view: z.enum(WORKFLOW_VIEWS).default('todo'),
  type: z.string().trim().max(64).optional(),
  status: z.enum(WORKFLOW_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type WorkflowListQuery = z.infer<typeof workflowListQuery>;

// ---------------------------------------------------------------- responses

const person = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  staffNo: z.string().nullable(),
});
export type Person = z.infer<typeof person>;

export const workflowStep = z.object({
  seq: z.number().int().describe('1-based order'),
  role: z.string().describe('TEAM_LEAD / BRANCH_MANAGER / HQ / ADMIN'),
  scopeCode: z.string().nullable().describe('team code (TEAM_LEAD) or branch code (BRANCH_MANAGER) whose login acts'),
  status: z.enum(STEP_STATUSES),
  assignees: z.array(person).describe('the logins that may act on this step'),
  actedBy: person.nullable(),
  actedAt: timestamp.nullable(),
  comment: z.string().nullable(),
});
export type WorkflowStep = z.infer<typeof workflowStep>;

export const workflowHistoryEntry = z.object({
  id: z.string(),
  at: timestamp,
  event: z.enum(HISTORY_EVENTS),
  stepSeq: z.number().int().nullable(),
  actor: person.nullable().describe('null for the system (applied)'),
  comment: z.string().nullable(),
});
export type WorkflowHistoryEntry = z.infer<typeof workflowHistoryEntry>;

/** Names of the codes a flow names, keyed by code; only those the caller may see (workflows.names.ts). */
export const codeNames = z
  .object({
    customers: z.record(z.string(), z.string()).describe('customer number → name'),
    staff: z.record(z.string(), z.string()).describe('staff number → name'),
    units: z.record(z.string(), z.string()).describe('branch or team code → name (the initiator’s branch and team, and those the payload names)'),
  })
  .describe('names of the customer and staff numbers of the flow that the caller may see; a code without a name is not shown to the caller');
export type CodeNames = z.infer<typeof codeNames>;

export const workflowSummary = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string().describe('a one-line description of the request, e.g. "C0001: S001 → S002 from 2026-03-16"'),
  status: z.enum(WORKFLOW_STATUSES),
  initiator: person,
  branchCode: z.string().nullable().describe("the initiator's branch (monitoring scope)"),
  teamCode: z.string().nullable().describe("the initiator's team"),
  customerNo: z.string().nullable(),
  currentStep: z.number().int().nullable().describe('seq of the PENDING step; null when not PENDING'),
  currentRole: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  finishedAt: timestamp.nullable(),
  names: codeNames,
});
export type WorkflowSummary = z.infer<typeof workflowSummary>;

export const workflowList = z.object({ items: z.array(workflowSummary), total: z.number().int() });
export type WorkflowList = z.infer<typeof workflowList>;

/** What the caller may do now (for the buttons of the detail page). */
export const allowedActions = z.object({
  approve: z.boolean(),
  reject: z.boolean(),
  return: z.boolean(),
  withdraw: z.boolean(),
  resubmit: z.boolean(),
});

export const workflowDetail = workflowSummary.extend({
  payload: z.record(z.string(), z.unknown()).describe('the validated operation payload'),
  steps: z.array(workflowStep),
  history: z.array(workflowHistoryEntry),
  outcome: z.record(z.string(), z.unknown()).nullable().describe('what the final approval applied (relationship ids, appointment id …)'),
  allowedActions,
});
export type WorkflowDetail = z.infer<typeof workflowDetail>;

/** 201 of POST /api/workflows: `{ id, status, steps }` plus the rest of the detail. */
export const startedWorkflow = workflowDetail;

// ---------------------------------------------------------------- definitions (ADMIN)

export const workflowDefinition = z.object({
  type: z.string(),
  steps: z.array(z.enum(STEP_ROLES)).describe('ordered roles'),
  isDefault: z.boolean().describe('true while no administrator has changed it'),
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
});
export type WorkflowDefinition = z.infer<typeof workflowDefinition>;

export const workflowDefinitionList = z.object({ items: z.array(workflowDefinition) });

export const putDefinitionsBody = z.object({
  items: z
    .array(
      z.object({
        type: z.string().trim().min(1).max(64),
        steps: z.array(z.enum(STEP_ROLES)).min(1).max(5),
      }),
    )
    .min(1),
});
export type PutDefinitionsBody = z.infer<typeof putDefinitionsBody>;

// ---------------------------------------------------------------- appointments (预约)

export const APPOINTMENT_STATUSES = ['PENDING', 'APPROVED', 'MATCHED', 'UNUSABLE', 'VOID', 'REJECTED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const appointmentListQuery = z.object({
  status: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.union([z.literal(''), z.enum(APPOINTMENT_STATUSES)]))
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .describe('pending, approved, matched, unusable, void, rejected (any case)'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const appointment = z.object({
  id: z.string(),
  name: z.string(),
  idNo: z.string().describe('masked without the pii permission'),
  mobile: z.string().describe('masked without the pii permission'),
  branchCode: z.string(),
  branchName: z.string(),
  appointmentDate: date,
  staffNo: z.string(),
  staffName: z.string(),
  weight: decimal,
  status: z.enum(APPOINTMENT_STATUSES),
  statusReason: z.string().nullable().describe('why UNUSABLE or VOID'),
  customerNo: z.string().nullable().describe('the matched customer'),
  openDate: date.nullable().describe("the matched customer's open date (the relationship's effective_from)"),
  relationshipId: z.string().nullable(),
  workflowId: z.string().nullable(),
  createdAt: timestamp,
});
export type Appointment = z.infer<typeof appointment>;

export const appointmentList = z.object({ items: z.array(appointment), total: z.number().int() });
export type AppointmentList = z.infer<typeof appointmentList>;

// ---------------------------------------------------------------- relationships (as the operations apply them)

export const relationshipRow = z.object({
  id: z.string(),
  customerNo: z.string(),
  staffNo: z.string(),
  kind: z.enum(RELATIONSHIP_KINDS),
  weight: decimal,
  assessmentSet: z.string().nullable(),
  addedOn: date,
  effectiveFrom: date,
  confirmedOn: date.nullable(),
  endedOn: date.nullable(),
  guaranteedRate: decimal.nullable(),
  source: z.string(),
});
export type RelationshipRow = z.infer<typeof relationshipRow>;

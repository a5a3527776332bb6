/**
 * The workflow engine (协同工作): starting a flow, the actions on it, the views and the flow
 * definitions. Every change runs in one transaction with its history rows and its audit row; the
 * final approval runs the operation's outcome hook (`apply`) in that same transaction, so a flow
 * is APPROVED exactly when its business change is made.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { AppError, checkInput, conflict, forbidden, notFound, validationFailed, type FieldError } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { canSeePii, piiFieldsIn, presentPiiFields } from '../access/pii.js';
import { scopeLevelOf } from '../auth/auth.rules.js';
import type { AuthUser } from '../auth/auth.service.js';
import { auditPiiView, writeAudit } from '../audit/audit.service.js';
import { operationOf, registeredTypes, type OperationContext, type PayloadProblem, type RegisteredOperation, type WorkflowActor } from './workflows.registry.js';
import { actionVerdict, DEFAULT_STEPS, nextWaitingStep, plannedStepStatus, startingStatuses, statusAfter, stepScopeCode, stepStatusAfter, type FlowOrg } from './workflows.rules.js';
import { flowNames } from './workflows.names.js';
import type {
  CodeNames, HistoryEvent, Person, PutDefinitionsBody, StartWorkflowBody, StepRole, StepStatus, WorkflowActionBody, WorkflowDefinition,
  WorkflowDetail, WorkflowList, WorkflowListQuery, WorkflowStatus, WorkflowSummary,
} from './workflows.schemas.js';
import { actsOnStep, STEP_ASSIGNEES_SQL, SUMMARY_COLUMNS, SUMMARY_FROM, viewPredicate, visibleTo } from './workflows.sql.js';

type Queryable = pg.Pool | pg.PoolClient;

/** The request's circumstances: the client address and the app's clock. */
export interface RequestMeta {
  ip: string;
  now: Date;
}

export function actorOf(user: AuthUser): WorkflowActor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    scopeLevel: user.scopeLevel,
    staffNo: user.staffNo,
    teamCode: user.teamCode,
    branchCode: user.branchCode,
  };
}

function auditUser(actor: WorkflowActor) {
  return { id: actor.userId, username: actor.username };
}

// ---------------------------------------------------------------- payloads

/** The payload parsed against the type's schema; 422 naming `payload.<field>` for each bad field. */
function parsePayload(op: RegisteredOperation, payload: unknown, ctx: OperationContext): Record<string, unknown> {
  const checked = checkInput(op.payloadSchema, payload, 'payload');
  if (!checked.success) {
    throw validationFailed(checked.error.fieldErrors.map((f) => ({ ...f, field: f.field === 'payload' ? 'payload' : `payload.${f.field}` })));
  }
  return op.complete(checked.data, ctx);
}

function payloadErrors(problems: readonly PayloadProblem[]): FieldError[] {
  return problems.map((p) => ({ field: `payload.${p.field}`, message: { zh: p.zh, en: p.en } }));
}

async function validateOrThrow(client: pg.PoolClient, op: RegisteredOperation, payload: unknown, ctx: OperationContext): Promise<void> {
  const problems = await op.validate(client, payload, ctx);
  if (problems.length > 0) throw validationFailed(payloadErrors(problems));
}

function operationOrThrow(type: string): RegisteredOperation {
  const op = operationOf(type);
  if (!op) {
    throw validationFailed([{ field: 'type', message: { zh: `未知的流程类型 ${type}（可选：${registeredTypes().join('、')}）`, en: `unknown workflow type ${type} (one of ${registeredTypes().join(', ')})` } }]);
  }
  return op;
}

// ---------------------------------------------------------------- definitions

async function stepsOfType(client: Queryable, type: string): Promise<StepRole[]> {
  const { rows } = await client.query<{ steps: StepRole[] }>(`select steps from workflow_definitions where type = $1`, [type]);
  return rows[0]?.steps ?? [...DEFAULT_STEPS];
}

export async function listDefinitions(pool: pg.Pool): Promise<{ items: WorkflowDefinition[] }> {
  const { rows } = await pool.query<{ type: string; steps: StepRole[]; updatedAt: Date; updatedBy: string | null }>(
    `select type, steps, updated_at as "updatedAt", updated_by as "updatedBy" from workflow_definitions`,
  );
  const stored = new Map(rows.map((r) => [r.type, r]));
  const types = [...new Set([...registeredTypes(), ...stored.keys()])].sort();
  return {
    items: types.map((type) => {
      const row = stored.get(type);
      return row
        ? { type, steps: row.steps, isDefault: false, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy }
        : { type, steps: [...DEFAULT_STEPS], isDefault: true, updatedAt: null, updatedBy: null };
    }),
  };
}

export async function putDefinitions(pool: pg.Pool, actor: WorkflowActor, body: PutDefinitionsBody, meta: RequestMeta): Promise<{ items: WorkflowDefinition[] }> {
  const unknown = body.items.flatMap((item, i) => (operationOf(item.type) ? [] : [i]));
  if (unknown.length > 0) {
    throw validationFailed(unknown.map((i) => ({ field: `items.${i}.type`, message: { zh: `未知的流程类型 ${body.items[i]!.type}`, en: `unknown workflow type ${body.items[i]!.type}` } })));
  }
  await inTransaction(pool, async (client) => {
    for (const item of body.items) {
      const before = await stepsOfType(client, item.type);
      await client.query(
        `insert into workflow_definitions (type, steps, updated_at, updated_by) values ($1, $2, $3, $4)
         on conflict (type) do update set steps = excluded.steps, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [item.type, item.steps, meta.now, actor.username],
      );
      await writeAudit(client, {
        user: auditUser(actor), action: 'workflow.definition_changed', entity: 'workflow_definition', entityId: item.type,
        detail: { before, after: item.steps }, ip: meta.ip,
      });
    }
  });
  return listDefinitions(pool);
}

// ---------------------------------------------------------------- starting a flow

/** The organisation a flow is assigned in: the initiator's staff record, else the subject staff member's. */
async function flowOrg(client: pg.PoolClient, initiator: WorkflowActor, subjectStaffNo: string | null): Promise<FlowOrg> {
  const staffNo = initiator.staffNo ?? subjectStaffNo;
  if (!staffNo) return { teamCode: null, branchCode: null };
  const { rows } = await client.query<{ team_code: string | null; branch_code: string }>(`select team_code, branch_code from staff where staff_no = $1`, [staffNo]);
  return { teamCode: rows[0]?.team_code ?? null, branchCode: rows[0]?.branch_code ?? null };
}

async function assigneesOf(client: Queryable, role: string, scopeCode: string | null): Promise<Person[]> {
  if ((role === 'TEAM_LEAD' || role === 'BRANCH_MANAGER') && scopeCode === null) return [];
  const { rows } = await client.query<Person>(STEP_ASSIGNEES_SQL, [role, scopeCode]);
  return rows;
}

async function addHistory(
  client: pg.PoolClient,
  workflowId: string,
  event: HistoryEvent,
  entry: { stepSeq?: number | null; actorId?: string | null; comment?: string | null; detail?: unknown; at: Date },
): Promise<void> {
  await client.query(
    `insert into workflow_history (workflow_id, at, event, step_seq, actor_id, comment, detail) values ($1, $2, $3, $4, $5, $6, $7)`,
    [workflowId, entry.at, event, entry.stepSeq ?? null, entry.actorId ?? null, entry.comment ?? null, entry.detail === undefined ? null : JSON.stringify(entry.detail)],
  );
}

/**
 * Lays out the steps of a (re)submitted flow from its type's definition: each step is assigned in
 * the flow's organisation; one with no login but the initiator to act on it is skipped. 422 when
 * every step is skipped (no one could approve). Returns the first pending step.
 */
async function planSteps(client: pg.PoolClient, workflowId: string, type: string, org: FlowOrg, initiator: WorkflowActor, now: Date): Promise<number> {
  const roles = await stepsOfType(client, type);
  const planned = [];
  for (const role of roles) {
    const scopeCode = stepScopeCode(role, org);
    const others = (await assigneesOf(client, role, scopeCode)).filter((p) => p.userId !== initiator.userId);
    planned.push({ role, scopeCode, status: plannedStepStatus(others.length) });
  }
  const statuses = startingStatuses(planned.map((p) => p.status));
  if (!statuses) {
    throw new AppError({
      code: 'NO_APPROVER', status: 422,
      zh: `没有可以审批此流程的用户（审批步骤：${roles.join(' → ')}）。`,
      en: `No login can approve this flow (steps: ${roles.join(' → ')}).`,
    });
  }
  await client.query(`delete from workflow_steps where workflow_id = $1`, [workflowId]);
  for (const [i, step] of planned.entries()) {
    await client.query(`insert into workflow_steps (workflow_id, seq, role, scope_code, status) values ($1, $2, $3, $4, $5)`, [
      workflowId, i + 1, step.role, step.scopeCode, statuses[i],
    ]);
    if (step.status === 'SKIPPED') {
      await addHistory(client, workflowId, 'skip', { stepSeq: i + 1, comment: `${step.role}${step.scopeCode ? ` ${step.scopeCode}` : ''}: no approver other than the initiator`, at: now });
    }
  }
  return statuses.indexOf('PENDING') + 1;
}

function contextFor(initiator: WorkflowActor, actor: WorkflowActor, workflowId: string | null, meta: RequestMeta): OperationContext {
  return { initiator, actor, workflowId, today: businessDate(meta.now), now: meta.now, ip: meta.ip };
}

export async function startWorkflow(pool: pg.Pool, initiator: WorkflowActor, body: StartWorkflowBody, meta: RequestMeta): Promise<WorkflowDetail> {
  const op = operationOrThrow(body.type);
  const draftCtx = contextFor(initiator, initiator, null, meta);
  const payload = parsePayload(op, body.payload, draftCtx);
  return inTransaction(pool, async (client) => {
    await validateOrThrow(client, op, payload, draftCtx);
    const described = op.describe(payload);
    const org = await flowOrg(client, initiator, described.subjectStaffNo);
    const { rows } = await client.query<{ id: string }>(
      `insert into workflows (type, status, payload, title, initiator_user_id, initiator_staff_no, branch_code, team_code, subject_staff_no,
                              customer_no, created_at, updated_at)
       values ($1, 'PENDING', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) returning id::text as id`,
      [op.type, JSON.stringify(payload), described.title, initiator.userId, initiator.staffNo, org.branchCode, org.teamCode,
        described.subjectStaffNo, described.customerNo, meta.now],
    );
    const id = rows[0]!.id;
    await addHistory(client, id, 'submit', { actorId: initiator.userId, detail: { payload }, at: meta.now });
    const current = await planSteps(client, id, op.type, org, initiator, meta.now);
    await client.query(`update workflows set current_step = $2 where id = $1`, [id, current]);
    await op.onSubmit(client, payload, { ...draftCtx, workflowId: id });
    await writeAudit(client, {
      user: auditUser(initiator), action: 'workflow.started', entity: 'workflow', entityId: id, detail: { type: op.type, payload }, ip: meta.ip,
    });
    return loadDetail(client, initiator, id, meta);
  });
}

// ---------------------------------------------------------------- actions

interface LockedFlow {
  id: string;
  type: string;
  status: WorkflowStatus;
  payload: Record<string, unknown>;
  initiator_user_id: string;
  current_step: number | null;
}

async function initiatorOf(client: pg.PoolClient, userId: string): Promise<WorkflowActor> {
  const { rows } = await client.query<{ id: string; username: string; role: WorkflowActor['role']; staff_no: string | null; team_code: string | null; branch_code: string | null }>(
    `select u.id::text as id, u.username, u.role, u.staff_no, s.team_code, s.branch_code
       from users u left join staff s on s.staff_no = u.staff_no where u.id = $1`,
    [userId],
  );
  const row = rows[0]!;
  // a role this version does not know has no scope: SELF sees only what it started (fail closed)
  const scopeLevel = scopeLevelOf(row.role) ?? 'SELF';
  return { userId: row.id, username: row.username, role: row.role, scopeLevel, staffNo: row.staff_no, teamCode: row.team_code, branchCode: row.branch_code };
}

async function isCurrentAssignee(client: pg.PoolClient, actor: WorkflowActor, flow: LockedFlow): Promise<boolean> {
  if (flow.current_step === null) return false;
  const params: unknown[] = [flow.id, flow.current_step];
  const { rows } = await client.query(
    `select 1 from workflows w join workflow_steps st on st.workflow_id = w.id and st.seq = $2 where w.id = $1 and ${actsOnStep(actor, params)}`,
    params,
  );
  return rows.length > 0;
}

export async function actOnWorkflow(pool: pg.Pool, actor: WorkflowActor, id: string, body: WorkflowActionBody, meta: RequestMeta): Promise<WorkflowDetail> {
  return inTransaction(pool, async (client) => {
    const params: unknown[] = [id];
    const { rows } = await client.query<LockedFlow>(
      `select w.id::text as id, w.type, w.status, w.payload, w.initiator_user_id::text as initiator_user_id, w.current_step
         from workflows w where w.id = $1 and ${visibleTo(actor, params)} for update of w`,
      params,
    );
    const flow = rows[0];
    if (!flow) throw notFound();
    const isInitiator = flow.initiator_user_id === actor.userId;
    const verdict = actionVerdict(body.action, flow.status, { isInitiator, isAssignee: await isCurrentAssignee(client, actor, flow) });
    if (verdict === 'FORBIDDEN') throw forbidden();
    if (verdict === 'WRONG_STATE') {
      throw conflict('WORKFLOW_STATE', `流程当前状态为 ${flow.status}，不能执行此操作。`, `The flow is ${flow.status}; this action is not possible now.`);
    }
    const op = operationOrThrow(flow.type);
    const initiator = isInitiator ? actor : await initiatorOf(client, flow.initiator_user_id);
    const ctx = contextFor(initiator, actor, flow.id, meta);
    const comment = body.comment?.trim() || null;
    let outcome: Record<string, unknown> | null = null;

    switch (body.action) {
      case 'approve': {
        const steps = await stepStatuses(client, flow.id);
        const next = nextWaitingStep(steps, flow.current_step!);
        await markStep(client, flow, 'APPROVED', actor, comment, meta.now);
        await addHistory(client, flow.id, 'approve', { stepSeq: flow.current_step, actorId: actor.userId, comment, at: meta.now });
        if (next !== null) {
          await client.query(`update workflow_steps set status = 'PENDING' where workflow_id = $1 and seq = $2`, [flow.id, next]);
          await setFlow(client, flow.id, statusAfter('approve', false), next, meta.now);
        } else {
          // the final approval: the payload is checked again against today's data, then applied in this transaction
          await validateOrThrow(client, op, flow.payload, ctx);
          outcome = await op.apply(client, flow.payload, ctx);
          await addHistory(client, flow.id, 'applied', { detail: outcome, at: meta.now });
          await setFlow(client, flow.id, statusAfter('approve', true), null, meta.now, outcome);
        }
        break;
      }
      case 'reject':
      case 'return': {
        await markStep(client, flow, stepStatusAfter(body.action), actor, comment, meta.now);
        await client.query(`update workflow_steps set status = 'CANCELLED' where workflow_id = $1 and status = 'WAITING'`, [flow.id]);
        await addHistory(client, flow.id, body.action, { stepSeq: flow.current_step, actorId: actor.userId, comment, at: meta.now });
        await setFlow(client, flow.id, statusAfter(body.action, false), null, meta.now);
        if (body.action === 'reject') await op.onClose(client, flow.payload, ctx, 'REJECTED');
        break;
      }
      case 'withdraw': {
        await client.query(`update workflow_steps set status = 'CANCELLED' where workflow_id = $1 and status in ('WAITING', 'PENDING')`, [flow.id]);
        await addHistory(client, flow.id, 'withdraw', { actorId: actor.userId, comment, at: meta.now });
        await setFlow(client, flow.id, 'WITHDRAWN', null, meta.now);
        await op.onClose(client, flow.payload, ctx, 'WITHDRAWN');
        break;
      }
      case 'resubmit': {
        const payload = body.payload === undefined ? flow.payload : parsePayload(op, body.payload, ctx);
        await validateOrThrow(client, op, payload, ctx);
        const described = op.describe(payload);
        const org = await flowOrg(client, initiator, described.subjectStaffNo);
        await client.query(
          `update workflows set payload = $2, title = $3, subject_staff_no = $4, customer_no = $5, branch_code = $6, team_code = $7 where id = $1`,
          [flow.id, JSON.stringify(payload), described.title, described.subjectStaffNo, described.customerNo, org.branchCode, org.teamCode],
        );
        await addHistory(client, flow.id, 'resubmit', { actorId: actor.userId, comment, detail: { payload }, at: meta.now });
        const current = await planSteps(client, flow.id, op.type, org, initiator, meta.now);
        await setFlow(client, flow.id, 'PENDING', current, meta.now);
        await op.onSubmit(client, payload, ctx);
        break;
      }
    }
    await writeAudit(client, {
      user: auditUser(actor), action: `workflow.${body.action}`, entity: 'workflow', entityId: flow.id,
      detail: { type: flow.type, step: flow.current_step, comment, ...(outcome ? { outcome } : {}) }, ip: meta.ip,
    });
    return loadDetail(client, actor, flow.id, meta);
  });
}

/**
 * Ends a flow still in approval (PENDING or RETURNED) on behalf of its own operation — e.g. 撤销 a
 * campaign (outreach.service.ts cancelCampaign), which decides who may — in the caller's transaction,
 * like a withdraw: the open steps CANCELLED (it leaves every to-do list), a `withdraw` event by
 * `actor` with `comment`, the flow WITHDRAWN and audited (`workflow.withdraw`, `by: operation`).
 * The operation's onClose is not run: the caller closes its own record. Locks the flow's row first
 * (the order an approval locks in). False, with nothing done, for a flow already finished.
 */
export async function endFlowInApproval(client: pg.PoolClient, actor: WorkflowActor, id: string, comment: string, meta: RequestMeta): Promise<boolean> {
  const { rows } = await client.query<{ type: string; status: WorkflowStatus; current_step: number | null }>(
    `select type, status, current_step from workflows where id = $1 for update`, [id],
  );
  const flow = rows[0];
  if (!flow || (flow.status !== 'PENDING' && flow.status !== 'RETURNED')) return false;
  await client.query(`update workflow_steps set status = 'CANCELLED' where workflow_id = $1 and status in ('WAITING', 'PENDING')`, [id]);
  await addHistory(client, id, 'withdraw', { actorId: actor.userId, comment, at: meta.now });
  await setFlow(client, id, 'WITHDRAWN', null, meta.now);
  await writeAudit(client, {
    user: auditUser(actor), action: 'workflow.withdraw', entity: 'workflow', entityId: id,
    detail: { type: flow.type, step: flow.current_step, comment, by: 'operation' }, ip: meta.ip,
  });
  return true;
}

async function stepStatuses(client: pg.PoolClient, id: string): Promise<{ seq: number; status: StepStatus }[]> {
  const { rows } = await client.query<{ seq: number; status: StepStatus }>(`select seq, status from workflow_steps where workflow_id = $1 order by seq`, [id]);
  return rows;
}

async function markStep(client: pg.PoolClient, flow: LockedFlow, status: StepStatus, actor: WorkflowActor, comment: string | null, now: Date): Promise<void> {
  await client.query(
    `update workflow_steps set status = $3, acted_by = $4, acted_at = $5, comment = $6 where workflow_id = $1 and seq = $2`,
    [flow.id, flow.current_step, status, actor.userId, now, comment],
  );
}

async function setFlow(client: pg.PoolClient, id: string, status: WorkflowStatus, currentStep: number | null, now: Date, outcome?: Record<string, unknown>): Promise<void> {
  const finished = status === 'APPROVED' || status === 'REJECTED' || status === 'WITHDRAWN';
  await client.query(
    `update workflows set status = $2, current_step = $3, updated_at = $4::timestamptz, finished_at = case when $5::boolean then $4::timestamptz end,
            outcome = coalesce($6::jsonb, outcome)
      where id = $1`,
    [id, status, currentStep, now, finished, outcome === undefined ? null : JSON.stringify(outcome)],
  );
}

// ---------------------------------------------------------------- reading

interface SummaryRow {
  id: string;
  type: string;
  title: string;
  status: WorkflowStatus;
  initiatorUserId: string;
  initiatorUsername: string;
  initiatorDisplayName: string | null;
  initiatorStaffNo: string | null;
  branchCode: string | null;
  teamCode: string | null;
  customerNo: string | null;
  currentStep: number | null;
  currentRole: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

function toSummary(row: SummaryRow, names: CodeNames): WorkflowSummary {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    status: row.status,
    initiator: { userId: row.initiatorUserId, username: row.initiatorUsername, displayName: row.initiatorDisplayName, staffNo: row.initiatorStaffNo },
    branchCode: row.branchCode,
    teamCode: row.teamCode,
    customerNo: row.customerNo,
    currentStep: row.currentStep,
    currentRole: row.currentRole,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    names,
  };
}

/** `now`: the app's clock, for the day the names' scope is taken on. */
export async function listWorkflows(pool: pg.Pool, actor: WorkflowActor, query: WorkflowListQuery, now: Date): Promise<WorkflowList> {
  const params: unknown[] = [];
  const where = [viewPredicate(query.view, actor, params)];
  if (query.type) where.push(`w.type = $${params.push(query.type)}`);
  if (query.status) where.push(`w.status = $${params.push(query.status)}`);
  const limit = `$${params.push(query.pageSize)}`;
  const offset = `$${params.push((query.page - 1) * query.pageSize)}`;
  const { rows } = await pool.query<SummaryRow & { total: string; payload: Record<string, unknown> }>(
    `select ${SUMMARY_COLUMNS}, w.payload, count(*) over () as total
       from ${SUMMARY_FROM}
      where ${where.join(' and ')}
      order by w.updated_at desc, w.id desc
      limit ${limit} offset ${offset}`,
    params,
  );
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && query.page > 1) {
    const countParams: unknown[] = params.slice(0, params.length - 2);
    const { rows: counted } = await pool.query<{ n: string }>(`select count(*) as n from workflows w where ${where.join(' and ')}`, countParams);
    total = Number(counted[0]?.n ?? 0);
  }
  const names = await flowNames(pool, actor, businessDate(now), rows);
  return { items: rows.map((row, i) => toSummary(row, names[i]!)), total };
}

/** One flow; its unmasked personal information (a prospect's ID number and mobile) audited in the read's transaction. */
export async function workflowDetail(pool: pg.Pool, actor: WorkflowActor, id: string, meta: RequestMeta): Promise<WorkflowDetail> {
  return inTransaction(pool, (client) => loadDetail(client, actor, id, meta));
}

async function loadDetail(client: pg.PoolClient, actor: WorkflowActor, id: string, meta: RequestMeta): Promise<WorkflowDetail> {
  const params: unknown[] = [id];
  const { rows } = await client.query<SummaryRow & { payload: Record<string, unknown>; outcome: Record<string, unknown> | null }>(
    `select ${SUMMARY_COLUMNS}, w.payload, w.outcome from ${SUMMARY_FROM} where w.id = $1 and ${visibleTo(actor, params)}`,
    params,
  );
  const row = rows[0];
  if (!row) throw notFound();
  const { rows: stepRows } = await client.query<{
    seq: number; role: string; scopeCode: string | null; status: StepStatus; actedAt: Date | null; comment: string | null;
    actedUserId: string | null; actedUsername: string | null; actedDisplayName: string | null; actedStaffNo: string | null;
  }>(
    `select st.seq, st.role, st.scope_code as "scopeCode", st.status, st.acted_at as "actedAt", st.comment,
            u.id::text as "actedUserId", u.username as "actedUsername", u.display_name as "actedDisplayName", u.staff_no as "actedStaffNo"
       from workflow_steps st left join users u on u.id = st.acted_by
      where st.workflow_id = $1 order by st.seq`,
    [id],
  );
  const steps = [];
  for (const s of stepRows) {
    const open = s.status === 'PENDING' || s.status === 'WAITING';
    const assignees = open ? (await assigneesOf(client, s.role, s.scopeCode)).filter((p) => p.userId !== row.initiatorUserId) : [];
    steps.push({
      seq: s.seq, role: s.role, scopeCode: s.scopeCode, status: s.status, assignees,
      actedBy: s.actedUserId ? { userId: s.actedUserId, username: s.actedUsername!, displayName: s.actedDisplayName, staffNo: s.actedStaffNo } : null,
      actedAt: s.actedAt?.toISOString() ?? null,
      comment: s.comment,
    });
  }
  const { rows: historyRows } = await client.query<{
    id: string; at: Date; event: HistoryEvent; stepSeq: number | null; comment: string | null;
    userId: string | null; username: string | null; displayName: string | null; staffNo: string | null;
  }>(
    `select h.id::text as id, h.at, h.event, h.step_seq as "stepSeq", h.comment,
            u.id::text as "userId", u.username, u.display_name as "displayName", u.staff_no as "staffNo"
       from workflow_history h left join users u on u.id = h.actor_id
      where h.workflow_id = $1 order by h.id`,
    [id],
  );
  const shownPii = piiFieldsIn(row.payload);
  if (canSeePii(actor) && shownPii.length > 0) {
    await auditPiiView(client, auditUser(actor), { entity: 'workflow', entityId: id, detail: { via: 'detail', fields: shownPii }, ip: meta.ip });
  }
  const isInitiator = row.initiatorUserId === actor.userId;
  const current = steps.find((s) => s.status === 'PENDING');
  const isAssignee = row.status === 'PENDING' && !isInitiator && current !== undefined && current.assignees.some((p) => p.userId === actor.userId);
  return {
    ...toSummary(row, (await flowNames(client, actor, businessDate(meta.now), [row]))[0]!),
    // the prospect's ID number and mobile are personal information: masked without `pii`, as in /api/appointments
    payload: presentPiiFields(actor, row.payload),
    outcome: row.outcome,
    steps,
    history: historyRows.map((h) => ({
      id: h.id, at: h.at.toISOString(), event: h.event, stepSeq: h.stepSeq, comment: h.comment,
      actor: h.userId ? { userId: h.userId, username: h.username!, displayName: h.displayName, staffNo: h.staffNo } : null,
    })),
    allowedActions: {
      approve: isAssignee,
      reject: isAssignee,
      return: isAssignee,
      withdraw: isInitiator && (row.status === 'PENDING' || row.status === 'RETURNED'),
      resubmit: isInitiator && row.status === 'RETURNED',
    },
  };
}

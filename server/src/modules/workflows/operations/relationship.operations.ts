/**
 * The relationship operations (经纪关系操作, business-rules.md §2), each a flow type of the
 * workflow engine: appointment opening and void (预约客户开户 / 预约作废), non-appointment opening
 * (非预约客户开户), add (对应关系增加), change within the branch (对应关系变更) and revoke
 * (对应关系撤销).
 *
 * Every check runs when the flow starts (422 naming the payload field) and again at the final
 * approval, under a per-customer lock, before `apply` changes the relationships in the approval's
 * transaction: nothing is deleted or overwritten (ending a relationship sets its ended_on; a change
 * ends the old one the day before the new one starts), staff figures are re-derived from the
 * earliest date whose attribution changed, and the change is audited.
 *
 * Who may ask: the staff member named (staffNo, fromStaffNo) must be within the initiator's staff
 * scope (a broker for themselves, a team lead for the team, a branch manager for the branch, HQ and
 * ADMIN for anyone); the customer must be within the initiator's data scope (the 360° view) today
 * or on the operation's date, or — for add and non-appointment opening — be an unclaimed customer of
 * the initiator's branch (no relationship in force today or later: opened at the counter, nobody's
 * yet). The target of a change (toStaffNo) is a staff member of the customer's branch. A staff
 * member must be employed on the effective date (org.employment.ts staffActiveOn).
 *
 * Nothing outside the initiator's scope leaks through a message: a customer or staff member out of
 * reach gets exactly the answer of an unknown one, a claimable customer's conflicts name no other
 * staff member, and an appointment's ID-number checks name a date or an appointment only when the
 * customer or appointment is within the initiator's scope (docs/decisions.md).
 */
import { codeLabel } from '../../../../../shared/codes.js';
import type { RelationshipOperationType } from '../../../../../shared/workflow-types.js';
import type pg from 'pg';
import { addDays } from '../../../lib/dates.js';
import { bindParam, customerScope, staffScope } from '../../access/scope.js';
import { lockAgainstImports, rederiveStaffFiguresSince } from '../../attribution/attribution.service.js';
import { writeAudit } from '../../audit/audit.service.js';
import { guaranteedRateAllowed, type StaffCategory } from '../../org/org.rules.js';
import { defineOperation, type OperationContext, type PayloadProblem, type WorkflowActor } from '../workflows.registry.js';
import {
  appointmentOpenPayload, appointmentVoidPayload, nonAppointmentOpenPayload, relationshipAddPayload, relationshipChangePayload,
  relationshipRevokePayload,
} from '../workflows.schemas.js';
import { matchAndRederive } from './appointments.js';
import { staffActiveOn } from '../../org/org.employment.js';
import { changeProblems, type RelationshipChange, type StoredPeriod } from './relationship.rules.js';

const SOURCE = 'WORKFLOW';

// ---------------------------------------------------------------- what the checks read

interface CustomerFacts {
  customer_no: string;
  branch_code: string;
  open_date: string;
  close_date: string | null;
  /** Within the initiator's data scope (else only claimable): messages may name its other staff and weights. */
  in_scope: boolean;
}

interface StaffFacts {
  staff_no: string;
  name: string;
  branch_code: string;
  team_code: string | null;
  category: StaffCategory;
  hire_date: string;
  leave_date: string | null;
  /** Within the initiator's staff scope: messages may show the hire and leave dates. */
  in_scope: boolean;
}

function problem(field: string, zh: string, en: string): PayloadProblem {
  return { field, zh, en };
}

/** Serialises the checks and changes of one customer's relationships (two approvals never both pass the weight check). */
async function lockCustomer(client: pg.PoolClient, customerNo: string): Promise<void> {
  await client.query(`select pg_advisory_xact_lock(hashtext('relationships:' || $1))`, [customerNo]);
}

/** The initiator as the data scope sees them. */
function scopeSubject(initiator: WorkflowActor) {
  return { role: initiator.role, staffNo: initiator.staffNo };
}

/**
 * The customer as the initiator may name it, else null (unknown and out of reach alike): within the
 * initiator's data scope today or on `on` (the operation's date, when later), or — when `claimable` —
 * a customer of the initiator's active staff record's branch with no relationship in force today or later.
 */
async function customerFor(
  client: pg.PoolClient,
  ctx: OperationContext,
  customerNo: string,
  opts: { claimable: boolean; on?: string },
): Promise<CustomerFacts | null> {
  const { initiator, today } = ctx;
  const params: unknown[] = [customerNo];
  const days = opts.on !== undefined && opts.on > today ? [today, opts.on] : [today];
  const inScope = days.map((asOf) => customerScope(scopeSubject(initiator), { alias: 'c', params, asOf })).join(' or ');
  const claimable =
    opts.claimable && initiator.staffNo
      ? `(c.branch_code = (select own.branch_code from staff own where own.staff_no = ${bindParam(params, initiator.staffNo)} and own.status = 'ACTIVE')
          and not exists (select 1 from relationships cr where cr.customer_no = c.customer_no
                           and (cr.ended_on is null or cr.ended_on >= ${bindParam(params, today)}::date)))`
      : 'false';
  const { rows } = await client.query<CustomerFacts>(
    `select * from (select customer_no, branch_code, open_date, close_date, (${inScope}) as in_scope, ${claimable} as claimable
                      from customers c where c.customer_no = $1) k
      where k.in_scope or k.claimable`,
    params,
  );
  const row = rows[0];
  return row ? { customer_no: row.customer_no, branch_code: row.branch_code, open_date: row.open_date, close_date: row.close_date, in_scope: row.in_scope } : null;
}

/**
 * The staff member when within the initiator's staff scope, or (`orBranch`) of that branch; else
 * null, the answer for an unknown one.
 */
async function staffFacts(client: pg.PoolClient, staffNo: string, initiator: WorkflowActor, orBranch?: string): Promise<StaffFacts | null> {
  const params: unknown[] = [staffNo];
  const scope = staffScope(scopeSubject(initiator), { alias: 's', params });
  const reach = orBranch === undefined ? scope : `(${scope} or s.branch_code = ${bindParam(params, orBranch)})`;
  const { rows } = await client.query<StaffFacts>(
    `select staff_no, name, branch_code, team_code, category, hire_date, leave_date, ${scope} as in_scope from staff s where s.staff_no = $1 and ${reach}`,
    params,
  );
  return rows[0] ?? null;
}

async function storedPeriods(client: pg.PoolClient, customerNo: string): Promise<(StoredPeriod & { assessment_set: string | null; guaranteed_rate: string | null })[]> {
  const { rows } = await client.query<StoredPeriod & { assessment_set: string | null; guaranteed_rate: string | null }>(
    `select id::text as id, customer_no, staff_no, kind, weight::text as weight, effective_from, ended_on, assessment_set, guaranteed_rate::text as guaranteed_rate
       from relationships where customer_no = $1 order by effective_from, id`,
    [customerNo],
  );
  return rows;
}

const unknownCustomer = (field: string, customerNo: string) => problem(field, `客户 ${customerNo} 不存在或不在您的权限范围内`, `unknown customer ${customerNo} (or outside your scope)`);
/** An ID number taken by a customer or an appointment outside the initiator's scope: neither which, nor when, nor where. */
const idNoTaken = () => problem('idNo', '该证件号码不能预约（已开户或已有预约），请联系营业部', 'this ID number cannot be registered (an account or an appointment exists); contact the branch');
const unknownStaff = (field: string, staffNo: string) => problem(field, `员工 ${staffNo} 不存在或不在您的权限范围内`, `unknown staff member ${staffNo} (or outside your scope)`);
const notEmployed = (field: string, s: StaffFacts, date: string) =>
  s.in_scope
    ? problem(field, `员工 ${s.staff_no} 在 ${date} 不在职（入职 ${s.hire_date}${s.leave_date ? `，离职 ${s.leave_date}` : ''}）`,
      `staff member ${s.staff_no} is not employed on ${date} (hired ${s.hire_date}${s.leave_date ? `, left ${s.leave_date}` : ''})`)
    : problem(field, `员工 ${s.staff_no} 在 ${date} 不在职`, `staff member ${s.staff_no} is not employed on ${date}`);
const otherBranch = (field: string, s: StaffFacts, branch: string) =>
  problem(field, `员工 ${s.staff_no} 属于营业部 ${s.branch_code}，不是 ${branch}（不能跨营业部）`, `staff member ${s.staff_no} is of branch ${s.branch_code}, not ${branch} (no cross-branch relationships)`);

/**
 * The set problems of a change, blamed on `fields.overlap` (periods) or `fields.weight` (weights);
 * for a customer outside the initiator's scope (a claimable one) without the other staff, periods and weights.
 */
function setProblems(
  customer: CustomerFacts,
  stored: readonly StoredPeriod[],
  change: RelationshipChange,
  fields: { overlap: string; weight: string },
): PayloadProblem[] {
  return changeProblems(stored, change).map((p) => {
    const field = p.rule === 'OVERLAP' ? fields.overlap : fields.weight;
    if (customer.in_scope) return problem(field, p.zh, p.en);
    return p.rule === 'OVERLAP'
      ? problem(field, '与该客户已有的经纪关系期间重叠，请联系营业部', "overlaps one of the customer's relationships; contact the branch")
      : problem(field, '该客户的开发关系权重合计将超过 1，请联系营业部', "the customer's DEVELOP weights would sum above 1; contact the branch");
  });
}

/** The customer's open and close dates bound a relationship's start. */
function startProblems(field: string, customer: CustomerFacts, from: string): PayloadProblem[] {
  if (from < customer.open_date) return [problem(field, `早于客户开户日期 ${customer.open_date}`, `is before the customer's open date ${customer.open_date}`)];
  if (customer.close_date !== null && from > customer.close_date) return [problem(field, `晚于客户销户日期 ${customer.close_date}`, `is after the customer's close date ${customer.close_date}`)];
  return [];
}

const earlier = (a: string, b: string) => (a <= b ? a : b);

/** The audit actor of an applied change: the approver, on behalf of the flow. */
function auditBy(ctx: OperationContext) {
  return { user: { id: ctx.actor.userId, username: ctx.actor.username }, ip: ctx.ip };
}

// ---------------------------------------------------------------- adding a relationship (add, non-appointment opening)

interface NewRelationship {
  customerNo: string;
  staffNo: string;
  kind: 'DEVELOP' | 'SERVICE';
  weight: string;
  assessmentSet: string | null;
  effectiveFrom: string;
  guaranteedRate: string | null;
}

interface AddFields {
  staffNo: string;
  weight: string;
  effectiveFrom: string;
}

/** The checks of a new relationship: customer, staff (scope, branch, employment), dates, rate, and the resulting set. */
async function addProblems(client: pg.PoolClient, r: NewRelationship, ctx: OperationContext, fields: AddFields): Promise<PayloadProblem[]> {
  await lockCustomer(client, r.customerNo);
  const customer = await customerFor(client, ctx, r.customerNo, { claimable: true, on: r.effectiveFrom });
  if (!customer) return [unknownCustomer('customerNo', r.customerNo)];
  const staff = await staffFacts(client, r.staffNo, ctx.initiator);
  if (!staff) return [unknownStaff(fields.staffNo, r.staffNo)];
  const problems = [...startProblems(fields.effectiveFrom, customer, r.effectiveFrom)];
  if (staff.branch_code !== customer.branch_code) problems.push(otherBranch(fields.staffNo, staff, customer.branch_code));
  if (!(await staffActiveOn(client, staff.staff_no, r.effectiveFrom))) problems.push(notEmployed(fields.staffNo, staff, r.effectiveFrom));
  if (!guaranteedRateAllowed(staff.category, r.guaranteedRate)) {
    problems.push(problem('guaranteedRate', '只有分销人员的关系可以有保底佣金率', `only a DISTRIBUTOR relationship may carry a guaranteed rate (${staff.staff_no} is ${staff.category})`));
  }
  const added = { customer_no: r.customerNo, staff_no: r.staffNo, kind: r.kind, weight: r.weight, effective_from: r.effectiveFrom, ended_on: null };
  problems.push(...setProblems(customer, await storedPeriods(client, r.customerNo), { ended: [], added: [added] }, { overlap: fields.effectiveFrom, weight: fields.weight }));
  return problems;
}

async function insertRelationship(client: pg.PoolClient, r: NewRelationship & { endedOn?: string | null }, ctx: OperationContext): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `insert into relationships (customer_no, staff_no, kind, weight, assessment_set, added_on, effective_from, ended_on, guaranteed_rate, source)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id::text as id`,
    [r.customerNo, r.staffNo, r.kind, r.weight, r.assessmentSet, earlier(ctx.today, r.effectiveFrom), r.effectiveFrom, r.endedOn ?? null, r.guaranteedRate, SOURCE],
  );
  return rows[0]!.id;
}

/** Inserts, re-derives the staff figures from its start, audits. */
async function applyAdd(client: pg.PoolClient, r: NewRelationship, ctx: OperationContext, type: RelationshipOperationType): Promise<Record<string, unknown>> {
  await lockAgainstImports(client);
  const id = await insertRelationship(client, r, ctx);
  await rederiveStaffFiguresSince(client, r.effectiveFrom);
  await writeAudit(client, {
    ...auditBy(ctx), action: 'relationship.added', entity: 'relationship', entityId: `${r.customerNo}/${id}`,
    detail: { workflowId: ctx.workflowId, type, relationship: { id, ...r } },
  });
  return { relationshipIds: [id], rederivedFrom: r.effectiveFrom };
}

function title(parts: string[]): string {
  return parts.join(' ');
}

function ownStaffNo(ctx: OperationContext): string | undefined {
  return ctx.initiator.staffNo ?? undefined;
}

// ---------------------------------------------------------------- the operations

const relationshipAdd = defineOperation({
  type: 'RELATIONSHIP_ADD',
  payloadSchema: relationshipAddPayload,
  describe: (p) => ({
    title: title([`${p.customerNo}：${p.staffNo}`, codeLabel('relationshipKind', p.kind, 'zh'), p.weight, `${p.effectiveFrom} 起`]),
    subjectStaffNo: p.staffNo,
    customerNo: p.customerNo,
  }),
  validate: (client, p, ctx) =>
    addProblems(client, { ...p, guaranteedRate: p.guaranteedRate ?? null }, ctx, { staffNo: 'staffNo', weight: 'weight', effectiveFrom: 'effectiveFrom' }),
  apply: (client, p, ctx) => applyAdd(client, { ...p, guaranteedRate: p.guaranteedRate ?? null }, ctx, 'RELATIONSHIP_ADD'),
});

const nonAppointmentOpen = defineOperation({
  type: 'NON_APPOINTMENT_OPEN',
  payloadSchema: nonAppointmentOpenPayload,
  complete: (p, ctx) => ({ ...p, staffNo: p.staffNo ?? ownStaffNo(ctx), weight: p.weight ?? '1' }),
  describe: (p) => ({
    title: title([`${p.customerNo}：${p.staffNo ?? ''}`, '非预约开户', `${p.effectiveFrom} 起`]),
    subjectStaffNo: p.staffNo ?? null,
    customerNo: p.customerNo,
  }),
  async validate(client, p, ctx) {
    if (!p.staffNo) return [problem('staffNo', '请指定员工（您的登录未关联员工）', 'is required (your login has no staff record)')];
    const r = toNonAppointment(p);
    return addProblems(client, r, ctx, { staffNo: 'staffNo', weight: 'weight', effectiveFrom: 'effectiveFrom' });
  },
  apply: (client, p, ctx) => applyAdd(client, toNonAppointment(p), ctx, 'NON_APPOINTMENT_OPEN'),
});

function toNonAppointment(p: { customerNo: string; staffNo?: string; effectiveFrom: string; weight?: string; assessmentSet?: string }): NewRelationship {
  return {
    customerNo: p.customerNo, staffNo: p.staffNo!, kind: 'DEVELOP', weight: p.weight ?? '1', assessmentSet: p.assessmentSet ?? null,
    effectiveFrom: p.effectiveFrom, guaranteedRate: null,
  };
}

/** The relationship a change moves: the from-staff's relationship of the kind in force on the effective date. */
async function changePlan(client: pg.PoolClient, p: { customerNo: string; fromStaffNo: string; toStaffNo: string; effectiveFrom: string; kind?: 'DEVELOP' | 'SERVICE' }, ctx: OperationContext) {
  const kind = p.kind ?? 'DEVELOP';
  await lockCustomer(client, p.customerNo);
  const customer = await customerFor(client, ctx, p.customerNo, { claimable: false, on: p.effectiveFrom });
  if (!customer) return { problems: [unknownCustomer('customerNo', p.customerNo)] };
  const from = await staffFacts(client, p.fromStaffNo, ctx.initiator);
  if (!from) return { problems: [unknownStaff('fromStaffNo', p.fromStaffNo)] };
  // the new staff member: anyone within the initiator's staff scope, or of the customer's branch (a change stays in the branch)
  const to = await staffFacts(client, p.toStaffNo, ctx.initiator, customer.branch_code);
  if (!to) return { problems: [unknownStaff('toStaffNo', p.toStaffNo)] };
  const problems: PayloadProblem[] = [];
  // 对应关系变更: only to another staff member of the same branch
  if (to.branch_code !== from.branch_code) problems.push(otherBranch('toStaffNo', to, from.branch_code));
  else if (to.branch_code !== customer.branch_code) problems.push(otherBranch('toStaffNo', to, customer.branch_code));
  if (!(await staffActiveOn(client, to.staff_no, p.effectiveFrom))) problems.push(notEmployed('toStaffNo', to, p.effectiveFrom));
  const stored = await storedPeriods(client, p.customerNo);
  const old = stored.find((r) => r.staff_no === p.fromStaffNo && r.kind === kind && r.effective_from <= p.effectiveFrom && (r.ended_on === null || r.ended_on >= p.effectiveFrom));
  if (!old) {
    problems.push(problem('fromStaffNo', `客户 ${p.customerNo} 与员工 ${p.fromStaffNo} 在 ${p.effectiveFrom} 没有有效的${kind === 'DEVELOP' ? '开发' : '服务'}关系`,
      `customer ${p.customerNo} has no ${kind} relationship with ${p.fromStaffNo} in force on ${p.effectiveFrom}`));
    return { problems };
  }
  if (old.effective_from === p.effectiveFrom) {
    problems.push(problem('effectiveFrom', `必须晚于原关系的生效日期 ${old.effective_from}`, `must be after the current relationship's start ${old.effective_from}`));
    return { problems };
  }
  const added = {
    customer_no: p.customerNo, staff_no: p.toStaffNo, kind, weight: old.weight, effective_from: p.effectiveFrom, ended_on: old.ended_on,
  };
  const change = { ended: [{ id: old.id, ended_on: addDays(p.effectiveFrom, -1) }], added: [added] };
  problems.push(...setProblems(customer, stored, change, { overlap: 'toStaffNo', weight: 'toStaffNo' }));
  return { problems, old, to, kind };
}

const relationshipChange = defineOperation({
  type: 'RELATIONSHIP_CHANGE',
  payloadSchema: relationshipChangePayload,
  describe: (p) => ({
    title: title([`${p.customerNo}：${p.fromStaffNo} → ${p.toStaffNo}`, `${p.effectiveFrom} 起`]),
    subjectStaffNo: p.fromStaffNo,
    customerNo: p.customerNo,
  }),
  validate: async (client, p, ctx) => (await changePlan(client, p, ctx)).problems,
  async apply(client, p, ctx) {
    const plan = await changePlan(client, p, ctx);
    if (!plan.old || !plan.to || plan.problems.length > 0) throw new Error('RELATIONSHIP_CHANGE applied without a valid plan');
    const { old, to, kind } = plan;
    await lockAgainstImports(client);
    const endedOn = addDays(p.effectiveFrom, -1);
    await client.query(`update relationships set ended_on = $3 where customer_no = $1 and id = $2`, [p.customerNo, old.id, endedOn]);
    const id = await insertRelationship(client, {
      customerNo: p.customerNo, staffNo: p.toStaffNo, kind, weight: old.weight, assessmentSet: old.assessment_set, effectiveFrom: p.effectiveFrom,
      guaranteedRate: guaranteedRateAllowed(to.category, old.guaranteed_rate) ? old.guaranteed_rate : null, endedOn: old.ended_on,
    }, ctx);
    await rederiveStaffFiguresSince(client, p.effectiveFrom);
    await writeAudit(client, {
      ...auditBy(ctx), action: 'relationship.changed', entity: 'relationship', entityId: `${p.customerNo}/${old.id}`,
      detail: { workflowId: ctx.workflowId, ended: { id: old.id, staffNo: p.fromStaffNo, endedOnBefore: old.ended_on, endedOn }, added: { id, staffNo: p.toStaffNo, effectiveFrom: p.effectiveFrom, weight: old.weight } },
    });
    return { endedRelationshipId: old.id, endedOn, relationshipIds: [id], rederivedFrom: p.effectiveFrom };
  },
});

/** The relationships a revoke ends: the pair's (of the kind, or every kind) in force on endedOn and running past it. */
async function revokePlan(client: pg.PoolClient, p: { customerNo: string; staffNo: string; endedOn: string; kind?: 'DEVELOP' | 'SERVICE' }, ctx: OperationContext) {
  await lockCustomer(client, p.customerNo);
  const customer = await customerFor(client, ctx, p.customerNo, { claimable: false, on: p.endedOn });
  if (!customer) return { problems: [unknownCustomer('customerNo', p.customerNo)], ending: [] };
  const staff = await staffFacts(client, p.staffNo, ctx.initiator);
  if (!staff) return { problems: [unknownStaff('staffNo', p.staffNo)], ending: [] };
  const ending = (await storedPeriods(client, p.customerNo)).filter(
    (r) => r.staff_no === p.staffNo && (!p.kind || r.kind === p.kind) && r.effective_from <= p.endedOn && (r.ended_on === null || r.ended_on > p.endedOn),
  );
  if (ending.length === 0) {
    return {
      problems: [problem('endedOn', `客户 ${p.customerNo} 与员工 ${p.staffNo} 在 ${p.endedOn} 没有有效且未结束的关系`, `customer ${p.customerNo} has no relationship with ${p.staffNo} in force on ${p.endedOn} and running past it`)],
      ending,
    };
  }
  return { problems: [], ending };
}

const relationshipRevoke = defineOperation({
  type: 'RELATIONSHIP_REVOKE',
  payloadSchema: relationshipRevokePayload,
  describe: (p) => ({ title: title([`${p.customerNo}：${p.staffNo}`, `${p.endedOn} 止`]), subjectStaffNo: p.staffNo, customerNo: p.customerNo }),
  validate: async (client, p, ctx) => (await revokePlan(client, p, ctx)).problems,
  async apply(client, p, ctx) {
    const { ending } = await revokePlan(client, p, ctx);
    await lockAgainstImports(client);
    for (const r of ending) await client.query(`update relationships set ended_on = $3 where customer_no = $1 and id = $2`, [p.customerNo, r.id, p.endedOn]);
    const from = addDays(p.endedOn, 1);
    await rederiveStaffFiguresSince(client, from);
    await writeAudit(client, {
      ...auditBy(ctx), action: 'relationship.revoked', entity: 'relationship', entityId: `${p.customerNo}/${ending.map((r) => r.id).join(',')}`,
      detail: { workflowId: ctx.workflowId, endedOn: p.endedOn, ended: ending.map((r) => ({ id: r.id, kind: r.kind, endedOnBefore: r.ended_on })) },
    });
    return { endedRelationshipIds: ending.map((r) => r.id), endedOn: p.endedOn, rederivedFrom: from };
  },
});

// ---------------------------------------------------------------- appointments

/**
 * The ID number of a new appointment: not with another open appointment, and not of an account opened
 * before the appointment date (it could never be used: the match's date rule). The appointment's number
 * or the open date is named only when that appointment (its staff member) or customer is within the
 * initiator's scope; otherwise one answer for both (idNoTaken).
 */
async function idNoProblems(client: pg.PoolClient, p: { idNo: string; appointmentDate: string }, ctx: OperationContext): Promise<PayloadProblem[]> {
  await client.query(`select pg_advisory_xact_lock(hashtext('appointment:' || $1))`, [p.idNo]);
  const prospectParams: unknown[] = [p.idNo, ctx.workflowId];
  const { rows: open } = await client.query<{ id: string; in_scope: boolean }>(
    `select p.id::text as id, ${staffScope(scopeSubject(ctx.initiator), { alias: 's', params: prospectParams })} as in_scope
       from prospects p join staff s on s.staff_no = p.staff_no
      where p.id_no = $1 and p.status in ('PENDING', 'APPROVED') and p.workflow_id is distinct from $2::bigint
      order by 2 desc, p.id limit 1`,
    prospectParams,
  );
  const customerParams: unknown[] = [p.idNo, p.appointmentDate];
  const { rows: opened } = await client.query<{ visible_on: string | null }>(
    `select min(c.open_date) filter (where ${customerScope(scopeSubject(ctx.initiator), { alias: 'c', params: customerParams, asOf: ctx.today })}) as visible_on
       from customers c where c.id_no in ($1, lower($1)) and c.open_date < $2::date
     having count(*) > 0`,
    customerParams,
  );
  const problems: PayloadProblem[] = [];
  const seen = open[0];
  if (seen?.in_scope) problems.push(problem('idNo', `该证件号码已有进行中的预约（#${seen.id}）`, `this ID number already has an open appointment (#${seen.id})`));
  const on = opened[0]?.visible_on;
  if (on) {
    problems.push(problem('appointmentDate', `该证件号码已于 ${on} 开户，早于预约日期，请使用非预约开户`, `this ID number opened an account on ${on}, before the appointment date: use non-appointment opening`));
  }
  if ((seen && !seen.in_scope) || (opened.length > 0 && !on)) problems.push(idNoTaken());
  return problems;
}

const appointmentOpen = defineOperation({
  type: 'APPOINTMENT_OPEN',
  payloadSchema: appointmentOpenPayload,
  complete: (p, ctx) => ({ ...p, staffNo: p.staffNo ?? ownStaffNo(ctx), weight: p.weight ?? '1' }),
  describe: (p) => ({ title: title([`预约开户：${p.name}`, p.branch, p.appointmentDate, p.staffNo ?? '']), subjectStaffNo: p.staffNo ?? null, customerNo: null }),
  async validate(client, p, ctx) {
    if (!p.staffNo) return [problem('staffNo', '请指定员工（您的登录未关联员工）', 'is required (your login has no staff record)')];
    // an unknown branch is refused before anything about the ID number is looked at
    const { rows: branch } = await client.query(`select 1 from branches where branch_code = $1`, [p.branch]);
    if (branch.length === 0) return [problem('branch', `营业部 ${p.branch} 不存在`, `unknown branch ${p.branch}`)];
    const staff = await staffFacts(client, p.staffNo, ctx.initiator);
    if (!staff) return [unknownStaff('staffNo', p.staffNo)];
    const problems: PayloadProblem[] = [];
    if (staff.branch_code !== p.branch) problems.push(otherBranch('staffNo', staff, p.branch));
    if (!(await staffActiveOn(client, staff.staff_no, p.appointmentDate))) problems.push(notEmployed('staffNo', staff, p.appointmentDate));
    problems.push(...(await idNoProblems(client, p, ctx)));
    return problems;
  },
  async onSubmit(client, p, ctx) {
    // registered as PENDING when the flow starts; a resubmission updates the same appointment
    const { rowCount } = await client.query(
      `update prospects set name = $2, id_no = $3, mobile = $4, branch_code = $5, appointment_date = $6, staff_no = $7, weight = $8,
              status = 'PENDING', status_reason = null, updated_at = now()
        where workflow_id = $1`,
      [ctx.workflowId, p.name, p.idNo, p.mobile, p.branch, p.appointmentDate, p.staffNo, p.weight],
    );
    if (rowCount === 0) {
      await client.query(
        `insert into prospects (name, id_no, mobile, branch_code, appointment_date, staff_no, weight, status, created_by, workflow_id)
         values ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9)`,
        [p.name, p.idNo, p.mobile, p.branch, p.appointmentDate, p.staffNo, p.weight, ctx.initiator.userId, ctx.workflowId],
      );
    }
  },
  async apply(client, _p, ctx) {
    const { rows } = await client.query<{ id: string }>(
      `update prospects set status = 'APPROVED', updated_at = now() where workflow_id = $1 returning id::text as id`,
      [ctx.workflowId],
    );
    const id = rows[0]!.id;
    await writeAudit(client, { ...auditBy(ctx), action: 'appointment.approved', entity: 'appointment', entityId: id, detail: { workflowId: ctx.workflowId } });
    // the person may have opened an account meanwhile: match at once (the next extract would otherwise)
    await lockAgainstImports(client);
    const [match] = await matchAndRederive(client, { prospectId: id, by: auditBy(ctx).user, ip: ctx.ip });
    return { appointmentId: id, status: match?.status ?? 'APPROVED', ...(match ? { customerNo: match.customerNo, relationshipId: match.relationshipId, reason: match.reason } : {}) };
  },
  async onClose(client, _p, ctx, status) {
    await client.query(
      `update prospects set status = $2, status_reason = $3, updated_at = now() where workflow_id = $1 and status = 'PENDING'`,
      [ctx.workflowId, status === 'REJECTED' ? 'REJECTED' : 'VOID', status === 'REJECTED' ? '审批未通过 / rejected' : '流程已撤回 / the flow was withdrawn'],
    );
  },
});

const appointmentVoid = defineOperation({
  type: 'APPOINTMENT_VOID',
  payloadSchema: appointmentVoidPayload,
  describe: (p) => ({ title: `预约作废：#${p.appointmentId}`, subjectStaffNo: null, customerNo: null }),
  async validate(client, p, ctx) {
    const params: unknown[] = [p.appointmentId];
    const scope = staffScope({ role: ctx.initiator.role, staffNo: ctx.initiator.staffNo }, { alias: 's', params });
    const { rows } = await client.query<{ status: string }>(
      `select p.status from prospects p join staff s on s.staff_no = p.staff_no where p.id = $1 and ${scope} for update of p`,
      params,
    );
    const found = rows[0];
    if (!found) return [problem('appointmentId', `预约 #${p.appointmentId} 不存在或不在您的权限范围内`, `unknown appointment #${p.appointmentId} (or outside your scope)`)];
    if (found.status !== 'APPROVED' && found.status !== 'UNUSABLE') {
      return [problem('appointmentId', `预约状态为 ${found.status}，只有已审批或不可用的预约可以作废`, `the appointment is ${found.status}; only an APPROVED or UNUSABLE appointment can be voided`)];
    }
    return [];
  },
  async apply(client, p, ctx) {
    await client.query(
      `update prospects set status = 'VOID', status_reason = $2, updated_at = now() where id = $1`,
      [p.appointmentId, `预约作废（流程 #${ctx.workflowId}）/ voided by workflow #${ctx.workflowId}`],
    );
    await writeAudit(client, { ...auditBy(ctx), action: 'appointment.voided', entity: 'appointment', entityId: p.appointmentId, detail: { workflowId: ctx.workflowId } });
    return { appointmentId: p.appointmentId, status: 'VOID' };
  },
});

/** The relationship operations, in the order the engine lists them; registered at start-up (app.ts). */
export const relationshipOperations = [relationshipAdd, nonAppointmentOpen, relationshipChange, relationshipRevoke, appointmentOpen, appointmentVoid] as const;

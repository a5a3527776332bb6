/**
 * Call center (呼叫中心, issue 14 item 2; business-rules.md §10): agents and their extensions, the
 * CTI system's call events, the caller's card (the screen pop) and what the agent records.
 *
 * Who sees what (decisions.md "Call center"): a call is routed to one agent (the login of the
 * extension); only that agent reads it. Its card shows each customer with the caller's mobile that
 * is in the agent's data scope (access/scope.ts), and — for a login holding `callcenter` (客服专员)
 * — also those outside the scope, for CALL_CARD_HOURS after the ring: the essentials of the caller
 * of one's own call, never a way into the customer base. PII is masked by role (access/pii.ts) and
 * an unmasked card is audited (`customer.view_pii`, via `callcenter`) in the read's transaction.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, notFound, unprocessable, validationFailed } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { bindParam, customerScope, servingStaffSql, staffScope } from '../access/scope.js';
import { canSeePii, maskMobile, presentPii } from '../access/pii.js';
import { auditPiiView, writeAudit } from '../audit/audit.service.js';
import { hasPermission } from '../auth/auth.rules.js';
import type { AuthUser } from '../auth/auth.service.js';
import { INSERT_CONTACT } from '../contacts/contacts.sql.js';
import { MAX_CONTACT_LEAD_MS } from '../contacts/contacts.rules.js';
import { notifyCall } from './callcenter.hub.js';
import { config } from '../../config.js';
import { callCardOpen, callContactSummary, callDurationSeconds, callOutcome, phoneKey } from './callcenter.rules.js';
import type { Agent, Call, CallerCard, CallListQuery, CallRecordInput, CtiEventInput, ProspectInput, RecentCall } from './callcenter.schemas.js';
import { recentCallsQueries, type RecentCallRow } from './callcenter.sql.js';

export interface CallContext {
  now: Date;
  ip?: string;
}

// ---------------------------------------------------------------- agents (坐席)

const AGENT_COLUMNS = `a.extension, u.id::text as "userId", u.username, u.display_name as "displayName", u.role,
  u.staff_no as "staffNo", s.name as "staffName", a.created_at as "createdAt"`;
const AGENT_FROM = `from cti_agents a join users u on u.id = a.user_id left join staff s on s.staff_no = u.staff_no`;

type AgentRow = Omit<Agent, 'createdAt'> & { createdAt: Date };
const toAgent = (row: AgentRow): Agent => ({ ...row, createdAt: row.createdAt.toISOString() });

export async function listAgents(pool: pg.Pool): Promise<{ items: Agent[] }> {
  const { rows } = await pool.query<AgentRow>(`select ${AGENT_COLUMNS} ${AGENT_FROM} order by a.extension`);
  return { items: rows.map(toAgent) };
}

/** Gives a staff login an extension (an extension already taken, or a login that has one: 409; a login without a staff member: 422). */
export async function addAgent(pool: pg.Pool, user: AuthUser, input: { extension: string; userId: string }, ctx: CallContext): Promise<Agent> {
  return inTransaction(pool, async (client) => {
    const [login] = (await client.query<{ staffNo: string | null; disabled: boolean; system: boolean }>(
      `select staff_no as "staffNo", disabled, false as system from users where id = $1::bigint`, [input.userId])).rows;
    if (!login) throw notFound();
    if (!login.staffNo) {
      throw unprocessable('CTI_AGENT_NO_STAFF', '坐席须为关联了员工的用户。', 'An agent must be a login linked to a staff member.', [
        { field: 'userId', message: { zh: '该用户未关联员工', en: 'this login has no staff member' } },
      ]);
    }
    const taken = (await client.query<{ extension: string; userId: string }>(
      `select extension, user_id::text as "userId" from cti_agents where extension = $1 or user_id = $2::bigint`, [input.extension, input.userId])).rows;
    if (taken.some((t) => t.extension === input.extension)) {
      throw conflict('CTI_EXTENSION_TAKEN', `分机号 ${input.extension} 已分配给其他坐席。`, `Extension ${input.extension} is already assigned.`);
    }
    if (taken.length) throw conflict('CTI_AGENT_HAS_EXTENSION', '该用户已有分机号，请先移除。', 'This login already has an extension; remove it first.');
    await client.query(`insert into cti_agents (extension, user_id, created_by) values ($1, $2::bigint, $3::bigint)`, [input.extension, input.userId, user.id]);
    await writeAudit(client, { user, action: 'callcenter.agent_add', entity: 'user', entityId: input.userId, detail: { extension: input.extension }, ip: ctx.ip });
    const { rows } = await client.query<AgentRow>(`select ${AGENT_COLUMNS} ${AGENT_FROM} where a.extension = $1`, [input.extension]);
    return toAgent(rows[0]!);
  });
}

export async function removeAgent(pool: pg.Pool, user: AuthUser, extension: string, ctx: CallContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ userId: string }>(`delete from cti_agents where extension = $1 returning user_id::text as "userId"`, [extension]);
    if (!rows[0]) throw notFound();
    await writeAudit(client, { user, action: 'callcenter.agent_remove', entity: 'user', entityId: rows[0].userId, detail: { extension }, ip: ctx.ip });
  });
}

/** The extension of a login, null when it is no agent. */
export async function extensionOf(pool: pg.Pool, userId: string): Promise<string | null> {
  const { rows } = await pool.query<{ extension: string }>(`select extension from cti_agents where user_id = $1::bigint`, [userId]);
  return rows[0]?.extension ?? null;
}

// ---------------------------------------------------------------- the CTI webhook

interface CallRow {
  callId: string;
  extension: string;
  userId: string;
  callerNumber: string;
  phoneKey: string | null;
  customerNos: string[];
  rangAt: Date | null;
  answeredAt: Date | null;
  hungUpAt: Date | null;
  customerNo: string | null;
  note: string | null;
  nextAction: string | null;
  nextDueOn: string | null;
  contactCustomerNo: string | null;
  contactId: string | null;
  prospectId: string | null;
  prospectName: string | null;
}

const CALL_SELECT = `
  select k.call_id as "callId", k.extension, k.user_id::text as "userId", k.caller_number as "callerNumber", k.phone_key as "phoneKey",
         k.customer_nos as "customerNos", k.rang_at as "rangAt", k.answered_at as "answeredAt", k.hung_up_at as "hungUpAt",
         k.customer_no as "customerNo", k.note, k.next_action as "nextAction", k.next_due_on as "nextDueOn",
         k.contact_customer_no as "contactCustomerNo", k.contact_id::text as "contactId",
         p.id::text as "prospectId", p.name as "prospectName"
    from cti_calls k left join cti_prospects p on p.call_id = k.call_id`;

function unknownExtension(extension: string, field = 'extension'): AppError {
  return unprocessable(
    'CTI_UNKNOWN_EXTENSION',
    `分机号 ${extension} 未分配给任何坐席：请在 系统管理 → 呼叫中心坐席 中为坐席设置分机号。`,
    `Extension ${extension} is not assigned to any agent: assign it under System → Call-center agents.`,
    [{ field, message: { zh: '未分配的分机号', en: 'no agent has this extension' } }],
  );
}

function agentDisabled(extension: string, field = 'extension'): AppError {
  return unprocessable('CTI_AGENT_DISABLED', `分机号 ${extension} 的坐席账号已停用。`, `The login of extension ${extension} is disabled.`,
    [{ field, message: { zh: '坐席已停用', en: 'the agent is disabled' } }]);
}

type AgentOfExtension = { userId: string; username: string; disabled: boolean };

async function agentAt(client: pg.PoolClient, extension: string): Promise<AgentOfExtension | undefined> {
  return (await client.query<AgentOfExtension>(
    `select u.id::text as "userId", u.username, u.disabled from cti_agents a join users u on u.id = a.user_id where a.extension = $1`, [extension])).rows[0];
}

/**
 * 转接: moves the call from its current extension (`from`, the event's extension) to `to`'s agent —
 * the current leg ends, a new one starts, the call's extension and agent become the new ones. A retry
 * (the call is at `to` already) changes nothing; a transfer from an extension the call is not at, or
 * of a call that has ended, is 409. Answers the agent the call left (to be signalled too), or null.
 */
async function transferCall(client: pg.PoolClient, call: CallRow, from: string, to: string, at: Date): Promise<string | null> {
  if (call.extension === to) return null;
  if (call.hungUpAt) throw conflict('CTI_CALL_ENDED', '通话已结束，不能转接。', 'The call has ended; it cannot be transferred.');
  if (call.extension !== from) {
    throw conflict('CTI_TRANSFER_NOT_HERE', `该通话当前在分机 ${call.extension}，不在 ${from}。`, `The call is at extension ${call.extension}, not ${from}.`);
  }
  const target = await agentAt(client, to);
  if (!target) throw unknownExtension(to, 'toExtension');
  if (target.disabled) throw agentDisabled(to, 'toExtension');
  await client.query(`update cti_call_legs set ended_at = $2 where call_id = $1 and ended_at is null`, [call.callId, at]);
  await client.query(
    `insert into cti_call_legs (call_id, leg_no, extension, user_id, started_at)
     select $1, coalesce(max(leg_no), 0) + 1, $2, $3::bigint, $4 from cti_call_legs where call_id = $1`, [call.callId, to, target.userId, at]);
  await client.query(`update cti_calls set extension = $2, user_id = $3::bigint where call_id = $1`, [call.callId, to, target.userId]);
  return call.userId;
}

export interface CtiEventResult {
  callId: string;
  event: CtiEventInput['event'];
  matched: number;
  contactId: string | null;
  durationSeconds: number;
}

/**
 * One CTI event, idempotent per call: the first event creates the call (routed to the extension's
 * agent, the customers with the caller's mobile found then); each time (ring, answer, hang-up) is
 * kept from its first report; at the hang-up a call whose customer is known becomes one contact
 * record (CALL_CENTER, the agent as staff, the duration in its summary). The agent's browsers are
 * signalled through NOTIFY when the transaction commits.
 */
export async function handleCtiEvent(pool: pg.Pool, input: CtiEventInput, ctx: CallContext): Promise<CtiEventResult> {
  const at = input.at === undefined ? ctx.now : new Date(input.at);
  if (at.getTime() - ctx.now.getTime() > MAX_CONTACT_LEAD_MS) {
    throw validationFailed([{ field: 'at', message: { zh: '事件时间不能晚于当前时间 5 分钟以上', en: 'must not be more than 5 minutes in the future' } }]);
  }
  const key = phoneKey(input.callerNumber);
  if (!key) throw validationFailed([{ field: 'callerNumber', message: { zh: '号码中没有数字', en: 'the number has no digit' } }]);
  return inTransaction(pool, async (client) => {
    const agent = await agentAt(client, input.extension);
    const [existing] = (await client.query<CallRow>(`${CALL_SELECT} where k.call_id = $1 for update of k`, [input.callId])).rows;
    if (!existing) {
      if (!agent) throw unknownExtension(input.extension);
      if (agent.disabled) throw agentDisabled(input.extension);
      await client.query(
        `insert into cti_calls (call_id, extension, user_id, caller_number, phone_key, customer_nos, customer_no)
         select $1, $2, $3::bigint, $4, $5, m.nos, case when cardinality(m.nos) = 1 then m.nos[1] end
           from (select coalesce(array_agg(customer_no order by customer_no), '{}') as nos from customers where cti_phone_key(mobile) = $5) m`,
        [input.callId, input.extension, agent.userId, input.callerNumber, key],
      );
      await client.query(`insert into cti_call_legs (call_id, leg_no, extension, user_id, started_at) values ($1, 1, $2, $3::bigint, $4)`,
        [input.callId, input.extension, agent.userId, at]);
    }
    // each time is kept from its first report; a call first heard of at its answer, transfer or hang-up rang then
    const column = input.event === 'RINGING' ? 'rang_at' : input.event === 'ANSWERED' ? 'answered_at' : input.event === 'HANGUP' ? 'hung_up_at' : null;
    if (column) {
      const alsoRang = column === 'rang_at' ? '' : ', rang_at = coalesce(rang_at, $2)';
      await client.query(`update cti_calls set ${column} = coalesce(${column}, $2)${alsoRang} where call_id = $1`, [input.callId, at]);
    } else {
      await client.query(`update cti_calls set rang_at = coalesce(rang_at, $2) where call_id = $1`, [input.callId, at]);
    }
    let [call] = (await client.query<CallRow>(`${CALL_SELECT} where k.call_id = $1`, [input.callId])).rows;
    if (!call) throw notFound();
    const left = input.event === 'TRANSFERRED' ? await transferCall(client, call, input.extension, input.toExtension!, at) : null;
    if (left) [call] = (await client.query<CallRow>(`${CALL_SELECT} where k.call_id = $1`, [input.callId])).rows;
    if (!call) throw notFound();
    if (call.hungUpAt && call.customerNo && !call.contactId) call = await writeCallContact(client, call, ctx);
    await notifyCall(client, { userId: call.userId, callId: call.callId, event: input.event });
    if (left) await notifyCall(client, { userId: left, callId: call.callId, event: input.event });
    return {
      callId: call.callId, event: input.event, matched: call.customerNos.length, contactId: call.contactId,
      durationSeconds: callDurationSeconds(call.answeredAt, call.hungUpAt),
    };
  });
}

/** Writes the call's contact record (once: the caller checked contact_id under the row lock). */
async function writeCallContact(client: pg.PoolClient, call: CallRow, ctx: CallContext): Promise<CallRow> {
  const [agent] = (await client.query<{ id: string; username: string; staffNo: string | null }>(
    `select id::text as id, username, staff_no as "staffNo" from users where id = $1::bigint`, [call.userId])).rows;
  const summary = callContactSummary({ answeredAt: call.answeredAt, hungUpAt: call.hungUpAt, note: call.note }, agentNames(await callLegs(client, call.callId)));
  const { rows } = await client.query<{ id: string }>(INSERT_CONTACT, [
    call.customerNo, 'CALL_CENTER', summary, call.answeredAt ?? call.rangAt ?? ctx.now, agent?.staffNo ?? null, call.userId, call.nextAction, call.nextDueOn,
  ]);
  const contactId = rows[0]!.id;
  await client.query(`update cti_calls set contact_customer_no = customer_no, contact_id = $2::bigint where call_id = $1`, [call.callId, contactId]);
  await writeAudit(client, {
    user: agent ? { id: agent.id, username: agent.username } : null, action: 'contact.create', entity: 'contact', entityId: contactId,
    detail: { customerNo: call.customerNo, channel: 'CALL_CENTER', callId: call.callId, durationSeconds: callDurationSeconds(call.answeredAt, call.hungUpAt) }, ip: ctx.ip,
  });
  return { ...call, contactCustomerNo: call.customerNo, contactId };
}

// ---------------------------------------------------------------- the agent's side: the call and its card

/** A call the user held (any leg: the agent it was routed to, and each agent it was transferred to); anyone else 404. */
async function ownCall(client: pg.PoolClient, user: AuthUser, callId: string, lock = false): Promise<CallRow> {
  const [row] = (await client.query<CallRow>(
    `${CALL_SELECT} where k.call_id = $1 and exists (select 1 from cti_call_legs l where l.call_id = k.call_id and l.user_id = $2::bigint)${lock ? ' for update of k' : ''}`,
    [callId, user.id])).rows;
  if (!row) throw notFound();
  return row;
}

/** The call as its current agent may change it: an agent it was transferred away from reads it only (409). */
async function currentCall(client: pg.PoolClient, user: AuthUser, callId: string): Promise<CallRow> {
  const call = await ownCall(client, user, callId, true);
  if (call.userId !== String(user.id)) {
    throw conflict('CTI_CALL_TRANSFERRED', `该通话已转接至分机 ${call.extension}，由接听坐席记录。`, `The call was transferred to extension ${call.extension}; its agent records it.`);
  }
  return call;
}

interface LegRow { extension: string; userId: string; username: string; staffName: string | null; startedAt: Date; endedAt: Date | null }

async function callLegs(client: pg.PoolClient, callId: string): Promise<LegRow[]> {
  return (await client.query<LegRow>(
    `select l.extension, l.user_id::text as "userId", u.username, s.name as "staffName", l.started_at as "startedAt", l.ended_at as "endedAt"
       from cti_call_legs l join users u on u.id = l.user_id left join staff s on s.staff_no = u.staff_no
      where l.call_id = $1 order by l.leg_no`, [callId])).rows;
}

/** `赵敏(8001)` for each leg, for the contact's summary. */
function agentNames(legs: readonly LegRow[]): string[] {
  return legs.map((l) => `${l.staffName ?? l.username}(${l.extension})`);
}

/** Which of `customerNos` are in the user's data scope today. */
async function inScope(client: pg.PoolClient, user: AuthUser, customerNos: readonly string[], today: string): Promise<Set<string>> {
  if (!customerNos.length) return new Set();
  const params: unknown[] = [customerNos];
  const scope = customerScope(user, { alias: 'c', params, asOf: today });
  const { rows } = await client.query<{ no: string }>(`select c.customer_no as no from customers c where c.customer_no = any($1::text[]) and ${scope}`, params);
  return new Set(rows.map((r) => r.no));
}

/** The call's customers the user may see on its card: in scope, or (callcenter, card still open) any of them. */
async function visibleCustomers(client: pg.PoolClient, user: AuthUser, call: CallRow, ctx: CallContext): Promise<{ visible: string[]; scoped: Set<string> }> {
  const scoped = await inScope(client, user, call.customerNos, businessDate(ctx.now));
  const wide = hasPermission(user.role, 'callcenter') && callCardOpen(call.rangAt ?? ctx.now, ctx.now);
  return { visible: call.customerNos.filter((no) => wide || scoped.has(no)), scoped };
}

interface CardRow {
  customerNo: string; name: string; idNo: string | null; mobile: string | null; riskLevel: string | null; tier: string | null; lifecycle: string | null;
  servingStaffNo: string | null; servingStaffName: string | null;
}

async function cards(client: pg.PoolClient, user: AuthUser, customerNos: readonly string[], scoped: Set<string>, today: string): Promise<CallerCard[]> {
  if (!customerNos.length) return [];
  const params: unknown[] = [customerNos];
  const day = bindParam(params, today);
  const { rows } = await client.query<CardRow>(
    `select c.customer_no as "customerNo", c.name, c.id_no as "idNo", c.mobile, c.risk_level as "riskLevel", cs.tier, cs.lifecycle,
            sv.staff_no as "servingStaffNo", sv.name as "servingStaffName"
       from customers c
       left join customer_state cs on cs.customer_no = c.customer_no
       left join staff sv on sv.staff_no = ${servingStaffSql('c.customer_no', day)}
      where c.customer_no = any($1::text[])
      order by c.customer_no`,
    params,
  );
  const contacts = (await client.query<{ customerNo: string; at: Date; channel: string; summary: string; staffName: string | null }>(
    `select c.no as "customerNo", k.at, k.channel, k.summary, s.name as "staffName"
       from unnest($1::text[]) c(no)
       cross join lateral (select * from contacts k where k.customer_no = c.no order by k.at desc, k.id desc limit 5) k
       left join staff s on s.staff_no = k.staff_no
      order by c.no, k.at desc, k.id desc`, [customerNos])).rows;
  const alerts = (await client.query<{ customerNo: string; id: string; rule: string; date: string; status: string }>(
    `select a.customer_no as "customerNo", a.id::text as id, a.rule, a.trade_date as date, a.status
       from alerts a where a.customer_no = any($1::text[]) and a.status <> 'CLOSED' and not a.withdrawn
      order by a.customer_no, a.trade_date desc, a.id desc`, [customerNos])).rows;
  return rows.map((r) => {
    const pii = presentPii(user, { idNo: r.idNo, mobile: r.mobile });
    return {
      customerNo: r.customerNo, name: r.name, idNo: pii.idNo, mobile: pii.mobile, riskLevel: r.riskLevel, tier: r.tier, lifecycle: r.lifecycle,
      servingStaff: r.servingStaffNo && r.servingStaffName ? { staffNo: r.servingStaffNo, name: r.servingStaffName } : null,
      inScope: scoped.has(r.customerNo),
      lastContacts: contacts.filter((k) => k.customerNo === r.customerNo).map((k) => ({ at: k.at.toISOString(), channel: k.channel, summary: k.summary, staffName: k.staffName })),
      openAlerts: alerts.filter((a) => a.customerNo === r.customerNo).slice(0, 10).map((a) => ({ id: a.id, rule: a.rule, date: a.date, status: a.status })),
    };
  });
}

function callState(call: CallRow): Call['state'] {
  return call.hungUpAt ? 'ENDED' : call.answeredAt ? 'ANSWERED' : 'RINGING';
}

async function presentCall(client: pg.PoolClient, user: AuthUser, call: CallRow, ctx: CallContext): Promise<Call> {
  const { visible, scoped } = await visibleCustomers(client, user, call, ctx);
  const shown = await cards(client, user, visible, scoped, businessDate(ctx.now));
  const number = call.phoneKey ?? call.callerNumber;
  if (shown.length && canSeePii(user)) {
    await auditPiiView(client, user, { entity: 'customer', detail: { via: 'callcenter', callId: call.callId, customerNos: visible }, ip: ctx.ip });
  }
  return {
    callId: call.callId,
    extension: call.extension,
    callerNumber: canSeePii(user) ? number : (maskMobile(number) ?? number),
    state: callState(call),
    rangAt: call.rangAt?.toISOString() ?? null,
    answeredAt: call.answeredAt?.toISOString() ?? null,
    hungUpAt: call.hungUpAt?.toISOString() ?? null,
    durationSeconds: callDurationSeconds(call.answeredAt, call.hungUpAt),
    customers: shown,
    hiddenMatches: call.customerNos.length - visible.length,
    customerNo: call.customerNo,
    note: call.note,
    contactId: call.contactId,
    prospect: call.prospectId && call.prospectName ? { id: call.prospectId, name: call.prospectName } : null,
    agents: (await callLegs(client, call.callId)).map((l) => ({
      extension: l.extension, username: l.username, staffName: l.staffName, startedAt: l.startedAt.toISOString(), endedAt: l.endedAt?.toISOString() ?? null,
    })),
    transferredAway: call.userId !== String(user.id),
  };
}

/** The call with its caller's card, for the agent it was routed to (anyone else: 404). */
export async function getCall(pool: pg.Pool, user: AuthUser, callId: string, ctx: CallContext): Promise<Call> {
  return inTransaction(pool, async (client) => presentCall(client, user, await ownCall(client, user, callId), ctx));
}

/**
 * The agent records the call for a customer with a summary and maybe a next action: one of the
 * call's customers the card shows, or (a number that matched none, or the wrong one) a customer in
 * the agent's scope. Before the hang-up it is kept for the contact the hang-up writes; after it,
 * the contact is written now, or — written already for the same customer — its summary and next
 * action are replaced by the agent's. Another customer after the contact: 409.
 */
export async function recordCall(pool: pg.Pool, user: AuthUser, callId: string, input: CallRecordInput, ctx: CallContext): Promise<Call> {
  const today = businessDate(ctx.now);
  if (input.nextAction && input.nextAction.dueOn < today) {
    throw validationFailed([{ field: 'nextAction.dueOn', message: { zh: '不能早于今天', en: 'must not be before today' } }]);
  }
  return inTransaction(pool, async (client) => {
    let call = await currentCall(client, user, callId);
    const { visible } = await visibleCustomers(client, user, call, ctx);
    const allowed = visible.includes(input.customerNo) || (await inScope(client, user, [input.customerNo], today)).has(input.customerNo);
    if (!allowed) throw notFound();
    if (call.contactId && call.contactCustomerNo !== input.customerNo) {
      throw conflict('CTI_CALL_RECORDED', '该通话已记录为另一位客户的接触记录。', 'This call is already recorded as a contact of another customer.');
    }
    const note = input.note ?? null;
    const nextAction = input.nextAction?.text ?? call.nextAction;
    const nextDueOn = input.nextAction?.dueOn ?? call.nextDueOn;
    await client.query(
      `update cti_calls set customer_no = $2, note = $3, next_action = $4, next_due_on = $5 where call_id = $1`, [callId, input.customerNo, note, nextAction, nextDueOn]);
    call = { ...call, customerNo: input.customerNo, note, nextAction, nextDueOn };
    if (call.contactId) {
      await client.query(
        `update contacts set summary = $3, next_action = $4, next_due_on = $5 where customer_no = $1 and id = $2::bigint`,
        [call.contactCustomerNo, call.contactId, callContactSummary(call, agentNames(await callLegs(client, callId))), nextAction, nextDueOn]);
    } else if (call.hungUpAt) {
      call = await writeCallContact(client, call, ctx);
    }
    await writeAudit(client, {
      user, action: 'callcenter.call_record', entity: 'contact', entityId: call.contactId ?? undefined,
      detail: { callId, customerNo: input.customerNo, nextActionDueOn: nextDueOn }, ip: ctx.ip,
    });
    return presentCall(client, user, call, ctx);
  });
}

// ---------------------------------------------------------------- 通话记录 (recent calls)

/**
 * 通话记录: the calls the reader held and (unless `mine`) those of the agents in their staff scope,
 * newest first. The recorded customer's name and the contact's summary only when the customer is in
 * the reader's scope, or the reader held the call and may still read its card (callcenter, 12 hours);
 * else the customer number only. The caller's number masked by role; an unmasked page is audited.
 */
export async function listCalls(pool: pg.Pool, user: AuthUser, query: CallListQuery, ctx: CallContext): Promise<{ items: RecentCall[]; total: number }> {
  const today = businessDate(ctx.now);
  const { page, pageSize, ...filter } = query;
  const q = recentCallsQueries(user, filter, { page, pageSize }, today, config().TZ_BUSINESS);
  return inTransaction(pool, async (client) => {
    const total = (await client.query<{ total: number }>(q.count.text, q.count.values)).rows[0]?.total ?? 0;
    const rows = (await client.query<RecentCallRow>(q.page.text, q.page.values)).rows;
    const seePii = canSeePii(user);
    const cardPermission = hasPermission(user.role, 'callcenter');
    const items = rows.map((r): RecentCall => {
      const mine = r.agents.some((a) => a.userId === String(user.id));
      const named = r.inScope || (mine && cardPermission && callCardOpen(r.rangAt ?? ctx.now, ctx.now));
      const number = r.phoneKey ?? r.callerNumber;
      return {
        callId: r.callId, rangAt: r.rangAt?.toISOString() ?? null, callerNumber: seePii ? number : (maskMobile(number) ?? number),
        outcome: callOutcome(r), durationSeconds: callDurationSeconds(r.answeredAt, r.hungUpAt),
        agents: r.agents.map(({ extension, username, staffName }) => ({ extension, username, staffName })), mine, matched: r.matched,
        customer: r.customerNo ? { customerNo: r.customerNo, name: named ? r.customerName : null, inScope: r.inScope } : null,
        contact: r.contactId ? { id: r.contactId, summary: named ? r.contactSummary : null } : null,
        prospectName: r.prospectName,
      };
    });
    if (seePii && items.length) {
      await auditPiiView(client, user, { entity: 'customer', detail: { via: 'callList', callIds: items.map((i) => i.callId) }, ip: ctx.ip });
    }
    return { items, total };
  });
}

// ---------------------------------------------------------------- 来电潜客 (prospects from calls)

/** Notes the caller of one's own call as a prospect (the number from the call); once per call (409 after). */
export async function noteProspect(pool: pg.Pool, user: AuthUser, callId: string, input: ProspectInput, ctx: CallContext): Promise<Call> {
  return inTransaction(pool, async (client) => {
    const call = await currentCall(client, user, callId);
    if (call.prospectId) throw conflict('CTI_PROSPECT_NOTED', '该来电已登记为潜在客户。', 'The caller of this call is already noted as a prospect.');
    const { rows } = await client.query<{ id: string }>(
      `insert into cti_prospects (call_id, name, mobile, note, user_id, staff_no, created_at) values ($1, $2, $3, $4, $5::bigint, $6, $7) returning id::text as id`,
      [callId, input.name, call.phoneKey ?? call.callerNumber, input.note ?? null, user.id, user.staffNo, ctx.now],
    );
    await writeAudit(client, { user, action: 'callcenter.prospect_create', entity: 'cti_prospect', entityId: rows[0]!.id, detail: { callId }, ip: ctx.ip });
    return presentCall(client, user, { ...call, prospectId: rows[0]!.id, prospectName: input.name }, ctx);
  });
}

interface ProspectRow { id: string; callId: string | null; name: string; mobile: string; note: string | null; createdBy: string; staffName: string | null; createdAt: Date }

/** The prospects noted by staff in the caller's staff scope (ALL: every one), newest first; mobiles masked by role. */
export async function listProspects(pool: pg.Pool, user: AuthUser, page: { page: number; pageSize: number }, ctx: CallContext) {
  return inTransaction(pool, async (client) => {
    const params: unknown[] = [];
    const scope = user.scopeLevel === 'ALL' ? 'true' : staffScope(user, { alias: 's', params });
    const where = `from cti_prospects p join users u on u.id = p.user_id left join staff s on s.staff_no = p.staff_no where ${scope}`;
    const [count] = (await client.query<{ total: number }>(`select count(*)::int as total ${where}`, params)).rows;
    const limit = bindParam(params, page.pageSize);
    const offset = bindParam(params, (page.page - 1) * page.pageSize);
    const { rows } = await client.query<ProspectRow>(
      `select p.id::text as id, p.call_id as "callId", p.name, p.mobile, p.note, u.username as "createdBy", s.name as "staffName", p.created_at as "createdAt"
         ${where} order by p.created_at desc, p.id desc limit ${limit} offset ${offset}`, params);
    const seePii = canSeePii(user);
    if (seePii && rows.length) await auditPiiView(client, user, { entity: 'cti_prospect', detail: { via: 'list', ids: rows.map((r) => r.id) }, ip: ctx.ip });
    return {
      items: rows.map((r) => ({ ...r, mobile: seePii ? r.mobile : (maskMobile(r.mobile) ?? r.mobile), createdAt: r.createdAt.toISOString() })),
      total: count?.total ?? 0,
    };
  });
}

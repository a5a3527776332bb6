/**
 * The call center API's shapes (呼叫中心, issue 14 item 2): the CTI webhook's event, the agents
 * (坐席分机号), the call with its caller's card, and what an agent records for a call.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';
import { CALL_NOTE_MAX, CTI_EVENTS } from './callcenter.rules.js';

const timestamp = z.string().describe('ISO 8601 timestamp');
const CONTACT_CHANNELS = codesOf('contactChannel') as [string, ...string[]];
const ALERT_RULES = codesOf('alertRule') as [string, ...string[]];

export const extension = z.string().trim().regex(/^[0-9A-Za-z*#_-]{1,20}$/, '分机号为 1–20 位数字或字母 / 1–20 digits or letters');

export const ctiEventBody = z.object({
  event: z.enum(CTI_EVENTS).describe('RINGING: the call rings at the extension; ANSWERED: the agent picked up; TRANSFERRED: the agent at `extension` passed it to `toExtension`; HANGUP: the call ended'),
  callId: z.string().trim().min(1).max(128).describe('the CTI system’s id of the call, the same in each of its events'),
  callerNumber: z.string().trim().min(1).max(40).describe('the caller’s number as the switch shows it (+86, spaces and dashes allowed)'),
  extension: extension.describe('the extension the event happened at (for TRANSFERRED: the one the call leaves)'),
  toExtension: extension.optional().describe('TRANSFERRED only: the extension the call moves to'),
  at: z.iso.datetime({ offset: true }).optional().describe('when it happened; default the moment the event arrives'),
}).superRefine((body, ctx) => {
  if (body.event === 'TRANSFERRED' && !body.toExtension) ctx.addIssue({ code: 'custom', path: ['toExtension'], message: '转接须给出目标分机号 / a transfer needs toExtension' });
  if (body.event !== 'TRANSFERRED' && body.toExtension) ctx.addIssue({ code: 'custom', path: ['toExtension'], message: '仅转接事件可带目标分机号 / only a TRANSFERRED event has toExtension' });
  if (body.event === 'TRANSFERRED' && body.toExtension === body.extension) ctx.addIssue({ code: 'custom', path: ['toExtension'], message: '不能转接给同一分机 / the same extension' });
});
export type CtiEventInput = z.infer<typeof ctiEventBody>;

export const ctiEventAnswer = z.object({
  callId: z.string(),
  event: z.enum(CTI_EVENTS),
  matched: z.number().int().describe('how many customers have the caller’s mobile'),
  contactId: z.string().nullable().describe('the contact record of the call, once written (at HANGUP when the caller is one customer)'),
  durationSeconds: z.number().int(),
});

export const agent = z.object({
  extension: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.string().describe('role code'),
  staffNo: z.string().nullable(),
  staffName: z.string().nullable(),
  createdAt: timestamp,
});
export type Agent = z.infer<typeof agent>;
export const agentList = z.object({ items: z.array(agent) });
export const newAgentBody = z.object({ extension, userId: z.string().regex(/^\d{1,18}$/) });
export const extensionParams = z.object({ extension });

export const ctiSettings = z.object({
  token: z.string().describe('the bearer token the CTI system sends (CTI_TOKEN, else generated once)'),
  configured: z.boolean().describe('true when CTI_TOKEN sets it'),
  webhookPath: z.string(),
});

export const myAgent = z.object({ extension: z.string().nullable() });

const card = z.object({
  customerNo: z.string(),
  name: z.string(),
  idNo: z.string().nullable().describe('masked without the pii permission'),
  mobile: z.string().nullable().describe('masked without the pii permission'),
  riskLevel: z.string().nullable(),
  tier: z.string().nullable(),
  lifecycle: z.string().nullable().describe('lifecycle code'),
  servingStaff: z.object({ staffNo: z.string(), name: z.string() }).nullable(),
  inScope: z.boolean().describe('in the caller’s data scope: the full 360° view opens'),
  lastContacts: z.array(z.object({ at: timestamp, channel: z.enum(CONTACT_CHANNELS), summary: z.string(), staffName: z.string().nullable() })),
  openAlerts: z.array(z.object({ id: z.string(), rule: z.enum(ALERT_RULES), date: z.string(), status: z.string().describe('alertStatus code') })),
});
export type CallerCard = z.infer<typeof card>;

export const CALL_STATES = ['RINGING', 'ANSWERED', 'ENDED'] as const;
export const CALL_OUTCOMES = ['ANSWERED', 'MISSED', 'IN_PROGRESS'] as const;

const callAgent = z.object({
  extension: z.string(),
  username: z.string(),
  staffName: z.string().nullable(),
  startedAt: timestamp,
  endedAt: timestamp.nullable().describe('when the call was transferred away from this agent'),
});

export const call = z.object({
  callId: z.string(),
  extension: z.string(),
  callerNumber: z.string().describe('the normalised number; a mobile masked without the pii permission'),
  state: z.enum(CALL_STATES),
  rangAt: timestamp.nullable(),
  answeredAt: timestamp.nullable(),
  hungUpAt: timestamp.nullable(),
  durationSeconds: z.number().int(),
  customers: z.array(card).describe('the customers with the caller’s mobile that the caller may see'),
  hiddenMatches: z.number().int().describe('customers with that mobile outside the caller’s scope, for a login without the callcenter permission'),
  customerNo: z.string().nullable().describe('the customer the call is recorded for'),
  note: z.string().nullable(),
  contactId: z.string().nullable(),
  prospect: z.object({ id: z.string(), name: z.string() }).nullable(),
  agents: z.array(callAgent).describe('each agent who held the call, in order (more than one after a transfer)'),
  transferredAway: z.boolean().describe('the call was transferred from the caller to another agent: read-only for the caller'),
});
export type Call = z.infer<typeof call>;
export const callParams = z.object({ callId: z.string().min(1).max(128) });

export const callListQuery = z.object({
  mine: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('true: only the calls the caller held; else also those of the agents in the caller’s staff scope'),
  outcome: z.enum(CALL_OUTCOMES).optional().describe('callOutcome code'),
  from: calendarDate.optional().describe('rang on or after this day'),
  to: calendarDate.optional().describe('rang on or before this day'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CallListQuery = z.infer<typeof callListQuery>;
export const recentCall = z.object({
  callId: z.string(),
  rangAt: timestamp.nullable(),
  callerNumber: z.string().describe('masked without the pii permission'),
  outcome: z.enum(CALL_OUTCOMES),
  durationSeconds: z.number().int(),
  agents: z.array(callAgent.omit({ startedAt: true, endedAt: true })).describe('in order; more than one after a transfer'),
  mine: z.boolean().describe('the caller held the call (its card opens)'),
  matched: z.number().int().describe('customers with the caller’s mobile'),
  customer: z.object({
    customerNo: z.string(),
    name: z.string().nullable().describe('only when the customer is in the reader’s scope, or the reader’s own call within the card hours'),
    inScope: z.boolean(),
  }).nullable().describe('the customer the call is recorded for'),
  contact: z.object({ id: z.string(), summary: z.string().nullable().describe('when the name is shown') }).nullable().describe('the contact record of the call'),
  prospectName: z.string().nullable(),
});
export type RecentCall = z.infer<typeof recentCall>;
export const callList = z.object({ items: z.array(recentCall), total: z.number().int() });

export const callRecordBody = z.object({
  customerNo: z.string().min(1).max(64).describe('one of the call’s customers, or a customer in the caller’s scope (an unknown number)'),
  note: z.string().trim().min(1).max(CALL_NOTE_MAX).optional().describe('坐席小结'),
  nextAction: z.object({ text: z.string().trim().min(1).max(500), dueOn: calendarDate }).optional(),
});
export type CallRecordInput = z.infer<typeof callRecordBody>;

export const prospectBody = z.object({
  name: z.string().trim().min(1).max(100),
  note: z.string().trim().min(1).max(1000).optional(),
});
export type ProspectInput = z.infer<typeof prospectBody>;
export const prospect = z.object({
  id: z.string(), callId: z.string().nullable(), name: z.string(), mobile: z.string().describe('masked without the pii permission'),
  note: z.string().nullable(), createdBy: z.string(), staffName: z.string().nullable(), createdAt: timestamp,
});
export const prospectList = z.object({ items: z.array(prospect), total: z.number().int() });
export const prospectListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

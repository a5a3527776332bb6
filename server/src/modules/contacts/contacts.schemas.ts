/**
 * The contact-record API's shapes (接触记录, business-rules.md §10): one zod schema each, for
 * validation, the OpenAPI document and (through z.infer) the service's types. Times are ISO 8601
 * strings, dates YYYY-MM-DD.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';
import { alert } from '../monitoring/monitoring.schemas.js';

export const CONTACT_CHANNELS = codesOf('contactChannel') as [string, ...string[]];
export const TIMELINE_KINDS = ['CONTACT', 'WORKFLOW', 'ALERT'] as const;
export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;

const timestamp = z.string().describe('ISO 8601 timestamp');

export const SUMMARY_MAX = 2000;
export const NEXT_ACTION_MAX = 500;

export const newContactBody = z.object({
  customerNo: z.string().min(1).max(64),
  channel: z.enum(CONTACT_CHANNELS).describe('contactChannel code'),
  summary: z.string().trim().min(1).max(SUMMARY_MAX).describe('what was said or done (1–2000 characters)'),
  at: z.iso.datetime({ offset: true }).optional().describe('when the contact took place; default now; at most 5 minutes ahead'),
  nextAction: z
    .object({
      text: z.string().trim().min(1).max(NEXT_ACTION_MAX),
      dueOn: calendarDate.describe('YYYY-MM-DD, not before today (business date)'),
    })
    .optional()
    .describe('the next action: a follow-up to-do of the caller'),
});
export type NewContact = z.infer<typeof newContactBody>;

export const contact = z.object({
  id: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  channel: z.enum(CONTACT_CHANNELS),
  summary: z.string(),
  at: timestamp,
  staffNo: z.string().nullable().describe('the staff member linked to the login that recorded it'),
  staffName: z.string().nullable(),
  createdBy: z.string().describe('the username that recorded it'),
  nextAction: z
    .object({ text: z.string(), dueOn: z.string().describe('YYYY-MM-DD'), doneAt: timestamp.nullable() })
    .nullable(),
});
export type Contact = z.infer<typeof contact>;

export const followUp = contact.extend({ overdue: z.boolean().describe('not done and due before today') });
export type FollowUp = z.infer<typeof followUp>;

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

export const contactListQuery = z.object({ page, pageSize });
export const contactList = z.object({ items: z.array(contact), total: z.number().int() });

export const timelineQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const timelineEntry = z.object({
  kind: z.enum(TIMELINE_KINDS).describe('ALERT: a monitoring alert, at its day’s 15:00 Asia/Shanghai'),
  at: timestamp,
  contact: contact.optional(),
  workflow: z
    .object({
      id: z.string(),
      type: z.string().describe('workflowType code'),
      status: z.string().describe('workflowStatus code: the flow’s status now'),
      event: z.string().describe('workflowEvent code'),
      by: z.string().nullable().describe('the username that acted; null for the system'),
      byName: z.string().nullable().describe('the display name of that user (the staff member’s name for a staff login), else the username; null for the system'),
    })
    .optional(),
  alert: alert.optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;
export const timeline = z.object({ items: z.array(timelineEntry) });

export const followUpQuery = z.object({ status: z.enum(FOLLOW_UP_STATUSES).default('open'), page, pageSize });
export type FollowUpQuery = z.infer<typeof followUpQuery>;
export const followUpList = z.object({ items: z.array(followUp), total: z.number().int() });

export const followUpParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

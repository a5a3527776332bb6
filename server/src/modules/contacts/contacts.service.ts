/**
 * Contact records (接触记录, business-rules.md §10) and the follow-ups their next actions become.
 * A contact is recorded only for a customer in the caller's data scope (access/scope.ts), and
 * audited (`contact.create`) in the transaction that writes it. A customer's contacts and timeline
 * are read like its 360° view: 404 for an unknown customer and for one outside the scope alike.
 * Follow-ups belong to the user who recorded them.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { notFound, validationFailed } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { assertCustomerInScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { customerAlertEntries } from '../monitoring/monitoring.service.js';
import { contactTimingErrors, isOverdue, mergeTimeline } from './contacts.rules.js';
import type { Contact, FollowUp, FollowUpQuery, NewContact, TimelineEntry } from './contacts.schemas.js';
import * as sql from './contacts.sql.js';

/** What a contact operation needs to know about the request. */
export interface ContactContext {
  /** The app's clock at the request. */
  now: Date;
  ip?: string;
}

function toContact(row: sql.ContactRow): Contact {
  return {
    id: row.id,
    customerNo: row.customerNo,
    customerName: row.customerName,
    channel: row.channel,
    summary: row.summary,
    at: row.at.toISOString(),
    staffNo: row.staffNo,
    staffName: row.staffName,
    createdBy: row.createdBy,
    nextAction: row.nextText !== null && row.dueOn !== null ? { text: row.nextText, dueOn: row.dueOn, doneAt: row.doneAt?.toISOString() ?? null } : null,
  };
}

function toFollowUp(row: sql.ContactRow, today: string): FollowUp {
  const contact = toContact(row);
  return { ...contact, overdue: contact.nextAction !== null && isOverdue(contact.nextAction, today) };
}

async function contactByKey(client: pg.PoolClient, customerNo: string, id: string): Promise<sql.ContactRow> {
  const [row] = (await client.query<sql.ContactRow>(sql.CONTACT_BY_KEY, [customerNo, id])).rows;
  if (!row) throw notFound();
  return row;
}

/**
 * Records a contact: `at` defaults to now and may be at most 5 minutes ahead, a next action may not
 * be due before today (422 naming the field); the staff member is the caller's linked one.
 */
export async function createContact(pool: pg.Pool, user: AuthUser, input: NewContact, ctx: ContactContext): Promise<Contact> {
  const today = businessDate(ctx.now);
  const at = input.at === undefined ? ctx.now : new Date(input.at);
  const errors = contactTimingErrors({ at, dueOn: input.nextAction?.dueOn }, ctx.now, today);
  if (errors.length) throw validationFailed(errors);
  return inTransaction(pool, async (client) => {
    await assertCustomerInScope(client, user, input.customerNo, today);
    const { rows } = await client.query<{ id: string }>(sql.INSERT_CONTACT, [
      input.customerNo, input.channel, input.summary, at, user.staffNo, user.id, input.nextAction?.text ?? null, input.nextAction?.dueOn ?? null,
    ]);
    const id = rows[0]!.id;
    await writeAudit(client, {
      user, action: 'contact.create', entity: 'contact', entityId: id,
      detail: { customerNo: input.customerNo, channel: input.channel, nextActionDueOn: input.nextAction?.dueOn ?? null }, ip: ctx.ip,
    });
    return toContact(await contactByKey(client, input.customerNo, id));
  });
}

/** The customer's contacts, newest first, a page at a time. */
export async function listCustomerContacts(
  pool: pg.Pool, user: AuthUser, customerNo: string, page: { page: number; pageSize: number }, ctx: ContactContext,
): Promise<{ items: Contact[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    await assertCustomerInScope(client, user, customerNo, businessDate(ctx.now));
    const [count] = (await client.query<{ total: number }>(sql.COUNT_CUSTOMER_CONTACTS, [customerNo])).rows;
    const { rows } = await client.query<sql.ContactRow>(sql.CUSTOMER_CONTACTS, [customerNo, page.pageSize, (page.page - 1) * page.pageSize]);
    return { items: rows.map(toContact), total: count?.total ?? 0 };
  });
}

/** The customer's contacts, the events of the workflows about it and its alerts, newest first, at most `limit`. */
export async function customerTimeline(pool: pg.Pool, user: AuthUser, customerNo: string, limit: number, ctx: ContactContext): Promise<{ items: TimelineEntry[] }> {
  return inReadSnapshot(pool, async (client) => {
    await assertCustomerInScope(client, user, customerNo, businessDate(ctx.now));
    const contacts = (await client.query<sql.ContactRow>(sql.CUSTOMER_CONTACTS, [customerNo, limit, 0])).rows;
    const events = (await client.query<sql.WorkflowEventRow>(sql.CUSTOMER_WORKFLOW_EVENTS, [customerNo, limit])).rows;
    const contactEntries: TimelineEntry[] = contacts.map((row) => ({ kind: 'CONTACT', at: row.at.toISOString(), contact: toContact(row) }));
    const workflowEntries: TimelineEntry[] = events.map((e) => ({
      kind: 'WORKFLOW', at: e.at.toISOString(), workflow: { id: e.id, type: e.type, status: e.status, event: e.event, by: e.by, byName: e.byName },
    }));
    const alertEntries: TimelineEntry[] = await customerAlertEntries(client, customerNo, limit);
    return { items: mergeTimeline([contactEntries, workflowEntries, alertEntries], limit) };
  });
}

/** The caller's own follow-ups: open ones by due date (overdue first), done ones newest first. */
export async function listFollowUps(pool: pg.Pool, user: AuthUser, query: FollowUpQuery, ctx: ContactContext): Promise<{ items: FollowUp[]; total: number }> {
  const today = businessDate(ctx.now);
  const queries = sql.followUpQueries(user.id, query.status, query);
  return inReadSnapshot(pool, async (client) => {
    const [count] = (await client.query<{ total: number }>(queries.count.sql, queries.count.params)).rows;
    const { rows } = await client.query<sql.ContactRow>(queries.page.sql, queries.page.params);
    return { items: rows.map((row) => toFollowUp(row, today)), total: count?.total ?? 0 };
  });
}

/** Marks one of the caller's follow-ups done (again: no change); 404 for another user's or an unknown one. */
export async function markFollowUpDone(pool: pg.Pool, user: AuthUser, id: string, ctx: ContactContext): Promise<FollowUp> {
  return inTransaction(pool, async (client) => {
    const [key] = (await client.query<{ customerNo: string; id: string }>(sql.MARK_FOLLOW_UP_DONE, [id, user.id, ctx.now])).rows;
    if (!key) throw notFound();
    return toFollowUp(await contactByKey(client, key.customerNo, key.id), businessDate(ctx.now));
  });
}

/** How many of the user's follow-ups are due today or earlier and not done (首页). */
export async function openFollowUpCount(pool: pg.Pool, user: Pick<AuthUser, 'id'>, now: Date): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql.OPEN_FOLLOW_UPS_DUE, [user.id, businessDate(now)]);
  return rows[0]?.n ?? 0;
}

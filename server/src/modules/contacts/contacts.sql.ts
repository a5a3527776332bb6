/**
 * The queries of contact records (接触记录) and follow-ups: a contact row with its customer, staff
 * and author, the customer's contacts and workflow events, and the owner's follow-ups. Columns are
 * aliased to the API's camelCase names; dates come back as YYYY-MM-DD strings.
 */
import { bindParam } from '../access/scope.js';
import type { TimelineEntry } from './contacts.schemas.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** A contacts row `k` as the service reads it (times as Date: the service writes them as ISO strings). */
export interface ContactRow {
  id: string;
  customerNo: string;
  customerName: string;
  channel: string;
  summary: string;
  at: Date;
  staffNo: string | null;
  staffName: string | null;
  createdBy: string;
  nextText: string | null;
  dueOn: string | null;
  doneAt: Date | null;
}

const CONTACT_COLUMNS = `
  k.id::text as id, k.customer_no as "customerNo", c.name as "customerName", k.channel, k.summary, k.at,
  k.staff_no as "staffNo", s.name as "staffName", u.username as "createdBy",
  k.next_action as "nextText", k.next_due_on as "dueOn", k.next_done_at as "doneAt"`;

const CONTACT_FROM = `
  from contacts k
  join customers c on c.customer_no = k.customer_no
  join users u on u.id = k.created_by
  left join staff s on s.staff_no = k.staff_no`;


/** $1 customer, $2 channel, $3 summary, $4 at, $5 staff, $6 user id, $7 next action, $8 due on → the new row's id. */
export const INSERT_CONTACT = `
  insert into contacts (customer_no, channel, summary, at, staff_no, created_by, next_action, next_due_on)
  values ($1, $2, $3, $4, $5, $6, $7, $8)
  returning id::text as id`;

/** One contact by customer ($1) and id ($2). */
export const CONTACT_BY_KEY = `select ${CONTACT_COLUMNS} ${CONTACT_FROM} where k.customer_no = $1 and k.id = $2::bigint`;

/** $1 customer: how many contacts it has. */
export const COUNT_CUSTOMER_CONTACTS = `select count(*)::int as total from contacts where customer_no = $1`;

/** $1 customer, $2 limit, $3 offset: its contacts, newest first. */
export const CUSTOMER_CONTACTS = `
  select ${CONTACT_COLUMNS} ${CONTACT_FROM}
   where k.customer_no = $1
   order by k.at desc, k.id desc
   limit $2 offset $3`;

/** A workflow event about a customer: the timeline's workflow part (contacts.schemas.ts), with its history row's id and time. */
export type WorkflowEventRow = NonNullable<TimelineEntry['workflow']> & { historyId: string; at: Date };

/** $1 customer, $2 limit: the newest events of the workflows about the customer (workflows.customer_no). */
export const CUSTOMER_WORKFLOW_EVENTS = `
  select h.id::text as "historyId", h.at, w.id::text as id, w.type, w.status, h.event, u.username as by,
         coalesce(u.display_name, u.username) as "byName"
    from workflows w
    join workflow_history h on h.workflow_id = w.id
    left join users u on u.id = h.actor_id
   where w.customer_no = $1
   order by h.at desc, h.id desc
   limit $2`;

/** The follow-up lists' filter: the owner's open ones by due date (overdue first), or the done ones newest first. */
export function followUpQueries(userId: string, status: 'open' | 'done', page: { page: number; pageSize: number }): { count: SqlQuery; page: SqlQuery } {
  const params: unknown[] = [];
  const owner = bindParam(params, userId);
  const done = status === 'done' ? 'k.next_done_at is not null' : 'k.next_done_at is null';
  const where = `where k.created_by = ${owner}::bigint and k.next_action is not null and ${done}`;
  const order = status === 'done' ? 'k.next_done_at desc, k.id desc' : 'k.next_due_on, k.id';
  const pageParams = [...params];
  const limit = bindParam(pageParams, page.pageSize);
  const offset = bindParam(pageParams, (page.page - 1) * page.pageSize);
  return {
    count: { sql: `select count(*)::int as total from contacts k ${where}`, params },
    page: { sql: `select ${CONTACT_COLUMNS} ${CONTACT_FROM} ${where} order by ${order} limit ${limit} offset ${offset}`, params: pageParams },
  };
}

/** $1 contact id, $2 owner's user id, $3 now: marks the owner's follow-up done (once; a second time keeps the first time) → its key. */
export const MARK_FOLLOW_UP_DONE = `
  update contacts set next_done_at = coalesce(next_done_at, $3)
   where id = $1::bigint and created_by = $2::bigint and next_action is not null
   returning customer_no as "customerNo", id::text as id`;

/** $1 user id, $2 today: the user's follow-ups not done and due today or earlier. */
export const OPEN_FOLLOW_UPS_DUE = `
  select count(*)::int as n from contacts
   where created_by = $1::bigint and next_action is not null and next_done_at is null and next_due_on <= $2::date`;

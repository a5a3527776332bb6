/**
 * The call center's list query (通话记录): the calls a reader may list — the ones they held (any leg)
 * and, unless `mine`, those held by an agent in their staff scope (access/scope.ts: a team lead the
 * team's agents, a branch manager the branch's, head office all) — newest first, filtered, with each
 * call's agents, recorded customer (in the reader's customer scope or not), contact record and prospect.
 */
import { bindParam, customerScope, staffScope, type ScopeSubject } from '../access/scope.js';
import type { CallListQuery } from './callcenter.schemas.js';

export interface Query {
  text: string;
  values: unknown[];
}

export interface RecentCallRow {
  callId: string;
  rangAt: Date | null;
  callerNumber: string;
  phoneKey: string | null;
  answeredAt: Date | null;
  hungUpAt: Date | null;
  agents: { extension: string; username: string; staffName: string | null; userId: string }[];
  matched: number;
  customerNo: string | null;
  customerName: string | null;
  inScope: boolean;
  contactId: string | null;
  contactSummary: string | null;
  prospectName: string | null;
}

export function recentCallsQueries(user: ScopeSubject & { id: string | number }, filter: Omit<CallListQuery, 'page' | 'pageSize'>, page: { page: number; pageSize: number }, today: string, timeZone: string): { count: Query; page: Query } {
  const values: unknown[] = [];
  const me = bindParam(values, String(user.id));
  const held = filter.mine ? `l.user_id = ${me}::bigint` : `(l.user_id = ${me}::bigint or ${staffScope(user, { alias: 's', params: values })})`;
  const where = [`exists (select 1 from cti_call_legs l join users u on u.id = l.user_id left join staff s on s.staff_no = u.staff_no where l.call_id = k.call_id and ${held})`];
  const zone = filter.from || filter.to ? bindParam(values, timeZone) : '';
  if (filter.from) where.push(`(k.rang_at at time zone ${zone})::date >= ${bindParam(values, filter.from)}::date`);
  if (filter.to) where.push(`(k.rang_at at time zone ${zone})::date <= ${bindParam(values, filter.to)}::date`);
  if (filter.outcome === 'ANSWERED') where.push('k.answered_at is not null');
  if (filter.outcome === 'MISSED') where.push('k.answered_at is null and k.hung_up_at is not null');
  if (filter.outcome === 'IN_PROGRESS') where.push('k.answered_at is null and k.hung_up_at is null');
  const condition = where.join(' and ');
  const count = { text: `select count(*)::int as total from cti_calls k where ${condition}`, values: [...values] };
  const scope = customerScope(user, { alias: 'c', params: values, asOf: today });
  const limit = bindParam(values, page.pageSize);
  const offset = bindParam(values, (page.page - 1) * page.pageSize);
  const text = `
    select k.call_id as "callId", k.rang_at as "rangAt", k.caller_number as "callerNumber", k.phone_key as "phoneKey",
           k.answered_at as "answeredAt", k.hung_up_at as "hungUpAt", cardinality(k.customer_nos) as matched,
           legs.agents, k.customer_no as "customerNo", c.name as "customerName", coalesce(c.customer_no is not null and ${scope}, false) as "inScope",
           k.contact_id::text as "contactId", ct.summary as "contactSummary", p.name as "prospectName"
      from cti_calls k
      cross join lateral (
        select json_agg(json_build_object('extension', l.extension, 'username', u.username, 'staffName', s.name, 'userId', l.user_id::text) order by l.leg_no) as agents
          from cti_call_legs l join users u on u.id = l.user_id left join staff s on s.staff_no = u.staff_no
         where l.call_id = k.call_id) legs
      left join customers c on c.customer_no = k.customer_no
      left join contacts ct on ct.customer_no = k.contact_customer_no and ct.id = k.contact_id
      left join cti_prospects p on p.call_id = k.call_id
     where ${condition}
     order by k.rang_at desc nulls last, k.call_id
     limit ${limit} offset ${offset}`;
  return { count, page: { text, values } };
}

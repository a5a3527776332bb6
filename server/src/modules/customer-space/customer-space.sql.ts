/**
 * The customer space's queries that are more than a lookup: the login codes, the profile, the
 * matching products (suitability.sql.ts's CASE over the customer's row) and the questions.
 */
import { bindParam, customerScope, servingOrder, relationshipEffectiveOn, servingStaffSql, type ScopeSubject } from '../access/scope.js';
import type { SuitabilitySettings } from '../suitability/suitability.rules.js';
import { suitabilityCaseSql, type SqlQuery } from '../suitability/suitability.sql.js';

/**
 * $1 mobile, $2 address, $3 an hour ago: the number's codes within the hour (the newest and the
 * oldest), and the address's.
 */
export const RECENT_CODES = `
  select max(created_at) filter (where mobile = $1) as "lastAt",
         (count(*) filter (where mobile = $1))::int as "numberInHour",
         min(created_at) filter (where mobile = $1) as "oldestInHourAt",
         (count(*) filter (where ip = $2))::int as "addressInHour",
         min(created_at) filter (where ip = $2) as "oldestAddressInHourAt"
    from customer_login_codes where (mobile = $1 or ip = $2) and created_at > $3`;
export interface RecentCodes {
  lastAt: Date | null;
  numberInHour: number;
  oldestInHourAt: Date | null;
  addressInHour: number;
  oldestAddressInHourAt: Date | null;
}

/**
 * $1 mobile (11 digits): the customer logging in with it — open (not CLOSED), the mobile compared as
 * the call center compares it (cti_phone_key, migration 0039); when several open customers share the
 * number, the one opened first (docs/decisions.md "Part A").
 */
export const CUSTOMER_BY_MOBILE = `
  select customer_no as "customerNo" from customers
   where cti_phone_key(mobile) = $1 and status <> 'CLOSED'
   order by open_date, customer_no limit 1`;

/**
 * $1 the session's id (sha256), $2 now: the open accounts carrying the mobile the session was opened
 * with (a household), oldest first — only the session's own when it remembers no mobile.
 */
export const HOUSEHOLD_ACCOUNTS = `
  select c.customer_no as "customerNo", c.name, b.branch_name as "branchName", c.customer_no = s.customer_no as current
    from customer_sessions s
    join customers c on (c.customer_no = s.customer_no or (s.mobile is not null and cti_phone_key(c.mobile) = s.mobile)) and c.status <> 'CLOSED'
    join branches b on b.branch_code = c.branch_code
   where s.id = $1 and s.expires_at > $2
   order by c.open_date, c.customer_no`;

/**
 * $1 the session's id, $2 the account, $3 now: moves the live session to the account when it is open
 * and carries the session's mobile; no row otherwise.
 */
export const SWITCH_ACCOUNT = `
  update customer_sessions s set customer_no = c.customer_no
    from customers c, (select customer_no from customer_sessions where id = $1) prev
   where s.id = $1 and s.expires_at > $3 and s.mobile is not null
     and c.customer_no = $2 and c.status <> 'CLOSED' and cti_phone_key(c.mobile) = s.mobile
  returning prev.customer_no as "from", c.customer_no as "to"`;

/** $1 mobile, $2 now, $3 the tries allowed: the number's newest code still usable, locked. */
export const LATEST_CODE_FOR_UPDATE = `
  select k.id::text as id, k.customer_no as "customerNo", k.salt, k.code_hash as "codeHash", k.tries,
         coalesce(c.status <> 'CLOSED', false) as "customerOpen"
    from customer_login_codes k left join customers c on c.customer_no = k.customer_no
   where k.id = (select id from customer_login_codes where mobile = $1 order by created_at desc, id desc limit 1)
     and k.used_at is null and k.expires_at > $2 and k.tries < $3
     for update of k`;
export interface LoginCodeRow {
  id: string;
  customerNo: string | null;
  salt: string;
  codeHash: string;
  tries: number;
  customerOpen: boolean;
}

/** $1 customer, $2 today: the customer with the category in force, the newest questionnaire and the serving staff. */
export const PROFILE = `
  select c.customer_no as "customerNo", c.name, c.mobile, b.branch_name as "branchName", c.investor_class as "investorClass",
         c.risk_level as "riskLevel", c.risk_assessed_on::text as "riskAssessedOn", c.lowest_risk_category as "lowestRiskCategory",
         q.assessed_on::text as "questionnaireOn", q.risk_level as "questionnaireLevel",
         adv.staff_no as "advisorNo", adv.name as "advisorName", adv.kind as "advisorKind"
    from customers c
    join branches b on b.branch_code = c.branch_code
    left join lateral (
      select a.assessed_on, a.risk_level from risk_assessments a where a.customer_no = c.customer_no order by a.assessed_on desc, a.id desc limit 1
    ) q on true
    left join lateral (
      select s.staff_no, s.name, r.kind from relationships r join staff s on s.staff_no = r.staff_no
       where r.customer_no = c.customer_no and ${relationshipEffectiveOn('r', '$2')}
       order by ${servingOrder('r')} limit 1
    ) adv on true
   where c.customer_no = $1`;
export interface ProfileRow {
  customerNo: string;
  name: string;
  mobile: string | null;
  branchName: string;
  investorClass: string;
  riskLevel: string | null;
  riskAssessedOn: string | null;
  lowestRiskCategory: boolean;
  questionnaireOn: string | null;
  questionnaireLevel: string | null;
  advisorNo: string | null;
  advisorName: string | null;
  advisorKind: string | null;
}

/** $1 customer: the assessments, newest first; `inForce` for the one whose day and category are the customer's. */
export const ASSESSMENTS = `
  select a.id::text as id, a.score, a.risk_level as "riskLevel", a.lowest_category as "lowestCategory",
         a.assessed_on::text as "assessedOn", a.expires_on::text as "expiresOn",
         (a.id = first_value(a.id) over (order by a.assessed_on desc, a.id desc)
           and c.risk_assessed_on = a.assessed_on and c.risk_level = a.risk_level) as "inForce"
    from risk_assessments a join customers c on c.customer_no = a.customer_no
   where a.customer_no = $1
   order by a.assessed_on desc, a.id desc limit 50`;

/** The products whose check for the customer is MATCH on `day`, lowest risk first, then by name. */
export function matchingProductsQuery(customerNo: string, day: string, settings: SuitabilitySettings): SqlQuery {
  const params: unknown[] = [customerNo, day];
  return {
    sql: `select p.product_code as "productCode", p.name, p.product_type as "productType", p.risk_level as "riskLevel", p.issuer,
                 p.min_amount::text as "minAmount", p.description, p.sales_start::text as "salesStart", p.sales_end::text as "salesEnd"
            from customers c cross join products p
           where c.customer_no = $1 and ${suitabilityCaseSql({ customer: 'c', productRisk: 'p.risk_level', day: '$2', settings })} = 'MATCH'
           order by p.risk_level, p.name, p.product_code limit 500`,
    params,
  };
}

/** A question with its customer, the staff member it went to and who answered. */
export const QUESTION_SELECT = `
  select q.id::text as id, q.customer_no as "customerNo", c.name as "customerName", q.question, q.asked_at as "askedAt",
         q.staff_no as "staffNo", s.name as "staffName", q.answer, q.answered_at as "answeredAt",
         coalesce(sa.name, u.display_name, u.username) as "answeredByName"
    from customer_questions q
    join customers c on c.customer_no = q.customer_no
    left join staff s on s.staff_no = q.staff_no
    left join users u on u.id = q.answered_by
    left join staff sa on sa.staff_no = q.answer_staff_no`;
export interface QuestionRow {
  id: string;
  customerNo: string;
  customerName: string;
  question: string;
  askedAt: Date;
  staffNo: string | null;
  staffName: string | null;
  answer: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
}

/**
 * The questions of the customers in the caller's scope on `day`; `mine`: only of those the caller
 * serves on the day (no staff member: none). Open ones oldest first, answered ones newest first.
 */
export function staffQuestionQueries(
  user: ScopeSubject, day: string, filter: { status: 'OPEN' | 'ANSWERED' | 'ALL'; mine: boolean; customerNo?: string; page: number; pageSize: number },
): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = []; // each bound where it is used: an unused parameter has no type (a head-office scope binds none)
  const where = [customerScope(user, { alias: 'c', params, asOf: day })];
  if (filter.status === 'OPEN') where.push('q.answer is null');
  if (filter.status === 'ANSWERED') where.push('q.answer is not null');
  if (filter.mine) {
    if (!user.staffNo) where.push('false');
    else where.push(`${servingStaffSql('q.customer_no', bindParam(params, day))} = ${bindParam(params, user.staffNo)}`);
  }
  if (filter.customerNo) where.push(`q.customer_no = ${bindParam(params, filter.customerNo)}`);
  const from = `from customer_questions q join customers c on c.customer_no = q.customer_no where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = ` limit ${bindParam(rowParams, filter.pageSize)} offset ${bindParam(rowParams, (filter.page - 1) * filter.pageSize)}`;
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: {
      sql: `${QUESTION_SELECT} where q.id in (select q.id ${from})
             order by (q.answer is null) desc, case when q.answer is null then q.asked_at end, q.answered_at desc, q.id${limit}`,
      params: rowParams,
    },
  };
}

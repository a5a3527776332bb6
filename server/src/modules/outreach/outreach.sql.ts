/**
 * Outreach in SQL: who sees which templates and campaigns, a template rendered for many customers
 * at once, the campaign's audience and its planning (one insert … select for every customer), the
 * counts, the recipients and the hit rate. Pure text builders: the service runs them.
 */
import { customerScope, relationshipEffectiveOn, type ScopeSubject } from '../access/scope.js';
import { bindParam } from '../../lib/sql.js';
import { suitabilityCaseSql } from '../suitability/suitability.sql.js';
import type { SuitabilitySettings } from '../suitability/suitability.rules.js';
import type { TemplatePart, TemplateVariable } from './outreach.rules.js';
import type { OutreachChannel } from './outreach.schemas.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** A login as the outreach reads see it. */
export interface OutreachUser extends ScopeSubject {
  id: string;
  scopeLevel: 'ALL' | 'BRANCH' | 'TEAM' | 'SELF';
}

/** The caller's active staff record's column (null without one: a scope that then matches nothing). */
function activeStaff(column: 'team_code' | 'branch_code', params: unknown[], staffNo: string | null | undefined): string {
  return `(select os.${column} from staff os where os.staff_no = ${bindParam(params, staffNo ?? null)} and os.status = 'ACTIVE')`;
}

/**
 * The campaigns `cp` the user may read: every one (ALL), those started in the user's branch (BRANCH)
 * or team (TEAM), and always the user's own. Fail closed: a disabled login sees none, a scoped
 * login without an active staff record only its own.
 */
export function campaignVisible(user: OutreachUser, params: unknown[]): string {
  if (user.disabled) return 'false';
  if (user.scopeLevel === 'ALL') return 'true';
  const own = `cp.created_by = ${bindParam(params, user.id)}::bigint`;
  switch (user.scopeLevel) {
    case 'BRANCH':
      return `(${own} or cp.branch_code = ${activeStaff('branch_code', params, user.staffNo)})`;
    case 'TEAM':
      return `(${own} or cp.team_code = ${activeStaff('team_code', params, user.staffNo)})`;
    default:
      return `(${own})`;
  }
}

/**
 * The templates `t` the user may read and use: every one (ALL); else head office's (no branch),
 * those saved in the user's branch, and the user's own.
 */
export function templateVisible(user: OutreachUser, params: unknown[]): string {
  if (user.disabled) return 'false';
  if (user.scopeLevel === 'ALL') return 'true';
  return `(t.owner_id = ${bindParam(params, user.id)}::bigint or t.branch_code is null or t.branch_code = ${activeStaff('branch_code', params, user.staffNo)})`;
}

export const TEMPLATE_COLUMNS = `
  t.id::text as id, t.name, t.channel, t.subject, t.body, t.sms_template_code as "smsTemplateCode",
  u.username as "ownerUsername", t.owner_id::text as "ownerId", t.branch_code as "branchCode",
  t.created_at as "createdAt", t.updated_at as "updatedAt"`;
export const TEMPLATE_FROM = `from outreach_templates t join users u on u.id = t.owner_id`;

// ---------------------------------------------------------------- rendering

/** What the variables stand for beside the customer's own data. */
export interface RenderContext {
  /** the last imported trading day (net asset), or null */
  day: string | null;
  /** today: whose relationship is in force (the serving staff member) */
  today: string;
  productName: string | null;
  /** the product's risk level as its dictionary label (a customer never sees a code) */
  productRiskLabel: string | null;
}

/**
 * SQL text expressions of the rendered subject and body over customers row `c`, and the joins
 * they need (rb: the branch, rd: the day's figures, rs: the serving staff member — the DEVELOP
 * relationship in force with the largest weight, else a SERVICE one). A variable without a value
 * renders as empty text. `variables`: a jsonb object of every variable the texts use, by name, with
 * its rendered text (an SMS provider's TemplateParam: docs/decisions.md, part O).
 */
export function renderSql(
  texts: { subject: TemplatePart[] | null; body: TemplatePart[] }, ctx: RenderContext, params: unknown[],
): { subject: string; body: string; variables: string; joins: string } {
  const used = new Set<TemplateVariable>();
  // each value bound once: `variables` only refers to parameters the texts already use
  const bound = new Map<TemplateVariable, string>();
  const once = (variable: TemplateVariable, value: string | null) => {
    if (!bound.has(variable)) bound.set(variable, `${bindParam(params, value)}::text`);
    return bound.get(variable)!;
  };
  const valueOf = (variable: TemplateVariable): string => {
    switch (variable) {
      case 'customerName':
        return 'c.name';
      case 'staffName':
        return 'rs.name';
      case 'staffMobile':
        return 'rs.mobile';
      case 'productName':
        return once('productName', ctx.productName);
      case 'productRisk':
        return once('productRisk', ctx.productRiskLabel);
      case 'netAsset':
        return `to_char(rd.net_asset, 'FM999,999,999,999,990.00')`;
      case 'branchName':
        return 'rb.branch_name';
    }
  };
  const expr = (parts: TemplatePart[]): string => {
    if (parts.length === 0) return `''::text`;
    const items = parts.map((p) => {
      if ('text' in p) return `${bindParam(params, p.text)}::text`;
      used.add(p.variable);
      return valueOf(p.variable);
    });
    return `concat(${items.join(', ')})`;
  };
  const subject = texts.subject ? expr(texts.subject) : 'null::text';
  const body = expr(texts.body);
  const variables = used.size === 0
    ? `'{}'::jsonb`
    : `jsonb_build_object(${[...used].sort().map((v) => `'${v}', coalesce((${valueOf(v)})::text, '')`).join(', ')})`;
  const joins: string[] = [];
  if (used.has('branchName')) joins.push('join branches rb on rb.branch_code = c.branch_code');
  if (used.has('netAsset')) joins.push(`left join sum_customer_daily rd on rd.trade_date = ${bindParam(params, ctx.day)}::date and rd.customer_no = c.customer_no`);
  if (used.has('staffName') || used.has('staffMobile')) {
    joins.push(`left join lateral (
        select s.name, s.mobile from relationships r join staff s on s.staff_no = r.staff_no and s.status = 'ACTIVE'
         where r.customer_no = c.customer_no and ${relationshipEffectiveOn('r', bindParam(params, ctx.today))}
         order by (r.kind = 'DEVELOP') desc, r.weight desc, s.staff_no limit 1) rs on true`);
  }
  return { subject, body, variables, joins: joins.join('\n') };
}

/** The customers row's address for the channel: its mobile or e-mail, trimmed, null when empty. */
export function addressSql(channel: OutreachChannel): string {
  return channel === 'SMS' ? `nullif(btrim(c.mobile), '')` : `nullif(btrim(c.email), '')`;
}

// ---------------------------------------------------------------- planning

export const CAP_STATUSES = ['QUEUED', 'SENDING', 'SENT', 'DELIVERED'] as const;

export interface PlanInput {
  campaignId: string;
  channel: OutreachChannel;
  /** SQL yielding the audience's `customer_no` (may repeat one); its parameters already on `params` */
  audience: string;
  /** a product campaign: only customers whose suitability check is MATCH receive it */
  product: { risk: string; settings: SuitabilitySettings } | null;
  today: string;
  /** when the messages may go (the frequency cap counts around it) */
  sendTime: Date;
  cap: { maxMessages: number; windowDays: number };
  /**
   * At the final approval: the PLANNED messages become QUEUED with the rendered texts (`renderSql`
   * over customers `c`, its parameters already on `params`) and the not-before time.
   */
  queue?: { subject: string; body: string; variables: string; joins: string };
}

/**
 * One statement that (re)plans a campaign: a message row for every (open) customer of the audience
 * with its status — SKIPPED_OPT_OUT (opted out of the channel), SKIPPED_SUITABILITY (a product
 * campaign and the check is not MATCH), SKIPPED_NO_ADDRESS (no mobile / e-mail), SKIPPED_CAP (the
 * customer's messages of other campaigns that are queued or sent within the cap's window either
 * side of the send time already reach the cap), else PLANNED, in that order of precedence — and
 * the earlier plan's rows of customers no longer in the audience deleted. With `queue`, PLANNED is
 * written as QUEUED with its texts. Only planned or skipped rows are ever replaced.
 */
export function planStatement(input: PlanInput, params: unknown[]): string {
  const campaign = bindParam(params, input.campaignId);
  const channel = bindParam(params, input.channel);
  const at = bindParam(params, input.sendTime.toISOString());
  const days = bindParam(params, input.cap.windowDays);
  const suitable = input.product
    ? `${suitabilityCaseSql({ customer: 'c', productRisk: `'${checkedRisk(input.product.risk)}'`, day: `${bindParam(params, input.today)}::date`, settings: input.product.settings })} <> 'MATCH'`
    : 'false';
  const replaceable = (m: string) => `(${m}.status = 'PLANNED' or ${m}.status like 'SKIPPED%')`;
  const q = input.queue;
  return `
    with audience as (select distinct customer_no from (${input.audience}) a),
    capped as (
      select m.customer_no from campaign_messages m
       where m.status in (${CAP_STATUSES.map((s) => `'${s}'`).join(', ')})
         and coalesce(m.sent_at, m.not_before) > ${at}::timestamptz - make_interval(days => ${days}::int)
         and coalesce(m.sent_at, m.not_before) < ${at}::timestamptz + make_interval(days => ${days}::int)
         and m.campaign_id <> ${campaign}::bigint
       group by m.customer_no
      having count(*) >= ${bindParam(params, input.cap.maxMessages)}::int
    ),
    planned as (
      select c.customer_no,
             case when exists (select 1 from outreach_opt_outs o where o.customer_no = c.customer_no and o.channel = ${channel}::text) then 'SKIPPED_OPT_OUT'
                  when ${suitable} then 'SKIPPED_SUITABILITY'
                  when ${addressSql(input.channel)} is null then 'SKIPPED_NO_ADDRESS'
                  when c.customer_no in (select customer_no from capped) then 'SKIPPED_CAP'
                  else 'PLANNED' end as status,
             ${addressSql(input.channel)} as address
        from audience a join customers c on c.customer_no = a.customer_no
       where c.status <> 'CLOSED'
    ),
    gone as (
      delete from campaign_messages m
       where m.campaign_id = ${campaign}::bigint and ${replaceable('m')}
         and m.customer_no not in (select customer_no from planned) -- a hashed subplan (work_mem: planCampaign)
    )
    insert into campaign_messages (customer_no, campaign_id, status, address, subject, body, not_before, params)
    select p.customer_no, ${campaign}::bigint,
           ${q ? `case when p.status = 'PLANNED' then 'QUEUED' else p.status end` : 'p.status'}, p.address,
           ${q ? `case when p.status = 'PLANNED' then ${q.subject} end, case when p.status = 'PLANNED' then ${q.body} end, case when p.status = 'PLANNED' then ${at}::timestamptz end` : 'null, null, null'},
           ${q && input.channel === 'SMS' ? `case when p.status = 'PLANNED' then ${q.variables} end` : 'null'}
      from planned p${q ? ` join customers c on c.customer_no = p.customer_no ${q.joins}` : ''}
    on conflict (customer_no, campaign_id) do update
       set status = excluded.status, address = excluded.address, subject = excluded.subject, body = excluded.body, not_before = excluded.not_before,
           params = excluded.params
     where ${replaceable('campaign_messages')}`;
}

function checkedRisk(risk: string): string {
  if (!/^R[1-5]$/.test(risk)) throw new Error(`outreach: invalid product risk ${JSON.stringify(risk)}`);
  return risk;
}

/** A saved group's materialised members in the subject's scope. */
export function groupAudience(user: ScopeSubject, groupId: string, asOf: string, params: unknown[]): string {
  return `select m.customer_no from customer_group_members m join customers c on c.customer_no = m.customer_no
           where m.group_id = ${bindParam(params, groupId)}::bigint and ${customerScope(user, { alias: 'c', params, asOf })}`;
}

/** A ranked list of customer numbers (the products module's targets), in the subject's scope. */
export function listedAudience(user: ScopeSubject, customerNos: readonly string[], asOf: string, params: unknown[]): string {
  return `select c.customer_no from customers c
           where c.customer_no = any(${bindParam(params, customerNos)}::text[]) and ${customerScope(user, { alias: 'c', params, asOf })}`;
}

/** $1 campaign: its messages by status. */
export const COUNTS = `select status, count(*)::int as n from campaign_messages where campaign_id = $1::bigint group by status`;
/** $1 campaign ids: their messages by status. */
export const COUNTS_OF = `select campaign_id::text as id, status, count(*)::int as n from campaign_messages where campaign_id = any($1::bigint[]) group by campaign_id, status`;

export const CAMPAIGN_COLUMNS = `
  cp.id::text as id, cp.name, cp.channel, cp.status, cp.source, cp.template_id::text as "templateId", t.name as "templateName",
  cp.group_id::text as "groupId", g.name as "groupName", cp.product_code as "productCode", p.name as "productName", p.risk_level as "productRisk",
  cp.send_at as "sendAt", cp.not_before as "notBefore", cp.audience, cp.workflow_id::text as "workflowId", u.username as "createdBy", coalesce(cst.name, u.username) as "createdByName",
  cp.created_by::text as "createdById", cp.created_staff_no as "createdStaffNo", cp.branch_code as "branchCode", cp.team_code as "teamCode",
  cp.created_at as "createdAt", cp.planned_at as "plannedAt", cp.approved_at as "approvedAt", cp.finished_at as "finishedAt",
  cp.hit_window_days as "hitWindowDays", cp.target_limit as "targetLimit"`;
export const CAMPAIGN_FROM = `
  from campaigns cp
  join outreach_templates t on t.id = cp.template_id
  join users u on u.id = cp.created_by
  left join staff cst on cst.staff_no = cp.created_staff_no
  left join customer_groups g on g.id = cp.group_id
  left join products p on p.product_code = cp.product_code`;

// ---------------------------------------------------------------- hit rate

/**
 * Per customer (`customer` a column expression), with the product, first and last day as parameters
 * `$p`, `$f`, `$t`: `hit` — bought the product (subscription or purchase) within the days; `first_time` —
 * bought no product of its family (its type and risk level) in the 365 days before the first day
 * (decisions.md "Part A — a campaign's first-time buyers").
 */
function buyerFlags(customer: string, p: string, f: string, t: string): string {
  const bought = (products: string, days: string) => `exists (
           select 1 from fact_product_trades x
            where x.customer_no = ${customer} and x.product_code ${products} and x.txn_type in ('SUBSCRIBE', 'PURCHASE') and x.trade_date ${days})`;
  const family = `in (select q.product_code from products q join products o on o.product_type = q.product_type and o.risk_level = q.risk_level where o.product_code = ${p})`;
  return `${bought(`= ${p}`, `between ${f}::date and ${t}::date`)} as hit,
         not ${bought(family, `between ${f}::date - 365 and ${f}::date - 1`)} as first_time`;
}

/** The counts over rows of buyerFlags: all, buyers, first-time, first-time buyers. */
const HIT_COUNTS = `count(*)::int as total, count(*) filter (where hit)::int as buyers,
         count(*) filter (where first_time)::int as "firstTimeTotal", count(*) filter (where first_time and hit)::int as "firstTimeBuyers"`;

/** The row HITS and baseRateQuery answer. */
export interface HitCounts {
  total: number;
  buyers: number;
  firstTimeTotal: number;
  firstTimeBuyers: number;
}

/**
 * $1 campaign, $2 product, $3 first day, $4 last day: the recipients (SENT or DELIVERED) and those
 * of them who bought the product within the days; the same among the first-time recipients.
 */
export const HITS = `
  select ${HIT_COUNTS}
    from (select ${buyerFlags('m.customer_no', '$2', '$3', '$4')}
            from campaign_messages m where m.campaign_id = $1::bigint and m.status in ('SENT', 'DELIVERED')) r`;

/**
 * The open customers in the subject's scope on the first day, and those who bought the product within
 * the days; the same among the first-time ones.
 */
export function baseRateQuery(user: ScopeSubject, productCode: string, from: string, to: string, asOf: string): SqlQuery {
  const params: unknown[] = [productCode, from, to];
  return {
    sql: `select ${HIT_COUNTS}
            from (select ${buyerFlags('c.customer_no', '$1', '$2', '$3')}
                    from customers c
                   where c.open_date <= $2::date and (c.close_date is null or c.close_date >= $2::date)
                     and ${customerScope(user, { alias: 'c', params, asOf })}) r`,
    params,
  };
}

/**
 * 服务产品加工 and 资讯推送 (business-rules.md §10; issue 14 item 1): content written in the CRM
 * (articles, research notes, signals, information items; HTML sanitised to a whitelist on the
 * server), reviewed before publication through the workflow engine (flow type CONTENT_PUBLISH,
 * the branch manager by default — the engine never lets the writer approve their own), and pushed,
 * once published, to a service product's subscribers and/or a saved customer group.
 *
 * - Writing and pushing need `contacts.write`. A draft is seen by its author, head office (scope
 *   ALL) and the managers of its branch; published content by every staff login.
 * - A push reaches the customers of the audience in the pusher's data scope (customerScope); each
 *   whose suitability matches the item's level today (suitability.sql.ts `suitabilityCaseSql`, the
 *   suitability module's rule in SQL) gets it in their in-app inbox (DELIVERED), every other is
 *   counted SKIPPED_SUITABILITY. The counts (and read receipts) of a push are those of the
 *   customers in the reader's scope.
 */
import type pg from 'pg';
import { codeLabel } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import { conflict, forbidden, notFound, unprocessable, validationFailed } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { bindParam, customerScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission, type AuthUser } from '../auth/auth.service.js';
import { groupAudience } from '../outreach/outreach.sql.js';
import { loadSuitabilitySettings, suitabilityCaseSql } from '../suitability/suitability.sql.js';
import { defineOperation, type OperationContext, type PayloadProblem } from '../workflows/workflows.registry.js';
import { actorOf, startWorkflow } from '../workflows/workflows.service.js';
import { pushNotices, queuePushNotices } from './service.notices.js';
import { htmlText, sanitizeContentHtml } from './service.sanitize.js';
import {
  publishPayload, type ContentBody, type ContentDetail, type ContentListQuery, type ContentSummary, type Push, type PushBody, type PushListQuery,
  type PublishPayload, type RecipientQuery,
} from './service.schemas.js';
import { iso, pageSql, type ServiceContext } from './service.service.js';

type Queryable = pg.Pool | pg.PoolClient;

// ---------------------------------------------------------------- who sees what

/** SQL boolean over service_content `sc`: published, or the caller's own, or in the caller's reach (ALL; the branch's managers). */
function contentVisible(user: AuthUser, params: unknown[]): string {
  if (user.scopeLevel === 'ALL') return 'true';
  const own = `sc.author_id = ${bindParam(params, user.id)}::bigint`;
  const branch = user.scopeLevel === 'BRANCH' && user.branchCode ? ` or sc.branch_code = ${bindParam(params, user.branchCode)}` : '';
  return `(sc.status = 'PUBLISHED' or ${own}${branch})`;
}

const CONTENT_COLUMNS = `
  sc.id::text as id, sc.kind, sc.category, sc.risk_level as "riskLevel", sc.product_id::text as "productId", p.name as "productName",
  sc.title, sc.summary, sc.status, coalesce(st.name, u.display_name, u.username) as "authorName", sc.workflow_id::text as "workflowId",
  sc.published_at as "publishedAt", sc.updated_at as "updatedAt", sc.author_id::text as "authorId"`;
const CONTENT_FROM = `
  from service_content sc
  left join service_products p on p.id = sc.product_id
  join users u on u.id = sc.author_id
  left join staff st on st.staff_no = sc.author_staff_no`;

type ContentRow = Omit<ContentSummary, 'publishedAt' | 'updatedAt'> & { publishedAt: Date | null; updatedAt: Date; authorId: string };

function toSummary(row: ContentRow): ContentSummary {
  const { authorId: _a, ...rest } = row;
  return { ...rest, publishedAt: iso(row.publishedAt), updatedAt: row.updatedAt.toISOString() };
}

export async function listContent(pool: pg.Pool, query: ContentListQuery, ctx: ServiceContext): Promise<{ items: ContentSummary[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where = [contentVisible(ctx.user, params)];
    if (query.kind) where.push(`sc.kind = ${bindParam(params, query.kind)}`);
    if (query.category) where.push(`sc.category = ${bindParam(params, query.category)}`);
    if (query.status) where.push(`sc.status = ${bindParam(params, query.status)}`);
    if (query.productId) where.push(`sc.product_id = ${bindParam(params, query.productId)}::bigint`);
    if (query.mine === 'true') where.push(`sc.author_id = ${bindParam(params, ctx.user.id)}::bigint`);
    if (query.q) where.push(`sc.title ilike '%' || ${bindParam(params, query.q)} || '%'`);
    const from = `${CONTENT_FROM} where ${where.join(' and ')}`;
    const total = (await client.query<{ n: number }>(`select count(*)::int as n ${from}`, params)).rows[0]!.n;
    const rowParams = [...params];
    const rows = (await client.query<ContentRow>(`select ${CONTENT_COLUMNS} ${from} order by sc.updated_at desc, sc.id desc${pageSql(rowParams, query)}`, rowParams)).rows;
    return { items: rows.map(toSummary), total };
  });
}

/** The flow's status when the content is IN_REVIEW or REJECTED (null without a flow). */
async function flowStatus(client: Queryable, workflowId: string | null): Promise<string | null> {
  if (!workflowId) return null;
  return (await client.query<{ status: string }>(`select status from workflows where id = $1::bigint`, [workflowId])).rows[0]?.status ?? null;
}

/** Whether the author may change it: a draft, not approved, or in a flow returned for changes. */
function isEditable(status: string, flow: string | null): boolean {
  return status === 'DRAFT' || status === 'REJECTED' || (status === 'IN_REVIEW' && flow === 'RETURNED');
}

async function contentById(client: Queryable, id: string, ctx: ServiceContext): Promise<ContentDetail> {
  const params: unknown[] = [id];
  const row = (await client.query<ContentRow & { bodyHtml: string }>(
    `select ${CONTENT_COLUMNS}, sc.body_html as "bodyHtml" ${CONTENT_FROM} where sc.id = $1::bigint and ${contentVisible(ctx.user, params)}`, params)).rows[0];
  if (!row) throw notFound();
  const own = row.authorId === ctx.user.id;
  const flow = await flowStatus(client, row.workflowId);
  const editable = own && isEditable(row.status, flow);
  return { ...toSummary(row), bodyHtml: row.bodyHtml, editable, submittable: editable && row.status !== 'IN_REVIEW' };
}

export async function getContent(pool: pg.Pool, id: string, ctx: ServiceContext): Promise<ContentDetail> {
  return inReadSnapshot(pool, (client) => contentById(client, id, ctx));
}

/** The sanitised body; 422 when nothing readable is left. */
function cleanBody(body: ContentBody): string {
  const html = sanitizeContentHtml(body.bodyHtml);
  if (!htmlText(html)) throw validationFailed([{ field: 'bodyHtml', message: { zh: '正文不能为空', en: 'the text is empty' } }]);
  return html;
}

async function checkProduct(client: Queryable, productId: string | null): Promise<void> {
  if (productId === null) return;
  const { rows } = await client.query(`select 1 from service_products where id = $1::bigint`, [productId]);
  if (!rows.length) throw validationFailed([{ field: 'productId', message: { zh: '服务产品不存在', en: 'no such service product' } }]);
}

export async function createContent(pool: pg.Pool, body: ContentBody, ctx: ServiceContext): Promise<ContentDetail> {
  assertPermission(ctx.user, 'contacts.write');
  const html = cleanBody(body);
  return inTransaction(pool, async (client) => {
    await checkProduct(client, body.productId);
    const { rows } = await client.query<{ id: string }>(
      `insert into service_content (kind, category, risk_level, product_id, title, summary, body_html, status, author_id, author_staff_no, branch_code, created_at, updated_at)
       values ($1, $2, $3, $4::bigint, $5, $6, $7, 'DRAFT', $8, $9, $10, $11, $11) returning id::text as id`,
      [body.kind, body.category, body.riskLevel, body.productId, body.title, body.summary, html, ctx.user.id, ctx.user.staffNo, ctx.user.branchCode, ctx.now]);
    const id = rows[0]!.id;
    await writeAudit(client, { user: ctx.user, action: 'service.content_create', entity: 'service_content', entityId: id, detail: { title: body.title, kind: body.kind }, ip: ctx.ip });
    return contentById(client, id, ctx);
  });
}

/** The caller's own item, locked: 404 when they cannot see it, 403 when they can but it is someone else's. */
async function lockOwnContent(client: pg.PoolClient, id: string, ctx: ServiceContext): Promise<{ status: string; workflowId: string | null }> {
  const params: unknown[] = [id];
  const row = (await client.query<{ status: string; workflowId: string | null; authorId: string }>(
    `select sc.status, sc.workflow_id::text as "workflowId", sc.author_id::text as "authorId"
       from service_content sc where sc.id = $1::bigint and ${contentVisible(ctx.user, params)} for update`, params)).rows[0];
  if (!row) throw notFound();
  if (row.authorId !== ctx.user.id) throw forbidden();
  return row;
}

export async function updateContent(pool: pg.Pool, id: string, body: ContentBody, ctx: ServiceContext): Promise<ContentDetail> {
  assertPermission(ctx.user, 'contacts.write');
  const html = cleanBody(body);
  return inTransaction(pool, async (client) => {
    const row = await lockOwnContent(client, id, ctx);
    if (!isEditable(row.status, await flowStatus(client, row.workflowId))) {
      throw conflict('CONTENT_LOCKED', '内容审核中或已发布，不能修改。', 'The content is in review or published; it cannot be changed.');
    }
    await checkProduct(client, body.productId);
    await client.query(
      `update service_content set kind = $2, category = $3, risk_level = $4, product_id = $5::bigint, title = $6, summary = $7, body_html = $8, updated_at = $9
        where id = $1::bigint`,
      [id, body.kind, body.category, body.riskLevel, body.productId, body.title, body.summary, html, ctx.now]);
    await writeAudit(client, { user: ctx.user, action: 'service.content_update', entity: 'service_content', entityId: id, detail: { title: body.title }, ip: ctx.ip });
    return contentById(client, id, ctx);
  });
}

/** Submits a draft for review: starts the CONTENT_PUBLISH flow (the content is IN_REVIEW until it ends). */
export async function submitContent(pool: pg.Pool, id: string, ctx: ServiceContext): Promise<ContentDetail> {
  assertPermission(ctx.user, 'contacts.write');
  await inTransaction(pool, async (client) => {
    const row = await lockOwnContent(client, id, ctx);
    if (row.status !== 'DRAFT' && row.status !== 'REJECTED') {
      throw conflict('CONTENT_STATE', '只有草稿或未通过的内容可以提交审核（退回修改的请在流程中重新提交）。', 'Only a draft or a rejected item can be submitted (a returned one is resubmitted in its flow).');
    }
  });
  await startWorkflow(pool, actorOf(ctx.user), { type: 'CONTENT_PUBLISH', payload: { contentId: id } }, { ip: ctx.ip, now: ctx.now });
  return getContent(pool, id, ctx);
}

// ---------------------------------------------------------------- the CONTENT_PUBLISH flow

async function publishProblems(client: pg.PoolClient, p: PublishPayload, ctx: OperationContext): Promise<PayloadProblem[]> {
  const row = (await client.query<{ authorId: string; status: string; workflowId: string | null }>(
    `select author_id::text as "authorId", status, workflow_id::text as "workflowId" from service_content where id = $1::bigint`, [p.contentId])).rows[0];
  if (!row || row.authorId !== ctx.initiator.userId) return [{ field: 'contentId', zh: '内容不存在或不是您写的', en: 'no such content of yours' }];
  const ownFlow = ctx.workflowId !== null && row.workflowId === ctx.workflowId;
  if (row.status === 'PUBLISHED') return [{ field: 'contentId', zh: '内容已发布', en: 'the content is already published' }];
  if (row.status === 'IN_REVIEW' && !ownFlow) return [{ field: 'contentId', zh: '内容已在审核中', en: 'the content is already in review' }];
  return [];
}

async function contentTitle(client: pg.PoolClient, contentId: string): Promise<string> {
  return (await client.query<{ title: string }>(`select title from service_content where id = $1::bigint`, [contentId])).rows[0]?.title ?? contentId;
}

/** 服务内容发布审核: approved → PUBLISHED; rejected or withdrawn → REJECTED (editable, may be submitted again). */
export const contentPublishOperation = defineOperation<PublishPayload>({
  type: 'CONTENT_PUBLISH',
  payloadSchema: publishPayload,
  describe: (p) => ({ title: `服务内容 ${p.contentId}`, subjectStaffNo: null, customerNo: null }),
  validate: publishProblems,
  onSubmit: async (client, p, ctx) => {
    const title = await contentTitle(client, p.contentId);
    await client.query(`update service_content set status = 'IN_REVIEW', workflow_id = $2::bigint, updated_at = $3 where id = $1::bigint`, [p.contentId, ctx.workflowId, ctx.now]);
    await client.query(`update workflows set title = $2 where id = $1::bigint`, [ctx.workflowId, `${title}（服务内容 ${p.contentId}）`]);
  },
  apply: async (client, p, ctx) => {
    await client.query(`update service_content set status = 'PUBLISHED', published_at = $2, updated_at = $2 where id = $1::bigint`, [p.contentId, ctx.now]);
    await writeAudit(client, {
      user: { id: ctx.actor.userId, username: ctx.actor.username }, action: 'service.content_publish', entity: 'service_content', entityId: p.contentId,
      detail: { workflowId: ctx.workflowId }, ip: ctx.ip,
    });
    return { contentId: p.contentId, status: 'PUBLISHED' };
  },
  onClose: async (client, p, ctx, status) => {
    await client.query(`update service_content set status = 'REJECTED', updated_at = $2 where id = $1::bigint and workflow_id = $3::bigint`, [p.contentId, ctx.now, ctx.workflowId]);
    await writeAudit(client, {
      user: { id: ctx.actor.userId, username: ctx.actor.username }, action: 'service.content_reject', entity: 'service_content', entityId: p.contentId,
      detail: { workflowId: ctx.workflowId, status }, ip: ctx.ip,
    });
  },
});

/** The flow types of this module, registered by app.ts. */
export const serviceOperations = [contentPublishOperation];

// ---------------------------------------------------------------- pushes (资讯推送)

const PUSH_COLUMNS = `
  sp.id::text as id, sp.content_id::text as "contentId", sc.title as "contentTitle", sc.risk_level as "riskLevel",
  sp.product_id::text as "productId", p.name as "productName", sp.group_id::text as "groupId", sp.group_name as "groupName",
  coalesce(ps.name, u.display_name, u.username) as "pushedBy", sp.pushed_at as "pushedAt"`;
const PUSH_FROM = `
  from service_pushes sp
  join service_content sc on sc.id = sp.content_id
  left join service_products p on p.id = sp.product_id
  join users u on u.id = sp.pushed_by
  left join staff ps on ps.staff_no = sp.staff_no`;

type PushRow = Omit<Push, 'pushedAt' | 'counts' | 'notices'> & { pushedAt: Date };

/** The counts of each push over the recipients in the caller's scope. */
async function pushCounts(client: Queryable, ids: string[], ctx: ServiceContext): Promise<Map<string, Push['counts']>> {
  const params: unknown[] = [ids];
  const scope = customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) });
  const { rows } = await client.query<{ id: string } & Push['counts']>(
    `select r.push_id::text as id, count(*)::int as targeted,
            count(*) filter (where r.status = 'DELIVERED')::int as delivered,
            count(*) filter (where r.status = 'SKIPPED_SUITABILITY')::int as "skippedSuitability",
            count(r.read_at)::int as read
       from service_push_recipients r join customers c on c.customer_no = r.customer_no
      where r.push_id = any($1::bigint[]) and ${scope}
      group by r.push_id`, params);
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

async function withCounts(client: Queryable, rows: PushRow[], ctx: ServiceContext): Promise<Push[]> {
  const ids = rows.map((r) => r.id);
  const counts = await pushCounts(client, ids, ctx);
  const notices = await pushNotices(client, ids, ctx.user, businessDate(ctx.now));
  return rows.map((r) => ({
    ...r, pushedAt: r.pushedAt.toISOString(), counts: counts.get(r.id) ?? { targeted: 0, delivered: 0, skippedSuitability: 0, read: 0 }, notices: notices.get(r.id) ?? [],
  }));
}

/**
 * The pushes that reached a customer in the caller's scope (or that the caller sent), newest first.
 */
export async function listPushes(pool: pg.Pool, query: PushListQuery, ctx: ServiceContext): Promise<{ items: Push[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const scope = customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) });
    const where = [`(sp.pushed_by = ${bindParam(params, ctx.user.id)}::bigint or exists (select 1 from service_push_recipients r join customers c on c.customer_no = r.customer_no where r.push_id = sp.id and ${scope}))`];
    if (query.contentId) where.push(`sp.content_id = ${bindParam(params, query.contentId)}::bigint`);
    const from = `${PUSH_FROM} where ${where.join(' and ')}`;
    const total = (await client.query<{ n: number }>(`select count(*)::int as n ${from}`, params)).rows[0]!.n;
    const rowParams = [...params];
    const rows = (await client.query<PushRow>(`select ${PUSH_COLUMNS} ${from} order by sp.pushed_at desc, sp.id desc${pageSql(rowParams, query)}`, rowParams)).rows;
    return { items: await withCounts(client, rows, ctx), total };
  });
}

async function pushById(client: Queryable, id: string, ctx: ServiceContext): Promise<Push> {
  const params: unknown[] = [id];
  const scope = customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) });
  const rows = (await client.query<PushRow>(
    `select ${PUSH_COLUMNS} ${PUSH_FROM} where sp.id = $1::bigint
       and (sp.pushed_by = ${bindParam(params, ctx.user.id)}::bigint or exists (select 1 from service_push_recipients r join customers c on c.customer_no = r.customer_no where r.push_id = sp.id and ${scope}))`,
    params)).rows;
  if (!rows[0]) throw notFound();
  return (await withCounts(client, rows, ctx))[0]!;
}

export async function getPush(pool: pg.Pool, id: string, ctx: ServiceContext): Promise<Push> {
  return inReadSnapshot(pool, (client) => pushById(client, id, ctx));
}

/** The recipients of a push in the caller's scope. */
export async function pushRecipients(pool: pg.Pool, id: string, query: RecipientQuery, ctx: ServiceContext) {
  return inReadSnapshot(pool, async (client) => {
    await pushById(client, id, ctx);
    const params: unknown[] = [id];
    const where = [`r.push_id = $1::bigint`, customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) })];
    if (query.status) where.push(`r.status = ${bindParam(params, query.status)}`);
    const from = `from service_push_recipients r join customers c on c.customer_no = r.customer_no where ${where.join(' and ')}`;
    const total = (await client.query<{ n: number }>(`select count(*)::int as n ${from}`, params)).rows[0]!.n;
    const rowParams = [...params];
    const rows = (await client.query<{ customerNo: string; customerName: string; customerRisk: string | null; status: string; readAt: Date | null }>(
      `select r.customer_no as "customerNo", c.name as "customerName", c.risk_level as "customerRisk", r.status, r.read_at as "readAt"
         ${from} order by r.status, r.customer_no${pageSql(rowParams, query)}`, rowParams)).rows;
    return { items: rows.map((r) => ({ ...r, status: r.status as 'DELIVERED' | 'SKIPPED_SUITABILITY', readAt: iso(r.readAt) })), total };
  });
}

/** Pushes a published item (see the file's comment); answers the push with its counts. */
export async function pushContent(pool: pg.Pool, body: PushBody, ctx: ServiceContext): Promise<Push> {
  assertPermission(ctx.user, 'contacts.write');
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const content = (await client.query<{ status: string; riskLevel: string; title: string }>(
      `select status, risk_level as "riskLevel", title from service_content where id = $1::bigint`, [body.contentId])).rows[0];
    if (!content) throw notFound();
    if (content.status !== 'PUBLISHED') {
      throw unprocessable('CONTENT_NOT_PUBLISHED', `内容“${content.title}”尚未审核发布，不能推送（当前：${codeLabel('contentStatus', content.status, 'zh')}）。`,
        `“${content.title}” has not been approved for publication and cannot be pushed (now: ${codeLabel('contentStatus', content.status, 'en')}).`);
    }
    const problems = [];
    if (body.productId) {
      const { rows } = await client.query(`select 1 from service_products where id = $1::bigint`, [body.productId]);
      if (!rows.length) problems.push({ field: 'productId', message: { zh: '服务产品不存在', en: 'no such service product' } });
    }
    let groupName: string | null = null;
    if (body.groupId) {
      const { rows } = await client.query<{ name: string }>(`select name from customer_groups where id = $1::bigint and (owner_id = $2::bigint or shared)`, [body.groupId, ctx.user.id]);
      if (!rows[0]) problems.push({ field: 'groupId', message: { zh: `客户群 ${body.groupId} 不存在或未共享`, en: `no customer group ${body.groupId} you may use` } });
      groupName = rows[0]?.name ?? null;
    }
    if (problems.length) throw validationFailed(problems);
    const { rows } = await client.query<{ id: string }>(
      `insert into service_pushes (content_id, product_id, group_id, group_name, pushed_by, staff_no, pushed_at)
       values ($1::bigint, $2::bigint, $3::bigint, $4, $5, $6, $7) returning id::text as id`,
      [body.contentId, body.productId ?? null, body.groupId ?? null, groupName, ctx.user.id, ctx.user.staffNo, ctx.now]);
    const id = rows[0]!.id;
    const params: unknown[] = [];
    const audiences: string[] = [];
    if (body.productId) {
      audiences.push(`select ss.customer_no from service_subscriptions ss join customers c on c.customer_no = ss.customer_no
                        where ss.product_id = ${bindParam(params, body.productId)}::bigint and ss.ended_at is null and ${customerScope(ctx.user, { alias: 'c', params, asOf: today })}`);
    }
    if (body.groupId) audiences.push(groupAudience(ctx.user, body.groupId, today, params));
    const settings = await loadSuitabilitySettings(client);
    const match = suitabilityCaseSql({ customer: 'c', productRisk: `${bindParam(params, content.riskLevel)}::text`, day: `${bindParam(params, today)}::date`, settings });
    await client.query(
      `insert into service_push_recipients (push_id, customer_no, status)
       select ${bindParam(params, id)}::bigint, c.customer_no, case when ${match} = 'MATCH' then 'DELIVERED' else 'SKIPPED_SUITABILITY' end
         from customers c where c.customer_no in (${audiences.join(' union ')})`, params);
    await queuePushNotices(client, { id, contentId: body.contentId, title: content.title, user: ctx.user, now: ctx.now, today }, body.notice ?? []);
    const push = await pushById(client, id, ctx);
    await writeAudit(client, {
      user: ctx.user, action: 'service.push', entity: 'service_push', entityId: id,
      detail: { contentId: body.contentId, productId: body.productId ?? null, groupId: body.groupId ?? null, counts: push.counts, notice: body.notice ?? [] }, ip: ctx.ip,
    });
    return push;
  });
}

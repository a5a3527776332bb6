/**
 * Outreach (短信 / 邮件推送, business-rules.md §10, interfaces.md "Outreach and contacts", issue 13
 * item 5): message templates with variables, and campaigns that reach a saved group, a product's
 * target customers (the top K of its ranked targets, products/targets.service.ts) or the qualified
 * margin pool after an approval flow (type CAMPAIGN).
 *
 * A campaign is planned when its flow is submitted — one message row per customer of the audience
 * in the initiator's scope, each PLANNED or SKIPPED_* with its reason (opt-out, suitability, no
 * address, frequency cap), written by one insert … select — and planned again at the final
 * approval, where its PLANNED messages become QUEUED with their address and rendered text and a
 * not-before time outside the quiet hours, and the delivery side (delivery/queue.ts) is handed the
 * campaign in the same transaction. Sending, delivery reports, opt-outs and contact records are the
 * delivery side's.
 */
import { Decimal } from 'decimal.js';
import type pg from 'pg';
import { codeLabel } from '../../../../shared/codes.js';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, forbidden, notFound, validationFailed, type FieldError, type Language } from '../../errors.js';
import { addDays, businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { bindParam, customerScope, type ScopeSubject } from '../access/scope.js';
import { canSeePii, maskEmail, maskMobile } from '../access/pii.js';
import { outreachSchema } from '../admin/admin.settings.js';
import { auditPiiView, writeAudit } from '../audit/audit.service.js';
import { hasPermission } from '../auth/auth.rules.js';
import type { AuthUser } from '../auth/auth.service.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';
import { poolQuery, POOL_DAYS, type PoolDays } from '../margin/margin.sql.js';
import { targetAudienceSql } from '../products/targets.service.js';
import { loadSuitabilitySettings } from '../suitability/suitability.sql.js';
import { defineOperation, type OperationContext, type PayloadProblem, type WorkflowActor } from '../workflows/workflows.registry.js';
import { actorOf, endFlowInApproval, startWorkflow } from '../workflows/workflows.service.js';
import { enqueueCampaign } from './delivery/queue.js';
import {
  nextAllowedSendTime, parseTemplate, PRODUCT_VARIABLES, sensitiveWordsIn, SMS_MAX_CHARS, SMS_VARIABLE_MAX_CHARS, smsLength, unknownVariables, variablesOf,
  type QuietHours,
} from './outreach.rules.js';
import {
  campaignBody, DEFAULT_TARGET_LIMIT, MESSAGE_STATUSES, type Campaign, type CampaignBody, type CampaignDetail, type CampaignListQuery, type DraftPreviewBody, type HitRate,
  type MessageCounts, type MessageListQuery, type MessageStatus, type OutreachChannel, type Preview, type RecipientList, type Template,
  type TemplateBody, type TemplateListQuery, type TextCheck,
} from './outreach.schemas.js';
import * as sql from './outreach.sql.js';

type Queryable = pg.Pool | pg.PoolClient;

/** What an outreach operation needs to know about the request. */
export interface OutreachContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

// ---------------------------------------------------------------- settings

export interface OutreachSettings {
  quietHours: QuietHours;
  frequencyCap: { maxMessages: number; windowDays: number };
  sensitiveWords: string[];
  ratePerSecond: number;
  hitWindowDays: number;
}

/** Migration 0031's values, used when no setting is stored. */
export const DEFAULT_OUTREACH: OutreachSettings = {
  quietHours: { start: '21:00', end: '08:00' },
  frequencyCap: { maxMessages: 3, windowDays: 7 },
  sensitiveWords: ['保本', '稳赚', '无风险', '零风险', '保证收益', '高收益无风险', '内幕消息', '翻倍'],
  ratePerSecond: 200,
  hitWindowDays: 30,
};

/** The `outreach` setting (系统设置 → 营销推送). */
export async function loadOutreachSettings(client: Queryable): Promise<OutreachSettings> {
  const { rows } = await client.query<{ value: unknown }>(`select value from settings where key = 'outreach'`);
  return rows[0] ? outreachSchema.parse(rows[0].value) : DEFAULT_OUTREACH;
}

/**
 * When a campaign's messages may go: its send time, or `now` when that has passed (or none was
 * given), moved out of the quiet hours in the business time zone.
 */
export function campaignSendTime(sendAt: Date | null, now: Date, quiet: QuietHours): Date {
  const base = sendAt && sendAt.getTime() > now.getTime() ? sendAt : now;
  return nextAllowedSendTime(base, quiet, config().TZ_BUSINESS);
}

// ---------------------------------------------------------------- who

function outreachUser(user: { id: string; role: string; staffNo: string | null; scopeLevel: sql.OutreachUser['scopeLevel'] }): sql.OutreachUser {
  return { id: user.id, role: user.role, staffNo: user.staffNo, scopeLevel: user.scopeLevel };
}

function fromActor(actor: WorkflowActor): sql.OutreachUser {
  return outreachUser({ id: actor.userId, role: actor.role, staffNo: actor.staffNo, scopeLevel: actor.scopeLevel });
}

const fieldError = (field: string, zh: string, en: string): FieldError => ({ field, message: { zh, en } });

// ---------------------------------------------------------------- templates

interface TemplateRow {
  id: string;
  name: string;
  channel: OutreachChannel;
  subject: string | null;
  body: string;
  smsTemplateCode: string | null;
  ownerUsername: string;
  ownerId: string;
  branchCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toTemplate(row: TemplateRow, user: sql.OutreachUser, words: readonly string[]): Template {
  const { ownerId, createdAt, updatedAt, ...rest } = row;
  return {
    ...rest,
    variables: variablesOf(`${row.subject ?? ''}\n${row.body}`),
    sensitiveWords: sensitiveWordsIn([row.subject, row.body], words),
    editable: ownerId === user.id || user.scopeLevel === 'ALL',
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

/** A template's texts checked: subject only and always for e-mail, the SMS code only for SMS, no unknown variable. 422 naming each bad field. */
function checkTemplateBody(body: TemplateBody): { subject: string | null; smsTemplateCode: string | null } {
  const errors: FieldError[] = [];
  const subject = body.subject ?? null;
  const smsTemplateCode = body.smsTemplateCode ?? null;
  if (body.channel === 'EMAIL' && subject === null) errors.push(fieldError('subject', '邮件模板必须有主题', 'an e-mail template needs a subject'));
  if (body.channel === 'SMS' && subject !== null) errors.push(fieldError('subject', '短信模板没有主题', 'an SMS template has no subject'));
  if (body.channel === 'EMAIL' && smsTemplateCode !== null) errors.push(fieldError('smsTemplateCode', '只有短信模板有短信模板编号', 'only an SMS template has a provider template code'));
  for (const [field, text] of [['subject', subject], ['body', body.body]] as const) {
    const unknown = text === null ? [] : unknownVariables(text);
    if (unknown.length > 0) {
      const names = unknown.map((v) => `{{${v}}}`).join('、');
      errors.push(fieldError(field, `未知的变量 ${names}（可用：客户姓名、服务人员姓名、服务人员手机、产品名称、产品风险等级、客户净资产、营业部名称）`, `unknown variable ${unknown.map((v) => `{{${v}}}`).join(', ')}`));
    }
  }
  if (errors.length > 0) throw validationFailed(errors);
  return { subject, smsTemplateCode };
}

async function visibleTemplate(client: Queryable, id: string, user: sql.OutreachUser): Promise<TemplateRow | null> {
  const params: unknown[] = [id];
  const { rows } = await client.query<TemplateRow>(`select ${sql.TEMPLATE_COLUMNS} ${sql.TEMPLATE_FROM} where t.id = $1::bigint and ${sql.templateVisible(user, params)}`, params);
  return rows[0] ?? null;
}

export async function listTemplates(pool: pg.Pool, query: TemplateListQuery, ctx: OutreachContext): Promise<{ items: Template[]; total: number }> {
  const user = outreachUser(ctx.user);
  const params: unknown[] = [];
  const where = [sql.templateVisible(user, params)];
  if (query.channel) where.push(`t.channel = ${bindParam(params, query.channel)}`);
  if (query.q) where.push(`strpos(t.name, ${bindParam(params, query.q)}) > 0`);
  const limit = bindParam(params, query.pageSize);
  const offset = bindParam(params, (query.page - 1) * query.pageSize);
  const { rows } = await pool.query<TemplateRow & { total: number }>(
    `select ${sql.TEMPLATE_COLUMNS}, (count(*) over ())::int as total ${sql.TEMPLATE_FROM} where ${where.join(' and ')}
      order by t.updated_at desc, t.id desc limit ${limit} offset ${offset}`,
    params,
  );
  const words = (await loadOutreachSettings(pool)).sensitiveWords;
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && query.page > 1) {
    total = (await pool.query<{ n: number }>(`select count(*)::int as n ${sql.TEMPLATE_FROM} where ${where.join(' and ')}`, params.slice(0, -2))).rows[0]?.n ?? 0;
  }
  return { items: rows.map(({ total: _total, ...row }) => toTemplate(row, user, words)), total };
}

export async function getTemplate(pool: pg.Pool, id: string, ctx: OutreachContext): Promise<Template> {
  const user = outreachUser(ctx.user);
  const row = await visibleTemplate(pool, id, user);
  if (!row) throw notFound();
  return toTemplate(row, user, (await loadOutreachSettings(pool)).sensitiveWords);
}

/** Saves a template of the caller (its branch: the caller's; head office's when the caller has none). */
export async function createTemplate(pool: pg.Pool, body: TemplateBody, ctx: OutreachContext): Promise<Template> {
  const { subject, smsTemplateCode } = checkTemplateBody(body);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into outreach_templates (name, channel, subject, body, sms_template_code, owner_id, branch_code, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning id::text as id`,
      [body.name, body.channel, subject, body.body, smsTemplateCode, ctx.user.id, ctx.user.scopeLevel === 'ALL' ? null : ctx.user.branchCode, ctx.now],
    );
    const id = rows[0]!.id;
    await writeAudit(client, { user: ctx.user, action: 'outreach.template_create', entity: 'outreach_template', entityId: id, detail: { ...body }, ip: ctx.ip });
    const user = outreachUser(ctx.user);
    return toTemplate((await visibleTemplate(client, id, user))!, user, (await loadOutreachSettings(client)).sensitiveWords);
  });
}

async function editableTemplate(client: pg.PoolClient, id: string, user: sql.OutreachUser): Promise<TemplateRow> {
  const row = await visibleTemplate(client, id, user);
  if (!row) throw notFound();
  if (row.ownerId !== user.id && user.scopeLevel !== 'ALL') throw forbidden();
  await client.query(`select 1 from outreach_templates where id = $1::bigint for update`, [id]);
  return row;
}

/** Replaces a template's texts (its owner, or a login that sees every branch). Campaigns already queued keep the texts they rendered. */
export async function updateTemplate(pool: pg.Pool, id: string, body: TemplateBody, ctx: OutreachContext): Promise<Template> {
  const { subject, smsTemplateCode } = checkTemplateBody(body);
  const user = outreachUser(ctx.user);
  return inTransaction(pool, async (client) => {
    const before = await editableTemplate(client, id, user);
    if (before.channel !== body.channel) {
      const { rows } = await client.query(`select 1 from campaigns where template_id = $1::bigint limit 1`, [id]);
      if (rows.length > 0) throw validationFailed([fieldError('channel', '模板已被营销活动使用，不能更改渠道', 'the template is used by a campaign: its channel cannot change')]);
    }
    await client.query(
      `update outreach_templates set name = $2, channel = $3, subject = $4, body = $5, sms_template_code = $6, updated_at = $7 where id = $1::bigint`,
      [id, body.name, body.channel, subject, body.body, smsTemplateCode, ctx.now],
    );
    await writeAudit(client, {
      user: ctx.user, action: 'outreach.template_update', entity: 'outreach_template', entityId: id,
      detail: { before: { name: before.name, channel: before.channel, subject: before.subject, body: before.body }, after: { ...body } }, ip: ctx.ip,
    });
    return toTemplate((await visibleTemplate(client, id, user))!, user, (await loadOutreachSettings(client)).sensitiveWords);
  });
}

/** Deletes a template no campaign uses (409 otherwise). */
export async function deleteTemplate(pool: pg.Pool, id: string, ctx: OutreachContext): Promise<void> {
  const user = outreachUser(ctx.user);
  await inTransaction(pool, async (client) => {
    const before = await editableTemplate(client, id, user);
    const { rows } = await client.query(`select 1 from campaigns where template_id = $1::bigint limit 1`, [id]);
    if (rows.length > 0) throw new AppError({ code: 'TEMPLATE_IN_USE', status: 409, zh: '模板已被营销活动使用，不能删除。', en: 'The template is used by a campaign and cannot be deleted.' });
    await client.query(`delete from outreach_templates where id = $1::bigint`, [id]);
    await writeAudit(client, { user: ctx.user, action: 'outreach.template_delete', entity: 'outreach_template', entityId: id, detail: { name: before.name }, ip: ctx.ip });
  });
}

/** The variables, unknown variables and sensitive words of an unsaved text (the editor's live check). */
export async function checkText(pool: pg.Pool, texts: { subject?: string | null; body: string }): Promise<TextCheck> {
  const words = (await loadOutreachSettings(pool)).sensitiveWords;
  const joined = `${texts.subject ?? ''}\n${texts.body}`;
  return { variables: variablesOf(joined), unknownVariables: unknownVariables(joined), sensitiveWords: sensitiveWordsIn([texts.subject, texts.body], words) };
}

async function productForRender(client: Queryable, productCode: string | null | undefined, field: string): Promise<{ name: string; risk: string } | null> {
  if (!productCode) return null;
  const { rows } = await client.query<{ name: string; risk: string }>(`select name, risk_level as risk from products where product_code = $1`, [productCode]);
  if (!rows[0]) throw validationFailed([fieldError(field, `产品 ${productCode} 不存在`, `no product ${productCode}`)]);
  return rows[0];
}

export async function renderContext(client: Queryable, today: string, product: { name: string; risk: string } | null): Promise<sql.RenderContext> {
  const day = await importedDayOnOrBefore(client as pg.PoolClient, null);
  return { day, today, productName: product?.name ?? null, productRiskLabel: product ? codeLabel('productRisk', product.risk, 'zh') : null };
}

/** One customer's message rendered (in the caller's scope, else 404); the address masked without `pii`, an unmasked one audited. */
async function previewFor(
  client: pg.PoolClient, texts: { channel: OutreachChannel; subject: string | null; body: string }, customerNo: string, productCode: string | undefined, ctx: OutreachContext,
): Promise<Preview> {
  const today = businessDate(ctx.now);
  const product = await productForRender(client, productCode, 'productCode');
  const params: unknown[] = [];
  const rendered = sql.renderSql({ subject: texts.subject === null ? null : parseTemplate(texts.subject), body: parseTemplate(texts.body) }, await renderContext(client, today, product), params);
  const no = bindParam(params, customerNo);
  const { rows } = await client.query<{ customerNo: string; customerName: string; address: string | null; subject: string | null; body: string; variables: Record<string, string> }>(
    `select c.customer_no as "customerNo", c.name as "customerName", ${sql.addressSql(texts.channel)} as address, ${rendered.subject} as subject, ${rendered.body} as body,
            ${rendered.variables} as variables
       from customers c ${rendered.joins}
      where c.customer_no = ${no} and ${customerScope(ctx.user, { alias: 'c', params, asOf: today })}`,
    params,
  );
  const row = rows[0];
  if (!row) throw notFound();
  if (row.address !== null && canSeePii(ctx.user)) {
    await auditPiiView(client, ctx.user, { entity: 'customer', entityId: customerNo, detail: { via: 'preview', fields: [texts.channel === 'SMS' ? 'mobile' : 'email'] }, ip: ctx.ip });
  }
  const { variables, ...message } = row;
  const signName = config().SMS_SIGN_NAME;
  const sms = texts.channel === 'SMS'
    ? { signName, maxVariableLength: SMS_VARIABLE_MAX_CHARS, maxLength: SMS_MAX_CHARS, ...smsLength(message.body, signName, variables) }
    : null;
  return { ...message, address: canSeePii(ctx.user) ? message.address : maskAddress(texts.channel, message.address), sms };
}

function maskAddress(channel: OutreachChannel, address: string | null): string | null {
  return channel === 'SMS' ? maskMobile(address) : maskEmail(address);
}

export async function previewTemplate(pool: pg.Pool, id: string, body: { customerNo: string; productCode?: string }, ctx: OutreachContext): Promise<Preview> {
  return inTransaction(pool, async (client) => {
    const row = await visibleTemplate(client, id, outreachUser(ctx.user));
    if (!row) throw notFound();
    return previewFor(client, row, body.customerNo, body.productCode, ctx);
  });
}

/** The editor's live preview of unsaved texts (checked like a template). */
export async function previewDraft(pool: pg.Pool, body: DraftPreviewBody, ctx: OutreachContext): Promise<Preview> {
  const texts = checkTemplateBody({ name: 'draft', channel: body.channel, subject: body.subject, body: body.body });
  return inTransaction(pool, (client) => previewFor(client, { channel: body.channel, subject: texts.subject, body: body.body }, body.customerNo, body.productCode, ctx));
}

// ---------------------------------------------------------------- campaigns: the CAMPAIGN flow

type CampaignSource = Exclude<Campaign['source'], 'SERVICE_PUSH'>; // a push's notices are planned by the service module (service.notices.ts)

function sourceOf(p: CampaignBody): CampaignSource {
  if (p.source === 'MARGIN_POOL') return 'MARGIN_POOL';
  return p.groupId !== undefined ? 'GROUP' : 'PRODUCT_TARGETS';
}

/** A product's targets: the top K it reaches (the body's, else the default); null for the other sources. */
function targetLimitOf(p: CampaignBody): number | null {
  return sourceOf(p) === 'PRODUCT_TARGETS' ? (p.targetLimit ?? DEFAULT_TARGET_LIMIT) : null;
}

/** The checks of a CAMPAIGN flow at its start, resubmission and final approval (problems name payload fields). */
async function campaignProblems(client: pg.PoolClient, p: CampaignBody, ctx: OperationContext): Promise<PayloadProblem[]> {
  if (!hasPermission(ctx.initiator.role, 'outreach')) throw forbidden();
  const user = fromActor(ctx.initiator);
  const problems: PayloadProblem[] = [];
  const add = (field: string, zh: string, en: string) => problems.push({ field, zh, en });
  const template = await visibleTemplate(client, p.templateId, user);
  if (!template) add('templateId', `模板 ${p.templateId} 不存在或不可用`, `no template ${p.templateId} you may use`);
  else {
    if (template.channel !== p.channel) add('channel', `模板是${codeLabel('outreachChannel', template.channel, 'zh')}模板`, `the template is an ${template.channel} template`);
    const texts = [template.subject, template.body];
    const unknown = unknownVariables(texts.join('\n'));
    if (unknown.length > 0) add('templateId', `模板含未知变量 ${unknown.join('、')}`, `the template has unknown variables ${unknown.join(', ')}`);
    const words = sensitiveWordsIn(texts, (await loadOutreachSettings(client)).sensitiveWords);
    if (words.length > 0) add('templateId', `模板含禁用语：${words.join('、')}`, `the template contains sensitive words: ${words.join(', ')}`);
    const productVars = variablesOf(texts.join('\n')).filter((v) => PRODUCT_VARIABLES.includes(v));
    if (productVars.length > 0 && p.productCode === undefined) {
      add('productCode', `模板使用了 ${productVars.map((v) => `{{${v}}}`).join('、')}，请指定推广的产品`, `the template uses ${productVars.map((v) => `{{${v}}}`).join(', ')}: name the product`);
    }
  }
  if (p.groupId !== undefined) {
    const { rows } = await client.query(`select 1 from customer_groups where id = $1::bigint and (owner_id = $2::bigint or shared)`, [p.groupId, ctx.initiator.userId]);
    if (rows.length === 0) add('groupId', `客户群 ${p.groupId} 不存在或未共享`, `no customer group ${p.groupId} you may use`);
  }
  if (p.productCode !== undefined) {
    const { rows } = await client.query(`select 1 from products where product_code = $1`, [p.productCode]);
    if (rows.length === 0) add('productCode', `产品 ${p.productCode} 不存在`, `no product ${p.productCode}`);
  }
  if (p.sendAt !== undefined && ctx.workflowId === null && new Date(p.sendAt).getTime() < ctx.now.getTime()) {
    add('sendAt', '发送时间不能早于现在', 'the send time is in the past');
  }
  return problems;
}

interface CampaignKey {
  id: string;
  createdBy: string;
}

/** The campaign of a flow, locked. */
async function campaignOfFlow(client: pg.PoolClient, workflowId: string): Promise<CampaignKey | null> {
  const { rows } = await client.query<CampaignKey>(`select id::text as id, created_by::text as "createdBy" from campaigns where workflow_id = $1::bigint for update`, [workflowId]);
  return rows[0] ?? null;
}

/** The audience SQL of a campaign for its initiator (its parameters pushed onto `params`). */
async function audienceSql(client: pg.PoolClient, p: CampaignBody, initiator: ScopeSubject, today: string, params: unknown[]): Promise<string> {
  switch (sourceOf(p)) {
    case 'GROUP':
      return sql.groupAudience(initiator, p.groupId!, today, params);
    case 'PRODUCT_TARGETS':
      // the top K of the product's ranked targets in the initiator's scope (MATCH today, not holding it)
      return targetAudienceSql(client, initiator, p.productCode!, { limit: targetLimitOf(p)!, asOf: today, matchOn: today }, params);
    case 'MARGIN_POOL': {
      const day = await importedDayOnOrBefore(client, null);
      if (!day) return 'select null::text as customer_no where false';
      const days = (await client.query<PoolDays>(POOL_DAYS, [day])).rows[0]!;
      const q = poolQuery(initiator, today, day, days, await loadSuitabilitySettings(client), { qualifiedOnly: true });
      // the pool statement numbers its own parameters from $1: renumber them after ours
      const shift = params.length;
      params.push(...q.rows.params);
      return `select pool."customerNo" as customer_no from (${q.rows.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + shift}`)}) pool`;
    }
  }
}

/**
 * (Re)plans a campaign: one message row per customer of the audience in the initiator's scope, each
 * PLANNED or skipped with its reason, replacing the earlier plan; with `queue` (the final approval)
 * the PLANNED ones are written QUEUED with their rendered texts and `sendTime`. Returns the audience.
 */
async function planCampaign(
  client: pg.PoolClient, campaignId: string, p: CampaignBody, initiator: ScopeSubject, ctx: { today: string; now: Date }, sendTime: Date, queue = false,
): Promise<number> {
  const settings = await loadOutreachSettings(client);
  // one large statement: the JIT's compile time costs more than it saves here; the audience's keys
  // are hashed in memory (the earlier plan's rows outside it are found by a hashed NOT IN)
  await client.query(`set local jit = off; set local work_mem = '64MB'`);
  const params: unknown[] = [];
  const audience = await audienceSql(client, p, initiator, ctx.today, params);
  let product: sql.PlanInput['product'] = null;
  if (p.productCode !== undefined) {
    const { rows } = await client.query<{ risk: string }>(`select risk_level as risk from products where product_code = $1`, [p.productCode]);
    product = { risk: rows[0]!.risk, settings: await loadSuitabilitySettings(client) };
  }
  let rendered: sql.PlanInput['queue'];
  if (queue) {
    const template = (await client.query<{ subject: string | null; body: string }>(`select subject, body from outreach_templates where id = $1::bigint`, [p.templateId])).rows[0]!;
    const named = await productForRender(client, p.productCode, 'productCode');
    rendered = sql.renderSql({ subject: template.subject === null ? null : parseTemplate(template.subject), body: parseTemplate(template.body) }, await renderContext(client, ctx.today, named), params);
  }
  const statement = sql.planStatement({ campaignId, channel: p.channel, audience, product, today: ctx.today, sendTime, cap: settings.frequencyCap, queue: rendered }, params);
  const { rowCount } = await client.query(statement, params);
  await client.query(`update campaigns set audience = $2, planned_at = $3 where id = $1::bigint`, [campaignId, rowCount ?? 0, ctx.now]);
  return rowCount ?? 0;
}

async function initiatorSubject(client: Queryable, userId: string): Promise<ScopeSubject> {
  const { rows } = await client.query<{ role: string; staffNo: string | null; disabled: boolean }>(
    `select role, staff_no as "staffNo", disabled from users where id = $1::bigint`, [userId]);
  return rows[0] ?? { role: 'NONE', staffNo: null, disabled: true };
}

/** At submission (and resubmission): the campaign is written (PENDING_APPROVAL) and planned. */
async function submitCampaign(client: pg.PoolClient, p: CampaignBody, ctx: OperationContext): Promise<void> {
  const settings = await loadOutreachSettings(client);
  const existing = await campaignOfFlow(client, ctx.workflowId!);
  const values = [p.name, p.channel, p.templateId, sourceOf(p), p.groupId ?? null, p.productCode ?? null, p.sendAt ?? null, targetLimitOf(p)];
  let id: string;
  if (existing) {
    id = existing.id;
    await client.query(
      `update campaigns set name = $2, channel = $3, template_id = $4::bigint, source = $5, group_id = $6::bigint, product_code = $7, send_at = $8,
                            target_limit = $9, status = 'PENDING_APPROVAL', not_before = null
        where id = $1::bigint`,
      [id, ...values],
    );
  } else {
    const { rows } = await client.query<{ id: string }>(
      `insert into campaigns (name, channel, template_id, source, group_id, product_code, send_at, target_limit, status, workflow_id, created_by, created_staff_no,
                              branch_code, team_code, hit_window_days, created_at)
       values ($1, $2, $3::bigint, $4, $5::bigint, $6, $7, $8, 'PENDING_APPROVAL', $9::bigint, $10::bigint, $11, $12, $13, $14, $15) returning id::text as id`,
      [...values, ctx.workflowId, ctx.initiator.userId, ctx.initiator.staffNo, ctx.initiator.branchCode, ctx.initiator.teamCode, settings.hitWindowDays, ctx.now],
    );
    id = rows[0]!.id;
  }
  const sendTime = campaignSendTime(p.sendAt ? new Date(p.sendAt) : null, ctx.now, settings.quietHours);
  const audience = await planCampaign(client, id, p, ctx.initiator, ctx, sendTime);
  await writeAudit(client, {
    user: { id: ctx.actor.userId, username: ctx.actor.username }, action: 'outreach.campaign_planned', entity: 'campaign', entityId: id,
    detail: { workflowId: ctx.workflowId, audience }, ip: ctx.ip,
  });
}

/**
 * Hands an approved campaign's QUEUED messages to delivery: APPROVED and enqueued, or DONE at once
 * when nothing is queued. Answers how many are queued.
 */
export async function releaseQueued(client: pg.PoolClient, campaignId: string, now: Date): Promise<number> {
  const queued = (await client.query<{ n: number }>(`select count(*)::int as n from campaign_messages where campaign_id = $1::bigint and status = 'QUEUED'`, [campaignId])).rows[0]!.n;
  const done = queued === 0;
  await client.query(`update campaigns set status = $2, finished_at = case when $3::boolean then $4::timestamptz end where id = $1::bigint`,
    [campaignId, done ? 'DONE' : 'APPROVED', done, now]);
  if (!done) await enqueueCampaign(client, campaignId);
  return queued;
}

/**
 * The final approval: planned again against today's data, its PLANNED messages QUEUED with their
 * address, rendered subject and body and the not-before time, and handed to delivery. A campaign
 * with nothing to send is DONE at once.
 */
async function queueCampaign(client: pg.PoolClient, p: CampaignBody, ctx: OperationContext): Promise<Record<string, unknown>> {
  const campaign = await campaignOfFlow(client, ctx.workflowId!);
  if (!campaign) throw notFound();
  const settings = await loadOutreachSettings(client);
  const sendTime = campaignSendTime(p.sendAt ? new Date(p.sendAt) : null, ctx.now, settings.quietHours);
  const audience = await planCampaign(client, campaign.id, p, ctx.initiator, ctx, sendTime, true);
  await client.query(`update campaigns set approved_at = $2, not_before = $3 where id = $1::bigint`, [campaign.id, ctx.now, sendTime]);
  const queued = await releaseQueued(client, campaign.id, ctx.now);
  await writeAudit(client, {
    user: { id: ctx.actor.userId, username: ctx.actor.username }, action: 'outreach.campaign_queued', entity: 'campaign', entityId: campaign.id,
    detail: { workflowId: ctx.workflowId, audience, queued, notBefore: sendTime.toISOString() }, ip: ctx.ip,
  });
  return { campaignId: campaign.id, audience, queued, notBefore: sendTime.toISOString() };
}

/** 营销活动审批: the campaign's payload is POST /api/campaigns' body. */
export const campaignOperation = defineOperation<CampaignBody>({
  type: 'CAMPAIGN',
  payloadSchema: campaignBody,
  describe: (p) => ({ title: `${p.name}（${codeLabel('outreachChannel', p.channel, 'zh')}）`, subjectStaffNo: null, customerNo: null }),
  validate: campaignProblems,
  onSubmit: submitCampaign,
  apply: queueCampaign,
  onClose: async (client, _p, ctx, status) => {
    const campaign = await campaignOfFlow(client, ctx.workflowId!);
    if (!campaign) return;
    await client.query(`update campaigns set status = $2, finished_at = $3 where id = $1::bigint`, [campaign.id, status, ctx.now]);
    await writeAudit(client, {
      user: { id: ctx.actor.userId, username: ctx.actor.username }, action: 'outreach.campaign_closed', entity: 'campaign', entityId: campaign.id,
      detail: { workflowId: ctx.workflowId, status }, ip: ctx.ip,
    });
  },
});

/** The flow types of this module, registered by app.ts. */
export const outreachOperations = [campaignOperation];

// ---------------------------------------------------------------- campaigns: the API

/** POST /api/campaigns: starts the CAMPAIGN flow, which writes and plans the campaign; answers the campaign. */
export async function createCampaign(pool: pg.Pool, body: CampaignBody, ctx: OutreachContext): Promise<CampaignDetail> {
  const flow = await startWorkflow(pool, actorOf(ctx.user), { type: 'CAMPAIGN', payload: { ...body } }, { ip: ctx.ip ?? '', now: ctx.now });
  const { rows } = await pool.query<{ id: string }>(`select id::text as id from campaigns where workflow_id = $1::bigint`, [flow.id]);
  return campaignDetail(pool, rows[0]!.id, ctx);
}

interface CampaignRow extends Omit<Campaign, 'counts' | 'sendAt' | 'notBefore' | 'createdAt' | 'plannedAt' | 'approvedAt' | 'finishedAt'> {
  productRisk: string | null;
  createdById: string;
  hitWindowDays: number | null;
  sendAt: Date | null;
  notBefore: Date | null;
  createdAt: Date;
  plannedAt: Date | null;
  approvedAt: Date | null;
  finishedAt: Date | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function emptyCounts(): MessageCounts {
  return Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as MessageCounts;
}

function toCampaign(row: CampaignRow, counts: MessageCounts): Campaign {
  const { productRisk: _risk, createdById: _by, hitWindowDays: _days, ...rest } = row;
  return {
    ...rest,
    sendAt: iso(row.sendAt), notBefore: iso(row.notBefore), createdAt: row.createdAt.toISOString(),
    plannedAt: iso(row.plannedAt), approvedAt: iso(row.approvedAt), finishedAt: iso(row.finishedAt), counts,
  };
}

export async function listCampaigns(pool: pg.Pool, query: CampaignListQuery, ctx: OutreachContext): Promise<{ items: Campaign[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where = [sql.campaignVisible(outreachUser(ctx.user), params)];
    if (query.status) where.push(`cp.status = ${bindParam(params, query.status)}`);
    if (query.channel) where.push(`cp.channel = ${bindParam(params, query.channel)}`);
    if (query.workflowId) where.push(`cp.workflow_id = ${bindParam(params, query.workflowId)}::bigint`);
    if (query.q) where.push(`strpos(cp.name, ${bindParam(params, query.q)}) > 0`);
    const filter = where.join(' and ');
    const total = (await client.query<{ n: number }>(`select count(*)::int as n from campaigns cp where ${filter}`, params)).rows[0]?.n ?? 0;
    const rowParams = [...params];
    const { rows } = await client.query<CampaignRow>(
      `select ${sql.CAMPAIGN_COLUMNS} ${sql.CAMPAIGN_FROM} where ${filter}
        order by cp.created_at desc, cp.id desc limit ${bindParam(rowParams, query.pageSize)} offset ${bindParam(rowParams, (query.page - 1) * query.pageSize)}`,
      rowParams,
    );
    const counts = new Map(rows.map((r) => [r.id, emptyCounts()]));
    const counted = await client.query<{ id: string; status: MessageStatus; n: number }>(sql.COUNTS_OF, [rows.map((r) => r.id)]);
    for (const c of counted.rows) counts.get(c.id)![c.status] = c.n;
    return { items: rows.map((r) => toCampaign(r, counts.get(r.id)!)), total };
  });
}

async function visibleCampaign(client: pg.PoolClient, id: string, user: AuthUser): Promise<CampaignRow> {
  const params: unknown[] = [id];
  const { rows } = await client.query<CampaignRow>(`select ${sql.CAMPAIGN_COLUMNS} ${sql.CAMPAIGN_FROM} where cp.id = $1::bigint and ${sql.campaignVisible(outreachUser(user), params)}`, params);
  if (!rows[0]) throw notFound();
  return rows[0];
}

async function countsOf(client: pg.PoolClient, id: string): Promise<MessageCounts> {
  const counts = emptyCounts();
  for (const row of (await client.query<{ status: MessageStatus; n: number }>(sql.COUNTS, [id])).rows) counts[row.status] = row.n;
  return counts;
}

/** Up to 10 messages of the campaign in the reader's scope: rendered now while planned, as queued or sent after. Addresses masked. */
async function sampleOf(client: pg.PoolClient, row: CampaignRow, ctx: OutreachContext, counts: MessageCounts): Promise<CampaignDetail['sample']> {
  const today = businessDate(ctx.now);
  const params: unknown[] = [row.id];
  if (counts.PLANNED > 0) {
    const template = (await client.query<{ subject: string | null; body: string }>(`select subject, body from outreach_templates where id = $1::bigint`, [row.templateId])).rows[0]!;
    const product = row.productCode ? { name: row.productName ?? '', risk: row.productRisk ?? '' } : null;
    const rendered = sql.renderSql({ subject: template.subject === null ? null : parseTemplate(template.subject), body: parseTemplate(template.body) }, await renderContext(client, today, product), params);
    return sampleRows(client, row, ctx, params, { subject: rendered.subject, body: rendered.body, status: `m.status = 'PLANNED'`, joins: rendered.joins }, today);
  }
  return sampleRows(client, row, ctx, params, { subject: 'm.subject', body: 'm.body', status: `m.body is not null`, joins: '' }, today);
}

async function sampleRows(
  client: pg.PoolClient, row: CampaignRow, ctx: OutreachContext, params: unknown[], text: { subject: string; body: string; status: string; joins: string }, today: string,
): Promise<CampaignDetail['sample']> {
  const { rows } = await client.query<{ customerNo: string; customerName: string; status: MessageStatus; address: string | null; subject: string | null; body: string }>(
    `select m.customer_no as "customerNo", c.name as "customerName", m.status, m.address, ${text.subject} as subject, ${text.body} as body
       from campaign_messages m join customers c on c.customer_no = m.customer_no ${text.joins}
      where m.campaign_id = $1::bigint and ${text.status} and ${customerScope(ctx.user, { alias: 'c', params, asOf: today })}
      order by m.customer_no limit 10`,
    params,
  );
  return rows.map((r) => ({ ...r, address: maskAddress(row.channel, r.address) }));
}

/**
 * A product campaign's hit rate once sent: of the recipients (SENT, DELIVERED), the share who bought
 * the product within `hit_window_days` from the day it was sent, beside the same share among the
 * open customers of the initiator's scope (the base rate), and their ratio (lift); the same among the
 * first-time buyers (no purchase of the product's family in the 365 days before). `available` once the
 * window has passed.
 */
async function hitRateOf(client: pg.PoolClient, row: CampaignRow, now: Date): Promise<HitRate | null> {
  if (!row.productCode || !row.notBefore || !['APPROVED', 'SENDING', 'DONE', 'CANCELLED'].includes(row.status)) return null;
  const windowDays = row.hitWindowDays ?? DEFAULT_OUTREACH.hitWindowDays;
  const from = businessDate(row.notBefore);
  const to = addDays(from, windowDays - 1);
  const today = businessDate(now);
  const hits = (await client.query<sql.HitCounts>(sql.HITS, [row.id, row.productCode, from, to])).rows[0]!;
  // the initiator's scope on the day it was sent
  const base = sql.baseRateQuery(await initiatorSubject(client, row.createdById), row.productCode, from, to, from);
  const baseRow = (await client.query<sql.HitCounts>(base.sql, base.params)).rows[0]!;
  const rate = (n: number, d: number) => (d > 0 ? new Decimal(n).div(d) : null);
  const show = (d: Decimal | null) => (d === null ? null : d.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6));
  const figures = (recipients: number, buyers: number, baseCustomers: number, baseBuyers: number) => {
    const hitRate = rate(buyers, recipients);
    const baseRate = rate(baseBuyers, baseCustomers);
    return { hitRate: show(hitRate), baseRate: show(baseRate), lift: show(hitRate && baseRate && !baseRate.isZero() ? hitRate.div(baseRate) : null) };
  };
  const all = figures(hits.total, hits.buyers, baseRow.total, baseRow.buyers);
  const firstTime = figures(hits.firstTimeTotal, hits.firstTimeBuyers, baseRow.firstTimeTotal, baseRow.firstTimeBuyers);
  return {
    windowFrom: from, windowTo: to, available: today > to,
    recipients: hits.total, hits: hits.buyers, hitRate: all.hitRate,
    baseCustomers: baseRow.total, baseBuyers: baseRow.buyers, baseRate: all.baseRate, lift: all.lift,
    firstTimeRecipients: hits.firstTimeTotal, firstTimeHits: hits.firstTimeBuyers, firstTimeHitRate: firstTime.hitRate,
    firstTimeBaseCustomers: baseRow.firstTimeTotal, firstTimeBaseBuyers: baseRow.firstTimeBuyers, firstTimeBaseRate: firstTime.baseRate, firstTimeLift: firstTime.lift,
  };
}

/** GET /api/campaigns/{id}: the campaign, its counts by status, a sample of its messages, the hit rate; 404 when not visible. */
export async function campaignDetail(pool: pg.Pool, id: string, ctx: OutreachContext): Promise<CampaignDetail> {
  return inReadSnapshot(pool, async (client) => {
    const row = await visibleCampaign(client, id, ctx.user);
    const counts = await countsOf(client, id);
    const workflowStatus = row.workflowId
      ? ((await client.query<{ status: string }>(`select status from workflows where id = $1::bigint`, [row.workflowId])).rows[0]?.status ?? null)
      : null;
    return { ...toCampaign(row, counts), sample: await sampleOf(client, row, ctx, counts), hitRate: await hitRateOf(client, row, ctx.now), workflowStatus };
  });
}

/** GET /api/campaigns/{id}/messages: the recipients in the reader's scope, by customer number, addresses masked. */
export async function campaignMessages(pool: pg.Pool, id: string, query: MessageListQuery, ctx: OutreachContext): Promise<RecipientList> {
  return inReadSnapshot(pool, async (client) => {
    const row = await visibleCampaign(client, id, ctx.user);
    const params: unknown[] = [id];
    const where = [`m.campaign_id = $1::bigint`, customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) })];
    if (query.status) where.push(`m.status = ${bindParam(params, query.status)}`);
    const from = `from campaign_messages m join customers c on c.customer_no = m.customer_no where ${where.join(' and ')}`;
    const total = (await client.query<{ n: number }>(`select count(*)::int as n ${from}`, params)).rows[0]?.n ?? 0;
    const rowParams = [...params];
    const { rows } = await client.query<{
      customerNo: string; customerName: string; status: MessageStatus; address: string | null; notBefore: Date | null; sentAt: Date | null;
      deliveredAt: Date | null; error: string | null;
    }>(
      `select m.customer_no as "customerNo", c.name as "customerName", m.status, m.address, m.not_before as "notBefore", m.sent_at as "sentAt",
              m.delivered_at as "deliveredAt", m.error
         ${from} order by m.customer_no limit ${bindParam(rowParams, query.pageSize)} offset ${bindParam(rowParams, (query.page - 1) * query.pageSize)}`,
      rowParams,
    );
    return {
      items: rows.map((r) => ({ ...r, address: maskAddress(row.channel, r.address), notBefore: iso(r.notBefore), sentAt: iso(r.sentAt), deliveredAt: iso(r.deliveredAt) })),
      total,
    };
  });
}

/** The campaign statuses 撤销 applies to: in approval, or approved and (being) sent. */
const CANCELLABLE = ['PENDING_APPROVAL', 'APPROVED', 'SENDING'];

/**
 * POST /api/campaigns/{id}/cancel (撤销): whoever may read the campaign (its creator, a login whose
 * team or branch it was started in, head office) ends it. In approval: its CAMPAIGN flow is ended
 * through the workflow engine (WITHDRAWN: it leaves the to-dos) and its PLANNED messages become
 * CANCELLED. Approved or sending: its QUEUED messages become CANCELLED — the sender's claim stops at
 * the campaign's status — while those already SENDING finish and SENT / DELIVERED / FAILED stay (the
 * campaign stays asked for while any is SENDING: a sender that died with them is recovered).
 * The campaign is CANCELLED, audited in the same transaction. 404 when not readable, 409 when it has
 * already ended (done, rejected, withdrawn, cancelled).
 */
export async function cancelCampaign(pool: pg.Pool, id: string, ctx: OutreachContext): Promise<CampaignDetail> {
  await inTransaction(pool, async (client) => {
    const params: unknown[] = [id];
    const { rows } = await client.query<{ workflowId: string | null }>(
      `select cp.workflow_id::text as "workflowId" from campaigns cp where cp.id = $1::bigint and ${sql.campaignVisible(outreachUser(ctx.user), params)}`, params,
    );
    if (!rows[0]) throw notFound();
    const { workflowId } = rows[0];
    // the flow's row first, then the campaign's: the order the final approval locks them in
    const flowEnded = workflowId
      ? await endFlowInApproval(client, actorOf(ctx.user), workflowId, '撤销营销活动 / campaign cancelled', { ip: ctx.ip ?? '', now: ctx.now })
      : false;
    const status = (await client.query<{ status: string }>(`select status from campaigns where id = $1::bigint for update`, [id])).rows[0]!.status;
    if (!CANCELLABLE.includes(status)) {
      throw conflict('CAMPAIGN_NOT_CANCELLABLE', `营销活动${codeLabel('campaignStatus', status, 'zh')}，不能撤销。`, `The campaign is ${codeLabel('campaignStatus', status, 'en').toLowerCase()}: it cannot be cancelled.`);
    }
    // in approval its messages are PLANNED, once approved QUEUED (a claim's lock is waited for: a message it took stays SENDING)
    const { rowCount } = await client.query(`update campaign_messages set status = 'CANCELLED' where campaign_id = $1::bigint and status in ('PLANNED', 'QUEUED')`, [id]);
    await client.query(`update campaigns set status = 'CANCELLED', finished_at = $2 where id = $1::bigint`, [id, ctx.now]);
    // messages a sender had claimed finish with it; should that worker die, a slice of the cancelled
    // campaign recovers them once their lease ends (sender.ts finishCancelled), so one stays asked for
    const sending = await client.query(`select 1 from campaign_messages where campaign_id = $1::bigint and status = 'SENDING' limit 1`, [id]);
    if (sending.rowCount) await enqueueCampaign(client, id);
    else await client.query(`delete from outreach_dispatches where campaign_id = $1::bigint`, [id]);
    await writeAudit(client, {
      user: ctx.user, action: 'outreach.campaign_cancelled', entity: 'campaign', entityId: id,
      detail: { from: status, workflowId, flowEnded, cancelledMessages: rowCount ?? 0 }, ip: ctx.ip,
    });
  });
  return campaignDetail(pool, id, ctx);
}
